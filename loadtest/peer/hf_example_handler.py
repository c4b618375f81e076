"""Re-implementation of the serving path of TorchServe's Hugging Face example handler.

What it reproduces: ``examples/Huggingface_Transformers/Transformer_handler_generalized.py`` in
pytorch/serve, in the setup its README walks through for text classification
(``setup_config.json``: mode ``sequence_classification``, save_mode ``pretrained``,
``max_length`` 150, ``do_lower_case``; ``index_to_name.json``; registered with TorchServe's default
batch size 1). That is where a TorchServe user starts when serving a text classifier, so it is the
baseline ``make bench-peer`` compares intent-serve's archives with. This file was written for this
repository to behave like that handler; it is not a copy of it.

The path, request by request, as in the example:

- ``initialize``: read ``setup_config.json`` from the model directory, load
  ``AutoModelForSequenceClassification`` and ``AutoTokenizer`` (with the config's
  ``do_lower_case``) from it, ``eval()``, read ``index_to_name.json``.
- ``preprocess``: each request's ``data`` (else ``body``), bytes decoded, is tokenized on its own,
  padded to ``max_length`` (150 tokens, whatever the text's length) with special tokens; the
  per-request tensors are concatenated. transformers 5 removed ``encode_plus`` and
  ``pad_to_max_length``, so the tokenizer is called directly with ``padding="max_length"`` and
  ``truncation=True`` (what ``encode_plus`` did implicitly with a ``max_length``).
- ``inference``: one forward pass over the padded batch, outside ``torch.no_grad`` as in the
  example, the output logged (the example prints it), ``argmax`` per row, the index mapped
  through ``index_to_name.json``.
- ``postprocess``: the label strings as they are: each answer is a bare label.

Deviations, none of which changes the cost: a JSON body (``{"text": ...}``, which TorchServe hands
over already decoded) is unwrapped to its ``text``, so the same Locust requests reach this handler
and ours; the tokenizer always loads from the model directory (the example falls back to
downloading ``model_name`` from the hub when it finds no ``vocab.*`` file, and serving here is
offline); only the sequence-classification mode is implemented, and Captum explanations (off in
the example's setup) are left out, so Captum need not be installed.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer
from ts.torch_handler.base_handler import BaseHandler

logger = logging.getLogger(__name__)

SETUP_CONFIG = "setup_config.json"
INDEX_TO_NAME = "index_to_name.json"


class HuggingFaceExampleHandler(BaseHandler):
    """The example's sequence-classification handler: one padded request at a time, a label back."""

    def initialize(self, context: Any) -> None:
        properties = context.system_properties
        model_dir = properties.get("model_dir")
        self.manifest = context.manifest
        gpu = properties.get("gpu_id")
        self.device = torch.device(f"cuda:{gpu}" if torch.cuda.is_available() and gpu is not None else "cpu")
        self.setup_config = read_json(os.path.join(model_dir, SETUP_CONFIG))
        mode = (self.setup_config.get("mode"), self.setup_config.get("save_mode"))
        if mode != ("sequence_classification", "pretrained"):
            raise ValueError(f"only mode sequence_classification with save_mode pretrained, not {mode}")
        self.model = AutoModelForSequenceClassification.from_pretrained(model_dir)
        self.model.to(self.device)
        self.tokenizer = AutoTokenizer.from_pretrained(
            model_dir, do_lower_case=self.setup_config["do_lower_case"]
        )
        self.model.eval()
        logger.info("Transformer model from path %s loaded successfully", model_dir)
        # Not in the example: the intra-op threads TorchServe's environment gave this worker (the
        # example sets none), so a report reader can see them next to ours' torch_threads.
        logger.info("torch threads: %d", torch.get_num_threads())
        self.mapping = read_json(os.path.join(model_dir, INDEX_TO_NAME))
        self.initialized = True

    def preprocess(self, requests: list[dict[str, Any]]) -> tuple[torch.Tensor, torch.Tensor]:
        max_length = int(self.setup_config["max_length"])
        input_ids, attention_masks = [], []
        for request in requests:
            text = request_text(request)
            logger.info("Received text: '%s'", text)
            inputs = self.tokenizer(
                text,
                max_length=max_length,
                padding="max_length",
                truncation=True,
                add_special_tokens=True,
                return_tensors="pt",
            )
            input_ids.append(inputs["input_ids"].to(self.device))
            attention_masks.append(inputs["attention_mask"].to(self.device))
        return torch.cat(input_ids, 0), torch.cat(attention_masks, 0)

    def inference(self, batch: tuple[torch.Tensor, torch.Tensor], *args: Any, **kwargs: Any) -> list[str]:
        input_ids, attention_mask = batch
        predictions = self.model(input_ids, attention_mask)
        logger.info("This the output size from the Seq classification model %s", predictions[0].size())
        logger.info("This the output from the Seq classification model %s", predictions)
        labels = []
        for row in predictions[0]:
            predicted = row.unsqueeze(0).argmax(1).item()
            labels.append(self.mapping[str(predicted)])
        return labels

    def postprocess(self, data: list[str]) -> list[str]:
        return data


def request_text(request: dict[str, Any]) -> str:
    """The example's input: ``data``, else ``body``, bytes decoded; plus a decoded JSON body's text."""
    text = request.get("data")
    if text is None:
        text = request.get("body")
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8")
    if isinstance(text, dict):
        text = text["text"]
    return text


def read_json(path: str) -> Any:
    with open(path) as stream:
        return json.load(stream)
