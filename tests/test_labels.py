import pytest

from model.labels import COMPLEXITY_LEVELS, INTENT_TECHNIQUES, INTENTS, TECHNIQUES, recommend_techniques


def test_default_taxonomy_order_is_fixed() -> None:
    assert INTENTS == (
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
    assert COMPLEXITY_LEVELS == ("simple", "moderate", "complex")


def test_every_intent_has_known_techniques() -> None:
    assert set(INTENT_TECHNIQUES) == set(INTENTS)
    for techniques in INTENT_TECHNIQUES.values():
        assert set(techniques) <= set(TECHNIQUES)


def test_complexity_scales_the_advice() -> None:
    simple = recommend_techniques("reasoning", "simple")
    complex_ = recommend_techniques("reasoning", "complex")
    assert len(simple) < len(complex_)
    assert {t["name"] for t in complex_} >= {"chain_of_thought", "self_consistency"}
    assert "self_consistency" not in {t["name"] for t in simple}
    steps = {t["name"]: t["parameters"] for t in complex_}["chain_of_thought"]["reasoning_steps"]
    moderate_steps = recommend_techniques("reasoning", "moderate")[0]["parameters"]["reasoning_steps"]
    assert steps > moderate_steps


def test_unknown_intent_gets_generic_advice_and_bad_level_fails() -> None:
    assert recommend_techniques("card_arrival", "moderate")
    with pytest.raises(ValueError, match="complexity"):
        recommend_techniques("reasoning", "extreme")
