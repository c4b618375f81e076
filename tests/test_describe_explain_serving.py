"""The describe call and the explanations API against a real TorchServe (the tiny archives of
tests/conftest.py): what a client of the management and inference APIs sees."""

from __future__ import annotations

import hashlib
import json
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from common.archives import archive_file
from common.torchserve import Server
from model.explain import explain
from model.labels import INTENT_DESCRIPTIONS, INTENTS, TAXONOMY_VERSION
from model.metadata import DEV_SET_KEY, archive_metadata
from model.predictor import IntentPredictor
from model.settings import read_settings
from tests.conftest import TINY_MODEL_CONFIG

pytestmark = pytest.mark.serving

MODELS = ("distilbert", "deberta")
TEXTS = [
    "Translate 'good morning' into French",
    "Write a short poem about autumn rain.",
    "Why does the sky look blue? Explain step by step.",
]


@pytest.fixture(scope="module")
def checkpoints(tiny_checkpoint: Path, tiny_deberta_checkpoint: Path) -> dict[str, Path]:
    return {"distilbert": tiny_checkpoint, "deberta": tiny_deberta_checkpoint}


def post_explanation(server: Server, model: str, **body: Any) -> requests.Response:
    return requests.post(
        f"{server.inference}/explanations/{model}", headers=server.auth("inference"), timeout=60, **body
    )


@pytest.mark.parametrize("model", MODELS)
def test_the_describe_call_returns_the_archive_metadata(
    tiny_server: Server, tiny_model_store: Path, checkpoints: dict[str, Path], model: str, tmp_path: Path
) -> None:
    response = tiny_server.manage("GET", f"/models/{model}", params={"customized": "true"})
    assert response.status_code == 200, tiny_server.explain(response)
    [described] = response.json()
    served = described["customizedMetadata"]

    assert served["archive"]["name"] == model
    assert served["archive"]["version"] == described["modelVersion"] == "1.0"
    assert served["taxonomy"]["version"] == TAXONOMY_VERSION
    assert served["taxonomy"]["intents"] == [
        {"intent": label, "definition": INTENT_DESCRIPTIONS[label]} for label in INTENTS
    ]
    checkpoint = checkpoints[model]
    for name, digest in served["files"].items():
        assert digest == hashlib.sha256((checkpoint / name).read_bytes()).hexdigest(), name
    assert {"feature_spec.json", "tokenizer.json", "tokenizer_config.json"} <= set(served["files"])
    # The same as archive_metadata over the unpacked archive, less the nulls: TorchServe
    # re-serializes the metadata with Gson, which drops null members.
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(tiny_model_store / archive_file(model, "1.0")) as mar:
        mar.extractall(unpacked)
    manifest = json.loads((unpacked / "MAR-INF/MANIFEST.json").read_text())
    settings = read_settings(yaml.safe_load(TINY_MODEL_CONFIG)["handler"])
    assert served == without_nulls(archive_metadata(unpacked, settings, manifest))
    # The tiny checkpoints were not trained: no metrics, no provenance, each with its reason.
    assert "training_data" not in served and "training_data" in served["missing"]
    assert "names no data.dev_data" in served["missing"][f"metrics.{DEV_SET_KEY}"]


def without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


@pytest.mark.parametrize("model", MODELS)
def test_a_batch_of_explanations_answers_each_request_on_its_own(
    tiny_server: Server, checkpoints: dict[str, Path], model: str
) -> None:
    bodies: list[dict[str, Any]] = [
        {"json": {"text": TEXTS[0]}},
        {"json": {"text": 42}},
        {"data": TEXTS[1].encode(), "headers": {"Content-Type": "text/plain"}},
        {"json": {"text": TEXTS[2]}},
    ]
    start = threading.Barrier(len(bodies))

    def send(body: dict[str, Any]) -> requests.Response:
        start.wait()
        headers = {**tiny_server.auth("inference"), **body.pop("headers", {})}
        return requests.post(
            f"{tiny_server.inference}/explanations/{model}", headers=headers, timeout=60, **body
        )

    with ThreadPoolExecutor(len(bodies)) as pool:
        responses = list(pool.map(send, bodies))

    assert [r.status_code for r in responses] == [200, 400, 200, 200], [
        tiny_server.explain(r) for r in responses
    ]
    assert responses[1].json() == {"error": "'text' must be a string, got number", "code": 400}
    predictor = IntentPredictor.from_checkpoint(checkpoints[model])
    for response, text in zip((responses[0], responses[2], responses[3]), TEXTS, strict=True):
        served, local = response.json(), explain(predictor, text)
        assert response.headers["Content-Type"] == "application/json"
        assert served["model"] == {"name": model, "version": "1.0"}
        assert (served["intent"], served["method"]) == (local["intent"], "integrated_gradients")
        assert [w["word"] for w in served["words"]] == [w["word"] for w in local["words"]]
        for got, want in zip(served["words"], local["words"], strict=True):
            assert got["attribution"] == pytest.approx(want["attribution"], abs=1e-4)


def test_explanations_and_predictions_of_one_batch_get_their_own_kind_of_answer(tiny_server: Server) -> None:
    start = threading.Barrier(4)

    def send(kind: str) -> requests.Response:
        start.wait()
        url = f"{tiny_server.inference}/{kind}/distilbert"
        return requests.post(url, headers=tiny_server.auth("inference"), json={"text": TEXTS[0]}, timeout=60)

    kinds = ["predictions", "explanations", "predictions", "explanations"]
    with ThreadPoolExecutor(len(kinds)) as pool:
        responses = list(pool.map(send, kinds))
    assert [r.status_code for r in responses] == [200] * 4, [tiny_server.explain(r) for r in responses]
    for kind, response in zip(kinds, responses, strict=True):
        answer = response.json()
        assert ("words" in answer) == (kind == "explanations"), answer
        assert ("all_intents" in answer) == (kind == "predictions"), answer
