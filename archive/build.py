"""Package a trained checkpoint as a TorchServe model archive (.mar) plus a provenance sidecar.

    python -m archive.build --name distilbert --checkpoint models/distilbert/checkpoints/best_model \\
        --model-config archive/distilbert.yaml --version 1.0 --output-dir model_store

writes ``model_store/distilbert_1.0.mar`` (:func:`common.archives.archive_file`): the version in the
file name lets several versions of one model sit in the store and be registered side by side.

The archive is self-contained: handler, the ``model`` package it imports, weights (safetensors, or
for an ONNX backend only the ONNX graph it runs), every other file of the checkpoint directory
(tokenizer, config, label map, feature spec, training config, metrics) and the model-config yaml.
TorchServe's worker puts the unpacked archive on its PYTHONPATH, so ``import model.predictor``
resolves to the copy packed here: the code that matches the checkpoint, whatever the repository
holds later.

``torch-model-archiver --extra-files DIR`` copies the *contents* of DIR into the archive root, so
the files are first staged as ``<stage>/model/*.py`` + ``<stage>/<checkpoint files>`` and the
stage directory is passed: ``model/`` stays a package, the checkpoint files land in the root.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

import model
from archive.dev_set import score_dev_set
from common.archives import DEFAULT_VERSION, archive_file, check_version
from common.cli import ArgumentParser
from common.io import write_json
from model.checkpoint import (
    DEV_SET_FILE,
    FEATURE_SPEC_FILE,
    LABEL_MAP_FILE,
    METRICS_FILE,
    WEIGHTS_FILE,
    read_json,
)
from model.features import check_spec
from model.metadata import sha256_file
from model.onnx_backend import ONNX_DIR, onnx_model_path
from model.predictor import IntentPredictor
from model.settings import load_predictor, read_settings

logger = logging.getLogger(__name__)

# Located through the installed packages, so a wheel install archives exactly what it serves with.
# The handler file is packed, never imported here: importing it would pull in TorchServe's worker code.
HANDLER = Path(str(importlib.util.find_spec("handlers.intent_handler").origin)).resolve()
MODEL_PACKAGE = Path(model.__file__).resolve().parent
REQUIRED_FILES = (WEIGHTS_FILE, "config.json", LABEL_MAP_FILE, FEATURE_SPEC_FILE, "tokenizer_config.json")
TOKENIZER_VOCABULARIES = ("tokenizer.json", "vocab.txt", "vocab.json", "spm.model")
MODEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
SMOKE_TEXTS = ["Translate 'good morning' into French.", "Write a haiku about the sea."]


class ArchiveError(Exception):
    """The checkpoint or model-config must not be archived; the message says what to fix."""


def build_archive(name: str, checkpoint: Path, config: Path, version: str, export_path: Path) -> Path:
    """Validate, smoke-test, archive, and write ``<name>_<version>.mar.json`` next to the archive."""
    try:
        check_version(version)
    except ValueError as error:
        raise ArchiveError(str(error)) from None
    settings = read_model_config(config)
    validate_checkpoint(checkpoint, settings)
    predictor = smoke_test(checkpoint, settings)
    export_path.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"mar-{name}-") as tmp:
        stage = stage_files(checkpoint, Path(tmp) / "stage", settings["backend"])
        write_json(stage / DEV_SET_FILE, score_dev_set(predictor, checkpoint))
        weights = checkpoint / WEIGHTS_FILE if settings["backend"] == "torch" else None
        # The archiver names its output <model-name>.mar; it is built aside and moved to its
        # versioned name, so an older version (or a half-written file) is never clobbered.
        built = Path(tmp) / "out"
        built.mkdir()
        run_archiver(name, version, weights, config, stage, built, Path(tmp))
        archive = export_path / archive_file(name, version)
        partial = archive.with_name(f".{archive.name}.partial")
        shutil.copyfile(built / f"{name}.mar", partial)
        os.replace(partial, archive)
    write_sidecar(archive, name, version, checkpoint, config)
    return archive


def read_model_config(config: Path) -> dict[str, Any]:
    """The handler settings, validated by the handler's own parser so a typo fails here."""
    if not config.is_file():
        raise ArchiveError(f"model-config {config} not found")
    document = yaml.safe_load(config.read_text()) or {}
    if not isinstance(document, dict):
        raise ArchiveError(f"model-config {config} must be a YAML mapping")
    try:
        return read_settings(document.get("handler"))
    except ValueError as error:
        raise ArchiveError(f"model-config {config}: {error}") from None


def validate_checkpoint(checkpoint: Path, settings: dict[str, Any]) -> None:
    """Refuse what would serve wrong answers silently, not only what would fail to load."""
    if not checkpoint.is_dir():
        raise ArchiveError(f"checkpoint directory {checkpoint} not found (train it first: make train-all)")
    missing = [name for name in REQUIRED_FILES if not (checkpoint / name).is_file()]
    if not any((checkpoint / name).is_file() for name in TOKENIZER_VOCABULARIES):
        missing.append(f"one of {', '.join(TOKENIZER_VOCABULARIES)}")
    if missing:
        raise ArchiveError(f"checkpoint {checkpoint} lacks {', '.join(missing)}")
    try:
        check_spec(read_json(checkpoint / FEATURE_SPEC_FILE))
    except ValueError as error:
        raise ArchiveError(str(error)) from None
    model_config = read_json(checkpoint / "config.json")
    check_labels(checkpoint, read_json(checkpoint / LABEL_MAP_FILE), model_config)
    check_max_length(settings, model_config)


def check_labels(checkpoint: Path, label_map: dict[str, Any], model_config: dict[str, Any]) -> None:
    """The handler names classes from label_map.json; the head's order lives in config.json."""
    labels = label_map.get("labels") or []
    id2label = model_config.get("id2label") or {}
    head = [id2label.get(str(index)) for index in range(len(id2label))]
    if not labels or labels != head:
        raise ArchiveError(
            f"{checkpoint / LABEL_MAP_FILE} labels {labels} disagree with the model head {head} "
            "in config.json"
        )


def check_max_length(settings: dict[str, Any], model_config: dict[str, Any]) -> None:
    trained = model_config.get("max_seq_length")
    served = settings["max_length"]
    if served is not None and served != trained:
        raise ArchiveError(
            f"handler max_length {served} differs from the checkpoint's max_seq_length {trained}: "
            "that is training/serving skew; set it to the trained value or remove it"
        )


def smoke_test(checkpoint: Path, settings: dict[str, Any]) -> IntentPredictor:
    """Load the checkpoint the way the worker will and predict once: a broken archive never ships."""
    try:
        predictor = load_predictor(str(checkpoint), settings)
        predictor.predict(SMOKE_TEXTS)
    except Exception as error:
        raise ArchiveError(f"checkpoint {checkpoint} does not load or predict: {error}") from error
    return predictor


def stage_files(checkpoint: Path, stage: Path, backend: str) -> Path:
    """Every top-level checkpoint file but the weights (passed as --serialized-file) and the
    ``model`` package's sources, laid out the way they must appear in the archive, plus the one
    ONNX graph an ONNX backend runs (the other export files would only bloat the archive)."""
    shutil.copytree(MODEL_PACKAGE, stage / "model", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for path in sorted(checkpoint.iterdir()):
        if path.is_file() and path.name != WEIGHTS_FILE and not path.name.startswith("."):
            shutil.copy2(path, stage / path.name)
    if backend != "torch":
        graph = onnx_model_path(checkpoint, backend)
        (stage / ONNX_DIR).mkdir()
        shutil.copy2(graph, stage / ONNX_DIR / graph.name)
    return stage


def run_archiver(
    name: str, version: str, weights: Path | None, config: Path, stage: Path, export_path: Path, tmp: Path
) -> None:
    """``weights`` is None for an ONNX backend: its graph is staged and carries the weights, and the
    PyTorch copy would add the whole weights to every archive, and no worker reads them."""
    command = [
        archiver_executable(),
        "--model-name", name,
        "--version", version,
        "--handler", str(HANDLER),
        "--extra-files", str(stage),
        "--config-file", str(config),
        "--export-path", str(export_path),
        "--force",
        *(["--serialized-file", str(weights)] if weights else []),
    ]  # fmt: skip
    # The archiver assembles files in $TMPDIR/<model name>; a private TMPDIR keeps parallel builds apart.
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "TMPDIR": str(tmp)})
    if result.returncode != 0:
        output = result.stderr or result.stdout
        raise ArchiveError(f"torch-model-archiver failed ({result.returncode}):\n{output}")


def archiver_executable() -> str:
    """The CLI installed next to this interpreter, so the venv's archiver matches the venv's TorchServe."""
    local = Path(sys.executable).with_name("torch-model-archiver")
    found = str(local) if local.is_file() else shutil.which("torch-model-archiver")
    if found is None:
        raise ArchiveError("torch-model-archiver not found; run make install")
    return found


def write_sidecar(archive: Path, name: str, version: str, checkpoint: Path, config: Path) -> Path:
    """Provenance next to the archive: which bytes, from which checkpoint, with which scores."""
    metrics_path = checkpoint / METRICS_FILE
    sidecar = archive.with_name(archive.name + ".json")
    payload = {
        "name": name,
        "version": version,
        "archive": archive.name,
        "sha256": sha256_file(archive),
        "size_bytes": archive.stat().st_size,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "checkpoint": str(checkpoint),
        "model_config": str(config),
        "metrics": read_json(metrics_path) if metrics_path.is_file() else None,
    }
    write_json(sidecar, payload)
    return sidecar


def model_name(value: str) -> str:
    if not MODEL_NAME.fullmatch(value):
        message = f"{value!r}: use letters, digits, '_' and '-' (the name becomes a URL path)"
        raise argparse.ArgumentTypeError(message)
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = ArgumentParser(description="Package a checkpoint as a TorchServe .mar archive.")
    parser.add_argument("--name", type=model_name, required=True, help="model name, e.g. distilbert")
    parser.add_argument("--checkpoint", type=Path, required=True, help="checkpoint directory (best_model)")
    parser.option(
        "--model-config", "--config", type=Path, required=True, help="model-config yaml (archive/<name>.yaml)"
    )
    parser.add_argument("--version", default=DEFAULT_VERSION, help="model version (manifest and file name)")
    parser.option(
        "--output-dir", "--export-path", type=Path, default=Path("model_store"), help="where the .mar goes"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = parse_args(argv)
    try:
        archive = build_archive(args.name, args.checkpoint, args.model_config, args.version, args.output_dir)
    except ArchiveError as error:
        logger.error("error: %s", error)
        return 1
    logger.info("wrote %s (%d bytes) and %s.json", archive, archive.stat().st_size, archive.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
