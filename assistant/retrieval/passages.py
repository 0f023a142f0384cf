"""What retrieval returns: ``Passage`` (a chunk with its citation metadata and scores) and
``Retrieval`` (the passages of one search with the evidence scope and composition read)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    from assistant.retrieval.corpus import Corpus


class Passage(BaseModel):
    """A retrieved chunk with its citation metadata and scores."""

    id: str
    text: str
    title: str
    heading: str
    source: str
    language: str
    audience: list[str]
    doc_id: str
    position: int = 0
    whole_section: bool = False  # the text is its section's whole text (a list opening it is not cut)
    score: float = 0.0
    dense: float = 0.0
    bm25: float = 0.0
    overlap: float = 0.0


class Retrieval(BaseModel):
    query: str
    language: str
    expansion: str = ""
    passages: list[Passage]
    widened: list[str] = []
    top_dense: float = 0.0
    top_dense_expansion: float = 0.0
    top_overlap: float = 0.0
    term_weights: dict[str, float] = {}
    known: float = 0.0  # IDF-weighted share of the question's stems the searched documents use
    searched: int = 0  # chunks the question was searched among (the index, or the named documents)
    named: list[str] = []  # the question's words the index writes as names (``names.named``)


def place(title: str, heading: str) -> str:
    """Where a passage is, as a reader sees it: "Title › Section", a heading part that repeats
    the title left out (a web page's first heading is often its title)."""
    parts = [title, *(h for h in heading.split(" › ") if h.strip() and h.strip() != title.strip())]
    return " › ".join(p for p in parts if p)


def passage_at(corpus: Corpus, i: int, **scores: float) -> Passage:
    """Chunk ``i`` of the corpus as a passage (its text without the embedded title and heading)."""
    m = corpus.meta[i]
    return Passage(
        id=corpus.ids[i],
        text=corpus.texts[i][int(m.get("prefix_len", 0)) :].strip(),
        title=m.get("title", ""),
        heading=m.get("heading", ""),
        source=m.get("source", ""),
        language=m.get("language", ""),
        audience=[a for a in str(m.get("audience", "")).split(",") if a],
        doc_id=m.get("doc_id", ""),
        position=int(m.get("position", 0)),
        **scores,
    )


def join_chunks(parts: list[str]) -> str:
    """Consecutive chunks of one section as one text: the lines a chunk repeats from the one
    before (the overlap, or a list intro it carries) are left out."""
    text = parts[0]
    for part in parts[1:]:
        lines = part.split("\n")
        seen = {ln.strip() for ln in text.split("\n") if ln.strip()}
        while lines and _repeated(lines[0].strip(), text, seen):
            lines.pop(0)
        if lines:
            text = f"{text.rstrip()}\n{chr(10).join(lines)}"
    return text


def _repeated(line: str, text: str, seen: set[str]) -> bool:
    """Whether a chunk's first line only repeats ``text``, the section so far: a blank, a whole
    line of it, its end (the overlap), or a list intro the chunker carried over, which in the
    text may close a paragraph ("... broader lessons. Useful questions include:")."""
    return (
        not line
        or line in seen
        or text.rstrip().endswith(line)
        or (line.endswith(":") and f"{line}\n" in f"{text.rstrip()}\n".replace("  \n", "\n"))
    )


def section_text(corpus: Corpus, key: tuple[str, str]) -> str:
    """The chunks of one (source, heading) section joined in order, their overlaps removed."""
    parts = [passage_at(corpus, i).text for i in corpus.sections().get(key, [])]
    return join_chunks(parts) if len(parts) > 1 else (parts[0] if parts else "")


def answer_passages(corpus: Corpus, max_chars: int) -> list[Passage]:
    """Every passage retrieval can hand the composer: each chunk, and each section of several
    chunks joined whole when it is at most ``max_chars`` long (``whole_sections``)."""
    out = [passage_at(corpus, i) for i in range(len(corpus.ids))]
    for key, rows in corpus.sections().items():
        if len(rows) > 1 and max_chars > 0:
            text = section_text(corpus, key)
            if len(text) <= max_chars:
                out.append(passage_at(corpus, rows[0]).model_copy(update={"text": text}))
    return out
