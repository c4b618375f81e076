"""intent-serve's archives against the baseline a TorchServe user starts from: ``make bench-peer``.

    python -m loadtest.bench_peer
    python -m loadtest.bench_peer --models distilbert distilbert-int8 --users 16 --run-time 30s

The peer is TorchServe's own Hugging Face example handler setup, re-implemented in
loadtest/peer/hf_example_handler.py: every request tokenized on its own and padded to 150 tokens,
TorchServe's default batch size 1, a bare label back. It runs the encoder of --checkpoint
(loadtest/peer/build.py packs it as the example's model directory), so the difference measured is
the serving path, not the weights.

One private TorchServe (the shipped config.properties on free loopback ports, a model store of its
own under the run directory holding the peer's archive and links to the intent-serve archives)
registers the peer (batch size 1) and then each intent-serve archive with its own model-config,
what ``make serve`` deploys, one at a time so the others take no CPU. Each gets the same Locust
command and prompts; the peer's answers are checked as bare labels of the checkpoint's label set
(locustfile.py's LabelUser), ours as full answers. ``reports/bench-peer/<UTC time>/summary.md``
(and ``.json``) lists req/s, p50/p99 and failures per archive and its speed-up over the peer;
Locust's CSV/HTML reports and the server's logs sit next to it.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from common import torchserve as server
from common.archives import DEFAULT_VERSION, VERSION_PATTERN, archive_file, missing_archive_message, unbuilt
from common.io import write_json
from common.paths import MODEL_STORE, REPORTS_DIR, ROOT
from common.tables import markdown_table
from loadtest import reports
from loadtest.answers import label_problem
from loadtest.bench_serving import ServedSettings, available_cores, served_settings
from loadtest.peer.build import (
    PEER_NAME,
    PEER_VERSION,
    PeerBuildError,
    PeerModel,
    build_peer_model,
    pack_peer,
)
from loadtest.prompts import PromptError, load_prompts
from loadtest.reports import ReportError, Result
from loadtest.run import (
    LoadTestError,
    add_load_arguments,
    display_path,
    load_options,
    parse_load_args,
    preflight,
    run_directory,
    run_locust,
)

logger = logging.getLogger(__name__)

DEFAULT_CHECKPOINT = ROOT / "models" / "distilbert" / "checkpoints" / "best_model"
PEER_USER = "LabelUser"
OURS_USER = "TargetModelUser"
TEXT_COLUMNS = ("model", "serving")
SUMMARY_COLUMNS = (
    ("model", "model", "{}"),
    ("serving path", "serving", "{}"),
    ("version", "version", "{}"),
    ("workers", "workers", "{}"),
    ("batch size", "batch_size", "{}"),
    ("requests", "requests", "{}"),
    ("req/s", "rps", "{:.1f}"),
    ("p50 ms", "p50_ms", "{:.0f}"),
    ("p99 ms", "p99_ms", "{:.0f}"),
    ("failures", "failures", "{}"),
    ("speed-up over peer", "speedup", "{:.2f}"),
)


@dataclass
class Measured:
    """One archive's run: what TorchServe reports it ran and what Locust measured."""

    model: str
    version: str
    peer: bool
    settings: ServedSettings
    result: Result


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--checkpoint",
        type=Path,
        default=DEFAULT_CHECKPOINT,
        help="trained checkpoint whose encoder the peer runs (default: the DistilBERT one)",
    )
    parser.add_argument(
        "--models", nargs="+", default=None, help="intent-serve archives (default: every one in the store)"
    )
    parser.add_argument("--model-store", type=Path, default=MODEL_STORE)
    parser.add_argument("--version", default=DEFAULT_VERSION, help="version of the intent-serve archives")
    add_load_arguments(parser, users=16, run_time="30s", mix="short")
    parser.add_argument("--output-dir", type=Path, default=REPORTS_DIR / "bench-peer")
    return parse_load_args(parser, argv)


def main(argv: list[str] | None = None) -> int:
    server.prepare_cli()
    args = parse_args(argv)
    try:
        load_prompts(args.data, args.prompt_mix)
        models = args.models or present_archives(args.model_store, args.version)
        check_models(args.model_store, models, args.version)
        out = run_directory(args.output_dir)
        store = out / "model_store"
        try:
            peer = stage_store(args, models, store)
            measured = bench(args, out, store, peer, models)
        finally:
            # Copies or links of archives (hundreds of MB): the report does not need them.
            shutil.rmtree(store, ignore_errors=True)
    except (LoadTestError, PromptError, ReportError, PeerBuildError, server.ServerError) as error:
        logger.error("%s", error)
        return 2
    markdown = write_summary(out, args, peer, measured)
    sys.stdout.write(f"\n{markdown}\nReports in {out}\n")
    return 1 if any(run.result.failures for run in measured) else 0


def present_archives(store: Path, version: str) -> list[str]:
    """Every intent-serve archive at ``version`` in ``store`` (the peer's name excluded)."""
    suffix = f"_{version}.mar"
    names = (path.name[: -len(suffix)] for path in store.glob(f"*{suffix}"))
    return sorted(name for name in names if name and name != PEER_NAME)


def check_models(store: Path, models: list[str], version: str) -> None:
    if not VERSION_PATTERN.fullmatch(version):
        raise LoadTestError(f"version {version!r}: use letters, digits, '.', '+' and '-'")
    if not models:
        raise LoadTestError(f"no archive at version {version} in {store}: build them with `make mar`")
    if PEER_NAME in models:
        raise LoadTestError(f"{PEER_NAME} is the peer's name; rename that archive")
    missing = unbuilt(store, models, version)
    if missing:
        raise LoadTestError(
            f"cannot benchmark {', '.join(missing)}: {missing_archive_message(store, missing, version)}"
        )


def stage_store(args: argparse.Namespace, models: list[str], store: Path) -> PeerModel:
    """The private model store: the peer's archive, built from --checkpoint, and the intent-serve
    archives (hard links where the file system allows, else copies)."""
    logger.info("building the peer archive from %s", args.checkpoint)
    with tempfile.TemporaryDirectory(prefix="peer-model-") as tmp:
        peer = build_peer_model(args.checkpoint, Path(tmp) / PEER_NAME)
        pack_peer(peer.directory, store)
    for model in models:
        name = archive_file(model, args.version)
        try:
            os.link(args.model_store / name, store / name)
        except OSError:
            shutil.copy2(args.model_store / name, store / name)
    return peer


def bench(
    args: argparse.Namespace, out: Path, store: Path, peer: PeerModel, models: list[str]
) -> list[Measured]:
    home = out / "torchserve"
    config = server.write_config(home, store)
    load = load_options(args)
    labels = frozenset(peer.labels)
    measured = []
    with server.torchserve(config, home) as running:
        key = running.keys["inference"]

        def serve(model: str, version: str, is_peer: bool) -> Measured:
            # The peer: TorchServe's default batch size 1; ours: their own model-config.
            server.register(running, model, version, batch_size=1 if is_peer else None)
            settings = served_settings(server.describe(running, model))
            if is_peer:
                preflight(
                    running.inference, key, model, lambda status, body: label_problem(status, body, labels)
                )
                user, options = PEER_USER, ["--answer-labels", ",".join(peer.labels)]
            else:
                preflight(running.inference, key, model)
                user, options = OURS_USER, []
            prompts, mix = args.data, args.prompt_mix
            run_locust(running.inference, key, model, out / model, load, prompts, mix, user, options)
            result = reports.read_result(out / f"{model}_stats.csv", model)
            server.unregister(running, model)
            return Measured(model, version, is_peer, settings, result)

        measured.append(serve(PEER_NAME, PEER_VERSION, True))
        measured += [serve(model, args.version, False) for model in models]
    return measured


def summary_rows(measured: list[Measured]) -> list[dict[str, Any]]:
    """One row per archive, the peer first; speed-up: req/s over the peer's."""
    peer_rps = next(run.result.rps for run in measured if run.peer)
    return [
        {
            "model": run.model,
            "serving": "peer: HF example handler" if run.peer else "intent-serve",
            "version": run.version,
            **asdict(run.settings),
            "requests": run.result.requests,
            "rps": run.result.rps,
            "p50_ms": run.result.p50_ms,
            "p99_ms": run.result.p99_ms,
            "failures": run.result.failures,
            "speedup": run.result.rps / peer_rps if peer_rps else float("nan"),
        }
        for run in sorted(measured, key=lambda run: not run.peer)
    ]


def summary_markdown(settings: dict[str, Any], peer: PeerModel, rows: list[dict[str, Any]]) -> str:
    described = ", ".join(f"{key} `{value}`" for key, value in settings.items())
    lines = [
        "# intent-serve against TorchServe's Hugging Face example handler",
        "",
        f"Settings: {described}",
        "",
        markdown_table(
            [title for title, _, _ in SUMMARY_COLUMNS],
            [[form.format(row[key]) for _, key, form in SUMMARY_COLUMNS] for row in rows],
            "".join("l" if key in TEXT_COLUMNS else "r" for _, key, _ in SUMMARY_COLUMNS),
        ),
        "",
        f"The peer (`{PEER_NAME}`) reproduces the serving path of TorchServe's Hugging Face example "
        "handler (loadtest/peer/hf_example_handler.py): each request tokenized on its own and padded "
        "to 150 tokens, batch size 1, a bare label back. It runs the checkpoint's "
        f"`{peer.model_type}` encoder weights unchanged; its classification head: {peer.head}.",
    ]
    return "\n".join(lines) + "\n"


def bench_settings(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "checkpoint": display_path(args.checkpoint),
        "prompts": display_path(args.data),
        "prompt_mix": args.prompt_mix,
        "users": args.users,
        "run_time": args.run_time,
        "cores": available_cores(),
    }


def write_summary(out: Path, args: argparse.Namespace, peer: PeerModel, measured: list[Measured]) -> str:
    rows = summary_rows(measured)
    settings = bench_settings(args)
    markdown = summary_markdown(settings, peer, rows)
    (out / "summary.md").write_text(markdown)
    document = {
        "settings": settings,
        "peer": {"name": PEER_NAME, "encoder": peer.model_type, "head": peer.head, "labels": peer.labels},
        "models": rows,
        "results": [reports.plain(run.result) for run in measured],
    }
    write_json(out / "summary.json", document, default=str)
    return markdown


if __name__ == "__main__":
    sys.exit(main())
