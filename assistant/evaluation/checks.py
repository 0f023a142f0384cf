"""The eval's other suites: the three scope outcomes, the foreign-documents index, the workflows."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from assistant.answering.assistant import Assistant
from assistant.evaluation.datasets import DATA, EVALS, load_jsonl
from assistant.evaluation.metrics import fact_coverage
from assistant.evaluation.reader import reader_record, reader_summary, split_of
from assistant.retrieval.scope import OUTCOMES
from assistant.settings import Settings
from assistant.store.index import GuidanceIndex


def _halves(rows: list[dict], measure: Callable[[list[dict]], dict]) -> dict:
    return {half: measure([r for r in rows if r["split"] == half]) for half in ("dev", "test")}


SCOPE_EXPECTED = {"in_domain": "answer", "out_of_domain": "outside", "not_covered": "not_covered"}


def scope_checks(bot: Assistant, limit: int | None = None) -> dict:
    """The three scope outcomes on the scope sets (assistant/data/evals/scope/): the share of
    each set given the outcome it should get (in-domain: answered; out-of-domain: refused as
    outside mentoring; not covered: told the guidance does not cover it), and each outcome's count."""
    out: dict = {}
    for name, expected in SCOPE_EXPECTED.items():
        items = load_jsonl(EVALS / "scope" / f"{name}.jsonl")[:limit]
        rows = [
            {"split": split_of(q["id"]), "outcome": bot.ask(q["q"], role=q.get("role")).outcome}
            for q in items
        ]

        def rate(part: list[dict], expected=expected) -> dict:
            counts = {o: sum(r["outcome"] == o for r in part) for o in OUTCOMES}
            return {
                "n": len(part),
                "expected_rate": round(counts[expected] / len(part), 4) if part else 0.0,
                **counts,
            }

        out[name] = _halves(rows, rate)
    return out


def foreign_checks(settings: Settings, workdir: Path, limit: int | None = None) -> dict:
    """The reader figures, key-fact coverage and Recall@5 on a second index holding only the
    documents in assistant/data/evals/foreign/docs (web pages with boilerplate, a FAQ, slides, a PDF, a .docx,
    a Turkish-only guide, a terse policy, a blog post), with their labelled questions."""
    s = settings.model_copy(update={"index_dir": workdir / "foreign-index"})
    index = GuidanceIndex(s)
    ingest = index.ingest([EVALS / "foreign" / "docs"], base=DATA)
    bot = Assistant(s, index=index)
    items = load_jsonl(EVALS / "foreign" / "questions.jsonl")[:limit]
    rows = []
    for q in items:
        a = bot.ask(q["q"], role=q.get("role"))
        names = {Path(d).name for d in q["docs"]}
        top = [Path(p.source).name for p in bot.retriever.search(q["q"], role=q.get("role"), k=5).passages]
        rows.append(
            {
                **reader_record(a, q),
                "split": split_of(q["id"]),
                "coverage": 0.0 if a.refused else fact_coverage(a.answer, q["facts"], a.language),
                "hit": any(t in names for t in top),
            }
        )

    def measure(part: list[dict]) -> dict:
        summary = reader_summary(part)
        if part:
            summary["key_fact_coverage"] = round(statistics.mean(r["coverage"] for r in part), 4)
            summary["recall_at_5"] = round(sum(r["hit"] for r in part) / len(part), 4)
        return summary

    return {"documents": ingest.documents_total, "chunks": ingest.chunks_total, **_halves(rows, measure)}


def workflow_checks(bot: Assistant, faq: bool = True, limit: int | None = None) -> dict:
    """Agendas of every kind and length, a feedback request, the three role guides and (with
    ``faq``) an FAQ; ``limit`` keeps at most that many agendas and role guides."""
    from assistant.workflows import build_agenda, build_faq, build_feedback_request, build_role_guide

    ids = set(bot.index.chunk_ids())
    minutes_ok = cited_ok = total = 0
    cited_total = 0
    models = []
    agendas = [(kind, minutes) for kind in ("first", "regular", "closing") for minutes in (30, 45, 60, 90)]
    for kind, minutes in agendas[:limit]:
        a = build_agenda(bot, kind, minutes, goals=["Build confidence presenting"], role="mentee")
        total += 1
        minutes_ok += sum(i.minutes for i in a.items) == minutes
        models.append(a)
    models.append(build_feedback_request(bot, "mentor", "my presentation"))
    models += [build_role_guide(bot, r) for r in ("mentee", "mentor", "coordinator")[:limit]]
    for m in models:
        for c in m.citations:
            cited_total += 1
            cited_ok += c.passage_id in ids
    out = {
        "agendas": total,
        "agenda_minutes_add_up": round(minutes_ok / max(1, total), 4),
        "cited_passages_exist": round(cited_ok / max(1, cited_total), 4),
    }
    if faq:
        docs = len(bot.index.documents())
        t = time.perf_counter()
        f = build_faq(bot, count=docs)
        out.update(
            {
                "faq_pairs": len(f.items),
                "faq_coverage": round(f.coverage, 4),
                "faq_duplicates_dropped": f.duplicates_dropped,
                "faq_seconds": round(time.perf_counter() - t, 1),
            }
        )
    return out
