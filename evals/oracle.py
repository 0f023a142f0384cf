"""The ceiling an extractive answer can reach on budgeted key-fact coverage.

    python evals/oracle.py [--budget 120]

For every labelled question (our corpus, the cross-lingual set and the foreign documents), the
oracle reads the question's gold documents and, knowing the facts it will be scored on, picks:

- ``window``: the best run of consecutive sentences of one document within the word budget
  (what an answer built from one passage can reach: the body of an answer-first composer);
- ``greedy``: any sentences of the gold documents, greedily by new facts, within the budget
  (what a collage of sentences can reach);
- ``one_sentence``: whether a single sentence holds a vital fact (the ceiling of the
  direct-answer rate).

An answer composer never sees the facts, so these are upper bounds, not targets. The figures
are reported by half, with the same split as the eval.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "assistant" / "data"  # dataset paths are below it
SETS = ("evals/questions.jsonl", "evals/crosslingual.jsonl", "evals/foreign/questions.jsonl")


def sentences_of(path: Path) -> list[str]:
    from assistant.ingest.documents import load_document
    from assistant.language.sentences import units

    return [u for u in units(load_document(path).text) if u.strip()]


def found(text: str, facts: list[str], language: str) -> set[int]:
    from assistant.evaluation.reader import fact_found

    return {i for i, f in enumerate(facts) if fact_found(text, f, language)}


def window(docs: list[list[str]], facts: list[str], language: str, budget: int) -> int:
    best = 0
    for sents in docs:
        for start in range(len(sents)):
            words, text = 0, []
            for s in sents[start:]:
                words += len(s.split())
                if words > budget:
                    break
                text.append(s)
                best = max(best, len(found(" ".join(text), facts, language)))
    return best


def greedy(docs: list[list[str]], facts: list[str], language: str, budget: int) -> int:
    pool = [(s, found(s, facts, language)) for sents in docs for s in sents]
    have: set[int] = set()
    words = 0
    while True:
        fits = [(len(f - have), -len(s.split()), s, f) for s, f in pool if words + len(s.split()) <= budget]
        fits = [x for x in fits if x[0] > 0]
        if not fits:
            return len(have)
        _, minus, _, f = max(fits, key=lambda x: (x[0], x[1]))
        have |= f
        words -= minus


def main() -> None:
    from assistant.evaluation.reader import split_of

    parser = argparse.ArgumentParser()
    parser.add_argument("--budget", type=int, default=120)
    opts = parser.parse_args()
    rows: dict[tuple[str, str], list[tuple[float, float, bool]]] = {}
    cache: dict[str, list[str]] = {}
    for name in SETS:
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            q = json.loads(line)
            facts, lang = q.get("facts", []), q.get("language", "en")
            if not facts:
                continue
            for d in q["docs"]:
                if d not in cache:
                    cache[d] = sentences_of(ROOT / d)
            docs = [cache[d] for d in q["docs"]]
            vital = [facts[i] for i in q.get("vital", [])] or facts[:1]
            one = any(found(s, vital, lang) for sents in docs for s in sents)
            row = (
                window(docs, facts, lang, opts.budget) / len(facts),
                greedy(docs, facts, lang, opts.budget) / len(facts),
                one,
            )
            label = "foreign" if "foreign" in name else "corpus"
            rows.setdefault((label, split_of(q["id"])), []).append(row)
    print(f"extractive ceiling of budgeted coverage ({opts.budget} words), knowing the facts")
    print(f"{'index':10}{'half':6}{'n':>5}{'window':>9}{'greedy':>9}{'one_sentence':>14}")
    for (label, half), got in sorted(rows.items()):
        w, g, o = zip(*got, strict=True)
        print(
            f"{label:10}{half:6}{len(got):>5}{statistics.mean(w):>9.3f}{statistics.mean(g):>9.3f}"
            f"{sum(o) / len(o):>14.3f}"
        )


if __name__ == "__main__":
    main()
