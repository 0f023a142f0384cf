#!/usr/bin/env python3
"""Check evals/foreign/questions.jsonl against the documents in evals/foreign/docs/.

For every question, each fact must have at least one `|` alternative that occurs
(case-insensitively, Turkish-safe) in the text of the FIRST listed document.
Facts found in the other listed documents are reported for information.
Also validates the record format and prints counts by language, first doc and role.

Needs pypdf and python-docx:  .venv/bin/python evals/check_foreign_facts.py
"""

import html
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "assistant" / "data"  # dataset paths are below it
QFILE = ROOT / "evals" / "foreign" / "questions.jsonl"


def low(s):
    return s.replace("İ", "i").lower()


def text_of(rel):
    p = ROOT / rel
    if p.suffix == ".html":
        t = p.read_text(encoding="utf-8")
        t = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", t)
        t = html.unescape(re.sub(r"<[^>]+>", " ", t))
    elif p.suffix == ".pdf":
        import pypdf

        t = "\n".join(pg.extract_text() or "" for pg in pypdf.PdfReader(str(p)).pages)
    elif p.suffix == ".docx":
        import docx

        d = docx.Document(str(p))
        parts = [para.text for para in d.paragraphs]
        for tb in d.tables:
            for row in tb.rows:
                parts.append(" | ".join(c.text for c in row.cells))
        t = "\n".join(parts)
    else:
        t = p.read_text(encoding="utf-8")
    return low(re.sub(r"\s+", " ", t))


def main():
    cache = {}
    rows = [json.loads(line) for line in QFILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    problems, notes = [], []
    ids = set()
    for r in rows:
        assert set(r) == {"id", "q", "language", "role", "docs", "facts", "vital"}, r["id"]
        assert r["id"] not in ids, r["id"]
        ids.add(r["id"])
        assert r["language"] in ("en", "tr") and r["role"] in ("mentee", "mentor", "coordinator", None)
        assert 1 <= len(r["facts"]) <= 3 and r["vital"], r["id"]
        assert all(0 <= v < len(r["facts"]) for v in r["vital"]), r["id"]
        for d in r["docs"]:
            if d not in cache:
                cache[d] = text_of(d)
        for i, fact in enumerate(r["facts"]):
            alts = fact.split("|")
            assert all(a == low(a) and a.strip() for a in alts), (r["id"], fact)
            if not any(a in cache[r["docs"][0]] for a in alts):
                problems.append(f"{r['id']} fact {i} '{fact}' not in {r['docs'][0]}")
            for d in r["docs"][1:]:
                if not any(a in cache[d] for a in alts):
                    notes.append(f"{r['id']} fact {i} '{fact}' not literally in secondary doc {d}")

    print(f"{len(rows)} questions, {sum(len(r['facts']) for r in rows)} facts checked")
    print("by language:", dict(Counter(r["language"] for r in rows)))
    print("by role:", dict(Counter(str(r["role"]) for r in rows)))
    print("by role and language:", dict(Counter((str(r["role"]), r["language"]) for r in rows)))
    print("by first doc:")
    for d, n in sorted(Counter(r["docs"][0] for r in rows).items()):
        langs = Counter(r["language"] for r in rows if r["docs"][0] == d)
        print(f"  {d}: {n} ({dict(langs)})")
    print("listed anywhere in docs:")
    for d, n in sorted(Counter(d for r in rows for d in r["docs"]).items()):
        print(f"  {d}: {n}")
    tr_doc = "evals/foreign/docs/tr-program-rehberi.md"
    en_only_tr = sum(1 for r in rows if r["language"] == "en" and r["docs"] == [tr_doc])
    tr_only_en = sum(1 for r in rows if r["language"] == "tr" and tr_doc not in r["docs"])
    print(f"English questions answered only by the Turkish guide: {en_only_tr}")
    print(f"Turkish questions answered only by English documents: {tr_only_en}")
    for n in notes:
        print("note:", n)
    if problems:
        for p in problems:
            print("FAIL:", p)
        sys.exit(1)
    print("OK: every fact has an alternative in the text of its first listed document")


if __name__ == "__main__":
    main()
