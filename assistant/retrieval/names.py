"""Names: the words a programme's documents are titled with (a programme, a scheme, a model:
"Halden Connect Mentoring Handbook", "Feedback: SBI") that general mentoring guidance does not use.

A question naming one of them ("What's the gift limit in the Çınar programme?", "What do the
letters SBI stand for?") is about those documents, whatever its wording: it is searched in them
(``HybridRetriever.search``) and the scope check answers it rather than refusing it
(``Assistant.stream``). The retrieval evidence alone cannot tell it from an unrelated question
on a programme's own few documents, where every similarity is low.

Only titles and headings name what a document is about: a place or product its text mentions in
passing ("Singapore", "LinkedIn") does not make a question about it. In a question, a word is
written as a name when it is capitalised inside a sentence or has a capital after its first
letter ("PeerLink"), and has at least ``MIN_LETTERS`` letters; in a title or heading, every
capitalised word is. A question's first word is capitalised whatever it is; it is a name when
the index's documents write it as a proper noun (``proper_names``: "Çınar programında ...",
"Launchpad pairs meet how often?"), not when they also use it as a common word ("Policy",
"Code"). "General mentoring guidance" is the guidance shipped with the package
(``data/corpus``): a word it uses ("Mentoring", "Feedback", "Session") names nothing in
particular. Names are compared without case or accents ("ÇINAR" is "Çınar").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from importlib import resources

from assistant.language import en, tr
from assistant.language.sentences import split_sentences
from assistant.language.tokens import fold, words

MIN_LETTERS = 3
# the least share of a word's occurrences in the index's texts written with a capital for it to
# be a proper noun (``proper_names``): a programme name is capitalised except in an address
# ("go/launchpad"); a common word heading a section ("Policy") is mostly written in lower case
PROPER_SHARE = 0.8
# a word without digits; a Turkish suffix after an apostrophe ("PeerLink'te") is not part of it
_ADDRESS = re.compile(r"\S+@\S+|\S*\w[/#]\S*|#\S+|www\.\S+")  # an e-mail, a web or Slack address
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def key(word: str) -> str:
    """A word compared without case or accents: "ÇINAR", "Çınar" and "cinar" are one."""
    return fold(word).casefold()


def name_forms(text: str, proper: frozenset[str] = frozenset()) -> Iterator[str]:
    """The words of ``text`` written as names; a sentence's first word only when it is among
    ``proper`` (``key``)."""
    for sentence in split_sentences(text):
        for i, word in enumerate(_WORD.findall(sentence)):
            if len(word) < MIN_LETTERS:
                continue
            first = i == 0 and word[0].isupper() and key(word) in proper
            if first or (i > 0 and word[0].isupper()) or any(ch.isupper() for ch in word[1:]):
                yield word


def proper_names(names: frozenset[str], texts: Iterable[str]) -> frozenset[str]:
    """The ``names`` that ``texts`` use inside a sentence (a sentence's first word is capitalised
    whatever it is), written with a capital at least ``PROPER_SHARE`` of the times; an address
    ("connect@halden.ac.uk", "go/launchpad") is not read."""
    capital: dict[str, int] = {}
    seen: dict[str, int] = {}
    for text in texts:
        for sentence in split_sentences(_ADDRESS.sub(" ", text)):
            for i, word in enumerate(_WORD.findall(sentence)):
                k = key(word)
                if i > 0 and k in names:
                    seen[k] = seen.get(k, 0) + 1
                    capital[k] = capital.get(k, 0) + word[0].isupper()
    return frozenset(k for k, n in seen.items() if capital[k] >= PROPER_SHARE * n)


def title_words(title: str) -> Iterator[str]:
    """The capitalised words of a title or heading, its first word included."""
    return (w for w in _WORD.findall(title) if len(w) >= MIN_LETTERS and w[0].isupper())


@functools.cache
def house_words() -> frozenset[str]:
    """Every word of the shipped guidance (``key``)."""
    out: set[str] = set()
    folders = [resources.files("assistant").joinpath("data/corpus")]
    while folders:
        for entry in folders.pop().iterdir():
            if entry.is_dir():
                folders.append(entry)
            elif entry.name.endswith(".md"):
                out.update(key(w) for w in _WORD.findall(entry.read_text(encoding="utf-8")))
    return frozenset(out)


@functools.cache
def _not_names() -> frozenset[str]:
    """The shipped guidance's words and the months and days (``language.en.CALENDAR_WORDS``)."""
    return house_words() | {key(w) for w in (*en.CALENDAR_WORDS, *tr.CALENDAR_WORDS)}


def index_names(titles: Iterable[str]) -> frozenset[str]:
    """The names (``key``) that titles and headings use, but neither the shipped guidance nor a
    calendar does ("October" heads a handbook's timeline, and names no programme)."""
    return frozenset(key(w) for title in titles for w in title_words(title)) - _not_names()


def named(question: str, names: frozenset[str], proper: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``question`` written as names that are among ``names``, in order, once each;
    a sentence's first word when it is among ``proper`` (``proper_names``)."""
    return list(dict.fromkeys(w for w in name_forms(question, proper) if key(w) in names))


# the least content words a question keeps without its names for them to be left out of ranking
MIN_TOPIC_WORDS = 2


def without_names(question: str, found: list[str], language: str = "en") -> str:
    """``question`` without the names ``found`` in it (``named``), a Turkish suffix after an
    apostrophe included ("PeerLink'te"): once they have chosen the documents, a name matches
    every passage of them alike and only blurs which one answers ("What should I avoid as a
    Launchpad mentor?" ranked the "Why Launchpad" slide first). A question left with fewer
    than ``MIN_TOPIC_WORDS`` content words ("Who is Priya Raman?") is its own topic, and is kept."""
    if not found:
        return question
    pattern = r"\b(?:" + "|".join(re.escape(w) for w in found) + r")(?:['’]\w+)?(?!\w)"
    rest = re.sub(r"\s{2,}", " ", re.sub(pattern, " ", question)).strip()
    return rest if len(words(rest, language)) >= MIN_TOPIC_WORDS else question
