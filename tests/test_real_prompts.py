"""Real prompts: the shipped labelled data, its mixing into training, priors, calibration, eval-real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from model.calibration import fit_min_confidence
from model.labels import COMPLEXITY_LEVELS, INTENT_DESCRIPTIONS, INTENTS
from model.predictor import IntentPredictor, logit_adjustment, prior_vector
from training.config import ConfigError, load_config, parse_config
from training.data import Example, load_examples
from training.eval_real import Answers, RealPrompt, load_real_prompts, score
from training.eval_real import main as eval_real_main
from training.real_data import dev_texts, load_real_examples, prepare_real, split_real
from training.train import Splits, add_real_prompts

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "training/datasets/real_prompts_dev/prompts.jsonl"
REAL_DIR = ROOT / "training/datasets/real_prompts"


def test_every_intent_has_a_one_line_description() -> None:
    assert list(INTENT_DESCRIPTIONS) == list(INTENTS)
    assert all(0 < len(text) <= 110 and "\n" not in text for text in INTENT_DESCRIPTIONS.values())


def test_dev_set_is_shipped_with_its_licence_and_parses() -> None:
    prompts = load_real_prompts(DEV)
    assert len(prompts) == 160
    assert (DEV.parent / "LICENSE").is_file() and (DEV.parent / "README.md").is_file()
    assert {p.intent for p in prompts} <= set(INTENTS)
    assert {p.alt for p in prompts} - {None} <= set(INTENTS)
    assert {p.complexity for p in prompts} <= set(COMPLEXITY_LEVELS)


def test_default_configs_train_on_the_shipped_real_prompts_never_on_the_dev_set() -> None:
    dev = {text.casefold() for text in dev_texts(DEV)}
    for name in ("distilbert", "deberta"):
        config = load_config(ROOT / f"configs/{name}.yaml")
        assert config.data.real_data, f"{name} trains on no real prompts"
        assert Path(config.data.dev_data).resolve() == DEV
        for path in config.data.real_data:
            path = ROOT / path
            assert path.parent == REAL_DIR and path.is_file()
            examples = load_examples(path, labels=INTENTS)
            assert not dev & {example.text.casefold() for example in examples}, f"{path} has dev prompts"
            assert all(example.complexity in COMPLEXITY_LEVELS for example in examples)
    assert (REAL_DIR / "README.md").is_file() and (REAL_DIR / "LICENSE").is_file()


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def test_real_prompts_drop_dev_texts_split_by_label_and_repeat(tmp_path: Path) -> None:
    records = [
        {"text": f"question {i}?", "intent": "question_answering", "complexity": "simple"} for i in range(10)
    ]
    records += [
        {"text": f"Write a poem {i}", "intent": "creative_writing", "complexity": "moderate"}
        for i in range(5)
    ]
    records += [{"text": "Question 3?", "intent": "question_answering", "complexity": "simple"}]  # case dup
    path = _write_jsonl(tmp_path / "real.jsonl", records)
    examples, dropped = load_real_examples([path], INTENTS, exclude=["question 0?"])
    assert dropped == 1 and len(examples) == 14

    train, calibration = split_real(examples, 0.2, seed=0)
    assert sorted(e.label for e in calibration) == [
        "creative_writing",
        "question_answering",
        "question_answering",
    ]
    assert not {e.text for e in train} & {e.text for e in calibration}

    split = prepare_real([path], INTENTS, exclude=[], calibration_share=0.2, repeat=3, seed=0)
    assert len(split.train) == 3 * (15 - len(split.calibration))


def test_complexity_labels_real_keeps_only_the_real_prompts_levels(tmp_path: Path) -> None:
    path = _write_jsonl(
        tmp_path / "real.jsonl",
        [
            {"text": f"Plan a trip to city {i}", "intent": "task_planning", "complexity": "moderate"}
            for i in range(5)
        ],
    )
    synthetic = [Example(f"synthetic prompt {i}", "question_answering", "simple") for i in range(4)]
    config = parse_config(
        {
            "model": {"name": "tiny"},
            "data": {"real_data": [str(path)], "dev_data": None, "complexity_labels": "real"},
        }
    )
    splits = Splits(train=list(synthetic), val=list(synthetic), test=list(synthetic), labels=list(INTENTS),
                    complexity_levels=list(COMPLEXITY_LEVELS))  # fmt: skip
    add_real_prompts(splits, config)
    assert {e.complexity for e in splits.train if e.text.startswith("synthetic")} == {None}
    assert {e.complexity for e in splits.train if e.text.startswith("Plan")} == {"moderate"}
    assert {e.complexity for e in splits.test} == {"simple"}  # the synthetic test keeps its levels
    with pytest.raises(ConfigError, match="complexity_labels"):
        parse_config({"model": {"name": "tiny"}, "data": {"complexity_labels": "synthetic"}})


def test_prior_vector_is_normalised_and_refuses_bad_mixes() -> None:
    labels = ["a", "b"]
    assert prior_vector({"a": 3, "b": 1}, labels) == [0.75, 0.25]
    for bad in ({"a": 1}, {"a": 1, "b": 1, "c": 1}, {"a": 0, "b": 1}, {"a": float("nan"), "b": 1}):
        with pytest.raises(ValueError):
            prior_vector(bad, labels)


def test_logit_adjustment_is_bayes_rule() -> None:
    """Shifting by log(traffic/train) turns a posterior under the training mix into the posterior
    under the traffic mix: p'(y|x) ∝ p(y|x) · traffic(y) / train(y)."""
    train, traffic = [0.5, 0.25, 0.25], [0.2, 0.2, 0.6]
    logits = torch.tensor([[1.0, 0.5, -0.3]])
    shifted = torch.softmax(logits + logit_adjustment(train, traffic, 1.0), dim=-1)
    expected = torch.softmax(logits, dim=-1) * torch.tensor(traffic) / torch.tensor(train)
    assert torch.allclose(shifted, expected / expected.sum(), atol=1e-6)
    assert logit_adjustment(train, traffic, 0.0) is None
    assert logit_adjustment(None, traffic, 1.0) is None


def test_predictor_applies_the_checkpoint_prior_and_a_handler_override(tiny_checkpoint: Path) -> None:
    plain = IntentPredictor.from_checkpoint(tiny_checkpoint)
    texts = ["Translate 'good morning' into French", "hi there"]
    base = plain.infer(plain.encode(texts)).intents
    predictor = IntentPredictor.from_checkpoint(tiny_checkpoint)
    predictor.model.config.train_prior = [0.1] * 10
    heavy = {label: (91.0 if label == "conversation" else 1.0) for label in INTENTS}
    skewed = IntentPredictor(
        predictor.model,
        predictor.tokenizer,
        predictor.labels,
        predictor.complexity_levels,
        traffic_prior=heavy,
    )
    shifted = skewed.infer(skewed.encode(texts)).intents
    column = INTENTS.index("conversation")
    assert (shifted[:, column] > base[:, column]).all()
    predictor.model.config.train_prior = None


def test_min_confidence_reaches_the_precision_on_its_data() -> None:
    probs = torch.tensor([[0.9, 0.1], [0.8, 0.2], [0.7, 0.3], [0.6, 0.4], [0.55, 0.45]])
    labels = torch.tensor([0, 0, 1, 0, 1])  # right, right, wrong, right, wrong
    threshold = fit_min_confidence(probs, labels, precision=0.75)
    assert threshold == pytest.approx(0.6)
    assert fit_min_confidence(probs, labels, precision=1.0) == pytest.approx(0.8)
    assert fit_min_confidence(probs, torch.tensor([1, 1, 0, 1, 0]), precision=0.99) == pytest.approx(0.9)


def test_score_counts_primary_and_alternative() -> None:
    labels = ["question_answering", "reasoning", "creative_writing"]
    prompts = [
        RealPrompt("a", "question_answering", None, "simple"),
        RealPrompt("b", "reasoning", "question_answering", "moderate"),
        RealPrompt("c", "creative_writing", None, "complex"),
        RealPrompt("d", "translation", None, "simple"),  # an intent the model lacks counts wrong
    ]
    answers = Answers(
        labels,
        torch.tensor([[0.8, 0.1, 0.1], [0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.25, 0.25]]),
        ["simple", "simple", "complex", None],
        [False, False, False, True],
    )
    result = score(answers, prompts)
    assert result["primary_accuracy"] == 0.25
    assert result["primary_or_alt_accuracy"] == 0.5
    assert result["complexity_accuracy"] == 0.5
    assert result["per_intent"]["reasoning"] == {"support": 1, "recall": 0.0, "recall_primary_or_alt": 1.0}
    assert result["uncertain_share"] == 0.25
    assert result["confident_precision_primary_or_alt"] == pytest.approx(2 / 3)
    assert result["mean_confidence_wrong"] == pytest.approx(0.6)


def test_eval_real_cli_writes_the_report(tiny_checkpoint: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    assert eval_real_main(["--checkpoint", f"tiny={tiny_checkpoint}", "--output-dir", str(out)]) == 0
    metrics = json.loads((out / "metrics.json").read_text())["models"]["tiny"]
    assert metrics["num_prompts"] == 160
    assert 0 <= metrics["primary_accuracy"] <= metrics["primary_or_alt_accuracy"] <= 1
    assert (out / "confusion_tiny.png").stat().st_size > 0
    assert len((out / "predictions_tiny.jsonl").read_text().splitlines()) == 160
    assert "| tiny | 160 |" in (out / "report.md").read_text()
    assert eval_real_main(["--output-dir", str(out)]) == 2


def test_examples_from_real_files_are_plain_examples(tmp_path: Path) -> None:
    path = _write_jsonl(
        tmp_path / "r.jsonl",
        [{"text": " hi ", "intent": "conversation", "alt": None, "complexity": "simple", "source": "x"}],
    )
    assert load_real_examples([path], INTENTS)[0] == [Example("hi", "conversation", "simple")]


def test_handler_takes_a_traffic_prior_mapping_only() -> None:
    from model.settings import read_settings

    prior = {label: 1.0 for label in INTENTS}
    assert read_settings({"traffic_prior": prior})["traffic_prior"] == prior
    assert read_settings({})["traffic_prior"] is None
    with pytest.raises(ValueError, match="traffic_prior"):
        read_settings({"traffic_prior": [0.5, 0.5]})
