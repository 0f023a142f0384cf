import re

import pytest
from pydantic import ValidationError

from assistant.settings import Settings

from .conftest import PROJECT

pytestmark = pytest.mark.unit


def test_reads_mentor_environment(monkeypatch):
    monkeypatch.setenv("MENTOR_CHUNK_SIZE", "700")
    monkeypatch.setenv("MENTOR_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("MENTOR_CHROMA_PORT", "9001")
    monkeypatch.setenv("MENTOR_INDEX_DIR", "/tmp/somewhere")
    s = Settings()
    assert s.chunk_size == 700
    assert s.server_mode and s.chroma_port == 9001
    assert str(s.index_dir) == "/tmp/somewhere"


def test_explicit_values_override_environment(monkeypatch):
    monkeypatch.setenv("MENTOR_CHUNK_SIZE", "700")
    assert Settings(chunk_size=500).chunk_size == 500


def test_defaults_are_embedded_and_offline():
    s = Settings()
    assert not s.server_mode
    assert s.generator == "offline"
    assert (s.embedding_model_path() / "model.safetensors").is_file()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"chunk_size": 300, "chunk_overlap": 300}, "chunk_overlap must be smaller"),
        ({"chunk_size": 10}, "greater than or equal to 200"),
        ({"chroma_port": 0}, "greater than or equal to 1"),
        ({"collection": "a b"}, "collection must be"),
    ],
)
def test_invalid_values_are_rejected_with_a_reason(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        Settings(**kwargs)


def test_unknown_embedding_model_is_never_downloaded():
    with pytest.raises(ValueError, match="never downloaded"):
        Settings(embedding_model="sentence-transformers/some-remote-model").embedding_model_path()


def test_every_setting_is_in_the_configuration_table():
    doc = (PROJECT / "docs" / "configuration.md").read_text(encoding="utf-8")
    table_vars = set(re.findall(r"^\|\s*`(MENTOR_[A-Z0-9_]+)`", doc, re.MULTILINE))
    expected = {f"MENTOR_{name.upper()}" for name in Settings.model_fields}
    assert expected - table_vars == set(), "settings missing from docs/configuration.md's tables"
    assert table_vars - expected == set(), "docs/configuration.md documents settings that do not exist"


def test_readme_is_a_short_map_whose_links_all_resolve():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200, "README.md is a map: at most 200 lines, the rest in docs/"
    # markdown links and images: [text](target) and ![alt](target), with an optional "title"
    targets = re.findall(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", readme)
    targets += re.findall(r"^\s*\[[^\]]+\]:\s*<?([^\s>]+)", readme, re.MULTILINE)  # [ref]: target
    relative = [t for t in targets if not re.match(r"^[a-z][a-z0-9+.-]*:", t, re.IGNORECASE)]
    assert relative, "no relative links found in README.md"
    missing = []
    for target in relative:
        path = target.split("#", 1)[0]
        resolved = (PROJECT / path).resolve()
        if path and not (resolved.is_relative_to(PROJECT.resolve()) and resolved.exists()):
            missing.append(target)
    assert missing == [], f"README.md links to files that do not exist: {missing}"
