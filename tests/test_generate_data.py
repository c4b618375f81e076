"""Tests for the synthetic data generator: counts, balance, determinism and labels by construction."""

from __future__ import annotations

import json
import random
from collections import Counter
from typing import Any

import pytest

from model.labels import COMPLEXITY_LEVELS, INTENTS
from training import generate_data
from training.generator import engine as gd
from training.generator.edge_cases import (
    CODE_HEAVY_FAMILIES,
    EDGE_KINDS,
    OTHER_LANGUAGE_FAMILIES,
    VAGUE_FAMILIES,
)
from training.generator.registry import FAMILIES
from training.generator.surface import add_typos

PER_INTENT = 30
EDGE_CASES = 70
SEED = 7

ALL_FAMILIES = {
    family.id: family
    for registry in (FAMILIES, VAGUE_FAMILIES, OTHER_LANGUAGE_FAMILIES, CODE_HEAVY_FAMILIES)
    for families in registry.values()
    for family in families
}


@pytest.fixture(scope="module")
def dataset() -> dict[str, Any]:
    return gd.generate(PER_INTENT, EDGE_CASES, SEED)


@pytest.fixture(scope="module")
def examples(dataset: dict[str, Any]) -> list[dict[str, Any]]:
    return dataset["examples"]


def _normal(examples: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in examples if e["edge_case"] is None]


def _edges(examples: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [e for e in examples if e["edge_case"] == kind]


def _documented_complexity(recipe: dict[str, Any]) -> str:
    """The rule from the generator's docstring, restated here so a silent change to it fails a test."""
    chars = recipe["context_chars"]
    bucket = 0 if chars == 0 else 1 if chars < 400 else 2 if chars < 1200 else 3
    score = recipe["n_steps"] - 1 + recipe["n_constraints"] + bucket
    return "simple" if score <= 1 else "moderate" if score <= 3 else "complex"


def test_counts_per_intent_are_exact(examples: list[dict[str, Any]]) -> None:
    counts = Counter(e["intent"] for e in _normal(examples))
    assert counts == dict.fromkeys(INTENTS, PER_INTENT)
    assert len(examples) == PER_INTENT * len(INTENTS) + EDGE_CASES


def test_complexity_is_balanced_within_each_intent(examples: list[dict[str, Any]]) -> None:
    for intent in INTENTS:
        levels = Counter(e["complexity"] for e in _normal(examples) if e["intent"] == intent)
        assert set(levels) == set(COMPLEXITY_LEVELS)
        assert max(levels.values()) - min(levels.values()) <= 1, (intent, levels)


def test_labels_and_fields_are_valid(examples: list[dict[str, Any]]) -> None:
    for e in examples:
        assert set(e) == {"text", "intent", "complexity", "family", "recipe", "edge_case"}
        assert isinstance(e["text"], str) and e["text"].strip()
        assert e["intent"] in INTENTS
        assert e["complexity"] in COMPLEXITY_LEVELS
        assert e["edge_case"] is None or e["edge_case"] in EDGE_KINDS
        assert isinstance(e["family"], str) and e["family"]


def test_complexity_follows_from_the_recipe(examples: list[dict[str, Any]]) -> None:
    for e in examples:
        recipe = e["recipe"]
        assert e["complexity"] == _documented_complexity(recipe) == gd.complexity_from_recipe(recipe)
        assert recipe["n_constraints"] == len(recipe["constraints"])
        if recipe["style"] != "lowercase_terse" and e["edge_case"] != "typos":
            assert all(c.lower() in e["text"].lower() for c in recipe["constraints"]), e["text"]
        assert recipe["context_chars"] <= len(e["text"])


def test_recipe_step_counts_match_the_family(examples: list[dict[str, Any]]) -> None:
    for e in examples:
        recipe = e["recipe"]
        base = ALL_FAMILIES[recipe.get("base_family", e["family"])]
        added = 1 if e["edge_case"] == "mixed_intent" else 0
        assert recipe["n_steps"] == base.steps + len(recipe["follow_ups"]) + added


def test_normal_families_are_registry_families_of_the_same_intent(examples: list[dict[str, Any]]) -> None:
    for e in _normal(examples):
        assert ALL_FAMILIES[e["family"]].intent == e["intent"]


def test_same_seed_gives_identical_output(dataset: dict[str, Any]) -> None:
    again = gd.generate(PER_INTENT, EDGE_CASES, SEED)
    assert json.dumps(again, ensure_ascii=False) == json.dumps(dataset, ensure_ascii=False)


def test_different_seed_gives_different_output(examples: list[dict[str, Any]]) -> None:
    other = gd.generate(PER_INTENT, EDGE_CASES, SEED + 1)["examples"]
    assert [e["text"] for e in other] != [e["text"] for e in examples]


def test_no_exact_or_near_duplicate_texts(examples: list[dict[str, Any]]) -> None:
    texts = [e["text"] for e in examples]
    assert len(set(texts)) == len(texts)
    assert gd.compute_statistics(examples)["near_duplicate_rate"] < 0.02


def test_normalization_for_near_duplicates() -> None:
    loud, quiet = (
        gd.normalize_for_dedup("Plan a 3-day trip to ROME!!"),
        gd.normalize_for_dedup("plan a 5 day trip to rome"),
    )
    assert loud == quiet
    assert gd.normalize_for_dedup("tl;dr  this") == "tl dr this"


def test_every_edge_kind_is_present_and_evenly_spread(examples: list[dict[str, Any]]) -> None:
    counts = Counter(e["edge_case"] for e in examples if e["edge_case"])
    assert set(counts) == set(EDGE_KINDS)
    assert sum(counts.values()) == EDGE_CASES
    assert max(counts.values()) - min(counts.values()) <= 1


def test_edge_families_are_named_after_kind_and_base(examples: list[dict[str, Any]]) -> None:
    for e in examples:
        if e["edge_case"]:
            base = e["recipe"]["base_family"]
            assert e["family"] == f"edge/{e['edge_case']}/{base}"
            assert ALL_FAMILIES[base].intent == e["intent"]


def test_typos_keep_the_label_of_their_base_example(examples: list[dict[str, Any]]) -> None:
    typos = _edges(examples, "typos")
    assert typos
    for e in typos:
        assert e["recipe"]["typos"], e["text"]
        assert FAMILIES[e["intent"]] and e["recipe"]["base_family"].startswith(e["intent"] + "/")
        for op in e["recipe"]["typos"]:
            _, change = op.split(":", 1)
            noisy = change.split("->", 1)[1]
            assert noisy in e["text"]


def test_mixed_intent_records_its_primary_label(examples: list[dict[str, Any]]) -> None:
    mixed = _edges(examples, "mixed_intent")
    assert mixed
    for e in mixed:
        recipe = e["recipe"]
        assert recipe["primary_intent"] == e["intent"]
        assert recipe["secondary_intent"] in INTENTS and recipe["secondary_intent"] != e["intent"]
        assert recipe["addon"] in e["text"]
        assert ALL_FAMILIES[recipe["base_family"]].intent == recipe["primary_intent"]


def test_vague_requests_are_short_and_simple(examples: list[dict[str, Any]]) -> None:
    for e in _edges(examples, "vague"):
        assert e["complexity"] == "simple"
        assert len(e["text"]) < 80, e["text"]


def test_very_long_cases_paste_long_context(examples: list[dict[str, Any]]) -> None:
    for e in _edges(examples, "very_long"):
        assert e["recipe"]["context_chars"] > gd.VERY_LONG_CHARS
        assert len(e["text"]) > gd.VERY_LONG_CHARS


def test_other_language_cases_are_not_english(examples: list[dict[str, Any]]) -> None:
    for e in _edges(examples, "other_language"):
        assert e["recipe"]["base_family"].split("/")[1].startswith("in_")
        assert e["recipe"]["opener"] is None and e["recipe"]["closer"] is None


def test_emotional_cases_wrap_a_real_request(examples: list[dict[str, Any]]) -> None:
    for e in _edges(examples, "emotional"):
        recipe = e["recipe"]
        assert recipe["tone"]
        assert recipe["tone_lead"] or recipe["tone_tail"]


def test_every_intent_has_enough_families_for_grouped_splits() -> None:
    for intent in INTENTS:
        assert len(FAMILIES[intent]) >= 20, intent
        assert all(f.intent == intent for f in FAMILIES[intent])
    used = gd.compute_statistics(gd.generate(90, 0, SEED)["examples"])["families_per_intent"]
    assert used == {intent: len(FAMILIES[intent]) for intent in INTENTS}


def test_family_ids_are_unique() -> None:
    ids = [f.id for registry in (FAMILIES,) for families in registry.values() for f in families]
    assert len(ids) == len(set(ids))


def test_every_family_renders_at_each_level_it_can_reach() -> None:
    generator = gd.PromptGenerator(0)
    for family in ALL_FAMILIES.values():
        reached = set()
        for level in COMPLEXITY_LEVELS:
            for _ in range(40):
                planned = generator.plan(family, level)
                example = generator.render(family, *planned) if planned else None
                if example is not None:
                    reached.add(example["complexity"])
                    break
        assert reached, family.id
        if family.augment and family.templates and family.steps <= 2:
            assert reached == set(COMPLEXITY_LEVELS), (family.id, reached)


def test_add_typos_is_deterministic_and_changes_the_text() -> None:
    text = "Please summarize this quarterly report for my manager"
    first = add_typos(random.Random(3), text, 0.3)
    assert first == add_typos(random.Random(3), text, 0.3)
    assert first[0] != text and first[1]


def test_statistics_add_up(examples: list[dict[str, Any]]) -> None:
    stats = gd.compute_statistics(examples)
    assert stats["total"] == len(examples)
    assert sum(stats["per_intent"].values()) == len(examples)
    assert sum(stats["per_complexity"].values()) == len(examples)
    assert sum(sum(row.values()) for row in stats["per_intent_complexity"].values()) == len(examples)
    assert sum(stats["per_edge_case"].values()) == EDGE_CASES
    assert "near-duplicate rate" in gd.format_statistics(stats)


def test_cli_writes_the_dataset(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "nested" / "data.json"
    argv = ["--examples-per-intent", "6", "--edge-cases", "14", "--seed", "3", "--output", str(output)]
    assert generate_data.main(argv) == 0
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written["metadata"]["seed"] == 3
    assert written["metadata"]["examples_per_intent"] == 6
    assert written["metadata"]["intents"] == list(INTENTS)
    assert written["metadata"]["complexity_levels"] == list(COMPLEXITY_LEVELS)
    assert len(written["examples"]) == 6 * len(INTENTS) + 14
    assert "near-duplicate rate" in capsys.readouterr().out


def test_cli_output_is_byte_identical_for_the_same_arguments(tmp_path: Any) -> None:
    paths = [tmp_path / "a.json", tmp_path / "b.json"]
    for path in paths:
        generate_data.main(["--examples-per-intent", "5", "--edge-cases", "7", "--output", str(path)])
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_cli_rejects_negative_counts(tmp_path: Any) -> None:
    with pytest.raises(SystemExit):
        generate_data.main(["--examples-per-intent", "-1", "--output", str(tmp_path / "x.json")])
