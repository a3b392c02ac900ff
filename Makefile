# NeuraReport — two commands on a fresh machine:
#   make demo   install everything, generate statements for two tenants x three months,
#               materialize every asset into var/dagster_home, print where the reports are
#   make test   ruff, dg check defs, pytest (fast tiers, in parallel)
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# system packages the project needs (checked with dpkg, installed with apt-get when missing)
# libharfbuzz-subset0: WeasyPrint subsets fonts with it, 2.3x faster than its fontTools fallback
APT_PACKAGES := tesseract-ocr tesseract-ocr-eng poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core shared-mime-info

export NEURAREPORT_HOME ?= $(CURDIR)/var
export DAGSTER_HOME ?= $(CURDIR)/var/dagster_home
DEV_PORT ?= 3000
API_PORT ?= 8000
API_HOST ?= 127.0.0.1

.PHONY: help install apt venv demo dev api test test-e2e fuzz lint bench bench-peers load clean

help:
	@echo "make demo   — install, generate sample statements, materialize everything, print report paths"
	@echo "make dev    — open the Dagster UI on the demo instance (http://127.0.0.1:$(DEV_PORT))"
	@echo "make api    — the upload API for client organisations (http://$(API_HOST):$(API_PORT)/docs)"
	@echo "make test   — ruff, dg check defs, pytest (unit and integration tiers, in parallel)"
	@echo "make test-e2e — the daemon, S3, Celery and PostgreSQL end-to-end tests"
	@echo "make fuzz   — mutated PDFs through the inbox and the isolated parser (FUZZ_SECONDS)"
	@echo "make bench  — extraction / mapping / rendering benchmarks beside their baselines"

apt:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip wheel

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

install: apt venv

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

demo: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/neurareport demo

dev: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dg dev --port $(DEV_PORT) --host 127.0.0.1

# the upload API is its own process beside the Dagster webserver and daemon (docs/upload-api.md)
api: install
	$(BIN)/uvicorn --factory neurareport_resources.api.app:app_factory --host $(API_HOST) --port $(API_PORT) --proxy-headers

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# chromium (Debian's package) loads the close board and the HTML report headless in the tests
test: install lint
	$(MAKE) apt APT_PACKAGES="chromium"
	@# a throwaway instance: checking definitions must not touch the demo's
	home=$$(mktemp -d) && touch $$home/dagster.yaml && DAGSTER_HOME=$$home $(BIN)/dg check defs
	$(BIN)/pytest -q -n auto -m "not slow and not e2e and not fuzz" -p no:cacheprovider

# the daemon, S3 (moto), Celery and PostgreSQL tiers: services started by .ci/run
# (nginx runs the reverse-proxy example of docs/upload-api.md in front of the Dagster UI)
test-e2e: install
	$(MAKE) apt APT_PACKAGES="nginx-light"
	$(BIN)/pytest -q -m "e2e and not slow" -p no:cacheprovider

# mutated PDFs for FUZZ_SECONDS through the inbox scan and the isolated parser
FUZZ_SECONDS ?= 120
fuzz: install
	FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/pytest -q -s -m fuzz -p no:cacheprovider tests/fuzz

bench: install bench-peers
	$(BIN)/python bench/run_all.py

# the extraction bench's peers that are not project dependencies (monopoly-core, which
# builds pdftotext against poppler) live in their own venv, never in .venv
PEER_VENV := var/bench-peers
BENCH_APT_PACKAGES := libpoppler-cpp-dev pkg-config build-essential
$(PEER_VENV)/.installed:
	$(MAKE) apt APT_PACKAGES="$(BENCH_APT_PACKAGES)"
	$(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/pip install -q --upgrade pip
	$(PEER_VENV)/bin/pip install -q 'monopoly-core==0.23.4'
	touch $@

bench-peers: $(PEER_VENV)/.installed

# backfill 20 tenants x 12 months through dagster-daemon on a fresh instance under var/load;
# prints runs launched, partitions/minute, CPU-seconds per partition (the whole process tree),
# peak memory, py-spy's five largest costs and the ledger reconciliation (docs/scale.md)
load: install
	$(BIN)/python scripts/load.py --tenants 20 --months 12 --home $(CURDIR)/var/load

clean:
	rm -rf var build *.egg-info
