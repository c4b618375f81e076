"""Shared fixtures: tiny offline encoders, checkpoints and archives built once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import pytest
from transformers import AutoTokenizer

from archive.build import build_archive
from common.torchserve import Server, ServerError, register, torchserve, write_config
from model.classifier import IntentClassifier
from model.labels import COMPLEXITY_LEVELS, INTENTS
from training.checkpoint import save_checkpoint
from training.encoders import resolve_encoder


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
def tiny_checkpoint_without_features(tiny_encoder: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Trained without complexity features: its intent head reads the pooled encoder output alone."""
    target = tmp_path_factory.mktemp("ckpt") / "tiny-distilbert-plain"
    return build_tiny_checkpoint(tiny_encoder, target, use_complexity_features=False)


@pytest.fixture(scope="session")
def tiny_deberta_checkpoint(tiny_deberta_encoder: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_checkpoint(tiny_deberta_encoder, tmp_path_factory.mktemp("ckpt") / "tiny-deberta")


# The archives' own model-config. One worker: the serving tests check worker process ids and
# batching, which a second worker would make depend on scheduling.
TINY_MODEL_CONFIG = """
minWorkers: 1
maxWorkers: 1
batchSize: 4
maxBatchDelay: 5
responseTimeout: 60
handler:
  torch_threads: 1
  max_text_chars: 2000
"""
TINY_MODELS = ("distilbert", "deberta")


@pytest.fixture(scope="session")
def tiny_model_store(
    tiny_checkpoint: Path, tiny_deberta_checkpoint: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """``distilbert_1.0.mar`` and ``deberta_1.0.mar`` built by archive/build.py from the tiny checkpoints.
    Tests that change a store work on a copy."""
    work = tmp_path_factory.mktemp("archives")
    config = work / "tiny.yaml"
    config.write_text(TINY_MODEL_CONFIG)
    store = work / "model_store"
    for name, checkpoint in zip(TINY_MODELS, (tiny_checkpoint, tiny_deberta_checkpoint), strict=True):
        build_archive(name, checkpoint, config, "1.0", store)
    return store


@pytest.fixture(scope="session")
def tiny_server(tiny_model_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real TorchServe on the shipped config.properties (loopback ports swapped) with both tiny
    archives registered through the management API. Batches wait up to 200 ms, so requests sent
    together reach the handler as one batch. Tests must leave both models registered."""
    home = tmp_path_factory.mktemp("torchserve")
    with torchserve(write_config(home, tiny_model_store), home) as server:
        tiny = partial(register, server, initial_workers=1, batch_size=4, max_batch_delay=200)
        with ThreadPoolExecutor(len(TINY_MODELS)) as pool:
            try:
                list(pool.map(tiny, TINY_MODELS))
            except ServerError as error:
                pytest.fail(f"{error}\n{server.logs()}")
        yield server
