"""Record every eval answer and workflow output, to show a refactoring changes none of them.

    python evals/snapshot.py OUT.json [--index-root DIR]

Indexes the guidance corpus with the eval fixtures, and the foreign documents on a second index,
records every search (as asked, language-strict, within named documents), answers every
question of every dataset with the offline generator, builds the agendas, the
feedback request, the role guides and the FAQ, and writes them (text and cited sources) to OUT.json.
Compare two snapshots with ``diff`` or ``python -c`` on the JSON.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def answers(bot, items: list[tuple[str, dict]]) -> dict:
    out = {}
    for name, q in items:
        a = bot.ask(q["q"], role=q.get("role"))
        out[f"{name}:{q['id']}"] = {
            "text": a.answer,
            "sources": [c.source for c in a.citations],
            "outcome": a.outcome,
        }
    return out


def retrievals(retriever, items: list[tuple[str, dict]]) -> dict:
    """Every search result in full (ids, scores, filters dropped, scope evidence), for the
    question as asked, with its language strict, and within its first two answers' documents."""
    out = {}
    for name, q in items:
        key = f"{name}:{q['id']}"
        first = retriever.search(q["q"], role=q.get("role"))
        out[key] = first.model_dump(mode="json")
        out[key + ":strict"] = retriever.search(q["q"], role=q.get("role"), strict_language=True).model_dump(
            mode="json"
        )
        named = {p.source for p in first.passages[:2]}
        out[key + ":sources"] = retriever.search(q["q"], sources=named).model_dump(mode="json")
    return out


def workflows(bot) -> dict:
    from assistant.workflows import build_agenda, build_faq, build_feedback_request, build_role_guide

    out = {}
    for kind in ("first", "regular", "closing"):
        for minutes in (30, 60):
            a = build_agenda(bot, kind, minutes, goals=["Build confidence presenting"], role="mentee")
            out[f"agenda-{kind}-{minutes}"] = a.model_dump(mode="json")
    out["feedback"] = build_feedback_request(bot, "mentor", "my presentation").model_dump(mode="json")
    for role in ("mentee", "mentor", "coordinator"):
        out[f"role-{role}"] = build_role_guide(bot, role).model_dump(mode="json")
    out["faq"] = build_faq(bot, count=8).model_dump(mode="json")
    return out


def main() -> None:
    from assistant.settings import Settings, offline_environment

    offline_environment()
    from assistant import evaluation
    from assistant.answering.assistant import Assistant
    from assistant.store.index import GuidanceIndex

    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--index-root", type=Path, default=Path(".mentor/snapshot"))
    parser.add_argument("--retrieval-only", action="store_true", help="only the search results")
    opts = parser.parse_args()
    data = evaluation.DATA
    evals = evaluation.EVALS
    load = evaluation.load_jsonl
    settings = Settings(index_dir=opts.index_root / "main")
    index = GuidanceIndex(settings)
    if index.chunk_count() == 0:
        index.ingest([data / "corpus", evals / "fixtures", evals / "injection" / "docs"], base=data)
    bot = Assistant(settings, index=index)
    items = [
        (name, q)
        for name in (
            "questions",
            "crosslingual",
            "out_of_scope",
            "scope/in_domain",
            "scope/not_covered",
            "scope/out_of_domain",
        )
        for q in load(evals / f"{name}.jsonl")
    ]
    snap = {"retrieval": retrievals(bot.retriever, items)}
    if opts.retrieval_only:
        return _write(opts.out, snap)
    snap |= {"answers": answers(bot, items), "workflows": workflows(bot)}
    foreign = Settings(index_dir=opts.index_root / "foreign")
    findex = GuidanceIndex(foreign)
    if findex.chunk_count() == 0:
        findex.ingest([evals / "foreign" / "docs"], base=data)
    snap["foreign"] = answers(
        Assistant(foreign, index=findex),
        [("foreign", q) for q in load(evals / "foreign" / "questions.jsonl")],
    )
    _write(opts.out, snap)


def _write(out: Path, snap: dict) -> None:
    out.write_text(json.dumps(snap, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    print(", ".join(f"{len(v)} {k}" for k, v in snap.items()))


if __name__ == "__main__":
    main()
