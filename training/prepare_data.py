"""Command line for data preparation: ``python -m training.prepare_data --input FILE``.

A thin wrapper over :mod:`training.data`, which holds all the logic, so that the trainer and the
tests run exactly what this command runs. Invalid data ends with exit code 1 and the full list of
problems on stderr, without a traceback: the user needs the file and line, not our stack.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common.cli import ArgumentParser
from common.paths import PROCESSED_DIR
from training.data import DataError, PrepareConfig, prepare_dataset


def _fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= number < 1:
        raise argparse.ArgumentTypeError(f"must be in [0, 1), got {number}")
    return number


def build_parser() -> ArgumentParser:
    """The argument parser, separate from :func:`main` so that docs and tests can inspect it."""
    parser = ArgumentParser(
        prog="prepare-data",
        description="Validate, deduplicate and split intent data into train/val/test JSONL files.",
    )
    parser.option(
        "--data", "--input", type=Path, required=True, help="generator .json, or a .csv/.jsonl file"
    )
    parser.add_argument("--output-dir", type=Path, default=PROCESSED_DIR)
    parser.add_argument("--text-column", help="text column/key (default: text)")
    parser.add_argument("--label-column", help="label column/key (default: label, intent or category)")
    parser.add_argument("--labels-file", type=Path, help="JSON list fixing the label set and its order")
    parser.add_argument(
        "--test-input", type=Path, help="use this file as the test split instead of splitting"
    )
    parser.add_argument("--val-size", type=_fraction, default=0.1, help="share of the input for validation")
    parser.add_argument("--test-size", type=_fraction, default=0.1, help="share of the input for testing")
    parser.add_argument("--seed", type=int, default=42)
    return parser


def _summary(stats: dict[str, Any], output_dir: Path) -> list[str]:
    counts = stats["input"]
    splits = stats["splits"]
    lines = [
        f"read {counts['read']} examples; dropped {counts['duplicates_dropped']} duplicates and "
        f"{counts['conflict_examples_dropped']} examples of {counts['conflicting_texts']} conflicting texts",
        f"wrote {output_dir}: " + ", ".join(f"{name} {split['total']}" for name, split in splits.items()),
        f"{len(splits['train']['labels'])} labels; {stats['shared_families']} families shared across splits",
    ]
    if stats["test_overlap_dropped"]:
        lines.append(
            f"dropped {stats['test_overlap_dropped']} training examples whose text is in the test file"
        )
    return lines


def _warnings(stats: dict[str, Any]) -> list[str]:
    """Labels without examples in a split: training can't learn them, or evaluation can't score them."""
    return [
        f"warning: no {split} examples for label(s): {', '.join(missing)}"
        for split, summary in stats["splits"].items()
        if summary["total"] and (missing := [label for label, n in summary["labels"].items() if not n])
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the preparation; returns the process exit code (0 ok, 1 invalid data or unwritable output)."""
    args = build_parser().parse_args(argv)
    if args.test_input is None and args.val_size + args.test_size >= 1:
        build_parser().error("--val-size plus --test-size must be below 1")
    config = PrepareConfig(
        input=args.data,
        output_dir=args.output_dir,
        text_column=args.text_column,
        label_column=args.label_column,
        labels_file=args.labels_file,
        test_input=args.test_input,
        val_size=args.val_size,
        test_size=args.test_size,
        seed=args.seed,
    )
    try:
        stats = prepare_dataset(config)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write {args.output_dir}: {exc}", file=sys.stderr)
        return 1
    print("\n".join(_summary(stats, args.output_dir)))
    for warning in _warnings(stats):
        print(warning, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
