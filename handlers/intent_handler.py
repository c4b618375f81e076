"""TorchServe entry point for the intent classifiers.

Deliberately thin: this module only turns TorchServe's batch of raw requests into texts, answers
bad requests individually, and records metrics. Tokenization, complexity features, the forward pass
and the answer format all belong to :class:`model.predictor.IntentPredictor`, the same code the
evaluation and the tests call, so a served answer cannot drift from an in-process one.

TorchServe loads the one class it finds in this module, so every helper here is a function.
Everything is read from the unpacked archive (weights, tokenizer, label map, feature spec and the
model-config yaml whose ``handler:`` section holds the settings below); nothing touches the network.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import Counter
from http import HTTPStatus
from typing import Any

import torch
from ts.context import Context
from ts.metrics.dimension import Dimension
from ts.metrics.metric_type_enum import MetricTypes
from ts.torch_handler.base_handler import BaseHandler
from ts.utils.util import PredictionException

from model.explain import ExplanationTimeout, ExplanationUnsupported, explain
from model.metadata import archive_metadata
from model.predictor import IntentPredictor, Probabilities
from model.settings import default_threads, load_predictor, read_settings

logger = logging.getLogger(__name__)

# TorchServe passes a raw body as the "body" field and form data under each field's own name.
INPUT_FIELDS = ("body", "data", "text")
NO_INPUT = (
    'no input found: POST JSON {"text": "..."} with Content-Type: application/json, '
    "a text/plain body, or a form field named 'data'"
)
INTERNAL_ERROR = "internal error while predicting; the server log has the details"
WARM_UP_TEXTS = (
    "Write a Python function that merges two sorted lists.",
    "Summarize this article in three bullet points, then explain why the author's argument fails.",
)
JSON_TYPES = {
    type(None): "null",
    bool: "boolean",
    int: "number",
    float: "number",
    str: "string",
    list: "array",
    dict: "object",
}


class IntentHandler(BaseHandler):
    """Adapts TorchServe's batch protocol to :class:`IntentPredictor`.

    ``handle`` owns error isolation: an invalid request gets its own 4xx JSON answer while the
    valid requests of the same batch share one ``encode`` call, and an unexpected exception turns
    into 500 answers for the requests it affected instead of escaping into the worker.
    """

    def __init__(self) -> None:
        super().__init__()
        self.predictor: IntentPredictor | None = None
        self.settings: dict[str, Any] = {}
        self.model_info: dict[str, str] = {}
        self.metadata: dict[str, Any] = {}
        # Answers of the batch being handled; None marks a request still waiting for its prediction.
        # A worker handles one batch at a time, so this per-batch state is never shared.
        self._answers: list[dict[str, Any] | None] = []
        # Requests of the batch that TorchServe marked for an explanation rather than a prediction.
        self._explaining: set[int] = set()

    def initialize(self, context: Context) -> None:
        """Load and warm up at registration, so a broken archive fails there, not on live traffic."""
        started = time.perf_counter()
        self.context = context
        model_config = context.model_yaml_config or {}
        self.settings = read_settings(model_config.get("handler"))
        threads = self.settings["torch_threads"] or default_threads(model_config)
        torch.set_num_threads(threads)
        # The tokenizer's own thread pool would take every core on top of torch's share.
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        model_dir = context.system_properties["model_dir"]
        self.predictor = load_predictor(model_dir, self.settings)
        self.model_info = {"name": context.model_name, "version": model_version(context.manifest)}
        self.metadata = archive_metadata(model_dir, self.settings, context.manifest)
        batch_size = context.system_properties.get("batch_size") or 1
        self.predictor.predict([WARM_UP_TEXTS[i % len(WARM_UP_TEXTS)] for i in range(batch_size)])
        self.initialized = True
        logger.info(
            "intent model %s v%s ready: backend=%s torch_threads=%d warm-up batch=%d in %.2fs",
            self.model_info["name"],
            self.model_info["version"],
            self.settings["backend"],
            threads,
            batch_size,
            time.perf_counter() - started,
        )

    def handle(self, data: list[Any], context: Context) -> list[dict[str, Any]]:
        """Per-request errors and batch metrics live here, in one place, around the three stages.

        Replaces BaseHandler.handle, so its two other dispatches are made here: the describe call
        (TorchServe sends it alone) and explanations, chosen per request by the "explain" header
        TorchServe sets on ``POST /explanations``, because one batch can mix both kinds."""
        self.context = context
        if self._is_describe():
            return [self.describe_handle()]
        self._answers = [None] * len(data)
        self._explaining = {idx for idx in range(len(data)) if self._header(idx, "explain") == "True"}
        try:
            inputs = self.preprocess(data)
            if inputs is not None:
                self.postprocess(self.inference(inputs))
        except Exception:
            logger.exception("intent handler failed on a batch of %d requests", len(data))
        for idx in sorted(self._explaining):
            self._explain_one(idx, data[idx])
        self._fail_unanswered()
        self._record("BatchSize", len(data), "count", MetricTypes.HISTOGRAM)
        for idx in range(len(data)):
            self._set_content_type(idx)
        return self._answers

    def preprocess(self, data: list[Any]) -> dict[str, torch.Tensor] | None:
        """Validate each request on its own, then encode every valid text in ONE tokenizer call."""
        texts = [
            text
            for idx, request in enumerate(data)
            if idx not in self._explaining and (text := self._accept(idx, request)) is not None
        ]
        if not texts:
            return None
        started = time.perf_counter()
        inputs = self.predictor.encode(texts)
        self._record("TokenizeTime", time.perf_counter() - started, "s", MetricTypes.HISTOGRAM)
        return inputs

    def inference(self, data: dict[str, torch.Tensor], *args: Any, **kwargs: Any) -> Probabilities:
        started = time.perf_counter()
        with torch.inference_mode():
            probabilities = self.predictor.infer(data)
        self._record("InferenceTime", time.perf_counter() - started, "s", MetricTypes.HISTOGRAM)
        return probabilities

    def postprocess(self, data: Probabilities) -> list[dict[str, Any] | None]:
        """Fill the waiting requests' answers, in request order, with plain-JSON predictions."""
        predictions = self.predictor.format(data)
        waiting = [
            idx for idx, answer in enumerate(self._answers) if answer is None and idx not in self._explaining
        ]
        for idx, prediction in zip(waiting, predictions, strict=True):
            self._answers[idx] = {**prediction, "model": self.model_info}
        self._record_predictions(predictions)
        return self._answers

    def describe_handle(self) -> dict[str, Any]:
        """The archive's own description, built once at initialize from the files it packs."""
        return self.metadata

    def _explain_one(self, idx: int, request: Any) -> None:
        """One explanation, answered on its own: a bad text, a timeout or a failure is this
        request's answer only."""
        text = self._accept(idx, request)
        if text is None:
            return
        started = time.perf_counter()
        try:
            explanation = explain(
                self.predictor,
                text,
                steps=self.settings["explain_steps"],
                time_limit_s=self.settings["explain_time_limit_s"],
            )
        except ExplanationTimeout as error:
            self._reject(idx, HTTPStatus.SERVICE_UNAVAILABLE, f"{error}; retry later or ask for a prediction")
        except ExplanationUnsupported as error:
            self._reject(idx, HTTPStatus.NOT_IMPLEMENTED, str(error))
        except Exception:
            logger.exception("could not explain request %d of the batch", idx)
            self._reject(idx, HTTPStatus.INTERNAL_SERVER_ERROR, INTERNAL_ERROR)
        else:
            self._answers[idx] = {**explanation, "model": self.model_info}
        self._record("ExplainTime", time.perf_counter() - started, "s", MetricTypes.HISTOGRAM)

    def _header(self, idx: int, name: str) -> str | None:
        return self.context.get_request_header(idx, name) if self.context.request_processor else None

    def _accept(self, idx: int, request: Any) -> str | None:
        """The request's text, or None after answering it with its own error."""
        try:
            field, value = request_field(request)
            text = extract_text(value, self._content_type(idx, field))
            return check_text(text, self.settings["max_text_chars"])
        except PredictionException as error:
            self._reject(idx, error.error_code, error.message)
        except Exception:
            logger.exception("could not read request %d of the batch", idx)
            self._reject(idx, HTTPStatus.INTERNAL_SERVER_ERROR, INTERNAL_ERROR)
        return None

    def _content_type(self, idx: int, field: str) -> str:
        """TorchServe records each input field's Content-Type as a per-field request header."""
        processors = self.context.request_processor
        header = processors[idx].get_request_property(field) if processors else None
        content_type = header.get("content-type", "") if isinstance(header, dict) else ""
        return content_type.split(";")[0].strip().lower()

    def _reject(self, idx: int, code: int, message: str) -> None:
        self._answers[idx] = {"error": message, "code": int(code)}
        self.context.set_response_status(int(code), HTTPStatus(code).phrase, idx)
        if code >= HTTPStatus.INTERNAL_SERVER_ERROR:
            self._record("InternalErrors", 1, "count", MetricTypes.COUNTER)
        else:
            logger.debug("request %d rejected with %d: %s", idx, code, message)
            self._record("BadRequests", 1, "count", MetricTypes.COUNTER, Code=str(int(code)))

    def _fail_unanswered(self) -> None:
        """Whatever failed, every request still waiting gets a 500 answer rather than none."""
        for idx, answer in enumerate(self._answers):
            if answer is None:
                self._reject(idx, HTTPStatus.INTERNAL_SERVER_ERROR, INTERNAL_ERROR)

    def _set_content_type(self, idx: int) -> None:
        if self.context.request_processor:
            self.context.set_response_content_type(idx, "application/json")

    def _record_predictions(self, predictions: list[dict[str, Any]]) -> None:
        for intent, count in Counter(str(p["intent"]) for p in predictions).items():
            self._record("IntentPredictions", count, "count", MetricTypes.COUNTER, Intent=intent)
        for prediction in predictions:
            self._record(
                "IntentConfidence",
                prediction["confidence"],
                "ratio",
                MetricTypes.HISTOGRAM,
                Intent=str(prediction["intent"]),
            )

    def _record(self, name: str, value: float, unit: str, kind: MetricTypes, **dimensions: str) -> None:
        """Best effort: a metrics failure must never cost a prediction."""
        metrics = self.context.metrics
        if metrics is None:
            return
        try:
            metrics.add_metric(
                name,
                value,
                unit,
                dimensions=[Dimension(key, label) for key, label in dimensions.items()],
                metric_type=kind,
            )
        except Exception:
            logger.warning("could not record metric %s", name, exc_info=True)


def model_version(manifest: dict[str, Any] | None) -> str:
    return str((manifest or {}).get("model", {}).get("modelVersion", "unknown"))


def request_field(request: Any) -> tuple[str, Any]:
    """TorchServe hands each request over as ``{field: value}``."""
    if isinstance(request, dict):
        for field in INPUT_FIELDS:
            if field in request:
                return field, request[field]
    raise PredictionException(NO_INPUT, HTTPStatus.BAD_REQUEST)


def extract_text(value: Any, content_type: str) -> str:
    """TorchServe has already parsed a JSON body (dict, list, str, number, None) and decoded a
    text/* body to str; anything else, including JSON it failed to parse, arrives as bytes."""
    if isinstance(value, bytes | bytearray):
        return text_from_bytes(decode_utf8(value), content_type)
    if isinstance(value, str) and not is_json(content_type):
        return value
    return text_from_json(value)


def text_from_bytes(body: str, content_type: str) -> str:
    """Declared JSON must parse. Undeclared bodies (form fields, octet-stream) that are our JSON
    envelope are read as one, so a client that forgets the header still gets the right text; any
    other body, even one that happens to be JSON, is the prompt itself."""
    if is_json(content_type):
        return text_from_json(parse_json(body))
    if not content_type.startswith("text/"):
        envelope = json_envelope(body)
        if envelope is not None:
            return text_from_json(envelope)
    return body


def text_from_json(document: Any) -> str:
    if not isinstance(document, dict):
        raise PredictionException(
            f"a JSON body must be an object with a 'text' field, got {json_type(document)}",
            HTTPStatus.BAD_REQUEST,
        )
    if "text" not in document:
        raise PredictionException("the JSON body has no 'text' field", HTTPStatus.BAD_REQUEST)
    text = document["text"]
    if not isinstance(text, str):
        raise PredictionException(f"'text' must be a string, got {json_type(text)}", HTTPStatus.BAD_REQUEST)
    return text


def check_text(text: str, max_chars: int) -> str:
    if not text.strip():
        raise PredictionException("'text' is empty", HTTPStatus.BAD_REQUEST)
    if len(text) > max_chars:
        raise PredictionException(
            f"'text' has {len(text)} characters; the limit is {max_chars}",
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        # JSON can carry lone surrogates ("\ud800"); the tokenizer would fail the whole batch on them.
        message = f"'text' is not valid Unicode: {error.reason}"
        raise PredictionException(message, HTTPStatus.BAD_REQUEST) from None
    return text


def decode_utf8(body: bytes | bytearray) -> str:
    try:
        return bytes(body).decode("utf-8")
    except UnicodeDecodeError as error:
        raise PredictionException(
            f"the body is not valid UTF-8 (byte {error.start})", HTTPStatus.BAD_REQUEST
        ) from None


def parse_json(body: str) -> Any:
    try:
        return json.loads(body)
    except ValueError as error:
        raise PredictionException(f"the body is not valid JSON: {error}", HTTPStatus.BAD_REQUEST) from None


def json_envelope(body: str) -> dict[str, Any] | None:
    if not body.lstrip().startswith("{"):
        return None
    try:
        document = json.loads(body)
    except ValueError:
        return None
    return document if isinstance(document, dict) and "text" in document else None


def is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def json_type(value: Any) -> str:
    return JSON_TYPES.get(type(value), type(value).__name__)
