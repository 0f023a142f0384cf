"""Measure composer settings on the dev half of the questions (never the test half).

    python evals/tune_composer.py --index .mentor/tune-index word_budget=120 list_margin=0.1
    python evals/tune_composer.py --set foreign --index .mentor/tune-foreign-index

Builds (once) an index of corpus/, the eval fixtures and the injection documents, as the eval
does (``--set foreign``: of the foreign documents, with their questions), retrieves every dev
question once, then
composes each answer with the default ``ComposerConfig`` and with each variant given as
``field=value`` (several variants: separate them with ``--``), and prints the reader figures of
``assistant.evaluation.reader`` side by side. The grounding check is applied as in ``Assistant.ask``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "assistant" / "data"


def variants(args: list[str]) -> list[dict]:
    out, current = [{}], {}
    for a in args:
        if a == "--":
            out.append(current)
            current = {}
            continue
        key, value = a.split("=", 1)
        current[key] = json.loads(value)
    if current:
        out.append(current)
    return out


def main() -> None:
    from assistant.settings import Settings, offline_environment

    offline_environment()
    from assistant.answering.assistant import Assistant
    from assistant.compose.composer import Composer
    from assistant.evaluation.reader import reader_record, reader_summary, split_of
    from assistant.store.index import GuidanceIndex

    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default=".mentor/tune-index")
    parser.add_argument("--half", default="dev", choices=["dev", "test"])
    parser.add_argument("--set", default="corpus", choices=["corpus", "foreign"], dest="which")
    parser.add_argument("--show", nargs="?", const="all", help="print every answer of the last variant")
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    opts = parser.parse_args()
    settings = Settings(index_dir=Path(opts.index))
    index = GuidanceIndex(settings)
    # the eval's own index (``evaluation.runner``): the injection documents change what is retrieved
    folders = [DATA / "corpus", DATA / "evals" / "fixtures", DATA / "evals" / "injection" / "docs"]
    names = ["questions.jsonl", "crosslingual.jsonl"]
    if opts.which == "foreign":
        folders, names = [DATA / "evals" / "foreign" / "docs"], ["foreign/questions.jsonl"]
    if index.chunk_count() == 0:
        index.ingest(folders, base=DATA)
    bot = Assistant(settings, index=index)
    items = [
        json.loads(line)
        for name in names
        for line in (DATA / "evals" / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    items = [q for q in items if split_of(q["id"]) == opts.half]
    found = [(q, bot.retriever.search(q["q"], role=q.get("role"), language=None)) for q in items]
    rows, todo = [], variants(opts.rest)
    for variant in todo:
        composer = Composer(bot.scorer, settings.composer.model_copy(update=variant))
        records = []
        for q, r in found:
            answer, passages = compose(bot, composer, q, r)
            records.append(reader_record(answer, q))
            if not records[-1]["direct"]:
                explain(opts.show, q, answer, passages)
            if opts.show == "all" and variant is todo[-1]:
                print(f"### {q['id']} [{q.get('role')}] {q['q']}\n{answer.answer}\n")
        rows.append((variant, reader_summary(records)))
    print_table(opts.half, len(items), rows)


def compose(bot, composer, q: dict, r):
    """The answer ``composer`` writes from the retrieval ``r``, grounded and renumbered as in
    ``Assistant.ask``, and the passages it was written from."""
    from assistant.answering.answer import Answer
    from assistant.answering.replies import renumber
    from assistant.generators.base import GenerationRequest

    lang = r.language
    passages = bot.retriever.whole_sections(r.passages, bot.settings.section_max_chars)
    request = GenerationRequest(
        question=q["q"],
        language=lang,
        role=q.get("role"),
        passages=passages,
        expansion=r.expansion,
        term_weights=r.term_weights,
    )
    raw = composer.compose(request)
    checked, _ = bot.grounding.apply(raw, passages, lang) if raw else ("", None)
    text, cites = renumber(checked, passages)
    answer = Answer(
        question=q["q"], answer=text, refused=not text, language=lang, searched_for=q["q"], citations=cites
    )
    return answer, passages


def explain(show: str | None, q: dict, answer, passages) -> None:
    """For an answer whose opening misses the vital facts: where they were lost (``--show why``)
    or what the opening says (``--show direct``)."""
    from assistant.evaluation.reader import fact_found, opening

    text, lang, cites = answer.answer, answer.language, answer.citations
    vital = [q["facts"][i] for i in q.get("vital", [])]
    if show == "why":
        if any(fact_found(text, f, lang) for f in vital):
            where = "opening-miss"
        elif any(fact_found(" ".join(p.text for p in passages), f, lang) for f in vital):
            where = "composer-miss"
        else:
            where = "retrieval-miss"
        print(f"WHY {where} {q['id']} {q['q'][:80]}")
        if where == "composer-miss":
            holders = [
                f"#{i + 1} {p.heading[:40]}"
                for i, p in enumerate(passages)
                if any(fact_found(p.text, f, lang) for f in vital)
            ]
            print(f"   chosen: {cites[0].heading[:50] if cites else '-'} | vital in: {holders}")
    if show == "direct":
        print(f"NOT DIRECT {q['id']} {q['q']}\n  vital={vital}\n  opening={opening(text)[:300]!r}")


def print_table(half: str, n: int, rows: list) -> None:
    from assistant.evaluation.report import READER_COLUMNS

    keys = [k for k in READER_COLUMNS if k != "n"]
    print(f"{half} half, {n} questions")
    print("variant".ljust(40) + "".join(k[:12].rjust(13) for k in keys))
    for variant, summary in rows:
        name = ",".join(f"{k}={v}" for k, v in variant.items()) or "default"
        print(name[:39].ljust(40) + "".join(str(summary.get(k)).rjust(13) for k in keys))


if __name__ == "__main__":
    sys.exit(main())
