"""Names: the words an index's documents write as names (a programme, a place, a team, an
acronym) that general mentoring guidance does not use.

A question naming one of them ("What's the gift limit in the Çınar programme?", "What do the
letters SBI stand for?") is about those documents, whatever its wording: the scope check answers
it rather than refusing it (``Assistant.stream``). The retrieval evidence alone cannot tell it
from an unrelated question on a programme's own few documents, where every similarity is low.

A word is written as a name when it is capitalised inside a sentence, or has a capital after its
first letter ("PeerLink"), and has at least ``MIN_LETTERS`` letters. "General mentoring guidance"
is the guidance shipped with the package (``data/corpus``): a word it uses ("Mentoring",
"Feedback", "Friday") names nothing in particular.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from importlib import resources

from assistant.language.sentences import split_sentences

MIN_LETTERS = 3
# a word without digits; a Turkish suffix after an apostrophe ("PeerLink'te") is not part of it
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def name_forms(text: str) -> Iterator[str]:
    """The words of ``text`` written as names."""
    for sentence in split_sentences(text):
        for i, word in enumerate(_WORD.findall(sentence)):
            if len(word) < MIN_LETTERS:
                continue
            if (i > 0 and word[0].isupper()) or any(ch.isupper() for ch in word[1:]):
                yield word


@functools.cache
def house_words() -> frozenset[str]:
    """Every word of the shipped guidance, case-folded."""
    out: set[str] = set()
    folders = [resources.files("assistant").joinpath("data/corpus")]
    while folders:
        for entry in folders.pop().iterdir():
            if entry.is_dir():
                folders.append(entry)
            elif entry.name.endswith(".md"):
                out.update(w.casefold() for w in _WORD.findall(entry.read_text(encoding="utf-8")))
    return frozenset(out)


def index_names(texts: Iterable[str]) -> frozenset[str]:
    """The names the texts use (case-folded) that the shipped guidance does not."""
    house = house_words()
    return frozenset(w.casefold() for text in texts for w in name_forms(text)) - house


def named(question: str, names: frozenset[str]) -> list[str]:
    """The words of ``question`` written as names that are among ``names``, in order, once each."""
    return list(dict.fromkeys(w for w in name_forms(question) if w.casefold() in names))
