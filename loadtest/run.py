"""Load-test each archive in turn with Locust and summarise: ``make loadtest`` / ``make loadtest-steps``.

    python -m loadtest.run --models distilbert deberta --users 8 --spawn-rate 8 --run-time 60s
    python -m loadtest.run --steps --step-users 4 --step-time 30 --step-max-users 32

Uses the TorchServe answering at --host (default: config.properties' inference address). When
nothing answers there, starts one the way ``make serve`` does (the config from the repository root,
archives registered from its model_store with their own model-config) and stops it at the end; a
server it did not start is left running. Every archive gets the same load from the real ``locust``
CLI, which writes its own CSV and HTML reports to ``reports/loadtest/<UTC time>/<model>*``; the
summary (``summary.md``/``.json``/``.png``) is computed from those CSV files.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import requests

from common import torchserve as server
from common.archives import missing_archive_message, unbuilt
from common.cli import add_option
from common.io import run_directory
from common.paths import REPORTS_DIR, ROOT
from loadtest import reports
from loadtest.answers import response_problem
from loadtest.progress import DEFAULT_INTERVAL_SECONDS
from loadtest.prompts import DEFAULT_PROMPTS, MIXES, PromptError, load_prompts
from loadtest.reports import ReportError, Result, Step

logger = logging.getLogger(__name__)

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
STEP_SHAPE = Path(__file__).resolve().parent / "step_load.py"
USER_CLASS = "TargetModelUser"
DEFAULT_MODELS = ("distilbert", "deberta")
# (HTTP status, body) -> why the answer is wrong, or None.
AnswerCheck = Callable[[int, str], str | None]
PREFLIGHT_TEXT = "Write a Python function that merges two sorted lists."


class LoadTestError(RuntimeError):
    """The run cannot go on; the message says why and what to do."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=list(DEFAULT_MODELS), help="archives, in order")
    add_load_arguments(parser)
    parser.add_argument("--steps", action="store_true", help="step load (loadtest/step_load.py) instead")
    parser.add_argument("--step-users", type=int, default=4)
    parser.add_argument("--step-time", type=int, default=30, help="seconds per step")
    parser.add_argument("--step-max-users", type=int, default=32)
    parser.add_argument("--output-dir", type=Path, default=REPORTS_DIR / "loadtest")
    add_server_arguments(parser)
    return parse_load_args(parser, argv)


def parse_load_args(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse a command that took :func:`add_load_arguments`: an unset spawn rate starts every user
    at once, so the load is at its level from the first second of the run."""
    args = parser.parse_args(argv)
    args.spawn_rate = args.spawn_rate or args.users
    return args


def add_load_arguments(
    parser: argparse.ArgumentParser,
    users: int = 8,
    run_time: str = "60s",
    mix: str = "mixed",
    progress_every: float = DEFAULT_INTERVAL_SECONDS,
) -> None:
    parser.add_argument("--users", type=int, default=users, help="concurrent users (requests in flight)")
    parser.add_argument(
        "--spawn-rate", type=float, default=None, help="users started per second (default: all at once)"
    )
    parser.add_argument("--run-time", default=run_time, help="per archive, Locust syntax: 30s, 2m")
    add_option(
        parser,
        "--data",
        "--prompts-file",
        type=Path,
        default=DEFAULT_PROMPTS,
        help="prompts (.jsonl/.csv/.txt)",
    )
    parser.add_argument("--prompt-mix", choices=MIXES, default=mix)
    parser.add_argument(
        "--progress-every",
        type=float,
        default=progress_every,
        help="seconds between progress lines (requests, failures, req/s, p50/p99 so far); 0: none",
    )


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default=None, help="inference URL (default: the config's inference_address)"
    )
    parser.add_argument(
        "--inference-key",
        default=None,
        help=f"token (default: ${server.KEY_ENV}, else key_file.json in --home); prefer the variable",
    )
    add_option(
        parser,
        "--ts-config",
        "--config",
        type=Path,
        default=server.CONFIG,
        help="TorchServe config.properties",
    )
    parser.add_argument(
        "--home", type=Path, default=ROOT, help="TorchServe's working directory (key file, logs)"
    )


def main(argv: list[str] | None = None) -> int:
    server.prepare_cli()
    args = parse_args(argv)
    try:
        load_prompts(args.data, args.prompt_mix)
        with serving(args, args.models) as (host, key):
            out = run_directory(args.output_dir)
            results, steps, errors = run_all(args, host, key, out)
    except (LoadTestError, PromptError, server.ServerError) as error:
        logger.error("%s", error)
        return 2
    markdown = reports.write_summary(out, results, run_settings(args, host), steps if args.steps else None)
    sys.stdout.write(f"\n{markdown}\nReports in {out}\n")
    for model, error in errors.items():
        logger.error("%s: %s", model, error)
    return 1 if errors or any(result.failures for result in results) else 0


def inference_key(args: argparse.Namespace) -> str:
    return (
        args.inference_key
        or os.environ.get(server.KEY_ENV, "")
        or server.read_keys(args.home).get("inference", "")
    )


@contextlib.contextmanager
def serving(args: argparse.Namespace, models: list[str]) -> Iterator[tuple[str, str]]:
    """``(inference URL, key)`` of a healthy TorchServe: the one at --host, else a started one."""
    inference, _ = server.addresses(args.ts_config)
    host = (args.host or inference).rstrip("/")
    key = inference_key(args)
    status = server.ping(host, key)
    if status == 200:
        logger.info("using the TorchServe answering at %s", host)
        yield host, key
        return
    if status is not None:
        raise LoadTestError(
            f"{host}/ping answered {status}: a wrong or expired inference key? Pass --inference-key or "
            f"${server.KEY_ENV}, or run from the directory holding TorchServe's key_file.json"
        )
    if host != inference.rstrip("/"):
        raise LoadTestError(
            f"nothing answers at {host}, and only {inference} (from {args.ts_config}) can be started here"
        )
    check_archives(server.model_store(args.ts_config, args.home), models)
    logger.info("nothing answers at %s: starting TorchServe from %s (stopped at the end)", host, args.home)
    with server.torchserve(args.ts_config, args.home) as started:
        for model in models:
            server.register(started, model)
        yield started.inference, started.keys["inference"]


def check_archives(store: Path, models: list[str]) -> None:
    """Before a server starts: each missing archive is named with the make command that builds it."""
    missing = unbuilt(store, models)
    if missing:
        fix = missing_archive_message(store, missing)
        raise LoadTestError(f"cannot load-test {', '.join(missing)}: {fix}")


def run_all(
    args: argparse.Namespace, host: str, key: str, out: Path
) -> tuple[list[Result], dict[str, list[Step]], dict[str, str]]:
    """One Locust run per archive: its Aggregated result, its steps (step load only) and, instead,
    its error; a broken archive is reported and the others still run."""
    results: list[Result] = []
    steps: dict[str, list[Step]] = {}
    errors: dict[str, str] = {}
    for model in args.models:
        try:
            preflight(host, key, model)
            run_locust(host, key, model, out / model, load_options(args), args.data, args.prompt_mix)
            result = reports.read_result(out / f"{model}_stats.csv", model)
            if args.steps:
                steps[model] = reports.read_steps(out / f"{model}_stats_history.csv")
            results.append(result)
        except (LoadTestError, ReportError) as error:
            errors[model] = str(error)
    return results, steps, errors


def preflight(host: str, key: str, model: str, check: AnswerCheck | None = None) -> None:
    """One request before the load, so an unregistered archive or a wrong key is one clear message
    instead of a minute of failures. ``check(status, body)``: why the answer is wrong (default:
    intent-serve's answer format)."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    try:
        response = requests.post(
            f"{host}/predictions/{model}", json={"text": PREFLIGHT_TEXT}, headers=headers, timeout=60
        )
    except requests.RequestException as error:
        raise LoadTestError(f"{model}: no answer from {host}: {error}") from None
    if response.status_code == 404:
        raise LoadTestError(f"{model} is not registered at {host}: make register MODEL={model}")
    problem = (
        check(response.status_code, response.text)
        if check
        else response_problem(response.status_code, response.text, model)
    )
    if problem:
        raise LoadTestError(f"{model} answered a test request wrongly: {problem}")


def load_options(args: argparse.Namespace, progress_every: float | None = None) -> list[str]:
    """Locust options for the load: fixed users, or the step shape (which ignores -u/-r/-t), and
    the progress interval (``progress_every`` overrides --progress-every)."""
    every = args.progress_every if progress_every is None else progress_every
    progress = ["--progress-every", f"{every:g}"]
    if getattr(args, "steps", False):
        return [
            *("--step-users", str(args.step_users), "--step-time", str(args.step_time)),
            *("--step-max-users", str(args.step_max_users), "--csv-full-history", *progress),
        ]
    return [
        *("--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", args.run_time),
        *progress,
    ]


def run_locust(
    host: str,
    key: str,
    model: str,
    prefix: Path,
    load: list[str],
    prompts_file: Path,
    mix: str,
    user_class: str = USER_CLASS,
    options: Sequence[str] = (),
) -> None:
    """The real locust CLI, headless, writing ``<prefix>_stats.csv`` etc. and ``<prefix>.html``.
    The key travels in the environment, not on a command line other users can list. ``user_class``
    and ``options`` (locustfile options): LabelUser and --answer-labels for a bare-label handler."""
    locustfiles = f"{LOCUSTFILE},{STEP_SHAPE}" if "--step-users" in load else str(LOCUSTFILE)
    command = [
        *(sys.executable, "-m", "locust", "-f", locustfiles, "--headless", "--only-summary"),
        *("--host", host, *load, "--csv", str(prefix), "--html", f"{prefix}.html"),
        *("--target-model", model, "--prompts-file", str(prompts_file), "--prompt-mix", mix, *options),
        user_class,
    ]
    sys.stdout.write(f"\n=== {model}: locust {' '.join(load)} ===\n")
    sys.stdout.flush()
    env = {**os.environ, server.KEY_ENV: key}
    completed = subprocess.run(command, cwd=ROOT, env=env, check=False)
    # Locust exits 1 when some requests failed: the summary reports those; anything else is a crash.
    if completed.returncode not in (0, 1):
        raise LoadTestError(f"locust exited with {completed.returncode} for {model}")


def run_settings(args: argparse.Namespace, host: str) -> dict[str, object]:
    settings: dict[str, object] = {"host": host}
    if args.steps:
        settings.update(
            step_users=args.step_users, step_time_s=args.step_time, step_max_users=args.step_max_users
        )
    else:
        settings.update(users=args.users, spawn_rate=args.spawn_rate, run_time=args.run_time)
    settings.update(
        prompts=display_path(args.data),
        prompt_mix=args.prompt_mix,
        locust=importlib.metadata.version("locust"),
    )
    return settings


def display_path(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(ROOT))
    return str(path)


if __name__ == "__main__":
    sys.exit(main())
