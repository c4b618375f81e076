"""The one JSON writer for reports, stats, label maps, sidecars and checkpoint side files."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def write_json(
    path: Path, payload: Any, *, default: Callable[[Any], Any] | None = None, allow_nan: bool = True
) -> None:
    """Indented UTF-8 JSON with a final newline: these files are read by people as much as by programs.

    ``default`` serializes what JSON lacks (paths, dates); ``allow_nan=False`` refuses NaN, which
    strict JSON readers reject.
    """
    text = json.dumps(payload, indent=2, ensure_ascii=False, default=default, allow_nan=allow_nan)
    path.write_text(text + "\n", encoding="utf-8")


def run_directory(parent: Path) -> Path:
    """A new report directory named for the UTC time it starts, so runs never overwrite each other.

    Two runs started within the same second (a reused checkpoint makes a run that fast) get
    ``-2``, ``-3``, ... suffixes instead of failing on the existing directory.
    """
    parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(1, 1000):
        out = parent / (stamp if attempt == 1 else f"{stamp}-{attempt}")
        try:
            out.mkdir()
        except FileExistsError:
            continue
        return out
    raise FileExistsError(f"{parent}: a thousand report directories for {stamp} already exist")
