"""Train one recipe under several seeds and score every run on real prompts: mean and spread.

    python -m training.seed_sweep --train-config configs/distilbert.yaml --seeds 1 2 3 \\
        --output-dir reports/seed-sweep/two-epochs
    python -m training.seed_sweep --train-config configs/distilbert.yaml --seeds 1 2 3 \\
        --data data/generated/bigger.json --num-epochs 3 --output-dir reports/seed-sweep/three-epochs

Why: on the 160-prompt dev set one prompt is 0.6 points, and two runs of the same recipe that
differ only in the training seed land several prompts apart. A recipe comparison made of one run
per recipe cannot tell a change from that noise; the same comparison over seeds can. Every run
trains on the same splits (``--data`` is split once, with ``--split-seed``); only
``training.seed`` changes, which also draws each run's held-out real calibration prompts, so each
run is scored on the dev set and on its own held-out real prompts. A seed whose checkpoint is
already in ``--output-dir`` is scored without retraining, so an interrupted sweep continues.

Writes ``summary.md`` and ``summary.json`` (a row per seed, then mean and sample standard
deviation) and the dev-set report of every run under ``eval/``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from common.io import write_json
from common.tables import markdown_table
from training.compare_models import ModelSpec
from training.data.prepare import PrepareConfig, prepare_dataset
from training.eval_real import DEFAULT_TEST_DATA, EvalOptions, evaluate

COLUMNS = (
    ("dev_primary", "dev primary"),
    ("dev_primary_or_alt", "dev primary-or-alt"),
    ("dev_complexity", "dev complexity"),
    ("dev_ece", "dev ECE"),
    ("calibration_accuracy", "held-out real accuracy"),
    ("synthetic_accuracy", "synthetic test accuracy"),
    ("training_time_s", "training s"),
)


@dataclass(frozen=True)
class SweepOptions:
    """One recipe (a training config, optionally its own data and epochs) and the seeds to run."""

    train_config: Path
    seeds: list[int]
    output_dir: Path
    data: Path | None = None
    split_seed: int = 42
    num_epochs: int | None = None
    test_data: Path = DEFAULT_TEST_DATA


def seed_config(raw: dict[str, Any], seed: int, processed_dir: Path | None) -> dict[str, Any]:
    """The recipe's config with only the training seed (and, for ``--data``, the splits) changed."""
    config = json.loads(json.dumps(raw))
    config["training"]["seed"] = seed
    if processed_dir is not None:
        config["data"]["processed_dir"] = str(processed_dir)
    return config


def prepare_splits(options: SweepOptions, raw: dict[str, Any]) -> Path | None:
    """Split ``--data`` once, so every seed trains and validates on the same synthetic examples."""
    if options.data is None:
        return None
    processed = options.output_dir / "processed"
    if not (processed / "label_map.json").exists():
        prepare_dataset(
            PrepareConfig(
                input=options.data,
                output_dir=processed,
                val_size=raw["data"]["val_size"],
                test_size=raw["data"]["test_size"],
                seed=options.split_seed,
            )
        )
    return processed


def train_seed(options: SweepOptions, config: dict[str, Any], run_dir: Path) -> Path:
    """Train one seed in its own process (as a user's ``python -m training.train`` would run)."""
    checkpoint = run_dir / "checkpoints" / "best_model"
    if (checkpoint / "model.safetensors").exists():
        print(f"{run_dir.name}: checkpoint present, scoring it without retraining")
        return checkpoint
    run_dir.mkdir(parents=True, exist_ok=True)
    config_path = run_dir / "train_config.yaml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    command = [sys.executable, "-m", "training.train", "--train-config", str(config_path)]
    command += ["--output-dir", str(run_dir), "--run-name", f"{options.output_dir.name}-{run_dir.name}"]
    if options.num_epochs is not None:
        command += ["--num-epochs", str(options.num_epochs)]
    print(f"{run_dir.name}: {' '.join(command)}", flush=True)
    subprocess.run(command, check=True)
    return checkpoint


def seed_row(seed: int, dev: dict[str, Any], checkpoint: Path) -> dict[str, Any]:
    """The numbers a recipe comparison needs from one run: dev scores and the run's own metrics."""
    metrics = json.loads((checkpoint / "metrics.json").read_text())
    return {
        "seed": seed,
        "dev_primary": dev["primary_accuracy"],
        "dev_primary_or_alt": dev["primary_or_alt_accuracy"],
        "dev_complexity": dev["complexity_accuracy"],
        "dev_ece": dev["ece"],
        "calibration_accuracy": metrics.get("calibration", {}).get("accuracy"),
        "synthetic_accuracy": metrics["accuracy"],
        "training_time_s": metrics.get("training_time_s"),
    }


def aggregate(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Mean and sample standard deviation per column (no spread from a single run)."""
    summary: dict[str, dict[str, float | None]] = {}
    for key, _ in COLUMNS:
        values = [row[key] for row in rows if row[key] is not None]
        summary[key] = {
            "mean": statistics.fmean(values) if values else None,
            "sd": statistics.stdev(values) if len(values) > 1 else None,
        }
    return summary


def _cell(key: str, value: float | None) -> str:
    if value is None:
        return "–"
    if key == "training_time_s":
        return f"{value:.0f}"
    if key == "dev_ece":
        return f"{value:.3f}"
    return f"{100 * value:.1f}"


def markdown_summary(options: SweepOptions, rows: Sequence[dict[str, Any]], summary: dict[str, Any]) -> str:
    header = ["seed"] + [title for _, title in COLUMNS]
    table = [[str(row["seed"])] + [_cell(key, row[key]) for key, _ in COLUMNS] for row in rows]
    table.append(["mean"] + [_cell(key, summary[key]["mean"]) for key, _ in COLUMNS])
    table.append(["sd"] + [_cell(key, summary[key]["sd"]) for key, _ in COLUMNS])
    recipe = f"`{options.train_config}`"
    if options.data is not None:
        recipe += f", data `{options.data}` (split seed {options.split_seed})"
    if options.num_epochs is not None:
        recipe += f", {options.num_epochs} epochs"
    return (
        f"# Seed sweep: {recipe}\n\n"
        f"Dev set: `{options.test_data}`. Accuracies in %, ECE as served; held-out real accuracy is\n"
        "each run's own real calibration prompts (drawn by its seed).\n\n"
        + markdown_table(header, table)
        + "\n"
    )


def sweep(options: SweepOptions) -> dict[str, Any]:
    raw = yaml.safe_load(options.train_config.read_text())
    options.output_dir.mkdir(parents=True, exist_ok=True)
    processed = prepare_splits(options, raw)
    checkpoints = {
        seed: train_seed(options, seed_config(raw, seed, processed), options.output_dir / f"seed-{seed}")
        for seed in options.seeds
    }
    results = evaluate(
        EvalOptions(
            test_data=options.test_data,
            output_dir=options.output_dir / "eval",
            checkpoint=[ModelSpec(f"seed-{seed}", path) for seed, path in checkpoints.items()],
        )
    )
    rows = [seed_row(seed, results[f"seed-{seed}"], path) for seed, path in checkpoints.items()]
    summary = aggregate(rows)
    write_json(options.output_dir / "summary.json", {"runs": rows, "summary": summary}, default=str)
    report = markdown_summary(options, rows, summary)
    (options.output_dir / "summary.md").write_text(report)
    print(report)
    return {"runs": rows, "summary": summary}


def parse_args(argv: Sequence[str] | None) -> SweepOptions:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--train-config", type=Path, required=True, help="the recipe, e.g. configs/distilbert.yaml"
    )
    parser.add_argument("--seeds", type=int, nargs="+", required=True, help="training seeds, e.g. 1 2 3")
    parser.add_argument("--output-dir", type=Path, required=True, help="one directory per recipe")
    parser.add_argument(
        "--data", type=Path, help="this recipe's own synthetic data (else the config's splits)"
    )
    parser.add_argument("--split-seed", type=int, default=42, help="seed of the one split of --data")
    parser.add_argument("--num-epochs", type=int, help="override training.num_epochs")
    parser.add_argument(
        "--test-data", type=Path, default=DEFAULT_TEST_DATA, help="labelled real prompts (JSONL)"
    )
    args = parser.parse_args(argv)
    return SweepOptions(**vars(args))


def main(argv: Sequence[str] | None = None) -> int:
    sweep(parse_args(argv))
    print("summary: see summary.md in the output directory")
    return 0


if __name__ == "__main__":
    sys.exit(main())
