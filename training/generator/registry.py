"""The registry of template families: every intent module's families, in label order."""

from __future__ import annotations

from model.labels import INTENTS
from training.generator.base import Family
from training.generator.families import (
    code_generation,
    conversation,
    creative_writing,
    data_analysis,
    problem_solving,
    question_answering,
    real_style,
    reasoning,
    summarization,
    task_planning,
    translation,
)

_MODULES = (
    question_answering,
    creative_writing,
    code_generation,
    data_analysis,
    reasoning,
    summarization,
    translation,
    conversation,
    task_planning,
    problem_solving,
)

FAMILIES: dict[str, tuple[Family, ...]] = {
    module.family.intent: module.FAMILIES + real_style.FAMILIES[module.family.intent] for module in _MODULES
}
"""Families by intent, in :data:`model.labels.INTENTS` order: each intent module's families, then
the real-style ones of :mod:`training.generator.families.real_style`."""

if tuple(FAMILIES) != INTENTS:
    raise RuntimeError(f"template modules {tuple(FAMILIES)} do not match the label set {INTENTS}")
