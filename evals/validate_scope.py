#!/usr/bin/env python3
"""Check the scope datasets (assistant/data/evals/scope/): in_domain, out_of_domain and not_covered.

Usage: python3 evals/validate_scope.py [REPO_ROOT]

Checks that every line parses, keys and values are valid, ids and questions are unique, every listed
doc exists (English questions list English docs only; Turkish questions list a Turkish doc first),
every not-covered item's `checked` words occur nowhere in corpus/ (English and Turkish), and no
question repeats an existing eval question or a 6-word run of the corpus. Prints counts by language
and role. Exit status 1 on any error; near-duplicates of existing eval questions are only reported.
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
ROOT = REPO / "assistant" / "data"  # dataset paths are below it
HERE = ROOT / "evals" / "scope"
ROLES = {"mentee", "mentor", "coordinator", None}
SPEC = {
    "in_domain.jsonl": ("in", {"id", "q", "language", "role", "docs"}, set()),
    "out_of_domain.jsonl": ("ood", {"id", "q", "language"}, set()),
    "not_covered.jsonl": ("nc", {"id", "q", "language", "role", "topic", "checked"}, {"note"}),
}
errors: list[str] = []


def lower(text: str) -> str:
    return text.replace("İ", "i").lower()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", lower(text))


def term_pattern(term: str) -> re.Pattern:
    """Whole-word match; a trailing * makes the term a stem that matches any ending."""
    if term.endswith("*"):
        return re.compile(r"(?<!\w)" + re.escape(lower(term[:-1])) + r"\w*")
    return re.compile(r"(?<!\w)" + re.escape(lower(term)) + r"(?!\w)")


def load(name: str) -> list[dict]:
    rows = []
    for n, line in enumerate((HERE / name).read_text(encoding="utf-8").splitlines(), 1):
        if "\\u" in line:
            errors.append(f"{name}:{n}: \\u escape (write real characters)")
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            errors.append(f"{name}:{n}: does not parse: {exc}")
    return rows


corpus = {
    p.relative_to(ROOT).as_posix(): lower(p.read_text(encoding="utf-8"))
    for p in (ROOT).glob("corpus/**/*.md")
}
data = {name: load(name) for name in SPEC}
seen_ids: set[str] = set()
seen_q: dict[str, str] = {}

for name, (prefix, required, optional) in SPEC.items():
    for row in data[name]:
        rid = row.get("id", "?")
        where = f"{name}:{rid}"
        keys = set(row)
        if not required <= keys or keys - required - optional:
            errors.append(f"{where}: keys {sorted(keys)}, expected {sorted(required)}")
            continue
        if not re.fullmatch(prefix + r"\d{3}", rid) or rid in seen_ids:
            errors.append(f"{where}: bad or duplicate id")
        seen_ids.add(rid)
        q = row["q"]
        if not isinstance(q, str) or not q.strip():
            errors.append(f"{where}: empty q")
            continue
        key = " ".join(words(q))
        if key in seen_q:
            errors.append(f"{where}: same question as {seen_q[key]}")
        seen_q[key] = where
        if row["language"] not in {"en", "tr"}:
            errors.append(f"{where}: language {row['language']!r}")
        if "role" in row and row["role"] not in ROLES:
            errors.append(f"{where}: role {row['role']!r}")
        if "docs" in row:
            docs = row["docs"]
            if not docs or len(set(docs)) != len(docs):
                errors.append(f"{where}: docs empty or repeated")
            for doc in docs:
                if doc not in corpus:
                    errors.append(f"{where}: doc {doc} does not exist")
            tr_docs = [d.startswith("corpus/tr/") for d in docs]
            if row["language"] == "en" and any(tr_docs):
                errors.append(f"{where}: English question lists a Turkish doc")
            if row["language"] == "tr" and docs and not tr_docs[0]:
                errors.append(f"{where}: Turkish question must list a Turkish doc first")
        if "checked" in row:
            if not row["checked"] or not isinstance(row["topic"], str) or not row["topic"]:
                errors.append(f"{where}: empty checked or topic")
            for term in row["checked"]:
                pattern = term_pattern(term)
                for doc, text in corpus.items():
                    m = pattern.search(text)
                    if m:
                        ctx = text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
                        errors.append(f"{where}: checked word {term!r} occurs in {doc}: ...{ctx}...")

# Near-duplicates of the existing eval questions (reported, not failed).
existing: list[tuple[str, str]] = []
for path in sorted((ROOT / "evals").glob("*.jsonl")):
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for q in [row.get("q")] + [t.get("q") for t in row.get("turns", [])]:
            if q:
                existing.append((f"{path.name}:{row['id']}", q))
near = []
for name in SPEC:
    for row in data[name]:
        mine = set(words(row["q"]))
        if " ".join(words(row["q"])) in {" ".join(words(q)) for _, q in existing}:
            errors.append(f"{name}:{row['id']}: copies an existing eval question")
        for ref, q in existing:
            theirs = set(words(q))
            score = len(mine & theirs) / len(mine | theirs)
            if score >= 0.5:
                near.append(f"{name}:{row['id']} ~ {ref} (word overlap {score:.2f})")

# No question repeats a 6-word run of the corpus.
runs = set()
for text in corpus.values():
    t = words(text)
    runs.update(tuple(t[i : i + 6]) for i in range(len(t) - 5))
for name in SPEC:
    for row in data[name]:
        t = words(row["q"])
        for i in range(len(t) - 5):
            if tuple(t[i : i + 6]) in runs:
                errors.append(f"{name}:{row['id']}: repeats corpus words {' '.join(t[i : i + 6])!r}")
                break

# Counts.
for name in SPEC:
    rows = data[name]
    by_lang = Counter(r["language"] for r in rows)
    line = f"{name}: {len(rows)} items, " + ", ".join(f"{k} {v}" for k, v in sorted(by_lang.items()))
    if name != "out_of_domain.jsonl":
        by_role = Counter((r["language"], r["role"] or "none") for r in rows)
        line += "; by language/role: " + ", ".join(
            f"{lang}/{role} {n}" for (lang, role), n in sorted(by_role.items())
        )
    print(line)
firsts = Counter(r["docs"][0] for r in data["in_domain.jsonl"])
anys = Counter(d for r in data["in_domain.jsonl"] for d in r["docs"])
print("in_domain docs (listed / listed first):")
for doc in sorted(corpus):
    print(f"  {doc}: {anys[doc]} / {firsts[doc]}")
    if anys[doc] < 3:
        errors.append(f"in_domain.jsonl: {doc} is listed fewer than 3 times")
print(f"{len(near)} near-duplicate(s) of existing eval questions (word overlap >= 0.5), check by hand:")
for item in near:
    print("  " + item)
for err in errors:
    print("ERROR " + err)
print(
    f"{len(errors)} error(s)"
    if errors
    else "OK: all lines parse, ids unique, all docs exist, checked words absent"
)
sys.exit(1 if errors else 0)
