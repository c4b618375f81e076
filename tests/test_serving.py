"""End-to-end: tiny archives built by archive/build.py, served by a real TorchServe.

The server is the one ``make loadtest`` and ``make bench-serving`` start (common/torchserve.py): the
shipped config.properties on free loopback ports, only addresses and paths swapped, so token
authorization, allowed_urls, request limits and metrics settings are the ones production uses; a
private directory (key_file.json, logs, pid file, worker sockets) and PYTHONPATH unset, so the
workers can only import the ``model`` package packed in the archives. Failed assertions carry the
tail of TorchServe's logs.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from common.archives import archive_file
from common.torchserve import Server, register
from loadtest.answers import REQUIRED_FIELDS
from model.predictor import IntentPredictor

pytestmark = pytest.mark.serving

ROOT = Path(__file__).resolve().parent.parent
# The archives tiny_model_store (tests/conftest.py) holds.
MODELS = ("distilbert", "deberta")
TEXTS = [
    "How do I reverse a linked list in Python?",
    "Write a short poem about autumn rain.",
    "Summarize the following meeting notes in three bullet points.",
    "Traduis « bonjour tout le monde » en anglais, s'il te plaît.",
    "Why does the sky look blue? Explain step by step.",
    "Plan a three-day trip to Lisbon with a 500 euro budget.",
]


@pytest.fixture(scope="module")
def checkpoints(tiny_checkpoint: Path, tiny_deberta_checkpoint: Path) -> dict[str, Path]:
    return {"distilbert": tiny_checkpoint, "deberta": tiny_deberta_checkpoint}


@pytest.fixture(scope="module")
def registered(tiny_server: Server) -> Server:
    return tiny_server


def test_shipped_config_keeps_the_security_defaults() -> None:
    settings = dict(
        line.split("=", 1)
        for line in (ROOT / "config.properties").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert "disable_token_authorization" not in settings
    assert settings["enable_model_api"] == "true"
    assert settings["allowed_urls"] == "(?!)"
    assert all(
        settings[f"{api}_address"].startswith("http://127.0.0.1:") for api in ("inference", "management")
    )


def test_apis_refuse_requests_without_a_valid_token(registered: Server) -> None:
    # TorchServe 0.12 answers a missing or wrong token with 400 InvalidKeyException (not 401).
    for headers in ({}, {"Authorization": "Bearer not-the-key"}):
        refused = requests.post(
            f"{registered.management}/models?url={archive_file('distilbert')}", headers=headers
        )
        assert refused.status_code == 400, registered.explain(refused)
        assert refused.json()["type"] == "InvalidKeyException"
    wrong_api = requests.get(f"{registered.inference}/ping", headers=registered.auth("management"))
    assert wrong_api.status_code == 400
    no_token = requests.post(f"{registered.inference}/predictions/distilbert", json={"text": "hi"})
    assert no_token.status_code == 400


def test_archives_outside_the_model_store_are_refused(
    registered: Server, tiny_model_store: Path, tmp_path: Path
) -> None:
    outside = shutil.copy(tiny_model_store / archive_file("distilbert"), tmp_path / "elsewhere.mar")
    for url, problem in [
        (f"file://{outside}", "does not match any allowed URL"),
        (f"{registered.inference}/elsewhere.mar", "does not match any allowed URL"),
        (str(outside), "Model not found"),
        ("../elsewhere.mar", "Relative path is not allowed"),
    ]:
        response = registered.manage("POST", "/models", params={"url": url, "model_name": "outside"})
        assert response.status_code == 404, registered.explain(response)
        assert problem in response.json()["message"]


def test_list_and_describe_show_the_registered_models(registered: Server) -> None:
    listed = registered.manage("GET", "/models")
    assert sorted(model["modelName"] for model in listed.json()["models"]) == sorted(MODELS)
    for name in MODELS:
        [described] = registered.manage("GET", f"/models/{name}").json()
        assert (described["modelVersion"], described["batchSize"], described["maxBatchDelay"]) == (
            "1.0",
            4,
            200,
        )
        assert [worker["status"] for worker in described["workers"]] == ["READY"]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"json": {"text": TEXTS[0]}}, id="json"),
        pytest.param({"data": TEXTS[0].encode(), "headers": {"Content-Type": "text/plain"}}, id="text-plain"),
        pytest.param(
            {"data": TEXTS[0].encode(), "headers": {"Content-Type": "application/octet-stream"}},
            id="raw-bytes",
        ),
        pytest.param({"files": {"data": (None, TEXTS[0])}}, id="multipart-form"),
    ],
)
def test_every_body_format_is_answered(registered: Server, model: str, body: dict[str, Any]) -> None:
    response = registered.predict(model, **body)
    assert response.status_code == 200, registered.explain(response)
    assert response.headers["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["model"] == {"name": model, "version": "1.0"}
    assert set(REQUIRED_FIELDS) <= set(answer)


def metric_value(server: Server, pattern: str) -> float:
    scraped = requests.get(f"{server.metrics}/metrics", timeout=10).text
    return sum(float(match) for match in re.findall(pattern + r"\S* ([0-9.eE+-]+)$", scraped, re.MULTILINE))


def test_a_bad_request_in_a_batch_gets_its_own_error(registered: Server) -> None:
    batches = r'^BatchSize_count\{ModelName="distilbert"'
    time.sleep(0.5)  # let the frontend finish parsing metric lines of earlier requests
    before = metric_value(registered, batches)
    bodies = [{"text": TEXTS[1]}, {"text": ""}, {"text": TEXTS[2]}, {"text": TEXTS[3]}]
    start = threading.Barrier(len(bodies))

    def send(body: dict[str, str]) -> requests.Response:
        start.wait()
        return registered.predict("distilbert", json=body)

    with ThreadPoolExecutor(len(bodies)) as pool:
        responses = list(pool.map(send, bodies))

    assert [r.status_code for r in responses] == [200, 400, 200, 200], [
        registered.explain(r) for r in responses
    ]
    assert responses[1].json() == {"error": "'text' is empty", "code": 400}
    assert responses[1].headers["Content-Type"] == "application/json"
    # The four requests arrived within maxBatchDelay, so TorchServe handed them over as one batch.
    deadline = time.monotonic() + 10
    while metric_value(registered, batches) == before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert metric_value(registered, batches) == before + 1, registered.logs()


def test_custom_metrics_reach_the_prometheus_endpoint(registered: Server) -> None:
    registered.predict("deberta", json={"text": TEXTS[4]})
    registered.predict("deberta", json={"text": 42})
    labels = r'\{[^}]*ModelName="deberta"'
    expected = [
        rf"^IntentPredictions{labels}",
        rf"^IntentConfidence_bucket{labels}",
        rf"^TokenizeTime_sum{labels}",
        rf"^InferenceTime_count{labels}",
        rf"^BatchSize_count{labels}",
        r'^BadRequests\{Code="400",ModelName="deberta",Level="Model",',
        r'^ts_inference_requests_total\{model_name="deberta"',
    ]
    deadline = time.monotonic() + 10
    while True:
        scraped = requests.get(f"{registered.metrics}/metrics", timeout=10).text
        missing = [pattern for pattern in expected if not re.search(pattern, scraped, re.MULTILINE)]
        if not missing or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert not missing, f"missing {missing} in\n{scraped}"


@pytest.mark.parametrize("model", MODELS)
def test_served_probabilities_equal_in_process_ones(
    registered: Server, checkpoints: dict[str, Path], model: str
) -> None:
    predictor = IntentPredictor.from_checkpoint(checkpoints[model])
    max_diff = 0.0
    for text in TEXTS:
        response = registered.predict(model, json={"text": text})
        assert response.status_code == 200, registered.explain(response)
        served, local = response.json(), predictor.predict([text])[0]
        assert served["intent"] == local["intent"]
        served_probs = [*served["all_intents"].values(), *served["complexity"]["scores"].values()]
        local_probs = [*local["all_intents"].values(), *local["complexity"]["scores"].values()]
        max_diff = max(max_diff, *(abs(a - b) for a, b in zip(served_probs, local_probs, strict=True)))
    print(f"{model}: max |served - in-process| probability = {max_diff:.3g}")  # shown by pytest -rP
    assert max_diff < 1e-4, f"max |served - in-process| = {max_diff:.3g}"


def test_unregister_removes_a_model(registered: Server, tiny_model_store: Path) -> None:
    shutil.copy(tiny_model_store / archive_file("distilbert"), tiny_model_store / archive_file("disposable"))
    try:
        register(registered, "disposable", initial_workers=1)
        assert registered.predict("disposable", json={"text": TEXTS[0]}).status_code == 200
        removed = registered.manage("DELETE", "/models/disposable")
        assert removed.status_code == 200, registered.explain(removed)
        assert registered.manage("GET", "/models/disposable").status_code == 404
        assert registered.predict("disposable", json={"text": TEXTS[0]}).status_code == 404
    finally:
        (tiny_model_store / archive_file("disposable")).unlink()


def test_two_versions_of_one_model_and_set_default(
    registered: Server,
    tiny_model_store: Path,
    tiny_checkpoint: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``make register VERSION=…`` and ``make set-default`` through the CLI the Makefile calls: both
    versions answer under one name, set-default switches which one ``/predictions/<name>`` answers,
    and a version that is not registered or not built is named with the command that fixes it."""
    from archive import serve
    from archive.build import build_archive
    from common import torchserve

    name = "versioned"
    shutil.copy(tiny_model_store / archive_file("distilbert"), tiny_model_store / archive_file(name, "1.0"))
    model_config = tmp_path / "model-config.yaml"
    model_config.write_text("minWorkers: 1\nmaxWorkers: 1\nbatchSize: 1\nhandler:\n  torch_threads: 1\n")
    build_archive(name, tiny_checkpoint, model_config, "2.0", tiny_model_store)
    home = registered.home
    argv = ["--home", str(home), "--ts-config", str(home / "config.properties"), "--model", name]

    def answered_version(path: str) -> str:
        response = registered.predict(path, json={"text": TEXTS[0]})
        assert response.status_code == 200, registered.explain(response)
        return response.json()["model"]["version"]

    try:
        for version in ("1.0", "2.0"):
            assert serve.main(["register", *argv, "--version", version, "--workers", "1"]) == 0
        assert torchserve.registered_versions(registered, name) == ["1.0", "2.0"]
        assert answered_version(name) == "1.0"  # the first version registered is the default
        assert answered_version(f"{name}/2.0") == "2.0"
        assert serve.main(["set-default", *argv, "--version", "2.0"]) == 0
        assert answered_version(name) == "2.0"
        assert answered_version(f"{name}/1.0") == "1.0"
        capsys.readouterr()
        assert serve.main(["predict", *argv, "--text", TEXTS[1]]) == 0
        assert json.loads(capsys.readouterr().out)["model"] == {"name": name, "version": "2.0"}
        assert serve.main(["explain", *argv, "--version", "1.0", "--text", TEXTS[1]]) == 0
        explanation = json.loads(capsys.readouterr().out)
        assert explanation["model"] == {"name": name, "version": "1.0"} and explanation["words"]

        assert serve.main(["set-default", *argv, "--version", "3.0"]) == 1
        error = capsys.readouterr().err
        assert "versioned version 3.0 is not registered (registered versions: 1.0, 2.0)" in error
        assert f"make register MODEL={name} VERSION=3.0" in error
        assert serve.main(["register", *argv, "--version", "3.0"]) == 1
        error = capsys.readouterr().err
        assert (
            f"{archive_file(name, '3.0')} not found" in error
            and "built versions of versioned: 1.0, 2.0" in error
        )
        assert serve.main(["predict", *argv, "--version", "3.0", "--text", TEXTS[1]]) == 1
        error = capsys.readouterr().err
        assert "versioned version 3.0 is not registered on the running TorchServe" in error
        assert f"make register MODEL={name} VERSION=3.0" in error
        assert answered_version(name) == "2.0", "a refused call changed the default"
    finally:
        # The default version goes last: TorchServe refuses to remove it while others remain.
        for version in ("1.0", "2.0", "1.0"):
            with contextlib.suppress(torchserve.ServerError):
                torchserve.unregister(registered, name, version)
        for version in ("1.0", "2.0"):
            (tiny_model_store / archive_file(name, version)).unlink(missing_ok=True)
            (tiny_model_store / (archive_file(name, version) + ".json")).unlink(missing_ok=True)
    assert torchserve.registered_versions(registered, name) == []
