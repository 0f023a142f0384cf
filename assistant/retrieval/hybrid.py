"""Hybrid retrieval: dense (Chroma) + BM25 (bm25s), fused by reciprocal rank fusion.

For a question it runs up to four ranked lists: dense and BM25 on the question, and dense and
BM25 on its cross-lingual expansion (``lexicon``), then fuses them (RRF). Filters by the user's
role (audience) and the question's language apply to the fused list and are dropped, in that
order of preference, when too few relevant passages survive them. Near-duplicate passages are
collapsed. The BM25 index is rebuilt whenever the index's state token changes, so it is never
stale after an ingest. It does not decide refusal or write answers (see ``answering``).
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel

from assistant.ingest.chunking import rerank_text
from assistant.ingest.documents import detect_language
from assistant.language.lexicon import expand
from assistant.language.tokens import overlap as token_overlap
from assistant.language.tokens import stems
from assistant.settings import Settings
from assistant.store.index import GuidanceIndex, get_all

log = logging.getLogger(__name__)


class Passage(BaseModel):
    """A retrieved chunk with its citation metadata and scores."""

    id: str
    text: str
    title: str
    heading: str
    source: str
    language: str
    audience: list[str]
    doc_id: str
    position: int = 0
    score: float = 0.0
    dense: float = 0.0
    bm25: float = 0.0
    overlap: float = 0.0


class Retrieval(BaseModel):
    query: str
    language: str
    expansion: str = ""
    passages: list[Passage]
    widened: list[str] = []
    top_dense: float = 0.0
    top_dense_expansion: float = 0.0
    top_overlap: float = 0.0
    term_weights: dict[str, float] = {}
    searched: int = 0  # chunks the question was searched among (the index, or the named documents)


@dataclass
class _Corpus:
    state: str
    ids: list[str]
    meta: list[dict]
    texts: list[str]
    bm25: object | None
    stems: list[set[str]] = field(default_factory=list)
    df: dict[str, int] = field(default_factory=dict)

    _sections: dict[tuple[str, str], list[int]] | None = None

    def sections(self) -> dict[tuple[str, str], list[int]]:
        """Chunk numbers of each (source, heading) section in reading order, built once per
        index state (this corpus object is rebuilt when the state changes)."""
        if self._sections is None:
            rows: dict[tuple[str, str], list[tuple[int, int]]] = {}
            for i, m in enumerate(self.meta):
                key = (m.get("source", ""), m.get("heading", ""))
                rows.setdefault(key, []).append((int(m.get("position", 0)), i))
            self._sections = {key: [i for _, i in sorted(v)] for key, v in rows.items()}
        return self._sections

    def idf(self, term: str) -> float:
        n = max(1, len(self.ids))
        return math.log(1 + (n - self.df.get(term, 0) + 0.5) / (self.df.get(term, 0) + 0.5))


class HybridRetriever:
    """Dense + BM25 retrieval over one ``GuidanceIndex``; thread-safe for concurrent queries."""

    def __init__(self, index: GuidanceIndex, settings: Settings | None = None):
        self.index = index
        self.settings = settings or index.settings
        self._corpus: _Corpus | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ BM25 side
    def corpus(self) -> _Corpus:
        state = self.index.state()
        with self._lock:
            if self._corpus is None or self._corpus.state != state:
                self._corpus = self._build(state)
            return self._corpus

    def _build(self, state: str) -> _Corpus:
        import bm25s

        got = get_all(self.index.collection, include=["documents", "metadatas"])
        ids, texts, meta = got["ids"], got["documents"], got["metadatas"]
        tokenised = [stems(t, m.get("language", "en")) for t, m in zip(texts, meta, strict=True)]
        bm25 = None
        if ids:
            bm25 = bm25s.BM25()
            bm25.index([t or ["∅"] for t in tokenised], show_progress=False)
        sets = [set(t) for t in tokenised]
        df: dict[str, int] = {}
        for toks in sets:
            for t in toks:
                df[t] = df.get(t, 0) + 1
        return _Corpus(state, ids, meta, texts, bm25, sets, df)

    def _specific(self, expansion: str, language: str, corpus: _Corpus) -> str:
        """Drop expansion words found in most passages (e.g. 'mentor'): they carry no topic."""
        if not expansion or not corpus.ids:
            return expansion
        limit = self.settings.expansion_max_df * len(corpus.ids)
        kept = []
        for word in expansion.split():
            st = stems(word, language)
            df = sum(1 for toks in corpus.stems if st and st[0] in toks)
            if st and df <= limit:
                kept.append(word)
        return " ".join(kept)

    def _bm25(self, corpus: _Corpus, tokens: list[str], n: int) -> list[tuple[int, float]]:
        if corpus.bm25 is None:
            return []
        vocab = corpus.bm25.vocab_dict
        tokens = [t for t in tokens if t in vocab]
        if not tokens:
            return []
        scores = corpus.bm25.get_scores(tokens)
        top = np.argsort(-scores)[:n]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    # ------------------------------------------------------------------ dense side
    def _dense(self, vector: list[float], n: int) -> list[tuple[str, float]]:
        n = min(n, self.index.collection.count())
        if n == 0:
            return []
        try:
            res = self.index.collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        except Exception as exc:  # e.g. a vector segment left unreadable by a killed process
            log.warning(
                "dense search unavailable (%s); answering from BM25 only. "
                "Run `mentor-assistant ingest` to repair the index.",
                exc,
            )
            return []
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0], strict=True)]

    # ------------------------------------------------------------------ search
    def search(
        self,
        query: str,
        role: str | None = None,
        language: str | None = None,
        k: int | None = None,
        strict_language: bool = False,
        sources: set[str] | None = None,
    ) -> Retrieval:
        """Top ``k`` passages for ``query``.

        The role filter keeps passages written for that audience while enough of them rank near
        the top, and widens to every audience otherwise. Language is a preference (a boost for
        passages in the question's language) unless ``strict_language``, which filters and
        widens the same way as the role. ``sources`` restricts the result to those documents.
        """
        s = self.settings
        k = k or s.retrieval_k
        n = max(s.retrieval_candidates, 3 * k)
        language = language or detect_language(query)
        corpus = self.corpus()
        if sources is not None:
            n = len(corpus.ids)  # rank everything, then keep the named documents
        expansion = self._specific(expand(query, language), "tr" if language == "en" else "en", corpus)
        if not corpus.ids:
            return Retrieval(query=query, language=language, expansion=expansion, passages=[])
        other = "tr" if language == "en" else "en"
        share_other = sum(m.get("language") != language for m in corpus.meta) / len(corpus.meta)
        w_exp = min(1.0, max(0.2, share_other))

        embed = self.index.embeddings
        ranked_lists: list[tuple[float, list[str]]] = []
        sim_q: dict[str, float] = {}
        sim_x: dict[str, float] = {}
        ranked = self._dense(embed.embed_query(query), n)
        if language in s.embedding_language_set:
            ranked_lists.append((s.dense_weight, [c for c, _ in ranked]))
        sim_q.update(ranked)  # still a refusal feature: a close passage in any language
        q_stems = stems(query, language)
        bm25_hits = self._bm25(corpus, q_stems, n)
        ranked_lists.append((s.bm25_weight, [corpus.ids[i] for i, _ in bm25_hits]))
        bm25_score = {corpus.ids[i]: sc for i, sc in bm25_hits}
        x_stems: list[str] = []
        if expansion:
            ranked = self._dense(embed.embed_query(expansion), n)
            ranked_lists.append((w_exp * s.dense_weight, [c for c, _ in ranked]))
            sim_x.update(ranked)
            x_stems = stems(expansion, other)
            x_hits = self._bm25(corpus, x_stems, n)
            ranked_lists.append((w_exp * s.bm25_weight, [corpus.ids[i] for i, _ in x_hits]))
            for i, sc in x_hits:
                bm25_score[corpus.ids[i]] = max(bm25_score.get(corpus.ids[i], 0.0), sc)

        pos = {cid: i for i, cid in enumerate(corpus.ids)}
        idf = {t: corpus.idf(t) for t in [*q_stems, *x_stems]}
        fused: dict[str, float] = {}
        for weight, ranked in ranked_lists:
            # a vector whose chunk record is gone (vector files out of step after a killed
            # ingest) is skipped: only chunks with a stored text and metadata are answers
            ranked = [cid for cid in ranked if cid in pos]
            for rank, cid in enumerate(ranked):
                fused[cid] = fused.get(cid, 0.0) + weight / (s.rrf_k + rank + 1)
        for cid in fused:
            if corpus.meta[pos[cid]].get("language") == language:
                fused[cid] *= 1.0 + s.language_boost
        order = sorted(fused, key=lambda c: -fused[c])
        searched = len(corpus.ids)
        if sources is not None:
            order = [c for c in order if corpus.meta[pos[c]].get("source") in sources]
            searched = sum(m.get("source") in sources for m in corpus.meta)
        order = self._rerank(query, order, fused, corpus, pos)

        def lang_of(cid: str) -> str:
            return corpus.meta[pos[cid]].get("language", "")

        def relevance(cid: str) -> float:
            if lang_of(cid) == language:
                return sim_q.get(cid, 0.0)
            return max(sim_q.get(cid, 0.0), sim_x.get(cid, 0.0))

        def overlap(cid: str) -> float:
            target = q_stems if lang_of(cid) == language else x_stems
            return token_overlap(set(target), corpus.stems[pos[cid]], idf)

        def matches(cid: str, use_role: bool, use_lang: bool) -> bool:
            m = corpus.meta[pos[cid]]
            if use_role and role and not m.get(f"aud_{role}", True):
                return False
            return not (use_lang and m.get("language") != language)

        top_fused = fused[order[0]] if order else 0.0
        head = {c for c in order[: 2 * k] if fused[c] >= 0.5 * top_fused}  # near the top, not just ranked
        levels = [(True, strict_language, [])]
        if strict_language:
            levels.append((True, False, ["language"]))
        levels.append((False, False, ["language", "role"] if strict_language else ["role"]))
        picked, widened = order, []
        for use_role, use_lang, dropped in levels:
            cand = [c for c in order if matches(c, use_role, use_lang)]
            enough = sum(c in head for c in cand) >= min(s.min_relevant, k)
            if enough or (use_role, use_lang) == (False, False):
                picked, widened = cand, dropped
                break
        if role is None:
            widened = [w for w in widened if w != "role"]
        if expansion and not strict_language and share_other >= self.settings.mix_min_share:
            picked = self._mix_languages(picked, language, lang_of, fused, k, share_other)

        chosen = self._collapse(picked, k, corpus, pos)
        top = (fused[order[0]] if order else 0.0) or 1.0  # all-zero when every list weighs 0
        passages = []
        for cid in chosen:
            passages.append(
                _passage(
                    corpus,
                    pos[cid],
                    score=round(fused[cid] / top, 4),
                    dense=round(relevance(cid), 4),
                    bm25=round(bm25_score.get(cid, 0.0), 4),
                    overlap=round(overlap(cid), 4),
                )
            )
        same = [c for c in order[: 3 * k] if lang_of(c) == language] or order[: 3 * k]
        return Retrieval(
            query=query,
            language=language,
            expansion=expansion,
            passages=passages,
            widened=widened,
            top_dense=round(max((sim_q.get(c, 0.0) for c in same), default=0.0), 4),
            top_dense_expansion=round(max(sim_x.values(), default=0.0), 4),
            top_overlap=round(max((overlap(c) for c in order[: 3 * k]), default=0.0), 4),
            term_weights={t: round(w, 4) for t, w in idf.items()},
            searched=searched,
        )

    def _rerank(
        self, query: str, order: list[str], fused: dict[str, float], corpus: _Corpus, pos: dict[str, int]
    ) -> list[str]:
        """Fuse one more ranked list: the top fused passages ordered by the multilingual E5 scorer.

        MiniLM and BM25 miss paraphrases ("our last meeting" against "closing session"); E5 reads
        the question against each passage with its title and heading and reorders the head of the
        list, across English and Turkish too. The passages' E5 vectors are stored at ingest, so the
        head can be wide (``rerank_candidates``); a passage without a stored vector is embedded
        here only within the top ``rerank_compute_limit``. Measured on the eval questions: MRR
        0.82 without re-ranking, 0.87 re-ranking the top 30 of 40-deep lists. Deeper (100 of
        100-deep lists) gave 0.89 but Turkish questions then lose English-only answers.
        """
        from assistant.encoders.multilingual import load_scorer

        s = self.settings
        n = min(s.rerank_candidates, len(order))
        scorer = load_scorer(s.multilingual_scorer) if n > 1 and s.rerank_weight > 0 else None
        if scorer is None:
            return order
        window = order[:n]
        text = {c: rerank_text(corpus.texts[pos[c]]) for c in window}
        try:
            stored = self.index.rerank_vectors(window) if s.rerank_vectors else {}
            compute = [c for c in window[: s.rerank_compute_limit] if c not in stored]
            if compute:
                stored.update(zip(compute, scorer.passages([text[c] for c in compute]), strict=True))
            head = [c for c in window if c in stored]
            if len(head) < 2:
                return order
            vecs = np.stack([stored[c] for c in head])
            scorer.remember([text[c] for c in head], vecs)  # the composer scores these texts again
            sims = vecs @ scorer.query(query)
        except Exception as exc:  # the re-ranker is an improvement, never a point of failure
            log.warning("re-ranking unavailable (%s)", exc)
            return order
        for rank, i in enumerate(np.argsort(-sims)):
            fused[head[int(i)]] += s.rerank_weight / (s.rrf_k + rank + 1)
        return sorted(window, key=lambda c: -fused[c]) + order[n:]

    @staticmethod
    def _mix_languages(order, language, lang_of, fused, k, share_other) -> list[str]:
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

    def document(self, source: str) -> list[Passage]:
        """Every passage of one document, in its order (for questions about the whole document)."""
        corpus = self.corpus()
        meta = corpus.meta
        rows = [(int(m.get("position", 0)), i) for i, m in enumerate(meta) if m.get("source") == source]
        return [_passage(corpus, i, score=1.0) for _, i in sorted(rows)]

    def whole_sections(self, passages: list[Passage], max_chars: int) -> list[Passage]:
        """Each passage widened to its whole section (the chunks of one heading, joined in order,
        their overlaps removed) when the section is at most ``max_chars`` long; a later passage
        of a section already given is dropped. A list cut by a chunk boundary is then whole."""
        if max_chars <= 0 or not passages:
            return passages
        corpus = self.corpus()
        by_section = corpus.sections()
        out: list[Passage] = []
        seen: set[tuple[str, str]] = set()
        for p in passages:
            key = (p.source, p.heading)
            if key in seen:
                continue
            seen.add(key)
            parts = [_passage(corpus, i).text for i in by_section.get(key, [])]
            text = join_chunks(parts) if len(parts) > 1 else p.text
            out.append(p.model_copy(update={"text": text}) if len(text) <= max_chars else p)
        return out

    def _collapse(self, order: list[str], k: int, corpus: _Corpus, pos: dict[str, int]) -> list[str]:
        """Keep the first of any near-duplicate passages (cosine >= threshold or stem Jaccard)."""
        window = order[: 3 * k]
        if not window:
            return []
        try:
            got = self.index.collection.get(ids=window, include=["embeddings"])
        except Exception as exc:
            log.warning("embeddings unavailable for near-duplicate check (%s)", exc)
            got = {"ids": [], "embeddings": []}
        vec = {
            cid: np.asarray(e, dtype=np.float32) for cid, e in zip(got["ids"], got["embeddings"], strict=True)
        }
        kept: list[str] = []
        for cid in window:
            v = vec.get(cid)
            dup = False
            for other in kept:
                w = vec.get(other)
                if v is not None and w is not None:
                    cos = float(v @ w / (np.linalg.norm(v) * np.linalg.norm(w) + 1e-9))
                    if cos >= self.settings.duplicate_similarity:
                        dup = True
                        break
                a, b = corpus.stems[pos[cid]], corpus.stems[pos[other]]
                if a and b and len(a & b) / len(a | b) >= 0.8:
                    dup = True
                    break
            if not dup:
                kept.append(cid)
            if len(kept) == k:
                break
        return kept


def join_chunks(parts: list[str]) -> str:
    """Consecutive chunks of one section as one text: the lines a chunk repeats from the one
    before (the overlap, or a list intro it carries) are left out."""
    text = parts[0]
    for part in parts[1:]:
        lines = part.split("\n")
        seen = {ln.strip() for ln in text.split("\n") if ln.strip()}
        while lines and (
            not lines[0].strip() or lines[0].strip() in seen or text.rstrip().endswith(lines[0].strip())
        ):
            lines.pop(0)
        if lines:
            text = f"{text.rstrip()}\n{chr(10).join(lines)}"
    return text


def _passage(corpus: _Corpus, i: int, **scores: float) -> Passage:
    """Chunk ``i`` of the corpus as a passage (its text without the embedded title and heading)."""
    m = corpus.meta[i]
    return Passage(
        id=corpus.ids[i],
        text=corpus.texts[i][int(m.get("prefix_len", 0)) :].strip(),
        title=m.get("title", ""),
        heading=m.get("heading", ""),
        source=m.get("source", ""),
        language=m.get("language", ""),
        audience=[a for a in str(m.get("audience", "")).split(",") if a],
        doc_id=m.get("doc_id", ""),
        position=int(m.get("position", 0)),
        **scores,
    )


__all__ = ["HybridRetriever", "Passage", "Retrieval"]
