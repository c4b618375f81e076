"""Exact-duplicate and conflicting-label removal.

Deduplication runs after reading and before splitting, so that a copy can never land in two splits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from training.data.readers import Example


@dataclass(frozen=True)
class DedupResult:
    """Examples left after deduplication, and what was dropped so that reports can show it."""

    examples: list[Example]
    duplicates: int
    conflicts: int
    conflict_examples: int

    def counts(self, read: int) -> dict[str, int]:
        return {
            "read": read,
            "kept": len(self.examples),
            "duplicates_dropped": self.duplicates,
            "conflicting_texts": self.conflicts,
            "conflict_examples_dropped": self.conflict_examples,
        }


def deduplicate(examples: Iterable[Example]) -> DedupResult:
    """Drop repeated texts, keeping the first; drop every copy of a text that carries two labels.

    A text labelled two ways is either a labelling error or genuinely ambiguous; guessing which
    label is right would teach the model noise, so all copies go and the conflict is counted.
    """
    by_text: dict[str, list[Example]] = {}
    for example in examples:
        by_text.setdefault(example.text, []).append(example)
    kept: list[Example] = []
    duplicates = conflicts = conflict_examples = 0
    for copies in by_text.values():
        if len({copy.label for copy in copies}) > 1:
            conflicts += 1
            conflict_examples += len(copies)
        else:
            kept.append(copies[0])
            duplicates += len(copies) - 1
    return DedupResult(kept, duplicates, conflicts, conflict_examples)
