# intent-serve: `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BIN ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)
export HF_HUB_OFFLINE ?= 1
export TOKENIZERS_PARALLELISM ?= false

MODEL ?= distilbert
SEED ?= 42
EXAMPLES_PER_INTENT ?= 500
EDGE_CASES ?= 1000
GENERATED := data/generated/distilbert_training_data.json
PROCESSED := data/processed

CHECKPOINT = models/$(1)/checkpoints/best_model/model.safetensors

.PHONY: help install test lint data bench-features train train-all bench-train mlflow-ui clean

help: ## List every target with what it does
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-nodeps.txt
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-nodeps.txt
	touch $@

install: $(VENV)/.installed ## Create .venv with every pinned dependency (registries only, idempotent)

test: install ## Lint, then run the whole test suite (the command CI runs)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

$(GENERATED): install
	$(PY) -m training.generate_data --examples-per-intent $(EXAMPLES_PER_INTENT) \
		--edge-cases $(EDGE_CASES) --seed $(SEED) --output $@

$(PROCESSED)/label_map.json: $(GENERATED)
	$(PY) -m training.prepare_data --input $< --output-dir $(PROCESSED) --seed $(SEED)

data: $(PROCESSED)/label_map.json ## Generate synthetic prompts and write leakage-free train/val/test splits

models/%/checkpoints/best_model/model.safetensors: | $(PROCESSED)/label_map.json
	$(PY) -m training.train --config configs/$*.yaml --run-name $*

train: $(PROCESSED)/label_map.json ## Train one model: make train MODEL=distilbert|deberta (always retrains)
	$(PY) -m training.train --config configs/$(MODEL).yaml --run-name $(MODEL)

train-all: $(call CHECKPOINT,distilbert) $(call CHECKPOINT,deberta) ## Train both offline defaults (skips ones already trained)

mlflow-ui: install ## Serve the MLflow tracking UI on http://127.0.0.1:5000
	$(VENV)/bin/mlflow ui --backend-store-uri sqlite:///mlruns/mlflow.db --host 127.0.0.1 --port 5000

bench-features: $(PROCESSED)/label_map.json ## Complexity-feature throughput on one core (target: >= 20,000 prompts/s)
	$(PY) -m training.bench_features

clean: ## Remove generated data, models, archives and reports (keeps .venv)
	rm -rf data models model_store reports logs mlruns
