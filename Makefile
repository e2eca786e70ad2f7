# Two commands do all the set-up on a fresh machine (Python 3.11+ and make are all it needs):
#   make run    start the app on http://localhost:8501
#   make test   lint, type-check and run the whole test suite
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export UV_COMPILE_BYTECODE := 1
export UV_PYTHON_DOWNLOADS := never
PORT ?= 8501
REPLICAS ?= 2

.PHONY: setup run test lint bench load cluster

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet "uv==0.13.9"

setup: $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	$(UV) sync --frozen --quiet

run: setup
	$(UV) run --frozen python app.py --server.port $(PORT)

# The live room scaled out: REPLICAS app processes over PostgreSQL (DATABASE_URL) behind HAProxy
# (Debian's haproxy package) on PORT, as deploy/haproxy.cfg says. See the README, "Scale-out".
cluster: setup
	$(UV) run --frozen python -m deploy.cluster --replicas $(REPLICAS) --port $(PORT)

lint: setup
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy app.py pages ui assessment bench deploy

test: lint
	$(UV) run --frozen pytest

bench: setup
	$(UV) run --frozen python -m bench.run

# A room of N phones against one app process, SQLite and PostgreSQL (about 25 minutes).
# Options pass through: make load ARGS="--people 50,200 --db sqlite"; against clusters of 1
# and 2 replicas behind HAProxy: make load ARGS="--replicas 1,2 --people 100,200,400"
load: setup
	$(UV) run --frozen python -m bench.load $(ARGS)
