"""Surface style must not give the intent away: a classifier that sees only style cues stays weak.

The model learned the generator's style instead of the task where style and label went together
(plain questions mostly under question answering, pastes mostly under summarization, short chatty
lines without final punctuation mostly under conversation). This test trains a bag-of-surface-cues
baseline on the default dataset, with whole families held out, and bounds its accuracy: a cue that
predicts the label on its own raises it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from model.labels import INTENTS
from training.generator import engine as gd

MAX_HELD_OUT_ACCURACY = 0.285
"""Ten intents make chance 10%. The bound sits a point above what the generator reaches over several
seeds and below what it reached before its style was balanced, so a regression to cue-driven
families fails here."""

_WH_TEXT = "what what's whats why how how's hows who who's whos whom whose when where where's which"
_GREETING_TEXT = "hi hii hello hey heyy heyyy hiya howdy yo sup morning evening greetings dear"
_IMPERATIVE_TEXT = """
    write give list name explain tell make create summarize summarise translate classify rewrite
    describe plan generate help find solve compute calculate analyze analyse compare suggest fix
    convert extract identify provide show implement build design draft compose come turn put sort
    rank prove estimate imagine pretend think brainstorm recommend outline reply respond correct
    edit proofread simplify shorten condense define please pls let check evaluate determine
    categorize group organize schedule prepare count read use take get do answer reword paraphrase
"""
_WH_WORDS = frozenset(_WH_TEXT.split())
_GREETINGS = frozenset(_GREETING_TEXT.split())
_IMPERATIVES = frozenset(_IMPERATIVE_TEXT.split())
_POLITE = re.compile(r"(?i)\b(?:please|pls|plz|thx|thanks|thank you|thank u|ty|cheers)\b")


def _bucket(value: int, limits: Sequence[int]) -> int:
    return next((i for i, limit in enumerate(limits) if value < limit), len(limits))


def _opener_class(text: str) -> str:
    words = re.findall(r"[a-z']+", text.lower())
    if not words:
        return "none"
    first = words[0]
    if first in _GREETINGS or (first == "good" and words[1:2] in (["morning"], ["evening"], ["afternoon"])):
        return "greeting"
    if first in _WH_WORDS:
        return "wh"
    if first in _IMPERATIVES:
        return "imperative"
    return "other"


def surface_features(text: str) -> dict[str, Any]:
    """Style only: length, casing, punctuation, layout, politeness and the opener's coarse class."""
    stripped = text.strip()
    first_letter = next((c for c in stripped if c.isalpha()), "")
    last = stripped[-1:] if stripped else ""
    lowered = stripped.lower()
    return {
        "chars": _bucket(len(stripped), (25, 50, 80, 130, 250, 500, 1200)),
        "words": _bucket(len(stripped.split()), (4, 7, 11, 16, 25, 50, 150)),
        "casing": "upper" if first_letter.isupper() else "lower" if first_letter else "none",
        "starts_with_letter": stripped[:1].isalpha(),
        "end": last if last in "?.!" else "none",
        "newline": "\n" in stripped,
        "block": "\n\n" in stripped or stripped.count("\n") >= 3,
        "greeting": _opener_class(stripped) == "greeting"
        or bool(re.match(r"(?i)(?:\W*)(?:hi|hello|hey|good morning|yo)\b", lowered)),
        "polite": bool(_POLITE.search(stripped)),
        "digits": any(c.isdigit() for c in stripped),
        "commas": min(stripped.count(","), 4),
        "opener": _opener_class(stripped),
    }


def _group(example: dict[str, Any]) -> str:
    """Edge cases go with the family they were built from, so a family is never on both sides."""
    return example["recipe"].get("base_family", example["family"])


def held_out_family_accuracy(examples: Sequence[dict[str, Any]], folds: int = 5) -> float:
    """Mean accuracy of the surface-cue baseline over grouped folds: whole families held out."""
    features = [{k: str(v) for k, v in surface_features(e["text"]).items()} for e in examples]
    labels = [INTENTS.index(e["intent"]) for e in examples]
    groups = [_group(e) for e in examples]
    correct = 0
    for train, test in GroupKFold(n_splits=folds).split(features, labels, groups):
        vectorizer = DictVectorizer()
        x_train = vectorizer.fit_transform([features[i] for i in train])
        model = LogisticRegression(max_iter=1000)
        model.fit(x_train, [labels[i] for i in train])
        predicted = model.predict(vectorizer.transform([features[i] for i in test]))
        correct += sum(int(p == labels[i]) for p, i in zip(predicted, test, strict=True))
    return correct / len(examples)


def test_opener_classes() -> None:
    assert _opener_class("What is the capital of Peru?") == "wh"
    assert _opener_class("give me examples of birds") == "imperative"
    assert _opener_class("Good morning! plan my day") == "greeting"
    assert _opener_class("hey, how are you") == "greeting"
    assert _opener_class("My laptop will not boot") == "other"


def test_surface_cues_alone_do_not_predict_the_intent() -> None:
    dataset = gd.generate(seed=42)
    accuracy = held_out_family_accuracy(dataset["examples"])
    assert accuracy < MAX_HELD_OUT_ACCURACY, (
        f"surface-cue baseline reaches {accuracy:.1%} on held-out families"
    )
