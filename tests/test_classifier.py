from pathlib import Path

import pytest
import torch
from transformers import AutoTokenizer, BertConfig, BertModel, DebertaV2Model

from model.classifier import POOLING_STRATEGIES, IntentClassifier, encoder_layers
from model.features import NUM_FEATURES
from model.labels import INTENTS
from model.predictor import IntentPredictor
from model.preprocessing import encode_batch
from training.encoders import (
    MARKER,
    build_offline_encoder,
    minilm_dir,
    minilm_to_deberta,
    minilm_to_distilbert,
    resolve_encoder,
)

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


def max_hidden_gap(bert: BertModel, other: torch.nn.Module, batch: dict[str, torch.Tensor]) -> float:
    """Largest |Δhidden| over real (unpadded) tokens."""
    with torch.inference_mode():
        expected = bert(**batch).last_hidden_state
        got = other(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
    return (expected - got)[batch["attention_mask"].bool()].abs().max().item()


def tiny_bert() -> BertModel:
    """A tiny BERT with every parameter random, biases included: BERT's own init zeroes the
    query bias, which would hide a wrong bias split."""
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=100,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    bert = BertModel(config)
    with torch.no_grad():
        for param in bert.parameters():
            param.normal_(0, 0.5)
    return bert.eval()


def tiny_batch() -> dict[str, torch.Tensor]:
    generator = torch.Generator().manual_seed(1)
    input_ids = torch.randint(1, 100, (3, 40), generator=generator)
    attention_mask = torch.ones_like(input_ids)
    for row, length in enumerate((40, 7, 23)):
        input_ids[row, length:] = 0
        attention_mask[row, length:] = 0
    return {"input_ids": input_ids, "attention_mask": attention_mask}


@pytest.mark.parametrize("buckets", [32, 8])
def test_tiny_bert_maps_exactly_into_deberta(buckets: int) -> None:
    bert = tiny_bert()
    deberta = minilm_to_deberta(bert, position_buckets=buckets)
    batch = tiny_batch()
    assert max_hidden_gap(bert, deberta, batch) < 1e-4
    for row in range(3):
        length = int(batch["attention_mask"][row].sum())
        alone = {key: value[row : row + 1, :length] for key, value in batch.items()}
        assert max_hidden_gap(bert, deberta, alone) < 1e-4


def test_minilm_maps_exactly_into_deberta() -> None:
    bert = BertModel.from_pretrained(minilm_dir()).eval()
    deberta = minilm_to_deberta(bert)
    assert type(deberta) is DebertaV2Model
    config = deberta.config
    assert config.relative_attention and sorted(config.pos_att_type) == ["c2p", "p2c"]
    assert (config.num_hidden_layers, config.hidden_size, config.num_attention_heads) == (6, 384, 12)
    assert not deberta.encoder.get_rel_embedding().any()
    tok = AutoTokenizer.from_pretrained(minilm_dir())
    for text in TEXTS:
        assert max_hidden_gap(bert, deberta, tok([text], return_tensors="pt")) < 1e-4
    batch = tok(TEXTS, padding=True, return_tensors="pt")
    assert max_hidden_gap(bert, deberta, batch) < 1e-4


def position_dependent_scores(deberta: DebertaV2Model, batch: dict[str, torch.Tensor]) -> float:
    """The part of layer 0's c2p + p2c scores that depends on both query and key position.

    With zero relative embeddings c2p is a per-query constant and p2c a per-key term; removing
    row and column means (double centring) leaves exactly what relative distance contributes.
    """
    attention = deberta.encoder.layer[0].attention.self
    with torch.no_grad():
        hidden = deberta.embeddings(input_ids=batch["input_ids"], mask=batch["attention_mask"])
        heads = attention.num_attention_heads
        query = attention.transpose_for_scores(attention.query_proj(hidden), heads)
        key = attention.transpose_for_scores(attention.key_proj(hidden), heads)
        relative_pos = deberta.encoder.get_rel_pos(hidden)
        scores = attention.disentangled_attention_bias(
            query, key, relative_pos, deberta.encoder.get_rel_embedding(), 1 + len(attention.pos_att_type)
        )
    centred = (
        scores
        - scores.mean(-1, keepdim=True)
        - scores.mean(-2, keepdim=True)
        + scores.mean((-2, -1), keepdim=True)
    )
    return centred.abs().max().item()


def test_deberta_relative_attention_learns_from_the_warm_start() -> None:
    deberta = minilm_to_deberta(tiny_bert(), position_buckets=8)
    batch = tiny_batch()
    assert position_dependent_scores(deberta, batch) < 1e-5
    torch.manual_seed(0)
    target = torch.randn(3, 40, 32)
    optimizer = torch.optim.AdamW(deberta.parameters(), lr=1e-2)
    deberta.train()
    for _ in range(3):
        optimizer.zero_grad()
        hidden = deberta(**batch).last_hidden_state
        loss = (hidden - target)[batch["attention_mask"].bool()].pow(2).mean()
        loss.backward()
        optimizer.step()
    deberta.eval()
    assert deberta.encoder.LayerNorm.weight.abs().min() > 0
    assert position_dependent_scores(deberta, batch) > 1e-2


def test_offline_cache_is_rebuilt_when_its_recipe_changed(tmp_path: Path) -> None:
    built = Path(resolve_encoder("offline:tiny-deberta", tmp_path))
    assert built == tmp_path / "tiny-deberta"
    marker = built / MARKER
    stamp = (built / "model.safetensors").stat().st_mtime_ns
    assert resolve_encoder("offline:tiny-deberta", tmp_path) == str(built)
    assert (built / "model.safetensors").stat().st_mtime_ns == stamp
    marker.write_text('{"name": "tiny-deberta", "recipe": 1}')  # e.g. the old random xsmall
    (built / "stale.txt").write_text("left by an older recipe")
    resolve_encoder("offline:tiny-deberta", tmp_path)
    assert marker.read_text() != '{"name": "tiny-deberta", "recipe": 1}'
    assert not (built / "stale.txt").exists()


@pytest.mark.parametrize("name", ["deberta-v3-buckets7", "deberta-v3-buckets1024", "deberta-v4"])
def test_unknown_offline_encoders_are_refused_before_building(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="offline"):
        build_offline_encoder(name, tmp_path / name)
    assert not (tmp_path / name).exists()


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
