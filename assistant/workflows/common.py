"""What every workflow shares: grounded lines with citations, and the ``Grounder`` that finds them.

A ``GroundedLine`` is either quoted from the guidance (with citation numbers into the workflow's
own citation list) or taken from the user's input (``from_user=True``), never anything else.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from assistant.answering.answer import Citation
from assistant.answering.assistant import Assistant
from assistant.answering.question import check_role
from assistant.compose.layout import as_sentence
from assistant.generators.base import EXTRACTIVE, STRUCTURED, GenerationRequest, has
from assistant.language.sentences import clean_markdown
from assistant.retrieval.passages import Passage, place

SUPPORTED = ("en", "tr")


class WorkflowError(ValueError):
    """Invalid workflow input; the message says what to change."""


class LlmLine(BaseModel):
    text: str
    cite: int


class LlmLines(BaseModel):
    """What an LLM must return for a workflow section (validated; one retry on errors)."""

    lines: list[LlmLine]


def _json_part(text: str) -> str:
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else text


class GroundedLine(BaseModel):
    text: str
    citations: list[int] = []
    from_user: bool = False

    def markdown(self, language: str = "en") -> str:
        if self.from_user:
            return f"{self.text} *({USER_MARK.get(language, USER_MARK['en'])})*"
        refs = "".join(f"[{n}]" for n in self.citations)
        return f"{self.text} {refs}".strip()


# the time box of a sample agenda's item ("0–10 min: Introductions."): wrong inside another agenda
_TIME_BOX = re.compile(r"^\d{1,3}\s*[–-]\s*\d{1,3}\s*(?:min(?:utes)?|dk|dakika)\.?:\s*", re.IGNORECASE)


def plain_line(text: str) -> str:
    """A quoted guidance unit as one plain line: markdown (a bold item label) and a sample agenda's
    time box removed, first letter capitalised, ending with a full stop."""
    return as_sentence(_TIME_BOX.sub("", clean_markdown(text)).strip().rstrip(";:,"))


USER_MARK = {"en": "from your input", "tr": "sizin girdiniz"}


class Grounder:
    """Finds guidance sentences for a workflow and keeps one numbered citation list."""

    def __init__(self, assistant: Assistant, language: str = "en", role: str | None = None):
        if language not in SUPPORTED:
            raise WorkflowError(f"Unsupported language {language!r}; choose one of: {', '.join(SUPPORTED)}.")
        self.assistant = assistant
        self.language = language
        self.role = check_role(role)
        self.citations: list[Citation] = []
        self._composer = assistant.composer
        self._used: set[str] = set()
        self.llm_calls = 0  # requests sent to the LLM
        self.llm_retries = 0  # LLM replies that failed validation and were retried
        self.llm_fallbacks = 0  # LLM answers replaced by extractive lines

    def _cite(self, passage: Passage) -> int:
        """The number of ``passage``'s citation: a new one unless the passage, or the same text
        of its section (two chunks of one section, each widened to it), is cited already."""
        for c in self.citations:
            if c.passage_id == passage.id or (c.source, c.heading, c.text) == (
                passage.source,
                passage.heading,
                passage.text,
            ):
                return c.n
        n = len(self.citations) + 1
        self.citations.append(Citation.from_passage(passage, n))
        return n

    def _llm_lines(self, query: str, retrieval, count: int, questions: bool | None) -> list[GroundedLine]:
        """Lines written by the LLM generator: validated into ``LlmLines`` (one retry with the
        validation error fed back), then grounding-checked; [] when the model fails."""
        from pydantic import ValidationError

        from assistant.generators.base import LANGUAGE_NAMES
        from assistant.generators.chat import format_passages
        from assistant.generators.prompts import load_prompt

        generator = self.assistant.generator
        if not has(generator, STRUCTURED):
            return []
        task = query + (" Phrase each line as a question." if questions else "")
        feedback = ""
        for _attempt in range(2):
            system, user = load_prompt("workflow_lines").render(
                task=task,
                passages=format_passages(retrieval.passages),
                count=str(count),
                language_name=LANGUAGE_NAMES.get(self.language, self.language),
                feedback=feedback,
            )
            self.llm_calls += 1
            try:
                raw = generator.complete(system, user)
            except Exception:
                return []
            try:
                parsed = LlmLines.model_validate_json(_json_part(str(raw)))
                bad = [x.cite for x in parsed.lines if not 1 <= x.cite <= len(retrieval.passages)]
                if bad:
                    raise ValueError(f"cite numbers {bad} do not exist; use 1..{len(retrieval.passages)}")
                break
            except (ValidationError, ValueError) as exc:
                feedback = f"Your previous reply was invalid ({str(exc)[:300]}). Reply with valid JSON only."
                self.llm_retries += 1
        else:
            return []
        from assistant.generators.guard import system_prompt_guard

        out = []
        for item in parsed.lines[:count]:
            passage = retrieval.passages[item.cite - 1]
            if system_prompt_guard().leaks(item.text):
                continue
            if self._checker().score(item.text, passage.text, self.language) < self._checker().threshold:
                continue
            out.append(GroundedLine(text=item.text.strip(), citations=[self._cite(passage)]))
        return out

    def _checker(self):
        return self.assistant.grounding

    def lines(
        self,
        query: str,
        count: int = 2,
        questions: bool | None = None,
        sources: set[str] | None = None,
        kind: str | None = None,
    ) -> list[GroundedLine]:
        """Up to ``count`` guidance lines answering ``query``, each cited, none repeated, chosen
        as an answer's body is (``compose.lines``): a list's items when a list answers.

        ``kind`` is "question", "statement", "action" or "any"; without it ``questions=True``
        keeps questions only and ``False`` drops them.
        """
        kind = kind or {True: "question", False: "statement", None: "any"}[questions]
        retrieval = self.assistant.retriever.search(
            query, role=self.role, language=self.language, sources=sources
        )
        if not retrieval.passages:
            return []
        if not has(self.assistant.generator, EXTRACTIVE):
            written = self._llm_lines(query, retrieval, count, kind == "question")
            if len(written) >= max(1, count // 2):
                return written
            self.llm_fallbacks += 1
        return self.quoted_lines(query, retrieval.passages, count, kind, retrieval)

    def quoted_lines(
        self, query: str, passages: list[Passage], count: int, kind: str, retrieval=None
    ) -> list[GroundedLine]:
        """Up to ``count`` lines of ``kind`` quoted from ``passages`` (widened to their whole
        sections), chosen for ``query`` as ``lines`` chooses them."""
        passages = self.assistant.retriever.whole_sections(
            passages, self.assistant.settings.section_max_chars
        )
        request = GenerationRequest(
            question=query,
            language=self.language,
            role=self.role,
            passages=passages,
            expansion=retrieval.expansion if retrieval else "",
            term_weights=retrieval.term_weights if retrieval else {},
        )
        picked = self._composer.lines(request, count, kind, self._used)
        return self._grounded(picked, passages)

    def duty_lines(self, passages: list[Passage], count: int) -> list[GroundedLine]:
        """Up to ``count`` lines of the sections in ``passages`` that set out the role's duties,
        one per section, as an answer listing them has (``compose.duties``)."""
        passages = self.assistant.retriever.whole_sections(
            passages, self.assistant.settings.section_max_chars
        )
        request = GenerationRequest(question="", language=self.language, role=self.role, passages=passages)
        return self._grounded(self._composer.duties(request, count, self._used), passages)

    def _grounded(self, picked, passages: list[Passage]) -> list[GroundedLine]:
        return [
            GroundedLine(text=plain_line(q.text), citations=[self._cite(passages[q.n - 1])]) for q in picked
        ]


def compact_citations(groups: list[list[GroundedLine]], citations: list[Citation]) -> list[Citation]:
    """Keep only the citations the given lines use, renumbered 1..n in order of first use."""
    mapping: dict[int, int] = {}
    for group in groups:
        for line in group:
            for n in line.citations:
                mapping.setdefault(n, len(mapping) + 1)
    for group in groups:
        for line in group:
            line.citations = [mapping[n] for n in line.citations]
    by_old = {c.n: c for c in citations}
    return [
        by_old[old].model_copy(update={"n": new})
        for old, new in sorted(mapping.items(), key=lambda kv: kv[1])
    ]


def user_lines(values: list[str] | None) -> list[GroundedLine]:
    out = []
    for v in values or []:
        v = re.sub(r"\s+", " ", v).strip()
        if v:
            if len(v) > 300:
                raise WorkflowError("Goals and notes are limited to 300 characters each.")
            out.append(GroundedLine(text=v, from_user=True))
    return out


def sources_markdown(citations: list[Citation], language: str) -> list[str]:
    title = {"en": "Sources", "tr": "Kaynaklar"}[language]
    lines = ["", f"## {title}", ""]
    for c in citations:
        where = place(c.title, c.heading)
        lines.append(f"- [{c.n}] {where} ({c.source})")
    return lines
