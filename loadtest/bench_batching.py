"""Choose an archive's batching by measurement: served req/s and p99 for every batch size x max
batch delay, on short and long prompts, and the best setting that keeps p99 under a bound.

    python -m loadtest.bench_batching --models distilbert-int8 --batch-sizes 1 4 8 --max-batch-delays 0 5 10

TorchServe batches by request count and waits up to the delay to fill a batch. What that buys
depends on how a backend's cost grows with batch size and length (one padded call per batch for
PyTorch and the fused ONNX graphs), so a batch size right for short prompts can be wrong for long
ones: each setting is measured on each mix, on one private TorchServe, the archive registered anew
per setting (registration parameters override the archive's yaml). The recommendation maximises
the mean req/s over the mixes among settings whose p99 is within ``--p99-bound-ms`` on every mix;
write it into ``archive/<name>.yaml``.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import torchserve as server
from common.io import write_json
from common.paths import MODEL_STORE, REPORTS_DIR
from common.tables import markdown_table
from loadtest import reports
from loadtest.prompts import MIXES, PromptError, load_prompts
from loadtest.reports import ReportError
from loadtest.run import (
    LoadTestError,
    add_load_arguments,
    check_archives,
    load_options,
    parse_load_args,
    preflight,
    run_directory,
    run_locust,
)

logger = logging.getLogger(__name__)

COLUMNS = ("model", "mix", "batch", "delay ms", "workers", "req/s", "p50 ms", "p99 ms", "failures")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["distilbert-int8"])
    parser.add_argument("--model-store", type=Path, default=MODEL_STORE)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--max-batch-delays", type=int, nargs="+", default=[0, 5, 10], help="milliseconds")
    parser.add_argument("--prompt-mixes", nargs="+", choices=MIXES, default=["short", "long"])
    parser.add_argument("--workers", type=int, default=None, help="registration initial_workers")
    parser.add_argument("--p99-bound-ms", type=float, default=200.0)
    add_load_arguments(parser, users=8, run_time="30s", mix="short")
    parser.add_argument("--output-dir", type=Path, default=REPORTS_DIR / "bench-batching")
    return parse_load_args(parser, argv)


def sweep(args: argparse.Namespace, out: Path) -> list[dict[str, Any]]:
    """Every model x setting x mix on one private server, each archive registered alone."""
    home = out / "torchserve"
    config = server.write_config(home, args.model_store)
    load = load_options(args)
    rows = []
    with server.torchserve(config, home) as running:
        key = running.keys["inference"]
        for model, batch, delay in itertools.product(args.models, args.batch_sizes, args.max_batch_delays):
            server.register(
                running, model, initial_workers=args.workers, batch_size=batch, max_batch_delay=delay
            )
            workers = len(server.describe(running, model).get("workers", []))
            preflight(running.inference, key, model)
            for mix in args.prompt_mixes:
                prefix = out / f"{model}_b{batch}_d{delay}_{mix}"
                run_locust(running.inference, key, model, prefix, load, args.data, mix)
                result = reports.read_result(Path(f"{prefix}_stats.csv"), model)
                row = {
                    "model": model,
                    "mix": mix,
                    "batch": batch,
                    "delay ms": delay,
                    "workers": workers,
                    "req/s": round(result.rps, 1),
                    "p50 ms": round(result.p50_ms),
                    "p99 ms": round(result.p99_ms),
                    "failures": result.failures,
                }
                logger.info("%s", row)
                rows.append(row)
            server.unregister(running, model)
    return rows


def recommend(rows: list[dict[str, Any]], p99_bound_ms: float) -> dict[str, dict[str, Any] | None]:
    """Per model: the setting with the highest mean req/s over the mixes whose p99 stays within the
    bound, and without failures, on every mix; None when no setting does."""
    chosen: dict[str, dict[str, Any] | None] = {}
    for model in dict.fromkeys(row["model"] for row in rows):
        settings: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for row in rows:
            if row["model"] == model:
                settings.setdefault((row["batch"], row["delay ms"]), []).append(row)
        within = {
            setting: statistics.mean(row["req/s"] for row in runs)
            for setting, runs in settings.items()
            if all(row["p99 ms"] <= p99_bound_ms and not row["failures"] for row in runs)
        }
        if not within:
            chosen[model] = None
            continue
        (batch, delay), rps = max(within.items(), key=lambda item: item[1])
        chosen[model] = {"batch": batch, "delay ms": delay, "mean req/s": round(rps, 1)}
    return chosen


def summary_markdown(args: argparse.Namespace, rows: list[dict[str, Any]], chosen: dict[str, Any]) -> str:
    lines = [
        "# Batching sweep",
        "",
        f"Users {args.users}, {args.run_time} per cell, prompts {args.data}; "
        f"p99 bound {args.p99_bound_ms:g} ms.",
        "",
        markdown_table(list(COLUMNS), [[row[column] for column in COLUMNS] for row in rows]),
        "",
    ]
    for model, best in chosen.items():
        if best is None:
            lines.append(f"- {model}: no setting keeps p99 within {args.p99_bound_ms:g} ms on every mix")
        else:
            lines.append(
                f"- {model}: batchSize {best['batch']}, maxBatchDelay {best['delay ms']} "
                f"({best['mean req/s']} req/s mean over the mixes)"
            )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    server.prepare_cli()
    args = parse_args(argv)
    try:
        for mix in args.prompt_mixes:
            load_prompts(args.data, mix)
        check_archives(args.model_store, args.models)
        out = run_directory(args.output_dir)
        rows = sweep(args, out)
    except (LoadTestError, PromptError, ReportError, server.ServerError) as error:
        logger.error("%s", error)
        return 2
    chosen = recommend(rows, args.p99_bound_ms)
    markdown = summary_markdown(args, rows, chosen)
    (out / "summary.md").write_text(markdown)
    write_json(out / "summary.json", {"rows": rows, "recommended": chosen, "p99_bound_ms": args.p99_bound_ms})
    sys.stdout.write(f"\n{markdown}\nReports in {out}\n")
    return 1 if any(row["failures"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
