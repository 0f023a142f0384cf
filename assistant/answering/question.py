"""A question as asked: cleaned and checked, its role checked, and the language to answer it in."""

from __future__ import annotations

import re

from assistant.answering.answer import QuestionError
from assistant.ingest.documents import detect_language, normalise_text
from assistant.language import en, tr
from assistant.settings import ROLES

SUPPORTED_LANGUAGES = ("en", "tr")
_TR_LETTERS = re.compile(f"[{tr.LETTERS}]")

_TR_WORDS = set(tr.MARKER_WORDS)
_EN_WORDS = set(en.MARKER_WORDS)


def question_language(question: str, fallback: str = "en") -> str:
    """'tr' or 'en' (the languages answers are written in); short questions use their words."""
    # Turkish letters in a lower-case word; a name ("Çınar", "Gökçe") says nothing of the language
    if any(_TR_LETTERS.search(w) and not w[:1].isupper() for w in question.split()):
        return "tr"
    words = [w.lower() for w in re.findall(r"\w+", question)]
    n_tr, n_en = sum(w in _TR_WORDS for w in words), sum(w in _EN_WORDS for w in words)
    if n_tr != n_en and (n_tr or n_en):
        return "tr" if n_tr > n_en else "en"
    if len(words) < 4:
        return fallback
    lang = detect_language(question)
    return lang if lang in SUPPORTED_LANGUAGES else fallback


def clean_question(question: str, limit: int) -> str:
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    if len(question) > limit:
        raise QuestionError(
            f"The question is {len(question):,} characters long; the limit is {limit:,}. "
            "Please shorten it to the part you want answered."
        )
    text = normalise_text(question.replace("\x00", " "))
    text = re.sub(r"\s+", " ", text).strip()
    if not re.search(r"\w", text):
        raise QuestionError("Please type a question: the message is empty.")
    return text


def check_role(role: str | None) -> str | None:
    if role in (None, "", "any"):
        return None
    role = role.strip().lower()
    if role not in ROLES:
        raise QuestionError(f"Unknown role {role!r}; choose one of: {', '.join(ROLES)}.")
    return role
