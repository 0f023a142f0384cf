"""Shared fixtures: every test runs offline against temp paths, with the real embedding model.

The embedding model is loaded once per process (``assistant.embeddings`` caches it), and each
test that indexes gets its own Chroma directory under ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings, offline_environment

offline_environment()

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No MENTOR_* variable or .env file of the developer's leaks into a test."""
    for key in list(os.environ):
        if key.startswith("MENTOR_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus")


@pytest.fixture
def guides(tmp_path) -> Path:
    """A small writable corpus: two Markdown guides and three web pages."""
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "guides", root)
    shutil.copytree(FIXTURES / "web", root / "web")
    return root


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory):
    """A real index of the shipped corpus/, built once per test session."""
    from assistant.index import GuidanceIndex

    settings = Settings(index_dir=tmp_path_factory.mktemp("corpus-index"), corpus_dir=PROJECT / "corpus")
    index = GuidanceIndex(settings)
    index.ingest([PROJECT / "corpus"])
    return index


@pytest.fixture(scope="session")
def bot(corpus_index):
    """The offline assistant over the shipped corpus (shared: it is thread-safe and stateless)."""
    from assistant.answering import Assistant

    return Assistant(corpus_index.settings, index=corpus_index)
