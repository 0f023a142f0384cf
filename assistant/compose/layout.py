"""Writing a ``Selection`` out as the answer's Markdown, with ``[n]`` citations.

The lead sentences come first, each cited; a list follows with its intro cited once and its
items as bullets (a cut list ends with "and N more"); supporting points close the answer under
a short framing line, one line each. An answer quoted from passages in another language than
the question's says so first.
"""

from __future__ import annotations

import re

from assistant.compose.selection import Selection
from assistant.language.sentences import split_sentences

PHRASES = {
    "en": {
        "related": "Related:",
        "more": "… and {k} more in the source [{n}]",
        "section": "From “{heading}”:",
        "other_language": "The guidance on this is written in {language}; here is what it says:",
        "duties": "What the guidance expects of a {role}:",
    },
    "tr": {
        "related": "İlgili:",
        "more": "… ve kaynakta {k} madde daha [{n}]",
        "section": "“{heading}” bölümünden:",
        "other_language": "Bu konudaki rehber {language} yazılmış; şunları söylüyor:",
        "duties": "Rehberin bir {role} için saydığı sorumluluklar:",
    },
}


ROLE_NAMES = {
    "en": {"mentee": "mentee", "mentor": "mentor", "coordinator": "coordinator"},
    "tr": {"mentee": "mentee", "mentor": "mentor", "coordinator": "koordinatör"},
}
LANGUAGE_NAMES = {
    "en": {"en": "English", "tr": "Turkish"},
    "tr": {"en": "İngilizce", "tr": "Türkçe"},
}


class _Any(dict):
    """Every field of a phrase matches any text."""

    def __missing__(self, key: str) -> str:
        return ".+?"


# the lines above written by this module, as patterns: they frame the answer and claim nothing
_FRAMES = [
    re.compile("^" + re.escape(phrase).replace(r"\{", "{").replace(r"\}", "}").format_map(_Any()) + "$")
    for phrases in PHRASES.values()
    for phrase in phrases.values()
]


def is_frame(line: str) -> bool:
    """Whether ``line`` is one of the framing lines this module writes ("Related:", "The guidance
    on this is written in Turkish; here is what it says:")."""
    return any(p.match(line.strip()) for p in _FRAMES)


def as_sentence(text: str) -> str:
    """A quoted unit as a sentence: capitalised, ending in a full stop unless it has an end."""
    text = text.strip().rstrip(";,")
    if text and text.rstrip("\"'”’»)")[-1:] not in (".", "!", "?", "…", ":"):
        text += "."
    return text[0].upper() + text[1:] if text else text


def cited(text: str, n: int) -> str:
    """``[n]`` after each sentence of ``text`` (each sentence is checked with its own citation)."""
    return " ".join(f"{s} [{n}]" for s in split_sentences(as_sentence(text)))


def render(selection: Selection, language: str, source_language: str) -> str:
    phrases = PHRASES.get(language, PHRASES["en"])
    lines: list[str] = []
    if source_language != language:
        names = LANGUAGE_NAMES.get(language, LANGUAGE_NAMES["en"])
        lines += [phrases["other_language"].format(language=names.get(source_language, source_language)), ""]
    n = selection.n
    if selection.heading:
        lines += [phrases["section"].format(heading=selection.heading.split(" › ")[-1])]
    if selection.lead:
        lines += [" ".join(cited(q.text, q.n) for q in selection.lead)]
    if selection.items:
        if selection.lead:
            lines.append("")
        if selection.intro:
            lines.append(cited(selection.intro, n))
        lines += [f"- {cited(item, n)}" for item in selection.items]
        if selection.more:
            lines.append(f"- {phrases['more'].format(k=selection.more, n=n)}")
    if selection.listed:
        role = ROLE_NAMES.get(language, ROLE_NAMES["en"]).get(selection.duties_of, selection.duties_of)
        lines += [phrases["duties"].format(role=role)] if selection.duties_of else []
        lines += _listed(selection, phrases)
    if selection.points:
        lines += ["", phrases["related"]]
        lines += [f"- {cited(q.text, q.n)}" for q in selection.points]
    return "\n".join(lines).strip() + "\n"


def _listed(selection: Selection, phrases: dict[str, str]) -> list[str]:
    """The listed lines, each cited; under the name of each document they come from when they
    come from more than one (two programmes' duties are not one list)."""
    titles = selection.listed_from if len(set(selection.listed_from)) > 1 else []
    out: list[str] = []
    for i, q in enumerate(selection.listed):
        if titles and (i == 0 or titles[i] != titles[i - 1]):
            out.append(phrases["section"].format(heading=titles[i]))
        out.append(f"- {cited(q.text, q.n)}")
    return out


def word_count(text: str) -> int:
    return len(text.split())
