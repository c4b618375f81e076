"""Default locations, defined once: every CLI's defaults and the Makefile's agree with these.

``ROOT`` is the checkout (config.properties, configs/, model_store/, reports/ live there); data
paths are relative to the working directory, where ``make`` and the CLIs run.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROCESSED_DIR = Path("data") / "processed"
TRAIN_SPLIT = PROCESSED_DIR / "train.jsonl"
TEST_SPLIT = PROCESSED_DIR / "test.jsonl"
MODEL_STORE = ROOT / "model_store"
REPORTS_DIR = ROOT / "reports"
TS_CONFIG = ROOT / "config.properties"
