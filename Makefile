# The two commands of the README: `make serve` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test bench-test lint check schema bench clean

# `make serve PORT=8001` serves on another port. The port is bound once first: a port in use
# stops it in one line, before the site is built (MkDocs builds, then fails with a traceback),
# naming the next port nothing listens on.
PORT ?= 8000
port_problem = $(shell $(BIN)/python -c "import socket, sys; a = sys.argv[1]; base = int(a) if a.isdigit() else 8000; sys.excepthook = lambda t, e, tb: print(f'{getattr(e, \"strerror\", None) or e}. Choose a free port: make serve PORT={next(p for p in range(base + 1, 65536) if socket.socket().connect_ex((\"127.0.0.1\", p)))}'); s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', int(a)))" '$(PORT)')

serve: $(VENV)/.installed
	$(if $(port_problem),$(error cannot serve on port $(PORT): $(port_problem)))
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

check: $(VENV)/.installed
	$(BIN)/opsbook check

schema: $(VENV)/.installed
	$(BIN)/opsbook schema --out opsbook.schema.json

# The import contract (pyproject.toml's [tool.importlinter]) first: a layer broken fails in a second.
# The tests run on TEST_WORKERS processes (pytest-xdist); TEST_WORKERS=0 runs them in this one.
# A worker with nothing left takes tests queued for the other (worksteal), and the tests marked
# slow start first: the workers end together.
TEST_WORKERS ?= 2
test: $(VENV)/.installed-test
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The tests of the benchmark harness (the `bench` marker, left out of `make test`): about 35 s.
bench-test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m bench $(PYTEST_ARGS)

# What CI and pre-commit check besides the tests: lint, format, types, the import contract.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/ruff format --check plugins tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# The benchmark table of benchmarks/README.md (about an hour on two cores); BENCH_ARGS narrows it.
BENCH_ARGS ?= --workflows 100 500 1000 --commits 2000 --rounds 3
bench: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf site $(VENV)
