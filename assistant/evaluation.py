"""The offline evaluation suite: retrieval, grounded answers, refusal, follow-ups, cross-lingual,
prompt injection and workflows, with no LLM judge. ``run_eval`` returns a nested metrics dict;
``assistant.report`` prints and writes it and checks it against ``assistant/data/evals/thresholds.yaml``.

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

import json
import math
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from . import resources
from .answering import Assistant, Conversation
from .grounding import GroundingChecker, is_framing
from .index import GuidanceIndex
from .reading import fact_found, reader_record, reader_summary, split_of
from .retrieval import HybridRetriever
from .scope import OUTCOMES
from .sentences import answer_sentences, citations_in, strip_citations
from .settings import Settings

DATA = resources.data_dir()  # documents are named below it: corpus/..., evals/foreign/docs/...
EVALS = resources.evals_dir()
Progress = Callable[[str], None]


def load_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class DatasetError(ValueError):
    """A questions dataset cannot be read; the message names the file and line."""


QUESTION_KEYS = ("q", "language", "docs", "facts")


def load_questions(path: Path) -> list[dict]:
    """A questions dataset given by the user: JSONL rows with at least ``q``, ``language``,
    ``docs`` and ``facts`` (assistant/data/evals/README.md); rows whose ``docs`` are still
    empty (promoted cases not yet labelled) are left out. Errors name the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"Cannot read dataset {path}: {exc}") from exc
    rows = []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{no}: not valid JSON ({exc.msg})") from exc
        missing = [k for k in QUESTION_KEYS if not isinstance(row, dict) or k not in row]
        if missing:
            raise DatasetError(f"{path}:{no}: missing {', '.join(missing)}")
        if row["docs"]:  # promoted thumbs-down cases count once their documents are labelled
            rows.append(row)
    if not rows:
        raise DatasetError(
            f"Dataset {path} has no labelled questions: give each row its 'docs' and 'facts' "
            "(assistant/data/evals/README.md)."
        )
    return rows


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


# ---------------------------------------------------------------------- retrieval metrics


def ranking_metrics(ranked_sources: list[str], relevant: set[str]) -> tuple[float, float, float]:
    """(recall@5, reciprocal rank, nDCG@10) for one ranked list of passage sources."""
    top5 = ranked_sources[:5]
    recall = 1.0 if any(s in relevant for s in top5) else 0.0
    rr = next((1.0 / (i + 1) for i, s in enumerate(ranked_sources) if s in relevant), 0.0)
    gains = [1.0 if s in relevant else 0.0 for s in ranked_sources[:10]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(10, max(1, int(sum(gains)) or 1))))
    return recall, rr, (dcg / ideal if ideal else 0.0)


def evaluate_retrieval(search: Callable[[dict], list[str]], items: list[dict]) -> dict:
    rows = [ranking_metrics(search(it), set(it["docs"])) for it in items]
    if not rows:
        return {"n": 0}
    return {
        "n": len(rows),
        "recall_at_5": round(statistics.mean(r[0] for r in rows), 4),
        "mrr": round(statistics.mean(r[1] for r in rows), 4),
        "ndcg_at_10": round(statistics.mean(r[2] for r in rows), 4),
    }


class TextbookBaseline:
    """The LangChain RAG tutorial: RecursiveCharacterTextSplitter(1000, 200) over the raw files,
    Chroma.from_documents with the same embedding model, similarity_search(k=4)."""

    def __init__(self, paths: list[Path], embeddings, workdir: Path, base: Path | None = None):
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from .corpus import discover, document_id

        docs = []
        for f in discover(paths):
            text = f.read_text(encoding="utf-8", errors="replace")
            docs.append(Document(page_content=text, metadata={"source": document_id(f, base)}))
        chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        client = chromadb.PersistentClient(
            path=str(workdir), settings=ChromaSettings(anonymized_telemetry=False)
        )
        self.store = Chroma.from_documents(chunks, embeddings, client=client, collection_name="baseline")
        self.chunks = len(chunks)

    def search(self, question: str) -> list[str]:
        return [d.metadata["source"] for d in self.store.similarity_search(question, k=4)]

    def context(self, question: str) -> str:
        return "\n".join(d.page_content for d in self.store.similarity_search(question, k=4))


# ---------------------------------------------------------------------- answers


def missed_facts(answer: str, facts: list[str], language: str) -> list[str]:
    """The key facts (each "alternative|alternative") of which no alternative is in ``answer``."""
    return [f for f in facts if not fact_found(answer, f, language)]


def fact_coverage(answer: str, facts: list[str], language: str) -> float:
    if not facts:
        return 1.0
    return 1 - len(missed_facts(answer, facts, language)) / len(facts)


def citation_scores(answer, checker: GroundingChecker) -> tuple[list[float], list[float]]:
    """Per-sentence citation recall and per-citation precision (ALCE), the grounding check judging."""
    passages = {c.n: c.text for c in answer.citations}
    recalls, precisions = [], []
    for line in answer.answer.split("\n"):
        if not line.strip() or is_framing(line) or line.startswith(("Note:", "Not:")):
            continue
        for sentence in answer_sentences(line):
            cites = [n for n in citations_in(sentence) if n in passages]
            claim = strip_citations(sentence)
            if not cites:
                recalls.append(0.0)
                continue

            def supported(ns: list[int], claim=claim) -> bool:
                return bool(ns) and checker.score(
                    claim, "\n".join(passages[n] for n in ns), answer.language
                ) >= (checker.threshold)

            full = supported(cites)
            recalls.append(1.0 if full else 0.0)
            for n in cites:
                alone = supported([n])
                rest = [m for m in cites if m != n]
                irrelevant = not alone and supported(rest)
                precisions.append(0.0 if irrelevant or not full else 1.0)
    return recalls, precisions


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
    from .workflows import build_agenda, build_faq, build_feedback_request, build_role_guide

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
