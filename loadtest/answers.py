"""Decide whether one served answer is right, so a load test counts wrong answers as failures.

A server under load can answer fast and wrong (a worker serving the wrong archive, a truncated
batch, an error body with status 200); throughput numbers only mean something when every answer was
checked. The checks follow the answer format of ``model.predictor.IntentPredictor`` plus the
handler's ``model`` field. Each problem is a short, stable sentence without the offending value, so
Locust's failure table groups identical problems into one row instead of one row per request.
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

REQUIRED_FIELDS = (
    "intent",
    "confidence",
    "uncertain",
    "top_intents",
    "all_intents",
    "complexity",
    "techniques",
    "model",
)
# all_intents is a float32 softmax rounded through JSON: its sum is 1 within ~1e-6.
SUM_TOLERANCE = 1e-3
# confidence and all_intents[intent] are the same float32 value printed twice.
SAME_VALUE_TOLERANCE = 1e-6
MAX_DETAIL_CHARS = 120


def response_problem(
    status: int, body: str | None, model: str | None = None, labels: frozenset[str] | None = None
) -> str | None:
    """Why an HTTP answer to ``POST /predictions/<model>`` is wrong, or None when it is right."""
    if status != 200:
        return f"HTTP {status}: {error_detail(body)}"
    try:
        answer = json.loads(body or "")
    except ValueError:
        return "the body is not JSON"
    return answer_problem(answer, model, labels)


def label_problem(status: int, body: str | None, labels: frozenset[str] | None = None) -> str | None:
    """Why an answer of a handler that returns a bare label (the peer of ``make bench-peer``,
    loadtest/peer/hf_example_handler.py) is wrong, or None. ``labels``: the model's label set;
    None accepts any non-empty single line."""
    if status != 200:
        return f"HTTP {status}: {error_detail(body)}"
    label = (body or "").strip()
    if not label:
        return "the body is empty"
    if label.startswith(("{", "[")):
        return "the answer is JSON, not a bare label"
    if labels is not None and label not in labels:
        return "the answer is not one of the model's labels"
    if "\n" in label:
        return "the answer is not a single label"
    return None


def answer_problem(answer: Any, model: str | None = None, labels: frozenset[str] | None = None) -> str | None:
    """Why a decoded answer is wrong, or None. ``labels``: the label set earlier answers of the same
    model used (it must not change); ``model``: the archive name the request was sent to."""
    if not isinstance(answer, dict):
        return "the answer is not a JSON object"
    missing = [name for name in REQUIRED_FIELDS if name not in answer]
    if missing:
        return f"missing fields: {', '.join(missing)}"
    for check in (_distribution_problem, _intent_problem, _top_intents_problem):
        problem = check(answer, labels)
        if problem:
            return problem
    if not isinstance(answer["uncertain"], bool):
        return "uncertain is not a boolean"
    return _model_problem(answer["model"], model)


def answer_labels(answer: dict[str, Any]) -> frozenset[str]:
    """The label set an answer was drawn from: the keys of its full distribution."""
    return frozenset(answer["all_intents"])


def _distribution_problem(answer: dict[str, Any], labels: frozenset[str] | None) -> str | None:
    distribution = answer["all_intents"]
    if not isinstance(distribution, dict) or not distribution:
        return "all_intents is not a non-empty object"
    if not all(_is_probability(value) for value in distribution.values()):
        return "all_intents has a value outside [0, 1]"
    if abs(math.fsum(distribution.values()) - 1) > SUM_TOLERANCE:
        return "all_intents does not sum to 1"
    if labels is not None and frozenset(distribution) != labels:
        return "the label set differs from earlier answers of this model"
    return None


def _intent_problem(answer: dict[str, Any], labels: frozenset[str] | None) -> str | None:
    distribution = answer["all_intents"]
    intent, confidence = answer["intent"], answer["confidence"]
    if not isinstance(intent, str) or intent not in distribution:
        return "intent is not one of the model's labels"
    if not _is_probability(confidence):
        return "confidence is not a number in [0, 1]"
    if abs(confidence - distribution[intent]) > SAME_VALUE_TOLERANCE:
        return "confidence differs from all_intents[intent]"
    if confidence < max(distribution.values()) - SAME_VALUE_TOLERANCE:
        return "intent is not the most probable label"
    return None


def _top_intents_problem(answer: dict[str, Any], labels: frozenset[str] | None) -> str | None:
    top = answer["top_intents"]
    if not isinstance(top, list) or not top:
        return "top_intents is not a non-empty list"
    if not all(isinstance(entry, dict) and entry.get("intent") in answer["all_intents"] for entry in top):
        return "top_intents names an intent outside the model's labels"
    if top[0]["intent"] != answer["intent"]:
        return "top_intents does not start with intent"
    probabilities = [entry.get("probability") for entry in top]
    if not all(_is_probability(p) for p in probabilities):
        return "top_intents has a probability outside [0, 1]"
    if any(later > earlier for earlier, later in itertools.pairwise(probabilities)):
        return "top_intents is not sorted by probability"
    return None


def _model_problem(info: Any, model: str | None) -> str | None:
    if not isinstance(info, dict) or not isinstance(info.get("name"), str):
        return "model is not an object with a name"
    if model is not None and info["name"] != model:
        return "answered by another model than the one requested"
    return None


def _is_probability(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1


def error_detail(body: str | None) -> str:
    """TorchServe's error ``type`` (or the handler's ``error``), else the start of the body."""
    try:
        document = json.loads(body or "")
    except ValueError:
        document = None
    if isinstance(document, dict):
        detail = document.get("type") or document.get("error") or document.get("message")
        if isinstance(detail, str):
            return detail[:MAX_DETAIL_CHARS]
    return (body or "empty body").strip()[:MAX_DETAIL_CHARS]
