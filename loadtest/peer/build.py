"""Pack our trained encoder as the peer's archive: the Hugging Face example's model directory.

The peer must run the same encoder weights as intent-serve's archives, so the comparison measures
the serving path and not a different model. Our checkpoint is an ``IntentClassifier`` wrapping an
``AutoModel`` encoder (model/classifier.py); the peer is the ``AutoModelForSequenceClassification``
of that encoder type (``DistilBertForSequenceClassification`` for DistilBERT), whose base model gets
the encoder's weights unchanged. Its classification head is our intent head when the shapes agree
(a checkpoint trained without complexity features); otherwise (ours concatenates them to the pooled
vector) it keeps a seeded fresh initialisation. The head is a few thousand multiply-adds against the
encoder's millions, so it changes the answers, not the cost. The directory is written the way the
example expects (``model.safetensors``, ``config.json``, the tokenizer, ``setup_config.json``,
``index_to_name.json``) and packed with ``torch-model-archiver`` and no model-config: TorchServe's
defaults, batch size 1.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from common.archives import archive_file
from common.torchserve import executable
from model.classifier import IntentClassifier

# Packed, never imported here: it imports TorchServe's worker code.
HANDLER = Path(str(importlib.util.find_spec("loadtest.peer.hf_example_handler").origin)).resolve()
PEER_NAME = "hf-example"
PEER_VERSION = "1.0"
# The example's setup_config.json for text classification.
MAX_LENGTH = 150
WEIGHTS_FILE = "model.safetensors"
SEED = 0


class PeerBuildError(RuntimeError):
    """The peer archive cannot be built; the message says why."""


@dataclass
class PeerModel:
    """What was built, for the report: the head's origin changes the answers, not the cost."""

    directory: Path
    model_type: str
    labels: list[str]
    head: str


def build_peer_model(checkpoint: Path, target: Path, max_length: int = MAX_LENGTH) -> PeerModel:
    """The example's model directory in ``target``, from the encoder of ``checkpoint``."""
    if not (checkpoint / WEIGHTS_FILE).is_file():
        raise PeerBuildError(
            f"{checkpoint} holds no trained checkpoint ({WEIGHTS_FILE}): train one first (make train-all) "
            "or pass --checkpoint"
        )
    ours = IntentClassifier.from_pretrained(str(checkpoint), use_safetensors=True)
    labels = [ours.config.id2label[index] for index in range(ours.config.num_labels)]
    config = ours.config.encoder_config()
    config.num_labels = len(labels)
    config.id2label = dict(enumerate(labels))
    config.label2id = {label: index for index, label in enumerate(labels)}
    torch.manual_seed(SEED)
    peer = AutoModelForSequenceClassification.from_config(config)
    peer.base_model.load_state_dict(ours.encoder.state_dict())
    head = copy_head(peer, ours.intent_head)
    target.mkdir(parents=True, exist_ok=True)
    peer.save_pretrained(target)
    tokenizer = AutoTokenizer.from_pretrained(str(checkpoint))
    tokenizer.save_pretrained(target)
    setup = {
        "model_name": config.model_type,
        "mode": "sequence_classification",
        "do_lower_case": bool(getattr(tokenizer, "do_lower_case", True)),
        "num_labels": str(len(labels)),
        "save_mode": "pretrained",
        "max_length": str(max_length),
        "captum_explanation": False,
        "embedding_name": peer.base_model_prefix,
    }
    write(target / "setup_config.json", setup)
    write(target / "index_to_name.json", {str(index): label for index, label in enumerate(labels)})
    return PeerModel(target, config.model_type, labels, head)


def copy_head(peer: nn.Module, intent_head: nn.Linear) -> str:
    """Our intent head into the peer's final ``classifier`` when the shapes agree; says which."""
    classifier = getattr(peer, "classifier", None)
    if isinstance(classifier, nn.Linear) and classifier.weight.shape == intent_head.weight.shape:
        classifier.load_state_dict(intent_head.state_dict())
        return "intent head copied"
    return "fresh (seeded): the intent head's input includes complexity features"


def write(path: Path, document: object) -> None:
    path.write_text(json.dumps(document, indent=2) + "\n")


def pack_peer(model_dir: Path, store: Path, name: str = PEER_NAME, version: str = PEER_VERSION) -> Path:
    """``store/<name>_<version>.mar``: the weights as --serialized-file, every other file as an
    extra file, the re-implemented handler, no model-config (TorchServe's defaults)."""
    extra = sorted(path for path in model_dir.iterdir() if path.is_file() and path.name != WEIGHTS_FILE)
    store.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mar-peer-") as tmp:
        command = [
            str(executable("torch-model-archiver")),
            "--model-name", name,
            "--version", version,
            "--serialized-file", str(model_dir / WEIGHTS_FILE),
            "--handler", str(HANDLER),
            "--extra-files", ",".join(map(str, extra)),
            "--export-path", tmp,
            "--force",
        ]  # fmt: skip
        # The archiver assembles files in $TMPDIR/<model name>; a private one keeps builds apart.
        result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "TMPDIR": tmp})
        if result.returncode != 0:
            raise PeerBuildError(f"torch-model-archiver failed ({result.returncode}):\n{result.stderr}")
        archive = store / archive_file(name, version)
        shutil.move(Path(tmp) / f"{name}.mar", archive)
    return archive
