"""Word tokens for BM25 and lexical overlap: Turkish-aware lower-casing, stop words, Snowball stems.

English and Turkish get their own Snowball stemmer (PyStemmer); other languages are lower-cased
only. It does not split sentences (see ``sentences``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from assistant.language import en, tr

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)

STOPWORDS = {"en": set(en.STOP_WORDS), "tr": set(tr.STOP_WORDS)}

_STEMMER_NAMES = {"en": en.STEMMER, "tr": tr.STEMMER}


def lower(text: str, language: str = "en") -> str:
    """Lower-case, treating dotted and dotless I the Turkish way when the text is Turkish."""
    if language == "tr":
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


@functools.cache
def _stemmer(language: str):
    import Stemmer

    name = _STEMMER_NAMES.get(language)
    return Stemmer.Stemmer(name) if name else None


def words(text: str, language: str = "en") -> list[str]:
    """Lower-cased words without stop words (apostrophe suffixes such as Mentee'nin are cut)."""
    out = []
    stop = STOPWORDS.get(language, set())
    for w in _WORD.findall(lower(text, language)):
        w = re.split(r"['’]", w)[0]
        if len(w) > 1 and w not in stop and w not in STOPWORDS["en"]:
            out.append(w)
    return out


TURKISH_PREFIX = 5


def stems(text: str, language: str = "en") -> list[str]:
    """Stemmed content words of ``text`` in ``language``.

    Turkish stems are the Snowball stem cut to its first five letters: Turkish is agglutinative
    and Snowball leaves many verb suffixes (hazırlanmalıyım -> hazırlanmal), while the first five
    letters are a well-tested Turkish stemmer for retrieval (hazırlık, hazırlanmak -> hazır).
    """
    return stem_words(words(text, language), language)


def stem_words(ws: list[str], language: str) -> list[str]:
    stemmer = _stemmer(language)
    out = stemmer.stemWords(ws) if stemmer else ws
    if language == "tr":
        out = [w[:TURKISH_PREFIX] for w in out]
    return [fold(w) for w in out]


def fold(word: str) -> str:
    """A word without accents, dotless i as i ("görüş" -> "gorus", "Çınar" -> "Cinar"): many
    users type Turkish on keyboards without its letters ("ilk gorusmeye nasil
    hazirlanmaliyim?"), and both spellings should find the same passages. Every language's stems
    are folded, so that a name ("Çınar") stemmed in an English question matches it stemmed in a
    Turkish passage."""
    if word.isascii():
        return word
    plain = unicodedata.normalize("NFKD", word.replace("ı", "i").replace("İ", "I"))
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def overlap(query: set[str], text: set[str], weights: dict[str, float] | None = None) -> float:
    """Share of ``query`` stems found in ``text`` stems, weighted by ``weights`` (e.g. IDF)."""
    if not query:
        return 0.0
    weights = weights or {}
    total = sum(weights.get(q, 1.0) for q in query)
    hit = sum(weights.get(q, 1.0) for q in query if q in text)
    return hit / total if total else 0.0
