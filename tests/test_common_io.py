"""Report directories and JSON files shared by every bench and eval command."""

from __future__ import annotations

import json
from pathlib import Path

from common.io import run_directory, write_json


def test_runs_started_in_the_same_second_get_their_own_directories(tmp_path: Path) -> None:
    # A bench rerun that reuses its checkpoint can finish within one second of the first run.
    made = [run_directory(tmp_path / "reports") for _ in range(3)]
    assert len({path.name for path in made}) == 3
    assert all(path.is_dir() and not any(path.iterdir()) for path in made)


def test_write_json_is_indented_utf8_with_a_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    write_json(path, {"label": "übersetzung", "path": tmp_path}, default=str)
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n") and "übersetzung" in text and '\n  "label"' in text
    assert json.loads(text)["path"] == str(tmp_path)
