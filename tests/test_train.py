"""The training CLI end to end on tiny offline encoders (seconds per run)."""

import csv
import json
from pathlib import Path

import mlflow
import pytest
import yaml
from transformers import TrainerCallback

from model.checkpoint import LABEL_MAP_FILE, METRICS_FILE, PROVENANCE_FILE, TRAINING_CONFIG_FILE
from model.predictor import IntentPredictor
from training.config import ConfigError, load_config, parse_config
from training.train import RUN_FILE, TrainOptions, main, resume_point, setup_mlflow, train

BANKING77 = Path(__file__).resolve().parent.parent / "training/datasets/banking77"
CLASSES = ("card_arrival", "exchange_rate", "lost_or_stolen_card", "top_up_failed")


@pytest.fixture(scope="module")
def small_banking(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Four Banking77 intents: real human-written queries, small enough for seconds-long runs."""
    root = tmp_path_factory.mktemp("banking")
    paths = []
    for split in ("train", "test"):
        with open(BANKING77 / f"{split}.csv", newline="", encoding="utf-8") as handle:
            rows = [row for row in csv.DictReader(handle) if row["category"] in CLASSES]
        path = root / f"{split}.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=["text", "label"])
            writer.writeheader()
            writer.writerows({"text": r["text"], "label": r["category"]} for r in rows)
        paths.append(path)
    return paths[0], paths[1]


def write_config(tmp_path: Path, encoder: str = "offline:tiny-distilbert", **training: object) -> Path:
    raw = yaml.safe_load(Path("configs/distilbert.yaml").read_text())
    raw["model"]["distilbert_classifier"]["pretrained_model"] = encoder
    raw["training"].update({"num_epochs": 4, "learning_rate": 3e-3, "batch_size": 16, **training})
    raw["data"]["processed_dir"] = str(tmp_path / "processed")
    raw["mlflow"] = {
        "tracking_uri": f"sqlite:///{tmp_path}/mlflow.db",
        "artifact_location": str(tmp_path / "artifacts"),
        "experiment_name": "tests",
    }
    raw["hyperparameter_search"]["search_space"] = {
        "learning_rate": {"type": "float", "low": 1e-3, "high": 3e-3, "log": True},
        "dropout": {"type": "float", "low": 0.0, "high": 0.2},
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


@pytest.fixture(autouse=True)
def offline_encoders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("training.encoders.DEFAULT_CACHE", tmp_path_factory.getbasetemp() / "encoders-train")


@pytest.mark.slow
def test_short_run_beats_chance_and_writes_a_servable_checkpoint(tmp_path, small_banking) -> None:
    train_csv, test_csv = small_banking
    out = tmp_path / "run"
    code = main(
        [
            "--train-config",
            str(write_config(tmp_path)),
            "--data",
            str(train_csv),
            "--test-data",
            str(test_csv),
            "--output-dir",
            str(out),
            "--run-name",
            "smoke",
            "--benchmark",
        ]
    )
    assert code == 0
    best = out / "checkpoints/best_model"
    for name in (
        "model.safetensors",
        "config.json",
        LABEL_MAP_FILE,
        "feature_spec.json",
        TRAINING_CONFIG_FILE,
        METRICS_FILE,
        "tokenizer.json",
    ):
        assert (best / name).exists(), name
    assert not list(best.glob("*.bin")) and not list(best.glob("*.pt"))
    metrics = json.loads((best / METRICS_FILE).read_text())
    assert metrics["accuracy"] > 0.6, metrics["accuracy"]  # chance is 0.25
    assert metrics["num_examples"] == len(test_csv.read_text().splitlines()) - 1
    assert {row["batch_size"] for row in metrics["benchmark"]} == {1, 8, 32}
    for key in (
        "macro_f1",
        "weighted_f1",
        "per_class",
        "training_time_s",
        "size_on_disk_bytes",
        "parameters",
        "ece_before_calibration",
        "ece_after_calibration",
        "temperature",
    ):
        assert key in metrics
    assert "complexity_accuracy" not in metrics  # user data without complexity labels
    provenance = json.loads((best / PROVENANCE_FILE).read_text())
    assert [(record["path"], record["rows"]) for record in provenance["files"]] == [
        (str(train_csv), len(train_csv.read_text().splitlines()) - 1),
        (str(test_csv), metrics["num_examples"]),
    ]  # a label set of its own: no real prompts mixed in
    assert provenance["split_sizes"]["test"] == metrics["num_examples"]
    predictor = IntentPredictor.from_checkpoint(best)
    assert predictor.labels == sorted(CLASSES)
    assert predictor.temperature == pytest.approx(metrics["temperature"])
    answer = predictor.predict(["I still have not received my new card"])[0]
    assert answer["complexity"] is None
    # The out-of-scope detector is fitted on the best model and stored with it (safetensors + JSON).
    assert (best / "out_of_scope.json").is_file() and (best / "out_of_scope.safetensors").is_file()
    assert metrics["out_of_scope"]["method"] == load_config(best / TRAINING_CONFIG_FILE).out_of_scope.method
    assert isinstance(answer["out_of_scope"], bool)
    load_config(best / TRAINING_CONFIG_FILE)

    mlflow.set_tracking_uri(f"sqlite:///{tmp_path}/mlflow.db")
    runs = mlflow.search_runs(experiment_names=["tests"], output_format="list")
    assert len(runs) == 1
    run = runs[0]
    assert run.info.run_name == "smoke"
    assert run.data.metrics["test_accuracy"] == pytest.approx(metrics["accuracy"])
    history = mlflow.MlflowClient().get_metric_history(run.info.run_id, "eval_loss")
    assert len(history) == 4  # one validation loss per epoch
    artifacts = {a.path for a in mlflow.MlflowClient().list_artifacts(run.info.run_id)}
    assert {"confusion_matrix.png", "checkpoint"} <= artifacts


@pytest.mark.slow
def test_optuna_search_runs_trials_and_the_final_model_uses_the_best(tmp_path, small_banking) -> None:
    train_csv, _ = small_banking
    out = tmp_path / "run"
    storage = f"sqlite:///{tmp_path}/optuna.db"
    config = write_config(tmp_path, num_epochs=1)
    code = main(
        [
            "--config",
            str(config),
            "--data",
            str(train_csv),
            "--output-dir",
            str(out),
            "--hyperparameter-search",
            "--n-trials",
            "2",
            "--optuna-storage",
            storage,
            "--study-name",
            "t",
        ]
    )
    assert code == 0
    import optuna

    study = optuna.load_study(study_name="t", storage=storage)
    assert len(study.trials) == 2
    best = study.best_trial.params
    metrics = json.loads((out / "checkpoints/best_model" / METRICS_FILE).read_text())
    assert metrics["hyperparameter_search"]["params"] == best
    saved = load_config(out / "checkpoints/best_model" / TRAINING_CONFIG_FILE)
    assert saved.training.learning_rate == pytest.approx(best["learning_rate"])
    assert saved.classifier.dropout == pytest.approx(best["dropout"])
    model_config = json.loads((out / "checkpoints/best_model/config.json").read_text())
    assert model_config["classifier_dropout"] == pytest.approx(best["dropout"])


@pytest.mark.slow
def test_deberta_trains_on_generated_style_data_with_complexity(tmp_path) -> None:
    examples = []
    for i in range(40):
        examples.append(
            {
                "text": f"Write a Python function number {i} that sorts a list",
                "intent": "code_generation",
                "complexity": "simple",
                "family": f"code/{i % 4}",
            }
        )
        examples.append(
            {
                "text": f"Translate sentence {i} into French: good morning, friend",
                "intent": "translation",
                "complexity": "moderate",
                "family": f"tr/{i % 4}",
            }
        )
    data = tmp_path / "gen.json"
    data.write_text(json.dumps({"metadata": {}, "examples": examples}))
    config = write_config(tmp_path, encoder="offline:tiny-deberta", num_epochs=2)
    out = tmp_path / "run"
    assert main(["--config", str(config), "--data", str(data), "--output-dir", str(out)]) == 0
    metrics = json.loads((out / "checkpoints/best_model" / METRICS_FILE).read_text())
    assert "complexity_accuracy" in metrics
    answer = IntentPredictor.from_checkpoint(out / "checkpoints/best_model").predict(
        ["Translate this: hello"]
    )[0]
    assert answer["complexity"]["level"] in ("simple", "moderate", "complex")


class InterruptAfterFirstSave(TrainerCallback):
    """Ctrl-C right after the first epoch checkpoint is on disk: what an interrupted make mar leaves."""

    def on_save(self, *args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt


@pytest.mark.slow
def test_an_interrupted_run_resumes_from_its_last_epoch_checkpoint(tmp_path, small_banking) -> None:
    train_csv, test_csv = small_banking
    out = tmp_path / "run"
    config_path = write_config(tmp_path, num_epochs=2)
    config = load_config(config_path)
    setup_mlflow(config)
    options = TrainOptions(data=str(train_csv), test_data=str(test_csv), output_dir=str(out))
    with mlflow.start_run(), pytest.raises(KeyboardInterrupt):
        train(config, options, callbacks=[InterruptAfterFirstSave()])
    (saved,) = (out / "trainer/final").glob("checkpoint-*")
    kept = {path.name for path in saved.iterdir()}
    assert {"model.safetensors", "optimizer.pt", "scheduler.pt", "trainer_state.json"} <= kept, kept
    state = json.loads((saved / "trainer_state.json").read_text())
    assert state["epoch"] == 1
    assert not (out / "checkpoints/best_model").exists()

    argv = ["--train-config", str(config_path), "--data", str(train_csv), "--test-data", str(test_csv)]
    assert main([*argv, "--output-dir", str(out), "--resume"]) == 0
    metrics = json.loads((out / "checkpoints/best_model" / METRICS_FILE).read_text())
    assert metrics["resumed_from_step"] == state["global_step"]
    assert metrics["global_step"] == 2 * state["global_step"]  # the second epoch, same length
    assert metrics["epochs"] == 2
    assert not (out / "trainer").exists(), "the work dir outlived a finished run"


def test_resume_only_from_a_checkpoint_of_the_same_run(tmp_path) -> None:
    """A checkpoint written with another config or data is retrained, never mixed in."""
    work = tmp_path / "final"
    run = {"config": {"training": {"learning_rate": 0.001}}, "data": {"data": None, "labels_file": None}}
    assert resume_point(work, run, resume=True) is None  # nothing to resume: a fresh work dir
    assert json.loads((work / RUN_FILE).read_text()) == run
    (work / "checkpoint-12").mkdir()
    (work / "checkpoint-12" / "trainer_state.json").write_text("{}")
    assert resume_point(work, run, resume=True) == str(work / "checkpoint-12")
    other = {**run, "config": {"training": {"learning_rate": 0.002}}}
    assert resume_point(work, other, resume=True) is None
    assert not (work / "checkpoint-12").exists()
    assert json.loads((work / RUN_FILE).read_text()) == other
    (work / "checkpoint-3").mkdir()
    assert resume_point(work, other, resume=False) is None  # without --resume: always from scratch
    assert not (work / "checkpoint-3").exists()


def test_config_rejects_unknown_keys() -> None:
    raw = yaml.safe_load(Path("configs/distilbert.yaml").read_text())
    parse_config(raw)
    raw["training"]["learning_rte"] = 1e-4
    with pytest.raises(ConfigError, match="learning_rte"):
        parse_config(raw)
    raw = yaml.safe_load(Path("configs/deberta.yaml").read_text())
    raw["model"]["deberta_classifier"]["pooling"] = "mean"
    with pytest.raises(ConfigError, match="pooling"):
        parse_config(raw)


@pytest.mark.parametrize("name", ["distilbert", "deberta"])
def test_shipped_configs_load(name: str) -> None:
    config = load_config(f"configs/{name}.yaml")
    assert config.name == name
    assert config.classifier.pretrained_model.startswith("offline:")
