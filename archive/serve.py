"""Run the local TorchServe: ``serve-torchserve start|restart|register|stop`` (behind ``make serve``).

- ``start``: TorchServe from ``--ts-config`` (config.properties) in the background, wait until
  ``/ping`` answers with the key it wrote, then register each of ``--models`` found in the model
  store (the rest are skipped with a note).
- ``restart``: stop a running server, start from the newest snapshot in ``logs/config/``: every
  model registered before comes back with its workers and batch settings.
- ``register``: one archive on the running server; options left out defer to its model-config.
- ``stop``: ``torchserve --stop``.

The launcher, health check and key reading are :mod:`common.torchserve`, the code the load tests
and the real-TorchServe tests run, so ``make serve`` starts a server exactly as they do.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from common import torchserve
from common.paths import TS_CONFIG

logger = logging.getLogger(__name__)

DEFAULT_MODELS = ("distilbert", "deberta")


@dataclass(frozen=True)
class Registration:
    """Registration overrides; None keeps what the archive's model-config says."""

    initial_workers: int | None = None
    batch_size: int | None = None
    max_batch_delay: int | None = None


ONNX_ARCHIVES = ("distilbert-onnx", "distilbert-int8")


def build_hint(name: str) -> str:
    """The make command that builds archive ``name``: a newcomer should not have to guess it."""
    return "make mar-onnx" if name in ONNX_ARCHIVES else "make mar"


def unbuilt(store: Path, names: Sequence[str]) -> list[str]:
    """The names among ``names`` whose archive is not in ``store``."""
    return [name for name in names if not (store / f"{name}.mar").is_file()]


def missing_archive_message(store: Path, names: Sequence[str]) -> str:
    return "; ".join(
        f"{store / f'{name}.mar'} not found (build it with `{build_hint(name)}`)" for name in names
    )


def start(
    config: Path,
    home: Path,
    models: Sequence[str],
    registration: Registration,
    tmpdir: Path | None = None,
) -> list[str]:
    """Start and register the archives present; returns the names registered.

    Refuses before starting anything when none of ``models`` is built: a server that reports
    healthy with nothing registered only moves the error to the first request.
    """
    store = torchserve.model_store(config, home)
    missing = unbuilt(store, models)
    present = [name for name in models if name not in missing]
    if models and not present:
        raise FileNotFoundError(f"nothing to serve: {missing_archive_message(store, missing)}")
    store.mkdir(parents=True, exist_ok=True)
    server = torchserve.start_daemon(config, home, tmpdir)
    logger.info("TorchServe is healthy on %s; logs in %s", server.inference, home / "logs")
    if missing:
        logger.warning("skipping %s", missing_archive_message(store, missing))
    for name in present:
        register(server, name, registration)
    return present


def restart(home: Path, tmpdir: Path | None = None) -> Path:
    """Stop whatever runs from ``home`` and start from its newest snapshot; returns that snapshot."""
    snapshot = torchserve.latest_snapshot(home)
    torchserve.stop_daemon(home, tmpdir)
    logger.info("starting from %s", snapshot)
    torchserve.start_daemon(snapshot, home, tmpdir)
    return snapshot


def register(server: torchserve.Server, name: str, registration: Registration) -> None:
    torchserve.register(server, name, **asdict(registration))
    logger.info("registered %s", name)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    commands = {
        "start": "start TorchServe and register archives",
        "restart": "restart from the newest snapshot",
        "register": "register one archive on the running server",
        "stop": "stop TorchServe",
    }
    for command, help_text in commands.items():
        cmd = sub.add_parser(command, help=help_text)
        cmd.add_argument("--home", type=Path, default=Path.cwd(), help="working directory: key file, logs/")
        if command in ("start", "register"):
            cmd.add_argument("--ts-config", type=Path, default=TS_CONFIG, help="TorchServe config.properties")
            cmd.add_argument("--workers", type=int, help="initial workers (default: the model-config's)")
            cmd.add_argument("--batch-size", type=int, help="batch size (default: the model-config's)")
            cmd.add_argument("--max-batch-delay", type=int, help="ms (default: the model-config's)")
        if command == "start":
            cmd.add_argument("--models", nargs="*", default=list(DEFAULT_MODELS), help="archives to register")
        if command == "register":
            cmd.add_argument("--model", required=True, help="archive name in the model store")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = parse_args(argv)
    home = args.home.resolve()
    try:
        if args.command == "stop":
            if not torchserve.stop_daemon(home):
                logger.info("no TorchServe was running")
            return 0
        if args.command == "restart":
            restart(home)
            return 0
        registration = Registration(args.workers, args.batch_size, args.max_batch_delay)
        if args.command == "start":
            start(args.ts_config, home, args.models, registration)
        else:
            store = torchserve.model_store(args.ts_config, home)
            if unbuilt(store, [args.model]):
                raise FileNotFoundError(missing_archive_message(store, [args.model]))
            register(torchserve.connect(args.ts_config, home), args.model, registration)
    except (torchserve.ServerError, OSError, KeyError, ValueError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
