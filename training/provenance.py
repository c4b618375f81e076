"""Which data trained a checkpoint: written next to the weights as ``data_provenance.json``.

An archive answers TorchServe's describe call with it (model/metadata.py), so whoever serves a
model can see what it learned from and under which licences without the training machine: every
data file with its role, row count, SHA-256 and the licence files found in its folder, and the
size of each split as trained.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from model.metadata import sha256_file

LICENCE_PATTERNS = ("LICENSE*", "LICENCE*", "COPYING*")


def data_file(path: str | Path, role: str) -> dict[str, Any]:
    """One data file: role, path, rows and sha256 (and the generator run for synthetic data)."""
    path = Path(path)
    if not path.is_file():
        return {"role": role, "path": str(path), "exists": False}
    record = {
        "role": role,
        "path": str(path),
        "rows": count_rows(path),
        "sha256": sha256_file(path),
    }
    generator = generator_metadata(path)
    if generator:
        record["generator"] = generator
    return record


def generator_metadata(path: Path) -> dict[str, Any] | None:
    """Seed and version of training/generate_data.py's output: synthetic data has no licence file,
    its provenance is the generator run that made it."""
    if path.suffix != ".json":
        return None
    document = json.loads(path.read_text(encoding="utf-8"))
    metadata = document.get("metadata") if isinstance(document, dict) else None
    if not isinstance(metadata, dict):
        return None
    keys = ("generator_version", "seed", "examples_per_intent")
    return {key: metadata[key] for key in keys if key in metadata}


def licence_files(folder: Path) -> list[str]:
    return sorted({found.name for pattern in LICENCE_PATTERNS for found in folder.glob(pattern)})


def count_rows(path: Path) -> int:
    """Records in a JSON list (the generator's output), else non-empty lines (JSONL, CSV minus header)."""
    if path.suffix == ".json":
        document = json.loads(path.read_text(encoding="utf-8"))
        records = document.get("examples", document) if isinstance(document, dict) else document
        return len(records) if isinstance(records, list) else 1
    lines = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return lines - 1 if path.suffix == ".csv" and lines else lines


def data_provenance(
    source: str | Path,
    test_source: str | Path | None,
    real_data: Sequence[str | Path],
    dev_data: str | Path | None,
    split_sizes: dict[str, int],
) -> dict[str, Any]:
    """``real_data`` only when they were mixed in; ``dev_data`` is listed as excluded from training.
    Licence files are listed once per folder of data files (an empty list: none found there)."""
    files = [data_file(source, "training source (split into train/val/test)")]
    if test_source:
        files.append(data_file(test_source, "test split"))
    files += [data_file(path, "real prompts (train and calibration)") for path in real_data]
    if real_data and dev_data:
        files.append(data_file(dev_data, "real-prompt dev set: excluded from training"))
    folders = sorted({str(Path(record["path"]).parent) for record in files})
    return {
        "files": files,
        "licence_files": {folder: licence_files(Path(folder)) for folder in folders},
        "split_sizes": split_sizes,
    }
