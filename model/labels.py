"""The label taxonomy: intents, complexity levels and prompt-technique advice.

This is the one place to change the default label set. Its order is part of every trained
checkpoint's label map, so reordering it is a breaking change for old checkpoints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

INTENTS: tuple[str, ...] = (
    "question_answering",
    "creative_writing",
    "code_generation",
    "data_analysis",
    "reasoning",
    "summarization",
    "translation",
    "conversation",
    "task_planning",
    "problem_solving",
)

TAXONOMY_VERSION = "2026-12"
"""Version of the labelling guide (docs/taxonomy.md) that the default label set follows."""

INTENT_DESCRIPTIONS: dict[str, str] = {
    "question_answering": "A fact, explanation, definition, advice, recommendations that exist as knowledge.",
    "creative_writing": "New text valued for its wording or invention: stories, poems, names, ads, rewrites.",
    "code_generation": "Code, a query, a regex, a config or a command, or a change to given code.",
    "data_analysis": "Insight computed from given data: statistics, trends, comparisons, tables, charts.",
    "reasoning": "An answer reached by explicit logic or maths: puzzles, word problems, proofs, estimates.",
    "summarization": "A shorter version of a given source: summary, key points, a title for given text.",
    "translation": "The same content in another language, dialect or register of language.",
    "conversation": (
        "Social chat, role-play, the assistant's opinions, emotional support, replies to messages."
    ),
    "task_planning": "A plan, schedule, itinerary, checklist or step-by-step roadmap toward a goal.",
    "problem_solving": "A fix or decision for the user's own concrete situation: troubleshooting, debugging.",
}
"""One line per intent, condensed from docs/taxonomy.md; answers and archive metadata expose it."""

COMPLEXITY_LEVELS: tuple[str, ...] = ("simple", "moderate", "complex")

TECHNIQUES: dict[str, str] = {
    "zero_shot": "Ask directly; the task is clear enough without examples.",
    "few_shot": "Show worked input/output examples before the real input.",
    "chain_of_thought": "Ask the model to reason step by step before it answers.",
    "step_by_step": "Break the answer into explicit, numbered steps.",
    "tree_of_thoughts": "Explore several solution branches and prune the weak ones.",
    "self_consistency": "Sample several reasoning paths and keep the majority answer.",
    "structured_output": "Fix the output format (JSON, table, schema) up front.",
    "role_play": "Give the model a persona or expert role that fits the task.",
    "decomposition": "Split the request into sub-tasks and solve them in order.",
    "context_grounding": "Supply the source text and require answers drawn from it.",
    "style_guide": "State tone, audience, length and style constraints explicitly.",
    "test_driven": "Give tests or acceptance criteria the output must satisfy.",
    "glossary": "Pin the translation of domain terms and names.",
    "critique_and_revise": "Draft, critique the draft against the constraints, then revise.",
    "persona_memory": "Keep the conversation's persona and earlier turns in view.",
}

INTENT_TECHNIQUES: dict[str, tuple[str, ...]] = {
    "question_answering": ("zero_shot", "context_grounding", "chain_of_thought"),
    "creative_writing": ("role_play", "style_guide", "critique_and_revise"),
    "code_generation": ("structured_output", "test_driven", "decomposition"),
    "data_analysis": ("structured_output", "step_by_step", "chain_of_thought"),
    "reasoning": ("chain_of_thought", "self_consistency", "tree_of_thoughts"),
    "summarization": ("context_grounding", "structured_output", "style_guide"),
    "translation": ("glossary", "style_guide", "few_shot"),
    "conversation": ("persona_memory", "role_play", "zero_shot"),
    "task_planning": ("decomposition", "step_by_step", "structured_output"),
    "problem_solving": ("decomposition", "chain_of_thought", "tree_of_thoughts"),
}

GENERIC_TECHNIQUES: tuple[str, ...] = ("zero_shot", "structured_output", "chain_of_thought")
"""Used for intents outside the default taxonomy (a user's own label set)."""

COMPLEXITY_SETTINGS: dict[str, dict[str, int]] = {
    "simple": {"max_techniques": 1, "reasoning_steps": 0, "examples": 0, "samples": 1},
    "moderate": {"max_techniques": 2, "reasoning_steps": 3, "examples": 2, "samples": 1},
    "complex": {"max_techniques": 3, "reasoning_steps": 6, "examples": 4, "samples": 5},
}
"""How complexity scales the advice: harder prompts get more techniques, longer reasoning
chains, more few-shot examples and, for self-consistency, more sampled paths."""

_COMPLEX_ONLY = {"tree_of_thoughts", "self_consistency", "critique_and_revise"}


def _parameters(technique: str, settings: dict[str, int]) -> dict[str, int]:
    if technique in {"chain_of_thought", "step_by_step", "decomposition", "tree_of_thoughts"}:
        return {"reasoning_steps": max(settings["reasoning_steps"], 2)}
    if technique == "few_shot":
        return {"examples": max(settings["examples"], 1)}
    if technique == "self_consistency":
        return {"samples": settings["samples"]}
    return {}


def recommend_techniques(intent: str, complexity: str) -> list[dict[str, object]]:
    """Prompt-technique advice for a classified prompt.

    Simple prompts get one cheap technique; expensive search techniques (tree of thoughts,
    self-consistency, critique loops) are only worth their cost on complex prompts.
    """
    if complexity not in COMPLEXITY_SETTINGS:
        raise ValueError(f"unknown complexity level {complexity!r}; expected one of {COMPLEXITY_LEVELS}")
    settings = COMPLEXITY_SETTINGS[complexity]
    candidates = INTENT_TECHNIQUES.get(intent, GENERIC_TECHNIQUES)
    if complexity != "complex":
        candidates = tuple(t for t in candidates if t not in _COMPLEX_ONLY) or ("zero_shot",)
    chosen = candidates[: settings["max_techniques"]]
    return [
        {"name": name, "description": TECHNIQUES[name], "parameters": _parameters(name, settings)}
        for name in chosen
    ]


def build_label_map(labels: Sequence[str], complexity_levels: Sequence[str]) -> dict[str, Any]:
    """The label map stored next to the splits and in every checkpoint."""
    return {
        "labels": list(labels),
        "label2id": {label: index for index, label in enumerate(labels)},
        "id2label": {str(index): label for index, label in enumerate(labels)},
        "complexity_levels": list(complexity_levels),
    }
