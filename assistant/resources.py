"""The files the package ships under ``assistant/data``: the default guidance corpus, the prompt
templates, the eval datasets and thresholds, the calibration and the word lists.

They are read through ``importlib.resources``, so an installed wheel finds them wherever it is run
from. The package must be installed as files (a wheel, or ``pip install -e``), not zipped: Chroma
and the loaders read real paths.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_dir() -> Path:
    """``assistant/data`` of the installed package."""
    return Path(str(resources.files("assistant").joinpath("data")))


def corpus_dir() -> Path:
    """The default guidance corpus (Markdown, English and Turkish)."""
    return data_dir() / "corpus"


def prompts_dir() -> Path:
    """The prompt templates of the LLM generators and the output guard."""
    return data_dir() / "prompts"


def evals_dir() -> Path:
    """The eval datasets, their documents and ``thresholds.yaml``."""
    return data_dir() / "evals"


def read_text(name: str) -> str:
    """A data file by its name under ``assistant/data`` (``"domain.txt"``)."""
    return resources.files("assistant").joinpath("data", name).read_text(encoding="utf-8")
