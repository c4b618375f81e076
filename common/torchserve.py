"""Start, health-check, register archives on and stop a TorchServe, and read its API keys: the one
implementation behind ``serve-torchserve``, the load tests, the serving benchmark and the
real-TorchServe tests (tests/test_serving.py).

``torchserve --foreground`` in its own process session, so stopping it takes the launcher, the JVM
and every Python worker down together; a private temporary directory for the pid file and the JVM's
scratch space, so it never collides with a server ``make serve`` started; PYTHONPATH unset, so
workers import the ``model`` package packed in the archive. From the repository root with the
shipped config.properties it is what ``make serve`` runs; with :func:`write_config` it runs on free
loopback ports from any directory.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from common.archives import DEFAULT_VERSION, archive_file
from common.paths import ROOT, TS_CONFIG

logger = logging.getLogger(__name__)

CONFIG = TS_CONFIG
KEY_FILE = "key_file.json"
JAVA_ESCAPE = re.compile(r"\\(.)")
# Where TorchServe saves its running state, relative to its working directory.
SNAPSHOT_DIR = Path("logs") / "config"
# Where load-test tools look for the inference token when no option names one.
KEY_ENV = "TS_INFERENCE_KEY"
STARTUP_SECONDS = 120
# Registration loads and warms up the workers; a contended 2-core machine needs minutes for DeBERTa.
REGISTER_SECONDS = 600
# Where TorchServe serves metrics when a config names no metrics_address.
DEFAULT_METRICS_ADDRESS = "http://127.0.0.1:8082"
# Log lines per file in failure messages: enough for a worker's traceback, short enough to read.
LOG_TAIL_LINES = 40


class ServerError(RuntimeError):
    """TorchServe did not start, or refused a management call; the message says what it answered."""


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

    def manage(self, method: str, path: str, timeout: float = 60, **kwargs: Any) -> requests.Response:
        return requests.request(
            method, self.management + path, headers=self.auth("management"), timeout=timeout, **kwargs
        )

    def predict(
        self, model: str, timeout: float = 60, endpoint: str = "predictions", **kwargs: Any
    ) -> requests.Response:
        """``POST /<endpoint>/<model>`` (predictions or explanations) with the inference token;
        ``kwargs`` carry the body in any of the forms ``requests`` sends (json, data, files) and
        extra headers such as Content-Type."""
        headers = {**self.auth("inference"), **kwargs.pop("headers", {})}
        url = f"{self.inference}/{endpoint}/{model}"
        return requests.post(url, headers=headers, timeout=timeout, **kwargs)

    def logs(self) -> str:
        """The last lines of TorchServe's frontend and worker logs: a status code alone rarely says why
        a request or a registration failed, the worker's traceback does."""
        tails = []
        for name in ("ts_log.log", "model_log.log"):
            path = self.home / "logs" / name
            tail = path.read_text(errors="replace").splitlines()[-LOG_TAIL_LINES:] if path.is_file() else None
            tails.append(f"--- {name}\n" + ("(missing)" if tail is None else "\n".join(tail)))
        return "\n".join(tails)

    def explain(self, response: requests.Response) -> str:
        """An unexpected answer with the logs behind it, for assertion and error messages."""
        return f"{response.status_code} {response.text}\n{self.logs()}"


def read_properties(path: Path) -> dict[str, str]:
    """``key=value`` lines of a Java properties file (comments are whole lines in ours). Snapshots
    TorchServe writes escape ":" and "=" with a backslash; values come back unescaped."""
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {
        key.strip(): JAVA_ESCAPE.sub(r"\1", value.strip())
        for key, value in pairs
        if not key.lstrip().startswith(("#", "!"))
    }


def addresses(config: Path) -> tuple[str, str]:
    """The inference and management base URLs a config file makes TorchServe listen on."""
    properties = read_properties(config)
    return properties["inference_address"], properties["management_address"]


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def write_config(home: Path, model_store: Path, template: Path = CONFIG) -> Path:
    """``template`` with addresses moved to free loopback ports and absolute paths, so the security,
    queue and metrics settings under test are the shipped ones."""
    ports = free_ports(5)
    overrides = {
        "inference_address": f"http://127.0.0.1:{ports[0]}",
        "management_address": f"http://127.0.0.1:{ports[1]}",
        "metrics_address": f"http://127.0.0.1:{ports[2]}",
        "grpc_inference_port": str(ports[3]),
        "grpc_management_port": str(ports[4]),
        "model_store": str(model_store.resolve()),
        "metrics_config": str(ROOT / "configs" / "metrics.yaml"),
    }
    lines = []
    for line in template.read_text().splitlines():
        key = line.split("=", 1)[0].strip()
        lines.append(f"{key}={overrides.pop(key)}" if key in overrides else line)
    if overrides:
        raise ServerError(f"{template} lacks {sorted(overrides)}")
    home.mkdir(parents=True, exist_ok=True)
    config = home / "config.properties"
    config.write_text("\n".join(lines) + "\n")
    return config


def model_store(config: Path, home: Path) -> Path:
    """The archive directory a config names, relative to the server's working directory."""
    return home / read_properties(config)["model_store"]


def load_keys(key_file: Path) -> dict[str, str]:
    """``management``/``inference``/``api`` → key, from the file TorchServe writes at start.

    TorchServe (>= 0.11.1) writes it into its working directory and deletes it at stop, so a missing
    file means no server runs from that directory.
    """
    if not key_file.is_file():
        raise FileNotFoundError(f"{key_file} not found: start TorchServe here first (make serve)")
    entries = json.loads(key_file.read_text())
    return {name.lower(): entry["key"] for name, entry in entries.items()}


def read_key(name: str, key_file: Path = Path(KEY_FILE)) -> str:
    """One key by name; the error names the keys the file holds."""
    keys = load_keys(key_file)
    if name not in keys:
        raise KeyError(f"{key_file} holds no {name!r} key (it has {sorted(keys)})")
    return keys[name]


def read_keys(home: Path) -> dict[str, str]:
    """The keys TorchServe wrote at start; empty when no server runs from ``home``."""
    try:
        return load_keys(home / KEY_FILE)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def ping(inference: str, key: str) -> int | None:
    """HTTP status of ``/ping`` (400 for a wrong key), or None when nothing answers there."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    try:
        return requests.get(f"{inference}/ping", headers=headers, timeout=10).status_code
    except requests.RequestException:
        return None


@contextlib.contextmanager
def torchserve(
    config: Path, home: Path, startup_seconds: float = STARTUP_SECONDS, snapshots: bool = False
) -> Iterator[Server]:
    """A TorchServe running ``config`` from ``home`` (key file, logs/), stopped on exit.

    ``snapshots``: let TorchServe save its running state (models, versions, workers) under
    ``home/logs/config`` at every management change, so a restart from :func:`latest_snapshot`
    brings the registered models back; otherwise ``--ncs``, a server that starts empty."""
    require_java()
    scratch = Path(tempfile.mkdtemp(prefix="torchserve-"))
    (home / "logs").mkdir(parents=True, exist_ok=True)
    env = server_environment()
    # TMPDIR: the launcher's pid file; TEMP: the JVM's tmpdir (unpacked archives, worker sockets).
    env.update(TMPDIR=str(scratch), TEMP=str(scratch), HF_HUB_OFFLINE="1")
    command = [
        str(executable("torchserve")),
        *("--start", "--foreground", "--ts-config", str(config.resolve())),
        *([] if snapshots else ["--ncs"]),
    ]
    log = home / "logs" / "torchserve.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=home, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        keys = wait_until_healthy(process, home, addresses(config)[0], log, startup_seconds)
        yield connect(config, home, keys)
    finally:
        stop(process)
        # The server is gone: its keys are useless, and a stale file would mislead the next reader.
        (home / KEY_FILE).unlink(missing_ok=True)
        shutil.rmtree(scratch, ignore_errors=True)


def latest_snapshot(home: Path) -> Path:
    """The newest state TorchServe saved from ``home``: its names start with a millisecond
    timestamp, and a crash leaves the last management change's snapshot as the newest."""
    saved = sorted((home / SNAPSHOT_DIR).glob("*.cfg"))
    if not saved:
        raise ServerError(f"no TorchServe snapshot in {home / SNAPSHOT_DIR}; was it started with snapshots?")
    return saved[-1]


def wait_until_healthy(
    process: subprocess.Popen[bytes] | None, home: Path, inference: str, log: Path, timeout: float
) -> dict[str, str]:
    """Poll until TorchServe answers ``/ping`` with the key it wrote; ``process`` (a foreground
    server) ending first is a failure. None: a daemon started by ``torchserve --start``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (process is None or process.poll() is None):
        keys = read_keys(home)
        if keys and ping(inference, keys["inference"]) == 200:
            return keys
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-3000:] if log.is_file() else "(no output)"
    raise ServerError(f"TorchServe did not become healthy at {inference} in {timeout:.0f} s:\n{tail}")


def require_java(env: dict[str, str] | None = None) -> None:
    """TorchServe's frontend is a JVM, found the way its launcher finds it (``JAVA_HOME``, else
    ``java`` on PATH). Without one the launcher exits and a caller would wait out the health
    timeout; this says what is missing at once."""
    env = os.environ if env is None else env
    java_home = env.get("JAVA_HOME")
    found = (
        Path(java_home, "bin", "java").is_file() if java_home else shutil.which("java", path=env.get("PATH"))
    )
    if not found:
        raise ServerError(
            "TorchServe needs Java 17 and none was found (JAVA_HOME or java on PATH): install "
            "openjdk-17-jre-headless (apt) or another JDK 17; .ci/run installs it"
        )


def server_environment(tmpdir: Path | None = None) -> dict[str, str]:
    """PYTHONPATH unset: workers must import the ``model`` package packed in the archive, and
    PYTHONPATH entries come before the unpacked archive on the worker's path."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.setdefault("HF_HUB_OFFLINE", "1")
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    return env


def start_daemon(
    config: Path, home: Path, tmpdir: Path | None = None, startup_seconds: float = STARTUP_SECONDS
) -> Server:
    """Start TorchServe in the background from ``home`` the way ``make serve`` does (snapshots on,
    output in ``home/logs/torchserve.out``) and wait until it is healthy; it keeps running.

    ``tmpdir`` holds the launcher's pid file (default: the system's), which ``torchserve --stop``
    reads: a private one keeps a test's server apart from the one ``make serve`` started."""
    require_java()
    (home / "logs").mkdir(parents=True, exist_ok=True)
    log = home / "logs" / "torchserve.out"
    command = [str(executable("torchserve")), "--start", "--ts-config", str(config.resolve())]
    with log.open("wb") as out:
        launched = subprocess.run(
            command,
            cwd=home,
            env=server_environment(tmpdir),
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if launched.returncode != 0:
        raise ServerError(f"torchserve --start failed ({launched.returncode}); see {log}")
    return connect(config, home, wait_until_healthy(None, home, addresses(config)[0], log, startup_seconds))


def connect(config: Path, home: Path, keys: dict[str, str] | None = None) -> Server:
    """A handle on the server running ``config`` from ``home``, with the keys it wrote there."""
    inference, management = addresses(config)
    metrics = read_properties(config).get("metrics_address", DEFAULT_METRICS_ADDRESS)
    return Server(
        home, inference, management, metrics, keys if keys is not None else load_keys(home / KEY_FILE)
    )


def stop_daemon(home: Path, tmpdir: Path | None = None) -> bool:
    """``torchserve --stop`` for the server started from ``home`` (with the same ``tmpdir``);
    False when none was running."""
    result = subprocess.run(
        [str(executable("torchserve")), "--stop"],
        cwd=home,
        env=server_environment(tmpdir),
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0 and "not running" not in result.stdout.lower()


def executable(name: str) -> Path:
    """A TorchServe command installed next to this interpreter, so the venv's versions run."""
    return Path(sys.executable).with_name(name)


def prepare_cli() -> None:
    """Logging for a command-line tool that starts servers, and SIGTERM (a CI timeout, ``kill``)
    turned into SystemExit: Python's default would end the tool on the spot, skipping
    :func:`torchserve`'s cleanup and leaving the JVM and its workers running."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))


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


def register(server: Server, model: str, version: str = DEFAULT_VERSION, **settings: int | None) -> None:
    """Register ``model_store/<model>_<version>.mar`` under ``model`` and wait for its workers; a
    second version of a registered model joins it (the first registered stays the default).
    ``settings`` (initial_workers, batch_size, max_batch_delay) override the archive's
    model-config; None keeps the archive's."""
    query = {"url": archive_file(model, version), "model_name": model, "synchronous": "true"}
    query.update({name: str(value) for name, value in settings.items() if value is not None})
    logger.info("registering %s with %s", model, query)
    response = server.manage("POST", "/models", timeout=REGISTER_SECONDS, params=query)
    if response.status_code != 200:
        answer = f"{response.status_code} {response.text.strip()}"
        raise ServerError(f"registering {model} version {version} failed: {answer}")


def set_default(server: Server, model: str, version: str) -> None:
    """Make ``version`` the one ``/predictions/<model>`` answers with (``PUT .../set-default``)."""
    response = server.manage("PUT", f"/models/{model}/{version}/set-default")
    if response.status_code != 200:
        raise ServerError(
            f"setting {model} {version} as default failed: {response.status_code} {response.text.strip()}"
        )


def registered_versions(server: Server, model: str) -> list[str]:
    """Versions of ``model`` the server holds (empty when it is not registered)."""
    response = server.manage("GET", f"/models/{model}/all")
    if response.status_code == 404:
        return []
    if response.status_code != 200:
        raise ServerError(f"describing {model} failed: {response.status_code} {response.text.strip()}")
    return [str(entry.get("modelVersion")) for entry in response.json()]


def unregister(server: Server, model: str, version: str | None = None) -> None:
    """Remove ``model`` (its default version, or ``version``) from the server."""
    path = f"/models/{model}" + (f"/{version}" if version else "")
    response = server.manage("DELETE", path, timeout=REGISTER_SECONDS)
    if response.status_code != 200:
        raise ServerError(f"unregistering {model} failed: {response.status_code} {response.text.strip()}")


def worker_pids(server: Server, model: str) -> dict[int, str]:
    """Process id → status of each of the model's workers, as the management API reports them."""
    return {int(worker["pid"]): worker["status"] for worker in describe(server, model).get("workers", [])}


def describe(server: Server, model: str) -> dict[str, Any]:
    """What TorchServe actually runs (batch size, delay, workers), to report next to measurements."""
    response = server.manage("GET", f"/models/{model}")
    if response.status_code != 200:
        raise ServerError(f"describing {model} failed: {response.status_code} {response.text.strip()}")
    return response.json()[0]
