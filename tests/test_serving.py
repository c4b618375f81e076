"""End-to-end: tiny archives built by archive/build.py, served by a real TorchServe.

The server runs on free loopback ports with the shipped config.properties, only addresses and
paths swapped, so token authorization, allowed_urls, request limits and metrics settings are the
ones production uses. It runs from a private directory (key_file.json, logs, pid file, worker
sockets) with PYTHONPATH unset, so the workers can only import the ``model`` package packed in the
archives. Failed assertions carry the tail of TorchServe's logs.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from archive.build import build_archive
from model.predictor import IntentPredictor

pytestmark = pytest.mark.serving

ROOT = Path(__file__).resolve().parent.parent
MODELS = ("distilbert", "deberta")
MODEL_CONFIG = """
minWorkers: 1
maxWorkers: 1
batchSize: 4
maxBatchDelay: 200
responseTimeout: 60
handler:
  torch_threads: 1
  max_text_chars: 2000
"""
TEXTS = [
    "How do I reverse a linked list in Python?",
    "Write a short poem about autumn rain.",
    "Summarize the following meeting notes in three bullet points.",
    "Traduis « bonjour tout le monde » en anglais, s'il te plaît.",
    "Why does the sky look blue? Explain step by step.",
    "Plan a three-day trip to Lisbon with a 500 euro budget.",
]
STARTUP_SECONDS = 90


@dataclass
class Server:
    """A running TorchServe and how to talk to it."""

    home: Path
    inference: str
    management: str
    metrics: str
    keys: dict[str, str]

    def auth(self, api: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[api]}"}

    def manage(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return requests.request(
            method, self.management + path, headers=self.auth("management"), timeout=180, **kwargs
        )

    def predict(self, model: str, **kwargs: Any) -> requests.Response:
        headers = {**self.auth("inference"), **kwargs.pop("headers", {})}
        return requests.post(f"{self.inference}/predictions/{model}", headers=headers, timeout=60, **kwargs)

    def logs(self) -> str:
        """The last lines of TorchServe's frontend and worker logs, for assertion messages."""
        tails = []
        for name in ("ts_log.log", "model_log.log"):
            path = self.home / "logs" / name
            lines = path.read_text(errors="replace").splitlines()[-40:] if path.is_file() else ["(missing)"]
            tails.append(f"--- {name}\n" + "\n".join(lines))
        return "\n".join(tails)

    def explain(self, response: requests.Response) -> str:
        return f"{response.status_code} {response.text}\n{self.logs()}"


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def server_config(home: Path, ports: list[int], model_store: Path) -> Path:
    """The shipped config.properties with only addresses and paths replaced."""
    overrides = {
        "inference_address": f"http://127.0.0.1:{ports[0]}",
        "management_address": f"http://127.0.0.1:{ports[1]}",
        "metrics_address": f"http://127.0.0.1:{ports[2]}",
        "model_store": str(model_store),
        "metrics_config": str(ROOT / "configs" / "metrics.yaml"),
    }
    lines = []
    for line in (ROOT / "config.properties").read_text().splitlines():
        key = line.split("=", 1)[0].strip()
        lines.append(f"{key}={overrides.pop(key)}" if key in overrides else line)
    assert not overrides, f"config.properties lacks {sorted(overrides)}"
    config = home / "config.properties"
    config.write_text("\n".join(lines) + "\n")
    return config


def wait_until_healthy(process: subprocess.Popen[bytes], home: Path, inference: str) -> dict[str, str]:
    key_file = home / "key_file.json"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        if key_file.is_file():
            keys = {name: entry["key"] for name, entry in json.loads(key_file.read_text()).items()}
            try:
                ping = requests.get(
                    f"{inference}/ping", headers={"Authorization": f"Bearer {keys['inference']}"}
                )
            except requests.ConnectionError:
                ping = None
            if ping is not None and ping.status_code == 200:
                return keys
        time.sleep(0.5)
    output = (home / "torchserve.out").read_text(errors="replace")[-4000:]
    pytest.fail(f"TorchServe did not become healthy in {STARTUP_SECONDS}s:\n{output}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """TorchServe, its JVM and its workers share the session started for them: signal the group."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    # The launcher may exit before the JVM; take the rest of the group down too.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def checkpoints(tiny_checkpoint: Path, tiny_deberta_checkpoint: Path) -> dict[str, Path]:
    return {"distilbert": tiny_checkpoint, "deberta": tiny_deberta_checkpoint}


@pytest.fixture(scope="module")
def model_store(checkpoints: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("archives")
    config = work / "tiny.yaml"
    config.write_text(MODEL_CONFIG)
    store = work / "model_store"
    for name, checkpoint in checkpoints.items():
        build_archive(name, checkpoint, config, "1.0", store)
    return store


@pytest.fixture(scope="module")
def server(model_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("torchserve")
    (home / "tmp").mkdir()
    ports = free_ports(3)
    config = server_config(home, ports, model_store)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    # TMPDIR: the launcher's pid file; TEMP: the JVM's tmpdir (unpacked archives, worker sockets).
    env.update(TMPDIR=str(home / "tmp"), TEMP=str(home / "tmp"), HF_HUB_OFFLINE="1")
    torchserve = Path(sys.executable).with_name("torchserve")
    command = [str(torchserve), "--start", "--foreground", "--ts-config", str(config), "--ncs"]
    with (home / "torchserve.out").open("wb") as out:
        process = subprocess.Popen(
            command, cwd=home, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        inference = f"http://127.0.0.1:{ports[0]}"
        keys = wait_until_healthy(process, home, inference)
        yield Server(home, inference, f"http://127.0.0.1:{ports[1]}", f"http://127.0.0.1:{ports[2]}", keys)
    finally:
        stop(process)


@pytest.fixture(scope="module")
def registered(server: Server) -> Server:
    """Both archives registered through the management API, their workers loading in parallel."""

    def register(name: str) -> requests.Response:
        query = "initial_workers=1&batch_size=4&max_batch_delay=200&synchronous=true"
        return server.manage("POST", f"/models?url={name}.mar&model_name={name}&{query}")

    with ThreadPoolExecutor(len(MODELS)) as pool:
        for response in pool.map(register, MODELS):
            assert response.status_code == 200, server.explain(response)
    return server


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
        refused = requests.post(f"{registered.management}/models?url=distilbert.mar", headers=headers)
        assert refused.status_code == 400, registered.explain(refused)
        assert refused.json()["type"] == "InvalidKeyException"
    wrong_api = requests.get(f"{registered.inference}/ping", headers=registered.auth("management"))
    assert wrong_api.status_code == 400
    no_token = requests.post(f"{registered.inference}/predictions/distilbert", json={"text": "hi"})
    assert no_token.status_code == 400


def test_archives_outside_the_model_store_are_refused(
    registered: Server, model_store: Path, tmp_path: Path
) -> None:
    outside = shutil.copy(model_store / "distilbert.mar", tmp_path / "elsewhere.mar")
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
    assert {
        "intent",
        "confidence",
        "uncertain",
        "top_intents",
        "all_intents",
        "complexity",
        "techniques",
    } <= set(answer)


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


def test_unregister_removes_the_models(registered: Server) -> None:
    """Last in the file on purpose: the models are gone afterwards."""
    for name in MODELS:
        removed = registered.manage("DELETE", f"/models/{name}")
        assert removed.status_code == 200, registered.explain(removed)
        assert registered.manage("GET", f"/models/{name}").status_code == 404
        assert registered.predict(name, json={"text": TEXTS[0]}).status_code == 404
