"""Prompts a load test sends: read from a JSONL, CSV or TXT file and cut to a length mix.

Only the Locust master (or a local run) reads the file; workers get the selected prompts in a
message (loadtest/locustfile.py), so a remote worker needs no copy of the data. The in-process
benchmark (loadtest/bench_serving.py) reads prompts through the same functions, so both sides of a
served/in-process comparison see the same texts.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from pathlib import Path

from common.paths import ROOT, TEST_SPLIT

DEFAULT_PROMPTS = ROOT / TEST_SPLIT
TEXT_KEYS = ("text", "prompt")
MIXES = ("short", "long", "mixed")
# A one-line request or question; longer prompts carry pasted context, steps or constraints. The
# test split's median is ~27 words, Banking77's ~9, and 128 tokens (the models' limit) are ~100 words.
SHORT_MAX_WORDS = 20
# Bounds the message the master sends each worker; a few thousand prompts already vary enough.
MAX_PROMPTS = 5000
SAMPLE_SEED = 0


class PromptError(ValueError):
    """The prompt file cannot be used; the message names the file and what is wrong."""


def load_prompts(path: str | Path, mix: str = "mixed") -> list[str]:
    """The file's prompts of the requested length ``mix``, at most :data:`MAX_PROMPTS` of them."""
    path = Path(path)
    if mix not in MIXES:
        raise PromptError(f"unknown prompt mix {mix!r}; choose from {list(MIXES)}")
    if not path.is_file():
        # The default is generated data: absent from a fresh clone until make mar (or make data).
        fix = " (`make mar` writes it with the archives a load test needs; or pass PROMPTS=<file>)"
        raise PromptError(f"prompt file {path} not found" + (fix if path == DEFAULT_PROMPTS else ""))
    prompts = select_mix(read_texts(path), mix)
    if not prompts:
        raise PromptError(f"{path} has no {mix} prompts (short: at most {SHORT_MAX_WORDS} words)")
    if len(prompts) > MAX_PROMPTS:
        prompts = random.Random(SAMPLE_SEED).sample(prompts, MAX_PROMPTS)
    return prompts


def select_mix(prompts: list[str], mix: str) -> list[str]:
    """``short``: at most :data:`SHORT_MAX_WORDS` words; ``long``: the rest; ``mixed``: all."""
    if mix == "mixed":
        return list(prompts)
    short = mix == "short"
    return [text for text in prompts if (len(text.split()) <= SHORT_MAX_WORDS) == short]


def read_texts(path: Path) -> list[str]:
    """Non-blank texts from ``.jsonl`` (a text/prompt field, or a bare JSON string), ``.csv`` (after
    the header row: the text/prompt column, else the first one) or any other file (one per line)."""
    suffix = path.suffix.lower()
    readers = {".jsonl": _jsonl_texts, ".csv": _csv_texts}
    texts = readers.get(suffix, _line_texts)(path)
    return [text for text in texts if text.strip()]


def _jsonl_texts(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                raise PromptError(f"{path}:{number}: not JSON: {error}") from None
            yield _record_text(record, f"{path}:{number}")


def _record_text(record: object, where: str) -> str:
    if isinstance(record, str):
        return record
    if isinstance(record, dict):
        for key in TEXT_KEYS:
            if isinstance(record.get(key), str):
                return record[key]
    raise PromptError(f"{where}: expected a string or an object with a {' or '.join(TEXT_KEYS)} string")


def _csv_texts(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows, [])
        lowered = [name.strip().lower() for name in header]
        column = next((lowered.index(key) for key in TEXT_KEYS if key in lowered), 0)
        for row in rows:
            if len(row) > column:
                yield row[column]


def _line_texts(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8-sig") as lines:
        yield from (line.rstrip("\n") for line in lines)
