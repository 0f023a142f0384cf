"""A curated English-Turkish mentoring lexicon for cross-lingual query expansion.

``expand("İlk görüşmede ne konuşmalıyım?", "tr")`` returns English words for the mentoring terms it
recognises ("first session meeting"), so that an English passage can be found for a Turkish
question and the reverse. Terms live in ``data/lexicon-tr-en.tsv``. It does not translate
sentences.
"""

from __future__ import annotations

import functools
from importlib import resources

from assistant.language.tokens import stems

OTHER = {"tr": "en", "en": "tr"}


@functools.cache
def _entries() -> list[tuple[list[tuple[str, ...]], list[tuple[str, ...]], str, str]]:
    """(turkish stem tuples, english stem tuples, english text, turkish text) per line."""
    text = resources.files("assistant").joinpath("data/lexicon-tr-en.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        tr_part, en_part = line.split("\t")
        tr_forms = [f.strip() for f in tr_part.split(",") if f.strip()]
        en_forms = [f.strip() for f in en_part.split(",") if f.strip()]
        tr_stems = [tuple(stems(f, "tr")) for f in tr_forms]
        en_stems = [tuple(stems(f, "en")) for f in en_forms]
        out.append(([s for s in tr_stems if s], [s for s in en_stems if s], " ".join(en_forms), tr_forms[0]))
    return out


def expand(query: str, language: str) -> str:
    """Words in the other language for the mentoring terms found in ``query`` ('' if none)."""
    if language not in OTHER:
        return ""
    have = set(stems(query, language))
    found: list[str] = []
    for tr_stems, en_stems, en_text, tr_text in _entries():
        forms, target = (tr_stems, en_text) if language == "tr" else (en_stems, tr_text)
        matched = any(form and all(_present(s, have, language) for s in form) for form in forms)
        if matched and target not in found:
            found.append(target)
    return " ".join(found)


def _present(stem: str, have: set[str], language: str) -> bool:
    """Exact stem match; for Turkish also a long shared prefix (the stemmer misses some suffixes)."""
    if stem in have:
        return True
    if language != "tr" or len(stem) < 5:
        return False
    return any(_common_prefix(stem, h) >= max(5, min(len(stem), len(h)) - 2) for h in have)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
