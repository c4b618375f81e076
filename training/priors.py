"""Estimate the intent mix of real traffic from labelled real prompts, for ``calibration.traffic_prior``.

    python -m training.priors --data training/datasets/real_prompts/*.jsonl \\
        training/datasets/real_prompts_dev/prompts.jsonl

Real traffic is not balanced (most people ask questions), while the training data is close to
balanced; a model trained on a balanced mix sends too many real questions elsewhere. Each file is one
source and weighs the same, whatever its size, so that one large collection with its own quotas does
not decide the mix alone; add-``alpha`` smoothing keeps every intent possible. Prints the counts and
the estimate as the YAML mapping the training config takes (docs/real_prompts.md says how the
shipped estimate was made).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from model.labels import INTENTS
from training.data import DataError, load_examples


def source_distribution(path: Path, labels: Sequence[str], alpha: float) -> dict[str, float]:
    counts = Counter(example.label for example in load_examples(path, labels=labels))
    total = sum(counts.values()) + alpha * len(labels)
    return {label: (counts[label] + alpha) / total for label in labels}


def estimate_prior(
    paths: Sequence[Path], labels: Sequence[str] = INTENTS, alpha: float = 1.0
) -> dict[str, float]:
    """The mean of the sources' smoothed label distributions."""
    distributions = [source_distribution(path, labels, alpha) for path in paths]
    return {label: sum(d[label] for d in distributions) / len(distributions) for label in labels}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", nargs="+", type=Path, required=True, help="labelled real-prompt files")
    parser.add_argument("--alpha", type=float, default=1.0, help="add-alpha smoothing per source")
    args = parser.parse_args(argv)
    try:
        prior = estimate_prior(args.data, alpha=args.alpha)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print("  traffic_prior:")
    for label, weight in prior.items():
        print(f"    {label}: {weight:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
