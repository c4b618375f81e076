"""Deterministic synthetic training data for the prompt-intent classifier: the generation engine.

The command line is ``generate-training-data`` (:mod:`training.generate_data`); the surface form of
a prompt (style, framing, extras, typos) is :mod:`training.generator.surface`.

The model is judged on real prompts it has never seen, so the data is built to make template
artefacts useless as shortcuts: every intent has dozens of template families (distinct ways people
phrase it), the same documents, code, greetings and personas appear under several intents, and
constraints and follow-up requests are appended independently of the wording. Complexity is never
sampled as a label: the generator aims for a level, builds a prompt with that many sub-requests,
constraints and that much pasted context, and the label is then computed from that recipe by
:func:`complexity_from_recipe`, so it always agrees with what is in the text.

The complexity rule, over each example's ``recipe``::

    score = (n_steps - 1) + n_constraints + context_bucket(context_chars)
    simple: score <= 1      moderate: 2 <= score <= 3      complex: score >= 4

``n_steps`` counts the requests in the prompt (the main one plus follow-ups such as "then add
tests"), ``n_constraints`` the explicit requirements ("under 100 words", "no libraries"), and the
context bucket is 0 without pasted or narrated material, then 1 below 400 characters, 2 below
1200 and 3 from 1200 on. Greetings, personas and "thanks!" do not count: they change the wording,
not the work.

Edge cases (``edge_case`` set, family ``edge/<kind>/<base family>``) cover mixed intents, vague
requests, typos, very long pastes, other languages, emotional framing and code-heavy prompts. Each
is labelled by construction; see :mod:`training.generator.edge_cases` for the rules. Edge
cases derived from a normal example (typos, emotional, very long, mixed) keep that example's family
in ``recipe["base_family"]``; a split that must keep a family and its noisy copies on one side can
group by that field.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from model.labels import COMPLEXITY_LEVELS, INTENTS
from training.generator.base import CONTEXT_MARK, Context, Expander, Family, context_bucket
from training.generator.edge_cases import (
    ADDON_LEAD_INS,
    ADDON_POOLS,
    ADDON_TEMPLATES,
    CODE_HEAVY_FAMILIES,
    EDGE_KINDS,
    OTHER_LANGUAGE_FAMILIES,
    TONE_MISFITS,
    TONES,
    VAGUE_FAMILIES,
)
from training.generator.pools import GENERAL_POOLS
from training.generator.registry import FAMILIES
from training.generator.surface import (
    STYLES,
    add_typos,
    attach_extras,
    fix_articles,
    restyle,
    split_context,
    wrap,
)

GENERATOR_VERSION = "1.1.0"

LEVEL_TARGETS: dict[str, tuple[int, int]] = {"simple": (0, 1), "moderate": (2, 3), "complex": (4, 6)}
"""Scores the generator aims at per level; the label itself always comes from the recipe."""

MAX_FOLLOW_UPS = 3
MAX_CONSTRAINTS = 4
_ATTEMPTS = 80
VERY_LONG_CHARS = 1500

# ---- complexity


def complexity_score(recipe: Mapping[str, Any]) -> int:
    """The documented score: extra requests, plus constraints, plus the pasted-context bucket."""
    return (
        (int(recipe["n_steps"]) - 1)
        + int(recipe["n_constraints"])
        + context_bucket(int(recipe["context_chars"]))
    )


def complexity_from_recipe(recipe: Mapping[str, Any]) -> str:
    """The complexity label of a recipe; the single source of every example's ``complexity``."""
    score = complexity_score(recipe)
    return "simple" if score <= 1 else "moderate" if score <= 3 else "complex"


def normalize_for_dedup(text: str) -> str:
    """Lowercase, digits to 0, punctuation removed, whitespace collapsed: the near-duplicate key."""
    lowered = re.sub(r"\d", "0", text.lower())
    kept = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in lowered)
    return " ".join(kept.split())


# ---- generator


@dataclass(frozen=True)
class Wording:
    """What one example says, before how it is typed: the filled template and its extras."""

    context: Context | None
    bound: dict[str, str]
    template_index: int
    request: str
    constraints: list[str]
    follow_ups: list[str]


@dataclass(frozen=True)
class Surface:
    """How one example reads: the final text and the surface choices recorded in its recipe."""

    text: str
    style: str
    extras_format: str | None
    opener: str | None
    persona: str | None
    closer: str | None


def _recipe(family: Family, wording: Wording, surface: Surface) -> dict[str, Any]:
    """Everything an example was built from; its complexity label is computed from this alone."""
    context = wording.context
    context_slots = context.slots if context is not None else {}
    slots = {k: v for k, v in wording.bound.items() if k != "context" and k not in context_slots}
    recipe: dict[str, Any] = {
        "template": wording.template_index,
        "slots": {k: v for k, v in slots.items() if len(v) <= 80},
        "n_steps": family.steps + len(wording.follow_ups),
        "n_constraints": len(wording.constraints),
        "constraints": wording.constraints,
        "follow_ups": wording.follow_ups,
        "context_kind": context.kind if context else None,
        "context_chars": len(context.text) if context else 0,
        "context_sentences": context.units if context else 0,
        "style": surface.style,
        "extras_format": surface.extras_format,
        "persona": surface.persona,
        "opener": surface.opener,
        "closer": surface.closer,
    }
    if context is not None and context.slots:
        recipe["context_slots"] = {k: v for k, v in context.slots.items() if len(v) <= 80}
    return recipe


class PromptGenerator:
    """Builds examples from template families with one seeded random generator.

    All randomness flows through ``self.rng`` in a fixed order, so the same seed and arguments give
    byte-identical output. ``seen`` holds the near-duplicate keys of accepted texts: a candidate
    whose key was already used is rejected and rebuilt, so the output has no exact duplicates and
    no near-duplicates either (``rejected`` counts the rebuilds).
    """

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seen: set[str] = set()
        self.rejected = 0

    # -------------------------------------------------------------------------------- one example

    def plan(self, family: Family, level: str) -> tuple[int, int] | None:
        """A target score within ``level`` and a context bucket the family can reach it with."""
        low, high = LEVEL_TARGETS[level]
        target = self.rng.randint(low, high)
        extra = (MAX_FOLLOW_UPS + MAX_CONSTRAINTS) if family.augment else 0
        base = family.steps - 1
        buckets = [b for b in family.buckets() if base + b <= target <= base + b + extra]
        if level != "complex":
            buckets = [b for b in buckets if b <= 2]
        if not buckets:
            return None
        weights = [0.35 if b == 3 else 1.0 for b in buckets]
        return target, self.rng.choices(buckets, weights)[0]

    def render(
        self,
        family: Family,
        target: int,
        bucket: int,
        noise: Callable[[str], str] | None = None,
    ) -> dict[str, Any] | None:
        """One example of ``family`` scoring ``target`` with a context of ``bucket``, or None.

        Four steps, each drawing from ``self.rng`` in this order (the order is part of the output):
        the pasted context, how the rest of the score splits into follow-ups and constraints, the
        wording, then the surface form. ``noise`` rewrites the typed parts, never the paste.
        """
        context = self._draw_context(family, bucket)
        if bucket and context is None:
            return None
        counts = self._split_remaining(family, target - (family.steps - 1) - bucket)
        if counts is None:
            return None
        wording = self._word(family, context, *counts)
        surface = self._surface(family, wording, noise)
        recipe = _recipe(family, wording, surface)
        return {
            "text": surface.text,
            "intent": family.intent,
            "complexity": complexity_from_recipe(recipe),
            "family": family.id,
            "recipe": recipe,
            "edge_case": None,
        }

    def _draw_context(self, family: Family, bucket: int) -> Context | None:
        """Pasted material in ``bucket``; None without one, or when the drawn one missed the bucket."""
        if not bucket:
            return None
        assert family.context is not None
        context = family.context(self.rng, bucket)
        if context is None or context_bucket(len(context.text)) != bucket:
            return None
        return context

    def _split_remaining(self, family: Family, remaining: int) -> tuple[int, int] | None:
        """Follow-ups and constraints that add up to the score left after steps and context."""
        if remaining < 0 or (remaining and not family.augment):
            return None
        n_follow = self.rng.randint(0, min(remaining, MAX_FOLLOW_UPS, len(family.follow_ups)))
        n_constraints = remaining - n_follow
        if n_constraints > min(MAX_CONSTRAINTS, len(family.constraints)):
            return None
        return n_follow, n_constraints

    def _word(self, family: Family, context: Context | None, n_follow: int, n_constraints: int) -> Wording:
        """The request, constraints and follow-ups with every slot filled."""
        rng = self.rng
        bound: dict[str, str] = {"context": CONTEXT_MARK}
        if context is not None:
            bound.update(context.slots)
        expander = Expander(rng, family.pools, bound)
        templates = family.context_templates if context is not None else family.templates
        template_index = rng.randrange(len(templates))
        request = fix_articles(expander.expand(templates[template_index]).strip())
        constraints = [expander.expand(c) for c in rng.sample(family.constraints, n_constraints)]
        follow_ups = [expander.expand(f) for f in rng.sample(family.follow_ups, n_follow)]
        return Wording(context, bound, template_index, request, constraints, follow_ups)

    def _surface(self, family: Family, wording: Wording, noise: Callable[[str], str] | None) -> Surface:
        """How the request is typed (style), extended (extras), framed (greeting, persona, thanks)."""
        rng = self.rng
        style = rng.choices([s for s, _ in STYLES], [w for _, w in STYLES])[0]
        casual = style != "as_written" or family.casual
        text, extras_format = attach_extras(
            rng, wording.request, wording.constraints, wording.follow_ups, casual
        )
        text, opener, persona, closer = wrap(rng, family, text)
        text = restyle(text, style)
        if noise is not None:
            text = "".join(p if p == CONTEXT_MARK else noise(p) for p in split_context(text))
        if wording.context is not None:
            text = text.replace(CONTEXT_MARK, wording.context.text)
        return Surface(text.strip(), style, extras_format, opener, persona, closer)

    def accept(self, example: dict[str, Any] | None) -> bool:
        """Keep ``example`` unless it is missing or a (near-)duplicate of one already kept."""
        if example is None:
            return False
        key = normalize_for_dedup(example["text"])
        if not key or key in self.seen:
            self.rejected += 1
            return False
        self.seen.add(key)
        return True

    # -------------------------------------------------------------------------------- per intent

    def intent_examples(self, intent: str, count: int) -> list[dict[str, Any]]:
        """``count`` examples of ``intent`` with balanced complexity levels and family sizes.

        Each slot goes to the least-used family that can build it, so families that only exist at
        one level (a bare greeting is always simple) still get their share, and grouped splits see
        families of similar size.
        """
        rng = self.rng
        families = list(FAMILIES[intent])
        rng.shuffle(families)
        uses = dict.fromkeys(range(len(families)), 0)
        levels = [COMPLEXITY_LEVELS[i % len(COMPLEXITY_LEVELS)] for i in range(count)]
        rng.shuffle(levels)
        examples: list[dict[str, Any]] = []
        for level in levels:
            order = sorted(uses, key=lambda i: uses[i])
            for attempt in range(_ATTEMPTS):
                index = order[attempt % len(order)]
                planned = self.plan(families[index], level)
                example = self.render(families[index], *planned) if planned else None
                if example is not None and example["complexity"] == level and self.accept(example):
                    examples.append(example)
                    uses[index] += 1
                    break
            else:
                raise RuntimeError(f"could not build a new {level} {intent} example; the pools are too small")
        return examples

    # -------------------------------------------------------------------------------- edge cases

    def _random_level_example(
        self,
        family: Family,
        noise: Callable[[str], str] | None = None,
        bucket: int | None = None,
        levels: Sequence[str] = COMPLEXITY_LEVELS,
    ) -> dict[str, Any] | None:
        """An example of ``family`` at whichever of ``levels`` it can reach, or with a forced bucket."""
        if bucket is not None:
            target = bucket + family.steps - 1 + self.rng.randint(0, 2 if family.augment else 0)
            return self.render(family, target, bucket, noise)
        for level in self.rng.sample(list(levels), len(levels)):
            planned = self.plan(family, level)
            if planned is not None:
                return self.render(family, *planned, noise)
        return None

    def _edge(self, example: dict[str, Any], kind: str, base: Family, **recipe: Any) -> dict[str, Any]:
        example["recipe"].update(base_family=base.id, **recipe)
        example["recipe"]["n_steps"] += int(recipe.get("added_steps", 0))
        example["family"] = f"edge/{kind}/{base.id}"
        example["edge_case"] = kind
        example["complexity"] = complexity_from_recipe(example["recipe"])
        return example

    def _typos(self, intent: str) -> dict[str, Any] | None:
        family = self.rng.choice(FAMILIES[intent])
        rate = self.rng.choice((0.08, 0.12, 0.18, 0.25))
        applied: list[str] = []

        def noise(part: str) -> str:
            noisy, ops = add_typos(self.rng, part, rate)
            applied.extend(ops)
            return noisy

        example = self._random_level_example(family, noise)
        if example is None or not applied:
            return None
        return self._edge(example, "typos", family, typos=applied, typo_rate=rate)

    def _emotional(self, intent: str) -> dict[str, Any] | None:
        family = self.rng.choice(FAMILIES[intent])
        example = self._random_level_example(family)
        if example is None:
            return None
        tone = self.rng.choice([t for t in sorted(TONES) if intent not in TONE_MISFITS.get(t, ())])
        leads, tails = TONES[tone]
        lead = self.rng.choice(leads) if self.rng.random() < 0.85 else ""
        tail = self.rng.choice(tails) if not lead or self.rng.random() < 0.4 else ""
        text = example["text"]
        if tone == "angry" and self.rng.random() < 0.3 and len(text) < 300:
            text = text.upper()
        example["text"] = " ".join(part for part in (lead, text, tail) if part)
        return self._edge(example, "emotional", family, tone=tone, tone_lead=lead, tone_tail=tail)

    def _very_long(self, intent: str) -> dict[str, Any] | None:
        candidates = [f for f in FAMILIES[intent] if 3 in f.buckets()]
        family = self.rng.choice(candidates)
        example = self._random_level_example(family, bucket=3)
        if example is None or example["recipe"]["context_chars"] <= VERY_LONG_CHARS:
            return None
        return self._edge(example, "very_long", family)

    def _mixed_intent(self, intent: str) -> dict[str, Any] | None:
        rng = self.rng
        family = rng.choice([f for f in FAMILIES[intent] if f.augment])
        example = self._random_level_example(family, levels=("simple", "moderate"))
        if example is None:
            return None
        secondary = rng.choice([i for i in INTENTS if i != intent])
        addon = Expander(rng, GENERAL_POOLS | ADDON_POOLS, {}).expand(rng.choice(ADDON_TEMPLATES[secondary]))
        lead_in = rng.choice(ADDON_LEAD_INS)
        joiner = "\n\n" if example["recipe"]["context_chars"] and rng.random() < 0.7 else " "
        example["text"] = f"{example['text']}{joiner}{lead_in}{addon}".strip()
        return self._edge(
            example,
            "mixed_intent",
            family,
            primary_intent=intent,
            secondary_intent=secondary,
            addon=addon,
            added_steps=1,
        )

    def _own_family(self, families: Sequence[Family], kind: str) -> dict[str, Any] | None:
        family = self.rng.choice(families)
        example = self._random_level_example(family)
        if example is None:
            return None
        return self._edge(example, kind, family)

    def edge_examples(self, count: int) -> list[dict[str, Any]]:
        """``count`` edge cases spread evenly over :data:`EDGE_KINDS` and, within a kind, over intents."""
        builders: dict[str, Callable[[str], dict[str, Any] | None]] = {
            "mixed_intent": self._mixed_intent,
            "vague": lambda intent: self._own_family(VAGUE_FAMILIES[intent], "vague"),
            "typos": self._typos,
            "very_long": self._very_long,
            "other_language": lambda intent: self._own_family(
                OTHER_LANGUAGE_FAMILIES[intent], "other_language"
            ),
            "emotional": self._emotional,
            "code_heavy": lambda intent: self._own_family(CODE_HEAVY_FAMILIES[intent], "code_heavy"),
        }
        intents_for = {
            "vague": [i for i in INTENTS if VAGUE_FAMILIES.get(i)],
            "other_language": [i for i in INTENTS if OTHER_LANGUAGE_FAMILIES.get(i)],
            "code_heavy": [i for i in INTENTS if CODE_HEAVY_FAMILIES.get(i)],
        }
        examples: list[dict[str, Any]] = []
        for k, kind in enumerate(EDGE_KINDS):
            share = count // len(EDGE_KINDS) + (1 if k < count % len(EDGE_KINDS) else 0)
            intents = intents_for.get(kind, list(INTENTS))
            offset = self.rng.randrange(len(intents))
            for i in range(share):
                intent = intents[(offset + i) % len(intents)]
                for _ in range(_ATTEMPTS):
                    example = builders[kind](intent)
                    if self.accept(example):
                        assert example is not None
                        examples.append(example)
                        break
                else:
                    raise RuntimeError(f"could not build a new {kind} edge case for {intent}")
        return examples


# ---- dataset


def generate(examples_per_intent: int = 500, edge_cases: int = 1000, seed: int = 42) -> dict[str, Any]:
    """The whole dataset: metadata and examples, normal ones intent by intent, then edge cases."""
    if examples_per_intent < 0 or edge_cases < 0:
        raise ValueError("counts must not be negative")
    generator = PromptGenerator(seed)
    examples: list[dict[str, Any]] = []
    for intent in INTENTS:
        examples.extend(generator.intent_examples(intent, examples_per_intent))
    examples.extend(generator.edge_examples(edge_cases))
    metadata = {
        "seed": seed,
        "examples_per_intent": examples_per_intent,
        "edge_cases": edge_cases,
        "generator_version": GENERATOR_VERSION,
        "intents": list(INTENTS),
        "complexity_levels": list(COMPLEXITY_LEVELS),
        "edge_case_kinds": list(EDGE_KINDS),
        "complexity_rule": "score = (n_steps - 1) + n_constraints + context_bucket(context_chars); "
        "context_bucket: 0 none, 1 < 400 chars, 2 < 1200, 3 otherwise; simple <= 1, moderate 2-3, complex "
        ">= 4",
        "rejected_duplicates": generator.rejected,
    }
    return {"metadata": metadata, "examples": examples}


def compute_statistics(examples: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts by intent, complexity, both, edge-case kind and family, plus the near-duplicate rate.

    The near-duplicate rate is the share of examples whose :func:`normalize_for_dedup` key is
    shared with another example.
    """
    per_intent = Counter(e["intent"] for e in examples)
    per_intent_normal = Counter(e["intent"] for e in examples if not e["edge_case"])
    per_complexity = Counter(e["complexity"] for e in examples)
    per_pair = Counter((e["intent"], e["complexity"]) for e in examples)
    per_edge = Counter(e["edge_case"] for e in examples if e["edge_case"])
    families: dict[str, set[str]] = {intent: set() for intent in INTENTS}
    edge_families: dict[str, set[str]] = {intent: set() for intent in INTENTS}
    for e in examples:
        (edge_families if e["edge_case"] else families).setdefault(e["intent"], set()).add(e["family"])
    keys = Counter(normalize_for_dedup(e["text"]) for e in examples)
    shared = sum(n for n in keys.values() if n > 1)
    return {
        "total": len(examples),
        "per_intent": {i: per_intent[i] for i in INTENTS},
        "per_intent_normal": {i: per_intent_normal[i] for i in INTENTS},
        "per_complexity": {c: per_complexity[c] for c in COMPLEXITY_LEVELS},
        "per_intent_complexity": {i: {c: per_pair[i, c] for c in COMPLEXITY_LEVELS} for i in INTENTS},
        "per_edge_case": {k: per_edge[k] for k in EDGE_KINDS},
        "families_per_intent": {i: len(families[i]) for i in INTENTS},
        "edge_families_per_intent": {i: len(edge_families[i]) for i in INTENTS},
        "near_duplicate_rate": shared / len(examples) if examples else 0.0,
        "mean_chars": round(sum(len(e["text"]) for e in examples) / len(examples), 1) if examples else 0.0,
    }


def format_statistics(stats: Mapping[str, Any]) -> str:
    """The statistics as an aligned plain-text table; "normal" excludes edge cases, the rest include them."""
    levels = COMPLEXITY_LEVELS
    width = max(len(i) for i in INTENTS) + 2
    header = ("total", "normal", *levels, "families", "edge fam")
    lines = [
        f"examples: {stats['total']}   mean length: {stats['mean_chars']} chars   "
        f"near-duplicate rate: {stats['near_duplicate_rate']:.2%}",
        "",
        "intent".ljust(width) + "".join(h.rjust(10) for h in header),
    ]
    for intent in INTENTS:
        row = stats["per_intent_complexity"][intent]
        cells = (
            stats["per_intent"][intent],
            stats["per_intent_normal"][intent],
            *(row[c] for c in levels),
            stats["families_per_intent"][intent],
            stats["edge_families_per_intent"][intent],
        )
        lines.append(intent.ljust(width) + "".join(str(c).rjust(10) for c in cells))
    totals = (
        stats["total"],
        sum(stats["per_intent_normal"].values()),
        *(stats["per_complexity"][c] for c in levels),
    )
    lines.append("all".ljust(width) + "".join(str(c).rjust(10) for c in totals))
    lines += ["", "edge cases: " + ", ".join(f"{k} {n}" for k, n in stats["per_edge_case"].items())]
    return "\n".join(lines)
