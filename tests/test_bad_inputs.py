"""The bad-input corpus against a real TorchServe: every odd body gets its documented answer.

Each entry is what a client can really send (the bytes go over HTTP to the shipped
config.properties, through TorchServe's frontend and its Python worker into the handler) and the
answer docs/serving.md promises for it: a 4xx with a JSON error naming the problem, or a normal
prediction. Never a 5xx, and the worker that saw them all is the same process afterwards.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from common.torchserve import Server, worker_pids
from loadtest.answers import response_problem

pytestmark = pytest.mark.serving

MODEL = "distilbert"
JSON = {"Content-Type": "application/json"}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
# tiny_model_store's handler setting max_text_chars and config.properties' max_request_size.
MAX_TEXT_CHARS = 2000
MAX_REQUEST_BYTES = 1_048_576
GOOD_TEXTS = [
    "How do I reverse a linked list in Python?",
    "Write a short poem about autumn rain.",
    "Summarize these meeting notes in three bullet points.",
]


@dataclass(frozen=True)
class BadInput:
    name: str
    request: dict[str, Any]
    status: int
    # A fragment of the handler's JSON error message; None for a 200 (a normal prediction) or for
    # a refusal by TorchServe's frontend, which answers with a bare status and no body.
    error: str | None = None


CORPUS = [
    BadInput("empty body", {"data": b"", "headers": JSON}, 400, "not valid JSON"),
    BadInput("empty text/plain body", {"data": b"", "headers": TEXT}, 400, "'text' is empty"),
    BadInput("whitespace only", {"json": {"text": " \n\t "}}, 400, "'text' is empty"),
    BadInput("whitespace only, text/plain", {"data": b"   \n", "headers": TEXT}, 400, "'text' is empty"),
    BadInput("empty object", {"json": {}}, 400, "no 'text' field"),
    BadInput("text null", {"json": {"text": None}}, 400, "'text' must be a string, got null"),
    BadInput("text a number", {"json": {"text": 42}}, 400, "'text' must be a string, got number"),
    BadInput(
        "a JSON list", {"json": ["hello", "world"]}, 400, "must be an object with a 'text' field, got array"
    ),
    BadInput("nested object", {"json": {"text": {"text": "hi"}}}, 400, "'text' must be a string, got object"),
    BadInput(
        "invalid JSON sent as JSON",
        {"data": b'{"text": "unterminated', "headers": JSON},
        400,
        "not valid JSON",
    ),
    BadInput(
        "invalid UTF-8, text/plain", {"data": b"caf\xe9 \xff\xfe", "headers": TEXT}, 400, "not valid UTF-8"
    ),
    BadInput(
        "invalid UTF-8 inside JSON", {"data": b'{"text": "\xff\xfe"}', "headers": JSON}, 400, "not valid"
    ),
    BadInput(
        "lone surrogate escape",
        {"data": b'{"text": "\\ud800 hi"}', "headers": JSON},
        400,
        "not valid Unicode",
    ),
    BadInput("control characters", {"json": {"text": "hello\x00\x07\x1b[31m world\u200b\ufeff"}}, 200),
    BadInput("control characters only", {"json": {"text": "\x00\x01\x02"}}, 200),
    BadInput(
        "1 MB text (under the body limit)",
        {"json": {"text": "a" * 1_000_000}},
        413,
        f"'text' has 1000000 characters; the limit is {MAX_TEXT_CHARS}",
    ),
    BadInput(
        "2 MB body (over the body limit)", {"data": b"a" * (2 * MAX_REQUEST_BYTES), "headers": TEXT}, 413
    ),
    BadInput("far more tokens than max_length", {"json": {"text": "explain recursion " * 110}}, 200),
    BadInput("emoji", {"json": {"text": "🚀🔥 write me a birthday poem 🎉🎂"}}, 200),
    BadInput("right-to-left", {"json": {"text": "اكتب قصيدة قصيرة عن البحر"}}, 200),
    BadInput("CJK", {"json": {"text": "请把这段话翻译成英文：今天天气很好。"}}, 200),
    BadInput("punctuation only", {"json": {"text": "?!...;:—()[]"}}, 200),
]


def check_answer(case: BadInput, response: requests.Response) -> None:
    assert response.status_code == case.status, f"{case.name}: {response.status_code} {response.text[:300]}"
    if case.status == 200:
        problem = response_problem(response.status_code, response.text, MODEL)
        assert problem is None, f"{case.name}: {problem}"
    elif case.error is None:
        # Refused by TorchServe's frontend before any worker: its own empty-bodied status.
        assert response.content == b"", f"{case.name}: {response.text[:300]}"
    else:
        body = response.json()
        assert case.error in body["error"], f"{case.name}: {body}"
        assert body["code"] == case.status
        assert response.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("case", CORPUS, ids=[case.name for case in CORPUS])
def test_each_bad_input_gets_its_documented_answer(tiny_server: Server, case: BadInput) -> None:
    before = worker_pids(tiny_server, MODEL)
    check_answer(case, tiny_server.predict(MODEL, **case.request))
    assert worker_pids(tiny_server, MODEL) == before, tiny_server.logs()


def test_good_requests_batched_with_the_whole_corpus_still_succeed(tiny_server: Server) -> None:
    """Everything at once: the frontend queues the lot and the worker takes batches of four, so
    every good request shares a batch with bad ones."""
    before = worker_pids(tiny_server, MODEL)
    requests_to_send = [
        *CORPUS,
        *(BadInput(f"good {i}", {"json": {"text": t}}, 200) for i, t in enumerate(GOOD_TEXTS)),
    ]
    start = threading.Barrier(len(requests_to_send))

    def send(case: BadInput) -> requests.Response:
        start.wait()
        return tiny_server.predict(MODEL, **case.request)

    with ThreadPoolExecutor(len(requests_to_send)) as pool:
        responses = list(pool.map(send, requests_to_send))
    for case, response in zip(requests_to_send, responses, strict=True):
        assert response.status_code < 500, f"{case.name}: {tiny_server.explain(response)}"
        check_answer(case, response)
    assert worker_pids(tiny_server, MODEL) == before, tiny_server.logs()
    assert set(before.values()) == {"READY"}
