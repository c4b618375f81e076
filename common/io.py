"""The one JSON writer for reports, stats, label maps and checkpoint side files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_json(path: Path, payload: Any) -> None:
    """Indented UTF-8 JSON with a final newline: these files are read by people as much as by programs."""
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
