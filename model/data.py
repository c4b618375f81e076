"""Reading, validating, de-duplicating and splitting intent-classification data.

This module is the one source of truth for what a training example is: the trainer, the tests and
the ``training.prepare_data`` CLI all go through it, and serving imports :func:`normalize_text`, so a
prompt is cleaned identically at training and at inference time.

Bad input fails loudly and completely: every reader collects all the problems it finds (the first
:data:`MAX_REPORTED_PROBLEMS` are listed) and raises one :class:`DataError` naming file and line, so a
user fixes a file in one pass instead of one error per run.

Splits are grouped by ``family`` (the generator's template family, or a user's ``group`` column):
examples of one family are near-paraphrases, and letting a family straddle train and test would
measure memorisation instead of generalisation.
"""

from __future__ import annotations

import bisect
import csv
import difflib
import itertools
import json
import random
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from model.labels import COMPLEXITY_LEVELS, INTENTS

MAX_REPORTED_PROBLEMS = 20
SPLITS: tuple[str, ...] = ("train", "val", "test")
TEXT_COLUMNS: tuple[str, ...] = ("text",)
LABEL_COLUMNS: tuple[str, ...] = ("label", "intent", "category")
COMPLEXITY_COLUMNS: tuple[str, ...] = ("complexity",)
FAMILY_COLUMNS: tuple[str, ...] = ("family", "group")
_UTF8_BOM = b"\xef\xbb\xbf"
_LISTED_LABELS = 12


class DataError(ValueError):
    """Invalid input data. The message lists every problem found, one ``file:line: problem`` each."""

    def __init__(self, problems: Sequence[str], omitted: int = 0) -> None:
        self.problems = list(problems)
        self.omitted = omitted
        super().__init__(_format_problems(self.problems, omitted))


def _format_problems(problems: Sequence[str], omitted: int) -> str:
    if len(problems) == 1 and not omitted:
        return problems[0]
    lines = [f"{len(problems) + omitted} problems in the input data:"]
    lines += [f"  {problem}" for problem in problems]
    if omitted:
        lines.append(f"  ... and {omitted} more (only the first {len(problems)} are listed)")
    return "\n".join(lines)


@dataclass(frozen=True)
class Example:
    """One labelled prompt. Examples sharing a ``family`` are paraphrases and must share a split."""

    text: str
    label: str
    complexity: str | None = None
    family: str | None = None


def normalize_text(text: str) -> str:
    """Canonical form of a prompt, shared by training, deduplication and serving.

    Deliberately minimal: NFC makes visually identical strings byte-identical (so dedup and the
    tokenizer agree on them) and surrounding whitespace carries nothing. Case, inner whitespace and
    punctuation are signal for intent and complexity, so they are kept.
    """
    return unicodedata.normalize("NFC", text).strip()


# --- reading


class _Problems:
    """Collects the problems of one file so that a single DataError can report them all."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.messages: list[str] = []
        self.count = 0

    def add(self, line: int | None, message: str) -> None:
        self.count += 1
        if len(self.messages) < MAX_REPORTED_PROBLEMS:
            where = str(self.path) if line is None else f"{self.path}:{line}"
            self.messages.append(f"{where}: {message}")

    def raise_if_any(self) -> None:
        if self.count:
            raise DataError(self.messages, self.count - len(self.messages))


@dataclass(frozen=True)
class _Schema:
    """What a reader expects: column overrides, the allowed labels (None: the data decides)."""

    text_column: str | None = None
    label_column: str | None = None
    labels: frozenset[str] | None = None
    allow_empty: bool = False


@dataclass(frozen=True)
class _Columns:
    """The record keys holding each field; None where the source lacks the field."""

    text: str | None
    label: str | None
    complexity: str | None
    family: str | None


_Lines = list[tuple[int, str]]
_Parser = Callable[[_Lines, _Problems, _Schema], list[Example]]


def _read_lines(path: Path, problems: _Problems) -> _Lines:
    """Decode line by line so that an encoding error names its line instead of failing the file.

    Undecodable lines are recorded as problems and kept with replacement characters, so parsing
    goes on and the rest of the file's problems are reported in the same pass.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError([f"{path}: cannot read file: {exc.strerror or exc}"]) from None
    data = data.removeprefix(_UTF8_BOM)
    lines: _Lines = []
    for number, raw in enumerate(data.splitlines(keepends=True), start=1):
        try:
            lines.append((number, raw.decode("utf-8")))
        except UnicodeDecodeError as exc:
            problems.add(
                number, f"not valid UTF-8: byte {raw[exc.start]:#04x} at byte {exc.start + 1} of the line"
            )
            lines.append((number, raw.decode("utf-8", errors="replace")))
    return lines


def _find_key(keys: Iterable[str], wanted: Sequence[str]) -> str | None:
    by_lower = {key.strip().lower(): key for key in reversed(list(keys))}
    return next((by_lower[name.lower()] for name in wanted if name.lower() in by_lower), None)


def _resolve_columns(keys: Collection[str], schema: _Schema) -> _Columns:
    return _Columns(
        text=_find_key(keys, [schema.text_column] if schema.text_column else TEXT_COLUMNS),
        label=_find_key(keys, [schema.label_column] if schema.label_column else LABEL_COLUMNS),
        complexity=_find_key(keys, COMPLEXITY_COLUMNS),
        family=_find_key(keys, FAMILY_COLUMNS),
    )


def _expected_names(override: str | None, defaults: Sequence[str]) -> str:
    names = [override] if override else defaults
    return " or ".join(repr(name) for name in names)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), type(value).__name__)


def _text_field(record: Mapping[str, Any], columns: _Columns, schema: _Schema, problems: list[str]) -> str:
    value = record.get(columns.text) if columns.text else None
    if value is None:
        problems.append(
            f"missing text (expected a field named {_expected_names(schema.text_column, TEXT_COLUMNS)})"
        )
        return ""
    if not isinstance(value, str):
        problems.append(f"text must be a string, got {_json_type(value)}")
        return ""
    text = normalize_text(value)
    if not text:
        problems.append("empty text")
    return text


def _unknown_label(label: str, labels: Collection[str]) -> str:
    message = f"unknown label {label!r}"
    close = difflib.get_close_matches(label, list(labels), n=1)
    if close:
        message += f" (did you mean {close[0]!r}?)"
    if len(labels) <= _LISTED_LABELS:
        return f"{message}; expected one of: {', '.join(sorted(labels))}"
    return f"{message}; it is not among the {len(labels)} labels of the label set"


def _label_field(record: Mapping[str, Any], columns: _Columns, schema: _Schema, problems: list[str]) -> str:
    value = record.get(columns.label) if columns.label else None
    if value is None or (isinstance(value, str) and not value.strip()):
        expected = _expected_names(schema.label_column, LABEL_COLUMNS)
        problems.append(f"missing label (expected a field named {expected})")
        return ""
    if not isinstance(value, str):
        problems.append(f"label must be a string, got {_json_type(value)}")
        return ""
    label = value.strip()
    if schema.labels is not None and label not in schema.labels:
        problems.append(_unknown_label(label, schema.labels))
    return label


def _complexity_field(record: Mapping[str, Any], columns: _Columns, problems: list[str]) -> str | None:
    value = record.get(columns.complexity) if columns.complexity else None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        problems.append(f"complexity must be a string, got {_json_type(value)}")
        return None
    level = value.strip().lower()
    if level not in COMPLEXITY_LEVELS:
        problems.append(f"unknown complexity {value!r}; expected one of: {', '.join(COMPLEXITY_LEVELS)}")
        return None
    return level


def _family_field(record: Mapping[str, Any], columns: _Columns, problems: list[str]) -> str | None:
    """The split group. A generated edge case (a typo'd or padded copy of a normal example)
    records the family it was derived from as ``recipe.base_family``; grouping by that keeps
    the noisy copy in the same split as its source, so it cannot leak the template into test."""
    recipe = record.get("recipe")
    base = recipe.get("base_family") if isinstance(recipe, Mapping) else None
    value = record.get(columns.family) if columns.family else None
    if isinstance(base, str) and base.strip():
        value = base
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value is None or isinstance(value, str):
        return (value or "").strip() or None
    problems.append(f"family must be a string, got {_json_type(value)}")
    return None


def _to_example(
    record: Mapping[str, Any],
    columns: _Columns,
    schema: _Schema,
    problems: _Problems,
    line: int | None,
    where: str = "",
) -> Example | None:
    found: list[str] = []
    example = Example(
        text=_text_field(record, columns, schema, found),
        label=_label_field(record, columns, schema, found),
        complexity=_complexity_field(record, columns, found),
        family=_family_field(record, columns, found),
    )
    for message in found:
        problems.add(line, where + message)
    return None if found else example


def _csv_rows(lines: _Lines, problems: _Problems) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV rows with the line each starts on (a quoted field may span several lines)."""
    reader = csv.reader((text for _, text in lines), strict=True)
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.add(reader.line_num, f"malformed CSV: {exc}")


def _missing_columns(columns: _Columns, schema: _Schema) -> list[str]:
    missing = []
    if columns.text is None:
        missing.append(f"text column {_expected_names(schema.text_column, TEXT_COLUMNS)}")
    if columns.label is None:
        missing.append(f"label column {_expected_names(schema.label_column, LABEL_COLUMNS)}")
    return missing


def _parse_csv(lines: _Lines, problems: _Problems, schema: _Schema) -> list[Example]:
    rows = _csv_rows(lines, problems)
    first = next(rows, None)
    if first is None:
        problems.add(1, "empty file: no header row and no data rows")
        return []
    header_line, header = first[0], [name.strip() for name in first[1]]
    columns = _resolve_columns(header, schema)
    missing = _missing_columns(columns, schema)
    if missing:
        problems.add(header_line, f"missing required {' and '.join(missing)}; the header has {header}")
        return []
    examples, row_count = [], 0
    for line, row in rows:
        row_count += 1
        if len(row) != len(header):
            problems.add(
                line, f"row has {len(row)} fields but the header has {len(header)} (unquoted comma?)"
            )
            continue
        example = _to_example(dict(zip(header, row, strict=True)), columns, schema, problems, line)
        if example is not None:
            examples.append(example)
    if not row_count and not schema.allow_empty:
        problems.add(header_line + 1, "no data rows after the header")
    return examples


def _parse_jsonl(lines: _Lines, problems: _Problems, schema: _Schema) -> list[Example]:
    examples, row_count = [], 0
    for line, text in lines:
        if not text.strip():
            continue
        row_count += 1
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.add(line, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(record, dict):
            problems.add(line, f"expected a JSON object, got {_json_type(record)}")
            continue
        example = _to_example(record, _resolve_columns(record, schema), schema, problems, line)
        if example is not None:
            examples.append(example)
    if not row_count and not schema.allow_empty:
        problems.add(1, "empty file: no rows")
    return examples


def _skip_whitespace(doc: str, pos: int) -> int:
    while pos < len(doc) and doc[pos] in " \t\r\n":
        pos += 1
    return pos


def _after_value(doc: str, pos: int, decoder: json.JSONDecoder) -> int:
    """Offset of the next member or item after the value at ``pos``, past any comma."""
    _, pos = decoder.raw_decode(doc, pos)
    pos = _skip_whitespace(doc, pos)
    return _skip_whitespace(doc, pos + 1) if doc[pos] == "," else pos


def _member_offset(doc: str, pos: int, key: str, decoder: json.JSONDecoder) -> int | None:
    """Offset of the (last, as json.loads keeps) value of ``key`` in the valid object at ``pos``."""
    found = None
    pos = _skip_whitespace(doc, pos + 1)
    while doc[pos] != "}":
        name, pos = decoder.raw_decode(doc, pos)
        pos = _skip_whitespace(doc, _skip_whitespace(doc, pos) + 1)
        if name == key:
            found = pos
        pos = _after_value(doc, pos, decoder)
    return found


def _item_offsets(doc: str, pos: int, decoder: json.JSONDecoder) -> list[int]:
    offsets = []
    pos = _skip_whitespace(doc, pos + 1)
    while doc[pos] != "]":
        offsets.append(pos)
        pos = _after_value(doc, pos, decoder)
    return offsets


def _example_lines(lines: _Lines, doc: str, key: str | None) -> list[int]:
    """Line on which each example starts; json.loads keeps no positions, so walk the valid document."""
    decoder = json.JSONDecoder()
    pos: int | None = _skip_whitespace(doc, 0)
    if key is not None:
        pos = _member_offset(doc, pos, key, decoder)
    if pos is None or doc[pos] != "[":
        return []
    line_ends = list(itertools.accumulate(len(text) for _, text in lines))
    return [lines[bisect.bisect_right(line_ends, offset)][0] for offset in _item_offsets(doc, pos, decoder)]


def _parse_generated(lines: _Lines, problems: _Problems, schema: _Schema) -> list[Example]:
    """The generator's ``{"metadata": ..., "examples": [...]}``; a bare list of examples also works."""
    doc = "".join(text for _, text in lines)
    if not doc.strip():
        problems.add(1, "empty file: no examples")
        return []
    try:
        parsed = json.loads(doc)
    except json.JSONDecodeError as exc:
        problems.add(exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")
        return []
    key = "examples" if isinstance(parsed, dict) else None
    items = parsed.get("examples") if isinstance(parsed, dict) else parsed
    if not isinstance(items, list):
        problems.add(1, 'expected an object with an "examples" list, or a list of examples')
        return []
    if not items and not schema.allow_empty:
        problems.add(1, "empty file: the examples list is empty")
    starts = _example_lines(lines, doc, key)
    examples = []
    for index, item in enumerate(items):
        line = starts[index] if index < len(starts) else None
        if not isinstance(item, dict):
            problems.add(line, f"examples[{index}]: expected a JSON object, got {_json_type(item)}")
            continue
        example = _to_example(
            item, _resolve_columns(item, schema), schema, problems, line, f"examples[{index}]: "
        )
        if example is not None:
            examples.append(example)
    return examples


_PARSERS: dict[str, _Parser] = {
    ".csv": _parse_csv,
    ".jsonl": _parse_jsonl,
    ".ndjson": _parse_jsonl,
    ".json": _parse_generated,
}


def _read(path: str | Path, schema: _Schema) -> list[Example]:
    path = Path(path)
    parser = _PARSERS.get(path.suffix.lower())
    if parser is None:
        raise DataError(
            [f"{path}: unsupported file type {path.suffix!r}; expected one of {sorted(_PARSERS)}"]
        )
    problems = _Problems(path)
    examples = parser(_read_lines(path, problems), problems, schema)
    problems.raise_if_any()
    return examples


def load_examples(
    path: str | Path,
    *,
    text_column: str | None = None,
    label_column: str | None = None,
    labels: Collection[str] | None = None,
) -> list[Example]:
    """Read and validate a dataset file; the format follows the extension (.json, .jsonl, .csv).

    ``labels`` is the allowed label set; None lets the data define it (a user's own taxonomy).
    Raises DataError listing every bad row, so one run shows everything there is to fix.
    """
    schema = _Schema(text_column, label_column, None if labels is None else frozenset(labels))
    return _read(path, schema)


def load_split(path: str | Path) -> list[Example]:
    """Read a split written by :func:`write_splits`; an empty split (e.g. no validation set) is valid."""
    return _read(path, _Schema(text_column="text", label_column="label", allow_empty=True))


def load_labels_file(path: str | Path) -> list[str]:
    """A label order fixed by the user: a JSON list, or a previous run's label_map.json.

    Reusing an earlier label map keeps the model's output ids stable across re-runs.
    """
    path = Path(path)
    try:
        parsed = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([f"{path}: cannot read labels file: {exc}"]) from None
    labels = parsed.get("labels") if isinstance(parsed, dict) else parsed
    if (
        not isinstance(labels, list)
        or not labels
        or not all(isinstance(x, str) and x.strip() for x in labels)
    ):
        raise DataError([f"{path}: expected a non-empty JSON list of label names"])
    names = [label.strip() for label in labels]
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    if repeated:
        raise DataError([f"{path}: labels listed more than once: {', '.join(repeated)}"])
    return names


# --- deduplication


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


# --- splitting


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


# --- label map


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


def build_label_map(labels: Sequence[str], complexity_levels: Sequence[str]) -> dict[str, Any]:
    """The label map stored next to the splits and in every checkpoint."""
    return {
        "labels": list(labels),
        "label2id": {label: index for index, label in enumerate(labels)},
        "id2label": {str(index): label for index, label in enumerate(labels)},
        "complexity_levels": list(complexity_levels),
    }


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


def write_json(path: Path, payload: Mapping[str, Any]) -> None:
    """Indented JSON: label maps and stats are read by people as much as by programs."""
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


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
    output_dir: Path = Path("data/processed")
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
