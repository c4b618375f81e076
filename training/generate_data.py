"""Generate the synthetic training data: ``generate-training-data`` (``python -m training.generate_data``).

``generate-training-data --examples-per-intent 500 --edge-cases 1000 --seed 42 --output FILE``

Same seed, same bytes. How examples are built and labelled (the complexity rule, the edge cases)
is documented in :mod:`training.generator.engine`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from training.generator.engine import compute_statistics, format_statistics, generate

DEFAULT_OUTPUT = Path("data/generated/distilbert_training_data.json")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, kept separate from :func:`main` so tests and docs can inspect it."""
    parser = argparse.ArgumentParser(
        prog="generate-training-data",
        description="Generate deterministic synthetic prompts labelled with intent and complexity.",
    )
    parser.add_argument("--examples-per-intent", type=int, default=500, help="normal examples per intent")
    parser.add_argument("--edge-cases", type=int, default=1000, help="edge cases in total, spread over kinds")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON file to write")
    parser.add_argument("--seed", type=int, default=42)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Generate, write and report; returns the process exit code."""
    args = build_parser().parse_args(argv)
    if args.examples_per_intent < 0 or args.edge_cases < 0:
        build_parser().error("counts must not be negative")
    started = time.perf_counter()
    dataset = generate(args.examples_per_intent, args.edge_cases, args.seed)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(dataset, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    elapsed = time.perf_counter() - started
    print(format_statistics(compute_statistics(dataset["examples"])))
    print(
        f"\nrejected {dataset['metadata']['rejected_duplicates']} duplicate candidates; wrote {args.output} "
        f"in {elapsed:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
