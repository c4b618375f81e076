"""model/metadata.py and training/provenance.py in-process: what an archive says about itself."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml

from archive.dev_set import score_dev_set
from model.checkpoint import DEV_SET_FILE, LABEL_MAP_FILE, METRICS_FILE, PROVENANCE_FILE, TRAINING_CONFIG_FILE
from model.labels import INTENT_DESCRIPTIONS, INTENTS, TAXONOMY_VERSION, build_label_map
from model.metadata import DEV_SET_KEY, archive_metadata
from model.predictor import IntentPredictor
from model.settings import read_settings
from training.provenance import data_provenance

REAL_PROMPTS = Path("training/datasets/real_prompts")
DEV_SET = Path("training/datasets/real_prompts_dev/prompts.jsonl")


@pytest.fixture
def checkpoint(tiny_checkpoint: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(tiny_checkpoint, tmp_path / "checkpoint"))


def test_an_untrained_checkpoint_names_what_it_lacks(checkpoint: Path) -> None:
    metadata = archive_metadata(checkpoint, read_settings(None))
    assert metadata["taxonomy"]["version"] == TAXONOMY_VERSION
    assert [entry["definition"] for entry in metadata["taxonomy"]["intents"]] == [
        INTENT_DESCRIPTIONS[label] for label in INTENTS
    ]
    assert metadata["training_data"] is None and PROVENANCE_FILE in metadata["missing"]["training_data"]
    assert metadata["metrics"] == {"synthetic_test": None, DEV_SET_KEY: None}
    assert METRICS_FILE in metadata["missing"]["metrics.synthetic_test"]
    assert "make eval-real" in metadata["missing"][f"metrics.{DEV_SET_KEY}"]
    config = json.loads((checkpoint / "config.json").read_text())
    assert metadata["max_length"] == config["max_seq_length"]
    assert metadata["calibration"]["temperature"] == config["calibration_temperature"]
    assert metadata["calibration"]["uncertain_below"] == config["min_confidence"]
    for name, digest in metadata["files"].items():
        assert digest == hashlib.sha256((checkpoint / name).read_bytes()).hexdigest()
    assert "feature_spec.json" in metadata["files"]
    json.dumps(metadata)  # plain JSON


def test_metrics_calibration_and_provenance_come_from_the_checkpoint(checkpoint: Path) -> None:
    metrics = {
        "accuracy": 0.8,
        "macro_f1": 0.7,
        "ece": 0.05,
        "num_examples": 12,
        "per_class": {"not": "exposed"},
        "ece_before_calibration": 0.2,
        "ece_after_calibration": 0.05,
        "calibration": {
            "source": "real prompts",
            "examples": 9,
            "ece_before": 0.3,
            "ece_after": 0.1,
            "uncertain_precision_target": 0.9,
        },
        DEV_SET_KEY: {"primary_accuracy": 0.6, "examples": 5},
    }
    (checkpoint / METRICS_FILE).write_text(json.dumps(metrics))
    provenance = data_provenance(REAL_PROMPTS / "dolly.jsonl", None, [], None, {"train": 3})
    (checkpoint / PROVENANCE_FILE).write_text(json.dumps(provenance))
    settings = read_settings({"min_confidence": 0.4, "backend": "torch"})

    metadata = archive_metadata(checkpoint, settings, {"model": {"modelName": "m", "modelVersion": "2.1"}})

    assert metadata["archive"] == {"name": "m", "version": "2.1", "created_on": None}
    assert metadata["metrics"]["synthetic_test"] == {
        key: metrics[key] for key in ("accuracy", "macro_f1", "ece", "num_examples")
    }
    assert metadata["metrics"][DEV_SET_KEY] == metrics[DEV_SET_KEY]
    calibration = metadata["calibration"]
    assert (calibration["uncertain_below"], calibration["uncertain_threshold_source"]) == (
        0.4,
        "model-config",
    )
    assert (calibration["ece_before"], calibration["ece_after"]) == (0.3, 0.1)
    assert (calibration["test_ece_before"], calibration["test_ece_after"]) == (0.2, 0.05)
    assert calibration["fitted_on"] == {"source": "real prompts", "examples": 9}
    assert metadata["training_data"] == provenance
    assert metadata["missing"] == {}


def test_a_label_set_of_its_own_has_no_taxonomy_version_or_definitions(checkpoint: Path) -> None:
    labels = [f"label_{i}" for i in range(len(INTENTS))]
    (checkpoint / LABEL_MAP_FILE).write_text(json.dumps(build_label_map(labels, [])))
    metadata = archive_metadata(checkpoint, read_settings(None))
    assert metadata["taxonomy"]["version"] is None
    assert metadata["taxonomy"]["intents"] == [{"intent": label, "definition": None} for label in labels]
    assert {"taxonomy_version", "definitions"} <= set(metadata["missing"])


def test_provenance_records_rows_hashes_and_the_licences_next_to_each_file() -> None:
    real = sorted(REAL_PROMPTS.glob("*.jsonl"))[:2]
    provenance = data_provenance(real[0], None, real, DEV_SET, {"train": 1})
    [source, *mixed, dev] = provenance["files"]
    assert source["path"] == str(real[0]) and len(mixed) == 2
    for record, path in zip(mixed, real, strict=True):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert record["rows"] == len(lines)
        assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert "excluded" in dev["role"]
    assert provenance["licence_files"] == {
        str(REAL_PROMPTS): sorted(path.name for path in REAL_PROMPTS.glob("LICENSE*")),
        str(DEV_SET.parent): ["LICENSE"],
    }
    assert provenance["split_sizes"] == {"train": 1}


def test_the_archive_build_scores_the_dev_set_its_checkpoint_names(checkpoint: Path, tmp_path: Path) -> None:
    predictor = IntentPredictor.from_checkpoint(checkpoint)
    assert "names no data.dev_data" in score_dev_set(predictor, checkpoint)["reason"]

    lines = DEV_SET.read_text(encoding="utf-8").splitlines()[:6]
    dev = tmp_path / "dev.jsonl"
    dev.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (checkpoint / TRAINING_CONFIG_FILE).write_text(yaml.safe_dump({"data": {"dev_data": str(dev)}}))
    scored = score_dev_set(predictor, checkpoint)["metrics"]

    records = [json.loads(line) for line in lines]
    predicted = [answer["intent"] for answer in predictor.predict([r["text"] for r in records])]
    assert scored["num_prompts"] == len(records)
    pairs = list(zip(predicted, records, strict=True))
    assert scored["primary_accuracy"] == sum(p == r["intent"] for p, r in pairs) / len(records)
    either = sum(p in (r["intent"], r.get("alt")) for p, r in pairs)
    assert scored["primary_or_alt_accuracy"] == either / len(records)
    assert scored["sha256"] == hashlib.sha256(dev.read_bytes()).hexdigest()

    (checkpoint / DEV_SET_FILE).write_text(json.dumps({"metrics": scored}))
    assert archive_metadata(checkpoint, read_settings(None))["metrics"][DEV_SET_KEY] == scored
