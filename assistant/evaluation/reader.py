"""What a reader sees of an answer, measured without a model (the eval's reader figures).

A user judges an answer in five seconds: does the opening answer me, is the list whole, is it
about my role, is it short? Each function here measures one of those on one answer:

- ``budgeted_coverage``: the key facts found in the answer's first ``budget`` words;
- ``direct_answer``: whether the opening (first sentence, or first list with its intro) holds
  one of the question's vital facts;
- ``word_count``: words a reader reads (citations and markup left out);
- ``quoted_lists``: for each list the answer quotes (two items or more of one source list),
  whether it is whole or cut with an explicit "… and N more";
- ``role_misfits``: the answer's sentences taken from passages written for another role.

``split_of`` puts every dataset item in a dev half (tune on it) or a test half (report it) by a
hash of its id.
"""

from __future__ import annotations

import hashlib
import re

from assistant.answering.grounding import is_framing
from assistant.compose.scoring import answer_roles, role_misfit
from assistant.language.sentences import (
    answer_sentences,
    citations_in,
    clean_markdown,
    is_list_item,
    list_item_units,
)
from assistant.language.tokens import lower

_MORE = re.compile(r"…\D*(\d+)")


def split_of(item_id: str) -> str:
    """'dev' or 'test', fixed by the id: sha256's first byte, even for dev."""
    return "dev" if hashlib.sha256(item_id.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def plain(answer: str) -> str:
    """The answer as a reader reads it: no citations, no Markdown markers."""
    text = re.sub(r"\s*\[\d{1,3}\]", "", answer)
    return clean_markdown(re.sub(r"(?m)^\s*(?:[-*+•]|\d{1,2}[.)])\s+", "", text))


def word_count(answer: str) -> int:
    return len(plain(answer).split())


def fact_found(text: str, fact: str, language: str) -> bool:
    """Whether one alternative of ``fact`` ("alternative|alternative") is in ``text`` (a case-
    insensitive substring, Turkish dotted and dotless I lowered the Turkish way)."""
    text = lower(text, language)
    return any(lower(alt.strip(), language) in text for alt in fact.split("|") if alt.strip())


def budgeted_coverage(answer: str, facts: list[str], language: str, budget: int = 120) -> float:
    if not facts:
        return 1.0
    head = " ".join(plain(answer).split()[:budget])
    return sum(fact_found(head, f, language) for f in facts) / len(facts)


def opening(answer: str) -> str:
    """The first sentence, or the first list with its intro (the paragraph right before it,
    whether or not it ends with a colon), skipping framing lines; a blank line ends a list."""
    lines = answer.strip().split("\n")
    while lines and (not lines[0].strip() or is_framing(lines[0])):
        lines.pop(0)
    if not lines:
        return ""
    first = lines[0]
    if is_list_item(first) or (len(lines) > 1 and is_list_item(lines[1])):
        block = [first]
        for line in lines[1:]:
            if not is_list_item(line):
                break
            block.append(line)
        return "\n".join(block)
    sentences = answer_sentences(first)
    return sentences[0] if sentences else first


def direct_answer(answer: str, facts: list[str], vital: list[int], language: str) -> bool:
    head = opening(answer)
    wanted = [facts[i] for i in vital if 0 <= i < len(facts)] or facts[:1]
    return any(fact_found(head, f, language) for f in wanted)


def _bullet_groups(answer: str) -> list[tuple[list[str], int | None, int]]:
    """Runs of bullet lines: (items, citation of the run, number promised by '… and N more')."""
    groups, run, more = [], [], 0
    for line in [*answer.split("\n"), ""]:
        if is_list_item(line):
            body = re.sub(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+", "", line)
            m = _MORE.match(body)
            if m:
                more = int(m.group(1))
            else:
                run.append(line)
            continue
        if len(run) >= 2:
            cites = [c for ln in run for c in citations_in(ln)]
            groups.append((run, max(set(cites), key=cites.count) if cites else None, more))
        run, more = [], 0
    return groups


def quoted_lists(answer: str, passages: dict[int, str], max_items: int = 10) -> list[bool]:
    """For each list the answer quotes from a cited passage (of up to ``max_items`` items):
    whether it is given whole or cut with an explicit '… and N more'."""
    out = []
    for run, n, more in _bullet_groups(answer):
        if n is None or n not in passages:
            continue
        text = plain("\n".join(run)).casefold()
        best = None
        for _, items in list_item_units(passages[n]):
            # an item as the answer writes it: its first words, without the comma or semicolon
            # that joined it to the next one in the source ("25 yaşını doldurmuş olmak,")
            got = sum(clean_markdown(item[0]).casefold().rstrip(" ,;.")[:40] in text for item in items)
            if got >= 2 and (best is None or got > best[0]):
                best = (got, len(items))
        if best and best[1] <= max_items:
            out.append(best[0] == best[1] or (more > 0 and best[0] + more >= best[1]))
    return out


def role_misfits(
    answer: str, passages: dict[int, tuple[str, list[str]]], role: str | None, question: str
) -> tuple[int, int]:
    """(sentences from passages written for another role, cited sentences) of an answer."""
    wanted = answer_roles(role, question)
    misfit = total = 0
    for line in answer.split("\n"):
        if not line.strip() or is_framing(line):
            continue
        for sentence in answer_sentences(line):
            cites = [n for n in citations_in(sentence) if n in passages]
            if not cites:
                continue
            total += 1
            misfit += all(role_misfit(*passages[n], wanted) for n in cites)
    return misfit, total


def reader_record(answer, item: dict, budget: int = 120) -> dict:
    """The reader figures of one answer (an ``answering.Answer``) to a labelled question."""
    facts = item.get("facts", [])
    if answer.refused:
        return {"refused": True, "budgeted": 0.0, "direct": False, "lists": [], "misfit": 0, "sentences": 0}
    texts = {c.n: c.text for c in answer.citations}
    roles = {c.n: (c.heading, c.audience) for c in answer.citations}
    misfit, sentences = role_misfits(answer.answer, roles, item.get("role"), item["q"])
    return {
        "refused": False,
        "words": word_count(answer.answer),
        "budgeted": round(budgeted_coverage(answer.answer, facts, answer.language, budget), 4),
        "direct": direct_answer(answer.answer, facts, item.get("vital", []), answer.language),
        "lists": quoted_lists(answer.answer, texts),
        "misfit": misfit,
        "sentences": sentences,
    }


def reader_summary(records: list[dict]) -> dict:
    """Budgeted coverage, direct-answer rate, words p50/p90, list completeness and role misfits."""
    import statistics

    if not records:
        return {"n": 0}
    words = sorted(r["words"] for r in records if not r["refused"]) or [0]
    lists = [ok for r in records for ok in r["lists"]]
    sentences = sum(r["sentences"] for r in records)
    return {
        "n": len(records),
        "budgeted_coverage": round(statistics.mean(r["budgeted"] for r in records), 4),
        "direct_answer_rate": round(sum(r["direct"] for r in records) / len(records), 4),
        "words_p50": statistics.median(words),
        "words_p90": words[min(len(words) - 1, int(0.9 * len(words)))],
        "lists_quoted": len(lists),
        "list_completeness": round(sum(lists) / len(lists), 4) if lists else 1.0,
        "role_misfit_rate": round(sum(r["misfit"] for r in records) / sentences, 4) if sentences else 0.0,
        "refused": sum(r["refused"] for r in records),
    }
