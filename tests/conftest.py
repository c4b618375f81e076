"""Shared fixtures: tiny offline encoders and checkpoints built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from transformers import AutoTokenizer

from model.checkpoint import save_checkpoint
from model.classifier import IntentClassifier
from model.encoders import resolve_encoder
from model.labels import COMPLEXITY_LEVELS, INTENTS


@pytest.fixture(scope="session")
def encoder_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("encoders")


@pytest.fixture(scope="session")
def tiny_encoder(encoder_cache: Path) -> str:
    return resolve_encoder("offline:tiny-distilbert", encoder_cache)


@pytest.fixture(scope="session")
def tiny_deberta_encoder(encoder_cache: Path) -> str:
    return resolve_encoder("offline:tiny-deberta", encoder_cache)


def build_tiny_checkpoint(encoder_dir: str, target: Path, **config: object) -> Path:
    """An untrained tiny classifier saved exactly as the trainer saves a real one."""
    model = IntentClassifier.from_encoder(
        encoder_dir,
        id2label=dict(enumerate(INTENTS)),
        label2id={label: i for i, label in enumerate(INTENTS)},
        max_seq_length=64,
        **config,
    )
    tokenizer = AutoTokenizer.from_pretrained(encoder_dir)
    return save_checkpoint(
        model, tokenizer, list(INTENTS), list(COMPLEXITY_LEVELS), target, {"model": {"name": "tiny"}}
    )


@pytest.fixture(scope="session")
def tiny_checkpoint(tiny_encoder: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_checkpoint(tiny_encoder, tmp_path_factory.mktemp("ckpt") / "tiny-distilbert")


@pytest.fixture(scope="session")
def tiny_deberta_checkpoint(tiny_deberta_encoder: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_checkpoint(tiny_deberta_encoder, tmp_path_factory.mktemp("ckpt") / "tiny-deberta")
