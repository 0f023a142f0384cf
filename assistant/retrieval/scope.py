"""The three scope outcomes of a question: ``answer`` (the guidance covers it), ``not_covered``
(about mentoring, but the guidance does not cover it) and ``outside`` (not about mentoring).

Whether the guidance covers a question is the refusal model's call (``in_scope_probability``, on
retrieval evidence). Whether a question is about mentoring at all is judged here, by its
multilingual-E5 similarity to a set of descriptions of the mentoring domain (``data/domain.txt``),
through a logistic model fitted by ``evals/calibrate.py`` on the dev halves of the scope sets.
"""

from __future__ import annotations

import functools
import math
from importlib import resources

from assistant.calibration import Calibration, load_calibration
from assistant.language.sentences import clean_markdown, units
from assistant.retrieval.hybrid import Retrieval

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


def scope_features(retrieval: Retrieval, ml: float = 0.0) -> dict[str, float]:
    """Retrieval evidence that a question is covered by the guidance (inputs of the refusal model).

    ``dense``: best cosine between the question and a passage in its language; ``dense_x``: best
    cosine between its cross-lingual expansion and a passage in the other language; the ``_tr``
    variants let the model weigh the evidence differently for Turkish, where the English-trained
    embedding model is less reliable; ``ml``: best multilingual-scorer cosine between the question
    and a sentence of the retrieved passages (0 when the scorer is off); ``log_chunks``: log of
    the number of chunks searched. The best similarity found grows with the size of what is
    searched, so an in-scope question scores lower on a small index (a programme's own few
    documents) than on a large one; this feature lets the model move its threshold with the size.
    ``known``: the IDF-weighted share of the question's stems that the searched documents use at
    all (``Corpus.known_share``): a question in the guidance's vocabulary is about what it covers
    even when no one passage is close.
    """
    tr = 1.0 if retrieval.language == "tr" else 0.0
    return {
        "ml": ml,
        "log_chunks": math.log(max(1, retrieval.searched)),
        "known": retrieval.known,
        "dense": retrieval.top_dense,
        "dense_x": retrieval.top_dense_expansion,
        "tr": tr,
        "dense_tr": retrieval.top_dense * tr,
        "dense_x_tr": retrieval.top_dense_expansion * tr,
    }


def multilingual_evidence(scorer, question: str, retrieval: Retrieval) -> float:
    """Best multilingual cosine between the question and any sentence of the retrieved passages."""
    if scorer is None or not retrieval.passages:
        return 0.0
    texts = [clean_markdown(u) for p in retrieval.passages for u in units(p.text) if len(u) >= 20][:120]
    if not texts:
        return 0.0
    return float((scorer.passages(texts) @ scorer.query(question)).max())


def in_scope_probability(retrieval: Retrieval, ml: float = 0.0, cal: Calibration | None = None) -> float:
    cal = cal or load_calibration()
    feats = scope_features(retrieval, ml)
    z = cal.scope_bias + sum(w * feats.get(name, 0.0) for name, w in cal.scope_weights.items())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


class ScopeModel:
    """Decides a question's outcome: ``covered`` (answer it) from the retrieval evidence, and for a
    question that is not, ``outcome_of_unanswered`` ('not_covered' or 'outside') from its E5
    similarity to the domain. ``scorer`` is the multilingual E5 scorer (or None); ``calibration``
    the fitted weights and thresholds."""

    def __init__(self, scorer, calibration: Calibration | None = None):
        self.scorer = scorer
        self.calibration = calibration or load_calibration()

    def in_scope(self, question: str, retrieval: Retrieval) -> float:
        """Probability that the guidance covers the question."""
        ml = multilingual_evidence(self.scorer, question, retrieval)
        return in_scope_probability(retrieval, ml, self.calibration)

    def covered(self, probability: float) -> bool:
        return probability >= self.calibration.scope_threshold

    def outcome_of_unanswered(self, question: str, retrieval: Retrieval) -> str:
        if not retrieval.passages:
            return "outside"
        cal = self.calibration
        p = domain_probability(domain_similarity(self.scorer, question), cal.domain_weight, cal.domain_bias)
        return "not_covered" if p >= 0.5 else "outside"
