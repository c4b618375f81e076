"""Run the local TorchServe: ``serve-torchserve start|restart|register|set-default|predict|explain|stop``
(behind ``make serve``, ``make register``, ``make set-default``, ``make predict``, ``make explain``,
``make stop``).

- ``start``: TorchServe from ``--ts-config`` (config.properties) in the background, wait until
  ``/ping`` answers with the key it wrote, then register each of ``--models`` at ``--version``
  found in the model store (the rest are skipped with a note).
- ``restart``: stop a running server, start from the newest snapshot in ``logs/config/``: every
  model registered before comes back with its workers and batch settings.
- ``register``: one archive, ``model_store/<model>_<version>.mar``, on the running server; a second
  version of a registered model joins it. Options left out defer to its model-config.
- ``set-default``: the version ``/predictions/<model>`` answers with.
- ``predict``: classify one text; says what to run when the server, the model or the archive is
  missing.
- ``stop``: ``torchserve --stop``.

The launcher, health check and key reading are :mod:`common.torchserve`, the code the load tests
and the real-TorchServe tests run, so ``make serve`` starts a server exactly as they do.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from common import torchserve
from common.archives import DEFAULT_VERSION, built_versions, check_version, missing_archive_message, unbuilt
from common.paths import TS_CONFIG

logger = logging.getLogger(__name__)

# What README recommends deploying: the int8 archive first (fastest on CPUs), both PyTorch models.
DEFAULT_MODELS = ("distilbert-int8", "distilbert", "deberta")


@dataclass(frozen=True)
class Registration:
    """Registration overrides; None keeps what the archive's model-config says."""

    initial_workers: int | None = None
    batch_size: int | None = None
    max_batch_delay: int | None = None


class NotRunning(torchserve.ServerError):
    """No TorchServe answers where the config says it listens."""


def start(
    config: Path,
    home: Path,
    models: Sequence[str],
    registration: Registration,
    tmpdir: Path | None = None,
    version: str = DEFAULT_VERSION,
) -> list[str]:
    """Start and register the archives present; returns the names registered.

    Refuses before starting anything when none of ``models`` is built: a server that reports
    healthy with nothing registered only moves the error to the first request.
    """
    store = torchserve.model_store(config, home)
    missing = unbuilt(store, models, version)
    present = [name for name in models if name not in missing]
    if models and not present:
        raise FileNotFoundError(f"nothing to serve: {missing_archive_message(store, missing, version)}")
    store.mkdir(parents=True, exist_ok=True)
    server = torchserve.start_daemon(config, home, tmpdir)
    logger.info("TorchServe is healthy on %s; logs in %s", server.inference, home / "logs")
    if missing:
        logger.warning("skipping %s", missing_archive_message(store, missing, version))
    for name in present:
        register(server, name, version, registration)
    return present


def restart(home: Path, tmpdir: Path | None = None) -> Path:
    """Stop whatever runs from ``home`` and start from its newest snapshot; returns that snapshot."""
    snapshot = torchserve.latest_snapshot(home)
    torchserve.stop_daemon(home, tmpdir)
    logger.info("starting from %s", snapshot)
    torchserve.start_daemon(snapshot, home, tmpdir)
    return snapshot


def register(server: torchserve.Server, name: str, version: str, registration: Registration) -> None:
    torchserve.register(server, name, version, **asdict(registration))
    logger.info("registered %s version %s", name, version)


def register_built(config: Path, home: Path, name: str, version: str, registration: Registration) -> None:
    """``make register``: the archive must be built and the server running; each error says how."""
    store = torchserve.model_store(config, home)
    if unbuilt(store, [name], version):
        raise FileNotFoundError(missing_archive_message(store, [name], version) + others(store, name))
    register(running(config, home), name, version, registration)


def set_default(config: Path, home: Path, name: str, version: str) -> None:
    """``make set-default``: a version must be registered before it can answer."""
    server = running(config, home)
    versions = torchserve.registered_versions(server, name)
    if version not in versions:
        store = torchserve.model_store(config, home)
        fix = f"register it first: make register MODEL={name} VERSION={version}"
        if unbuilt(store, [name], version):
            fix += f" ({missing_archive_message(store, [name], version)})"
        held = f"registered versions: {', '.join(versions)}" if versions else f"{name} is not registered"
        raise torchserve.ServerError(f"{name} version {version} is not registered ({held}); {fix}")
    torchserve.set_default(server, name, version)
    logger.info("%s now answers with version %s", name, version)


def predict(
    config: Path, home: Path, name: str, text: str, version: str | None = None, endpoint: str = "predictions"
) -> dict:
    """One prediction (or, with ``endpoint="explanations"``, one explanation) through the inference
    API; a missing server, model or version is named with the command that fixes it instead of a
    bare 404 or a connection error."""
    server = running(config, home)
    path = name + (f"/{version}" if version else "")
    headers = {"Content-Type": "text/plain; charset=utf-8"}
    response = server.predict(path, endpoint=endpoint, data=text.encode(), headers=headers)
    if response.status_code == 404:
        raise torchserve.ServerError(not_registered(config, home, name, version, response.text.strip()))
    if response.status_code != 200:
        raise torchserve.ServerError(f"{name} answered {response.status_code}: {response.text.strip()}")
    return response.json()


def not_registered(config: Path, home: Path, name: str, version: str | None, answer: str) -> str:
    store = torchserve.model_store(config, home)
    wanted = version or DEFAULT_VERSION
    label = f"{name} version {version}" if version else name
    option = f" VERSION={version}" if version else ""
    message = f"{label} is not registered on the running TorchServe ({answer}): "
    message += f"make register MODEL={name}{option}"
    if unbuilt(store, [name], wanted):
        message += f"; first {missing_archive_message(store, [name], wanted)}{others(store, name)}"
    return message


def others(store: Path, name: str) -> str:
    versions = built_versions(store, name)
    return f" (built versions of {name}: {', '.join(versions)})" if versions else ""


def running(config: Path, home: Path) -> torchserve.Server:
    """The server ``make serve`` started from ``home``, checked alive: a key file left by a crashed
    server must not turn into a connection error."""
    inference, _ = torchserve.addresses(config)
    keys = torchserve.read_keys(home)
    if not keys or torchserve.ping(inference, keys.get("inference", "")) is None:
        raise NotRunning(f"TorchServe is not running at {inference} (started from {home}): make serve")
    return torchserve.connect(config, home, keys)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    commands = {
        "start": "start TorchServe and register archives",
        "restart": "restart from the newest snapshot",
        "register": "register one archive version on the running server",
        "set-default": "make a registered version the one /predictions/<model> answers with",
        "predict": "classify one text with a registered model",
        "explain": "per-word attributions of one text's intent from a registered model",
        "stop": "stop TorchServe",
    }
    for command, help_text in commands.items():
        cmd = sub.add_parser(command, help=help_text)
        cmd.add_argument("--home", type=Path, default=Path.cwd(), help="working directory: key file, logs/")
        if command in ("start", "register", "set-default", "predict", "explain"):
            cmd.add_argument("--ts-config", type=Path, default=TS_CONFIG, help="TorchServe config.properties")
        if command in ("start", "register"):
            cmd.add_argument("--workers", type=int, help="initial workers (default: the model-config's)")
            cmd.add_argument("--batch-size", type=int, help="batch size (default: the model-config's)")
            cmd.add_argument("--max-batch-delay", type=int, help="ms (default: the model-config's)")
        if command == "start":
            cmd.add_argument("--models", nargs="*", default=list(DEFAULT_MODELS), help="archives to register")
        if command in ("register", "set-default", "predict", "explain"):
            cmd.add_argument("--model", required=True, help="model name, as in the model store")
        if command in ("start", "register", "set-default"):
            cmd.add_argument(
                "--version", type=version_arg, default=DEFAULT_VERSION, help="<model>_<version>.mar"
            )
        if command in ("predict", "explain"):
            cmd.add_argument("--version", type=version_arg, help="registered version (default: the default)")
            cmd.add_argument("--text", required=True, help="the prompt to classify")
    return parser.parse_args(argv)


def version_arg(value: str) -> str:
    try:
        return check_version(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = parse_args(argv)
    home = args.home.resolve()
    try:
        if args.command == "stop":
            if not torchserve.stop_daemon(home):
                logger.info("no TorchServe was running")
        elif args.command == "restart":
            restart(home)
        elif args.command == "set-default":
            set_default(args.ts_config, home, args.model, args.version)
        elif args.command in ("predict", "explain"):
            endpoint = "predictions" if args.command == "predict" else "explanations"
            answer = predict(args.ts_config, home, args.model, args.text, args.version, endpoint)
            sys.stdout.write(json.dumps(answer, indent=2, ensure_ascii=False) + "\n")
        else:
            registration = Registration(args.workers, args.batch_size, args.max_batch_delay)
            if args.command == "start":
                start(args.ts_config, home, args.models, registration, version=args.version)
            else:
                register_built(args.ts_config, home, args.model, args.version, registration)
    except (torchserve.ServerError, OSError, KeyError, ValueError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
