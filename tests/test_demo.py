"""The demo page (``make demo``): its server against a real TorchServe, called with a real HTTP client.

The demo server runs in a thread of this process on a free loopback port, in front of the shared
``tiny_server``; the last test loads the page in headless Chromium when one is installed.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests

from common.torchserve import Server
from demo import server as demo
from loadtest.answers import answer_problem

pytestmark = pytest.mark.serving

TEXT = "Write a Python function that merges two sorted lists."
BROWSERS = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")


@contextlib.contextmanager
def serve(upstream: demo.Upstream) -> Iterator[str]:
    httpd = demo.make_server(0, upstream)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def page(tiny_server: Server) -> Iterator[str]:
    """The demo server's base URL, proxying to the tiny TorchServe with the keys it wrote."""
    with serve(demo.Upstream(tiny_server.home / "config.properties", tiny_server.home)) as base:
        yield base


def predict(page: str, model: str, body: object, **headers: str) -> requests.Response:
    return requests.post(
        f"{page}/api/predict/{model}",
        data=json.dumps(body),
        headers={"Content-Type": "application/json", **headers},
        timeout=60,
    )


def test_the_page_and_its_assets_are_served(page: str) -> None:
    index = requests.get(f"{page}/", timeout=10)
    assert index.status_code == 200 and index.headers["Content-Type"].startswith("text/html")
    assert '<script src="/static/app.js"' in index.text and 'href="/static/style.css"' in index.text
    assert "default-src 'self'" in index.headers["Content-Security-Policy"]
    for name, kind in (("app.js", "text/javascript"), ("style.css", "text/css")):
        asset = requests.get(f"{page}/static/{name}", timeout=10)
        assert asset.status_code == 200 and asset.headers["Content-Type"].startswith(kind), name
        assert asset.content == (demo.STATIC_DIR / name).read_bytes()
    # Nothing outside demo/static, and no CDN: every script and style the page loads is its own.
    for path in ("/static/../server.py", "/static/%2e%2e/server.py", "/server.py", "/static/"):
        response = requests.get(f"{page}{path}", timeout=10)
        assert response.status_code == 404 and "error" in response.json(), path
    assert not re.search(r"""(src|href)=["']https?:""", index.text)


def test_the_model_list_comes_from_the_management_api(page: str) -> None:
    response = requests.get(f"{page}/api/models", timeout=30)
    assert response.status_code == 200
    assert response.json() == {"models": ["deberta", "distilbert"]}


def test_a_prediction_goes_through_the_proxy_with_the_token_added(page: str, tiny_server: Server) -> None:
    response = predict(page, "distilbert", {"text": TEXT})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer_problem(answer, "distilbert") is None
    assert {"complexity", "techniques", "uncertain", "top_intents"} <= set(answer)
    timing = re.fullmatch(r"torchserve;dur=(\d+\.\d)", response.headers["Server-Timing"])
    assert timing and float(timing[1]) > 0
    # The browser never sees a token: not in the page, its script, or any answer.
    seen = requests.get(f"{page}/", timeout=10).text + requests.get(f"{page}/static/app.js", timeout=10).text
    seen += response.text + json.dumps(dict(response.headers))
    assert all(key not in seen for key in tiny_server.keys.values())


def test_torchserve_errors_reach_the_page_as_json(page: str) -> None:
    empty = predict(page, "distilbert", {"text": "   "})
    assert empty.status_code == 400 and "text" in empty.json()["error"]
    missing = predict(page, "no-such-model", {"text": TEXT})
    assert missing.status_code == 404 and "no-such-model" in missing.json()["message"]


@pytest.mark.parametrize(
    ("model", "headers", "status"),
    [
        ("distilbert", {"Host": "evil.example:80"}, 403),
        ("distilbert", {"Origin": "http://evil.example"}, 403),
        ("distilbert", {"Content-Type": "text/plain"}, 415),
        ("..%2Fmodels", {}, 400),
    ],
    ids=["foreign-host", "foreign-origin", "form-post", "bad-model-name"],
)
def test_requests_the_proxy_must_not_forward(page: str, model: str, headers: dict, status: int) -> None:
    response = predict(page, model, {"text": TEXT}, **headers)
    assert response.status_code == status
    assert response.json()["code"] == status and response.json()["error"]


def test_without_a_running_torchserve_the_page_is_told_what_to_do(
    tmp_path: Path, tiny_server: Server
) -> None:
    """No key file where TorchServe should run: a 503 naming make serve, not a traceback."""
    with serve(demo.Upstream(tiny_server.home / "config.properties", tmp_path)) as base:
        response = predict(base, "distilbert", {"text": TEXT})
        assert response.status_code == 503 and "make serve" in response.json()["error"]
        assert requests.get(f"{base}/api/models", timeout=10).status_code == 503


def browser() -> str | None:
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def rendered(executable: str, url: str) -> str:
    """The page's DOM after its scripts ran (virtual time waits for the fetches)."""
    command = [executable, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=30000"]
    result = subprocess.run([*command, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


NO_BROWSER = "no headless Chromium here (apt-get install chromium-headless-shell)"


@pytest.mark.skipif(browser() is None, reason=NO_BROWSER)
def test_the_page_classifies_in_a_real_browser(page: str) -> None:
    executable = browser()
    assert executable
    dom = rendered(executable, f"{page}/?{urlencode({'model': 'distilbert', 'text': TEXT})}")
    assert re.search(r'<option value="deberta">deberta</option><option value="distilbert"', dom), dom
    assert re.search(r'<span id="intent">\w+</span>', dom), dom
    assert re.search(r'<section id="result">', dom), dom  # no longer hidden
    assert len(re.findall(r'<span class="fill( best)?" style="width: [\d.]+%', dom)) >= 2, dom
    assert re.search(r'<strong id="latency">\d+ ms \(TorchServe \d+ ms\)</strong>', dom), dom
    error = rendered(executable, f"{page}/?{urlencode({'model': 'distilbert', 'text': ''})}")
    assert re.search(r'<p id="status" role="status" class="error">distilbert answered 400: [^<]+</p>', error)
