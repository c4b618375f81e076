"""training/bench_train_speed.py end to end on a tiny encoder: real Trainers, a few steps each."""

from pathlib import Path

import pytest

from tests.test_train import small_banking, write_config  # noqa: F401 (a fixture)
from training.bench_train_speed import main


@pytest.fixture(autouse=True)
def offline_encoders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("training.encoders.DEFAULT_CACHE", tmp_path_factory.getbasetemp() / "encoders-speed")


@pytest.mark.slow
def test_reports_every_trainer_and_a_profiled_step(tmp_path: Path, small_banking, capsys) -> None:  # noqa: F811
    train_csv, _ = small_banking
    config = write_config(tmp_path, max_length=64)
    out = tmp_path / "reports"
    argv = ["--train-config", str(config), "--data", str(train_csv), "--steps", "3", "--warmup", "1"]
    assert main([*argv, "--output-dir", str(out)]) == 0
    report = next(out.glob("*/report.md")).read_text()
    for run in ("plain Trainer, padded to max_length", "plain Trainer, dynamic padding", "intent-serve"):
        assert run in report
    assert "| forward |" in report and "| backward |" in report
    # Padding every text to max_length computes 64 tokens per row; dynamic padding computes fewer.
    assert "| 1024 |" in report
