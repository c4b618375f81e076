"""Reading and validating intent-classification data: what a training example is.

The trainer, the tests and the ``prepare-data`` CLI all read data through this module; prompts are
cleaned with :func:`model.text.normalize_text`, the function serving uses too.

Bad input fails loudly and completely: every reader collects all the problems it finds (the first
:data:`MAX_REPORTED_PROBLEMS` are listed) and raises one :class:`DataError` naming file and line, so a
user fixes a file in one pass instead of one error per run.
"""

from __future__ import annotations

import bisect
import csv
import difflib
import itertools
import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.labels import COMPLEXITY_LEVELS
from model.text import normalize_text

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
