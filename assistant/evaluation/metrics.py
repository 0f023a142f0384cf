"""Answer and retrieval metrics without an LLM judge: ranking (Recall@5, MRR, nDCG@10), key-fact
coverage, ALCE-style citation recall and precision (the grounding check judging)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable

from assistant.answering.grounding import GroundingChecker, is_framing
from assistant.evaluation.reader import fact_found
from assistant.language.sentences import answer_sentences, citations_in, strip_citations


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
