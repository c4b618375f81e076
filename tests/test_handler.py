"""In-process tests of handlers/intent_handler.py, driven through TorchServe's own backend code.

The handler is loaded from a real archive by ``TorchModelServiceWorker.load_model`` (the loader,
the ``Context`` with the model-config yaml, a real ``MetricsCacheYamlImpl`` from
configs/metrics.yaml), requests are decoded by ``ts.protocol.otf_message_handler.retrieve_msg``
from the bytes the Java frontend would send, and answers come back through ``Service.predict`` and
its response encoder. Only the two wire codecs below are written here.
"""

from __future__ import annotations

import io
import json
import logging
import re
import shutil
import socket
import struct
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import torch
from ts.model_service_worker import TorchModelServiceWorker
from ts.protocol.otf_message_handler import retrieve_msg
from ts.service import Service

from archive.build import ArchiveError, build_archive
from handlers.intent_handler import INTERNAL_ERROR
from model.checkpoint import WEIGHTS_FILE
from model.explain import explain
from model.metadata import archive_metadata
from model.onnx_backend import onnx_model_path
from model.predictor import IntentPredictor
from model.settings import DEFAULT_SETTINGS, default_threads, read_settings
from training import export_onnx

MAX_TEXT_CHARS = 200
MODEL_CONFIG = f"""
minWorkers: 2
maxWorkers: 2
batchSize: 4
maxBatchDelay: 50
handler:
  top_k: 2
  torch_threads: 1
  max_text_chars: {MAX_TEXT_CHARS}
"""
GOOD = ["How do I reverse a linked list in Python?", "Write a short poem about autumn rain."]


def pack(data: bytes) -> bytes:
    return struct.pack("!i", len(data)) + data


def predict_message(requests: list[tuple[str, str, bytes]], headers: dict[int, dict[str, str]]) -> bytes:
    """A predict command framed as TorchServe's frontend frames it: per request an id, the HTTP
    headers (``headers[idx]`` adds some, as the frontend adds "explain" for /explanations) and one
    input field (name, content type, raw bytes)."""
    message = bytearray(b"I")
    for idx, (field, content_type, body) in enumerate(requests):
        message += pack(f"request-{idx}".encode())
        message += pack(b"Content-Type") + pack(content_type.encode())
        for name, value in headers.get(idx, {}).items():
            message += pack(name.encode()) + pack(value.encode())
        message += struct.pack("!i", -1)
        message += pack(field.encode()) + pack(content_type.encode()) + pack(body) + struct.pack("!i", -1)
    return bytes(message + struct.pack("!i", -1))


def read_answers(response: bytes) -> list[dict[str, Any]]:
    """Decode ts.protocol's predict response into status, content type and JSON body per request."""
    stream = io.BytesIO(response)

    def take_int() -> int:
        return struct.unpack("!i", stream.read(4))[0]

    def take_bytes() -> bytes:
        return stream.read(take_int())

    take_int(), take_bytes()  # batch-level code and message
    answers = []
    while (id_length := take_int()) != -1:
        stream.read(id_length)
        content_type = take_bytes().decode()
        status = take_int()
        take_bytes()  # reason phrase
        for _ in range(2 * take_int()):  # response headers, name and value
            take_bytes()
        answers.append({"status": status, "content_type": content_type, "body": json.loads(take_bytes())})
    return answers


def send(
    service: Service, requests: list[tuple[str, str, bytes]], headers: dict[int, dict[str, str]] | None = None
) -> list[dict[str, Any]]:
    """One batch through TorchServe's request decoder, Service.predict and its response encoder."""
    frontend, worker = socket.socketpair()
    with frontend, worker:
        service.set_cl_socket(worker)
        frontend.sendall(predict_message(requests, headers or {}))
        _, batch = retrieve_msg(worker)
        return read_answers(service.predict(batch))


def as_json(text: str) -> tuple[str, str, bytes]:
    return "body", "application/json", json.dumps({"text": text}).encode()


def strip_model(answer: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in answer["body"].items() if key != "model"}


def archive_and_unpack(name: str, checkpoint: Path, model_config: str, work: Path) -> Path:
    """``checkpoint`` archived by archive/build.py and unpacked as TorchServe unpacks it."""
    config = work / f"{name}.yaml"
    config.write_text(model_config)
    archive = build_archive(name, checkpoint, config, "1.0", work / "store")
    unpacked = work / "unpacked"
    with zipfile.ZipFile(archive) as mar:
        mar.extractall(unpacked)
    return unpacked


@contextmanager
def loaded_service(model_dir: Path, socket_dir: Path) -> Iterator[Service]:
    """The handler loaded by TorchServe's worker code; the worker puts the model dir on sys.path."""
    threads = torch.get_num_threads()
    worker = TorchModelServiceWorker(
        "unix", str(socket_dir / ".ts.sock.9000"), None, None, "configs/metrics.yaml"
    )
    sys.path.insert(0, str(model_dir))
    try:
        loaded, message, code = worker.load_model(
            {
                "modelPath": str(model_dir).encode(),
                "modelName": b"tiny",
                "handler": b"intent_handler.py",
                "envelope": b"",
                "batchSize": 4,
                "limitMaxImagePixels": True,
            }
        )
        assert code == 200, message
        yield loaded
    finally:
        sys.path.remove(str(model_dir))
        worker.sock.close()
        torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def model_dir(tiny_checkpoint: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return archive_and_unpack("tiny", tiny_checkpoint, MODEL_CONFIG, tmp_path_factory.mktemp("handler"))


@pytest.fixture(scope="module")
def service(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with loaded_service(model_dir, tmp_path_factory.mktemp("sock")) as loaded:
        yield loaded


@pytest.fixture(scope="module")
def predictor(tiny_checkpoint: Path) -> IntentPredictor:
    return IntentPredictor.from_checkpoint(tiny_checkpoint, top_k=2)


@pytest.mark.parametrize(
    ("field", "content_type", "body"),
    [
        pytest.param("body", "application/json", b'{"text": "%s"}', id="json"),
        pytest.param("body", "application/json; charset=utf-8", b'{"text": "%s"}', id="json-charset"),
        pytest.param("body", "text/plain", b"%s", id="text-plain"),
        pytest.param("body", "application/octet-stream", b"%s", id="raw-bytes"),
        pytest.param("body", "", b'{"text": "%s"}', id="json-without-content-type"),
        pytest.param("data", "", b"%s", id="multipart-data"),
        pytest.param("data", "application/octet-stream", b"%s", id="multipart-file"),
        pytest.param("text", "", b"%s", id="form-text"),
    ],
)
def test_each_body_format_gives_the_predictor_answer(
    service: Service, predictor: IntentPredictor, field: str, content_type: str, body: bytes
) -> None:
    [answer] = send(service, [(field, content_type, body % GOOD[0].encode())])
    assert answer["status"] == 200
    assert answer["content_type"] == "application/json"
    assert strip_model(answer) == predictor.predict([GOOD[0]])[0]
    assert answer["body"]["model"] == {"name": "tiny", "version": "1.0"}


BAD_REQUESTS = [
    (("body", "application/json", b'{"prompt": "hi"}'), 400, "no 'text' field"),
    (("body", "application/json", b'{"text": null}'), 400, "got null"),
    (("body", "application/json", b'{"text": 42}'), 400, "got number"),
    (("body", "application/json", b'{"text": ["a", "b"]}'), 400, "got array"),
    (("body", "application/json", b'{"text": {"text": "hi"}}'), 400, "got object"),
    (("body", "application/json", b'["hi"]'), 400, "must be an object"),
    (("body", "application/json", b'"hi"'), 400, "must be an object"),
    (("body", "application/json", b'{"text": "unclosed'), 400, "not valid JSON"),
    (("body", "application/json", b'{"text": "\\ud800"}'), 400, "not valid Unicode"),
    (("body", "text/plain", b"caf\xe9"), 400, "not valid UTF-8"),
    (("body", "application/octet-stream", b"\xff\xfe"), 400, "not valid UTF-8"),
    (("body", "text/plain", b""), 400, "empty"),
    (("body", "application/json", b'{"text": " \\n\\t "}'), 400, "empty"),
    (("body", "text/plain", b"x" * (MAX_TEXT_CHARS + 1)), 413, "limit is 200"),
    (("file", "application/octet-stream", b"hi"), 400, "no input found"),
]


def test_bad_requests_get_their_own_status_and_good_ones_are_unaffected(
    service: Service, predictor: IntentPredictor
) -> None:
    requests = [as_json(GOOD[0]), *(request for request, _, _ in BAD_REQUESTS), as_json(GOOD[1])]
    answers = send(service, requests)

    assert [answer["status"] for answer in answers] == [200, *(code for _, code, _ in BAD_REQUESTS), 200]
    for answer, (_, code, problem) in zip(answers[1:-1], BAD_REQUESTS, strict=True):
        assert answer["body"]["code"] == code
        assert problem in answer["body"]["error"], answer
        assert answer["content_type"] == "application/json"
    # Same texts in one batch, same padding: the answers must be exactly the in-process ones.
    assert [strip_model(answers[0]), strip_model(answers[-1])] == predictor.predict(GOOD)


def test_text_at_the_limit_is_accepted(service: Service) -> None:
    [answer] = send(service, [("body", "text/plain", b"y" * MAX_TEXT_CHARS)])
    assert answer["status"] == 200


def test_a_batch_of_only_bad_requests_answers_each(service: Service) -> None:
    answers = send(service, [("body", "text/plain", b" "), ("body", "application/json", b"null")])
    assert [answer["body"]["code"] for answer in answers] == [400, 400]


@pytest.mark.parametrize("stage", ["encode", "infer", "format"])
def test_an_internal_error_answers_500_and_the_worker_keeps_serving(
    service: Service, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, stage: str
) -> None:
    handler = service._entry_point.__self__

    def fail(*args: object) -> None:
        raise RuntimeError(f"{stage} exploded")

    monkeypatch.setattr(handler.predictor, stage, fail)
    failed = send(service, [as_json(GOOD[0]), ("body", "text/plain", b""), as_json(GOOD[1])])
    monkeypatch.undo()

    assert [answer["status"] for answer in failed] == [500, 400, 500]
    assert failed[0]["body"] == {"error": INTERNAL_ERROR, "code": 500}
    assert f"{stage} exploded" in caplog.text
    assert [answer["status"] for answer in send(service, [as_json(GOOD[0])])] == [200]


def test_metrics_go_through_the_declared_metric_cache(
    service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ts.metrics")
    send(service, [as_json(GOOD[0]), as_json(GOOD[1]), ("body", "text/plain", b"")])

    lines = [record.getMessage() for record in caplog.records if "[METRICS]" in record.getMessage()]
    emitted = {line.removeprefix("[METRICS]").split(".", 1)[0] for line in lines}
    assert {"IntentPredictions", "IntentConfidence", "TokenizeTime", "InferenceTime", "BatchSize"} <= emitted
    assert "BadRequests" in emitted
    # A dimension list that disagrees with configs/metrics.yaml is logged as a failed update.
    assert not [line for line in lines if "Failed" in line]
    assert any(re.match(r"\[METRICS\]BatchSize\.\w+:3\|#ModelName:tiny,Level:Model\|", ln) for ln in lines)
    assert any(re.match(r"\[METRICS\]BadRequests\.\w+:1\|#Code:400,ModelName:tiny,", line) for line in lines)


def test_one_batch_mixes_explanations_predictions_and_bad_requests(
    service: Service, predictor: IntentPredictor
) -> None:
    """TorchServe marks each /explanations request with an "explain" header; a batch can hold both
    kinds, and each request gets its own kind of answer (BaseHandler looks at request 0 only)."""
    explain_header = {"explain": "True"}
    requests = [
        as_json(GOOD[0]),
        as_json(GOOD[1]),
        ("body", "application/json", b'{"text": 42}'),
        as_json(GOOD[0]),
    ]
    answers = send(service, requests, {1: explain_header, 2: explain_header, 3: explain_header})

    assert [answer["status"] for answer in answers] == [200, 200, 400, 200]
    assert strip_model(answers[0]) == predictor.predict([GOOD[0]])[0]
    assert "got number" in answers[2]["body"]["error"]
    handler = service._entry_point.__self__
    for answer, text in ((answers[1], GOOD[1]), (answers[3], GOOD[0])):
        expected = explain(predictor, text, steps=handler.settings["explain_steps"])
        assert answer["body"]["intent"] == expected["intent"]
        assert [w["word"] for w in answer["body"]["words"]] == [w["word"] for w in expected["words"]]
        for got, want in zip(answer["body"]["words"], expected["words"], strict=True):
            assert got["attribution"] == pytest.approx(want["attribution"], abs=1e-5)
        assert answer["body"]["model"] == {"name": "tiny", "version": "1.0"}


def test_an_explanation_over_its_time_limit_answers_503_alone(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = service._entry_point.__self__
    monkeypatch.setitem(handler.settings, "explain_time_limit_s", 1e-9)
    answers = send(service, [as_json(GOOD[0]), as_json(GOOD[1])], {0: {"explain": "True"}})
    monkeypatch.undo()
    assert [answer["status"] for answer in answers] == [503, 200]
    assert "limit" in answers[0]["body"]["error"]
    assert answers[0]["body"]["code"] == 503


def test_the_describe_call_returns_the_archive_metadata(service: Service, model_dir: Path) -> None:
    handler = service._entry_point.__self__
    assert handler.describe_handle() == archive_metadata(
        model_dir, handler.settings, handler.context.manifest
    )
    assert handler.describe_handle()["archive"]["version"] == "1.0"


def test_settings_come_from_the_model_config(service: Service) -> None:
    handler = service._entry_point.__self__
    assert handler.settings == {**DEFAULT_SETTINGS, "top_k": 2, "torch_threads": 1, "max_text_chars": 200}
    assert torch.get_num_threads() == 1
    [answer] = send(service, [as_json(GOOD[0])])
    assert len(answer["body"]["top_intents"]) == 2


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ({"max_lenght": 64}, "unknown handler settings ['max_lenght']"),
        ({"top_k": 0}, "top_k must be a positive integer"),
        ({"torch_threads": "2"}, "torch_threads must be a positive integer"),
        ({"min_confidence": 1.5}, "min_confidence must be in [0, 1]"),
        ({"backend": "tensorrt"}, "backend must be one of ['onnx', 'onnx-int8', 'torch']"),
        ({"explain_steps": 0}, "explain_steps must be a positive integer"),
        ({"explain_time_limit_s": 0}, "explain_time_limit_s must be a positive number"),
        ({"explain_time_limit_s": "2s"}, "explain_time_limit_s must be a positive number"),
        ([1, 2], "must be a mapping"),
    ],
)
def test_a_bad_handler_section_stops_the_load(section: object, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        read_settings(section)


def test_default_threads_share_the_cores_among_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(8)))
    assert default_threads({"minWorkers": 2, "maxWorkers": 4}) == 2
    assert default_threads({"minWorkers": 16}) == 1
    assert default_threads({}) == 8


def leave_intact(checkpoint: Path) -> None:
    """The checkpoint is fine; the model-config is what is wrong."""


def break_feature_spec(checkpoint: Path) -> None:
    (checkpoint / "feature_spec.json").write_text(json.dumps({"version": 0, "names": ["log_chars"]}))


def break_label_order(checkpoint: Path) -> None:
    label_map = json.loads((checkpoint / "label_map.json").read_text())
    label_map["labels"].reverse()
    (checkpoint / "label_map.json").write_text(json.dumps(label_map))


@pytest.mark.parametrize(
    ("damage", "config", "problem"),
    [
        (lambda ckpt: (ckpt / "tokenizer_config.json").unlink(), "", "lacks tokenizer_config.json"),
        (lambda ckpt: (ckpt / "tokenizer.json").unlink(), "", "lacks one of tokenizer.json"),
        (break_feature_spec, "", "feature spec"),
        (break_label_order, "", "disagree with the model head"),
        (leave_intact, "handler:\n  max_length: 128\n", "differs from the checkpoint's max_seq_length 64"),
        (leave_intact, "handler:\n  top_k: many\n", "top_k must be a positive integer"),
    ],
)
def test_the_archiver_refuses_what_would_serve_wrong_answers(
    tiny_checkpoint: Path, tmp_path: Path, damage: Any, config: str, problem: str
) -> None:
    checkpoint = Path(shutil.copytree(tiny_checkpoint, tmp_path / "checkpoint"))
    damage(checkpoint)
    (tmp_path / "model.yaml").write_text(config)
    with pytest.raises(ArchiveError, match=re.escape(problem)):
        build_archive("broken", checkpoint, tmp_path / "model.yaml", "1.0", tmp_path / "store")
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_an_onnx_archive_answers_like_the_torch_checkpoint(
    tiny_checkpoint: Path, predictor: IntentPredictor, tmp_path: Path, backend: str
) -> None:
    checkpoint = Path(shutil.copytree(tiny_checkpoint, tmp_path / "checkpoint"))
    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text("".join(json.dumps({"text": t, "label": "conversation"}) + "\n" for t in GOOD))
    exported = export_onnx.main(
        [
            "--checkpoint",
            str(checkpoint),
            "--test-data",
            str(prompts),
            "--quantize",
            "--max-accuracy-drop",
            "100",
        ]
    )
    assert exported == 0
    config = MODEL_CONFIG.replace("handler:\n", f"handler:\n  backend: {backend}\n")
    unpacked = archive_and_unpack("tiny-onnx", checkpoint, config, tmp_path)
    assert [path.name for path in (unpacked / "onnx").iterdir()] == [
        onnx_model_path(checkpoint, backend).name
    ]
    assert not (unpacked / WEIGHTS_FILE).exists(), "the graph carries the weights; no PyTorch copy"
    with loaded_service(unpacked, tmp_path) as onnx_service:
        answers = send(onnx_service, [as_json(text) for text in GOOD])
    tolerance = 1e-4 if backend == "onnx" else 0.05
    for answer, expected in zip(answers, predictor.predict(GOOD), strict=True):
        assert answer["status"] == 200, answer
        for label, probability in expected["all_intents"].items():
            assert answer["body"]["all_intents"][label] == pytest.approx(probability, abs=tolerance)
