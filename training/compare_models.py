"""Compare checkpoints, and their exported ONNX variants, on one labelled test set.

    python -m training.compare_models \\
        --distilbert-checkpoint models/distilbert/checkpoints/best_model \\
        --deberta-checkpoint models/deberta/checkpoints/best_model \\
        --checkpoint distilbert-int8=models/distilbert/checkpoints/best_model:onnx-int8 \\
        --test-data data/processed/test.jsonl --benchmark-speed

``--checkpoint NAME=PATH[:backend]`` adds any further model; backend is torch (default), onnx or
onnx-int8 (see ``training.export_onnx``). Every number is measured here, through the serving path
(``IntentPredictor``), on the same texts: accuracy, macro/weighted F1, ECE, complexity accuracy,
per-class F1, parameters, size on disk of the files the backend serves from, training time (from the
checkpoint's metrics.json) and, with ``--benchmark-speed``, throughput at batch 1/8/32 and by
sequence length. Writes to ``--output-dir``: comparison_report.md, metrics.json,
accuracy_vs_size.png, accuracy_vs_throughput.png (with --benchmark-speed), per_class_f1.png and
confusion_<name>.png for each model.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from matplotlib.figure import Figure
from safetensors import safe_open

from common.cli import add_option
from common.io import write_json
from common.paths import TEST_SPLIT
from common.phases import Phases
from common.tables import markdown_table
from common.timing import BATCH_SIZES, benchmark, measure_throughput
from model.checkpoint import (
    LABEL_MAP_FILE,
    METRICS_FILE,
    TRAINING_CONFIG_FILE,
    WEIGHTS_FILE,
    read_json,
)
from model.onnx_backend import onnx_model_path
from model.predictor import BACKENDS, IntentPredictor, Probabilities
from model.text import normalize_text
from training.data import DataError, Example, load_examples
from training.metrics import classification_metrics, confusion_figure, points, predict_examples

DEFAULT_TEST_DATA = TEST_SPLIT
DEFAULT_OUTPUT_DIR = Path("reports/comparison")
LENGTH_BUCKETS: tuple[tuple[str, int, float], ...] = (
    ("≤16", 1, 16),
    ("17–64", 17, 64),
    (">64", 65, math.inf),
)
"""Token-count buckets (special tokens included, after truncation), named for the report."""
PHASE = Phases()
"""Progress lines of the comparison's steps (each model's evaluation and speed, the report)."""
BUCKET_BATCH_SIZE = 8
SHIP_BATCH_SIZE = 1
"""The throughput the recommendation ranks by: one prompt per request is the serving worst case."""
NOT_SERVED = {WEIGHTS_FILE, METRICS_FILE, TRAINING_CONFIG_FILE}
"""Top-level checkpoint files no backend reads at serving time (the weights are counted per backend)."""


@dataclass(frozen=True)
class ModelSpec:
    name: str
    path: Path
    backend: str = "torch"


def parse_spec(text: str) -> ModelSpec:
    """``NAME=PATH[:backend]``; a path with a colon in it is not supported."""
    name, equals, rest = text.partition("=")
    if not equals or not name or not rest:
        raise argparse.ArgumentTypeError(f"expected NAME=PATH[:backend], got {text!r}")
    path, colon, backend = rest.rpartition(":")
    if not colon:
        return ModelSpec(name, Path(rest))
    if backend not in BACKENDS:
        raise argparse.ArgumentTypeError(
            f"{text!r}: unknown backend {backend!r}; choose from {list(BACKENDS)}"
        )
    return ModelSpec(name, Path(path), backend)


@dataclass(frozen=True)
class CompareOptions:
    """One comparison: the models, the labelled test file, and what to measure besides accuracy."""

    checkpoints: list[ModelSpec]
    test_data: Path
    output_dir: Path
    benchmark: bool = False
    benchmark_samples: int = 512
    threads: int | None = None
    accuracy_tolerance: float = 1.0


def collect_specs(args: argparse.Namespace) -> list[ModelSpec]:
    specs = [
        ModelSpec(name, Path(path))
        for name, path in (("deberta", args.deberta_checkpoint), ("distilbert", args.distilbert_checkpoint))
        if path
    ]
    specs += args.checkpoint or []
    names = [spec.name for spec in specs]
    if not specs:
        raise DataError(
            ["nothing to compare: pass --distilbert-checkpoint, --deberta-checkpoint or --checkpoint"]
        )
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise DataError([f"model names must be unique; repeated: {', '.join(duplicated)}"])
    return specs


def weights_path(spec: ModelSpec) -> Path:
    return spec.path / WEIGHTS_FILE if spec.backend == "torch" else onnx_model_path(spec.path, spec.backend)


def check_compatible(spec: ModelSpec, test_labels: set[str]) -> None:
    """Refuse, before any measuring, a model that cannot be scored on this test set.

    The test set may lack labels the model knows; a test label the model cannot predict would make
    its accuracy meaningless (or the label ids wrong), so that is an error.
    """
    if not (spec.path / LABEL_MAP_FILE).is_file():
        raise DataError([f"{spec.name}: {spec.path} is not a checkpoint directory (no {LABEL_MAP_FILE})"])
    if not weights_path(spec).is_file():
        hint = " (run python -m training.export_onnx first)" if spec.backend != "torch" else ""
        raise DataError([f"{spec.name}: {weights_path(spec)} does not exist{hint}"])
    unknown = sorted(test_labels - set(read_json(spec.path / LABEL_MAP_FILE)["labels"]))
    if unknown:
        listed = ", ".join(unknown[:10]) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
        raise DataError(
            [f"{spec.name}: label set differs from the test data's; the model cannot predict {listed}"]
        )


def serving_files(spec: ModelSpec) -> list[Path]:
    """What the backend loads: its weights plus config, tokenizer, label map and feature spec."""
    shared = [file for file in spec.path.iterdir() if file.is_file() and file.name not in NOT_SERVED]
    return [weights_path(spec), *shared]


def parameter_count(checkpoint: Path) -> int:
    """Counted from the safetensors header: the same for every backend of one checkpoint, since
    quantization changes the precision of the weights, not their number."""
    with safe_open(checkpoint / WEIGHTS_FILE, framework="pt") as weights:
        names = weights.keys()
        return sum(math.prod(weights.get_slice(name).get_shape()) for name in names)


def training_time(checkpoint: Path) -> float | None:
    path = checkpoint / METRICS_FILE
    return read_json(path).get("training_time_s") if path.is_file() else None


def length_buckets(predictor: IntentPredictor, texts: Sequence[str]) -> dict[str, list[str]]:
    """Texts grouped by their token count under this model's own tokenizer and truncation."""
    lengths = [
        len(ids)
        for ids in predictor.tokenizer(
            [normalize_text(text) for text in texts], truncation=True, max_length=predictor.max_length
        )["input_ids"]
    ]
    return {
        name: [text for text, length in zip(texts, lengths, strict=True) if low <= length <= high]
        for name, low, high in LENGTH_BUCKETS
    }


def measure_speed(predictor: IntentPredictor, texts: Sequence[str], samples: int) -> dict[str, Any]:
    by_batch = benchmark(predictor, list(texts), BATCH_SIZES, samples)
    by_length = []
    for name, bucket in length_buckets(predictor, texts).items():
        row: dict[str, Any] = {"bucket": name, "texts": len(bucket), "batch_size": BUCKET_BATCH_SIZE}
        if bucket:
            row.update(measure_throughput(predictor, bucket, BUCKET_BATCH_SIZE, samples))
        by_length.append(row)
    return {"by_batch_size": by_batch, "by_length": by_length}


def evaluate(
    spec: ModelSpec, examples: Sequence[Example], test_labels: Sequence[str], options: CompareOptions
) -> tuple[dict[str, Any], Probabilities]:
    """Every metric of one model; macro F1 averages over the labels the test data has, since a
    label with no test example has no F1 to average."""
    threads = options.threads if spec.backend != "torch" else None
    predictor = IntentPredictor.from_checkpoint(spec.path, backend=spec.backend, threads=threads)
    probabilities = predict_examples(predictor, examples, progress=f"{spec.name} test set")
    metrics = classification_metrics(probabilities, examples, predictor.labels, predictor.complexity_levels)
    per_class = {label: metrics["per_class"][label]["f1-score"] for label in test_labels}
    files = serving_files(spec)
    result: dict[str, Any] = {
        "checkpoint": str(spec.path),
        "backend": spec.backend,
        "accuracy": metrics["accuracy"],
        "macro_f1": sum(per_class.values()) / len(per_class),
        "weighted_f1": metrics["weighted_f1"],
        "ece": metrics["ece"],
        "complexity_accuracy": metrics.get("complexity_accuracy"),
        "per_class_f1": per_class,
        "parameters": parameter_count(spec.path),
        "weights_bytes": weights_path(spec).stat().st_size,
        "serving_bytes": sum(file.stat().st_size for file in files),
        "serving_files": sorted(str(file.relative_to(spec.path)) for file in files),
        "training_time_s": training_time(spec.path),
        "speed": None,
    }
    if options.benchmark:
        PHASE(f"{spec.name}: speed on up to {options.benchmark_samples} texts per batch size and length")
        result["speed"] = measure_speed(
            predictor, [example.text for example in examples], options.benchmark_samples
        )
    return result, probabilities


def throughput(result: dict[str, Any], batch_size: int) -> float | None:
    if not result["speed"]:
        return None
    rows = [row for row in result["speed"]["by_batch_size"] if row["batch_size"] == batch_size]
    return rows[0]["samples_per_s"] if rows else None


def recommend(results: dict[str, dict[str, Any]], tolerance_points: float) -> dict[str, Any]:
    """Among the models within ``tolerance_points`` of the best accuracy, the fastest at batch 1
    when speed was measured, else the smallest to serve: accuracy first, then cost."""
    best = max(results, key=lambda name: results[name]["accuracy"])
    eligible = [
        name
        for name, result in results.items()
        if points(results[best]["accuracy"] - result["accuracy"]) <= tolerance_points
    ]
    measured = all(throughput(results[name], SHIP_BATCH_SIZE) for name in eligible)
    if measured:
        choice = max(eligible, key=lambda name: throughput(results[name], SHIP_BATCH_SIZE))
    else:
        choice = min(eligible, key=lambda name: results[name]["serving_bytes"])
    chosen = results[choice]
    gap = points(results[best]["accuracy"] - chosen["accuracy"])
    reason = f"accuracy {chosen['accuracy']:.2%}"
    reason += (
        f" (best: {best})"
        if choice == best
        else f" ({gap:.2f} points below {best}, tolerance {tolerance_points:g})"
    )
    if measured:
        speed = throughput(chosen, SHIP_BATCH_SIZE)
        reason += f", {speed:.1f} samples/s at batch {SHIP_BATCH_SIZE}"
        if choice != best:
            reason += f" ({speed / throughput(results[best], SHIP_BATCH_SIZE):.2f}× {best})"
    reason += f", {chosen['serving_bytes'] / 1e6:.1f} MB to serve"
    criterion = f"fastest at batch {SHIP_BATCH_SIZE}" if measured else "smallest to serve"
    return {"model": choice, "criterion": criterion, "eligible": eligible, "reason": reason}


# --- report


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return markdown_table(headers, rows).splitlines()


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.2f}"


def _rate(row: dict[str, Any]) -> str:
    return f"{row['samples_per_s']:.1f}" if "samples_per_s" in row else "–"


def _bucket_rate(row: dict[str, Any]) -> str:
    return f"{_rate(row)} (n={row['texts']})"


def _duration(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds / 60:.1f} min"


def summary_table(results: dict[str, dict[str, Any]]) -> list[str]:
    headers = ["model", "backend", "accuracy %", "macro F1 %", "weighted F1 %", "ECE", "complexity acc %"]
    headers += ["parameters", "weights MB", "serving MB", "training time"]
    rows = [
        [
            name,
            r["backend"],
            _pct(r["accuracy"]),
            _pct(r["macro_f1"]),
            _pct(r["weighted_f1"]),
            f"{r['ece']:.3f}",
            _pct(r["complexity_accuracy"]),
            f"{r['parameters'] / 1e6:.1f} M",
            f"{r['weights_bytes'] / 1e6:.1f}",
            f"{r['serving_bytes'] / 1e6:.1f}",
            _duration(r["training_time_s"]),
        ]
        for name, r in results.items()
    ]
    return _table(headers, rows)


def speed_tables(results: dict[str, dict[str, Any]]) -> list[str]:
    lines = ["## Throughput (samples/s, tokenization included)", ""]
    headers = ["model", *(f"batch {size}" for size in BATCH_SIZES)]
    rows = [
        [name, *(_rate(row) for row in r["speed"]["by_batch_size"])]
        for name, r in results.items()
        if r["speed"]
    ]
    lines += [*_table(headers, rows), ""]
    lines += [f"By sequence length (tokens incl. special tokens; batch {BUCKET_BATCH_SIZE}; n = texts):", ""]
    headers = ["model", *(f"{name} tokens" for name, _, _ in LENGTH_BUCKETS)]
    rows = [
        [name, *(_bucket_rate(row) for row in r["speed"]["by_length"])]
        for name, r in results.items()
        if r["speed"]
    ]
    return [*lines, *_table(headers, rows), ""]


def per_class_table(results: dict[str, dict[str, Any]], labels: Sequence[str]) -> list[str]:
    rows = [[label, *(_pct(r["per_class_f1"][label]) for r in results.values())] for label in labels]
    return _table(["label", *results], rows)


def markdown_report(
    results: dict[str, dict[str, Any]], labels: Sequence[str], meta: dict[str, Any], plots: Sequence[str]
) -> str:
    ship = meta["recommendation"]
    lines = [
        "# Model comparison",
        "",
        f"Test data: `{meta['test_data']}`, {meta['num_examples']} examples, {len(labels)} labels. "
        f"Threads: {meta['threads'] or 'library default'}. Macro F1 averages over the test data's labels.",
        "",
        f"**Which to ship: {ship['model']}**, the {ship['criterion']} of the models within "
        f"{meta['accuracy_tolerance_points']:g} accuracy points of the best: {ship['reason']}.",
        "",
        "## Accuracy and cost",
        "",
        *summary_table(results),
        "",
    ]
    if any(r["speed"] for r in results.values()):
        lines += speed_tables(results)
    lines += ["## Per-class F1 (%)", "", *per_class_table(results, labels), "", "## Plots", ""]
    lines += [f"![{plot}]({plot})" for plot in plots]
    return "\n".join(lines) + "\n"


# --- plots


def scatter(results: dict[str, dict[str, Any]], xs: dict[str, float], xlabel: str, title: str) -> Figure:
    figure = Figure(figsize=(7, 5))
    axes = figure.add_subplot()
    for name, x in xs.items():
        y = 100 * results[name]["accuracy"]
        axes.scatter(x, y, s=60)
        axes.annotate(name, (x, y), textcoords="offset points", xytext=(6, 4))
    axes.set_xlabel(xlabel)
    axes.set_ylabel("accuracy (%)")
    axes.set_title(title)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    return figure


def per_class_figure(results: dict[str, dict[str, Any]], labels: Sequence[str]) -> Figure:
    height = 1.0 / (len(results) + 1)
    figure = Figure(figsize=(8, max(4.0, 0.22 * len(labels) * len(results) + 1.5)))
    axes = figure.add_subplot()
    for index, (name, result) in enumerate(results.items()):
        positions = [i + index * height for i in range(len(labels))]
        axes.barh(positions, [100 * result["per_class_f1"][label] for label in labels], height, label=name)
    axes.set_yticks([i + height * (len(results) - 1) / 2 for i in range(len(labels))], labels)
    axes.invert_yaxis()
    axes.set_xlabel("F1 (%)")
    axes.set_xlim(0, 100)
    axes.set_title("Per-class F1")
    axes.legend(loc="lower right")
    figure.tight_layout()
    return figure


def file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


def write_plots(
    results: dict[str, dict[str, Any]],
    labels: Sequence[str],
    confusions: dict[str, Figure],
    output_dir: Path,
) -> list[str]:
    figures = {
        "accuracy_vs_size.png": scatter(
            results,
            {name: r["serving_bytes"] / 1e6 for name, r in results.items()},
            "size to serve (MB)",
            "Accuracy vs size on disk",
        ),
        "per_class_f1.png": per_class_figure(results, labels),
    }
    speeds = {name: throughput(r, SHIP_BATCH_SIZE) for name, r in results.items()}
    if all(speeds.values()):
        figures["accuracy_vs_throughput.png"] = scatter(
            results, speeds, f"samples/s at batch {SHIP_BATCH_SIZE}", "Accuracy vs throughput"
        )
    figures.update({f"confusion_{file_name(name)}.png": figure for name, figure in confusions.items()})
    for name, figure in figures.items():
        figure.savefig(output_dir / name, dpi=110)
    return list(figures)


# --- command line


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    # Shorthands for --checkpoint distilbert=PATH / deberta=PATH, kept for older commands.
    parser.add_argument("--distilbert-checkpoint", help=argparse.SUPPRESS)
    parser.add_argument("--deberta-checkpoint", help=argparse.SUPPRESS)
    parser.add_argument(
        "--checkpoint",
        action="append",
        type=parse_spec,
        metavar="NAME=PATH[:backend]",
        help=f"a model to compare; backend one of {', '.join(BACKENDS)} (default torch); repeatable",
    )
    parser.add_argument("--test-data", type=Path, default=DEFAULT_TEST_DATA, help="labelled CSV/JSONL/JSON")
    add_option(
        parser, "--benchmark", "--benchmark-speed", action="store_true", help="also measure throughput"
    )
    parser.add_argument("--benchmark-samples", type=int, default=512, help="texts per throughput measurement")
    parser.add_argument(
        "--threads", type=int, help="intra-op threads for PyTorch and ONNX Runtime (default: theirs)"
    )
    parser.add_argument(
        "--accuracy-tolerance",
        type=float,
        default=1.0,
        help="accuracy points a cheaper model may give up and still be recommended",
    )
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_OUTPUT_DIR)
    return parser.parse_args(argv)


def compare(options: CompareOptions) -> dict[str, Any]:
    specs = options.checkpoints
    examples = load_examples(options.test_data)
    present = {example.label for example in examples}
    for spec in specs:
        check_compatible(spec, present)
    if options.threads:
        torch.set_num_threads(options.threads)
    results: dict[str, dict[str, Any]] = {}
    confusions: dict[str, Figure] = {}
    labels: list[str] = []
    for spec in specs:
        PHASE(f"evaluating {spec.name} ({spec.backend}) on {len(examples)} test examples")
        model_labels = read_json(spec.path / LABEL_MAP_FILE)["labels"]
        labels = labels or [label for label in model_labels if label in present]
        results[spec.name], probabilities = evaluate(spec, examples, labels, options)
        confusions[spec.name] = confusion_figure(probabilities, examples, model_labels, f"{spec.name} test")
    meta: dict[str, Any] = {
        "test_data": str(options.test_data),
        "num_examples": len(examples),
        "labels": labels,
        "threads": options.threads,
        "accuracy_tolerance_points": options.accuracy_tolerance,
        "recommendation": recommend(results, options.accuracy_tolerance),
    }
    PHASE(f"writing the report and plots to {options.output_dir}")
    options.output_dir.mkdir(parents=True, exist_ok=True)
    plots = write_plots(results, labels, confusions, options.output_dir)
    (options.output_dir / "comparison_report.md").write_text(markdown_report(results, labels, meta, plots))
    write_json(options.output_dir / "metrics.json", {**meta, "models": results})
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        options = CompareOptions(
            checkpoints=collect_specs(args),
            test_data=args.test_data,
            output_dir=args.output_dir,
            benchmark=args.benchmark,
            benchmark_samples=args.benchmark_samples,
            threads=args.threads,
            accuracy_tolerance=args.accuracy_tolerance,
        )
        meta = compare(options)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    ship = meta["recommendation"]
    print(f"ship {ship['model']}: {ship['reason']}")
    print(f"report: {args.output_dir / 'comparison_report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
