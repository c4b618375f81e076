"""Out-of-scope detection: the scores on synthetic clusters, the checkpoint round trip, and the
predictor's answers with and without a fitted detector (tiny models, seconds)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import onnx
import pytest
import torch
from transformers import AutoTokenizer

from archive.build import build_archive
from common.archives import archive_file
from common.torchserve import Server, register
from model.classifier import IntentClassifier
from model.labels import INTENTS
from model.onnx_backend import POOLED_OUTPUT, onnx_model_path
from model.out_of_scope import METHODS, PARAMETERS_FILE, SETTINGS_FILE, OutOfScopeDetector
from model.predictor import IntentPredictor
from training import export_onnx
from training.config import ConfigError, parse_config
from training.out_of_scope import ModelOutputs, collect_outputs, fit_detector, keep_threshold

KEEP = 0.97
SERVED_MODEL_CONFIG = "minWorkers: 1\nmaxWorkers: 1\nresponseTimeout: 60\nhandler:\n  torch_threads: 1\n"
DIM, CLASSES = 16, 5


def clusters(
    n_per_class: int, generator: torch.Generator, centres: torch.Tensor
) -> tuple[ModelOutputs, torch.Tensor]:
    """Gaussian clusters around ``centres`` with a shared, anisotropic covariance; logits from a
    linear read-out so that the logit-based scores see the same geometry."""
    labels = torch.arange(len(centres)).repeat_interleave(n_per_class)
    scale = torch.linspace(0.5, 2.0, DIM)
    pooled = centres[labels] + torch.randn(len(labels), DIM, generator=generator) * scale
    return ModelOutputs(logits=pooled @ centres.T / 100, pooled=pooled), labels


@pytest.fixture(scope="module")
def synthetic() -> dict[str, object]:
    generator = torch.Generator().manual_seed(0)
    centres = torch.randn(CLASSES, DIM, generator=generator) * 6
    train, train_labels = clusters(400, generator, centres)
    validation, _ = clusters(400, generator, centres)
    test, _ = clusters(400, generator, centres)
    # Far points: the same noise around centres that are none of the classes'.
    far_centres = torch.randn(CLASSES, DIM, generator=generator) * 6 + 40
    far, _ = clusters(100, generator, far_centres)
    return {"train": train, "labels": train_labels, "val": validation, "test": test, "far": far}


def test_mahalanobis_separates_far_points_and_keeps_the_chosen_share(synthetic) -> None:
    detector = fit_detector("mahalanobis", synthetic["train"], synthetic["labels"], synthetic["val"], KEEP)
    val, test, far = (synthetic[k] for k in ("val", "test", "far"))
    val_kept = (~detector.is_out_of_scope(detector.score(val.logits, val.pooled))).float().mean()
    test_kept = (~detector.is_out_of_scope(detector.score(test.logits, test.pooled))).float().mean()
    far_flagged = detector.is_out_of_scope(detector.score(far.logits, far.pooled)).float().mean()
    assert KEEP <= float(val_kept) <= KEEP + 1 / len(val.pooled) + 1e-9
    assert float(test_kept) == pytest.approx(KEEP, abs=0.02)  # fresh in-scope points: about the same
    assert float(far_flagged) == 1.0


def test_mahalanobis_is_the_squared_distance_under_the_shared_covariance(synthetic) -> None:
    """On one class with a known covariance, the score is (x−μ)ᵀΣ⁻¹(x−μ), with light shrinkage."""
    detector = fit_detector("mahalanobis", synthetic["train"], synthetic["labels"], synthetic["val"], KEEP)
    centre = synthetic["train"].pooled[synthetic["labels"] == 0].mean(dim=0)
    scale = torch.linspace(0.5, 2.0, DIM)
    point = centre + 3 * scale * torch.eye(DIM)[0]  # three standard deviations along one axis
    score = detector.score(torch.zeros(1, CLASSES), point.unsqueeze(0))
    assert float(score) == pytest.approx(9.0, rel=0.25)


@pytest.mark.parametrize("method", METHODS)
def test_every_score_keeps_the_chosen_share_of_validation(synthetic, method: str) -> None:
    detector = fit_detector(method, synthetic["train"], synthetic["labels"], synthetic["val"], KEEP)
    val = synthetic["val"]
    scores = detector.score(val.logits, val.pooled)
    kept = float((~detector.is_out_of_scope(scores)).float().mean())
    assert KEEP <= kept <= KEEP + 1 / len(scores) + 1e-9
    assert detector.threshold == keep_threshold(scores, KEEP)


def test_logit_scores_grow_as_the_logits_flatten() -> None:
    peaked = torch.tensor([[10.0, 0.0, 0.0]])
    flat = torch.tensor([[1.0, 1.0, 1.0]])
    for method in ("energy", "max_probability"):
        detector = OutOfScopeDetector(method, threshold=0.0)
        assert float(detector.score(flat)) > float(detector.score(peaked)), method


def test_detector_round_trips_through_a_checkpoint_directory(synthetic, tmp_path: Path) -> None:
    detector = fit_detector("mahalanobis", synthetic["train"], synthetic["labels"], synthetic["val"], KEEP)
    detector.save(tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == {SETTINGS_FILE, PARAMETERS_FILE}
    loaded = OutOfScopeDetector.load(tmp_path)
    assert (loaded.method, loaded.keep_share) == ("mahalanobis", KEEP)
    assert loaded.threshold == detector.threshold
    far = synthetic["far"]
    torch.testing.assert_close(
        loaded.score(far.logits, far.pooled), detector.score(far.logits, far.pooled), rtol=1e-5, atol=1e-4
    )
    assert OutOfScopeDetector.load(tmp_path / "missing") is None


def test_mahalanobis_refuses_to_score_without_the_pooled_output(synthetic) -> None:
    detector = fit_detector("mahalanobis", synthetic["train"], synthetic["labels"], synthetic["val"], KEEP)
    with pytest.raises(ValueError, match="pooled"):
        detector.score(synthetic["val"].logits)
    with pytest.raises(ValueError, match="method"):
        OutOfScopeDetector("cosine", threshold=0.0)


def test_config_checks_the_out_of_scope_section() -> None:
    base = {"model": {"name": "distilbert"}}
    assert parse_config(base).out_of_scope.method == "max_probability"
    with pytest.raises(ConfigError, match=r"out_of_scope\.method"):
        parse_config({**base, "out_of_scope": {"method": "cosine"}})
    with pytest.raises(ConfigError, match="keep_share"):
        parse_config({**base, "out_of_scope": {"keep_share": 1.5}})


TEXTS = [
    "Write a Python function that merges two sorted lists.",
    "Summarise this article in three bullet points.",
    "Translate 'good morning' into French.",
    "What is the capital of Australia?",
    "Tell me a joke about cats.",
    "Fix the bug in this SQL query: SELECT * FROM users WHERE",
] * 4


@pytest.fixture(scope="module")
def oos_checkpoint(tiny_checkpoint: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny checkpoint plus a Mahalanobis detector fitted on its own outputs."""
    target = tmp_path_factory.mktemp("oos") / "tiny-oos"
    shutil.copytree(tiny_checkpoint, target)
    model = IntentClassifier.from_pretrained(target, use_safetensors=True)
    tokenizer = AutoTokenizer.from_pretrained(target)
    outputs = collect_outputs(model, tokenizer, TEXTS)
    labels = torch.arange(len(TEXTS)) % len(INTENTS)
    fit_detector("mahalanobis", outputs, labels, outputs, KEEP).save(target)
    return target


def test_predictor_answers_carry_the_out_of_scope_fields(oos_checkpoint: Path) -> None:
    predictor = IntentPredictor.from_checkpoint(oos_checkpoint)
    detector = OutOfScopeDetector.load(oos_checkpoint)
    texts = [*TEXTS[:6], "zxq vlorp ##### 12345 ~~~"]
    answers = predictor.predict(texts)
    model = IntentClassifier.from_pretrained(oos_checkpoint, use_safetensors=True)
    expected = collect_outputs(model, AutoTokenizer.from_pretrained(oos_checkpoint), texts)
    expected_scores = detector.score(expected.logits, expected.pooled).tolist()
    for answer, score in zip(answers, expected_scores, strict=True):
        assert isinstance(answer["out_of_scope"], bool)
        assert answer["out_of_scope_score"] == pytest.approx(score, rel=1e-4, abs=1e-4)
        assert answer["out_of_scope"] == (answer["out_of_scope_score"] > detector.threshold)


def test_a_traffic_prior_does_not_move_the_out_of_scope_score(oos_checkpoint: Path) -> None:
    """Scores come from the raw logits: a serving-time prior shift changes the probabilities only."""
    plain = IntentPredictor.from_checkpoint(oos_checkpoint)
    shifted = IntentPredictor.from_checkpoint(oos_checkpoint)
    shifted.logit_bias = torch.linspace(-3.0, 3.0, len(INTENTS))
    ours, theirs = plain.predict(TEXTS[:3]), shifted.predict(TEXTS[:3])
    assert [a["all_intents"] for a in ours] != [a["all_intents"] for a in theirs]
    assert [a["out_of_scope_score"] for a in ours] == [a["out_of_scope_score"] for a in theirs]


def test_a_checkpoint_without_a_detector_still_predicts(tiny_checkpoint: Path) -> None:
    answers = IntentPredictor.from_checkpoint(tiny_checkpoint).predict(TEXTS[:2])
    for answer in answers:
        assert answer["intent"] in INTENTS
        assert answer["out_of_scope"] is None and answer["out_of_scope_score"] is None


@pytest.mark.slow
def test_onnx_graph_exports_the_pooled_output_and_scores_like_torch(
    oos_checkpoint: Path, tmp_path: Path
) -> None:
    checkpoint = tmp_path / "exported"
    shutil.copytree(oos_checkpoint, checkpoint)
    rows = [{"text": text, "label": INTENTS[i % len(INTENTS)]} for i, text in enumerate(TEXTS[:8])]
    test_data = tmp_path / "test.jsonl"
    test_data.write_text("".join(json.dumps(row) + "\n" for row in rows))
    argv = ["--checkpoint", str(checkpoint), "--test-data", str(test_data), "--no-quantize"]
    assert export_onnx.main(argv) == 0
    expected = IntentPredictor.from_checkpoint(checkpoint).predict(TEXTS[:6])
    actual = IntentPredictor.from_checkpoint(checkpoint, backend="onnx", threads=1).predict(TEXTS[:6])
    for ours, theirs in zip(actual, expected, strict=True):
        assert ours["out_of_scope_score"] == pytest.approx(theirs["out_of_scope_score"], rel=1e-3, abs=1e-3)

    # A graph exported before the pooled output existed is refused with the command that fixes it.
    graph_path = onnx_model_path(checkpoint, "onnx")
    graph = onnx.load(str(graph_path))
    [pooled] = [output for output in graph.graph.output if output.name == POOLED_OUTPUT]
    graph.graph.output.remove(pooled)
    onnx.save(graph, str(graph_path))
    with pytest.raises(ValueError, match=r"training\.export_onnx"):
        IntentPredictor.from_checkpoint(checkpoint, backend="onnx", threads=1)


@pytest.mark.serving
def test_a_served_archive_answers_with_the_checkpoints_out_of_scope_fields(
    oos_checkpoint: Path, tiny_server: Server, tiny_model_store: Path, tmp_path: Path
) -> None:
    """The detector files travel in the archive and the worker answers exactly as in-process."""
    config = tmp_path / "tiny.yaml"
    config.write_text(SERVED_MODEL_CONFIG)
    build_archive("tiny-oos", oos_checkpoint, config, "1.0", tiny_model_store)
    try:
        register(tiny_server, "tiny-oos", initial_workers=1)
        local = IntentPredictor.from_checkpoint(oos_checkpoint).predict(TEXTS[:3])
        for text, expected in zip(TEXTS[:3], local, strict=True):
            response = tiny_server.predict("tiny-oos", json={"text": text})
            assert response.status_code == 200, tiny_server.explain(response)
            served = response.json()
            assert served["out_of_scope"] == expected["out_of_scope"]
            assert served["out_of_scope_score"] == pytest.approx(expected["out_of_scope_score"], rel=1e-4)
    finally:
        tiny_server.manage("DELETE", "/models/tiny-oos")
        (tiny_model_store / archive_file("tiny-oos", "1.0")).unlink()
