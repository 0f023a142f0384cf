"""The three scope outcomes of a question: ``answer`` (the guidance covers it), ``not_covered``
(about mentoring, but the guidance does not cover it) and ``outside`` (not about mentoring).

Whether the guidance covers a question is the refusal model's call (``answering.in_scope_probability``,
retrieval evidence). Whether a question is about mentoring at all is judged here, by its
multilingual-E5 similarity to a set of descriptions of the mentoring domain (``data/domain.txt``),
through a logistic model fitted by ``evals/calibrate.py`` on the dev halves of the scope sets.
"""

from __future__ import annotations

import functools
import math
from importlib import resources

OUTCOMES = ("answer", "not_covered", "outside")


@functools.cache
def domain_descriptions() -> tuple[str, ...]:
    text = resources.files("assistant").joinpath("data/domain.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def domain_similarity(scorer, question: str) -> float:
    """Best E5 cosine between the question and a description of the domain (0 without a scorer)."""
    if scorer is None:
        return 0.0
    texts = list(domain_descriptions())
    return float((scorer.passages(texts) @ scorer.query(question)).max())


def domain_probability(similarity: float, weight: float, bias: float) -> float:
    z = bias + weight * similarity
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
