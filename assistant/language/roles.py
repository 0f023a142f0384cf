"""The words that name each role in either language, as one regex alternation per role
("mentor|mentorlar|mentorun|..."), for the follow-up rewriter and the composer's role fit."""

from __future__ import annotations

from assistant.language import en, tr

ROLE_WORDS = {role: "|".join((*en.ROLE_WORDS[role], *tr.ROLE_WORDS[role])) for role in en.ROLE_WORDS}
