"""training/bench_oos.py end to end on a tiny encoder and eight Banking77 classes (seconds)."""

import csv
import json
from pathlib import Path

import pytest
import yaml

from model.out_of_scope import OutOfScopeDetector
from model.predictor import IntentPredictor
from training.bench_oos import VARIANTS, known_classes, main
from training.config import load_config

BANKING77 = Path(__file__).resolve().parent.parent / "training/datasets/banking77"
CLASSES = json.loads((BANKING77 / "categories.json").read_text())[:8]


@pytest.fixture(autouse=True)
def offline_encoders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("training.encoders.DEFAULT_CACHE", tmp_path_factory.getbasetemp() / "encoders-oos")


def small_banking(root: Path) -> Path:
    """Eight classes, at most 40 training texts each: a run of a few seconds."""
    root.mkdir()
    (root / "categories.json").write_text(json.dumps(CLASSES))
    for split, limit in (("train", 40), ("test", 20)):
        with open(BANKING77 / f"{split}.csv", newline="", encoding="utf-8") as handle:
            rows = [row for row in csv.DictReader(handle) if row["category"] in CLASSES]
        kept = [row for label in CLASSES for row in [r for r in rows if r["category"] == label][:limit]]
        with open(root / f"{split}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=["text", "category"])
            writer.writeheader()
            writer.writerows(kept)
    return root


def tiny_config(tmp_path: Path) -> Path:
    raw = yaml.safe_load(Path("configs/distilbert.yaml").read_text())
    raw["model"]["distilbert_classifier"]["pretrained_model"] = "offline:tiny-distilbert"
    raw["training"].update({"learning_rate": 3e-3, "batch_size": 16})
    raw["mlflow"] = {
        "tracking_uri": f"sqlite:///{tmp_path}/mlflow.db",
        "artifact_location": str(tmp_path / "artifacts"),
        "experiment_name": "tests",
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def test_known_classes_are_a_seeded_share_in_dataset_order() -> None:
    first, again = known_classes(CLASSES, 0.75, 42), known_classes(CLASSES, 0.75, 42)
    assert first == again and len(first) == 6
    assert first == [label for label in CLASSES if label in first]


@pytest.mark.slow
def test_bench_trains_on_known_classes_and_reports_every_score(tmp_path: Path, capsys) -> None:
    data = small_banking(tmp_path / "banking")
    work, out = tmp_path / "work", tmp_path / "reports"
    argv = ["--train-config", str(tiny_config(tmp_path)), "--data", str(data), "--num-epochs", "2"]
    assert main([*argv, "--work-dir", str(work), "--output-dir", str(out)]) == 0
    [report] = out.glob("*/results.json")
    result = json.loads(report.read_text())
    protocol = result["protocol"]
    assert len(protocol["known_classes"]) == 6 and len(protocol["held_out_classes"]) == 2
    assert protocol["out_of_scope_test_texts"] == 2 * 20
    assert [row["score"] for row in result["scores"]] == [name for _, _, name in VARIANTS]
    for row in result["scores"]:
        assert 0 <= row["auroc"] <= 1 and 0 <= row["oos_recall"] <= 1 and 0 < row["in_scope_kept"] <= 1
    printed = capsys.readouterr().out
    assert "| max probability (baseline) |" in printed
    # The run stored a detector in its checkpoint, and the predictor serves it.
    best = work / "checkpoints/best_model"
    assert OutOfScopeDetector.load(best).method == load_config(tmp_path / "config.yaml").out_of_scope.method
    answer = IntentPredictor.from_checkpoint(best).predict(["How do I top up by card?"])[0]
    assert isinstance(answer["out_of_scope"], bool) and isinstance(answer["out_of_scope_score"], float)
    # Scoring again reuses the checkpoint instead of training.
    trained_at = (best / "model.safetensors").stat().st_mtime_ns
    assert main([*argv, "--work-dir", str(work), "--output-dir", str(out), "--reuse"]) == 0
    assert (best / "model.safetensors").stat().st_mtime_ns == trained_at
