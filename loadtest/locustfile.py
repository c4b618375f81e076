"""Locust users that send real prompts to TorchServe and check every answer.

    locust -f loadtest/locustfile.py --headless -u 8 -r 8 -t 60s DistilbertUser
    locust -f loadtest/locustfile.py --headless -u 8 -r 8 -t 1m TargetModelUser --target-model distilbert-onnx
    locust -f loadtest/locustfile.py,loadtest/step_load.py --headless DebertaUser      # step load
    locust -f loadtest/locustfile.py --headless -u 8 -r 8 -t 1m LabelUser --target-model hf-example \
        --answer-labels code_generation,translation,...                # the make bench-peer peer

Name the user class to run: with none, Locust runs every class side by side (the task tags do not
deselect users). Each user sends one prompt at a time with no think time, so the user count is the
number of requests in flight. The master (or a local run) prints a progress line every
--progress-every seconds, since headless runs with --only-summary print nothing else until the end.
docs/loadtest.md has the rest.

Distributed runs need nothing on a worker but this repository's ``loadtest`` package: the master
reads the prompt file and hands the selected prompts to each worker in a message when the worker
starts its test, and Locust forwards the master's options (target model, inference key) with every
spawn message.
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import gevent
from gevent.event import Event
from locust import FastHttpUser, constant, events, tag, task
from locust.env import Environment
from locust.exception import StopUser
from locust.rpc import Message
from locust.runners import MasterRunner, WorkerRunner

from common.torchserve import KEY_ENV, KEY_FILE, read_keys
from loadtest.answers import answer_labels, label_problem, response_problem
from loadtest.progress import DEFAULT_INTERVAL_SECONDS, Snapshot, progress_line
from loadtest.prompts import DEFAULT_PROMPTS, MIXES, PromptError, load_prompts

logger = logging.getLogger(__name__)

PROMPTS_REQUEST = "intent-serve:prompts-request"
PROMPTS_REPLY = "intent-serve:prompts"
PROMPTS_WAIT_SECONDS = 60.0


class PromptPool:
    """The prompts of the current test, in this process. A worker's users can start before the
    master's reply arrives, so they wait on an event rather than read a possibly empty list."""

    def __init__(self) -> None:
        self.prompts: list[str] = []
        self.error: str | None = None
        self.ready = Event()

    def reset(self) -> None:
        self.ready.clear()
        self.prompts, self.error = [], None

    def fill(self, prompts: list[str] | None = None, error: str | None = None) -> None:
        self.prompts, self.error = list(prompts or []), error
        self.ready.set()

    def wait(self, timeout: float = PROMPTS_WAIT_SECONDS) -> list[str]:
        """The prompts; raises :class:`PromptError` when none arrive or the master could not read them."""
        if not self.ready.wait(timeout):
            raise PromptError(f"no prompts from the Locust master within {timeout:.0f} s")
        if self.error:
            raise PromptError(self.error)
        return self.prompts


POOL = PromptPool()


@events.init_command_line_parser.add_listener
def add_arguments(parser: Any) -> None:
    """Options travel from the master to the workers with every spawn message."""
    parser.add_argument(
        "--target-model",
        default="distilbert",
        help="archive TargetModelUser sends to: POST /predictions/<name> (e.g. distilbert-onnx)",
    )
    parser.add_argument(
        "--prompts-file",
        default=str(DEFAULT_PROMPTS),
        help="prompts, read by the master only: .jsonl (text field), .csv (text column) or one per line",
    )
    parser.add_argument(
        "--prompt-mix",
        choices=MIXES,
        default="mixed",
        help="short: prompts of at most 20 words; long: the others; mixed: all",
    )
    parser.add_argument(
        "--progress-every",
        type=float,
        default=DEFAULT_INTERVAL_SECONDS,
        help="seconds between progress lines on stdout (requests, failures, req/s, p50/p99); 0: none",
    )
    parser.add_argument(
        "--answer-labels",
        default="",
        help="LabelUser only: the labels a bare-label answer may be, comma-separated (default: any)",
    )
    # Kept out of the web UI, which would otherwise embed the key in its page (the UI listens on
    # every interface by default).
    parser.add_argument(
        "--inference-key",
        default="",
        env_var=KEY_ENV,
        include_in_web_ui=False,
        help=f"TorchServe inference token (default: ${KEY_ENV}, else ./{KEY_FILE} when present)",
    )


@events.init.add_listener
def on_init(environment: Environment, **_kwargs: Any) -> None:
    """Workers wait for prompts from the master; the master and a local run read them, once here
    to stop a run with a bad prompt file before any user starts."""
    runner = environment.runner
    if isinstance(runner, WorkerRunner):
        runner.register_message(PROMPTS_REPLY, on_prompts_reply)
        return
    try:
        read_prompts(environment)
    except PromptError as error:
        raise SystemExit(f"error: {error}") from None
    if isinstance(runner, MasterRunner):
        runner.register_message(PROMPTS_REQUEST, on_prompts_request)


@events.test_start.add_listener
def on_test_start(environment: Environment, **_kwargs: Any) -> None:
    """Prompts are selected per test, so options changed in the web UI apply to the next test."""
    POOL.reset()
    runner = environment.runner
    if isinstance(runner, WorkerRunner):
        runner.send_message(PROMPTS_REQUEST)
        return
    warn_about_mixed_users(environment)
    start_progress(environment)
    if not isinstance(runner, MasterRunner):
        fill_pool(environment)


@events.test_stop.add_listener
def on_test_stop(environment: Environment, **_kwargs: Any) -> None:
    stop_progress()


# The greenlet printing progress lines of the current test (master or local runner only: the
# master's stats already aggregate the workers').
PROGRESS: list[gevent.Greenlet] = []


def start_progress(environment: Environment) -> None:
    stop_progress()
    interval = float(getattr(environment.parsed_options, "progress_every", 0) or 0)
    if interval > 0:
        PROGRESS.append(gevent.spawn(report_progress, environment, interval, time.monotonic()))


def stop_progress() -> None:
    while PROGRESS:
        PROGRESS.pop().kill(block=False)


def report_progress(environment: Environment, interval: float, started: float) -> None:
    """A line every ``interval`` seconds from Locust's live Aggregated stats; --only-summary runs
    would otherwise print nothing until the end."""
    label = ",".join(target_names(environment))
    while True:
        gevent.sleep(interval)
        snapshot = live_snapshot(environment, time.monotonic() - started)
        sys.stdout.write(progress_line(snapshot, label) + "\n")
        sys.stdout.flush()


def live_snapshot(environment: Environment, elapsed_s: float) -> Snapshot:
    total = environment.stats.total

    def percentile(share: float) -> float:
        return float(total.get_response_time_percentile(share)) if total.num_requests else math.nan

    return Snapshot(
        elapsed_s=elapsed_s,
        requests=total.num_requests,
        failures=total.num_failures,
        rps=total.current_rps,
        p50_ms=percentile(0.5),
        p99_ms=percentile(0.99),
    )


def target_names(environment: Environment) -> list[str]:
    """The archives the selected user classes send to."""
    target = environment.parsed_options.target_model
    return [
        user_class.model or target
        for user_class in environment.user_classes
        if issubclass(user_class, IntentUser)
    ]


def on_prompts_request(environment: Environment, msg: Message, **_kwargs: Any) -> None:
    try:
        reply = {"prompts": read_prompts(environment)}
    except PromptError as error:
        reply = {"error": str(error)}
    environment.runner.send_message(PROMPTS_REPLY, reply, client_id=msg.node_id)


def on_prompts_reply(environment: Environment, msg: Message, **_kwargs: Any) -> None:
    POOL.fill(msg.data.get("prompts"), msg.data.get("error"))
    logger.info("received %d prompts from the master", len(POOL.prompts))


def fill_pool(environment: Environment) -> None:
    try:
        POOL.fill(read_prompts(environment))
    except PromptError as error:
        POOL.fill(error=str(error))


def read_prompts(environment: Environment) -> list[str]:
    options = environment.parsed_options
    return load_prompts(options.prompts_file, options.prompt_mix)


def warn_about_mixed_users(environment: Environment) -> None:
    names = [user_class.__name__ for user_class in environment.user_classes]
    if len(names) > 1 and TargetModelUser.__name__ in names:
        logger.warning(
            "%s run side by side (TargetModelUser sends to %r); name the user class to run, "
            "e.g. `locust -f loadtest/locustfile.py DistilbertUser`",
            ", ".join(names),
            environment.parsed_options.target_model,
        )


def inference_key(options: Any) -> str:
    """The option (which already holds $TS_INFERENCE_KEY where it was parsed), else this process's
    environment, else the key file TorchServe writes into its working directory (this one)."""
    key = getattr(options, "inference_key", "") or os.environ.get(KEY_ENV, "")
    return key or read_keys(Path.cwd()).get("inference", "")


class IntentUser(FastHttpUser):
    """POSTs one random prompt at a time to ``/predictions/<model>`` and fails wrong answers."""

    abstract = True
    host = "http://127.0.0.1:8080"
    wait_time = constant(0)
    # FastHttpUser skips certificate checks by default; the bearer token must not go to an impostor.
    insecure = False
    # The archive this class targets; None: the --target-model option.
    model: str | None = None

    def on_start(self) -> None:
        options = self.environment.parsed_options
        self.target = self.model or options.target_model
        self.path = f"/predictions/{self.target}"
        key = inference_key(options)
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.labels: frozenset[str] | None = None
        try:
            self.prompts = POOL.wait()
        except PromptError as error:
            logger.error("%s stops: %s", type(self).__name__, error)
            raise StopUser() from None

    def predict(self) -> None:
        body = {"text": random.choice(self.prompts)}
        with self.client.post(
            self.path, json=body, headers=self.headers, name=self.path, catch_response=True
        ) as response:
            if response.status_code == 0:
                response.failure(f"no HTTP answer: {type(response.error).__name__}")
                return
            problem = self.problem(response.status_code, response.text)
            if problem:
                response.failure(problem)
                return
            response.success()
            self.learn(response.text)

    def problem(self, status: int, body: str | None) -> str | None:
        """Why this answer is wrong (None: right); ``loadtest.answers`` holds the checks."""
        return response_problem(status, body, self.target, self.labels)

    def learn(self, body: str) -> None:
        """The first right answer fixes the label set every later answer must keep."""
        self.labels = self.labels or answer_labels(json.loads(body))


class DistilbertUser(IntentUser):
    model = "distilbert"

    @tag("distilbert")
    @task
    def predict_distilbert(self) -> None:
        self.predict()


class DebertaUser(IntentUser):
    model = "deberta"

    @tag("deberta")
    @task
    def predict_deberta(self) -> None:
        self.predict()


class TargetModelUser(IntentUser):
    """Any archive, named by --target-model: distilbert-onnx, distilbert-int8, a new candidate."""

    @tag("target")
    @task
    def predict_target(self) -> None:
        self.predict()


class LabelUser(IntentUser):
    """An archive whose handler answers a bare label string, not intent-serve's JSON: the peer of
    ``make bench-peer`` (loadtest/peer/hf_example_handler.py), named by --target-model. Every
    answer must be one of --answer-labels (any single line when none are given)."""

    def on_start(self) -> None:
        super().on_start()
        given = getattr(self.environment.parsed_options, "answer_labels", "")
        self.labels = frozenset(label for label in given.split(",") if label) or None

    def problem(self, status: int, body: str | None) -> str | None:
        return label_problem(status, body, self.labels)

    def learn(self, body: str) -> None:
        """The label set comes from --answer-labels, not from answers."""

    @tag("label")
    @task
    def predict_label(self) -> None:
        self.predict()
