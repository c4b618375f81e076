"""Labelled real prompts: mixed into the synthetic training data, and held out for calibration.

Synthetic prompts teach the intents; only real, human-written prompts teach what people actually
type. A small share of real prompts in the training mix moves accuracy on real traffic far more
than any hyperparameter (docs/real_prompts.md), so they are a first-class data source here:

- each file in ``data.real_data`` is read with the same validating reader as every other dataset;
- prompts whose text is in the dev set are dropped (it is the yardstick, never training data);
- a stratified share (``data.real_calibration_share``) is held out: the calibration temperature and
  the ``uncertain`` threshold are fitted on it, so that confidence means the same on real prompts,
  without touching the dev set the results are reported on;
- the rest is repeated ``data.real_repeat`` times in the training split, so that a few hundred real
  prompts weigh enough next to thousands of synthetic ones.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from model.text import normalize_text
from training.data import Example, load_examples


@dataclass
class RealSplit:
    train: list[Example]
    calibration: list[Example]
    dropped_dev_overlap: int


def text_key(text: str) -> str:
    """The identity of a prompt for deduplication: the same text up to case and Unicode form."""
    return normalize_text(text).casefold()


def load_real_examples(
    paths: Sequence[str | Path], labels: Collection[str], exclude: Collection[str] = ()
) -> tuple[list[Example], int]:
    """Every labelled real prompt of ``paths`` (first copy of a text wins), minus ``exclude`` texts.

    Returns the examples and how many were dropped because their text is in ``exclude``.
    """
    excluded = {text_key(text) for text in exclude}
    seen: set[str] = set()
    kept: list[Example] = []
    dropped = 0
    for path in paths:
        for example in load_examples(path, labels=labels):
            key = text_key(example.text)
            if key in excluded:
                dropped += 1
            elif key not in seen:
                seen.add(key)
                kept.append(example)
    return kept, dropped


def split_real(examples: Sequence[Example], calibration_share: float, seed: int) -> tuple[list, list]:
    """Stratified by label: each label gives ``calibration_share`` of its prompts (rounded) to the
    calibration split, keeping at least one for training."""
    by_label: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_label[example.label].append(example)
    rng = random.Random(seed)
    train: list[Example] = []
    calibration: list[Example] = []
    for label in sorted(by_label):
        group = by_label[label][:]
        rng.shuffle(group)
        held = min(round(len(group) * calibration_share), len(group) - 1)
        calibration.extend(group[:held])
        train.extend(group[held:])
    return train, calibration


def prepare_real(
    paths: Sequence[str | Path],
    labels: Collection[str],
    *,
    exclude: Collection[str],
    calibration_share: float,
    repeat: int,
    seed: int,
) -> RealSplit:
    examples, dropped = load_real_examples(paths, labels, exclude)
    train, calibration = split_real(examples, calibration_share, seed)
    return RealSplit(train=train * max(repeat, 1), calibration=calibration, dropped_dev_overlap=dropped)


def dev_texts(path: str | Path | None) -> list[str]:
    """Texts of the dev set, to keep them out of training; no dev file means nothing to exclude."""
    if not path or not Path(path).exists():
        return []
    return [example.text for example in load_examples(path)]
