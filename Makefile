# intent-serve: `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help
# Prerequisites of the archive, training and export rules are computed per target ($$*, $$@).
.SECONDEXPANSION:

# --- Variables (override any on the command line: make loadtest USERS=16) -----------------------
PYTHON_BIN ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --quiet --disable-pip-version-check
export HF_HUB_OFFLINE ?= 1
export TOKENIZERS_PARALLELISM ?= false

# Data and training
MODEL ?= distilbert
SEED ?= 42
EXAMPLES_PER_INTENT ?= 250
EDGE_CASES ?= 500
GENERATED := data/generated/distilbert_training_data.json
PROCESSED := data/processed
BANKING77 := training/datasets/banking77
HANDWRITTEN := training/datasets/handwritten/prompts.jsonl
REAL_DEV := training/datasets/real_prompts_dev/prompts.jsonl
# The int8 gate's limit on the 160 real prompts, in points (one prompt is 0.625; docs/measurements.md).
REAL_DEV_MAX_DROP ?= 2
# Encoder nodes the int8 model keeps fp32, by name part (e.g. "embeddings ffn/lin2"); empty: all int8.
INT8_KEEP_FP32 ?= embeddings

# Archives and the local TorchServe (docs/serving.md). Override DISTILBERT_CHECKPOINT /
# DEBERTA_CHECKPOINT / VERSION to archive your own checkpoints: archives are
# model_store/<name>_<VERSION>.mar, so versions sit side by side (common/archives.py).
CHECKPOINT_DIR = models/$(1)/checkpoints/best_model
DISTILBERT_CHECKPOINT ?= $(call CHECKPOINT_DIR,distilbert)
DEBERTA_CHECKPOINT ?= $(call CHECKPOINT_DIR,deberta)
VERSION ?= 1.0
MODEL_STORE := model_store
SERVE_MODELS ?= distilbert-int8 distilbert deberta
MANAGEMENT_API := http://127.0.0.1:8081
ARCHIVE_CONFIG ?= $(firstword $(wildcard archive/$(NAME).yaml) archive/distilbert.yaml)
TEXT ?= Write a Python function that merges two sorted lists.

# Load tests (docs/loadtest.md). Optional: SPAWN_RATE (default: USERS, all at once), PROMPTS
# (.jsonl/.csv/.txt), PROMPT_MIX (short|long|mixed), LOADTEST_HOST (a server elsewhere; token in
# $$TS_INFERENCE_KEY), WORKERS / BATCH_SIZE / MAX_BATCH_DELAY (registration overrides).
USERS ?= 8
RUN_TIME ?= 60s
MODELS ?= distilbert deberta
STEP_USERS ?= 4
STEP_TIME ?= 30
STEP_MAX_USERS ?= 32
BENCH_USERS ?= 16
BENCH_RUN_TIME ?= 30s
BATCH_SIZES ?= 1 4 8
DELAYS ?= 0 5 10
FAULT_USERS ?= 8
FAULT_RUN_TIME ?= 60s
KILL_AFTER ?= 20
SOAK_USERS ?= 4
SOAK_TIME ?= 10m

# --- Helpers -------------------------------------------------------------------------------------
# Long steps announce themselves: $(call PHASE,4,training deberta) prints
# "[03:12] phase 4/6: training deberta (elapsed 15m02s)" (numbered when the goal is make mar), so a
# first make mar (most of an hour) shows where it is. Plain shell: it runs before .venv exists.
MAKE_STARTED := $(shell date +%s)
PHASE = @s=$$(( $$(date +%s) - $(MAKE_STARTED) )); printf '[%s] %s (elapsed %dm%02ds)\n' "$$(date +%H:%M)" \
	"$(if $(and $(1),$(filter mar,$(MAKECMDGOALS))),phase $(1)/6: )$(2)" $$((s / 60)) $$((s % 60))
LINT = $(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .
# The checkpoint an archive is built from: deberta* archives from DeBERTa, the rest from DistilBERT.
ARCHIVE_CHECKPOINT = $(if $(filter deberta%,$(1)),$(DEBERTA_CHECKPOINT),$(DISTILBERT_CHECKPOINT))
# What an archive is rebuilt from: its checkpoint's weights, its ONNX graphs for an ONNX archive,
# its model-config, and the code it packs.
ARCHIVE_INPUTS = archive/$(1).yaml $(call ARCHIVE_CHECKPOINT,$(1))/model.safetensors \
	$(if $(findstring -onnx,$(1))$(findstring -int8,$(1)),$(call ARCHIVE_CHECKPOINT,$(1))/onnx/model.int8.onnx)
SERVING_SOURCES := $(wildcard model/*.py) handlers/intent_handler.py
# Data is a prerequisite of training and export only while their output is missing: a checkpoint
# that exists must not regenerate data/ just because an archive depends on it.
DATA_UNLESS_BUILT = $$(if $$(wildcard $$@),,$(PROCESSED)/label_map.json)
# Keys live in key_file.json, written by TorchServe at start; recipes read them silently (no echo).
API_KEY = $(PY) -m archive.api_key
SERVE = $(PY) -m archive.serve
# make predict / unregister name a version only when VERSION is given on the command line; else
# TorchServe's default version of MODEL.
GIVEN_VERSION = $(if $(filter command line,$(origin VERSION)),$(VERSION))
PREDICT_VERSION = $(if $(GIVEN_VERSION),--version $(GIVEN_VERSION))
REGISTER_OPTIONS = $(if $(WORKERS),--workers $(WORKERS)) $(if $(BATCH_SIZE),--batch-size $(BATCH_SIZE)) \
	$(if $(MAX_BATCH_DELAY),--max-batch-delay $(MAX_BATCH_DELAY))
EXPORT_ONNX = $(PY) -m training.export_onnx --quantize --test-data $(PROCESSED)/test.jsonl --test-data $(REAL_DEV):$(REAL_DEV_MAX_DROP) \
	--keep-fp32 $(INT8_KEEP_FP32) --checkpoint
PROMPT_OPTIONS = $(if $(PROMPTS),--data $(PROMPTS)) $(if $(PROMPT_MIX),--prompt-mix $(PROMPT_MIX))
LOADTEST = $(PY) -m loadtest.run --models $(MODELS) $(PROMPT_OPTIONS) $(if $(LOADTEST_HOST),--host $(LOADTEST_HOST))
RELIABILITY = $(PY) -m loadtest.reliability
# Real prompts: SERVED="distilbert distilbert-int8" scores registered archives through the inference
# API; otherwise every trained checkpoint (or EVAL_CHECKPOINTS="name=dir[:backend] ...") in-process.
EVAL_CHECKPOINTS ?= $(if $(SERVED),,$(foreach m,distilbert deberta,$(if $(wildcard $(call CHECKPOINT_DIR,$(m))/model.safetensors),$(m)=$(call CHECKPOINT_DIR,$(m)))))

.PHONY: help install test test-fast lint data bench-features bench-encoders bench-explain train train-all bench-train bench-train-speed seed-sweep bench-oos mlflow-ui clean

help: ## List every target with what it does
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

# --- Install, lint, test -------------------------------------------------------------------------
# The project itself is installed editable with every extra; requirements.txt pins every version.
$(VENV)/.installed: pyproject.toml requirements.txt requirements-nodeps.txt
	$(call PHASE,1,installing .venv (pinned dependencies))
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PIP) install -c requirements.txt -e '.[train,loadtest,dev]'
	$(PIP) install --no-deps -r requirements-nodeps.txt
	touch $@

install: $(VENV)/.installed ## Install the project editable into .venv with every pinned dependency (idempotent)

test: install ## Lint, then run the whole test suite (the command CI runs)
	$(LINT)
	$(PY) -m pytest -q

test-fast: install ## Lint, then the tests that start no TorchServe and run no training or export
	$(LINT)
	$(PY) -m pytest -q -m "not serving and not slow"

lint: install ## ruff check and format check
	$(LINT)

# --- Data and training ---------------------------------------------------------------------------
$(GENERATED): install
	$(call PHASE,2,generating synthetic training data)
	$(PY) -m training.generate_data --examples-per-intent $(EXAMPLES_PER_INTENT) \
		--edge-cases $(EDGE_CASES) --seed $(SEED) --output $@

$(PROCESSED)/label_map.json: $(GENERATED)
	$(call PHASE,2,splitting the data)
	$(PY) -m training.prepare_data --data $< --output-dir $(PROCESSED) --seed $(SEED)

data: $(PROCESSED)/label_map.json ## Generate synthetic prompts and write leakage-free train/val/test splits

# --resume: a training that make interrupted continues from its last epoch checkpoint.
models/%/checkpoints/best_model/model.safetensors: | $(DATA_UNLESS_BUILT)
	$(call PHASE,$(if $(filter deberta,$*),4,3),training $* (resumes if interrupted))
	$(PY) -m training.train --train-config configs/$*.yaml --run-name $* --resume

train: $(PROCESSED)/label_map.json ## Train one model: make train MODEL=distilbert|deberta [RESUME=1: continue an interrupted run] (else retrains)
	$(PY) -m training.train --train-config configs/$(MODEL).yaml --run-name $(MODEL) $(if $(RESUME),--resume)

train-all: $(call CHECKPOINT_DIR,distilbert)/model.safetensors $(call CHECKPOINT_DIR,deberta)/model.safetensors ## Train both offline defaults (skips ones already trained)

bench-train: install ## Train the offline DistilBERT on Banking77 (real queries) and report test accuracy
	$(PY) -m training.train --train-config configs/distilbert.yaml --data $(BANKING77)/train.csv \
		--test-data $(BANKING77)/test.csv --labels-file $(BANKING77)/categories.json \
		--num-epochs $(or $(EPOCHS),4) --output-dir models/banking77 --run-name banking77 --benchmark

bench-train-speed: $(PROCESSED)/label_map.json ## Training samples/s of configs/MODEL.yaml next to a plain transformers Trainer, and a profiled step → reports/bench-train-speed/<time>/ [STEPS]
	$(PY) -m training.bench_train_speed --train-config configs/$(MODEL).yaml --steps $(or $(STEPS),40)

seed-sweep: $(PROCESSED)/label_map.json ## Train configs/MODEL.yaml once per seed, score each run on the real dev set: mean and spread → reports/seed-sweep/MODEL/ [SEEDS EPOCHS HOLD_OUT="files" HOLD_OUT_TRAIN=half|none SWEEP_DIR]
	$(PY) -m training.seed_sweep --train-config configs/$(MODEL).yaml --seeds $(or $(SEEDS),1 2 3) --data $(GENERATED) \
		$(if $(EPOCHS),--num-epochs $(EPOCHS)) $(if $(HOLD_OUT),--hold-out $(HOLD_OUT) --hold-out-train $(or $(HOLD_OUT_TRAIN),half)) \
		--output-dir $(or $(SWEEP_DIR),reports/seed-sweep/$(MODEL))

bench-oos: install ## Out-of-scope detection on Banking77: train on 75% of the classes, score the held-out rest → reports/bench-oos/<time>/ [EPOCHS REUSE=1]
	$(PY) -m training.bench_oos --train-config configs/distilbert.yaml --data $(BANKING77) \
		--num-epochs $(or $(EPOCHS),3) --work-dir models/bench-oos --output-dir reports/bench-oos $(if $(REUSE),--reuse)

mlflow-ui: install ## Serve the MLflow tracking UI on http://127.0.0.1:5000
	$(VENV)/bin/mlflow ui --backend-store-uri sqlite:///mlruns/mlflow.db --host 127.0.0.1 --port 5000

bench-features: $(PROCESSED)/label_map.json ## Feature throughput on one core: hand-written (typical) and generated (long) prompts
	$(PY) -m training.bench_features --data $(HANDWRITTEN) --repeat 9
	$(PY) -m training.bench_features --data $(PROCESSED)/train.jsonl

bench-encoders: install ## One-thread training-step and inference cost of the offline encoders (DeBERTa bucket variants, the former random xsmall)
	$(PY) -m training.bench_encoders

bench-explain: install ## One-thread latency (p50/p99) of explaining a 30-token prompt: DISTILBERT_CHECKPOINT if trained, else the untrained architecture
	$(PY) -m training.bench_explain --checkpoint $(DISTILBERT_CHECKPOINT)

clean: ## Remove generated data, models, archives and reports (keeps .venv)
	rm -rf data models model_store reports logs mlruns

# --- Archives: one rule for every archive/<name>.yaml, rebuilt only when an input changed ---------
.PHONY: mar mar-onnx archive serve register set-default predict explain describe unregister stop restart

$(MODEL_STORE)/%_$(VERSION).mar: $$(call ARCHIVE_INPUTS,$$*) $(SERVING_SOURCES)
	$(call PHASE,6,archiving $@)
	$(PY) -m archive.build --name $* --checkpoint $(call ARCHIVE_CHECKPOINT,$*) \
		--model-config archive/$*.yaml --version $(VERSION) --output-dir $(MODEL_STORE)

MAR_ARCHIVES := $(foreach m,distilbert deberta distilbert-int8,$(MODEL_STORE)/$(m)_$(VERSION).mar)
# Checkpoints and the export first, so the phases run in order: train, train, export, archive.
MAR_INPUTS := $(DISTILBERT_CHECKPOINT)/model.safetensors $(DEBERTA_CHECKPOINT)/model.safetensors \
	$(DISTILBERT_CHECKPOINT)/onnx/model.int8.onnx
mar: $(MAR_INPUTS) $(MAR_ARCHIVES) ## Build what make serve deploys: model_store/{distilbert,deberta,distilbert-int8}_VERSION.mar (trains and exports missing ones)
	$(call PHASE,,done: $(MAR_ARCHIVES); next: make serve)

mar-onnx: $(MODEL_STORE)/distilbert-onnx_$(VERSION).mar $(MODEL_STORE)/distilbert-int8_$(VERSION).mar ## Archive DistilBERT's checked ONNX graphs: model_store/distilbert-{onnx,int8}_VERSION.mar

archive: ## Archive one checkpoint: make archive NAME=x CHECKPOINT=dir [ARCHIVE_CONFIG=yaml VERSION=1.0]
	@test -n "$(NAME)" -a -n "$(CHECKPOINT)" || { \
		echo "usage: make archive NAME=<name> CHECKPOINT=<checkpoint dir> [ARCHIVE_CONFIG=<yaml>] [VERSION=<v>]" >&2; \
		exit 2; }
	$(PY) -m archive.build --name $(NAME) --checkpoint $(CHECKPOINT) --model-config $(ARCHIVE_CONFIG) \
		--version $(VERSION) --output-dir $(MODEL_STORE)

# --- The local TorchServe (archive/serve.py over common/torchserve.py, the launcher the tests use):
# it unsets PYTHONPATH so workers import the model/ packed in the archive, waits until /ping answers,
# and registers SERVE_MODELS found in model_store. TorchServe saves its running state (models,
# versions, workers) under logs/config/ after every management change; make restart starts from the
# newest of those snapshots.
serve: install ## Start TorchServe (config.properties, logs/), wait until healthy, register SERVE_MODELS at VERSION found in model_store
	$(SERVE) start --ts-config config.properties --models $(SERVE_MODELS) --version $(VERSION) $(REGISTER_OPTIONS)

register: ## Register model_store/MODEL_VERSION.mar: make register MODEL=distilbert VERSION=2.0 [WORKERS=2 BATCH_SIZE=8 MAX_BATCH_DELAY=10]
	$(SERVE) register --ts-config config.properties --model $(MODEL) --version $(VERSION) $(REGISTER_OPTIONS)

set-default: ## Make a registered VERSION the one /predictions/MODEL answers: make set-default MODEL=distilbert VERSION=2.0
	$(SERVE) set-default --ts-config config.properties --model $(MODEL) --version $(VERSION)

predict: ## Classify TEXT with a registered MODEL: make predict MODEL=distilbert TEXT="Explain recursion" [VERSION=2.0]
	@$(SERVE) predict --ts-config config.properties --model $(MODEL) $(PREDICT_VERSION) \
		--text '$(subst ','\'',$(TEXT))'

explain: ## Per-word attributions of TEXT's intent from a registered MODEL: make explain MODEL=distilbert TEXT="Translate 'hi' into French" [VERSION=2.0]
	@$(SERVE) explain --ts-config config.properties --model $(MODEL) $(PREDICT_VERSION) \
		--text '$(subst ','\'',$(TEXT))'

describe: ## What a registered MODEL says about itself (labels, data, metrics, calibration, hashes): make describe MODEL=distilbert [VERSION=2.0]
	@key=$$($(API_KEY) management) && curl -sS --fail-with-body -H "Authorization: Bearer $$key" \
		"$(MANAGEMENT_API)/models/$(MODEL)$(if $(GIVEN_VERSION),/$(GIVEN_VERSION))?customized=true"

unregister: ## Remove MODEL (its default version, or VERSION) from the running server: make unregister MODEL=distilbert [VERSION=2.0]
	@key=$$($(API_KEY) management) && curl -sS --fail-with-body -X DELETE \
		-H "Authorization: Bearer $$key" "$(MANAGEMENT_API)/models/$(MODEL)$(if $(GIVEN_VERSION),/$(GIVEN_VERSION))"

stop: ## Stop the TorchServe started by make serve
	$(SERVE) stop

restart: install ## Stop TorchServe if it runs, start it from its newest snapshot: registered models come back
	$(SERVE) restart

# --- ONNX export, comparison and evaluation (training/export_onnx.py, compare_models.py, eval_real.py)
# Both need the labelled test split; the export keeps model.onnx / model.int8.onnx only once verified.
.PHONY: onnx compare eval-handwritten eval-real

onnx: $(call CHECKPOINT_DIR,$(MODEL))/model.safetensors | $(PROCESSED)/label_map.json ## Export MODEL to ONNX, check parity, int8-quantize behind the accuracy gate: make onnx MODEL=distilbert
	$(EXPORT_ONNX) $(call CHECKPOINT_DIR,$(MODEL))

# Any checkpoint directory (DISTILBERT_CHECKPOINT=... included), not only models/<name>/.
%/onnx/model.int8.onnx: %/model.safetensors | $(DATA_UNLESS_BUILT)
	$(call PHASE,5,exporting $* to ONNX and quantizing it to int8)
	$(EXPORT_ONNX) $*

compare: $(foreach m,distilbert deberta,$(call CHECKPOINT_DIR,$(m))/model.safetensors) $(call CHECKPOINT_DIR,distilbert)/onnx/model.int8.onnx ## Compare DistilBERT, DeBERTa and DistilBERT's ONNX fp32/int8 variants into reports/comparison/ [THREADS=n]
	$(PY) -m training.compare_models --test-data $(PROCESSED)/test.jsonl --benchmark \
		--checkpoint distilbert=$(call CHECKPOINT_DIR,distilbert) --checkpoint deberta=$(call CHECKPOINT_DIR,deberta) \
		--checkpoint distilbert-onnx=$(call CHECKPOINT_DIR,distilbert):onnx \
		--checkpoint distilbert-int8=$(call CHECKPOINT_DIR,distilbert):onnx-int8 \
		$(if $(THREADS),--threads $(THREADS)) --output-dir reports/comparison

eval-handwritten: $(foreach m,distilbert deberta,$(call CHECKPOINT_DIR,$(m))/model.safetensors) ## Score both models on 120 hand-written prompts no generator template produced
	$(PY) -m training.compare_models --test-data $(HANDWRITTEN) \
		--checkpoint distilbert=$(call CHECKPOINT_DIR,distilbert) --checkpoint deberta=$(call CHECKPOINT_DIR,deberta) \
		--output-dir reports/handwritten

eval-real: install ## Score checkpoints or SERVED archives on the 160-prompt real dev set → reports/eval-real/ [PRIOR_STRENGTH]
	$(PY) -m training.eval_real --test-data $(REAL_DEV) $(addprefix --checkpoint ,$(EVAL_CHECKPOINTS)) \
		$(addprefix --served ,$(SERVED)) $(if $(PRIOR_STRENGTH),--prior-strength $(PRIOR_STRENGTH)) \
		--output-dir reports/eval-real

# --- Load tests and serving benchmarks (loadtest/, docs/loadtest.md) ----------------------------
# make loadtest USERS=16 RUN_TIME=2m MODELS="distilbert distilbert-int8" PROMPT_MIX=short
# Reliability runs (fault, soak) start a private TorchServe for one archive, MODEL.
.PHONY: loadtest loadtest-steps bench-serving bench-onnx bench-batching bench-peer fault soak

loadtest: install ## Locust against each of MODELS in turn (starts TorchServe if none answers) → reports/loadtest/<time>/ [USERS RUN_TIME SPAWN_RATE]
	$(LOADTEST) --users $(USERS) --run-time $(RUN_TIME) $(if $(SPAWN_RATE),--spawn-rate $(SPAWN_RATE))

loadtest-steps: install ## Step load to find each archive's saturation point [STEP_USERS STEP_TIME STEP_MAX_USERS]
	$(LOADTEST) --steps --step-users $(STEP_USERS) --step-time $(STEP_TIME) --step-max-users $(STEP_MAX_USERS)

bench-serving: install ## In-process vs served throughput on a private TorchServe → reports/bench-serving/<time>/ [WORKERS BATCH_SIZE MAX_BATCH_DELAY]
	$(PY) -m loadtest.bench_serving --models $(MODELS) --users $(BENCH_USERS) --run-time $(BENCH_RUN_TIME) \
		$(PROMPT_OPTIONS) $(REGISTER_OPTIONS)

bench-batching: install ## Served req/s and p99 of MODELS for every BATCH_SIZES x DELAYS on short and long prompts; recommends one → reports/bench-batching/ [P99_BOUND_MS]
	$(PY) -m loadtest.bench_batching --models $(MODELS) --users $(USERS) --run-time $(BENCH_RUN_TIME) \
		--batch-sizes $(BATCH_SIZES) --max-batch-delays $(DELAYS) $(if $(PROMPTS),--data $(PROMPTS)) \
		$(if $(WORKERS),--workers $(WORKERS)) $(if $(P99_BOUND_MS),--p99-bound-ms $(P99_BOUND_MS))

bench-onnx: $(call CHECKPOINT_DIR,distilbert)/onnx/model.int8.onnx ## One-thread cost of DistilBERT's fp32/int8 graphs: padded batch vs one call per token length, short and long prompts → reports/bench-onnx/
	$(PY) -m loadtest.bench_onnx --checkpoint fp32=$(call CHECKPOINT_DIR,distilbert):onnx \
		--checkpoint int8=$(call CHECKPOINT_DIR,distilbert):onnx-int8 $(if $(PROMPTS),--data $(PROMPTS))

# The peer runs DISTILBERT_CHECKPOINT's encoder; MODELS given on the command line (or in the
# environment) narrows the intent-serve archives, else every one at VERSION in model_store.
bench-peer: install ## intent-serve archives vs TorchServe's Hugging Face example handler setup (padded to 150, batch 1) → reports/bench-peer/<time>/
	$(PY) -m loadtest.bench_peer --checkpoint $(DISTILBERT_CHECKPOINT) --version $(VERSION) \
		$(if $(filter-out default file,$(origin MODELS)),--models $(MODELS)) \
		--users $(BENCH_USERS) --run-time $(BENCH_RUN_TIME) $(PROMPT_OPTIONS)

fault: install ## Kill a worker of MODEL under Locust, count failed requests, time the recovery → reports/fault/<time>/ [KILL_AFTER]
	$(RELIABILITY) fault --model $(MODEL) --users $(FAULT_USERS) --run-time $(FAULT_RUN_TIME) \
		--kill-after $(KILL_AFTER) $(PROMPT_OPTIONS)

soak: install ## SOAK_TIME of Locust at SOAK_USERS on MODEL: failures and worker RSS growth → reports/soak/<time>/
	$(RELIABILITY) soak --model $(MODEL) --users $(SOAK_USERS) --run-time $(SOAK_TIME) $(PROMPT_OPTIONS)

# --- Demo page (demo/server.py, docs/serving.md): prompts in a browser, answered by the running
# TorchServe through a loopback proxy that adds the inference token (the browser never holds one).
DEMO_PORT ?= 8090
.PHONY: demo

demo: install ## Web page on http://127.0.0.1:DEMO_PORT: type a prompt, see the served model's answer (after make serve) [DEMO_PORT]
	$(PY) -m demo.server --port $(DEMO_PORT) --ts-config config.properties --home .
