"""Score checkpoints or served archives on real, human-written prompts labelled by the guide.

    python -m training.eval_real --checkpoint distilbert=models/distilbert/checkpoints/best_model
    python -m training.eval_real --served distilbert --served distilbert-int8   # a running make serve

The synthetic test split shares the generator's style, so it cannot say whether a model understands
what people type; this can. Each prompt of ``--test-data`` (default: the real-prompt dev set) has a
primary ``intent``, an optional ``alt`` intent and a ``complexity``. Reported per model: primary
accuracy, primary-or-alternative accuracy, per-intent recall with its support, complexity accuracy,
ECE of the probabilities as served (against the primary intent, and against primary-or-alternative)
and, for checkpoints, before the calibration temperature; the share flagged ``uncertain``, the
precision of the answers that are not, and the mean confidence of wrong answers (a confidently
wrong answer is the worst failure for a router). Writes
``report.md``, ``metrics.json``, ``confusion_<name>.png`` and ``predictions_<name>.jsonl`` to
``--output-dir``.

A served archive is reached through the inference API with the key from ``key_file.json``; it is
scored from the answers' ``all_intents``, exactly what a client sees.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import torch

from common.cli import from_namespace
from common.io import write_json
from common.tables import markdown_table
from common.torchserve import KEY_FILE, read_key
from model.calibration import expected_calibration_error
from model.labels import COMPLEXITY_LEVELS
from model.predictor import IntentPredictor, Probabilities, logit_adjustment
from model.text import normalize_text
from training.compare_models import ModelSpec, file_name, parse_spec
from training.data import DataError, Example
from training.metrics import confusion_figure

DEFAULT_TEST_DATA = Path("training/datasets/real_prompts_dev/prompts.jsonl")
DEFAULT_OUTPUT_DIR = Path("reports/eval-real")
DEFAULT_HOST = "http://127.0.0.1:8080"
BATCH_SIZE = 32


@dataclass(frozen=True)
class RealPrompt:
    text: str
    intent: str
    alt: str | None
    complexity: str | None


@dataclass
class Answers:
    """What one model said about every prompt, in prompt order."""

    labels: list[str]
    intents: torch.Tensor
    complexity: list[str | None]
    uncertain: list[bool]
    temperature: float | None = None


def load_real_prompts(path: Path) -> list[RealPrompt]:
    """JSONL with ``text``, ``intent``, optional ``alt`` and ``complexity``; every bad line is named."""
    prompts: list[RealPrompt] = []
    problems: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = normalize_text(record["text"])
            prompts.append(RealPrompt(text, record["intent"], record.get("alt"), record.get("complexity")))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            problems.append(f"{path}:{number}: {type(error).__name__}: {error}")
    if problems or not prompts:
        raise DataError(problems or [f"{path}: no prompts"])
    return prompts


def predict_checkpoint(spec: ModelSpec, texts: Sequence[str], prior_strength: float | None = None) -> Answers:
    """``prior_strength`` replaces the checkpoint's own (0 turns the prior correction off), to choose
    it on real prompts without retraining."""
    predictor = IntentPredictor.from_checkpoint(spec.path, backend=spec.backend)
    if prior_strength is not None:
        config = predictor.model.config
        predictor.logit_bias = logit_adjustment(config.train_prior, config.traffic_prior, prior_strength)
    intents, complexity, uncertain = [], [], []
    for start in range(0, len(texts), BATCH_SIZE):
        probabilities = predictor.infer(predictor.encode(list(texts[start : start + BATCH_SIZE])))
        intents.append(probabilities.intents)
        for answer in predictor.format(probabilities):
            complexity.append(answer["complexity"]["level"] if answer["complexity"] else None)
            uncertain.append(bool(answer["uncertain"]))
    return Answers(predictor.labels, torch.cat(intents), complexity, uncertain, predictor.temperature)


def predict_served(name: str, texts: Sequence[str], host: str, key_file: Path) -> Answers:
    """One request per prompt through the inference API, as a client would send it."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {read_key('inference', key_file)}"
    answers = []
    for text in texts:
        response = session.post(f"{host}/predictions/{name}", json={"text": text}, timeout=60)
        if response.status_code != 200:
            raise DataError([f"{name}: HTTP {response.status_code}: {response.text[:200]}"])
        answers.append(response.json())
    labels = list(answers[0]["all_intents"])
    return Answers(
        labels,
        torch.tensor([[answer["all_intents"][label] for label in labels] for answer in answers]),
        [answer["complexity"]["level"] if answer.get("complexity") else None for answer in answers],
        [bool(answer["uncertain"]) for answer in answers],
    )


def score(answers: Answers, prompts: Sequence[RealPrompt]) -> dict[str, Any]:
    """Every number of the report for one model; prompts whose intent the model lacks count wrong."""
    labels = answers.labels
    index = {label: i for i, label in enumerate(labels)}
    confidence, predicted_ids = answers.intents.max(dim=-1)
    predicted = [labels[i] for i in predicted_ids.tolist()]
    primary = torch.tensor([p == prompt.intent for p, prompt in zip(predicted, prompts, strict=True)])
    either = torch.tensor(
        [p in (prompt.intent, prompt.alt) for p, prompt in zip(predicted, prompts, strict=True)]
    )
    truth = torch.tensor([index.get(prompt.intent, -1) for prompt in prompts])
    either_truth = torch.where(either, predicted_ids, truth)
    confident = ~torch.tensor(answers.uncertain)
    per_intent = {}
    for label in labels:
        rows = [i for i, prompt in enumerate(prompts) if prompt.intent == label]
        if rows:
            per_intent[label] = {
                "support": len(rows),
                "recall": float(primary[rows].float().mean()),
                "recall_primary_or_alt": float(either[rows].float().mean()),
            }
    with_level = [i for i, prompt in enumerate(prompts) if prompt.complexity in COMPLEXITY_LEVELS]
    wrong = ~either
    return {
        "num_prompts": len(prompts),
        "primary_accuracy": float(primary.float().mean()),
        "primary_or_alt_accuracy": float(either.float().mean()),
        "complexity_accuracy": (
            sum(answers.complexity[i] == prompts[i].complexity for i in with_level) / len(with_level)
            if with_level
            else None
        ),
        "ece": expected_calibration_error(answers.intents, truth),
        "ece_before_calibration": (
            None
            if answers.temperature is None
            else expected_calibration_error(
                torch.softmax(answers.intents.clamp_min(1e-12).log() * answers.temperature, dim=-1), truth
            )
        ),
        "temperature": answers.temperature,
        "ece_primary_or_alt": expected_calibration_error(answers.intents, either_truth),
        "mean_confidence": float(confidence.mean()),
        "mean_confidence_wrong": float(confidence[wrong].mean()) if wrong.any() else None,
        "uncertain_share": float((~confident).float().mean()),
        "confident_precision_primary_or_alt": (
            float(either[confident].float().mean()) if confident.any() else None
        ),
        "per_intent": per_intent,
        "predicted_counts": {label: predicted.count(label) for label in labels},
    }


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _recall_cell(row: dict[str, Any] | None) -> str:
    return "–" if row is None else f"{_pct(row['recall'])} / {_pct(row['recall_primary_or_alt'])}"


def markdown_report(results: dict[str, dict[str, Any]], test_data: Path) -> str:
    headers = [
        *("model", "prompts", "primary", "primary-or-alt", "complexity", "ECE", "ECE before T"),
        *("ECE (p-or-a)", "uncertain", "precision when sure", "mean conf. of wrong"),
    ]
    rows = [
        [
            *(name, m["num_prompts"], _pct(m["primary_accuracy"]), _pct(m["primary_or_alt_accuracy"])),
            *(_pct(m["complexity_accuracy"]), f"{m['ece']:.3f}", _num(m["ece_before_calibration"])),
            *(f"{m['ece_primary_or_alt']:.3f}", _pct(m["uncertain_share"])),
            *(_pct(m["confident_precision_primary_or_alt"]), _num(m["mean_confidence_wrong"], 2)),
        ]
        for name, m in results.items()
    ]
    labels = sorted({label for m in results.values() for label in m["per_intent"]})
    recall_rows = [
        [
            label,
            next(m["per_intent"][label]["support"] for m in results.values() if label in m["per_intent"]),
            *(_recall_cell(m["per_intent"].get(label)) for m in results.values()),
        ]
        for label in labels
    ]
    lines = [
        f"# Real-prompt evaluation: {test_data}",
        "",
        markdown_table(headers, rows),
        "",
        "## Recall by primary intent (primary / primary-or-alt)",
        "",
        markdown_table(["intent", "support", *results], recall_rows),
    ]
    return "\n".join(lines) + "\n"


def write_outputs(name: str, answers: Answers, prompts: Sequence[RealPrompt], output_dir: Path) -> None:
    examples = [Example(prompt.text, prompt.intent, prompt.complexity) for prompt in prompts]
    known = [i for i, example in enumerate(examples) if example.label in answers.labels]
    figure = confusion_figure(
        Probabilities(answers.intents[known], torch.zeros(len(known), 1)),
        [examples[i] for i in known],
        answers.labels,
        f"{name}: real prompts (rows: primary intent)",
    )
    figure.savefig(output_dir / f"confusion_{file_name(name)}.png", dpi=110)
    with (output_dir / f"predictions_{file_name(name)}.jsonl").open("w", encoding="utf-8") as handle:
        for prompt, row, level in zip(prompts, answers.intents.tolist(), answers.complexity, strict=True):
            best = max(range(len(row)), key=row.__getitem__)
            record = {
                "text": prompt.text,
                "intent": prompt.intent,
                "alt": prompt.alt,
                "predicted": answers.labels[best],
                "confidence": round(row[best], 4),
                "complexity": prompt.complexity,
                "predicted_complexity": level,
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


@dataclass(frozen=True)
class EvalOptions:
    """What to score on the real prompts: checkpoints in-process and/or archives on a server."""

    test_data: Path
    output_dir: Path
    checkpoint: list[ModelSpec] = field(default_factory=list)
    served: list[str] = field(default_factory=list)
    prior_strength: float | None = None
    host: str = DEFAULT_HOST
    key_file: Path = Path(KEY_FILE)


def evaluate(options: EvalOptions) -> dict[str, dict[str, Any]]:
    prompts = load_real_prompts(options.test_data)
    texts = [prompt.text for prompt in prompts]
    options.output_dir.mkdir(parents=True, exist_ok=True)
    runs: list[tuple[str, Any]] = [
        (spec.name, lambda spec=spec: predict_checkpoint(spec, texts, options.prior_strength))
        for spec in options.checkpoint
    ]
    runs += [
        (f"{name} (served)", lambda name=name: predict_served(name, texts, options.host, options.key_file))
        for name in options.served
    ]
    if not runs:
        raise DataError(["nothing to evaluate: pass --checkpoint NAME=PATH[:backend] or --served NAME"])
    results = {}
    for name, run in runs:
        print(f"evaluating {name} on {len(prompts)} real prompts ...")
        answers = run()
        results[name] = score(answers, prompts)
        write_outputs(name, answers, prompts, options.output_dir)
    report = markdown_report(results, options.test_data)
    (options.output_dir / "report.md").write_text(report)
    write_json(options.output_dir / "metrics.json", {"test_data": str(options.test_data), "models": results})
    print(report)
    return results


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--checkpoint",
        action="append",
        default=[],
        type=parse_spec,
        metavar="NAME=PATH[:backend]",
        help="a checkpoint to score in-process; backend torch (default), onnx or onnx-int8; repeatable",
    )
    parser.add_argument(
        "--served", action="append", default=[], metavar="NAME", help="a registered archive; repeatable"
    )
    parser.add_argument(
        "--prior-strength",
        type=float,
        help="override the checkpoints' prior-correction strength (0: none, 1: full Bayes shift)",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="inference API of the running TorchServe")
    parser.add_argument("--key-file", type=Path, default=Path(KEY_FILE))
    parser.add_argument(
        "--test-data", type=Path, default=DEFAULT_TEST_DATA, help="labelled real prompts (JSONL)"
    )
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_OUTPUT_DIR)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        evaluate(from_namespace(EvalOptions, args))
    except (DataError, FileNotFoundError, requests.RequestException) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"report: {args.output_dir / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
