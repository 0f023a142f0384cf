"""Onboarding Q&A for coordinators: question/answer pairs generated from the indexed guidance.

Questions come from the documents' headings (a heading that is a question is used as it is; others
become "What should I know about ...?"); each answer is composed from that document's passages by
the same grounded answering, so every document in the index is covered and every answer is cited.
Pairs whose questions or lead answers repeat an earlier pair are dropped as duplicates. A
coordinator's own documents, once ingested, are part of the index and so of the FAQ.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

from pydantic import BaseModel

from ..answering import Answer, Assistant, renumber
from ..generation import GenerationRequest
from ..grounding import GroundingChecker
from .common import WorkflowError

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
                where = f"{c['title']} › {c['heading']}" if c["heading"] else c["title"]
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


def heading_question(heading: str, language: str) -> str:
    leaf = heading.split(" › ")[-1].strip().rstrip(".:")
    if leaf.endswith("?"):
        return leaf
    if _QUESTION_START.match(leaf):
        return leaf + "?"
    topic = leaf if language == "tr" else leaf[0].lower() + leaf[1:] if leaf[:2].lower() != leaf[:2] else leaf
    return TEMPLATES[language].format(topic=topic)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def build_faq(
    assistant: Assistant,
    count: int = 30,
    language: str = "en",
    audience: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Faq:
    if not 1 <= count <= 500:
        raise WorkflowError("Ask for between 1 and 500 question/answer pairs.")
    if language not in TEMPLATES:
        raise WorkflowError(f"Unsupported language {language!r}; choose en or tr.")
    docs = [d for d in assistant.index.documents() if audience is None or audience in d.audience]
    if not docs:
        raise WorkflowError("No indexed documents match; run `mentor-assistant ingest` first.")
    corpus = assistant.retriever.corpus()
    headings: dict[str, list[str]] = {}
    for meta in corpus.meta:
        src, head = meta.get("source"), meta.get("heading") or ""
        if head and head not in headings.setdefault(src, []):
            headings[src].append(head)
    # documents in the requested language first, then the others; round-robin over their headings
    docs.sort(key=lambda d: (d.language != language, d.source))
    queue = [(d, list(headings.get(d.source, []))) for d in docs]
    composer = assistant._offline()
    checker = GroundingChecker(assistant.index.embeddings, scorer=assistant.scorer)
    items: list[FaqItem] = []
    seen_q: set[str] = set()
    seen_lead: set[str] = set()
    dropped = 0
    cited: set[str] = set()
    while len(items) < count and any(h for _, h in queue):
        for doc, heads in queue:
            if len(items) >= count:
                break
            while heads:
                heading = heads.pop(0)
                question = heading_question(heading, doc.language if doc.language in TEMPLATES else language)
                if _norm(question) in seen_q:
                    dropped += 1
                    continue
                answer = _answer(assistant, composer, checker, question, doc.source, doc.language, audience)
                if answer is None:
                    continue
                lead = _norm(answer.answer.split("\n")[0])
                if lead in seen_lead:
                    dropped += 1
                    continue
                seen_q.add(_norm(question))
                seen_lead.add(lead)
                cited.update(c.source for c in answer.citations)
                items.append(
                    FaqItem(
                        question=question,
                        answer=answer.answer,
                        source=doc.source,
                        citations=[c.model_dump(exclude={"passage_id"}) for c in answer.citations],
                    )
                )
                if progress:
                    progress(len(items), count)
                break
    indexed = {d.source for d in docs}
    return Faq(
        language=language,
        audience=audience,
        items=items,
        documents_indexed=len(indexed),
        documents_cited=len(cited & indexed),
        duplicates_dropped=dropped,
    )


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
