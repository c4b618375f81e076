"""In-process cost of the ONNX graphs by batching strategy: one padded call per batch, or one call per
token length (``OnnxClassifier.length_groups``), on short and long prompt mixes, one thread.

    python -m loadtest.bench_onnx --checkpoint int8=models/distilbert/checkpoints/best_model:onnx-int8 \\
        --checkpoint fp32=models/distilbert/checkpoints/best_model:onnx [--data prompts.jsonl]

The serving default of the ONNX backend is chosen with this: unfused attention computes every
padded position, so grouping by length paid; fused attention takes the mask, and whether a padded
batch now beats several smaller calls is a measurement, not an argument. Each cell is the median of
``--repeats`` timed passes over the same texts (wall clock, one intra-op thread, the forward pass
alone on pre-encoded batches), so it is comparable across graphs run in one invocation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import torch
from transformers import AutoTokenizer

from common.io import write_json
from common.paths import TEST_SPLIT
from common.tables import markdown_table
from loadtest.prompts import MIXES, load_prompts
from model.classifier import IntentClassifierConfig
from model.onnx_backend import OnnxClassifier, onnx_model_path
from model.preprocessing import encode_batch

BATCH_SIZES = (1, 4, 8, 16)
STRATEGIES = {"by-length": True, "padded": False}


def parse_spec(text: str) -> tuple[str, Path, str]:
    """``NAME=PATH:backend`` with an ONNX backend."""
    name, sep, rest = text.partition("=")
    path, _, backend = rest.rpartition(":")
    if not sep or not name or not path or backend not in ("onnx", "onnx-int8"):
        raise argparse.ArgumentTypeError(f"expected NAME=PATH:onnx|onnx-int8, got {text!r}")
    return name, Path(path), backend


def time_passes(model: OnnxClassifier, batches: list[dict[str, torch.Tensor]], repeats: int) -> float:
    """Median seconds of one pass over ``batches``, after one untimed warm-up pass."""
    for inputs in batches:
        model(**inputs)
    passes = []
    for _ in range(repeats):
        started = time.perf_counter()
        for inputs in batches:
            model(**inputs)
        passes.append(time.perf_counter() - started)
    return statistics.median(passes)


def bench(
    specs: Sequence[tuple[str, Path, str]],
    prompts: dict[str, list[str]],
    batch_sizes: Sequence[int],
    repeats: int,
) -> list[dict[str, object]]:
    rows = []
    for name, checkpoint, backend in specs:
        config = IntentClassifierConfig.from_pretrained(checkpoint)
        tokenizer = AutoTokenizer.from_pretrained(checkpoint)
        model = OnnxClassifier(onnx_model_path(checkpoint, backend), config, threads=1)
        for mix, texts in prompts.items():
            for size in batch_sizes:
                batches = [
                    encode_batch(tokenizer, texts[start : start + size], config.max_seq_length)
                    for start in range(0, len(texts), size)
                ]
                for strategy, grouped in STRATEGIES.items():
                    if size == 1 and not grouped:
                        continue  # one text is one length: both strategies are the same call
                    model.length_groups = grouped
                    seconds = time_passes(model, batches, repeats)
                    row = {
                        "model": name,
                        "mix": mix,
                        "batch": size,
                        "strategy": strategy if size > 1 else "-",
                        "texts/s": round(len(texts) / seconds, 1),
                        "ms/text": round(1000 * seconds / len(texts), 2),
                    }
                    print(" ".join(f"{key}={value}" for key, value in row.items()), flush=True)
                    rows.append(row)
    return rows


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--checkpoint", type=parse_spec, action="append", required=True)
    parser.add_argument("--data", type=Path, default=TEST_SPLIT, help="prompt file (.jsonl/.csv/.txt)")
    parser.add_argument("--prompt-mix", nargs="+", choices=MIXES, default=["short", "long"])
    parser.add_argument("--samples", type=int, default=128, help="texts per mix")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=list(BATCH_SIZES))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--output-dir", type=Path, default=Path("reports/bench-onnx"))
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    torch.set_num_threads(1)
    prompts = {mix: load_prompts(args.data, mix)[: args.samples] for mix in args.prompt_mix}
    rows = bench(args.checkpoint, prompts, args.batch_sizes, args.repeats)
    table = markdown_table(list(rows[0]), [list(row.values()) for row in rows])
    args.output_dir.mkdir(parents=True, exist_ok=True)
    (args.output_dir / "summary.md").write_text(table + "\n")
    write_json(args.output_dir / "results.json", {"data": str(args.data), "rows": rows})
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
