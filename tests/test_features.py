import math

import pytest

from model.features import (
    FEATURE_NAMES,
    NUM_FEATURES,
    check_spec,
    compute_batch,
    compute_features,
    feature_spec,
)

CODE_PROMPT = (
    "Write a Python function that parses a CSV file and returns the average of column 3. "
    "It must handle missing values and should run in O(n). Explain why."
)


def named(text: str) -> dict[str, float]:
    return dict(zip(FEATURE_NAMES, compute_features(text), strict=True))


def test_vector_length_and_names_are_fixed() -> None:
    assert NUM_FEATURES == len(FEATURE_NAMES) == len(set(FEATURE_NAMES))
    for text in ["", "hi", CODE_PROMPT, "日本語のテキスト", "a" * 10_000]:
        vector = compute_features(text)
        assert len(vector) == NUM_FEATURES
        assert all(isinstance(v, float) and math.isfinite(v) for v in vector)


def test_known_values() -> None:
    f = named(CODE_PROMPT)
    assert f["log_chars"] == pytest.approx(math.log1p(len(CODE_PROMPT)))
    assert f["log_words"] == pytest.approx(math.log1p(len(CODE_PROMPT.split())))
    assert f["log_sentences"] == pytest.approx(math.log1p(3))
    assert f["question_marks"] == 0.0
    assert f["code_indicators"] == pytest.approx(math.log1p(2))  # "python", "()"
    assert f["constraint_words"] == pytest.approx(math.log1p(2))  # must, should
    assert f["reasoning_words"] == pytest.approx(math.log1p(2))  # explain, why
    assert f["digit_ratio"] == pytest.approx(1 / len(CODE_PROMPT))


def test_empty_text_is_all_zero() -> None:
    assert compute_features("") == [0.0] * NUM_FEATURES


def test_structure_features_respond_to_structure() -> None:
    plan = "Plan my week:\n1. gym\n2. groceries\n- call mom\nFirst do X, then Y, finally Z."
    f = named(plan)
    assert f["list_markers"] == pytest.approx(math.log1p(3))
    assert f["sequence_words"] == pytest.approx(math.log1p(3))
    assert f["log_lines"] == pytest.approx(math.log1p(5))
    assert named("Why? How? What?")["question_marks"] == pytest.approx(math.log1p(3))


def test_script_ratios() -> None:
    assert named("日本語")["non_ascii_ratio"] == 1.0
    assert named("HELLO there")["upper_ratio"] == pytest.approx(5 / 10)


def test_deterministic_and_batch_equals_single() -> None:
    texts = [CODE_PROMPT, "hello", "¿Dónde está la biblioteca?"]
    assert compute_batch(texts) == [compute_features(t) for t in texts]
    assert compute_batch(texts) == compute_batch(list(texts))


def test_spec_round_trip_and_mismatch() -> None:
    check_spec(feature_spec())
    with pytest.raises(ValueError, match="feature spec"):
        check_spec({"version": 0, "names": list(FEATURE_NAMES)})
    with pytest.raises(ValueError, match="feature spec"):
        check_spec({**feature_spec(), "names": list(reversed(FEATURE_NAMES))})
