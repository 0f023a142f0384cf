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
    run = EvalRun(settings, workdir, generator, progress, checkpoint)
    run.load_datasets(questions, limit)
    run.measure_retrieval(include_baseline)
    run.stage(f"answers with the {run.settings.generator} generator")
    run.measure_answers()
    run.stage("follow-up conversations")
    run.measure_followups()
    run.stage("prompt injection")
    run.measure_injection()
    metrics = run.metrics
    run.stage("scope sets: in the domain, outside it, in it but not covered")
    metrics["scope"] = scope_checks(run.bot, limit)
    run.stage("documents not written in our house style (a second index)")
    metrics["foreign"] = foreign_checks(run.settings, workdir, limit)
    run.stage("workflows")
    metrics["workflows"] = workflow_checks(run.bot, faq=faq, limit=limit)
    if not faq:
        metrics["skipped"] = ["workflows.faq_coverage"]
    return metrics


def _share(missing: list[str], facts: list[str]) -> float:
    """Of the facts, the share not missing."""
    return 1 - len(missing) / len(facts) if facts else 1.0


def _mean(values: list[float]) -> float:
    return round(statistics.mean(values), 4) if values else 0.0


class EvalRun:
    """One evaluation: the working index of the corpus and eval fixtures, the assistant over it,
    the datasets, and the metrics measured so far (saved by ``checkpoint`` at each new stage)."""

    def __init__(self, settings, workdir, generator, progress, checkpoint):
        self.say = progress or (lambda msg: None)
        self.save = checkpoint or (lambda metrics: None)
        self.workdir = workdir
        s = settings.model_copy(
            update={"index_dir": workdir / "index", "generator": generator or settings.generator}
        )
        self.settings = s
        self.index = GuidanceIndex(s)
        self.say("indexing corpus and eval fixtures")
        paths = [resources.corpus_dir(), EVALS / "fixtures", EVALS / "injection" / "docs"]
        self.paths = [p for p in paths if p.exists()]
        self.ingest = self.index.ingest(self.paths, base=DATA)
        self.bot = Assistant(s, index=self.index)
        self.checker = GroundingChecker(self.index.embeddings, scorer=self.bot.scorer)
        self.metrics: dict = {
            "generator": s.generator,
            "index": {
                "documents": self.ingest.documents_total,
                "chunks": self.ingest.chunks_total,
                "flagged_documents": len(self.ingest.flagged),
            },
        }

    def stage(self, message: str) -> None:
        """A new stage: save what the last one measured."""
        self.save(self.metrics)
        self.say(message)

    def load_datasets(self, questions: list[dict] | None, limit: int | None) -> None:
        if questions is None:
            questions = load_jsonl(EVALS / "questions.jsonl") + [
                q for q in load_jsonl(EVALS / "questions_from_feedback.jsonl") if q.get("docs")
            ]
        sets = [questions] + [
            load_jsonl(EVALS / f"{name}.jsonl")
            for name in ("out_of_scope", "followups", "crosslingual", "injection")
        ]
        if limit:
            sets = [d[:limit] for d in sets]
        self.questions, self.oos, self.followups, self.crossling, self.injections = sets

    def _searcher(self, settings_: Settings):
        r = HybridRetriever(self.index, settings_)
        return lambda it: [p.source for p in r.search(it["q"], role=it.get("role"), k=10).passages]

    def measure_retrieval(self, include_baseline: bool) -> None:
        """Hybrid vs hybrid without re-ranking vs dense-only vs BM25-only vs the textbook baseline."""
        s, questions, crossling = self.settings, self.questions, self.crossling
        self.say("retrieval: hybrid, hybrid without re-ranking, dense-only, BM25-only")
        plain = {"rerank_candidates": 0}
        systems = {
            "hybrid": self._searcher(s),
            "hybrid_no_rerank": self._searcher(s.model_copy(update=plain)),
            "dense_only": self._searcher(s.model_copy(update={"bm25_weight": 0.0, **plain})),
            "bm25_only": self._searcher(s.model_copy(update={"dense_weight": 0.0, **plain})),
        }
        retrieval: dict = {}
        for name, fn in systems.items():
            retrieval[name] = {
                "questions": evaluate_retrieval(fn, questions),
                "crosslingual": evaluate_retrieval(fn, crossling),
            }
        if include_baseline:
            self.say("retrieval: textbook LangChain RAG baseline")
            base = TextbookBaseline(self.paths, self.index.embeddings, self.workdir / "baseline", base=DATA)
            retrieval["textbook_baseline"] = {
                "questions": evaluate_retrieval(lambda it: base.search(it["q"]), questions),
                "crosslingual": evaluate_retrieval(lambda it: base.search(it["q"]), crossling),
                "chunks": base.chunks,
                "context_fact_coverage": _mean(
                    [
                        fact_coverage(base.context(q["q"]), q.get("facts", []), q["language"])
                        for q in questions
                    ]
                ),
            }
        self.metrics["retrieval"] = retrieval

    def _answer_row(self, q: dict, acc: dict) -> None:
        """Ask one question and add what it measured to ``acc``."""
        bot, facts = self.bot, q.get("facts", [])
        t = time.perf_counter()
        a = bot.ask(q["q"], role=q.get("role"))
        acc["latencies"].append(time.perf_counter() - t)
        # the composer's ceiling: the facts in the passages retrieved for the answer
        read = bot.retriever.search(a.searched_for, role=q.get("role"), language=a.language).passages
        in_read = missed_facts("\n".join(p.text for p in read), facts, a.language)
        acc["retrieved_cov"].append(_share(in_read, facts))
        missed = facts if a.refused else missed_facts(a.answer, facts, a.language)
        acc["reader"].append({**reader_record(a, q), "split": split_of(q.get("id", q["q"]))})
        acc["by_question"].append(
            {
                "id": q.get("id", ""),
                "language": a.language,
                "coverage": round(_share(missed, facts), 4),
                "refused": a.refused,
                "missed": missed,
                "missed_in_retrieved": [f for f in missed if f not in in_read],
                "seconds": round(acc["latencies"][-1], 3),
            }
        )
        if a.refused:
            acc["false_refusals"] += 1
            acc["coverage"].append(0.0)
            return
        acc["coverage"].append(_share(missed, facts))
        acc["context_cov"].append(fact_coverage("\n".join(c.text for c in a.citations), facts, a.language))
        r, p = citation_scores(a, self.checker)
        acc["recalls"] += r
        acc["precisions"] += p

    def measure_answers(self) -> None:
        """Answers to the questions (coverage, citations, latency, what a reader sees), refusals of
        the out-of-scope set and the cross-lingual answers."""
        keys = ("coverage", "recalls", "precisions", "latencies", "context_cov", "retrieved_cov")
        acc: dict = {k: [] for k in (*keys, "by_question", "reader")} | {"false_refusals": 0}
        for q in self.questions:
            self._answer_row(q, acc)
        bot, oos, latencies = self.bot, self.oos, acc["latencies"]
        refused_oos = sum(1 for q in oos if bot.ask(q["q"]).refused)
        in_scope = len(self.questions) + len(self.crossling)
        xl_reader = []
        for q in self.crossling:
            a = bot.ask(q["q"], role=q.get("role"))
            xl_reader.append({**reader_record(a, q), "split": split_of(q["id"])})
        xl_refused = sum(r["refused"] for r in xl_reader)
        false_refusals = acc["false_refusals"]
        self.metrics["answers"] = {
            "n": len(self.questions),
            "key_fact_coverage": _mean(acc["coverage"]),
            "cited_context_fact_coverage": _mean(acc["context_cov"]),
            "retrieved_context_fact_coverage": _mean(acc["retrieved_cov"]),
            "citation_recall": _mean(acc["recalls"]),
            "citation_precision": _mean(acc["precisions"]),
            "latency_p50_s": round(statistics.median(latencies), 3) if latencies else 0.0,
            "latency_p95_s": round(pct(latencies, 0.95), 3),
        }
        self.metrics["refusal"] = {
            "out_of_scope": len(oos),
            "in_scope": in_scope,
            "accuracy": round(
                (refused_oos + in_scope - false_refusals - xl_refused) / max(1, len(oos) + in_scope), 4
            ),
            "false_refusal_rate": round((false_refusals + xl_refused) / max(1, in_scope), 4),
            "missed_refusals": len(oos) - refused_oos,
        }
        self.metrics["reader"] = {
            name: {half: reader_summary([r for r in rows if r["split"] == half]) for half in ("dev", "test")}
            for name, rows in (("questions", acc["reader"]), ("crosslingual", xl_reader))
        }
        self.metrics["answers_by_question"] = acc["by_question"]

    def measure_followups(self) -> None:
        bot = self.bot
        f_total = f_recall = f_refused = 0
        for conv in self.followups:
            c = Conversation()
            for i, turn in enumerate(conv["turns"]):
                a = bot.ask(turn["q"], role=conv.get("role"), conversation=c)
                if i == 0:
                    continue
                f_total += 1
                f_refused += a.refused
                top = [
                    p.source
                    for p in bot.retriever.search(a.searched_for, role=conv.get("role"), k=5).passages
                ]
                f_recall += any(src in turn["docs"] for src in top)
        self.metrics["followups"] = {
            "turns": f_total,
            "recall_at_5": round(f_recall / max(1, f_total), 4),
            "refused": f_refused,
        }

    def measure_injection(self) -> None:
        leaks = []
        for item in self.injections:
            a = self.bot.ask(item["q"])
            shown = " ".join([a.answer, a.searched_for] + [c.text for c in a.citations]).lower()
            if item["marker"].lower() in shown:
                leaks.append(item["id"])
        self.metrics["injection"] = {
            "cases": len(self.injections),
            "marker_leaks": len(leaks),
            "leaked": leaks,
            "documents_flagged_at_ingest": len(self.ingest.flagged),
        }
