"""The shipped guidance corpus is well-formed (front matter, languages, audiences, chunks)."""

import pytest

from assistant.ingest.chunking import chunk_document
from assistant.ingest.documents import discover, load_document
from assistant.settings import ROLES

from .conftest import DATA

pytestmark = pytest.mark.unit

CORPUS = DATA / "corpus"
FILES = list(discover([CORPUS]))


def test_corpus_size_and_languages():
    docs = [load_document(f) for f in FILES]
    assert len(docs) >= 18
    assert sum(d.language == "tr" for d in docs) >= 5
    for role in ROLES:
        assert sum(role in d.audience for d in docs) >= 5, role


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_document_declares_its_metadata(path):
    import frontmatter

    meta = frontmatter.load(path).metadata
    assert {"title", "audience", "language", "topics"} <= set(meta), path.name
    assert set(meta["audience"]) <= set(ROLES)
    doc = load_document(path)
    assert doc.language == meta["language"]
    assert not doc.language_detected
    chunks = chunk_document(doc, 900, 120)
    assert len(chunks) >= 4
    assert all(c.heading for c in chunks), "every passage sits under a heading"


@pytest.mark.parametrize(
    "topic, words",
    [
        ("first meeting agreement", ["time", "date", "number", "responsibilit"]),
        ("mentee sends invitations", ["invitation"]),
        ("confidentiality", ["confidential"]),
        ("SMART goals", ["specific", "measurable", "achievable", "relevant", "time-bound"]),
        ("group mentoring", ["group mentoring"]),
        ("peer mentoring", ["peer"]),
        ("gratitude", ["gratitude"]),
        ("screening", ["screening"]),
        ("90-minute session", ["90-minute"]),
        ("exit surveys", ["exit survey"]),
    ],
)
def test_corpus_covers_key_facts(topic, words):
    text = " ".join(load_document(f).text.lower() for f in FILES)
    for w in words:
        assert w in text, f"{topic}: {w!r} missing"
