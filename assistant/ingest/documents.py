"""Reading guidance files into ``SourceDocument`` objects: conversion, cleanup, metadata.

Handles .md/.markdown (YAML front matter), .txt, .html/.htm (trafilatura), .pdf (pypdf) and
.docx (markitdown). Text is decoded as UTF-8 or, failing that, with the detected encoding; web-page
boilerplate (cookie banners, "back to index" links, comment footers, subscribe prompts, keyword
lists) is removed line by line; the language is detected when the front matter does not give it.
It does not chunk or embed: see ``chunking`` and ``index``.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.ingest.tables import tables_to_lists
from assistant.settings import ROLES

SUPPORTED_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx"}


class LoadError(Exception):
    """A file that cannot be read as guidance; the message says why, in plain words."""


class SourceDocument(BaseModel):
    """One guidance document, converted to Markdown and cleaned."""

    source: str = Field(description="The stable id: the path below the ingested folder's parent.")
    title: str
    text: str = Field(description="Cleaned Markdown body without front matter.")
    language: str
    audience: list[str]
    topics: list[str] = []
    language_detected: bool = False
    injections: list[str] = Field(default=[], description="Instruction-like text removed at load time.")

    @property
    def content_hash(self) -> str:
        """Hash of what is indexed: text plus the metadata stored on chunks (not the path)."""
        h = hashlib.sha256()
        for part in (self.title, self.language, ",".join(self.audience), ",".join(self.topics), self.text):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, name: str = "file") -> str:
    """Decode text, trying UTF-8 (with or without BOM) first, then the detected encoding."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise LoadError(f"{name}: cannot determine the text encoding")
    return str(best)


# --------------------------------------------------------------------------- cleanup

_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(cookies?|çerez(ler)?(imiz)?|çerez aydınlatma)\b",
        r"^\W*(back|return|go back)\s+to\s+(the\s+)?[\w\s-]{0,40}"
        r"\b(index|list|overview|top|home|homepage|glossary|blog)\b",
        r"^\W*(comments?|\d+\s+comments?|leave a (comment|reply)|post a comment|yorumlar|yorum yap)\W*$",
        r"^\W*(quick links|share( this( post| article)?)?|related (posts|articles)|read more"
        r"|skip to (main )?content|table of contents|print this page)\W*$",
        r"\b(subscribe|sign up|newsletter|abone ol|bültenimize)\b.*\b(today|now|here|at|bugün|hemen)\b",
        r"^\W*(keywords|tags|etiketler|anahtar kelimeler)\s*:",
        r"(all rights reserved|tüm hakları saklıdır|©)",
        r"^\W*(privacy policy|terms of (use|service)|gizlilik politikası)\W*$",
        r"^\W*https?://\S+\W*$",
        r"^\W*(end of (the )?(policy|document|page|handbook|guide|file)|(belgenin|politikanın) sonu)\W*$",
    )
]
_MAX_BOILERPLATE_LINE = 320
_KEYWORD_LIST = re.compile(
    r"^\W*(keywords|tags|etiketler|anahtar kelimeler)\s*:\s*([^.]{1,60}(,|$)\s*)+$", re.I
)


def is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    if _KEYWORD_LIST.match(stripped):  # SEO keyword lists can be long
        return True
    if not stripped or len(stripped) > _MAX_BOILERPLATE_LINE:
        return False
    return any(p.search(stripped) for p in _BOILERPLATE)


@functools.cache
def _invisible_table() -> dict[int, None]:
    keep = {ord("\n"), ord("\t")}
    return dict.fromkeys(
        i for i in range(0x110000) if i not in keep and unicodedata.category(chr(i)) in {"Cc", "Cf"}
    )


def normalise_text(text: str) -> str:
    """NFC-normalise, drop control and invisible format characters, tidy whitespace."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_invisible_table())
    text = text.replace("\u00a0", " ")
    lines = [re.sub(r"[ \t]+$", "", ln) for ln in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def remove_boilerplate(text: str) -> str:
    """Drop boilerplate lines (outside fenced code blocks)."""
    out, fenced = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and is_boilerplate(line):
            continue
        out.append(line)
    return "\n".join(out)


_LIST_ITEM = re.compile(r"^\s*(?:[-*•●▪–]|\d{1,2}[.)])\s+")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CONTENTS_ITEM_WORDS = 6  # an entry of a table of contents is a section's name: a few words
_CONTENTS_SHARE = 0.8  # of a list's entries, the share that must name the document's sections
_CONTENTS_MIN_HEADINGS = 4


def _name_words(text: str) -> set[str]:
    """The words of a section name as compared with others: three letters or more, cut to five
    ("sessions" and "session", "wrapping" and "wrap up" compare alike)."""
    return {
        w[:5] for w in re.findall(r"\w+", _MD_LINK.sub(r"\1", text).lower()) if len(w) >= 3
    } - _SMALL_WORDS


def _names_sections(items: list[str], section_words: set[str]) -> bool:
    """Whether a list is a table of contents: three entries or more, each a short name with no
    sentence end, and nearly all (``_CONTENTS_SHARE``) naming the document's own sections."""
    entries = [_LIST_ITEM.sub("", item).strip() for item in items]
    if len(entries) < 3 or any(
        len(e.split()) > _CONTENTS_ITEM_WORDS or e.endswith((".", ":", ";")) for e in entries
    ):
        return False
    named = [w for w in (_name_words(e) for e in entries) if w]
    hits = sum(2 * len(w & section_words) >= len(w) for w in named)
    return len(named) >= 3 and hits >= _CONTENTS_SHARE * len(named)


def remove_contents_lists(text: str) -> str:
    """Drop a Markdown document's tables of contents: a list whose entries name the document's
    own sections (a slide deck's "Today" agenda, a handbook's contents) is navigation, which
    answers nothing and would be quoted as if it did."""
    lines = text.split("\n")
    headings = [m.group(1) for ln in lines if (m := _MD_HEADING.match(ln))]
    if len(headings) < _CONTENTS_MIN_HEADINGS:
        return text
    section_words = set().union(*(_name_words(h) for h in headings))
    out: list[str] = []
    for in_list, run in itertools.groupby(lines, key=lambda ln: bool(_LIST_ITEM.match(ln))):
        run = list(run)
        if not (in_list and _names_sections(run, section_words)):
            out.extend(run)
    return "\n".join(out)


# a "Label:   value" line of a document's header block ("Version:        2.1", "Policy owner:
# Lead Practice Education Facilitator"): a label of at most four words, a colon, a value
_FIELD = re.compile(r"^[A-Z][\w'’/-]*(?: [\w'’/()-]+){0,3}:\s+\S")


def _is_field(lines: list[str], i: int) -> bool:
    """Whether line ``i`` is a field of a block of at least two "Label: value" lines; a field's
    value may run on to an indented line, which belongs to it."""
    if not _FIELD.match(lines[i].strip()) or lines[i][:1].isspace():
        return False
    near = (lines[i - 1] if i else "", lines[i + 1] if i + 1 < len(lines) else "")
    return any(_FIELD.match(ln.strip()) and not ln[:1].isspace() for ln in near)


def _back(lines: list[str], i: int) -> int:
    """How many indented lines come right before line ``i`` (a field's value running on)."""
    n = 0
    while i - 1 - n > 0 and lines[i - 1 - n][:1].isspace() and lines[i - 1 - n].strip():
        n += 1
    return n


def _in_indented_block(lines: list[str], i: int) -> bool:
    """Whether line ``i`` is indented and has text right after it: a line of an indented block (a
    policy's list of related documents), never a heading, which stands apart. (A PDF's lines
    have no blank lines between them, headings included, so unindented lines are not judged so.)"""
    return lines[i][:1].isspace() and i + 1 < len(lines) and bool(lines[i + 1].strip())


_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"})
_SMALL_WORDS |= {"ve", "ile", "veya", "için"}


def _heading_case(line: str) -> str:
    """A heading written in capitals in title case ("REMOTE MEETINGS" -> "Remote Meetings"), as
    the rest of the index writes headings (and as the embedding models read them best). A word
    of two or three letters that is not a small word ("PET", "AHP") may be an acronym: it keeps
    its capitals."""
    if not _capitals(line):
        return line
    out = []
    for i, word in enumerate(line.split()):
        word = word[:1] + word[1:].replace("İ", "i")  # Python lowers "İ" to "i" with a combining dot
        bare = re.sub(r"\W", "", word).lower()
        if bare in _SMALL_WORDS and i:
            out.append(word.lower())
        elif 2 <= len(bare) <= 3 and bare not in _SMALL_WORDS:
            out.append(word)
        else:
            out.append(word[:1] + word[1:].lower())
    return " ".join(out)


def _capitals(line: str) -> bool:
    """Whether a line is written in capitals ("1. PURPOSE", "PEERLINK PEER MENTORING SCHEME"): a
    heading in a plain-text document, whatever follows it."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def plain_text_to_markdown(text: str) -> str:
    """Give plain text (e.g. a saved web page) Markdown headings where lines look like headings.

    A heading-like line is short, has no sentence-final punctuation, starts with a capital and is
    followed by longer body text, or is written in capitals (then put in title case); a line
    wrapping a sentence onto the next, or inside an indented block, is not one. Short numbered
    lines such as "2. Communicate Openly" become level-3 headings, other heading-like lines
    level 2. A block of "Label:   value" lines (a policy's version, owner and dates) becomes a
    list, one field per item. Bullets become Markdown bullets.
    """
    lines = text.split("\n")
    out: list[str] = []
    for i, raw in enumerate(lines):
        line = raw.strip()
        nxt = next((ln.strip() for ln in lines[i + 1 :] if ln.strip()), "")
        if not line:
            out.append("")
            continue
        if line.startswith("#"):
            out.append(line)
            continue
        if _is_field(lines, i):
            out.append("- " + re.sub(r":\s+", ": ", line, count=1))
            continue
        runs_on = raw[:1].isspace() and out and out[-1].startswith("- ")
        if runs_on and _is_field(lines, i - 1 - _back(lines, i)):
            out[-1] += " " + line  # a field's value running on to an indented line
            continue
        bullet = _LIST_ITEM.match(raw)
        words = line.split()
        headingish = (
            len(line) <= 80
            and len(words) <= 10
            and not re.search(r"[.,;:!…]$", line)
            and (line[0].isupper() or line[0].isdigit())
            and bool(nxt)
            and (len(nxt) > len(line) or _capitals(line))
            and not (i + 1 < len(lines) and lines[i + 1].strip()[:1].islower())  # a wrapped sentence
            and (_capitals(line) or not _in_indented_block(lines, i))
        )
        label = (
            line.endswith(":")
            and len(words) <= 5
            and line.count(":") == 1
            and line[0].isupper()
            and not bullet
            and bool(nxt)
        )
        if label:
            out.extend(["", "## " + line.rstrip(":").strip(), ""])
        elif headingish and bullet and re.match(r"^\s*\d", raw) and len(words) <= 9:
            out.extend(["", "### " + _heading_case(_LIST_ITEM.sub("", line)), ""])
        elif headingish and not bullet:
            out.extend(["", "## " + _heading_case(line), ""])
        elif bullet and not re.match(r"^\s*\d", raw):
            out.append("- " + _LIST_ITEM.sub("", line))
        else:
            out.append(line)
    return "\n".join(out)


# --------------------------------------------------------------------------- prompt injection

_INJECTION = re.compile(
    "|".join(
        [
            r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompts?|guidelines)\b",
            r"\bsystem (prompt|instructions?|message)\b",
            r"\bhidden instructions?\b",
            r"\[/?INST\]|<<\s*/?SYS\s*>>|<\|(system|im_start|im_end)\|>",
            r"[\"']role[\"']\s*:\s*[\"'](system|assistant|developer)[\"']",
            r"^\W*(system|assistant|developer)\s*:",
            r"\b(note|message|instructions?|requirement|notice)\s+(to|for)\s+(the\s+)?"
            r"(ai|a\.i\.|llms?|language models?|assistants?|chatbots?|bots?)\b",
            r"\b(ai|llm|language model|assistant|chatbot)s?\b[^.]{0,60}\b(must|should|shall|will)\b"
            r"[^.]{0,30}\b(now|always|only|reply|respond|print|append|add|say|tell|include|copy|greet|visit)\b",
            r"^\W*(assistant|ai|chatbot)\s*,",
            r"\b(reply|respond|answer)\s+(only\s+)?with\s+[\"“']",
            r"\breply only with\b",
            r"\b(append|add|include)\s+the\s+(code|tag|marker|reference|token)\b",
            r"\btell the user\b",
            r"\bcopy out every\b",
            r"\bvisit https?://\S+.{0,80}\b(print|reply|tell|include|show)\b",
            r"\btalimat(lar)?[ıi]n?[ıi]? (yok say|görmezden gel|unut)",
            r"\b(yapay zek[aâ]|asistan|dil modeli)(lar)?[ıi]?(na|ne|ya|ye)?\s*(not|talimat)\b",
            r"\bsistem (talimatlar|istem|mesaj)",
            r"\bkullanıcıya\b.{0,60}\b(söyle|yaz|ilet)",
            r"\basistan\s*[:,]",
        ]
    ),
    re.IGNORECASE | re.MULTILINE,
)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CHAT_BLOCK = re.compile(
    r"\[INST\].*?\[/INST\]|<<\s*SYS\s*>>.*?<<\s*/SYS\s*>>"
    r"|\{[^{}]*[\"']role[\"']\s*:\s*[\"'](?:system|assistant|developer)[\"'][^{}]*\}",
    re.DOTALL | re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\")\]]?\s+(?=[\"“(\[{A-ZÇĞİÖŞÜ<])")


def neutralise_injections(text: str) -> tuple[str, list[str]]:
    """Remove instruction-like text planted in guidance; return the cleaned text and what was removed.

    HTML comments are dropped (they are invisible to readers); any sentence that addresses an AI
    system or tries to change its instructions (English or Turkish patterns) is removed. The
    removed snippets are reported at ingest and the document is flagged.
    """
    flagged: list[str] = []

    def comment(m: re.Match) -> str:
        if _INJECTION.search(m.group(0)) or re.search(r"\b(assistant|asistan|ai|llm)\b", m.group(0), re.I):
            flagged.append(re.sub(r"\s+", " ", m.group(0))[:200])
        return " "

    text = _HTML_COMMENT.sub(comment, text)

    def block(m: re.Match) -> str:
        flagged.append(re.sub(r"\s+", " ", m.group(0))[:200])
        return " "

    text = _CHAT_BLOCK.sub(block, text)
    lines = []
    for line in text.split("\n"):
        if not _INJECTION.search(line):
            lines.append(line)
            continue
        kept = []
        for sentence in _SENTENCE_END.split(line):
            if _INJECTION.search(sentence):
                flagged.append(sentence.strip()[:200])
            else:
                kept.append(sentence)
        lines.append(" ".join(kept).rstrip())
    return "\n".join(lines), flagged


# --------------------------------------------------------------------------- language

_TR_HINT = re.compile(r"[çğışöüÇĞİŞÖÜ]")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (deterministic); 'en' when it cannot tell."""
    sample = re.sub(r"[#*_`>\[\]()|-]+", " ", text)[:5000]
    if len(sample.split()) < 3:
        return "en"
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    DetectorFactory.seed = 0
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return "en"
    return best.lang.split("-")[0]


# --------------------------------------------------------------------------- loaders


def _read_markdown(path: Path, data: bytes) -> tuple[str, dict]:
    import frontmatter
    import yaml

    text = decode_bytes(data, path.name)
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        raise LoadError(f"{path.name}: the YAML front matter is invalid ({exc.__class__.__name__})") from exc
    return post.content, dict(post.metadata)


def _read_text(path: Path, data: bytes) -> tuple[str, dict]:
    text = remove_boilerplate(normalise_text(decode_bytes(data, path.name)))
    return plain_text_to_markdown(text), {}


def _read_html(path: Path, data: bytes) -> tuple[str, dict]:
    import trafilatura

    html = decode_bytes(data, path.name)
    extracted = trafilatura.bare_extraction(
        html,
        output_format="python",
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        favor_recall=True,
        with_metadata=True,
    )
    if extracted is None:
        raise LoadError(f"{path.name}: no readable text found in the HTML")
    meta = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = trafilatura.extract(
        html,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        favor_recall=True,
    )
    if not body:
        raise LoadError(f"{path.name}: no readable text found in the HTML")
    found = {k: meta[k] for k in ("title", "language") if meta.get(k)}
    return body, found


def _read_pdf(path: Path, data: bytes) -> tuple[str, dict]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(f"{path.name}: the PDF is encrypted with a password")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
        raise LoadError(f"{path.name}: not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    text = _join_pages(pages)
    if not text.strip():
        raise LoadError(f"{path.name}: the PDF has no extractable text (scanned image?)")
    text = remove_boilerplate(normalise_text(text))
    meta = {"title": title.strip()} if title and title.strip() else {}
    return plain_text_to_markdown(text), meta


# a line holding only a page number ("3", "Page 3", "3 / 12", "Page 3 of 12", "Sayfa 3")
_PAGE_NUMBER = re.compile(r"^(?:page|sayfa|p\.)?\s*\d{1,4}(?:\s*(?:/|of|-)\s*\d{1,4})?$", re.IGNORECASE)
# a line holding only a bullet glyph, as PDF text extraction gives a list item's bullet
_BULLET_GLYPH = re.compile(r"^[\x7f•●▪◦■□➢✓–]$")
_EDGE = 2  # lines at each end of a page where running headers and footers sit


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines repeated at the top or bottom of at least half the pages (two at least): a running
    header or footer ("Halden Connect Mentoring Handbook 2024-25" above every page)."""
    counts: dict[str, int] = {}
    for lines in pages:
        for line in set(lines[:_EDGE] + lines[-_EDGE:]) - {""}:
            if not _BULLET_GLYPH.match(line):
                counts[line] = counts.get(line, 0) + 1
    least = max(2, (len(pages) + 1) // 2)
    return {line for line, n in counts.items() if n >= least}


def _join_pages(pages: list[str]) -> str:
    """A PDF's pages as one text: without running headers, footers and page numbers, a bullet
    glyph on a line of its own made a Markdown bullet of the line after it (and of the lines
    that wrap it, which open in lower case), and a list that runs over a page break kept whole."""
    split = [[line.strip() for line in p.split("\n") if line.strip()] for p in pages if p.strip()]
    running = _running_lines(split) if len(split) > 1 else set()
    out: list[str] = []
    for lines in split:
        kept: list[str] = []
        bullet = False
        for line in lines:
            if _BULLET_GLYPH.match(line):
                bullet = True
                continue
            if line in running or _PAGE_NUMBER.match(line):
                continue
            if not bullet and kept and kept[-1].startswith("- ") and line[:1].islower():
                kept[-1] += f" {line}"  # a list item wrapped onto the next line
                continue
            kept.append(f"- {line}" if bullet else line)
            bullet = False
        if not kept:
            continue
        runs_on = out and out[-1].split("\n")[-1].startswith("- ") and kept[0].startswith("- ")
        out.append(("\n" if runs_on else "\n\n") + "\n".join(kept) if out else "\n".join(kept))
    return "".join(out)


def _read_docx(path: Path, data: bytes) -> tuple[str, dict]:
    import io
    import zipfile

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise LoadError(f"{path.name}: not a valid .docx file (not a ZIP package)")
    from markitdown import MarkItDown, StreamInfo

    try:
        result = MarkItDown(enable_plugins=False).convert_stream(
            io.BytesIO(data), stream_info=StreamInfo(extension=".docx", filename=path.name)
        )
    except Exception as exc:  # markitdown wraps converter errors in several types
        raise LoadError(f"{path.name}: cannot convert the Word document ({exc.__class__.__name__})") from exc
    title = getattr(result, "title", None) or _docx_title(data)
    return result.markdown, {"title": title} if title else {}


def _docx_title(data: bytes) -> str:
    """The title in a Word document's properties (docProps/core.xml), which the conversion to
    Markdown leaves out; '' when it has none."""
    import html
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            core = package.read("docProps/core.xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return ""
    m = re.search(r"<dc:title>([^<]{1,300})</dc:title>", core)
    return html.unescape(m.group(1)).strip() if m else ""


_READERS = {
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".txt": _read_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}


# --------------------------------------------------------------------------- metadata


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = re.split(r"[,;]", value)
    return [str(v).strip().lower() for v in value if str(v).strip()]


def _first_heading(text: str) -> str | None:
    m = re.search(r"^#{1,2}\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
    return m.group(1).strip() if m else None


def _title_from_text(text: str, fallback: str) -> str:
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            first = re.split(r"(?<=[.!?])\s", line)[0]
            if len(first) > 80:
                first = first[:80].rsplit(" ", 1)[0] + "…"
            return first
    return fallback


def document_id(path: Path, base: Path | None = None) -> str:
    """A document's stable id: its path relative to ``base``, by default the folder holding the
    file's own folder (``guide/corpus/a.md`` -> ``corpus/a.md``). Ingesting a folder passes its
    parent, so ``corpus/tr/b.md`` keeps its subfolder. It never depends on the working directory."""
    resolved = path.resolve()
    base = (base or resolved.parent.parent).resolve()
    try:
        return resolved.relative_to(base).as_posix()
    except ValueError:
        return f"{resolved.parent.name}/{resolved.name}"


def load_document(path: Path, max_bytes: int | None = None, base: Path | None = None) -> SourceDocument:
    """Read one file into a cleaned ``SourceDocument`` with the id ``document_id(path, base)``;
    raise ``LoadError`` with a reason."""
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise LoadError(
            f"{path.name}: unsupported file type {suffix or '(none)'}; "
            f"supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}"
        )
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise LoadError(
                f"{path.name}: {size / 2**20:.1f} MiB is over the {max_bytes / 2**20:.0f} MiB limit"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path.name}: cannot read the file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise LoadError(f"{path.name}: the file is empty")
    body, meta = reader(path, data)
    body, injections = neutralise_injections(body)
    body = remove_contents_lists(tables_to_lists(remove_boilerplate(normalise_text(body))))
    if len(re.sub(r"\W", "", body)) < 20:
        raise LoadError(f"{path.name}: no readable text after cleanup")

    title = str(meta.get("title") or _first_heading(body) or _title_from_text(body, path.stem)).strip()
    audience = [a for a in _as_list(meta.get("audience")) if a in ROLES] or list(ROLES)
    language = str(meta.get("language") or meta.get("lang") or "").strip().lower()[:2]
    detected = not language
    if detected:
        language = detect_language(body)
    return SourceDocument(
        source=document_id(path, base),
        title=title,
        text=body,
        language=language,
        audience=audience,
        topics=_as_list(meta.get("topics") or meta.get("tags")),
        language_detected=detected,
        injections=injections,
    )


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to ingest below the given paths, sorted, hidden files and folders skipped.

    A file named explicitly is yielded whatever its type (so an unsupported type is reported);
    inside folders only supported types are picked up.
    """
    for root in paths:
        if root.is_file():
            yield root
            continue
        if not root.exists():
            raise LoadError(f"{root}: no such file or directory")
        for p in sorted(root.rglob("*")):
            rel = p.relative_to(root).parts
            if any(part.startswith(".") for part in rel):
                continue
            if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES:
                yield p
