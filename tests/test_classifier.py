from pathlib import Path

import pytest
import torch
from transformers import AutoTokenizer, BertModel

from model.classifier import POOLING_STRATEGIES, IntentClassifier, encoder_layers
from model.encoders import minilm_dir, minilm_to_distilbert
from model.features import NUM_FEATURES
from model.labels import INTENTS
from model.predictor import IntentPredictor
from model.preprocessing import encode_batch

TEXTS = ["Write a haiku about autumn rain.", "hi", "Why does ice float on water? Explain step by step."]


def classifier(encoder_dir: str, **config: object) -> IntentClassifier:
    return IntentClassifier.from_encoder(encoder_dir, num_labels=len(INTENTS), **config).eval()


@pytest.fixture(scope="module")
def tokenizer(tiny_encoder: str):
    return AutoTokenizer.from_pretrained(tiny_encoder)


@pytest.mark.parametrize("pooling", POOLING_STRATEGIES)
def test_save_load_round_trip_gives_identical_logits(
    tiny_encoder, tokenizer, tmp_path: Path, pooling
) -> None:
    model = classifier(tiny_encoder, pooling_strategy=pooling)
    inputs = encode_batch(tokenizer, TEXTS, 64)
    model.save_pretrained(tmp_path)
    assert (tmp_path / "model.safetensors").exists()
    assert not list(tmp_path.glob("*.bin"))
    loaded = IntentClassifier.from_pretrained(tmp_path, use_safetensors=True).eval()
    before_state, after_state = model.state_dict(), loaded.state_dict()
    assert before_state.keys() == after_state.keys()
    assert all(torch.equal(before_state[key], after_state[key]) for key in before_state)
    with torch.inference_mode():
        before, after = model(**inputs), loaded(**inputs)
    torch.testing.assert_close(before.logits, after.logits, atol=1e-6, rtol=0)
    torch.testing.assert_close(before.complexity_logits, after.complexity_logits, atol=1e-6, rtol=0)


@pytest.mark.parametrize("encoder", ["tiny_encoder", "tiny_deberta_encoder"])
def test_freezing_freezes_embeddings_and_bottom_layers_only(encoder, request) -> None:
    model = classifier(request.getfixturevalue(encoder), freeze_layers=1)
    layers = encoder_layers(model.encoder)
    assert not any(p.requires_grad for p in model.encoder.embeddings.parameters())
    assert not any(p.requires_grad for p in layers[0].parameters())
    assert all(p.requires_grad for p in layers[1].parameters())
    assert all(p.requires_grad for p in model.intent_head.parameters())
    unfrozen = classifier(request.getfixturevalue(encoder), freeze_layers=0)
    assert all(p.requires_grad for p in unfrozen.parameters())
    with pytest.raises(ValueError, match="freeze_layers"):
        classifier(request.getfixturevalue(encoder), freeze_layers=len(layers) + 1)


@pytest.mark.parametrize("pooling", POOLING_STRATEGIES)
@pytest.mark.parametrize("encoder", ["tiny_encoder", "tiny_deberta_encoder"])
def test_padding_does_not_change_a_samples_output(encoder, pooling, request) -> None:
    encoder_dir = request.getfixturevalue(encoder)
    model = classifier(encoder_dir, pooling_strategy=pooling)
    tok = AutoTokenizer.from_pretrained(encoder_dir)
    alone = encode_batch(tok, [TEXTS[1]], 64)
    padded = encode_batch(tok, [TEXTS[1], TEXTS[2]], 64)
    assert padded["input_ids"].shape[1] > alone["input_ids"].shape[1]
    with torch.inference_mode():
        single = model(**alone).logits[0]
        batched = model(**padded).logits[0]
    torch.testing.assert_close(single, batched, atol=1e-5, rtol=1e-5)


def test_features_on_and_off(tiny_encoder, tokenizer) -> None:
    inputs = encode_batch(tokenizer, TEXTS, 64)
    with_features = classifier(tiny_encoder, use_complexity_features=True)
    shifted = dict(inputs, features=inputs["features"] + 1.0)
    with torch.inference_mode():
        assert not torch.allclose(with_features(**inputs).logits, with_features(**shifted).logits)
    without = classifier(tiny_encoder, use_complexity_features=False)
    assert without.feature_mlp is None
    with torch.inference_mode():
        torch.testing.assert_close(without(**inputs).logits, without(**shifted).logits)
        without(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"])
    with pytest.raises(ValueError, match="features"):
        with_features(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"])
    assert inputs["features"].shape == (len(TEXTS), NUM_FEATURES)


def test_complexity_labels_are_never_an_input(tiny_encoder, tokenizer) -> None:
    model = classifier(tiny_encoder)
    inputs = encode_batch(tokenizer, TEXTS, 64)
    labels = torch.tensor([0, 1, 2])
    with torch.inference_mode():
        a = model(**inputs, labels=labels, complexity_labels=torch.tensor([0, 0, 0]))
        b = model(**inputs, labels=labels, complexity_labels=torch.tensor([2, 1, -100]))
    assert torch.equal(a.logits, b.logits)
    assert torch.equal(a.complexity_logits, b.complexity_logits)
    assert a.loss != b.loss


def test_minilm_maps_exactly_into_distilbert() -> None:
    bert = BertModel.from_pretrained(minilm_dir()).eval()
    distil = minilm_to_distilbert(bert)
    tok = AutoTokenizer.from_pretrained(minilm_dir())
    batch = tok(TEXTS, padding=True, return_tensors="pt")
    with torch.inference_mode():
        expected = bert(**batch).last_hidden_state
        got = distil(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
    mask = batch["attention_mask"].bool()
    assert (expected - got)[mask].abs().max() < 1e-4
    assert type(distil).__name__ == "DistilBertModel"


def test_predictor_answers_are_plain_json(tiny_checkpoint) -> None:
    predictor = IntentPredictor.from_checkpoint(tiny_checkpoint, top_k=3)
    answers = predictor.predict(TEXTS)
    assert len(answers) == len(TEXTS)
    for answer in answers:
        assert answer["intent"] in INTENTS
        assert abs(sum(answer["all_intents"].values()) - 1) < 1e-5
        assert answer["top_intents"][0]["intent"] == answer["intent"]
        assert len(answer["top_intents"]) == 3
        assert answer["complexity"]["level"] in ("simple", "moderate", "complex")
        assert answer["techniques"]
        assert isinstance(answer["uncertain"], bool)
