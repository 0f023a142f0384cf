"""The grounding check applied to every answer, whatever generator wrote it.

Each answer sentence must cite passages that exist, and be supported by one of them. Support is a
logistic model over five features (see ``GroundingChecker.features``): embedding cosine to the
best passage sentence, lexical recall of the sentence's stems, and three mismatch flags (a number,
the acting role, negation). Weights and threshold are fitted on the labelled pairs in
``assistant/data/evals/grounding_pairs.jsonl`` (``python evals/calibrate.py``) and stored in
``assistant/data/calibration.json``. No NLI model is installable here, so a contradiction that
reuses the passage's words and roles can pass: measured precision and recall are in the README.
"""

from __future__ import annotations

import math
import re

import numpy as np
from pydantic import BaseModel

from assistant.calibration import load_calibration
from assistant.compose.layout import is_frame
from assistant.language import en, tr
from assistant.language.sentences import (
    answer_sentences,
    citations_in,
    clean_markdown,
    strip_citations,
    units,
)
from assistant.language.tokens import stems
from assistant.retrieval.hybrid import Passage

NOTES = {
    "en": "Note: {n} sentence(s) were removed because the cited guidance does not support them.",
    "tr": "Not: Alıntılanan rehber desteklemediği için {n} cümle çıkarıldı.",
}


# no word end: Turkish adds suffixes ("mentorun", "koordinatöre"); but "mentoring" and
# "mentorluk" (mentoring) name no role
_ROLE_NAMES = {role: (*en.ROLE_NAMES[role], *tr.ROLE_NAMES[role]) for role in en.ROLE_NAMES}
_MENTOR_NOT_ROLE = "|".join((*en.MENTOR_NOT_ROLE, *tr.MENTOR_NOT_ROLE))
_ROLE_RE = re.compile(
    r"\b("
    + "|".join(
        f"{name}(?!{_MENTOR_NOT_ROLE})" if name == "mentor" else name
        for names in _ROLE_NAMES.values()
        for name in names
    )
    + ")",
    re.IGNORECASE,
)
# the role a role name stands for, when it is not the role's own name
_ROLE_OF = {name: role for role, names in _ROLE_NAMES.items() for name in names if name != role}
_NEG_RE = re.compile(
    r"\b(" + "|".join((*en.NEGATIONS, *tr.NEGATIONS)) + r")\b|n't\b",
    re.IGNORECASE,
)


def first_role(text: str) -> str | None:
    m = _ROLE_RE.search(text)
    if not m:
        return None
    word = m.group(1).lower()
    return _ROLE_OF.get(word, word)


def negated(text: str) -> bool:
    return bool(_NEG_RE.search(text))


class SentenceCheck(BaseModel):
    text: str
    citations: list[int]
    supported: bool
    score: float
    reason: str = ""


class GroundingReport(BaseModel):
    sentences: list[SentenceCheck]
    removed: int = 0

    @property
    def supported_ratio(self) -> float:
        return sum(s.supported for s in self.sentences) / len(self.sentences) if self.sentences else 1.0


def is_framing(line: str) -> bool:
    """A framing line the composer writes (``layout.is_frame``: "The guidance on this is written
    in Turkish; here is what it says:"), a short connective line such as 'Related:', or a pointer
    to the rest of a cut list ('- … and 4 more in the source [2]') carries no claim."""
    line = re.sub(r"^\s*(?:[-*+•]\s+)?", "", line.strip())
    if is_frame(line) or (line.startswith("…") and len(line.split()) <= 12):
        return True
    return line.endswith(":") and not citations_in(line) and len(line.split()) <= 10


def _plain(text: str) -> str:
    return re.sub(r"\W+", " ", clean_markdown(text)).strip().casefold()


def quoted_verbatim(sentence: str, passage: str) -> bool:
    """Whether the sentence, without its citation, is word for word in the passage (an extractive
    answer's sentence is: it needs no model to be checked)."""
    plain = _plain(strip_citations(sentence))
    return len(plain) >= 12 and plain in _plain(passage)


class GroundingChecker:
    def __init__(self, embeddings, threshold: float | None = None, scorer=None):
        cal = load_calibration()
        self.embeddings = embeddings
        self.scorer = scorer
        self.weights = dict(cal.grounding_weights)
        self.bias = cal.grounding_bias
        self.threshold = cal.grounding_threshold if threshold is None else threshold

    def features(self, sentence: str, passage: str, language: str = "en") -> dict[str, float]:
        """Evidence that ``passage`` supports ``sentence`` (inputs of the calibrated model).

        ``cos``: best cosine between the sentence and one passage sentence; ``lex``: share of the
        sentence's content stems found in the passage; ``number``: the sentence has a number the
        passage lacks; ``role``: the sentence's first role word (mentor, mentee, coordinator,
        manager) differs from that of the best-matching passage sentence; ``negation``: one of
        the two is negated and the other is not.
        """
        sentence = clean_markdown(strip_citations(sentence))
        parts = [clean_markdown(u) for u in units(passage)] or [passage]
        vecs = np.asarray(self.embeddings.embed_documents([sentence, *parts]), dtype=np.float32)
        sims = vecs[1:] @ vecs[0]
        best = int(sims.argmax())
        unit = parts[best]
        s_stems = set(stems(sentence, language)) | set(stems(sentence, "en"))
        p_stems = set(stems(passage, language)) | set(stems(passage, "en"))
        lex = len(s_stems & p_stems) / len(s_stems) if s_stems else 0.0
        numbers = set(re.findall(r"\d+", sentence)) - set(re.findall(r"\d+", passage))
        s_role, u_role = first_role(sentence), first_role(unit)
        ml = float(sims[best])
        if self.scorer is not None:
            mv = self.scorer.passages([sentence, *parts])
            ml = float((mv[1:] @ mv[0]).max())
        return {
            "cos": float(sims[best]),
            "ml": ml,
            "lex": lex,
            "number": 1.0 if numbers else 0.0,
            "role": 1.0 if s_role and u_role and s_role != u_role else 0.0,
            "negation": 1.0 if negated(sentence) != negated(unit) else 0.0,
        }

    def score(self, sentence: str, passage: str, language: str = "en") -> float:
        """Probability-like support score in [0, 1] from the calibrated logistic model."""
        feats = self.features(sentence, passage, language)
        z = self.bias + sum(w * feats.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def check(self, answer: str, passages: list[Passage], language: str = "en") -> GroundingReport:
        checks = []
        for line in answer.split("\n"):
            if not line.strip() or is_framing(line):
                continue
            for sentence in answer_sentences(line):
                checks.append(self._check_sentence(sentence, passages, language))
        return GroundingReport(sentences=checks)

    def _check_sentence(self, sentence: str, passages: list[Passage], language: str) -> SentenceCheck:
        cites = citations_in(sentence)
        if not cites:
            return SentenceCheck(
                text=sentence, citations=[], supported=False, score=0.0, reason="no citation"
            )
        bad = [n for n in cites if not 1 <= n <= len(passages)]
        if bad:
            return SentenceCheck(
                text=sentence,
                citations=cites,
                supported=False,
                score=0.0,
                reason=f"cites passage(s) that do not exist: {bad}",
            )
        if any(quoted_verbatim(sentence, passages[n - 1].text) for n in cites):
            return SentenceCheck(text=sentence, citations=cites, supported=True, score=1.0, reason="quoted")
        best = max(self.score(sentence, passages[n - 1].text, language) for n in cites)
        ok = best >= self.threshold
        return SentenceCheck(
            text=sentence,
            citations=cites,
            supported=ok,
            score=round(best, 4),
            reason="" if ok else "not supported by the cited passage",
        )

    def apply(
        self, answer: str, passages: list[Passage], language: str = "en"
    ) -> tuple[str, GroundingReport]:
        """The answer without unsupported sentences (with a note saying so), and the report."""
        report = self.check(answer, passages, language)
        unsupported = {c.text for c in report.sentences if not c.supported}
        if not unsupported:
            return answer.strip(), report
        kept_lines: list[str] = []
        for line in answer.split("\n"):
            if not line.strip() or is_framing(line):
                kept_lines.append(line)
                continue
            bullet = re.match(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+", line)
            sentences = [s for s in answer_sentences(line) if s not in unsupported]
            if sentences:
                kept_lines.append((bullet.group(0) if bullet else "") + " ".join(sentences))
        text = "\n".join(kept_lines)
        # drop a framing line left with nothing after it
        text = re.sub(r"(?m)^[^\n\[]{1,80}:\s*\n*(?=\Z)", "", text.strip())
        report.removed = len(unsupported)
        note = NOTES.get(language, NOTES["en"]).format(n=report.removed)
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        return (f"{text}\n\n{note}" if text else note), report
