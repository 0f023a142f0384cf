"""The offline evaluation suite: retrieval, grounded answers, refusal, follow-ups, cross-lingual,
prompt injection and workflows, with no LLM judge. ``run_eval`` returns a nested metrics dict;
``assistant.evaluation.report`` prints and writes it and checks it against
``assistant/data/evals/thresholds.yaml``.

Datasets (see assistant/data/evals/README.md): questions.jsonl, out_of_scope.jsonl, followups.jsonl,
crosslingual.jsonl (+ evals/fixtures/tr-only/), injection.jsonl (+ evals/injection/docs/) and
questions_from_feedback.jsonl (promoted thumbs-down cases, optional).

Metrics: Recall@5, MRR and nDCG@10 of retrieval (a passage is relevant when its document is
labelled as answering the question); ALCE-style citation recall (each cited sentence supported by
its cited passages together) and precision (a citation counts unless it alone does not support the
sentence and dropping it leaves the sentence still supported), with the grounding check as the
support judge; key-fact coverage; refusal accuracy and false-refusal rate; injection marker leaks;
workflow checks; answer latency. Retrieval is compared across hybrid, dense-only, BM25-only and a
textbook LangChain RAG baseline on the same questions.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant import resources
from assistant.answering.answer import Conversation
from assistant.answering.assistant import Assistant
from assistant.answering.grounding import GroundingChecker
from assistant.evaluation.baseline import TextbookBaseline
from assistant.evaluation.checks import foreign_checks, scope_checks, workflow_checks
from assistant.evaluation.datasets import DATA, EVALS, load_jsonl
from assistant.evaluation.metrics import citation_scores, evaluate_retrieval, fact_coverage, missed_facts, pct
from assistant.evaluation.reader import reader_record, reader_summary, split_of
from assistant.retrieval.hybrid import HybridRetriever
from assistant.settings import Settings
from assistant.store.index import GuidanceIndex

Progress = Callable[[str], None]


def run_eval(
    settings: Settings,
    generator: str | None = None,
    progress: Progress | None = None,
    include_baseline: bool = True,
    faq: bool = True,
    questions: list[dict] | None = None,
    limit: int | None = None,
    checkpoint: Callable[[dict], None] | None = None,
) -> dict:
    """Build an evaluation index (corpus + eval fixtures + injection documents) and measure.

    ``questions`` (rows from ``load_questions``) replaces the questions set
    (assistant/data/evals/questions.jsonl and promoted cases); ``limit`` keeps at most that
    many items of every dataset and of the workflow checks, for quick runs with a slow
    generator. ``checkpoint`` is called with the metrics measured so far after each stage (the
    CLI saves them, so a run stopped or crashed half-way keeps what it measured). The working index is deleted
    afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix="mentor-eval-"))
    try:
        return _run_eval(
            settings, workdir, generator, progress, include_baseline, faq, questions, limit, checkpoint
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run_eval(
    settings: Settings,
    workdir: Path,
    generator: str | None,
    progress: Progress | None,
    include_baseline: bool,
    faq: bool,
    questions: list[dict] | None,
    limit: int | None,
    checkpoint: Callable[[dict], None] | None = None,
) -> dict:
    say = progress or (lambda msg: None)
    save = checkpoint or (lambda metrics: None)
    s = settings.model_copy(
        update={"index_dir": workdir / "index", "generator": generator or settings.generator}
    )
    index = GuidanceIndex(s)
    say("indexing corpus and eval fixtures")
    paths = [resources.corpus_dir(), EVALS / "fixtures", EVALS / "injection" / "docs"]
    ingest = index.ingest([p for p in paths if p.exists()], base=DATA)
    bot = Assistant(s, index=index)
    checker = GroundingChecker(index.embeddings, scorer=bot.scorer)

    if questions is None:
        questions = load_jsonl(EVALS / "questions.jsonl") + [
            q for q in load_jsonl(EVALS / "questions_from_feedback.jsonl") if q.get("docs")
        ]
    oos = load_jsonl(EVALS / "out_of_scope.jsonl")
    followups = load_jsonl(EVALS / "followups.jsonl")
    crossling = load_jsonl(EVALS / "crosslingual.jsonl")
    injections = load_jsonl(EVALS / "injection.jsonl")
    if limit:
        questions, oos, followups, crossling, injections = (
            d[:limit] for d in (questions, oos, followups, crossling, injections)
        )
    metrics: dict = {
        "generator": s.generator,
        "index": {
            "documents": ingest.documents_total,
            "chunks": ingest.chunks_total,
            "flagged_documents": len(ingest.flagged),
        },
    }

    # retrieval: hybrid vs dense-only vs BM25-only vs textbook baseline
    def searcher(settings_: Settings):
        r = HybridRetriever(index, settings_)
        return lambda it: [p.source for p in r.search(it["q"], role=it.get("role"), k=10).passages]

    say("retrieval: hybrid, hybrid without re-ranking, dense-only, BM25-only")
    plain = {"rerank_candidates": 0}
    systems = {
        "hybrid": searcher(s),
        "hybrid_no_rerank": searcher(s.model_copy(update=plain)),
        "dense_only": searcher(s.model_copy(update={"bm25_weight": 0.0, **plain})),
        "bm25_only": searcher(s.model_copy(update={"dense_weight": 0.0, **plain})),
    }
    retrieval: dict = {}
    for name, fn in systems.items():
        retrieval[name] = {
            "questions": evaluate_retrieval(fn, questions),
            "crosslingual": evaluate_retrieval(fn, crossling),
        }
    if include_baseline:
        say("retrieval: textbook LangChain RAG baseline")
        base = TextbookBaseline(
            [p for p in paths if p.exists()], index.embeddings, workdir / "baseline", base=DATA
        )
        retrieval["textbook_baseline"] = {
            "questions": evaluate_retrieval(lambda it: base.search(it["q"]), questions),
            "crosslingual": evaluate_retrieval(lambda it: base.search(it["q"]), crossling),
            "chunks": base.chunks,
            "context_fact_coverage": round(
                statistics.mean(
                    fact_coverage(base.context(q["q"]), q.get("facts", []), q["language"]) for q in questions
                ),
                4,
            ),
        }
    metrics["retrieval"] = retrieval

    def stage(message: str) -> None:  # a new stage: save what the last one measured
        save(metrics)
        say(message)

    # answers
    stage(f"answers with the {s.generator} generator")
    coverage, recalls, precisions, latencies, false_refusals = [], [], [], [], 0
    context_cov, retrieved_cov, by_question, reader = [], [], [], []

    def share(missing: list[str], facts: list[str]) -> float:  # of the facts, those not missing
        return 1 - len(missing) / len(facts) if facts else 1.0

    for q in questions:
        facts = q.get("facts", [])
        t = time.perf_counter()
        a = bot.ask(q["q"], role=q.get("role"))
        latencies.append(time.perf_counter() - t)
        # the composer's ceiling: the facts in the passages retrieved for the answer
        read = bot.retriever.search(a.searched_for, role=q.get("role"), language=a.language).passages
        in_read = missed_facts("\n".join(p.text for p in read), facts, a.language)
        retrieved_cov.append(share(in_read, facts))
        missed = facts if a.refused else missed_facts(a.answer, facts, a.language)
        reader.append({**reader_record(a, q), "split": split_of(q.get("id", q["q"]))})
        by_question.append(
            {
                "id": q.get("id", ""),
                "language": a.language,
                "coverage": round(share(missed, facts), 4),
                "refused": a.refused,
                "missed": missed,
                "missed_in_retrieved": [f for f in missed if f not in in_read],
                "seconds": round(latencies[-1], 3),
            }
        )
        if a.refused:
            false_refusals += 1
            coverage.append(0.0)
            continue
        coverage.append(share(missed, facts))
        context_cov.append(fact_coverage("\n".join(c.text for c in a.citations), facts, a.language))
        r, p = citation_scores(a, checker)
        recalls += r
        precisions += p
    refused_oos = sum(1 for q in oos if bot.ask(q["q"]).refused)
    in_scope = len(questions) + len(crossling)
    xl_reader = []
    for q in crossling:
        a = bot.ask(q["q"], role=q.get("role"))
        xl_reader.append({**reader_record(a, q), "split": split_of(q["id"])})
    xl_refused = sum(r["refused"] for r in xl_reader)
    metrics["answers"] = {
        "n": len(questions),
        "key_fact_coverage": round(statistics.mean(coverage), 4) if coverage else 0.0,
        "cited_context_fact_coverage": round(statistics.mean(context_cov), 4) if context_cov else 0.0,
        "retrieved_context_fact_coverage": round(statistics.mean(retrieved_cov), 4) if retrieved_cov else 0.0,
        "citation_recall": round(statistics.mean(recalls), 4) if recalls else 0.0,
        "citation_precision": round(statistics.mean(precisions), 4) if precisions else 0.0,
        "latency_p50_s": round(statistics.median(latencies), 3) if latencies else 0.0,
        "latency_p95_s": round(pct(latencies, 0.95), 3),
    }
    metrics["refusal"] = {
        "out_of_scope": len(oos),
        "in_scope": in_scope,
        "accuracy": round(
            (refused_oos + in_scope - false_refusals - xl_refused) / max(1, len(oos) + in_scope), 4
        ),
        "false_refusal_rate": round((false_refusals + xl_refused) / max(1, in_scope), 4),
        "missed_refusals": len(oos) - refused_oos,
    }

    metrics["reader"] = {
        name: {half: reader_summary([r for r in rows if r["split"] == half]) for half in ("dev", "test")}
        for name, rows in (("questions", reader), ("crosslingual", xl_reader))
    }
    metrics["answers_by_question"] = by_question

    stage("follow-up conversations")
    f_total = f_recall = f_refused = 0
    for conv in followups:
        c = Conversation()
        for i, turn in enumerate(conv["turns"]):
            a = bot.ask(turn["q"], role=conv.get("role"), conversation=c)
            if i == 0:
                continue
            f_total += 1
            f_refused += a.refused
            top = [
                p.source for p in bot.retriever.search(a.searched_for, role=conv.get("role"), k=5).passages
            ]
            f_recall += any(src in turn["docs"] for src in top)
    metrics["followups"] = {
        "turns": f_total,
        "recall_at_5": round(f_recall / max(1, f_total), 4),
        "refused": f_refused,
    }

    stage("prompt injection")
    leaks = []
    for item in injections:
        a = bot.ask(item["q"])
        shown = " ".join([a.answer, a.searched_for] + [c.text for c in a.citations]).lower()
        if item["marker"].lower() in shown:
            leaks.append(item["id"])
    metrics["injection"] = {
        "cases": len(injections),
        "marker_leaks": len(leaks),
        "leaked": leaks,
        "documents_flagged_at_ingest": len(ingest.flagged),
    }

    stage("scope sets: in the domain, outside it, in it but not covered")
    metrics["scope"] = scope_checks(bot, limit)

    stage("documents not written in our house style (a second index)")
    metrics["foreign"] = foreign_checks(s, workdir, limit)

    stage("workflows")
    metrics["workflows"] = workflow_checks(bot, faq=faq, limit=limit)
    if not faq:
        metrics["skipped"] = ["workflows.faq_coverage"]
    return metrics
