"""Label maps, split files and the whole preparation run (read → dedup → split → write)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from common.io import write_json
from common.paths import PROCESSED_DIR
from model.labels import COMPLEXITY_LEVELS, INTENTS, build_label_map
from training.data.dedup import DedupResult, deduplicate
from training.data.readers import DataError, Example, load_examples, load_labels_file
from training.data.splits import split_examples, split_report


def order_labels(observed: Collection[str], declared: Sequence[str] | None = None) -> list[str]:
    """The label order of the label map, which fixes the trained model's output ids.

    A declared order (labels file, or the default taxonomy for generated data) wins; data within
    the default taxonomy keeps its order so that checkpoints stay comparable; anything else is sorted.
    """
    if declared is not None:
        return list(declared)
    if set(observed) <= set(INTENTS):
        return [intent for intent in INTENTS if intent in observed]
    return sorted(observed)


def load_label_map(path: str | Path) -> dict[str, Any]:
    """Read label_map.json, refusing a hand-edited map whose ids no longer agree with its labels."""
    path = Path(path)
    try:
        parsed = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([f"{path}: cannot read label map: {exc}"]) from None
    labels = parsed.get("labels") if isinstance(parsed, dict) else None
    levels = parsed.get("complexity_levels", []) if isinstance(parsed, dict) else None
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise DataError([f'{path}: expected an object with a "labels" list of strings'])
    if not isinstance(levels, list) or not set(levels) <= set(COMPLEXITY_LEVELS):
        raise DataError([f"{path}: complexity_levels must be a list drawn from {list(COMPLEXITY_LEVELS)}"])
    expected = build_label_map(labels, levels)
    if len(set(labels)) != len(labels) or any(
        parsed.get(key, expected[key]) != expected[key] for key in expected
    ):
        raise DataError([f"{path}: labels, label2id and id2label disagree (or a label is repeated)"])
    return expected


# --- outputs


def write_jsonl(path: Path, examples: Iterable[Example]) -> None:
    """One ``{"text", "label", "complexity", "family"}`` object per line, UTF-8, unescaped."""
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for example in examples:
            handle.write(json.dumps(asdict(example), ensure_ascii=False) + "\n")


def write_splits(splits: Mapping[str, Sequence[Example]], output_dir: Path) -> None:
    """Write ``<split>.jsonl`` for every split, creating the directory as needed."""
    output_dir.mkdir(parents=True, exist_ok=True)
    for split, examples in splits.items():
        write_jsonl(output_dir / f"{split}.jsonl", examples)


# --- preparation


@dataclass(frozen=True)
class PrepareConfig:
    """Everything one preparation run depends on; it is recorded in split_stats.json."""

    input: Path
    output_dir: Path = PROCESSED_DIR
    text_column: str | None = None
    label_column: str | None = None
    labels_file: Path | None = None
    test_input: Path | None = None
    val_size: float = 0.1
    test_size: float = 0.1
    seed: int = 42


def _declared_labels(config: PrepareConfig) -> list[str] | None:
    """The explicit label set, if any: a labels file, else the default taxonomy for generated data."""
    if config.labels_file is not None:
        return load_labels_file(config.labels_file)
    return list(INTENTS) if config.input.suffix.lower() == ".json" else None


def _load(path: Path, config: PrepareConfig, labels: Collection[str] | None) -> tuple[DedupResult, int]:
    raw = load_examples(path, text_column=config.text_column, label_column=config.label_column, labels=labels)
    return deduplicate(raw), len(raw)


def _split_with_test_file(
    dedup: DedupResult, config: PrepareConfig, declared: Sequence[str] | None, stats: dict[str, Any]
) -> dict[str, list[Example]]:
    """Use ``config.test_input`` as the test split, dropping its texts from the training pool.

    Its labels must be ones the model can predict: the declared set, else those of the input.
    """
    assert config.test_input is not None
    allowed = declared if declared is not None else {example.label for example in dedup.examples}
    test_dedup, test_read = _load(config.test_input, config, allowed)
    test_texts = {example.text for example in test_dedup.examples}
    pool = [example for example in dedup.examples if example.text not in test_texts]
    splits = split_examples(pool, config.val_size, 0.0, config.seed)
    splits["test"] = test_dedup.examples
    stats["test_input"] = test_dedup.counts(test_read)
    stats["test_overlap_dropped"] = len(dedup.examples) - len(pool)
    return splits


def prepare_dataset(config: PrepareConfig) -> dict[str, Any]:
    """Read, validate, deduplicate, split and write; returns the stats written to split_stats.json.

    With ``test_input`` the test split is that file as given (deduplicated), and any training text
    that also appears in it is dropped, so that the held-out scores are not inflated by copies.
    """
    declared = _declared_labels(config)
    dedup, read = _load(config.input, config, declared)
    settings = {
        key: str(value) if isinstance(value, Path) else value for key, value in asdict(config).items()
    }
    stats: dict[str, Any] = {"config": settings, "input": dedup.counts(read)}
    if config.test_input is None:
        splits = split_examples(dedup.examples, config.val_size, config.test_size, config.seed)
        stats["test_input"], stats["test_overlap_dropped"] = None, 0
    else:
        splits = _split_with_test_file(dedup, config, declared, stats)
    every = [example for examples in splits.values() for example in examples]
    labels = order_labels({example.label for example in every}, declared)
    levels = list(COMPLEXITY_LEVELS) if any(example.complexity for example in every) else []
    stats.update(split_report(splits, labels))
    write_splits(splits, config.output_dir)
    write_json(config.output_dir / "label_map.json", build_label_map(labels, levels))
    write_json(config.output_dir / "split_stats.json", stats)
    return stats
