"""Complexity-feature throughput on one core: the handler computes features on the hot path.

python -m training.bench_features [--data data/processed/train.jsonl] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Sequence

from common.paths import TRAIN_SPLIT
from model.features import compute_batch
from training.data import load_split

TARGET_PER_S = 20_000


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", default=str(TRAIN_SPLIT), help="prompts to featurize")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes; the median is reported")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = [example.text for example in load_split(args.data)]
    compute_batch(texts[:200])
    rates = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        compute_batch(texts)
        rates.append(len(texts) / (time.perf_counter() - start))
    rate = statistics.median(rates)
    mean_chars = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} prompts (mean {mean_chars:.0f} chars) from {args.data}")
    print(f"features: {rate:,.0f} prompts/s on one core (median of {args.repeat}; target {TARGET_PER_S:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
