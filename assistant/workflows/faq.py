"""Onboarding Q&A for coordinators: question/answer pairs generated from the indexed guidance.

Questions come from the documents' headings (a heading that is a question is used as it is; others
become "What should I know about ...?"); each answer is composed from that document's passages by
the same grounded answering, so every document in the index is covered and every answer is cited.
Pairs whose questions or lead answers repeat an earlier pair are dropped as duplicates. A
coordinator's own documents, once ingested, are part of the index and so of the FAQ.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable, Iterator
from importlib import resources

from pydantic import BaseModel

from assistant.answering.answer import Answer
from assistant.answering.assistant import Assistant
from assistant.answering.replies import renumber
from assistant.generators.base import GenerationRequest
from assistant.retrieval.passages import place
from assistant.workflows.common import WorkflowError

TEMPLATES = {
    "en": "What should I know about {topic}?",
    "tr": "{topic} hakkında neleri bilmeliyim?",
}
_QUESTION_START = re.compile(
    r"^(what|why|how|who|when|where|which|is|are|do|does|can|should|ne|neden|nasıl|kim|hangi)\b",
    re.IGNORECASE,
)


class FaqItem(BaseModel):
    question: str
    answer: str
    source: str
    citations: list[dict]


class Faq(BaseModel):
    language: str
    audience: str | None
    items: list[FaqItem]
    documents_indexed: int
    documents_cited: int
    duplicates_dropped: int

    @property
    def coverage(self) -> float:
        return self.documents_cited / self.documents_indexed if self.documents_indexed else 0.0

    def to_markdown(self) -> str:
        title = {"en": "Onboarding FAQ", "tr": "Oryantasyon SSS"}[self.language]
        out = [f"# {title}", ""]
        for i, item in enumerate(self.items, 1):
            out += [f"## {i}. {item.question}", "", item.answer, ""]
            for c in item.citations:
                where = place(c["title"], c["heading"])
                out.append(f"[{c['n']}] {where} ({c['source']})  ")
            out.append("")
        return "\n".join(out).strip() + "\n"

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["question", "answer", "sources"])
        for item in self.items:
            w.writerow([item.question, item.answer, "; ".join(sorted({c["source"] for c in item.citations}))])
        return buf.getvalue()

    def to_json(self) -> str:
        return json.dumps(
            self.model_dump() | {"coverage": round(self.coverage, 4)}, ensure_ascii=False, indent=2
        )


# headings that read as a question once reworded ("Why Feedback Matters" -> "Why does feedback matter?")
_REWORDINGS = [
    (re.compile(r"^why (.+?) matters?\b(.*)$", re.I), "Why does {0} matter{1}?"),
    (re.compile(r"^(purpose|role|aim|goals?|benefits?) of (.+)$", re.I), "What is the {0} of {1}?"),
    (re.compile(r"^overview of (.+)$", re.I), "What is {0}?"),
    (re.compile(r"^how to (.+)$", re.I), "How do I {0}?"),
    (re.compile(r"^when to (.+)$", re.I), "When should I {0}?"),
]


def heading_question(heading: str, language: str) -> str:
    """A heading as the question a reader would ask: kept when it is one, reworded when its form
    allows ("Purpose of the first session" -> "What is the purpose of the first session?"), else
    "What should I know about ...?"."""
    leaf = heading.split(" › ")[-1].strip().rstrip(".:")
    if leaf.endswith("?"):
        return leaf
    if language == "en":
        for pattern, form in _REWORDINGS:
            m = pattern.match(leaf)
            if m:
                return form.format(*(_lower(g.strip()) for g in m.groups()))
    if _QUESTION_START.match(leaf):
        return leaf + "?"
    return TEMPLATES[language].format(topic=leaf if language == "tr" else _lower(leaf))


def _lower(text: str) -> str:
    """Title Case words lowered ("the Programme Cycle" -> "the programme cycle"), acronyms kept."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in text.split())


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


@functools.cache
def _bank() -> tuple[tuple[str, str, str], ...]:
    """(language, asker, question) of ``data/newcomer-questions.txt``."""
    text = resources.files("assistant").joinpath("data/newcomer-questions.txt").read_text(encoding="utf-8")
    rows = [line.split("|", 2) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple((lang.strip(), asker.strip(), q.strip()) for lang, asker, q in rows)


def newcomer_questions(language: str, audience: str | None) -> list[tuple[str, str | None]]:
    """The bank's questions in ``language`` a member of ``audience`` (anyone when None) might ask,
    each with the role to answer it for."""
    return [
        (q, None if asker == "any" else asker)
        for lang, asker, q in _bank()
        if lang == language and (audience is None or asker in ("any", audience))
    ]


def build_faq(
    assistant: Assistant,
    count: int = 30,
    language: str = "en",
    audience: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Faq:
    """Newcomers' questions the guidance answers first (the first to reach each document, then
    the rest), then, for documents no such question reaches, questions from their headings."""
    if not 1 <= count <= 500:
        raise WorkflowError("Ask for between 1 and 500 question/answer pairs.")
    if language not in TEMPLATES:
        raise WorkflowError(f"Unsupported language {language!r}; choose en or tr.")
    docs = [d for d in assistant.index.documents() if audience is None or audience in d.audience]
    if not docs:
        raise WorkflowError("No indexed documents match; run `mentor-assistant ingest` first.")
    indexed = {d.source for d in docs}
    asked: list[FaqItem] = []
    first_per_doc: dict[str, FaqItem] = {}
    for item in _newcomer_items(assistant, language, audience, indexed):
        asked.append(item)
        first_per_doc.setdefault(item.source, item)
        if len(first_per_doc) >= count:  # enough first questions to fill the FAQ: ask no more
            break
    ordered = [i for i in asked if first_per_doc[i.source] is i]
    docs.sort(key=lambda d: (d.language != language, d.source))
    uncovered = [d for d in docs if d.source not in first_per_doc]
    items = _Picker(count, progress)
    for item in ordered:
        items.add(item)
    # the heading questions are answered lazily: a full FAQ stops asking (an FAQ of 3 once
    # composed an answer for every heading of the index and kept three)
    for item in _heading_items(assistant, uncovered, language, audience, rounds=1):
        if items.full:
            break
        items.add(item)
    for item in asked:
        items.add(item)
    for item in _heading_items(assistant, docs, language, audience, rounds=None):
        if items.full:
            break
        if _norm(item.question) not in items.seen_q:  # asked in the first round already
            items.add(item)
    cited = {c["source"] for item in items.items for c in item.citations}
    return Faq(
        language=language,
        audience=audience,
        items=items.items,
        documents_indexed=len(indexed),
        documents_cited=len(cited & indexed),
        duplicates_dropped=items.dropped,
    )


class _Picker:
    """The FAQ being filled: at most ``count`` items, none repeating an earlier question or lead."""

    def __init__(self, count: int, progress: Callable[[int, int], None] | None):
        self.count, self.progress = count, progress
        self.items: list[FaqItem] = []
        self.seen_q: set[str] = set()
        self.seen_lead: set[str] = set()
        self.dropped = 0

    @property
    def full(self) -> bool:
        return len(self.items) >= self.count

    def add(self, item: FaqItem) -> None:
        if self.full or any(item is i for i in self.items):
            return
        lead = _norm(item.answer.split("\n")[0])
        if _norm(item.question) in self.seen_q or lead in self.seen_lead:
            self.dropped += 1
            return
        self.seen_q.add(_norm(item.question))
        self.seen_lead.add(lead)
        self.items.append(item)
        if self.progress:
            self.progress(len(self.items), self.count)


def _item(question: str, answer: Answer, source: str) -> FaqItem:
    return FaqItem(
        question=question,
        answer=answer.answer,
        source=source,
        citations=[c.model_dump(exclude={"passage_id"}) for c in answer.citations],
    )


def _newcomer_items(
    assistant: Assistant, language: str, audience: str | None, indexed: set[str]
) -> Iterator[FaqItem]:
    """The bank's questions the guidance answers (not refused, not 'not covered'), each filed
    under the document its answer cites first; asked one at a time, as they are wanted."""
    for question, role in newcomer_questions(language, audience):
        answer = assistant.ask(question, role=role or audience, language=language)
        if answer.outcome != "answer" or not answer.citations or answer.citations[0].source not in indexed:
            continue
        yield _item(question, answer, answer.citations[0].source)


def _heading_items(assistant: Assistant, docs, language: str, audience: str | None, rounds: int | None):
    """Questions from the documents' headings, one document after another (``rounds`` headings
    each at most; all when None), answered from that document alone."""
    corpus = assistant.retriever.corpus()
    headings: dict[str, list[str]] = {}
    for meta in corpus.meta:
        src, head = meta.get("source"), meta.get("heading") or ""
        if head and head not in headings.setdefault(src, []):
            headings[src].append(head)
    composer = assistant.composer
    checker = assistant.grounding
    queue = [(d, list(headings.get(d.source, []))) for d in docs]
    done = {d.source: 0 for d in docs}
    while any(heads and (rounds is None or done[d.source] < rounds) for d, heads in queue):
        for doc, heads in queue:
            while heads and (rounds is None or done[doc.source] < rounds):
                heading = heads.pop(0)
                question = heading_question(heading, doc.language if doc.language in TEMPLATES else language)
                answer = _answer(assistant, composer, checker, question, doc.source, doc.language, audience)
                if answer is not None:
                    done[doc.source] += 1
                    yield _item(question, answer, doc.source)
                    break


def _answer(assistant, composer, checker, question, source, language, audience) -> Answer | None:
    retrieval = assistant.retriever.search(question, role=audience, language=language, sources={source})
    if not retrieval.passages:
        return None
    request = GenerationRequest(
        question=question,
        language=language,
        passages=retrieval.passages,
        expansion=retrieval.expansion,
        term_weights=retrieval.term_weights,
    )
    text = composer.compose(request).strip()
    text, _ = checker.apply(text, retrieval.passages, language)
    if not text or "[" not in text:
        return None
    body, citations = renumber(text, retrieval.passages)
    return Answer(
        question=question,
        answer=body,
        refused=False,
        language=language,
        searched_for=question,
        citations=citations,
    )
