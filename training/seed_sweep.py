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

``--hold-out FILE ...`` measures real-prompt files on themselves, because the dev set is one
collection (MT-bench and Vicuna) while new files come from others: each file's rows are shuffled
with ``random.Random(--hold-out-seed)`` and cut in halves; the first ``len // 2`` rows train
(``--hold-out-train half``, replacing the file in the config's ``real_data``) or nothing of those
files does (``--hold-out-train none``, the baseline), and every run is also scored on the other
halves, which no run trains on.

    python -m training.seed_sweep --train-config configs/deberta.yaml --seeds 1 \
        --hold-out training/datasets/real_prompts/dolly_flow.jsonl ... --hold-out-train none \
        --output-dir reports/seed-sweep/deberta-without

Writes ``summary.md`` and ``summary.json`` (a row per seed, then mean and sample standard
deviation) and the reports of every run under ``eval/`` (dev set) and ``eval-held-out/``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from common.io import write_json
from common.tables import markdown_table
from training.compare_models import ModelSpec
from training.data.prepare import PrepareConfig, prepare_dataset
from training.eval_real import DEFAULT_TEST_DATA, EvalOptions, evaluate
from training.real_data import text_key

COLUMNS = (
    ("dev_primary", "dev primary"),
    ("dev_primary_or_alt", "dev primary-or-alt"),
    ("dev_complexity", "dev complexity"),
    ("dev_ece", "dev ECE"),
    ("held_out_primary", "held-out files primary"),
    ("held_out_primary_or_alt", "held-out files primary-or-alt"),
    ("held_out_ece", "held-out files ECE"),
    ("calibration_accuracy", "calibration real accuracy"),
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
    hold_out: list[Path] = field(default_factory=list)
    hold_out_seed: int = 0
    hold_out_train: str = "half"


def seed_config(
    raw: dict[str, Any], seed: int, processed_dir: Path | None, real_data: list[str] | None = None
) -> dict[str, Any]:
    """The recipe's config with only the training seed (and the splits, the real files) changed."""
    config = json.loads(json.dumps(raw))
    config["training"]["seed"] = seed
    if processed_dir is not None:
        config["data"]["processed_dir"] = str(processed_dir)
    if real_data is not None:
        config["data"]["real_data"] = real_data
    return config


def _rows(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def halves(path: Path, seed: int) -> tuple[list[str], list[str]]:
    """A file's rows shuffled with ``random.Random(seed)``: the first ``len // 2`` and the rest."""
    rows = _rows(path)
    random.Random(seed).shuffle(rows)
    return rows[: len(rows) // 2], rows[len(rows) // 2 :]


def _text_key(row: str) -> str:
    return text_key(json.loads(row)["text"])


def split_held_out(options: SweepOptions, real_data: Sequence[str]) -> tuple[list[str], Path]:
    """The ``real_data`` list to train on and the file of held-out halves to score every run on.

    A held-out row whose text is also in a file that trains (the other half, or another file of
    ``real_data``) is left out of the held-out file: scoring it would measure memory.
    """
    folder = options.output_dir / "held-out"
    folder.mkdir(parents=True, exist_ok=True)
    trained: list[str] = []
    held_out: list[str] = []
    for path in options.hold_out:
        first, second = halves(path, options.hold_out_seed)
        trained += first
        held_out += second
    split = {path.resolve() for path in options.hold_out}
    kept = [entry for entry in real_data if Path(entry).resolve() not in split]
    seen = {_text_key(row) for path in kept for row in _rows(Path(path))}
    if options.hold_out_train == "half":
        seen |= {_text_key(row) for row in trained}
    unseen = [row for row in held_out if _text_key(row) not in seen]
    if len(unseen) < len(held_out):
        print(f"held-out halves: {len(held_out) - len(unseen)} rows left out, their text trains elsewhere")
    held_out_file = folder / "held_out.jsonl"
    held_out_file.write_text("\n".join(unseen) + "\n", encoding="utf-8")
    if options.hold_out_train == "half":
        train_file = folder / "train_half.jsonl"
        train_file.write_text("\n".join(trained) + "\n", encoding="utf-8")
        kept.append(str(train_file))
    return kept, held_out_file


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


def seed_row(
    seed: int, dev: dict[str, Any], checkpoint: Path, held_out: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The numbers a recipe comparison needs from one run: real-prompt scores and its own metrics."""
    metrics = json.loads((checkpoint / "metrics.json").read_text())
    held_out = held_out or {}
    return {
        "seed": seed,
        "dev_primary": dev["primary_accuracy"],
        "dev_primary_or_alt": dev["primary_or_alt_accuracy"],
        "dev_complexity": dev["complexity_accuracy"],
        "dev_ece": dev["ece"],
        "held_out_primary": held_out.get("primary_accuracy"),
        "held_out_primary_or_alt": held_out.get("primary_or_alt_accuracy"),
        "held_out_ece": held_out.get("ece"),
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
    if key.endswith("_ece"):
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
    held_out = ""
    if options.hold_out:
        names = ", ".join(f"`{path.name}`" for path in options.hold_out)
        trained = "the first halves trained on" if options.hold_out_train == "half" else "not trained on"
        held_out = (
            f"Held-out files: {names}, shuffled with seed {options.hold_out_seed}, halved; {trained};\n"
            "the other halves scored.\n"
        )
    return (
        f"# Seed sweep: {recipe}\n\n"
        f"Dev set: `{options.test_data}`. Accuracies in %, ECE as served; calibration real accuracy\n"
        "is each run's own real calibration prompts (drawn by its seed).\n"
        + held_out
        + "\n"
        + markdown_table(header, table)
        + "\n"
    )


def sweep(options: SweepOptions) -> dict[str, Any]:
    raw = yaml.safe_load(options.train_config.read_text())
    options.output_dir.mkdir(parents=True, exist_ok=True)
    processed = prepare_splits(options, raw)
    real_data, held_out_file = None, None
    if options.hold_out:
        real_data, held_out_file = split_held_out(options, raw["data"].get("real_data", []))
    checkpoints = {
        seed: train_seed(
            options, seed_config(raw, seed, processed, real_data), options.output_dir / f"seed-{seed}"
        )
        for seed in options.seeds
    }
    specs = [ModelSpec(f"seed-{seed}", path) for seed, path in checkpoints.items()]
    results = evaluate(
        EvalOptions(test_data=options.test_data, output_dir=options.output_dir / "eval", checkpoint=specs)
    )
    held_out: dict[str, dict[str, Any]] = {}
    if held_out_file is not None:
        held_out = evaluate(
            EvalOptions(
                test_data=held_out_file, output_dir=options.output_dir / "eval-held-out", checkpoint=specs
            )
        )
    rows = [
        seed_row(seed, results[f"seed-{seed}"], path, held_out.get(f"seed-{seed}"))
        for seed, path in checkpoints.items()
    ]
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
    parser.add_argument(
        "--hold-out",
        type=Path,
        nargs="+",
        default=[],
        help="real-prompt files to halve: every run is also scored on the halves it never sees",
    )
    parser.add_argument("--hold-out-seed", type=int, default=0, help="seed of the shuffle before halving")
    parser.add_argument(
        "--hold-out-train",
        choices=("half", "none"),
        default="half",
        help="train on the first halves (half) or on none of the --hold-out files (none: the baseline)",
    )
    args = parser.parse_args(argv)
    return SweepOptions(**vars(args))


def main(argv: Sequence[str] | None = None) -> int:
    sweep(parse_args(argv))
    print("summary: see summary.md in the output directory")
    return 0


if __name__ == "__main__":
    sys.exit(main())
