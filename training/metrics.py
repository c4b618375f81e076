"""Evaluation through the serving code path.

Test metrics are computed with :class:`~model.predictor.IntentPredictor`, the same class the
TorchServe handler wraps, so the reported accuracy is the accuracy of what gets served.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from matplotlib.figure import Figure
from sklearn.metrics import ConfusionMatrixDisplay, accuracy_score, classification_report, f1_score
from tqdm import tqdm

from model.calibration import expected_calibration_error
from model.predictor import IntentPredictor, Probabilities
from training.data import Example


def longest_first(texts: Sequence[str]) -> list[int]:
    """Indices of ``texts`` from the longest to the shortest, by characters.

    Batches of similar length pad little, and the model computes every padded position: evaluating
    a shuffled split in input order pads most batches to ``max_length``. Masked pooling keeps each
    text's answer independent of its batch neighbours' padding, so only the time changes.
    """
    return sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)


def in_input_order(rows: torch.Tensor, order: Sequence[int]) -> torch.Tensor:
    """``rows`` computed in ``order`` (row k belongs to text ``order[k]``), back in input order."""
    restored = torch.empty_like(rows)
    restored[torch.tensor(list(order), dtype=torch.long)] = rows
    return restored


def predict_examples(
    predictor: IntentPredictor,
    examples: Sequence[Example],
    batch_size: int = 64,
    progress: str | None = None,
) -> Probabilities:
    """``progress``: the label of a tqdm bar over the batches (on stderr); None: no bar. Batches
    are formed longest first (:func:`longest_first`); the answers come back in input order."""
    order = longest_first([example.text for example in examples])
    texts = [examples[i].text for i in order]
    starts = tqdm(
        range(0, len(texts), batch_size), desc=progress, unit="batch", disable=progress is None, leave=False
    )
    parts = [predictor.infer(predictor.encode(texts[i : i + batch_size])) for i in starts]
    scores = [p.out_of_scope for p in parts if p.out_of_scope is not None]
    return Probabilities(
        intents=in_input_order(torch.cat([p.intents for p in parts]), order),
        complexity=in_input_order(torch.cat([p.complexity for p in parts]), order),
        out_of_scope=in_input_order(torch.cat(scores), order)
        if scores and len(scores) == len(parts)
        else None,
    )


def label_ids(examples: Sequence[Example], labels: Sequence[str]) -> torch.Tensor:
    index = {label: i for i, label in enumerate(labels)}
    return torch.tensor([index[example.label] for example in examples])


def classification_metrics(
    probabilities: Probabilities,
    examples: Sequence[Example],
    labels: Sequence[str],
    complexity_levels: Sequence[str],
) -> dict[str, object]:
    """Accuracy, macro/weighted F1, a per-class report, ECE and complexity accuracy."""
    truth = label_ids(examples, labels)
    predicted = probabilities.intents.argmax(dim=-1)
    ids = list(range(len(labels)))
    metrics: dict[str, object] = {
        "accuracy": accuracy_score(truth, predicted),
        "macro_f1": f1_score(truth, predicted, average="macro", labels=ids, zero_division=0),
        "weighted_f1": f1_score(truth, predicted, average="weighted", labels=ids, zero_division=0),
        "ece": expected_calibration_error(probabilities.intents, truth),
        "per_class": classification_report(
            truth, predicted, labels=ids, target_names=list(labels), output_dict=True, zero_division=0
        ),
        "num_examples": len(examples),
    }
    with_level = [(i, e.complexity) for i, e in enumerate(examples) if e.complexity]
    if complexity_levels and with_level:
        rows = torch.tensor([i for i, _ in with_level])
        truth_levels = torch.tensor([complexity_levels.index(level) for _, level in with_level])
        metrics["complexity_accuracy"] = float(
            (probabilities.complexity[rows].argmax(dim=-1) == truth_levels).float().mean()
        )
    return metrics


def confusion_figure(
    probabilities: Probabilities, examples: Sequence[Example], labels: Sequence[str], title: str
) -> Figure:
    truth = label_ids(examples, labels)
    size = max(6.0, 0.3 * len(labels))
    figure = Figure(figsize=(size, size))
    axes = figure.add_subplot()
    ConfusionMatrixDisplay.from_predictions(
        truth,
        probabilities.intents.argmax(dim=-1),
        labels=list(range(len(labels))),
        display_labels=list(labels),
        xticks_rotation="vertical",
        include_values=len(labels) <= 20,
        colorbar=False,
        ax=axes,
    )
    axes.set_title(title)
    figure.tight_layout()
    return figure


def points(fraction: float) -> float:
    """Percentage points, rounded so that losing 1 of 100 examples is 1.0 (not 1.0000000000000009)."""
    return round(100.0 * fraction, 9)
