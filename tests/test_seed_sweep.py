"""training/seed_sweep.py: real training runs of a tiny encoder, one per seed, scored on the dev set."""

import json
from pathlib import Path

import pytest
import yaml

from tests.test_train import write_config
from training.generate_data import main as generate
from training.seed_sweep import SweepOptions, aggregate, halves, seed_config, split_held_out, sweep

REAL = Path("training/datasets/real_prompts/dolly.jsonl")


def real_sample(path: Path, rows: int) -> Path:
    """The first rows of a shipped real-prompt file, so a run trains on seconds' worth of them."""
    path.write_text("\n".join(REAL.read_text(encoding="utf-8").splitlines()[:rows]) + "\n", encoding="utf-8")
    return path


def test_seed_config_changes_only_the_seed_and_the_splits() -> None:
    raw = yaml.safe_load(Path("configs/distilbert.yaml").read_text())
    changed = seed_config(raw, 7, Path("sweep/processed"))
    assert changed["training"]["seed"] == 7
    assert changed["data"]["processed_dir"] == "sweep/processed"
    assert raw["training"]["seed"] == 42, "the recipe itself is left as it is"
    assert {**changed, "training": raw["training"], "data": raw["data"]} == raw


def test_halves_are_disjoint_reproducible_and_cover_the_file(tmp_path: Path) -> None:
    sample = real_sample(tmp_path / "sample.jsonl", 31)
    first, second = halves(sample, seed=0)
    assert (len(first), len(second)) == (15, 16)
    assert sorted(first + second) == sorted(sample.read_text(encoding="utf-8").splitlines())
    assert halves(sample, seed=0) == (first, second)
    assert halves(sample, seed=1) != (first, second)


@pytest.mark.parametrize("train", ["half", "none"])
def test_held_out_files_leave_real_data_and_only_their_first_halves_come_back(
    tmp_path: Path, train: str
) -> None:
    sample = real_sample(tmp_path / "sample.jsonl", 20)
    options = SweepOptions(
        train_config=Path("configs/distilbert.yaml"),
        seeds=[1],
        output_dir=tmp_path / "sweep",
        hold_out=[sample],
        hold_out_train=train,
    )
    other = "training/datasets/real_prompts/oasst1_validation.jsonl"
    real_data, held_out_file = split_held_out(options, [other, str(sample)])
    held_out = held_out_file.read_text(encoding="utf-8").splitlines()
    assert held_out == halves(sample, 0)[1]
    if train == "none":
        assert real_data == [other]
    else:
        assert real_data[0] == other and len(real_data) == 2
        trained = Path(real_data[1]).read_text(encoding="utf-8").splitlines()
        assert trained == halves(sample, 0)[0] and not set(trained) & set(held_out)


def test_a_held_out_text_that_trains_in_another_file_is_not_scored(tmp_path: Path) -> None:
    sample = real_sample(tmp_path / "sample.jsonl", 20)
    leaked = halves(sample, 0)[1][0]
    other = tmp_path / "other.jsonl"
    other.write_text(leaked.replace('"id": "', '"id": "copy-') + "\n", encoding="utf-8")
    options = SweepOptions(
        train_config=Path("configs/distilbert.yaml"),
        seeds=[1],
        output_dir=tmp_path / "sweep",
        hold_out=[sample],
    )
    _, held_out_file = split_held_out(options, [str(other), str(sample)])
    held_out = held_out_file.read_text(encoding="utf-8").splitlines()
    assert leaked not in held_out and len(held_out) == 9


def test_aggregate_gives_mean_and_sample_spread() -> None:
    rows = [
        {"dev_primary": 0.85, "calibration_accuracy": None},
        {"dev_primary": 0.875, "calibration_accuracy": 0.9},
    ]
    rows = [{key: row.get(key) for key in ("dev_primary", "calibration_accuracy")} for row in rows]
    for row in rows:
        row.update(dict.fromkeys(("dev_primary_or_alt", "dev_complexity", "dev_ece"), 0.5))
        row.update(dict.fromkeys(("held_out_primary", "held_out_primary_or_alt", "held_out_ece")))
        row.update(synthetic_accuracy=0.9, training_time_s=10.0)
    summary = aggregate(rows)
    assert summary["dev_primary"]["mean"] == pytest.approx(0.8625)
    assert summary["dev_primary"]["sd"] == pytest.approx(0.0176777, rel=1e-4)
    assert summary["calibration_accuracy"] == {"mean": 0.9, "sd": None}, "one value has no spread"
    assert summary["held_out_primary"] == {"mean": None, "sd": None}, "no --hold-out, no column values"


@pytest.mark.slow
def test_each_seed_trains_once_and_the_summary_has_mean_and_spread(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The runs are subprocesses: the encoder cache reaches them through the environment.
    monkeypatch.setenv("INTENT_SERVE_ENCODERS", str(tmp_path_factory.getbasetemp() / "encoders-sweep"))
    data = tmp_path / "synthetic.json"
    assert (
        generate(["--examples-per-intent", "12", "--edge-cases", "0", "--seed", "3", "--output", str(data)])
        == 0
    )
    config = write_config(tmp_path, num_epochs=1, max_length=32)
    raw = yaml.safe_load(config.read_text())
    raw["data"]["real_data"] = []  # seconds, not minutes: the synthetic prompts alone
    config.write_text(yaml.safe_dump(raw))
    # Real prompts only as halves of one small file: a half trains, the other is scored.
    sample = real_sample(tmp_path / "real_sample.jsonl", 30)
    options = SweepOptions(
        train_config=config, seeds=[1, 2], output_dir=tmp_path / "sweep", data=data, hold_out=[sample]
    )

    result = sweep(options)

    assert [row["seed"] for row in result["runs"]] == [1, 2]
    for seed in (1, 2):
        written = yaml.safe_load((options.output_dir / f"seed-{seed}" / "train_config.yaml").read_text())
        assert written["training"]["seed"] == seed
        assert written["data"]["processed_dir"] == str(options.output_dir / "processed")
        assert written["data"]["real_data"] == [str(options.output_dir / "held-out" / "train_half.jsonl")]
    assert result["summary"]["dev_primary"]["sd"] is not None
    assert all(0 <= row["held_out_primary"] <= 1 for row in result["runs"])
    scored = json.loads((options.output_dir / "eval-held-out" / "metrics.json").read_text())
    assert scored["test_data"] == str(options.output_dir / "held-out" / "held_out.jsonl")
    summary = (options.output_dir / "summary.md").read_text()
    assert "| mean |" in summary and "| sd |" in summary
    assert json.loads((options.output_dir / "summary.json").read_text())["runs"][1]["seed"] == 2

    weights = options.output_dir / "seed-1" / "checkpoints" / "best_model" / "model.safetensors"
    before = weights.stat().st_mtime_ns
    again = sweep(options)
    assert weights.stat().st_mtime_ns == before, "a seed with a checkpoint is scored, not retrained"
    assert again["runs"] == result["runs"]
