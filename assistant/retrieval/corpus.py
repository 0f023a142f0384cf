"""The lexical side of retrieval: every chunk of one index state with its stems, a BM25 index
(bm25s) and document frequencies, rebuilt whenever the index's state token changes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from assistant.language.tokens import stems
from assistant.retrieval.names import index_names, key, proper_names
from assistant.store.index import GuidanceIndex, get_all


@dataclass
class Corpus:
    state: str
    ids: list[str]
    meta: list[dict]
    texts: list[str]
    bm25: object | None
    stems: list[set[str]] = field(default_factory=list)
    df: dict[str, int] = field(default_factory=dict)

    _sections: dict[tuple[str, str], list[int]] | None = None
    _names: dict[str, frozenset[str]] | None = None
    _all_names: frozenset[str] = frozenset()
    _proper: frozenset[str] | None = None
    _vocabularies: dict[frozenset[str], frozenset[str]] = field(default_factory=dict)

    def _names_by_source(self) -> dict[str, frozenset[str]]:
        """The names each document's title and headings use that the shipped guidance does not
        (``names.index_names``), found once per index state."""
        if self._names is None:
            titles: dict[str, set[str]] = {}
            for m in self.meta:
                parts = [m.get("title", ""), *m.get("heading", "").split(" › ")]
                titles.setdefault(m.get("source", ""), set()).update(parts)
            self._names = {source: index_names(parts) for source, parts in titles.items()}
            self._all_names = frozenset().union(*self._names.values())
        return self._names

    def names(self) -> frozenset[str]:
        """Every name the index's titles and headings use that the shipped guidance does not."""
        self._names_by_source()
        return self._all_names

    def proper_names(self) -> frozenset[str]:
        """The ``names`` the index's texts write as proper nouns (``names.proper_names``)."""
        if self._proper is None:
            bodies = (t[int(m.get("prefix_len", 0)) :] for t, m in zip(self.texts, self.meta, strict=True))
            self._proper = proper_names(self.names(), bodies)  # without the title and heading
        return self._proper

    def naming(self, words: list[str]) -> set[str]:
        """The documents that use the most of ``words`` (names, as ``names.named`` gives them)."""
        wanted = {key(w) for w in words}
        counts = {source: len(wanted & names) for source, names in self._names_by_source().items()}
        most = max(counts.values(), default=0)
        return {source for source, n in counts.items() if n == most and most > 0}

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

    def known_share(self, terms: list[str], sources: set[str] | None = None) -> float:
        """Of a question's stems, weighted by IDF, the share that the searched documents (all,
        or ``sources``) use at all: a question about mentoring worded without mentoring words
        ("What records should I keep about the pairs?") still speaks the guidance's vocabulary,
        while one about cooking does not ("How do I boil an egg?"). An evidence feature of the
        scope model (``retrieval.scope``)."""
        terms = list(dict.fromkeys(terms))
        total = sum(self.idf(t) for t in terms)
        if not total:
            return 0.0
        vocabulary = self.df if sources is None else self._vocabulary(frozenset(sources))
        return sum(self.idf(t) for t in terms if t in vocabulary) / total

    def _vocabulary(self, sources: frozenset[str]) -> frozenset[str]:
        if sources not in self._vocabularies:
            rows = (toks for toks, m in zip(self.stems, self.meta, strict=True) if m.get("source") in sources)
            self._vocabularies[sources] = frozenset().union(*rows)
        return self._vocabularies[sources]

    def bm25_hits(self, tokens: list[str], n: int) -> list[tuple[int, float]]:
        """The top ``n`` chunk numbers for ``tokens`` with their (positive) BM25 scores."""
        if self.bm25 is None:
            return []
        vocab = self.bm25.vocab_dict
        tokens = [t for t in tokens if t in vocab]
        if not tokens:
            return []
        scores = self.bm25.get_scores(tokens)
        top = np.argsort(-scores)[:n]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def specific(self, expansion: str, language: str, max_df: float) -> str:
        """Drop expansion words found in more than ``max_df`` of the chunks (e.g. 'mentor'):
        they carry no topic."""
        if not expansion or not self.ids:
            return expansion
        limit = max_df * len(self.ids)
        kept = []
        for word in expansion.split():
            st = stems(word, language)
            df = sum(1 for toks in self.stems if st and st[0] in toks)
            if st and df <= limit:
                kept.append(word)
        return " ".join(kept)


def build_corpus(index: GuidanceIndex, state: str) -> Corpus:
    """Read every chunk of ``index`` and index its stems for BM25."""
    import bm25s

    got = get_all(index.collection, include=["documents", "metadatas"])
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
    return Corpus(state, ids, meta, texts, bm25, sets, df)
