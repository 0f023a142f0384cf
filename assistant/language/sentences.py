"""Splitting guidance passages and answers into sentence units.

Bullet and numbered items become one unit each; paragraphs are split after ., ! or ? followed by
a capital letter (common abbreviations such as "e.g." are kept, and a sentence of one answer
word such as "Yes." stays with the sentence after it). Markdown emphasis and list
markers are removed, except the bold label that opens an item ("**Thank the person.** ..."),
which is kept bold and together with the sentence after it. It does not score or select sentences.
"""

from __future__ import annotations

import re

from assistant.language import en, tr

_ABBREV = re.compile(
    r"\b(" + "|".join(re.escape(a) for a in (*en.ABBREVIATIONS, *tr.ABBREVIATIONS)) + r")\.$", re.IGNORECASE
)
# a sentence that is only an answer word ("Yes.", "Hayır!") says nothing without the next one
_ANSWER_WORDS = "|".join(re.escape(w) for w in (*en.ANSWER_WORDS, *tr.ANSWER_WORDS))
_ANSWER_WORD = re.compile(rf"^(?:{_ANSWER_WORDS})[.!]$", re.IGNORECASE)
_OPENING_ANSWER_WORD = re.compile(rf"^(?:{_ANSWER_WORDS})[.!]\s+(?=\S)", re.IGNORECASE)
_SPLIT = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“(]?[A-ZÇĞİÖŞÜ0-9])")
# a thematic break ("---", "***", "___"): a slide or section separator, never part of a sentence
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")
_LABEL = re.compile(r"^\*\*([^*\n]{1,80}?[.!?])\*\*\s+(?=\S)")
_CITE = re.compile(r"\s*\[(\d{1,3})\](?:\s*\[(\d{1,3})\])*")
# a sentence that opens with a pronoun or demonstrative leans on the one before it; "both" does
# not when it pairs two things itself ("Both mentors and mentees must ...")
_BOTH_PAIRS = r"(?!\s+(?:[\w'-]+\s+){0,4}and\b)"
ANAPHORA = re.compile(
    r"^("
    + "|".join(w + _BOTH_PAIRS if w == "both" else w for w in (*en.SENTENCE_ANAPHORA, *tr.SENTENCE_ANAPHORA))
    + r")\b",
    re.IGNORECASE,
)


def clean_markdown(text: str) -> str:
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"(?<!\w)[*_](\S.*?\S|\S)[*_](?!\w)", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def split_sentences(paragraph: str) -> list[str]:
    parts: list[str] = []
    for piece in _SPLIT.split(paragraph):
        piece = piece.strip()
        if not piece:
            continue
        if parts and (_ABBREV.search(parts[-1]) or _ANSWER_WORD.match(parts[-1])):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return parts


def opening_answer_word(sentence: str) -> str:
    """The answer word that opens ``sentence`` ("No. Halden Connect is free ..." -> "No. "), or
    "": it answers the question the passage was asked (a FAQ's heading), not the reader's."""
    m = _OPENING_ANSWER_WORD.match(sentence)
    return m.group(0) if m else ""


def is_list_item(line: str) -> bool:
    """Whether a markdown line is a bullet or numbered list item."""
    return bool(_ITEM.match(line))


def item_units(item: str) -> list[str]:
    """Sentence units of one list item (its marker already removed).

    An item that opens with a bold label which is a sentence of its own ("**Thank the person.**
    Giving feedback takes courage, so acknowledge it.") keeps the label, bold, with the sentence
    after it: alone, the label is too short to judge and the explanation loses what it explains.
    The bold also keeps the two together when the answer is split into sentences again.
    """
    m = _LABEL.match(item.strip())
    if not m:
        return split_sentences(clean_markdown(item))
    rest = split_sentences(clean_markdown(item.strip()[m.end() :]))
    label = clean_markdown(m.group(1))
    return [f"**{label}** {rest[0]}", *rest[1:]] if rest else [label]


def sample_units(text: str) -> set[str]:
    """The sentence units of a passage's quoted samples ("> Hi Sam, thanks again ..."): an example
    written in someone's voice, not guidance."""
    if ">" not in text:
        return set()
    lines = (line.strip() for line in text.split("\n"))
    return set(units("\n".join(line.lstrip("> ") if line.startswith(">") else "" for line in lines)))


def units(text: str) -> list[str]:
    """Sentence units of a passage, in order."""
    out: list[str] = []
    block: list[str] = []
    quoted = False

    def flush() -> None:
        if block:
            out.extend(split_sentences(clean_markdown(" ".join(block))))
            block.clear()

    for line in text.split("\n"):
        if (
            not line.strip()
            or _RULE.match(line)
            or line.strip().startswith("```")
            or line.lstrip().startswith("|")
        ):
            flush()
            continue
        if _ITEM.match(line):
            flush()
            out.extend(item_units(_ITEM.sub("", line)))
            continue
        if line.lstrip().startswith("#"):
            flush()
            continue
        # a quoted sample ("> Hi Sam, thanks again ...") is its own paragraph, without the marker
        stripped = line.strip()
        if stripped.startswith(">") != quoted:
            flush()
            quoted = not quoted
        block.append(stripped.lstrip("> ") if quoted else stripped)
    flush()
    return [u for u in out if re.search(r"\w", u)]


def units_with_intros(text: str) -> list[tuple[str, str]]:
    """Sentence units of a passage, in order, each with the intro of the list it belongs to (""
    for prose). A list item read alone ("The partner has not responded after two attempts.") says
    little about what it answers; with its intro ("Contact the coordinator when:") it does."""
    intro_of: dict[str, str] = {}
    for intro, items in _blocks(text):
        for item in items:
            for sentence in item_units(item):
                intro_of.setdefault(sentence, intro)
    return [(u, intro_of.get(u, "")) for u in units(text)]


def list_item_units(text: str) -> list[tuple[str, list[list[str]]]]:
    """The lists of a passage as (intro, the sentence units of each item), so that a caller can
    tell an item's opening sentence ("Empathy: ...") from the sentences that go on with it."""
    return [(intro, [item_units(it) for it in items]) for intro, items in _blocks(text)]


def list_blocks(text: str) -> list[tuple[str, list[str]]]:
    """The bullet or numbered lists of a passage as (intro, items): the intro is the last sentence
    of the paragraph just before the list ("" when none); items are cleaned of their markers and
    markdown, except an opening bold label (``item_units``)."""
    return [(intro, [" ".join(item_units(it)) for it in items]) for intro, items in _blocks(text)]


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """``list_blocks`` with the items' markdown kept."""
    blocks: list[tuple[str, list[str]]] = []
    paragraph: list[str] = []
    previous: list[str] = []  # the paragraph before a blank line
    items: list[str] = []
    intro = ""
    for line in [*text.split("\n"), ""]:
        if _ITEM.match(line):
            if not items:
                sentences = split_sentences(clean_markdown(" ".join(paragraph or previous)))
                intro = sentences[-1] if sentences else ""
                if len(sentences) > 1 and ANAPHORA.match(intro):
                    # "It should record:" says nothing without the sentence that names "it"
                    intro = f"{sentences[-2]} {intro}"
            item = _ITEM.sub("", line).strip()
            if clean_markdown(item):
                items.append(item)
            paragraph, previous = [], []
            continue
        if items and line.strip():
            blocks.append((intro, items))
            items = []
        if line.lstrip().startswith(("#", "|", "```")):
            paragraph, previous = [], []
        elif not line.strip():
            previous, paragraph = (paragraph or previous), []
        else:
            paragraph.append(line.strip().lstrip("> "))
    if items:
        blocks.append((intro, items))
    return blocks


def citations_in(sentence: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d{1,3})\]", sentence)]


def strip_citations(sentence: str) -> str:
    return re.sub(r"\s*\[\d{1,3}\]", "", sentence).strip()


def _runs_on(sentence: str) -> bool:
    """Whether a piece goes on into the next: it ends with an abbreviation, or is only an answer
    word ("Yes."), which ``split_sentences`` keeps with the sentence after it, too."""
    return bool(_ABBREV.search(sentence) or _ANSWER_WORD.match(sentence))


def answer_sentences(answer: str) -> list[str]:
    """Sentences of a generated answer, citations kept attached to the sentence they follow."""
    out: list[str] = []
    for line in answer.split("\n"):
        line = line.strip()
        if not line:
            continue
        line = _ITEM.sub("", line)
        # split after a citation group or sentence end followed by a new sentence
        pieces = re.split(r"(?<=[.!?…\]])\s+(?=[\"“(]?[A-ZÇĞİÖŞÜ])", line)
        buf = ""
        for p in pieces:
            buf = f"{buf} {p}".strip() if buf and _runs_on(buf) else p
            if not _runs_on(buf):
                out.append(buf)
                buf = ""
        if buf:
            out.append(buf)
    return out
