import pytest

from assistant.ingest.chunking import HEADING_SEPARATOR, chunk_document
from assistant.ingest.documents import SourceDocument

pytestmark = pytest.mark.unit


def _doc(text: str, **kw) -> SourceDocument:
    base = dict(source="x.md", title="Guide", text=text, language="en", audience=["mentee"], topics=[])
    return SourceDocument(**(base | kw))


TEXT = """# Guide

## Before the session

### Questions

Write three questions you want answered.

## After the session

Send a short thank-you note the same day.
"""


def test_heading_path_is_kept_and_embedded():
    chunks = chunk_document(_doc(TEXT), 500, 50)
    assert [c.heading for c in chunks] == [
        f"Before the session{HEADING_SEPARATOR}Questions",
        "After the session",
    ]
    assert chunks[0].embed_text.startswith(
        f"Guide{HEADING_SEPARATOR}Before the session{HEADING_SEPARATOR}Questions"
    )
    assert chunks[0].text == "Write three questions you want answered."
    assert [c.position for c in chunks] == [0, 1]


def test_ids_are_content_addressed():
    a = chunk_document(_doc(TEXT, source="a.md"), 500, 50)
    b = chunk_document(_doc(TEXT, source="b.md"), 500, 50)
    assert [c.id for c in a] == [c.id for c in b]
    c = chunk_document(_doc(TEXT, audience=["mentor"]), 500, 50)
    assert [x.id for x in c] != [x.id for x in a]


def test_long_sections_are_split_with_overlap():
    sentences = " ".join(f"Sentence number {i} talks about mentoring goals." for i in range(80))
    chunks = chunk_document(_doc(f"## Long\n\n{sentences}"), 400, 80)
    assert len(chunks) > 5
    assert all(len(c.text) <= 400 for c in chunks)
    assert all(c.heading == "Long" for c in chunks)
    # neighbours share text
    assert any(
        chunks[i].text[-30:] in chunks[i + 1].text or chunks[i + 1].text[:20] in chunks[i].text
        for i in range(len(chunks) - 1)
    )


def test_metadata_has_everything_citations_need():
    doc = _doc(TEXT, audience=["mentee", "coordinator"])
    chunk = chunk_document(doc, 500, 50)[0]
    meta = chunk.metadata(doc, "doc123")
    for key in ("doc_id", "title", "heading", "audience", "language", "source", "content_hash"):
        assert meta[key] != ""
    assert meta["aud_mentee"] and meta["aud_coordinator"] and not meta["aud_mentor"]
    assert meta["prefix_len"] == len(chunk.embed_text) - len(chunk.text)


LIST_SECTION = """## What a coordinator may ask

A coordinator needs enough information to support pairs. A coordinator may ask a mentor or mentee:

- Whether and how often the pair is meeting, and whether meetings go ahead as planned.
- Whether the pair feels the relationship is working and needs any support.
- Broadly how progress towards the agreed goals is going.
- Whether there are practical issues, such as scheduling or a poor fit.

A coordinator should not ask for the content of conversations or what either person disclosed.
"""


def test_a_chunk_that_starts_inside_a_list_carries_its_intro():
    chunks = chunk_document(_doc(LIST_SECTION), 260, 40)
    texts = [c.text for c in chunks]
    assert len(chunks) == 3, texts
    # the first chunk has the intro in its own text; the list goes on in the second, which
    # opens with the intro; the prose after the list carries nothing
    assert texts[0].startswith("A coordinator needs enough information")
    assert texts[1].startswith("A coordinator may ask a mentor or mentee:\n- Whether the pair feels")
    assert chunks[1].embed_text.endswith(texts[1])
    assert texts[2].startswith("A coordinator should not ask")


def test_a_list_without_an_intro_carries_nothing():
    items = "\n".join(f"- Item number {i} is a plain point about meeting notes." for i in range(12))
    chunks = chunk_document(_doc(f"## Notes\n\n{items}"), 200, 30)
    assert len(chunks) > 2 and all(c.text.startswith("- ") for c in chunks)
