"""Inference throughput of a checkpoint on real texts, tokenization included.

Measured the way the handler runs it: each batch is tokenized in one call with dynamic
padding, then one forward pass under ``inference_mode``. Shared by the trainer's ``--benchmark``,
the model comparison and the serving benchmark, so their numbers are measured the same way.
"""

from __future__ import annotations

import time

from common.tables import markdown_table
from model.predictor import IntentPredictor

# The comparison's batch sizes, and the finer sweep the serving benchmark searches for the best batch.
BATCH_SIZES = (1, 8, 32)
SWEEP_BATCH_SIZES = (1, 4, 8, 16, 32)


def measure_throughput(
    predictor: IntentPredictor,
    texts: list[str],
    batch_size: int,
    max_samples: int = 512,
    warmup: int = 2,
    include_format: bool = False,
) -> dict[str, float]:
    """Samples/s, ms/sample and ms/batch at one batch size, over up to ``max_samples`` texts.

    ``include_format`` adds building the JSON-ready answers, i.e. the handler's whole path.
    """
    texts = texts[:max_samples]
    batches = [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]

    def run(batch: list[str]) -> None:
        probabilities = predictor.infer(predictor.encode(batch))
        if include_format:
            predictor.format(probabilities)

    for batch in batches[:warmup]:
        run(batch)
    start = time.perf_counter()
    for batch in batches:
        run(batch)
    elapsed = time.perf_counter() - start
    return {
        "batch_size": batch_size,
        "samples": len(texts),
        "samples_per_s": len(texts) / elapsed,
        "ms_per_sample": 1000 * elapsed / len(texts),
        "ms_per_batch": 1000 * elapsed / len(batches),
    }


def benchmark(
    predictor: IntentPredictor,
    texts: list[str],
    batch_sizes: tuple[int, ...] = BATCH_SIZES,
    max_samples: int = 512,
) -> list[dict[str, float]]:
    return [measure_throughput(predictor, texts, size, max_samples) for size in batch_sizes]


def format_table(rows: list[dict[str, float]]) -> str:
    table = [
        [row["batch_size"], f"{row['samples_per_s']:.1f}", f"{row['ms_per_sample']:.2f}"] for row in rows
    ]
    return markdown_table(["batch", "samples/s", "ms/sample"], table, "rrr")
