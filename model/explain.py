"""Per-word attributions for the predicted intent: which words of a prompt made the model say it.

Two methods, one answer format:

- **Integrated gradients** (PyTorch backend): the predicted intent's served probability (traffic
  prior and calibration temperature applied, exactly as :meth:`IntentPredictor.infer` computes it)
  is integrated along a straight line from a baseline to the prompt in the space of the encoder's
  word embeddings. The baseline replaces every word piece by the padding token's embedding and
  keeps the special tokens ([CLS], [SEP]), so a word's attribution is what its embedding adds
  over "no word here". The integral is a midpoint Riemann sum of ``steps`` points, run as batches
  of interpolated inputs (one forward and one backward per batch); by the completeness property the
  attributions add up to p(prompt) − p(baseline), and ``completeness_gap`` reports how far the sum
  is from that (small with enough steps). Gradients come from plain ``torch.autograd``: a forward
  hook on the word-embedding layer swaps in the interpolated embeddings, so the classifier's own
  ``forward`` (pooling, features, heads) runs unchanged.
- **Occlusion** (ONNX backends, which have no gradients): each word is dropped in turn (all its
  pieces removed from the token sequence) and its attribution is how much the predicted intent's
  probability falls without it. All the variants run as batches through the predictor's own
  ``infer``.

Both hold the complexity features (counts over the whole text) at the prompt's values: the
attributions describe what the encoder read, not the feature MLP. Word pieces are merged back into
the tokenizer's words through ``word_ids`` and character offsets (a fast tokenizer is required);
words past ``max_length`` tokens were never read and get no attribution (``truncated`` says so).

The time bound is checked between batches: a request that would take longer than ``time_limit_s``
raises :class:`ExplanationTimeout` instead of holding the worker, so the caller can answer it alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import torch

from model.classifier import IntentClassifier
from model.predictor import IntentPredictor
from model.preprocessing import encode_batch, tokenize
from model.text import normalize_text

DEFAULT_STEPS = 16
CHUNK_ROWS = 8
"""Interpolation points (or occluded variants) per forward pass: the deadline is checked between
passes, so this bounds how far a request can overrun its limit."""
TOP_WORDS = 5
METHODS = ("integrated_gradients", "occlusion")


class ExplanationTimeout(Exception):
    """The explanation would take longer than its time limit; nothing was answered for it."""


class ExplanationUnsupported(ValueError):
    """The checkpoint cannot be explained word by word (e.g. a tokenizer without offsets)."""


@dataclass
class WordSpans:
    """The words the model read, and for every token position its word's index (None: special)."""

    words: list[str]
    token_words: list[int | None]
    truncated: bool


def word_spans(predictor: IntentPredictor, text: str) -> WordSpans:
    """Words as the tokenizer splits them, cut out of the normalised text by character offsets."""
    tokenizer = predictor.tokenizer
    if not getattr(tokenizer, "is_fast", False):
        raise ExplanationUnsupported("explanations need a fast tokenizer (word ids and offsets)")
    normalized = normalize_text(text)
    encoded = tokenize(tokenizer, [normalized], predictor.max_length, return_offsets_mapping=True)
    offsets = encoded["offset_mapping"][0].tolist()
    index: dict[int, int] = {}
    spans: list[list[int]] = []
    token_words: list[int | None] = []
    for position, word_id in enumerate(encoded.word_ids(0)):
        if word_id is None:
            token_words.append(None)
            continue
        start, end = offsets[position]
        if word_id not in index:
            index[word_id] = len(spans)
            spans.append([start, end])
        span = spans[index[word_id]]
        span[0], span[1] = min(span[0], start), max(span[1], end)
        token_words.append(index[word_id])
    words = [normalized[start:end] for start, end in spans]
    read_to = spans[-1][1] if spans else 0
    full = len(token_words) >= predictor.max_length
    return WordSpans(words, token_words, truncated=full and bool(normalized[read_to:].strip()))


def explain(
    predictor: IntentPredictor,
    text: str,
    steps: int = DEFAULT_STEPS,
    time_limit_s: float | None = None,
    method: str | None = None,
) -> dict[str, object]:
    """Attributions of ``text``'s words to its predicted intent, as plain JSON.

    ``method`` None: integrated gradients when the predictor runs the PyTorch model (the only
    backend with gradients), occlusion otherwise; "occlusion" forces occlusion on any backend."""
    deadline = None if time_limit_s is None else time.perf_counter() + time_limit_s

    def check_time() -> None:
        if deadline is not None and time.perf_counter() > deadline:
            raise ExplanationTimeout(f"the explanation took longer than its limit of {time_limit_s:g} s")

    spans = word_spans(predictor, text)
    inputs = encode_batch(predictor.tokenizer, [text], predictor.max_length)
    differentiable = isinstance(predictor.model, IntentClassifier)
    method = method or ("integrated_gradients" if differentiable else "occlusion")
    if method == "integrated_gradients" and differentiable:
        result = integrated_gradients(predictor, inputs, spans, steps, check_time)
    elif method == "occlusion":
        result = occlusion(predictor, inputs, spans, check_time)
    else:
        raise ExplanationUnsupported(f"method {method!r} does not apply to this backend ({METHODS})")
    scores = result.pop("word_scores")
    ranked = sorted(range(len(spans.words)), key=lambda i: scores[i], reverse=True)
    return {
        "intent": predictor.labels[result.pop("target")],
        **result,
        "words": [
            {"word": word, "attribution": score} for word, score in zip(spans.words, scores, strict=True)
        ],
        "top_words": [spans.words[i] for i in ranked[:TOP_WORDS] if scores[i] > 0],
        "truncated": spans.truncated,
    }


def calibrated_probabilities(predictor: IntentPredictor, logits: torch.Tensor) -> torch.Tensor:
    """The served intent probabilities (prior shift, then temperature) as ``IntentPredictor.infer``
    computes them, but differentiable (tests/test_explain.py checks the two agree)."""
    logits = logits.float()
    if predictor.logit_bias is not None:
        logits = logits + predictor.logit_bias
    return torch.softmax(logits / predictor.temperature, dim=-1)


def integrated_gradients(
    predictor: IntentPredictor,
    inputs: dict[str, torch.Tensor],
    spans: WordSpans,
    steps: int,
    check_time: Callable[[], None],
) -> dict[str, object]:
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    model: IntentClassifier = predictor.model
    embedding = model.encoder.get_input_embeddings()
    ids, mask, features = inputs["input_ids"], inputs["attention_mask"], inputs["features"]
    is_word = torch.tensor([word is not None for word in spans.token_words])
    pad_id = predictor.tokenizer.pad_token_id or 0
    baseline_ids = torch.where(is_word, torch.full_like(ids, pad_id), ids)
    with torch.no_grad():
        actual, baseline = embedding(ids), embedding(baseline_ids)
    difference = actual - baseline

    def run(alphas: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Probabilities at ``baseline + alpha × difference`` for each alpha, and those embeddings."""
        points = (baseline + alphas.view(-1, 1, 1) * difference).requires_grad_(torch.is_grad_enabled())
        hook = embedding.register_forward_hook(lambda _module, _args, _output: points)
        try:
            n = len(alphas)
            output = model(
                input_ids=ids.expand(n, -1),
                attention_mask=mask.expand(n, -1),
                features=features.expand(n, -1),
            )
        finally:
            hook.remove()
        return calibrated_probabilities(predictor, output.logits), points

    # The two ends (baseline, prompt) ride in the first batch: the prompt's row names the target
    # before the backward pass, and no separate forward is paid for them.
    midpoints = (torch.arange(steps, dtype=torch.float32) + 0.5) / steps
    chunks = [
        torch.cat([torch.tensor([0.0, 1.0]), midpoints[:CHUNK_ROWS]]),
        *midpoints[CHUNK_ROWS:].split(CHUNK_ROWS),
    ]
    gradient_sum = torch.zeros_like(actual[0])
    target, ends = -1, None
    with torch.inference_mode(False), torch.enable_grad(), weights_frozen(model):
        for chunk in chunks:
            check_time()
            probabilities, points = run(chunk)
            skip = 0
            if ends is None:
                ends, skip = probabilities[:2].detach(), 2
                target = int(ends[1].argmax())
            (gradient,) = torch.autograd.grad(probabilities[skip:, target].sum(), points)
            gradient_sum += gradient[skip:].sum(dim=0)
    token_scores = (difference[0] * gradient_sum / steps).sum(dim=-1)
    word_scores = merge_words(token_scores.tolist(), spans)
    probability, baseline_probability = float(ends[1, target]), float(ends[0, target])
    return {
        "target": target,
        "probability": probability,
        "method": "integrated_gradients",
        "steps": steps,
        "baseline_probability": baseline_probability,
        "completeness_gap": sum(word_scores) - (probability - baseline_probability),
        "word_scores": word_scores,
    }


@contextmanager
def weights_frozen(model: torch.nn.Module) -> Iterator[None]:
    """Gradients flow to the input embeddings only: weights that do not ask for gradients spare the
    forward pass from keeping what a weight gradient would need (docs/serving.md has the cost)."""
    flags = [(parameter, parameter.requires_grad) for parameter in model.parameters()]
    try:
        for parameter, _ in flags:
            parameter.requires_grad_(False)
        yield
    finally:
        for parameter, flag in flags:
            parameter.requires_grad_(flag)


def occlusion(
    predictor: IntentPredictor,
    inputs: dict[str, torch.Tensor],
    spans: WordSpans,
    check_time: Callable[[], None],
) -> dict[str, object]:
    ids, features = inputs["input_ids"][0], inputs["features"]
    full = predictor.infer(inputs).intents[0]
    target = int(full.argmax())
    probability = float(full[target])
    token_words = torch.tensor([-1 if word is None else word for word in spans.token_words])
    pad_id = predictor.tokenizer.pad_token_id or 0
    drops: list[float] = []
    for chunk in torch.arange(len(spans.words)).split(CHUNK_ROWS):
        check_time()
        kept = [ids[token_words != word] for word in chunk.tolist()]
        width = max(len(row) for row in kept)
        batch_ids = torch.full((len(kept), width), pad_id, dtype=ids.dtype)
        batch_mask = torch.zeros((len(kept), width), dtype=torch.long)
        for row, tokens in enumerate(kept):
            batch_ids[row, : len(tokens)] = tokens
            batch_mask[row, : len(tokens)] = 1
        variants = {
            "input_ids": batch_ids,
            "attention_mask": batch_mask,
            "features": features.expand(len(kept), -1),
        }
        drops.extend((probability - predictor.infer(variants).intents[:, target]).tolist())
    return {"target": target, "probability": probability, "method": "occlusion", "word_scores": drops}


def merge_words(token_scores: list[float], spans: WordSpans) -> list[float]:
    """A word's attribution is the sum over its pieces (attributions are additive)."""
    scores = [0.0] * len(spans.words)
    for score, word in zip(token_scores, spans.token_words, strict=True):
        if word is not None:
            scores[word] += score
    return scores
