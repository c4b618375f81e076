"""Out-of-scope detection on Banking77 with the standard unknown-intent protocol.

    python -m training.bench_oos --train-config configs/distilbert.yaml \\
        --data training/datasets/banking77 --num-epochs 3 --output-dir reports/bench-oos

A seeded 75% of the 77 classes (sorted, then a seeded sample) are known: the model trains on their
training texts through :func:`training.train.train` (the normal training run, validation split
included), and the rest are held out entirely. The known classes' test texts are in scope, the
held-out classes' test texts out of scope. Every score is fitted the way training fits the stored
detector (class statistics from the train split, threshold keeping ``--keep-share`` of validation)
and judged on the test texts: AUROC, out-of-scope recall at the fitted threshold and the in-scope
share that threshold really keeps on test, next to the in-scope accuracy. Markdown table to stdout,
everything to ``<output-dir>/<time>/results.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import mlflow
import torch
from sklearn.metrics import roc_auc_score
from transformers import AutoTokenizer

from common.cli import ArgumentParser
from common.io import run_directory, write_json
from common.tables import markdown_table
from model.checkpoint import METRICS_FILE, read_json
from model.classifier import IntentClassifier
from model.out_of_scope import DEFAULT_KEEP_SHARE, OutOfScopeDetector
from training.config import load_config
from training.data import load_split
from training.metrics import label_ids
from training.out_of_scope import ModelOutputs, collect_outputs, fit_detector
from training.train import TrainOptions, setup_mlflow, train

KNOWN_SHARE = 0.75
MAX_LENGTH = 64


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train-config", default="configs/distilbert.yaml", help="its model section is used")
    parser.option(
        "--data",
        "--data-dir",
        type=Path,
        default=Path("training/datasets/banking77"),
        help="a directory with train.csv, test.csv and categories.json (Banking77's layout)",
    )
    parser.add_argument("--known-share", type=float, default=KNOWN_SHARE, help="share of classes trained on")
    parser.add_argument("--seed", type=int, default=42, help="picks the known classes")
    parser.add_argument("--num-epochs", type=int, default=3)
    parser.add_argument("--max-length", type=int, default=MAX_LENGTH)
    parser.add_argument("--keep-share", type=float, default=DEFAULT_KEEP_SHARE)
    parser.add_argument("--work-dir", type=Path, default=Path("models/bench-oos"), help="data and checkpoint")
    parser.add_argument("--output-dir", type=Path, default=Path("reports/bench-oos"))
    parser.add_argument(
        "--reuse", action="store_true", help="score the checkpoint already in --work-dir instead of training"
    )
    return parser.parse_args(argv)


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            {"text": row["text"], "label": row.get("label") or row["category"]}
            for row in csv.DictReader(handle)
        ]


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "label"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def known_classes(categories: Sequence[str], share: float, seed: int) -> list[str]:
    """A seeded sample of the sorted classes, returned in the dataset's own label order."""
    count = round(len(categories) * share)
    chosen = set(random.Random(seed).sample(sorted(categories), count))
    return [label for label in categories if label in chosen]


def collect_both(model: IntentClassifier, tokenizer: Any, texts: list[str]) -> dict[str, ModelOutputs]:
    """Outputs with two candidate representations: the model's ``pooled`` output (what both heads
    read, after their LayerNorm) and the encoder's own mean-pooled state before the complexity
    features are appended and normalised (captured from the LayerNorm's input)."""
    captured: list[torch.Tensor] = []
    hidden = model.encoder.config.hidden_size
    hook = model.head_norm.register_forward_hook(
        lambda _m, args, _o: captured.append(args[0][:, :hidden].float())
    )
    try:
        outputs = collect_outputs(model, tokenizer, texts)
    finally:
        hook.remove()
    return {
        "head": outputs,
        "encoder": ModelOutputs(logits=outputs.logits, pooled=torch.cat(captured)),
    }


VARIANTS = (
    ("max_probability", "head", "max probability (baseline)"),
    ("energy", "head", "energy"),
    ("mahalanobis", "head", "Mahalanobis, pooled output (head input)"),
    ("mahalanobis", "encoder", "Mahalanobis, encoder mean-pool"),
)


def evaluate(
    detector: OutOfScopeDetector, in_scope: ModelOutputs, out_of_scope: ModelOutputs, correct: torch.Tensor
) -> dict[str, float]:
    inside = detector.score(in_scope.logits, in_scope.pooled)
    outside = detector.score(out_of_scope.logits, out_of_scope.pooled)
    kept = ~detector.is_out_of_scope(inside)
    truth = [0] * len(inside) + [1] * len(outside)
    # The same in-scope share on test with an oracle threshold: the ranking alone, free of how
    # well the validation threshold transfers.
    oracle = float(torch.quantile(inside, detector.keep_share, interpolation="higher"))
    return {
        "auroc": float(roc_auc_score(truth, torch.cat([inside, outside]).numpy())),
        "threshold": detector.threshold,
        "oos_recall": float(detector.is_out_of_scope(outside).float().mean()),
        "in_scope_kept": float(kept.float().mean()),
        "oos_recall_at_test_keep_share": float((outside > oracle).float().mean()),
        "accuracy_of_kept": float(correct[kept].float().mean()) if kept.any() else float("nan"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    categories = json.loads((args.data / "categories.json").read_text())
    known = known_classes(categories, args.known_share, args.seed)
    held_out = [label for label in categories if label not in known]
    data_dir, best = args.work_dir / "data", args.work_dir / "checkpoints" / "best_model"
    train_rows = [r for r in read_rows(args.data / "train.csv") if r["label"] in known]
    test_rows = read_rows(args.data / "test.csv")
    train_csv = write_rows(data_dir / "banking77_known.csv", train_rows)
    test_csv = write_rows(
        data_dir / "banking77_known_test.csv", [r for r in test_rows if r["label"] in known]
    )
    labels_file = data_dir / "known_labels.json"
    labels_file.write_text(json.dumps(known, indent=2) + "\n")
    oos_texts = [r["text"] for r in test_rows if r["label"] not in known]
    print(f"{len(known)} known classes, {len(held_out)} held out; {len(oos_texts)} out-of-scope test texts")

    config = load_config(args.train_config)
    config.training.num_epochs = args.num_epochs
    config.training.max_length = args.max_length
    config.out_of_scope.keep_share = args.keep_share
    config.data.processed_dir = str(args.work_dir / "processed")
    processed = args.work_dir / f"processed-{train_csv.stem}"
    if not (args.reuse and (best / METRICS_FILE).is_file()):
        setup_mlflow(config)
        options = TrainOptions(
            data=str(train_csv),
            test_data=str(test_csv),
            labels_file=str(labels_file),
            output_dir=str(args.work_dir),
        )
        with mlflow.start_run(run_name="bench-oos"):
            train(config, options)
    training = read_json(best / METRICS_FILE)

    started = time.perf_counter()
    model = IntentClassifier.from_pretrained(best, use_safetensors=True).eval()
    tokenizer = AutoTokenizer.from_pretrained(best)
    splits = {name: load_split(processed / f"{name}.jsonl") for name in ("train", "val", "test")}
    outputs = {
        name: collect_both(model, tokenizer, [e.text for e in examples]) for name, examples in splits.items()
    }
    outputs["oos"] = collect_both(model, tokenizer, oos_texts)
    train_labels = label_ids(splits["train"], known)
    test_truth = label_ids(splits["test"], known)
    correct = outputs["test"]["head"].logits.argmax(dim=-1) == test_truth
    rows = []
    for method, representation, name in VARIANTS:
        pick = {split: outputs[split][representation] for split in outputs}
        detector = fit_detector(method, pick["train"], train_labels, pick["val"], args.keep_share)
        rows.append(
            {
                "score": name,
                "method": method,
                "representation": representation,
                **evaluate(detector, pick["test"], pick["oos"], correct),
            }
        )
    result = {
        "protocol": {
            "dataset": str(args.data),
            "known_classes": known,
            "held_out_classes": held_out,
            "seed": args.seed,
            "keep_share": args.keep_share,
            "train_texts": len(splits["train"]),
            "validation_texts": len(splits["val"]),
            "in_scope_test_texts": len(splits["test"]),
            "out_of_scope_test_texts": len(oos_texts),
        },
        "training": {
            "config": args.train_config,
            "epochs": training.get("epochs"),
            "max_length": args.max_length,
            "training_time_s": training.get("training_time_s"),
            "in_scope_accuracy": float(correct.float().mean()),
            "stored_detector": training.get("out_of_scope"),
        },
        "scoring_time_s": time.perf_counter() - started,
        "scores": rows,
    }
    percent = "{:.1%}".format
    print(f"in-scope accuracy (known classes' test texts): {percent(correct.float().mean())}")
    print(
        markdown_table(
            [
                "score",
                "AUROC",
                "OOS recall",
                "in-scope kept (test)",
                f"OOS recall, {args.keep_share:.0%} kept on test",
                "accuracy of kept",
            ],
            [
                [
                    r["score"],
                    f"{r['auroc']:.3f}",
                    percent(r["oos_recall"]),
                    percent(r["in_scope_kept"]),
                    percent(r["oos_recall_at_test_keep_share"]),
                    percent(r["accuracy_of_kept"]),
                ]
                for r in rows
            ],
        )
    )
    out = run_directory(args.output_dir)
    write_json(out / "results.json", result)
    print(f"wrote {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
