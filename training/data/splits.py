"""Stratified, family-grouped train/val/test splits.

Splits are grouped by ``family`` (the generator's template family, or a user's ``group`` column):
examples of one family are near-paraphrases, and letting a family straddle train and test would
measure memorisation instead of generalisation.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from model.labels import COMPLEXITY_LEVELS
from training.data.readers import MAX_REPORTED_PROBLEMS, SPLITS, Example


@dataclass
class _Unit:
    """What a split assigns whole: a family, or a single example when it has no family."""

    label: str
    indices: list[int] = field(default_factory=list)


def _split_shares(val_size: float, test_size: float) -> dict[str, float]:
    if not (0 <= val_size < 1 and 0 <= test_size < 1 and val_size + test_size < 1):
        raise ValueError(
            f"need 0 <= val_size, test_size and val_size + test_size < 1; got {val_size}, {test_size}"
        )
    return {"train": 1 - val_size - test_size, "val": val_size, "test": test_size}


def _majority_label(labels: Sequence[str]) -> str:
    counts = Counter(labels)
    return min(counts, key=lambda label: (-counts[label], label))


def _units_by_label(examples: Sequence[Example]) -> dict[str, list[_Unit]]:
    """Families (or lone examples) grouped by majority label, so a mixed family is never cut."""
    families: dict[str, list[int]] = {}
    units: list[_Unit] = []
    for index, example in enumerate(examples):
        if example.family is None:
            units.append(_Unit(example.label, [index]))
        else:
            families.setdefault(example.family, []).append(index)
    for indices in families.values():
        units.append(_Unit(_majority_label([examples[i].label for i in indices]), indices))
    units.sort(key=lambda unit: unit.indices[0])
    by_label: dict[str, list[_Unit]] = {}
    for unit in units:
        by_label.setdefault(unit.label, []).append(unit)
    return by_label


def _assign_units(
    units: Sequence[_Unit], shares: Mapping[str, float], rng: random.Random
) -> dict[str, list[_Unit]]:
    """Greedy, largest unit first, into the split furthest below its target share.

    The seeded generator decides among equally sized units and among equally hungry splits (a
    fixed preference would hand every label's rounding remainder to the same split). When there
    are enough units, the smallest go to val and test first, so every label is in every split.
    """
    order = list(units)
    rng.shuffle(order)
    order.sort(key=lambda unit: len(unit.indices), reverse=True)
    active = [split for split in SPLITS if shares[split] > 0]
    total = sum(len(unit.indices) for unit in order)
    assigned: dict[str, list[_Unit]] = {split: [] for split in SPLITS}
    filled = dict.fromkeys(SPLITS, 0)

    def place(split: str, unit: _Unit) -> None:
        assigned[split].append(unit)
        filled[split] += len(unit.indices)

    if len(order) >= len(active):
        for split in active[1:]:
            place(split, order.pop())
    preference = rng.sample(active, len(active))
    for unit in order:
        place(max(preference, key=lambda split: shares[split] * total - filled[split]), unit)
    return assigned


def split_examples(
    examples: Sequence[Example], val_size: float = 0.1, test_size: float = 0.1, seed: int = 42
) -> dict[str, list[Example]]:
    """Split into train/val/test, stratified by label and grouped by family.

    No family lands in two splits (paraphrases in both train and test would inflate the scores).
    Examples without a family are split one by one, which is a plain stratified split. Each label
    is shuffled with its own seeded generator, so the result depends only on the data and the seed,
    and adding a label does not reshuffle the others. Splits keep the input order.
    """
    shares = _split_shares(val_size, test_size)
    split_of: dict[int, str] = {}
    for label, units in _units_by_label(examples).items():
        rng = random.Random(f"{seed}:{label}")
        for split, assigned in _assign_units(units, shares, rng).items():
            split_of.update((index, split) for unit in assigned for index in unit.indices)
    return {split: [ex for i, ex in enumerate(examples) if split_of[i] == split] for split in SPLITS}


def shared_families(splits: Mapping[str, Sequence[Example]]) -> list[str]:
    """Families found in more than one split: must be empty, or the test scores measure leakage."""
    seen: dict[str, set[str]] = {}
    for split, examples in splits.items():
        for example in examples:
            if example.family is not None:
                seen.setdefault(example.family, set()).add(split)
    return sorted(family for family, where in seen.items() if len(where) > 1)


def _split_summary(examples: Sequence[Example], labels: Sequence[str]) -> dict[str, Any]:
    label_counts = Counter(example.label for example in examples)
    complexity_counts = Counter(example.complexity or "none" for example in examples)
    return {
        "total": len(examples),
        "labels": {label: label_counts[label] for label in labels},
        "complexity": {level: n for level in (*COMPLEXITY_LEVELS, "none") if (n := complexity_counts[level])},
        "families": len({example.family for example in examples if example.family is not None}),
    }


def split_report(splits: Mapping[str, Sequence[Example]], labels: Sequence[str]) -> dict[str, Any]:
    """Per-split label/complexity counts and the families shared across splits (must be 0)."""
    shared = shared_families(splits)
    return {
        "splits": {split: _split_summary(examples, labels) for split, examples in splits.items()},
        "shared_families": len(shared),
        "shared_family_names": shared[:MAX_REPORTED_PROBLEMS],
    }
