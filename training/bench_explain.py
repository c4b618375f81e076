"""Latency of one explanation (``POST /explanations``) on one thread, as a served worker runs it.

    python -m training.bench_explain [--checkpoint models/distilbert/checkpoints/best_model]

Times :func:`model.explain.explain`, the code the handler runs, on a prompt of exactly ``--tokens``
tokens ([CLS] and [SEP] included) with ``torch.set_num_threads(1)`` (one worker per core is the
served setting, docs/measurements.md), and prints p50/p99 next to a plain prediction of the same
prompt. Without ``--checkpoint`` (or when it does not exist) it builds the untrained real-size
architecture from ``--encoder`` (training/encoders.py): the cost of integrated gradients depends on
the architecture and the step count, not on what the weights learned. With ``--backend onnx`` or
``onnx-int8`` the checkpoint's exported graph is timed with occlusion instead.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import torch
from transformers import AutoTokenizer

from common.cli import ArgumentParser
from model.classifier import IntentClassifier
from model.explain import DEFAULT_STEPS, explain
from model.labels import COMPLEXITY_LEVELS, INTENTS
from model.predictor import BACKENDS, IntentPredictor
from training.encoders import resolve_encoder

SEED_PROMPT = (
    "Translate the following product description into French and keep the brand names, units and "
    "the friendly tone of the original for our online shop customers in Canada and Belgium please"
)


def untrained_predictor(encoder: str, max_length: int) -> IntentPredictor:
    """The real-size architecture with a fresh head, built offline like a training run's start."""
    torch.manual_seed(0)
    source = resolve_encoder(encoder)
    model = IntentClassifier.from_encoder(
        source,
        id2label=dict(enumerate(INTENTS)),
        label2id={label: i for i, label in enumerate(INTENTS)},
        max_seq_length=max_length,
    )
    tokenizer = AutoTokenizer.from_pretrained(source)
    return IntentPredictor(model, tokenizer, list(INTENTS), list(COMPLEXITY_LEVELS))


def prompt_of(predictor: IntentPredictor, tokens: int) -> str:
    """The longest prefix of the seed prompt (repeated as needed) with at most ``tokens`` tokens."""
    words = (SEED_PROMPT + " ") * (1 + tokens // 10)
    words = words.split()
    text = ""
    for count in range(1, len(words) + 1):
        candidate = " ".join(words[:count])
        if len(predictor.encode([candidate])["input_ids"][0]) > tokens:
            break
        text = candidate
    return text


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", type=Path, help="a trained checkpoint (else the untrained --encoder)")
    parser.add_argument("--encoder", default="offline:distilbert", help="architecture without a checkpoint")
    parser.add_argument("--backend", choices=BACKENDS, default="torch")
    parser.add_argument("--tokens", type=int, default=30, help="prompt length in tokens, specials included")
    parser.add_argument("--steps", type=int, default=DEFAULT_STEPS, help="integrated-gradients steps")
    parser.add_argument("--repeat", type=int, default=50, help="timed explanations")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)

    torch.set_num_threads(args.threads)
    if args.checkpoint and args.checkpoint.is_dir():
        threads = None if args.backend == "torch" else args.threads  # ONNX Runtime sizes its own pool
        predictor = IntentPredictor.from_checkpoint(args.checkpoint, backend=args.backend, threads=threads)
        source = f"checkpoint {args.checkpoint} ({args.backend})"
    else:
        if args.backend != "torch":
            parser.error("an ONNX backend needs --checkpoint with an exported graph")
        predictor = untrained_predictor(args.encoder, 128)
        source = f"untrained {args.encoder} (no checkpoint at {args.checkpoint})"
    text = prompt_of(predictor, args.tokens)
    tokens = len(predictor.encode([text])["input_ids"][0])

    for _ in range(3):  # warm-up: first calls allocate and pick kernels
        explain(predictor, text, steps=args.steps)
    explain_s, predict_s = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        answer = explain(predictor, text, steps=args.steps)
        explain_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        predictor.predict([text])
        predict_s.append(time.perf_counter() - started)

    report = {
        "model": source,
        "method": answer["method"],
        "steps": args.steps if answer["method"] == "integrated_gradients" else None,
        "tokens": tokens,
        "words": len(answer["words"]),
        "threads": torch.get_num_threads(),
        "repeat": args.repeat,
        "explain_p50_ms": 1000 * statistics.median(explain_s),
        "explain_p99_ms": 1000 * percentile(explain_s, 0.99),
        "explain_max_ms": 1000 * max(explain_s),
        "predict_p50_ms": 1000 * statistics.median(predict_s),
    }
    print(json.dumps(report, indent=2))
    print(
        f"explain {answer['method']}: p50 {report['explain_p50_ms']:.0f} ms, "
        f"p99 {report['explain_p99_ms']:.0f} ms over {args.repeat} runs of a {tokens}-token prompt "
        f"on {report['threads']} thread(s); a prediction of it: p50 {report['predict_p50_ms']:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
