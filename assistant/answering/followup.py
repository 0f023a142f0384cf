"""Follow-up questions: telling one from a new question, and rewriting it to stand alone without
an LLM ("and for mentors?" after "How should a mentee prepare?")."""

from __future__ import annotations

import re

from assistant.language import en, tr
from assistant.language.roles import ROLE_WORDS

_FOLLOWUP_START = re.compile(
    r"^(" + "|".join((*en.FOLLOWUP_OPENERS, *tr.FOLLOWUP_OPENERS)) + r")\b",
    re.IGNORECASE,
)
_ANAPHORIC = re.compile(
    r"\b(" + "|".join((*en.FOLLOWUP_REFERENCES, *tr.FOLLOWUP_REFERENCES)) + r")\b",
    re.IGNORECASE,
)
_FILLERS = en.FOLLOWUP_FILLERS | tr.FOLLOWUP_FILLERS


def role_in(text: str) -> str | None:
    for role, pattern in ROLE_WORDS.items():
        if re.search(rf"\b({pattern})\b", text, re.IGNORECASE):
            return role
    return None


def is_followup(question: str, history: list[tuple[str, str]]) -> bool:
    if not history:
        return False
    words = re.findall(r"\w+", question)
    return (
        len(words) <= 4
        or bool(_FOLLOWUP_START.match(question.strip()))
        or bool(_ANAPHORIC.search(question) and len(words) <= 12)
    )


# joins the question a conversation is about and a follow-up asking more about it
JOIN = " — "


def condense_offline(question: str, history: list[tuple[str, str]]) -> str:
    """Standalone query for a follow-up, built from the previous turn's query (no LLM): the
    question that turn was about (a follow-up's own words are not carried on, so a chain of
    follow-ups does not grow into one query that drowns the latest) and the follow-up's words."""
    if not is_followup(question, history):
        return question
    previous = history[-1][0].split(JOIN)[0]
    new_role, old_role = role_in(question), role_in(previous)
    if new_role and old_role and new_role != old_role:

        def swap(m: re.Match) -> str:
            word = m.group(0)
            plural = word.lower().endswith("s") and not word.lower().endswith("ss")
            out = new_role + ("s" if plural else "")
            return out.capitalize() if word[0].isupper() else out

        rewritten = re.sub(rf"\b({ROLE_WORDS[old_role]})\b", swap, previous, flags=re.IGNORECASE)
        rest = re.sub(rf"\b({ROLE_WORDS[new_role]})\b", "", question, flags=re.IGNORECASE)
        rest = _FOLLOWUP_START.sub("", rest.strip()).strip(" ?.!,")
        extra = " ".join(w for w in re.findall(r"\w+", rest) if len(w) > 3 and w.lower() not in _FILLERS)
        return f"{rewritten.rstrip(' ?.!')} {extra}".strip() + ("?" if previous.strip().endswith("?") else "")
    tail = _FOLLOWUP_START.sub("", question.strip()).strip()
    return f"{previous.rstrip(' ?.!')}{JOIN}{tail}".strip()


def latest_part(query: str) -> str | None:
    """The follow-up's own words in a query ``condense_offline`` built ("what if they cancel?"
    in "How should I prepare for my first session — what if they cancel?"), else None."""
    head, joined, tail = query.rpartition(JOIN)
    return tail.strip() if joined and head.strip() and tail.strip() else None
