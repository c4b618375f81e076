"""model/explain.py in-process: word merging, completeness, the time bound, and that a model which
learned a cue word points at it."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
import torch
from transformers import AutoTokenizer

from model.classifier import IntentClassifier
from model.explain import ExplanationTimeout, ExplanationUnsupported, explain, word_spans
from model.labels import COMPLEXITY_LEVELS, INTENTS
from model.predictor import IntentPredictor
from model.preprocessing import encode_batch
from training import export_onnx

PROMPT = "Translate 'good morning' into French"
# Pieces of one word must come back as that word: "unbelievably" is several WordPiece pieces.
SPLIT_WORD = "Summarize this unbelievably long thread"


@pytest.fixture(scope="module")
def predictor(tiny_checkpoint: Path) -> IntentPredictor:
    return IntentPredictor.from_checkpoint(tiny_checkpoint)


def test_word_pieces_are_merged_back_into_the_words_of_the_text(predictor: IntentPredictor) -> None:
    pieces = predictor.tokenizer.tokenize(SPLIT_WORD)
    assert len(pieces) > len(SPLIT_WORD.split()), "the prompt must contain a word of several pieces"
    spans = word_spans(predictor, SPLIT_WORD)
    assert spans.words == SPLIT_WORD.split()
    assert not spans.truncated
    answer = explain(predictor, SPLIT_WORD)
    assert [entry["word"] for entry in answer["words"]] == SPLIT_WORD.split()


def test_integrated_gradients_add_up_to_the_probability_change(predictor: IntentPredictor) -> None:
    answer = explain(predictor, PROMPT, steps=64)
    served = predictor.predict([PROMPT])[0]
    assert answer["method"] == "integrated_gradients"
    assert answer["intent"] == served["intent"]
    assert answer["probability"] == pytest.approx(served["confidence"], abs=1e-5)
    change = answer["probability"] - answer["baseline_probability"]
    total = sum(entry["attribution"] for entry in answer["words"])
    assert total == pytest.approx(change, abs=0.05 * abs(change) + 1e-4)
    assert answer["completeness_gap"] == pytest.approx(total - change)


def test_occlusion_measures_the_fall_of_the_predicted_probability(predictor: IntentPredictor) -> None:
    answer = explain(predictor, PROMPT, method="occlusion")
    spans = word_spans(predictor, PROMPT)
    inputs = encode_batch(predictor.tokenizer, [PROMPT], predictor.max_length)
    target = predictor.labels.index(answer["intent"])
    # Drop the last word's pieces by hand and run the predictor on what is left.
    keep = torch.tensor([word != len(spans.words) - 1 for word in spans.token_words])
    without_last = {
        "input_ids": inputs["input_ids"][:, keep],
        "attention_mask": inputs["attention_mask"][:, keep],
        "features": inputs["features"],
    }
    expected = answer["probability"] - float(predictor.infer(without_last).intents[0, target])
    assert answer["words"][-1]["attribution"] == pytest.approx(expected, abs=1e-5)


def test_words_past_max_length_are_flagged_not_explained(tiny_checkpoint: Path) -> None:
    short = IntentPredictor.from_checkpoint(tiny_checkpoint, max_length=8)
    answer = explain(short, "one two three four five six seven eight nine ten eleven twelve")
    assert answer["truncated"] is True
    assert len(answer["words"]) == 8 - 2  # [CLS] and [SEP] take two of the eight tokens


def test_a_text_without_words_the_tokenizer_keeps_is_explained_as_empty(predictor: IntentPredictor) -> None:
    answer = explain(predictor, "\u200b\u200b")
    assert (answer["words"], answer["top_words"], answer["truncated"]) == ([], [], False)
    assert answer["intent"] == predictor.predict(["\u200b\u200b"])[0]["intent"]


def test_an_explanation_over_its_time_limit_raises(predictor: IntentPredictor) -> None:
    with pytest.raises(ExplanationTimeout, match="limit"):
        explain(predictor, PROMPT, steps=32, time_limit_s=1e-9)
    with pytest.raises(ExplanationTimeout):
        explain(predictor, PROMPT, method="occlusion", time_limit_s=1e-9)


# A model that learned: one cue word per intent decides the label, every other word is shared
# filler (the test prompt's own words among them), so the cue is the only thing worth attributing.
CUES = {
    "translate": "translation",
    "poem": "creative_writing",
    "summarize": "summarization",
    "sql": "code_generation",
}
FILLER = [
    *("good", "morning", "into", "french"),
    *("please", "the", "a", "my", "about", "this", "for", "me", "quick", "short"),
]


def cue_examples(count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    examples = []
    for _ in range(count):
        cue, label = rng.choice(sorted(CUES.items()))
        words = rng.sample(FILLER, rng.randint(2, 6))
        words.insert(rng.randint(0, len(words)), cue)
        examples.append((" ".join(words), label))
    return examples


@pytest.fixture(scope="module")
def cue_predictor(tiny_encoder: str) -> IntentPredictor:
    """The tiny encoder trained for a few seconds (fixed seeds) on the cue-word task."""
    torch.manual_seed(0)
    model = IntentClassifier.from_encoder(
        tiny_encoder,
        id2label=dict(enumerate(INTENTS)),
        label2id={label: i for i, label in enumerate(INTENTS)},
        max_seq_length=32,
        classifier_dropout=0.0,
    )
    tokenizer = AutoTokenizer.from_pretrained(tiny_encoder)
    predictor = IntentPredictor(model, tokenizer, list(INTENTS), list(COMPLEXITY_LEVELS))
    examples = cue_examples(256, seed=0)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    model.train()
    for _epoch in range(6):
        for start in range(0, len(examples), 32):
            batch = examples[start : start + 32]
            inputs = encode_batch(predictor.tokenizer, [text for text, _ in batch], 32)
            labels = torch.tensor([INTENTS.index(label) for _, label in batch])
            loss = model(**inputs, labels=labels).loss
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    model.eval()
    held_out = cue_examples(64, seed=1)
    predicted = [answer["intent"] for answer in predictor.predict([text for text, _ in held_out])]
    accuracy = sum(p == label for p, (_, label) in zip(predicted, held_out, strict=True)) / len(held_out)
    assert accuracy > 0.9, f"the cue model did not learn its task (held-out accuracy {accuracy:.2f})"
    return predictor


@pytest.mark.parametrize("method", ["integrated_gradients", "occlusion"])
@pytest.mark.parametrize(
    ("text", "cue"),
    [(PROMPT, "translate"), ("Write a short poem about this morning", "poem")],
)
def test_a_model_that_learned_a_cue_word_attributes_its_answer_to_it(
    cue_predictor: IntentPredictor, method: str, text: str, cue: str
) -> None:
    answer = explain(cue_predictor, text, method=method)
    assert answer["intent"] == CUES[cue]
    assert answer["top_words"][0].lower() == cue, answer["words"]


@pytest.mark.slow
def test_an_onnx_backend_explains_by_occlusion_like_the_torch_model(
    tiny_checkpoint: Path, predictor: IntentPredictor, tmp_path: Path
) -> None:
    checkpoint = Path(shutil.copytree(tiny_checkpoint, tmp_path / "checkpoint"))
    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text(json.dumps({"text": PROMPT, "label": "translation"}) + "\n")
    assert export_onnx.main(["--checkpoint", str(checkpoint), "--test-data", str(prompts)]) == 0
    onnx = IntentPredictor.from_checkpoint(checkpoint, backend="onnx")

    for text in (PROMPT, SPLIT_WORD):
        served, reference = explain(onnx, text), explain(predictor, text, method="occlusion")
        assert (served["method"], served["intent"]) == ("occlusion", reference["intent"])
        assert [w["word"] for w in served["words"]] == [w["word"] for w in reference["words"]]
        for got, want in zip(served["words"], reference["words"], strict=True):
            assert got["attribution"] == pytest.approx(want["attribution"], abs=1e-4)
    with pytest.raises(ExplanationUnsupported, match="integrated_gradients"):
        explain(onnx, PROMPT, method="integrated_gradients")


TRAINED = Path(__file__).resolve().parent.parent / "models/distilbert/checkpoints/best_model"
CLEAR_PROMPTS = [
    (PROMPT, "translation", "translate"),
    ("Summarize this article in three bullet points", "summarization", "summarize"),
    ("Write a poem about the sea", "creative_writing", "poem"),
]


@pytest.mark.slow
@pytest.mark.skipif(
    not (TRAINED / "model.safetensors").is_file(), reason="no trained DistilBERT (make train)"
)
@pytest.mark.parametrize(("text", "intent", "cue"), CLEAR_PROMPTS)
def test_the_trained_distilbert_attributes_clear_prompts_to_their_cue_word(
    text: str, intent: str, cue: str
) -> None:
    trained = IntentPredictor.from_checkpoint(TRAINED)
    answer = explain(trained, text)
    assert answer["intent"] == intent
    assert cue in [word.lower() for word in answer["top_words"][:3]], answer["words"]
