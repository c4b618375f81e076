"""Load a trained checkpoint directory and turn texts into rich, JSON-ready predictions.

The TorchServe handler is a thin layer over this class (its preprocess/inference/postprocess
map onto :meth:`IntentPredictor.encode`, :meth:`~IntentPredictor.infer` and
:meth:`~IntentPredictor.format`), and the tests and benchmarks call the same methods
in-process, so a served answer and an in-process answer come from one piece of code.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from transformers import AutoTokenizer, PreTrainedTokenizerBase

from model.checkpoint import FEATURE_SPEC_FILE, LABEL_MAP_FILE, read_json
from model.classifier import IntentClassifier
from model.features import check_spec
from model.labels import INTENT_DESCRIPTIONS, recommend_techniques
from model.onnx_backend import ONNX_FILES, POOLED_OUTPUT, OnnxClassifier
from model.out_of_scope import OutOfScopeDetector
from model.preprocessing import encode_batch

DEFAULT_COMPLEXITY = "moderate"
BACKENDS: tuple[str, ...] = ("torch", *ONNX_FILES)


@dataclass
class Probabilities:
    """``out_of_scope``: one detector score per text (higher: further from the trained intents),
    None when the checkpoint has no fitted out-of-scope detector."""

    intents: torch.Tensor
    complexity: torch.Tensor
    out_of_scope: torch.Tensor | None = None


class IntentPredictor:
    def __init__(
        self,
        model: IntentClassifier | OnnxClassifier,
        tokenizer: PreTrainedTokenizerBase,
        labels: list[str],
        complexity_levels: list[str],
        top_k: int = 3,
        min_confidence: float | None = None,
        max_length: int | None = None,
        traffic_prior: Mapping[str, float] | None = None,
        out_of_scope: OutOfScopeDetector | None = None,
    ) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.labels = labels
        self.complexity_levels = complexity_levels
        self.top_k = min(top_k, len(labels))
        self.min_confidence = model.config.min_confidence if min_confidence is None else min_confidence
        self.max_length = max_length or model.config.max_seq_length
        self.temperature = model.config.calibration_temperature
        config = model.config
        target = prior_vector(traffic_prior, labels) if traffic_prior else config.traffic_prior
        self.logit_bias = logit_adjustment(config.train_prior, target, config.prior_strength)
        self.out_of_scope = out_of_scope

    @classmethod
    def from_checkpoint(
        cls, path: str | Path, backend: str = "torch", threads: int | None = None, **settings: object
    ) -> IntentPredictor:
        """Everything comes from the directory itself: weights (safetensors, or the exported ONNX
        graph under ``onnx/``), tokenizer, label map and feature spec. A feature-spec mismatch is
        refused rather than served skewed. ``backend`` swaps only the forward pass, so every backend
        shares the tokenization, calibration and formatting below; ``threads`` sizes an ONNX Runtime
        session (PyTorch's thread pool is process-wide: ``torch.set_num_threads``). A fitted
        out-of-scope detector (``out_of_scope.json``) comes along when the checkpoint has one."""
        path = Path(path)
        check_spec(read_json(path / FEATURE_SPEC_FILE))
        label_map = read_json(path / LABEL_MAP_FILE)
        model = load_model(path, backend, threads)
        detector = OutOfScopeDetector.load(path)
        graph_lacks_pooled = isinstance(model, OnnxClassifier) and POOLED_OUTPUT not in model.output_names
        if detector is not None and detector.needs_pooled and graph_lacks_pooled:
            raise ValueError(
                f"{model.path} has no {POOLED_OUTPUT!r} output, which the {detector.method} "
                f"out-of-scope detector needs; re-export it with "
                f"`python -m training.export_onnx --checkpoint {path}`"
            )
        tokenizer = AutoTokenizer.from_pretrained(path)
        return cls(
            model,
            tokenizer,
            label_map["labels"],
            label_map.get("complexity_levels", []),
            out_of_scope=detector,
            **settings,
        )

    def encode(self, texts: list[str]) -> dict[str, torch.Tensor]:
        return encode_batch(self.tokenizer, texts, self.max_length)

    @torch.inference_mode()
    def infer(self, inputs: dict[str, torch.Tensor]) -> Probabilities:
        output = self.model(**inputs)
        logits = output.logits.float()
        # Scored on the raw logits: a serving-time prior or temperature must not move the threshold.
        scores = None
        if self.out_of_scope is not None:
            scores = self.out_of_scope.score(logits, output.pooled)
        if self.logit_bias is not None:
            logits = logits + self.logit_bias
        return Probabilities(
            intents=torch.softmax(logits / self.temperature, dim=-1),
            complexity=torch.softmax(output.complexity_logits.float(), dim=-1),
            out_of_scope=scores,
        )

    def format(self, probabilities: Probabilities) -> list[dict[str, object]]:
        """One plain-JSON answer per text, in input order."""
        scores = probabilities.out_of_scope
        score_rows = scores.tolist() if scores is not None else [None] * len(probabilities.intents)
        return [
            self._format_one(intent_row, complexity_row, score)
            for intent_row, complexity_row, score in zip(
                probabilities.intents.tolist(), probabilities.complexity.tolist(), score_rows, strict=True
            )
        ]

    def predict(self, texts: list[str]) -> list[dict[str, object]]:
        return self.format(self.infer(self.encode(texts)))

    def _format_one(
        self, intent_probs: list[float], complexity_probs: list[float], out_of_scope_score: float | None
    ) -> dict[str, object]:
        """``out_of_scope`` / ``out_of_scope_score`` are null when the checkpoint has no detector;
        the score grows with the distance from the trained intents, true above the fitted threshold."""
        ranked = sorted(range(len(self.labels)), key=lambda i: intent_probs[i], reverse=True)
        best = ranked[0]
        complexity = None
        level = DEFAULT_COMPLEXITY
        if self.complexity_levels:
            scores = dict(zip(self.complexity_levels, complexity_probs, strict=True))
            level = max(scores, key=scores.__getitem__)
            complexity = {"level": level, "scores": scores}
        return {
            "intent": self.labels[best],
            "description": INTENT_DESCRIPTIONS.get(self.labels[best]),
            "confidence": intent_probs[best],
            "uncertain": intent_probs[best] < self.min_confidence,
            "out_of_scope": None
            if out_of_scope_score is None
            else out_of_scope_score > self.out_of_scope.threshold,
            "out_of_scope_score": out_of_scope_score,
            "top_intents": [
                {"intent": self.labels[i], "probability": intent_probs[i]} for i in ranked[: self.top_k]
            ],
            "all_intents": dict(zip(self.labels, intent_probs, strict=True)),
            "complexity": complexity,
            "techniques": recommend_techniques(self.labels[best], level),
        }


def prior_vector(prior: Mapping[str, float], labels: Sequence[str]) -> list[float]:
    """A label → weight mapping as a normalised list in label order. Every weight must be positive:
    a zero prior would forbid an intent outright, which is never what a traffic mix means."""
    unknown = sorted(set(prior) - set(labels))
    missing = [label for label in labels if label not in prior]
    if unknown or missing:
        raise ValueError(f"intent prior: unknown labels {unknown}, missing labels {missing}")
    weights = [float(prior[label]) for label in labels]
    if not all(math.isfinite(w) and w > 0 for w in weights):
        raise ValueError("intent prior: every weight must be a positive number")
    total = sum(weights)
    return [w / total for w in weights]


def logit_adjustment(
    train_prior: Sequence[float] | None, traffic_prior: Sequence[float] | None, strength: float
) -> torch.Tensor | None:
    """strength × (log traffic − log train): Bayes' rule moves a posterior fitted under the training
    mix to the traffic mix by exactly this shift of the logits (strength 1)."""
    if not train_prior or not traffic_prior or strength == 0:
        return None
    train = torch.tensor(train_prior, dtype=torch.float32)
    traffic = torch.tensor(traffic_prior, dtype=torch.float32)
    return strength * (traffic.log() - train.log())


def load_model(path: Path, backend: str, threads: int | None = None) -> IntentClassifier | OnnxClassifier:
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose from {list(BACKENDS)}")
    if backend != "torch":
        return OnnxClassifier.from_checkpoint(path, backend, threads)
    if threads is not None:
        raise ValueError("threads sizes an ONNX Runtime session; for PyTorch use torch.set_num_threads")
    return IntentClassifier.from_pretrained(path, use_safetensors=True)
