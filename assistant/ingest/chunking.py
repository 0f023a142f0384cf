"""Heading-aware chunking of a ``SourceDocument`` into content-addressed ``Chunk`` objects.

Markdown is split at #, ## and ### headings (LangChain's MarkdownHeaderTextSplitter), long
sections are split again by size (RecursiveCharacterTextSplitter). Each chunk's id is a hash of
what is embedded plus the metadata stored with it, so identical content always gets the same id
and is stored once. It does not embed or store anything: see ``index``.
"""

from __future__ import annotations

import hashlib

from pydantic import BaseModel

from assistant.ingest.documents import SourceDocument
from assistant.language.sentences import is_list_item, list_blocks

HEADING_SEPARATOR = " › "


class Chunk(BaseModel):
    id: str
    text: str
    embed_text: str
    heading: str
    position: int

    def metadata(self, doc: SourceDocument, doc_id: str) -> dict:
        """Flat metadata as stored in Chroma (scalars only)."""
        meta: dict = {
            "doc_id": doc_id,
            "source": doc.source,
            "title": doc.title,
            "heading": self.heading,
            "language": doc.language,
            "audience": ",".join(doc.audience),
            "topics": ",".join(doc.topics),
            "position": self.position,
            "content_hash": doc.content_hash,
            "prefix_len": len(self.embed_text) - len(self.text),
            "injection_flagged": bool(doc.injections),
        }
        for role in ("mentee", "mentor", "coordinator"):
            meta[f"aud_{role}"] = role in doc.audience
        return meta


def _splitters(chunk_size: int, chunk_overlap: int):
    from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

    headers = MarkdownHeaderTextSplitter(
        headers_to_split_on=[("#", "h1"), ("##", "h2"), ("###", "h3")], strip_headers=True
    )
    sizer = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""],
        keep_separator="end",
    )
    return headers, sizer


def heading_path(meta: dict, title: str) -> str:
    parts = [meta.get(k, "").strip() for k in ("h1", "h2", "h3")]
    parts = [p for p in parts if p]
    if len(parts) > 1 and parts[0].casefold() == title.casefold():
        parts = parts[1:]
    return HEADING_SEPARATOR.join(parts)


def embedding_text(title: str, heading: str, text: str) -> str:
    """What is embedded for a chunk: its title and heading path, a blank line, then its text."""
    prefix = title if not heading else f"{title}{HEADING_SEPARATOR}{heading}"
    return f"{prefix}\n\n{text}"


RERANK_CHARS = 1500


def rerank_text(embed_text: str) -> str:
    """What the multilingual re-ranker reads of a chunk: the start of its embedded text."""
    return embed_text[:RERANK_CHARS]


def list_intro(section: str, start: int, first_line: str) -> str:
    """The intro sentence of the list that ``first_line`` (at ``start`` in ``section``) is an item
    of, or '' when it is not a list item or its list has no intro."""
    if not is_list_item(first_line):
        return ""
    blocks = list_blocks(section[:start] + first_line)
    return blocks[-1][0] if blocks and blocks[-1][0].endswith(":") else ""


def chunk_document(doc: SourceDocument, chunk_size: int, chunk_overlap: int) -> list[Chunk]:
    """Split a document into chunks whose embedded text starts with title and heading path.

    A chunk that a size split starts inside a list, with two items or more, carries the list's
    intro sentence as its first line ("A coordinator may reasonably ask a mentor or mentee:"), so
    that its items are read, embedded and quoted as what they are. A chunk that opens with one
    item only (usually the overlap with the chunk before) carries nothing: quoted with the intro,
    one item reads as if it were the whole list.
    """
    headers, sizer = _splitters(chunk_size, chunk_overlap)
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for section in headers.split_text(doc.text):
        heading = heading_path(section.metadata, doc.title)
        content = section.page_content
        cursor = 0
        for piece in sizer.split_text(content):
            text = piece.strip()
            if not text:
                continue
            at = content.find(text, cursor)
            if at >= 0:
                cursor = at + 1
            lines = text.split("\n")
            # two items at least: a lone item is usually the overlap with the chunk before
            if at > 0 and len(lines) > 1 and is_list_item(lines[1]):
                intro = list_intro(content, at, lines[0])
                if intro:
                    text = f"{intro}\n{text}"
            embed_text = embedding_text(doc.title, heading, text)
            digest = hashlib.sha256(
                "\x00".join([embed_text, doc.language, ",".join(doc.audience), ",".join(doc.topics)]).encode(
                    "utf-8"
                )
            ).hexdigest()[:32]
            if digest in seen:  # the same passage twice in one document is stored once
                continue
            seen.add(digest)
            chunks.append(
                Chunk(id=digest, text=text, embed_text=embed_text, heading=heading, position=len(chunks))
            )
    return chunks
