"""Shared fixtures: every test runs offline against temp paths, with the real embedding model.

Tiers (markers): ``unit`` tests load no model and open no Chroma (a fixture makes either an
error), ``integration`` tests use the real models and Chroma (the default for an unmarked test),
``system`` tests run the product as a user does (browser, wheel, servers, load, kill -9).
``make test-fast`` runs the unit tier; ``make test`` runs every tier and the eval.

The embedding model is loaded once per process (``assistant.encoders.embeddings`` caches it), and each
test that indexes gets its own Chroma directory under ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.resources import data_dir
from assistant.settings import Settings, offline_environment

offline_environment()

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).parent.parent
DATA = data_dir()  # the packaged corpus, prompts and eval datasets


TIERS = ("unit", "integration", "system")
# a test using one of these runs the product as a user does: a real browser or a served page
SYSTEM_FIXTURES = {"browser", "server", "site"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SYSTEM_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("unit"):
            item.add_marker(pytest.mark.system)
        if not any(item.get_closest_marker(t) for t in TIERS):
            item.add_marker(pytest.mark.integration)


_TIER_TIMES: dict[str, list[float]] = {}


def pytest_runtest_logreport(report):
    """Adds each test's setup, call and teardown time to its tier (printed at the end)."""
    tier = next((t for t in TIERS if t in report.keywords), "integration")
    entry = _TIER_TIMES.setdefault(tier, [0, 0.0])
    entry[0] += report.when == "call"
    entry[1] += report.duration


def pytest_terminal_summary(terminalreporter):
    if _TIER_TIMES:
        terminalreporter.section("time per tier")
        for tier in TIERS:
            if tier in _TIER_TIMES:
                count, seconds = _TIER_TIMES[tier]
                terminalreporter.write_line(f"{tier:<12} {count:>4} tests {seconds:>8.1f} s")


class ModelInUnitTest(RuntimeError):
    """A unit test reached for a model or Chroma: mark it ``integration`` or give it a fake."""


@pytest.fixture(autouse=True)
def _unit_tests_load_no_model(request, monkeypatch):
    if request.node.get_closest_marker("unit") is None:
        return

    def refuse(*args, **kwargs):
        raise ModelInUnitTest(f"{request.node.nodeid} is a unit test: no models, no Chroma")

    import chromadb

    import assistant.encoders.embeddings
    import assistant.encoders.multilingual

    monkeypatch.setattr(assistant.encoders.embeddings, "_load", refuse)
    monkeypatch.setattr(assistant.encoders.multilingual.MultilingualScorer, "__init__", refuse)
    monkeypatch.setattr(chromadb, "PersistentClient", refuse)
    monkeypatch.setattr(chromadb, "HttpClient", refuse)


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
    from assistant.store.index import GuidanceIndex

    settings = Settings(index_dir=tmp_path_factory.mktemp("corpus-index"), corpus_dir=DATA / "corpus")
    index = GuidanceIndex(settings)
    index.ingest([DATA / "corpus"])
    return index


@pytest.fixture(scope="session")
def bot(corpus_index):
    """The offline assistant over the shipped corpus (shared: it is thread-safe and stateless)."""
    from assistant.answering.assistant import Assistant

    return Assistant(corpus_index.settings, index=corpus_index)
