"""Combining ranked lists into one order: reciprocal rank fusion, the language boost, the
role/language filters that widen when too few relevant passages survive them, and the mix of
both languages near the top."""

from __future__ import annotations

from collections.abc import Callable


def reciprocal_rank_fusion(
    ranked_lists: list[tuple[float, list[str]]], known: dict[str, int], rrf_k: float
) -> dict[str, float]:
    """Each chunk's sum over the lists of ``weight / (rrf_k + rank)``. A chunk not in ``known``
    (a vector whose chunk record is gone after a killed ingest) is skipped: only chunks with a
    stored text and metadata are answers."""
    fused: dict[str, float] = {}
    for weight, ranked in ranked_lists:
        ranked = [cid for cid in ranked if cid in known]
        for rank, cid in enumerate(ranked):
            fused[cid] = fused.get(cid, 0.0) + weight / (rrf_k + rank + 1)
    return fused


def boost_language(
    fused: dict[str, float], lang_of: Callable[[str], str], language: str, boost: float
) -> None:
    """Multiply the fused score of passages in the question's language by ``1 + boost``."""
    for cid in fused:
        if lang_of(cid) == language:
            fused[cid] *= 1.0 + boost


def filter_levels(strict_language: bool) -> list[tuple[bool, bool, list[str]]]:
    """(use role, use language, filters dropped) from the narrowest to no filter at all."""
    levels = [(True, strict_language, [])]
    if strict_language:
        levels.append((True, False, ["language"]))
    levels.append((False, False, ["language", "role"] if strict_language else ["role"]))
    return levels


def widen(
    order: list[str],
    fused: dict[str, float],
    matches: Callable[[str, bool, bool], bool],
    strict_language: bool,
    needed: int,
    head_size: int,
) -> tuple[list[str], list[str]]:
    """The narrowest filter level that keeps ``needed`` passages near the top (within the first
    ``head_size`` and at least half the best fused score), and the filters it dropped."""
    top_fused = fused[order[0]] if order else 0.0
    head = {c for c in order[:head_size] if fused[c] >= 0.5 * top_fused}  # near the top, not just ranked
    picked, widened = order, []
    for use_role, use_lang, dropped in filter_levels(strict_language):
        cand = [c for c in order if matches(c, use_role, use_lang)]
        enough = sum(c in head for c in cand) >= needed
        if enough or (use_role, use_lang) == (False, False):
            picked, widened = cand, dropped
            break
    return picked, widened


def mix_languages(order, language, lang_of, fused, k, share_other) -> list[str]:
    """Reserve about ``share_other`` of the top ``k`` for passages in the other language,
    interleaved with the question's language (best first), so both appear near the top.

    The expansion found topic words in the other language, and the share of the index written
    in that language is how likely the answer is to exist only there (cross-lingual recall).
    """
    quota = min(k // 2, max(1, round(k * share_other)))
    same = [c for c in order if lang_of(c) == language][: k - quota]
    other = [c for c in order if lang_of(c) != language][:quota]
    head: list[str] = []
    while same or other:
        first, second = (
            (same, other) if not other or (same and fused[same[0]] >= fused[other[0]]) else (other, same)
        )
        head.append(first.pop(0))
        if second:
            head.append(second.pop(0))
    rest = [c for c in order if c not in set(head)]
    return head + rest
