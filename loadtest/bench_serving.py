"""What serving costs: an archive's in-process throughput against TorchServe's under Locust.

    python -m loadtest.bench_serving --models distilbert deberta
    python -m loadtest.bench_serving --models distilbert --workers 1 --batch-size 16 --max-batch-delay 20

(a) In-process: the archive is unpacked and its predictor loaded by the handler's own functions
    (``read_settings`` + ``load_predictor`` over the packed weights and model-config), then the
    prompts run through ``encode`` -> ``infer`` -> ``format`` at each torch thread count and batch
    size. The best is what one process reaches on this machine without HTTP, queueing or IPC.
(b) Served: a private TorchServe (shipped config.properties on free loopback ports, archives from
    model_store) registers the archive with --workers/--batch-size/--max-batch-delay as
    registration parameters, which override the archive's yaml, and Locust saturates it with
    short prompts. The reported settings are read back from the management API.

(c) Limit: the fastest archive at its best one-thread batch size, run in-process by one process per
    core at the same time, each on one thread (as TorchServe's workers run). Their summed
    samples/s is the most this CPU computes without serving overhead; served req/s over it is the
    share a served archive reaches.

served req/s over in-process samples/s says how much of that the current settings deliver (several
workers can exceed one process: above 1 is possible). Rerun with other settings, then write the
winners into archive/<name>.yaml; the handler's torch_threads is read from the yaml only, so trying
another value means re-archiving. The in-process side runs first, alone, so the two never share
the CPU; Locust, on the same machine, does share it with the served side.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import multiprocessing
import os
import random
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
import yaml

from common import torchserve as server
from common.archives import archive_file
from common.io import write_json
from common.paths import MODEL_STORE, REPORTS_DIR
from common.tables import markdown_table
from common.timing import SWEEP_BATCH_SIZES, measure_throughput
from loadtest import reports
from loadtest.prompts import PromptError, load_prompts
from loadtest.reports import ReportError, Result
from loadtest.run import (
    LoadTestError,
    add_load_arguments,
    check_archives,
    display_path,
    load_options,
    parse_load_args,
    preflight,
    run_directory,
    run_locust,
)
from model.predictor import IntentPredictor
from model.settings import load_predictor, read_settings

logger = logging.getLogger(__name__)

WARMUP_BATCHES = 2
SUMMARY_COLUMNS = (
    ("model", "model", "{}"),
    ("in-process best threads", "in_process_best_threads", "{}"),
    ("in-process best batch", "in_process_best_batch", "{}"),
    ("in-process samples/s", "in_process_samples_per_s", "{:.1f}"),
    ("served req/s", "served_rps", "{:.1f}"),
    ("p50 ms", "served_p50_ms", "{:.0f}"),
    ("p99 ms", "served_p99_ms", "{:.0f}"),
    ("failures", "served_failures", "{}"),
    ("served/in-process", "served_over_in_process", "{:.2f}"),
    ("served/limit", "served_over_limit", "{:.2f}"),
    ("workers", "workers", "{}"),
    ("batch size", "batch_size", "{}"),
    ("max batch delay ms", "max_batch_delay_ms", "{}"),
)
BATCH_COLUMNS = (
    ("model", "model", "{}"),
    ("threads", "threads", "{}"),
    ("batch", "batch_size", "{}"),
    ("samples/s", "samples_per_s", "{:.1f}"),
    ("ms/batch", "ms_per_batch", "{:.1f}"),
)


@dataclass
class BatchRun:
    threads: int
    batch_size: int
    samples: int
    samples_per_s: float
    ms_per_batch: float


@dataclass
class Limit:
    """The in-process ceiling of the whole CPU: ``processes`` one-thread predictors at once."""

    model: str
    batch_size: int
    processes: int
    samples_per_s: float


@dataclass
class ServedSettings:
    """What TorchServe reports it runs, not what was asked for."""

    workers: int
    batch_size: int
    max_batch_delay_ms: int


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["distilbert", "deberta"])
    parser.add_argument("--model-store", type=Path, default=MODEL_STORE)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=list(SWEEP_BATCH_SIZES))
    parser.add_argument("--samples", type=int, default=256, help="prompts per in-process batch size")
    parser.add_argument(
        "--threads",
        type=int,
        nargs="+",
        default=sorted({1, available_cores()}),
        help="in-process torch thread counts to try (default: 1 and every core)",
    )
    add_load_arguments(parser, users=16, run_time="30s", mix="short")
    parser.add_argument("--workers", type=int, default=None, help="registration initial_workers")
    parser.add_argument("--batch-size", type=int, default=None, help="registration batch_size")
    parser.add_argument("--max-batch-delay", type=int, default=None, help="registration max_batch_delay (ms)")
    parser.add_argument("--output-dir", type=Path, default=REPORTS_DIR / "bench-serving")
    return parse_load_args(parser, argv)


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def main(argv: list[str] | None = None) -> int:
    server.prepare_cli()
    args = parse_args(argv)
    try:
        prompts = load_prompts(args.data, args.prompt_mix)
        check_archives(args.model_store, args.models)
        out = run_directory(args.output_dir)
        in_process = {model: bench_in_process(args, model, prompts) for model in args.models}
        limit = bench_limit(args, in_process, prompts)
        served = bench_served(args, out)
    except (LoadTestError, PromptError, ReportError, server.ServerError) as error:
        logger.error("%s", error)
        return 2
    markdown = write_summary(out, args, in_process, served, limit)
    sys.stdout.write(f"\n{markdown}\nReports in {out}\n")
    return 1 if any(result.failures for result, _ in served.values()) else 0


# --- (a) in-process ---------------------------------------------------------------------------


def bench_in_process(args: argparse.Namespace, model: str, prompts: list[str]) -> list[BatchRun]:
    """Every thread count x batch size. Both matter: more intra-op threads rarely pay off for one short
    text, and on a busy machine they can cost far more than they bring."""
    texts = sample_texts(prompts, args.samples)
    runs = []
    with unpacked_predictor(args.model_store / archive_file(model)) as predictor:
        for threads in args.threads:
            torch.set_num_threads(threads)
            runs += [measure(predictor, texts, size) for size in args.batch_sizes]
    for run in runs:
        logger.info(
            "%s in-process, %d threads, batch %d: %.1f samples/s",
            *(model, run.threads, run.batch_size, run.samples_per_s),
        )
    return runs


def bench_limit(args: argparse.Namespace, in_process: dict[str, list[BatchRun]], prompts: list[str]) -> Limit:
    """Run the fastest one-thread configuration in one process per core, all timed together."""
    one_thread = {
        model: [run for run in runs if run.threads == 1] or runs for model, runs in in_process.items()
    }
    model = max(one_thread, key=lambda name: best(one_thread[name]).samples_per_s)
    batch_size = best(one_thread[model]).batch_size
    processes = available_cores()
    texts = sample_texts(prompts, args.samples)
    rate = measure_parallel(args.model_store / archive_file(model), texts, batch_size, processes)
    logger.info(
        "limit: %s, %d processes x 1 thread, batch %d: %.1f samples/s", model, processes, batch_size, rate
    )
    return Limit(model, batch_size, processes, rate)


def measure_parallel(archive: Path, texts: list[str], batch_size: int, processes: int) -> float:
    """Summed samples/s of ``processes`` predictors measuring at the same time (a barrier starts
    them together once each has loaded, so none runs alone)."""
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(processes), context.Queue()
    workers = [
        context.Process(target=parallel_worker, args=(archive, texts, batch_size, barrier, results))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    rates = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    return sum(rates)


def parallel_worker(archive: Path, texts: list[str], batch_size: int, barrier: Any, results: Any) -> None:
    torch.set_num_threads(1)
    with unpacked_predictor(archive) as predictor:
        predictor.predict(texts[:batch_size])
        barrier.wait()
        results.put(measure(predictor, texts, batch_size).samples_per_s)


def sample_texts(prompts: list[str], count: int) -> list[str]:
    """``count`` prompts in a fixed shuffled order, repeating the pool when it is smaller."""
    shuffled = random.Random(0).sample(prompts, len(prompts))
    return [shuffled[i % len(shuffled)] for i in range(count)]


@contextlib.contextmanager
def unpacked_predictor(archive: Path) -> Iterator[IntentPredictor]:
    """The predictor a worker would build from this archive: same weights, same handler settings."""
    with tempfile.TemporaryDirectory(prefix="bench-mar-") as tmp:
        with zipfile.ZipFile(archive) as packed:
            packed.extractall(tmp)
        yield load_predictor(tmp, read_settings(archive_model_config(Path(tmp)).get("handler")))


def archive_model_config(unpacked: Path) -> dict[str, Any]:
    manifest = json.loads((unpacked / "MAR-INF" / "MANIFEST.json").read_text())
    config_file = manifest.get("model", {}).get("configFile")
    if not config_file:
        return {}
    return yaml.safe_load((unpacked / config_file).read_text()) or {}


def measure(predictor: IntentPredictor, texts: list[str], batch_size: int) -> BatchRun:
    """The handler's path per batch: one tokenizer call, one forward pass, formatted answers."""
    row = measure_throughput(
        predictor, texts, batch_size, max_samples=len(texts), warmup=WARMUP_BATCHES, include_format=True
    )
    return BatchRun(
        torch.get_num_threads(), batch_size, len(texts), row["samples_per_s"], row["ms_per_batch"]
    )


def best(runs: list[BatchRun]) -> BatchRun:
    return max(runs, key=lambda run: run.samples_per_s)


# --- (b) served -------------------------------------------------------------------------------


def bench_served(args: argparse.Namespace, out: Path) -> dict[str, tuple[Result, ServedSettings]]:
    """One private server; each archive is registered alone, so the others' workers sit idle in no
    memory and take no CPU while it is measured."""
    home = out / "torchserve"
    config = server.write_config(home, args.model_store)
    load = load_options(args)
    served = {}
    with server.torchserve(config, home) as running:
        key = running.keys["inference"]
        for model in args.models:
            server.register(
                running,
                model,
                initial_workers=args.workers,
                batch_size=args.batch_size,
                max_batch_delay=args.max_batch_delay,
            )
            settings = served_settings(server.describe(running, model))
            preflight(running.inference, key, model)
            run_locust(running.inference, key, model, out / model, load, args.data, args.prompt_mix)
            served[model] = (reports.read_result(out / f"{model}_stats.csv", model), settings)
            server.unregister(running, model)
    return served


def served_settings(described: dict[str, Any]) -> ServedSettings:
    return ServedSettings(
        workers=len(described.get("workers", [])),
        batch_size=int(described["batchSize"]),
        max_batch_delay_ms=int(described["maxBatchDelay"]),
    )


# --- summary ----------------------------------------------------------------------------------


def write_summary(
    out: Path,
    args: argparse.Namespace,
    in_process: dict[str, list[BatchRun]],
    served: dict[str, tuple[Result, ServedSettings]],
    limit: Limit,
) -> str:
    rows = [summary_row(model, in_process[model], *served[model], limit) for model in args.models]
    markdown = summary_markdown(args, rows, in_process, limit)
    (out / "summary.md").write_text(markdown)
    document = {
        "settings": bench_settings(args),
        "limit": asdict(limit),
        "models": rows,
        "in_process": {model: [asdict(run) for run in runs] for model, runs in in_process.items()},
        "served": {model: reports.plain(result) for model, (result, _) in served.items()},
    }
    write_json(out / "summary.json", document, default=str)
    return markdown


def summary_row(
    model: str, runs: list[BatchRun], result: Result, settings: ServedSettings, limit: Limit
) -> dict[str, Any]:
    top = best(runs)
    return {
        "model": model,
        "in_process_best_threads": top.threads,
        "in_process_best_batch": top.batch_size,
        "in_process_samples_per_s": top.samples_per_s,
        "served_rps": result.rps,
        "served_p50_ms": result.p50_ms,
        "served_p99_ms": result.p99_ms,
        "served_failures": result.failures,
        "served_over_in_process": result.rps / top.samples_per_s,
        "served_over_limit": result.rps / limit.samples_per_s,
        **asdict(settings),
    }


def summary_markdown(
    args: argparse.Namespace, rows: list[dict[str, Any]], in_process: dict[str, list[BatchRun]], limit: Limit
) -> str:
    settings = ", ".join(f"{key} `{value}`" for key, value in bench_settings(args).items())
    batch_rows = [{"model": model, **asdict(run)} for model, runs in in_process.items() for run in runs]
    lines = [
        "# Serving benchmark",
        "",
        f"Settings: {settings}",
        "",
        column_table(rows, SUMMARY_COLUMNS),
        "",
        f"Limit: {limit.model} in-process, {limit.processes} processes x 1 thread at batch "
        f"{limit.batch_size}, all at once: {limit.samples_per_s:.1f} samples/s.",
        "",
        "## In-process by thread count and batch size",
        "",
        column_table(batch_rows, BATCH_COLUMNS),
    ]
    return "\n".join(lines) + "\n"


def column_table(rows: list[dict[str, Any]], columns: tuple[tuple[str, str, str], ...]) -> str:
    """``columns``: (header, row key, format) each; the model column left-aligned, numbers right."""
    return markdown_table(
        [title for title, _, _ in columns],
        [[form.format(row[key]) for _, key, form in columns] for row in rows],
        "".join("l" if key == "model" else "r" for _, key, _ in columns),
    )


def bench_settings(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "prompts": display_path(args.data),
        "prompt_mix": args.prompt_mix,
        "in_process_threads": " ".join(map(str, args.threads)),
        "samples": args.samples,
        "users": args.users,
        "run_time": args.run_time,
        "requested_workers": args.workers or "archive",
        "requested_batch_size": args.batch_size or "archive",
        "requested_max_batch_delay": args.max_batch_delay if args.max_batch_delay is not None else "archive",
        "cores": available_cores(),
    }


if __name__ == "__main__":
    sys.exit(main())
