"""What an archive says about itself: TorchServe's describe call (``GET /models/<name>?customized=true``).

A client that routes on these intents needs more than a model name: what each label means, which
version of the labelling guide it follows, what data trained it and under which licences, how good
it was on held-out prompts, how its confidence is calibrated and where ``uncertain`` starts, and
which exact tokenizer and feature code its inputs need. All of it is read from the files the
archive packs (the checkpoint's ``config.json``, ``label_map.json``, ``metrics.json``,
``data_provenance.json``, tokenizer files and feature spec), never from the repository, so the
answer describes the bytes being served. Anything the checkpoint does not record is ``null`` with
a reason under ``missing``, never a guess.

Framework-free (no TorchServe): the handler only returns :func:`archive_metadata`, and tests call it
in-process.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from model.checkpoint import (
    DEV_SET_FILE,
    FEATURE_SPEC_FILE,
    LABEL_MAP_FILE,
    METRICS_FILE,
    PROVENANCE_FILE,
    read_json,
)
from model.labels import INTENT_DESCRIPTIONS, INTENTS, TAXONOMY_VERSION

TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "vocab.txt",
    "vocab.json",
    "merges.txt",
    "spm.model",
    "special_tokens_map.json",
)
TEST_METRICS = ("accuracy", "macro_f1", "weighted_f1", "ece", "complexity_accuracy", "num_examples")
DEV_SET_KEY = "real_dev_set"
"""The real-prompt dev-set scores: this key of ``metrics.json`` when training measured them, else
``dev_set_metrics.json`` from the archive build."""
METADATA_VERSION = 1


def archive_metadata(
    model_dir: str | Path, settings: dict[str, Any], manifest: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The describe answer for the archive unpacked at ``model_dir``, served with ``settings``
    (the parsed ``handler:`` section) under TorchServe's ``manifest`` (name, version, build time)."""
    model_dir = Path(model_dir)
    config = read_json(model_dir / "config.json")
    label_map = read_json(model_dir / LABEL_MAP_FILE)
    metrics = _optional_json(model_dir / METRICS_FILE)
    dev_set = _optional_json(model_dir / DEV_SET_FILE) or {}
    provenance = _optional_json(model_dir / PROVENANCE_FILE)
    missing: dict[str, str] = {}
    labels = list(label_map["labels"])
    default_taxonomy = labels == list(INTENTS)
    if not default_taxonomy:
        missing["taxonomy_version"] = "a label set of its own: the labelling guide's version does not apply"
        missing["definitions"] = "a label set of its own has no definitions in this code"
    if provenance is None:
        missing["training_data"] = f"the checkpoint has no {PROVENANCE_FILE} (trained before it was recorded)"
    model = (manifest or {}).get("model", {})
    return {
        "metadata_version": METADATA_VERSION,
        "archive": {
            "name": model.get("modelName"),
            "version": model.get("modelVersion"),
            "created_on": (manifest or {}).get("createdOn"),
        },
        "taxonomy": {
            "version": TAXONOMY_VERSION if default_taxonomy else None,
            "intents": [
                {"intent": label, "definition": INTENT_DESCRIPTIONS.get(label) if default_taxonomy else None}
                for label in labels
            ],
            "complexity_levels": label_map.get("complexity_levels", []),
        },
        "encoder": {
            "model_type": (config.get("encoder") or {}).get("model_type"),
            "pretrained_model": (metrics or {}).get("pretrained_model"),
            "parameters": (metrics or {}).get("parameters"),
        },
        "backend": settings["backend"],
        "max_length": settings["max_length"] or config.get("max_seq_length"),
        "training_data": provenance,
        "metrics": _metrics(metrics, dev_set, missing),
        "calibration": _calibration(config, metrics, settings),
        "files": {name: sha256_file(model_dir / name) for name in _packed_inputs(model_dir)},
        "missing": missing,
    }


def _metrics(
    metrics: dict[str, Any] | None, dev_set: dict[str, Any], missing: dict[str, str]
) -> dict[str, Any]:
    """The synthetic test split's scores from training; the real dev set's from training or, more
    often, from the archive build (``dev_set_metrics.json``)."""
    dev_scores = (metrics or {}).get(DEV_SET_KEY) or dev_set.get("metrics")
    if dev_scores is None:
        reason = dev_set.get("reason", "not measured when this checkpoint was trained or archived")
        missing[f"metrics.{DEV_SET_KEY}"] = (
            f"{reason}; `make eval-real SERVED=<name>` scores a served archive"
        )
    if metrics is None:
        missing["metrics.synthetic_test"] = f"the checkpoint has no {METRICS_FILE}"
    return {
        "synthetic_test": {key: metrics[key] for key in TEST_METRICS if key in metrics} if metrics else None,
        DEV_SET_KEY: dev_scores,
    }


def _calibration(
    config: dict[str, Any], metrics: dict[str, Any] | None, settings: dict[str, Any]
) -> dict[str, Any]:
    """Temperature and threshold as served; ECE as measured when they were fitted."""
    fitted = (metrics or {}).get("calibration") or {}
    served_threshold = settings["min_confidence"]
    return {
        "temperature": config.get("calibration_temperature"),
        "uncertain_below": config.get("min_confidence") if served_threshold is None else served_threshold,
        "uncertain_threshold_source": "checkpoint" if served_threshold is None else "model-config",
        "uncertain_precision_target": fitted.get("uncertain_precision_target"),
        "fitted_on": {key: fitted[key] for key in ("source", "examples") if key in fitted} or None,
        "ece_before": fitted.get("ece_before"),
        "ece_after": fitted.get("ece_after"),
        "test_ece_before": (metrics or {}).get("ece_before_calibration"),
        "test_ece_after": (metrics or {}).get("ece_after_calibration"),
        "traffic_prior": settings["traffic_prior"] or _prior(config),
        "prior_strength": config.get("prior_strength"),
    }


def _prior(config: dict[str, Any]) -> dict[str, float] | None:
    prior = config.get("traffic_prior")
    labels = [config.get("id2label", {}).get(str(index)) for index in range(len(prior or []))]
    return dict(zip(labels, prior, strict=True)) if prior else None


def _packed_inputs(model_dir: Path) -> list[str]:
    """The files that decide what the model's inputs are: the feature spec and the tokenizer."""
    return [name for name in (FEATURE_SPEC_FILE, *TOKENIZER_FILES) if (model_dir / name).is_file()]


def _optional_json(path: Path) -> Any:
    return read_json(path) if path.is_file() else None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
