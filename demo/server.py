"""A local demo page for the running TorchServe: ``make demo``, then open http://127.0.0.1:8090/.

    python -m demo.server --port 8090 --ts-config config.properties --home .

Serves ``demo/static/`` (plain HTML, JS and CSS: no framework, no CDN, works offline) and proxies two
calls to the TorchServe that ``make serve`` started:

    GET  /api/models              -> GET  <management>/models            (the model selector)
    POST /api/predict/<model>     -> POST <inference>/predictions/<model>

A proxy rather than CORS on TorchServe, so the tokens never reach the browser: this process reads
them from TorchServe's ``key_file.json`` on every call (they expire and are renewed; a restarted
server writes new ones) and adds the ``Authorization`` header itself. The page therefore talks to its
own origin only and needs no CORS at all, and TorchServe keeps no CORS setting that another page
could use. Because whatever reaches this port gets a token added, it guards the door:

- it listens on 127.0.0.1 only;
- it answers only requests whose Host is its own loopback address (a DNS-rebinding page cannot
  borrow it), and refuses a POST from any other Origin or not sent as ``application/json`` (a
  cross-site form cannot post to it: a JSON POST from another origin needs a preflight this server
  never grants);
- it forwards only these two calls, a request body of at most TorchServe's max_request_size, and a
  model name of letters, digits, ``.``, ``_`` and ``-``.

TorchServe's answer goes back to the page unchanged (status and JSON body: a 4xx for bad input names
the problem), with the proxy's round trip to TorchServe in a ``Server-Timing`` header so the page
can show the latency of the model call apart from its own.
"""

from __future__ import annotations

import argparse
import json
import logging
import mimetypes
import re
import sys
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import requests

from common import torchserve as server
from common.cli import add_option
from common.paths import ROOT

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
BIND_ADDRESS = "127.0.0.1"
DEFAULT_PORT = 8090
# TorchServe's own limit in the shipped config.properties (max_request_size).
MAX_BODY_BYTES = 1_048_576
MODEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
PREDICT_PREFIX = "/api/predict/"
UPSTREAM_TIMEOUT_S = 60.0
STATIC_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


class Upstream:
    """The TorchServe to call: its addresses from the config, its keys from ``home/key_file.json``."""

    def __init__(self, ts_config: Path, home: Path) -> None:
        self.inference, self.management = (url.rstrip("/") for url in server.addresses(ts_config))
        self.home = home

    def key(self, name: str) -> str:
        """Read on every call: keys expire and are renewed, and a restarted server writes new ones."""
        keys = server.read_keys(self.home)
        if name not in keys:
            raise ProxyError(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"no {name} key in {self.home / server.KEY_FILE}: is TorchServe running from there? "
                "(make serve)",
            )
        return keys[name]

    def call(self, method: str, url: str, key: str, **kwargs: Any) -> tuple[requests.Response, float]:
        """TorchServe's answer and the round trip in milliseconds."""
        headers = {"Authorization": f"Bearer {self.key(key)}", **kwargs.pop("headers", {})}
        started = time.perf_counter()
        try:
            response = requests.request(method, url, headers=headers, timeout=UPSTREAM_TIMEOUT_S, **kwargs)
        except requests.RequestException as error:
            raise ProxyError(
                HTTPStatus.BAD_GATEWAY, f"no answer from TorchServe at {url}: {type(error).__name__}"
            ) from None
        return response, 1000 * (time.perf_counter() - started)

    def models(self) -> list[str]:
        """Every registered model, following the management API's pages."""
        names: list[str] = []
        token: str | None = None
        while True:
            params = {"limit": "100", **({"next_page_token": token} if token else {})}
            response, _ = self.call("GET", f"{self.management}/models", "management", params=params)
            if response.status_code != HTTPStatus.OK:
                raise ProxyError(response.status_code, upstream_error(response))
            page = response.json()
            names += [entry["modelName"] for entry in page.get("models", [])]
            token = page.get("nextPageToken")
            if not token:
                return sorted(names)

    def predict(self, model: str, body: bytes) -> tuple[requests.Response, float]:
        url = f"{self.inference}/predictions/{model}"
        return self.call("POST", url, "inference", data=body, headers={"Content-Type": "application/json"})


class ProxyError(Exception):
    """Answered to the page as ``{"error": message, "code": status}``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = int(status)
        self.message = message


def upstream_error(response: requests.Response) -> str:
    """The message of a TorchServe error answer, whatever shape it has."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip() or HTTPStatus(response.status_code).phrase
    if isinstance(body, dict):
        return str(body.get("error") or body.get("message") or body)
    return str(body)


class DemoHandler(BaseHTTPRequestHandler):
    """Static files and the two proxied calls; every error is JSON the page can show."""

    upstream: Upstream
    origins: frozenset[str]
    server_version = "intent-serve-demo"

    def do_GET(self) -> None:
        if not self.host_allowed():
            return
        path = self.path.split("?", 1)[0]
        if path == "/api/models":
            self.guarded(lambda: self.send_json(HTTPStatus.OK, {"models": self.upstream.models()}))
        elif path.startswith("/api/"):
            self.send_json(HTTPStatus.NOT_FOUND, {"error": f"no such call: GET {path}", "code": 404})
        else:
            self.send_static(path)

    def do_POST(self) -> None:
        if not self.host_allowed():
            return
        path = self.path.split("?", 1)[0]
        if not path.startswith(PREDICT_PREFIX):
            self.send_json(HTTPStatus.NOT_FOUND, {"error": f"no such call: POST {path}", "code": 404})
            return
        self.guarded(lambda: self.proxy_predict(path.removeprefix(PREDICT_PREFIX)))

    def proxy_predict(self, model: str) -> None:
        if not MODEL_NAME.fullmatch(model):
            raise ProxyError(HTTPStatus.BAD_REQUEST, f"not a model name: {model!r}")
        origin = self.headers.get("Origin")
        if origin is not None and origin not in self.origins:
            raise ProxyError(HTTPStatus.FORBIDDEN, f"requests from {origin} are not proxied")
        if self.headers.get_content_type() != "application/json":
            raise ProxyError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send the prompt as application/json")
        body = self.read_body()
        response, elapsed_ms = self.upstream.predict(model, body)
        try:
            answer = response.json()
        except ValueError:
            answer = {"error": upstream_error(response), "code": response.status_code}
        timing = f"torchserve;dur={elapsed_ms:.1f}"
        self.send_json(response.status_code, answer, {"Server-Timing": timing})

    def read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise ProxyError(HTTPStatus.LENGTH_REQUIRED, "the request has no Content-Length") from None
        if length > MAX_BODY_BYTES:
            raise ProxyError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the body is over {MAX_BODY_BYTES} bytes")
        return self.rfile.read(length)

    def guarded(self, answer: Any) -> None:
        try:
            answer()
        except ProxyError as error:
            self.send_json(error.status, {"error": error.message, "code": error.status})

    def host_allowed(self) -> bool:
        """Only requests addressed to this loopback server (DNS rebinding sends a foreign Host)."""
        host = self.headers.get("Host", "")
        if f"http://{host}" in self.origins:
            return True
        self.send_json(HTTPStatus.FORBIDDEN, {"error": f"unexpected Host {host!r}", "code": 403})
        return False

    def send_static(self, path: str) -> None:
        """Files directly in demo/static only: no directories, no dot files, no '..'."""
        name = "index.html" if path == "/" else path.removeprefix("/static/")
        target = STATIC_DIR / name
        if "/" in name or name.startswith(".") or not target.is_file():
            self.send_json(HTTPStatus.NOT_FOUND, {"error": f"not found: {path}", "code": 404})
            return
        content_type = STATIC_TYPES.get(target.suffix) or mimetypes.guess_type(name)[0] or "text/plain"
        self.send_bytes(HTTPStatus.OK, target.read_bytes(), f"{content_type}; charset=utf-8")

    def send_json(self, status: int, document: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(document).encode()
        self.send_bytes(status, body, "application/json", headers)

    def send_bytes(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        # The page loads its own script and style only, and may call only this server.
        self.send_header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        logger.info("%s %s", self.address_string(), format % args)


def make_server(port: int, upstream: Upstream) -> ThreadingHTTPServer:
    """The demo server bound to loopback; ``port`` 0 picks a free one (tests)."""
    httpd = ThreadingHTTPServer((BIND_ADDRESS, port), DemoHandler)
    bound = httpd.server_address[1]
    origins = frozenset({f"http://{BIND_ADDRESS}:{bound}", f"http://localhost:{bound}"})
    handler = type("BoundDemoHandler", (DemoHandler,), {"upstream": upstream, "origins": origins})
    httpd.RequestHandlerClass = handler
    return httpd


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port on 127.0.0.1")
    add_option(parser, "--ts-config", "--config", type=Path, default=server.CONFIG, help="TorchServe config")
    parser.add_argument(
        "--home", type=Path, default=ROOT, help="TorchServe's working directory (its key_file.json)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = parse_args(argv)
    upstream = Upstream(args.ts_config, args.home)
    try:
        httpd = make_server(args.port, upstream)
    except OSError as error:
        logger.error("cannot listen on %s:%d: %s (another DEMO_PORT?)", BIND_ADDRESS, args.port, error)
        return 2
    if server.ping(upstream.inference, server.read_keys(args.home).get("inference", "")) != HTTPStatus.OK:
        logger.warning("TorchServe does not answer at %s yet: start it with make serve", upstream.inference)
    sys.stdout.write(f"Demo page: http://{BIND_ADDRESS}:{httpd.server_address[1]}/  (Ctrl+C stops it)\n")
    sys.stdout.flush()
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
