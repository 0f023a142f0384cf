"""Hybrid retrieval: dense (Chroma) + BM25 (bm25s), fused by reciprocal rank fusion.

For a question it runs up to four ranked lists: dense and BM25 on the question, and dense and
BM25 on its cross-lingual expansion (``lexicon``), then fuses them (RRF, ``fusion``) and re-ranks
the head with the multilingual scorer (``rerank``). Filters by the user's role (audience) and the
question's language apply to the fused list and are dropped, in that order of preference, when
too few relevant passages survive them. Near-duplicate passages are collapsed (``duplicates``).
The BM25 side (``corpus``) is rebuilt whenever the index's state token changes, so it is never
stale after an ingest. It does not decide refusal or write answers (see ``answering``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from assistant.encoders.multilingual import load_scorer
from assistant.ingest.documents import detect_language
from assistant.language.lexicon import expand
from assistant.language.tokens import overlap as token_overlap
from assistant.language.tokens import stems
from assistant.retrieval.corpus import Corpus, build_corpus
from assistant.retrieval.duplicates import collapse
from assistant.retrieval.fusion import boost_language, mix_languages, reciprocal_rank_fusion, widen
from assistant.retrieval.names import named, without_names
from assistant.retrieval.passages import Passage, Retrieval, join_chunks, passage_at, section_text
from assistant.retrieval.rerank import rerank
from assistant.settings import Settings
from assistant.store.index import GuidanceIndex

log = logging.getLogger(__name__)

# the least weight of the expansion's lists (the question translated into the index's other
# language), however small that language's share of the index: a Turkish-only guide in an English
# index must still be reachable from an English question
EXPANSION_MIN_WEIGHT = 0.2


@dataclass
class _Evidence:
    """The ranked lists of one search and what they say about each chunk."""

    corpus: Corpus
    language: str
    ranked_lists: list[tuple[float, list[str]]] = field(default_factory=list)
    sim_q: dict[str, float] = field(default_factory=dict)  # dense similarity to the question
    sim_x: dict[str, float] = field(default_factory=dict)  # ... and to its expansion
    bm25: dict[str, float] = field(default_factory=dict)
    q_stems: list[str] = field(default_factory=list)
    x_stems: list[str] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    pos: dict[str, int] = field(default_factory=dict)
    share_other: float = 0.0  # the share of the index's chunks in the other language

    def lang_of(self, cid: str) -> str:
        return self.corpus.meta[self.pos[cid]].get("language", "")

    def relevance(self, cid: str) -> float:
        if self.lang_of(cid) == self.language:
            return self.sim_q.get(cid, 0.0)
        return max(self.sim_q.get(cid, 0.0), self.sim_x.get(cid, 0.0))

    def overlap(self, cid: str) -> float:
        target = self.q_stems if self.lang_of(cid) == self.language else self.x_stems
        return token_overlap(set(target), self.corpus.stems[self.pos[cid]], self.idf)


class HybridRetriever:
    """Dense + BM25 retrieval over one ``GuidanceIndex``; thread-safe for concurrent queries."""

    def __init__(self, index: GuidanceIndex, settings: Settings | None = None):
        self.index = index
        self.settings = settings or index.settings
        self._corpus: Corpus | None = None
        self._lock = threading.Lock()

    def corpus(self) -> Corpus:
        """The BM25 side for the index's current state (rebuilt after an ingest)."""
        state = self.index.state()
        with self._lock:
            if self._corpus is None or self._corpus.state != state:
                self._corpus = build_corpus(self.index, state)
            return self._corpus

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

    def _evidence(self, query: str, expansion: str, language: str, corpus: Corpus, n: int) -> _Evidence:
        """Dense and BM25 lists for the question and, when there is one, its expansion (weighed
        by the share of the index in the other language)."""
        s = self.settings
        other = "tr" if language == "en" else "en"
        ev = _Evidence(corpus, language)
        ev.share_other = sum(m.get("language") != language for m in corpus.meta) / len(corpus.meta)
        w_exp = min(1.0, max(EXPANSION_MIN_WEIGHT, ev.share_other))
        embed = self.index.embeddings
        ranked = self._dense(embed.embed_query(query), n)
        if language in s.embedding_language_set:
            ev.ranked_lists.append((s.dense_weight, [c for c, _ in ranked]))
        ev.sim_q.update(ranked)  # still a refusal feature: a close passage in any language
        ev.q_stems = stems(query, language)
        hits = corpus.bm25_hits(ev.q_stems, n)
        ev.ranked_lists.append((s.bm25_weight, [corpus.ids[i] for i, _ in hits]))
        ev.bm25 = {corpus.ids[i]: sc for i, sc in hits}
        if expansion:
            ranked = self._dense(embed.embed_query(expansion), n)
            ev.ranked_lists.append((w_exp * s.dense_weight, [c for c, _ in ranked]))
            ev.sim_x.update(ranked)
            ev.x_stems = stems(expansion, other)
            hits = corpus.bm25_hits(ev.x_stems, n)
            ev.ranked_lists.append((w_exp * s.bm25_weight, [corpus.ids[i] for i, _ in hits]))
            for i, sc in hits:
                ev.bm25[corpus.ids[i]] = max(ev.bm25.get(corpus.ids[i], 0.0), sc)
        ev.pos = {cid: i for i, cid in enumerate(corpus.ids)}
        ev.idf = {t: corpus.idf(t) for t in [*ev.q_stems, *ev.x_stems]}
        return ev

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
        names = named(query, corpus.names(), corpus.proper_names())
        if sources is None and names:
            sources = corpus.naming(names)  # a question naming a programme is answered from it
        topic = without_names(query, names, language)
        if sources is not None:
            n = len(corpus.ids)  # rank everything, then keep the named documents
        expansion = corpus.specific(
            expand(topic, language), "tr" if language == "en" else "en", s.expansion_max_df
        )
        if not corpus.ids:
            return Retrieval(query=query, language=language, expansion=expansion, passages=[])
        ev = self._evidence(topic, expansion, language, corpus, n)
        fused = reciprocal_rank_fusion(ev.ranked_lists, ev.pos, s.rrf_k)
        boost_language(fused, ev.lang_of, language, s.language_boost)
        order = sorted(fused, key=lambda c: -fused[c])
        searched = len(corpus.ids)
        if sources is not None:
            order = [c for c in order if corpus.meta[ev.pos[c]].get("source") in sources]
            searched = sum(m.get("source") in sources for m in corpus.meta)
        order = rerank(self.index, s, topic, order, fused, corpus, ev.pos)
        picked, widened = self._filtered(order, fused, ev, role, strict_language, k)
        if role is None:
            widened = [w for w in widened if w != "role"]
        if expansion and not strict_language and ev.share_other >= s.mix_min_share:
            picked = mix_languages(picked, language, ev.lang_of, fused, k, ev.share_other)
        chosen = collapse(self.index, picked, k, corpus, ev.pos, s.duplicate_similarity)
        found = self._retrieval(query, expansion, ev, order, fused, chosen, widened, k, searched)
        found.named = names
        found.known = round(corpus.known_share(ev.q_stems, sources), 4)
        self.recall_vectors(found.passages)  # the scope check and the composer read their sentences
        return found

    def _filtered(self, order, fused, ev: _Evidence, role, strict_language: bool, k: int):
        """The fused order under the narrowest role/language filter that keeps enough relevant
        passages near the top, and the filters dropped to get there."""

        def matches(cid: str, use_role: bool, use_lang: bool) -> bool:
            m = ev.corpus.meta[ev.pos[cid]]
            if use_role and role and not m.get(f"aud_{role}", True):
                return False
            return not (use_lang and m.get("language") != ev.language)

        needed = min(self.settings.min_relevant, k)
        return widen(order, fused, matches, strict_language, needed, head_size=2 * k)

    @staticmethod
    def _retrieval(query, expansion, ev: _Evidence, order, fused, chosen, widened, k, searched) -> Retrieval:
        corpus, language = ev.corpus, ev.language
        top = (fused[order[0]] if order else 0.0) or 1.0  # all-zero when every list weighs 0
        passages = [
            passage_at(
                corpus,
                ev.pos[cid],
                score=round(fused[cid] / top, 4),
                dense=round(ev.relevance(cid), 4),
                bm25=round(ev.bm25.get(cid, 0.0), 4),
                overlap=round(ev.overlap(cid), 4),
            )
            for cid in chosen
        ]
        same = [c for c in order[: 3 * k] if ev.lang_of(c) == language] or order[: 3 * k]
        return Retrieval(
            query=query,
            language=language,
            expansion=expansion,
            passages=passages,
            widened=widened,
            top_dense=round(max((ev.sim_q.get(c, 0.0) for c in same), default=0.0), 4),
            top_dense_expansion=round(max(ev.sim_x.values(), default=0.0), 4),
            top_overlap=round(max((ev.overlap(c) for c in order[: 3 * k]), default=0.0), 4),
            term_weights={t: round(w, 4) for t, w in ev.idf.items()},
            searched=searched,
        )

    def document(self, source: str) -> list[Passage]:
        """Every passage of one document, in its order (for questions about the whole document)."""
        corpus = self.corpus()
        meta = corpus.meta
        rows = [(int(m.get("position", 0)), i) for i, m in enumerate(meta) if m.get("source") == source]
        return self.recall_vectors([passage_at(corpus, i, score=1.0) for _, i in sorted(rows)])

    def sections_where(self, keep: Callable[[Passage], bool]) -> list[Passage]:
        """The first chunk of each section of the index for which ``keep`` holds."""
        corpus = self.corpus()
        first = (passage_at(corpus, rows[0], score=1.0) for rows in corpus.sections().values())
        return self.recall_vectors([p for p in first if keep(p)])

    def whole_sections(self, passages: list[Passage], max_chars: int) -> list[Passage]:
        """Each passage widened to its whole section (the chunks of one heading, joined in order,
        their overlaps removed) when the section is at most ``max_chars`` long; a later passage
        of a section already given is dropped. A list cut by a chunk boundary is then whole.
        ``passages`` come from ``search``, which recalled their vectors; only a widened passage's
        vectors are recalled here."""
        if max_chars <= 0 or not passages:
            return passages
        corpus = self.corpus()
        by_section = corpus.sections()
        out: list[Passage] = []
        widened: list[Passage] = []
        seen: set[tuple[str, str]] = set()
        for p in passages:
            key = (p.source, p.heading)
            if key in seen:
                continue
            seen.add(key)
            chunks = len(by_section.get(key, []))
            text = section_text(corpus, key) if chunks > 1 else p.text
            if text != p.text and len(text) <= max_chars:
                p = p.model_copy(update={"text": text, "whole_section": True})
                widened.append(p)
            elif chunks == 1:
                p = p.model_copy(update={"whole_section": True})
            out.append(p)
        self.recall_vectors(widened)
        return out

    def recall_vectors(self, passages: list[Passage]) -> list[Passage]:
        """Hand the multilingual scorer the vectors ingest stored for the texts the composer will
        score in ``passages`` (``sentence_vectors``), so that it embeds none of them; returns
        ``passages``. A text without a stored vector is embedded when scored, as before."""
        s = self.settings
        scorer = load_scorer(s.multilingual_scorer) if s.sentence_vectors and passages else None
        if scorer is None:
            return passages
        from assistant.compose.structure import scored_texts  # compose reads retrieval's passages

        missing = scorer.missing(scored_texts(passages))
        found = self.index.sentence_vectors(missing) if missing else {}
        if found:
            scorer.remember(list(found), np.stack(list(found.values())))
        return passages


__all__ = ["HybridRetriever", "Passage", "Retrieval", "join_chunks"]
