"""The Chroma connection of one index: the client (embedded ``PersistentClient`` or server
``HttpClient``), its four collections (chunks, ``<collection>-docs``, ``<collection>-rerank``,
``<collection>-sentences``)
and the check that the chunks were embedded with the configured model."""

from __future__ import annotations

from assistant.settings import Settings, offline_environment
from assistant.store.errors import IndexError_
from assistant.store.lock import make_index_dir


def get_all(collection, include: list[str], page: int = 5000) -> dict:
    """``collection.get`` in pages: one call over 100k records exceeds SQLite's variable limit."""
    out: dict = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
    offset = 0
    while True:
        got = collection.get(include=include, limit=page, offset=offset)
        out["ids"] += got["ids"]
        for key in ("documents", "metadatas", "embeddings"):
            if key in include:
                out[key] += list(got[key])
        if len(got["ids"]) < page:
            return out
        offset += page


class ChromaConnection:
    """The client and the collections of one index, each opened on first use."""

    def __init__(self, settings: Settings, embeddings=None):
        self.settings = settings
        self._embeddings = embeddings
        self._client = None
        self._store = None
        self._registry = None
        self._rerank_vectors = None
        self._sentence_vectors = None

    @property
    def embeddings(self):
        if self._embeddings is None:
            from assistant.encoders.embeddings import LazyEmbeddings

            self._embeddings = LazyEmbeddings(self.settings)
        return self._embeddings

    @property
    def client(self):
        if self._client is None:
            offline_environment()
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
            s = self.settings
            if s.server_mode:
                try:
                    self._client = chromadb.HttpClient(
                        host=s.chroma_host, port=s.chroma_port, settings=chroma_settings
                    )
                    self._client.heartbeat()
                except Exception as exc:
                    raise IndexError_(
                        f"Cannot reach the Chroma server at {s.chroma_host}:{s.chroma_port} "
                        f"({exc.__class__.__name__}). Start it (chroma run --host {s.chroma_host} "
                        f"--port {s.chroma_port}) or unset MENTOR_CHROMA_HOST for the embedded index."
                    ) from exc
            else:
                make_index_dir(s)
                self._client = chromadb.PersistentClient(path=str(s.index_dir), settings=chroma_settings)
        return self._client

    @property
    def store(self):
        """The langchain-chroma vector store of chunks."""
        if self._store is None:
            from langchain_chroma import Chroma

            name = self.settings.collection
            self.check_model(name)
            self._store = Chroma(
                collection_name=name,
                client=self.client,
                embedding_function=self.embeddings,
                collection_metadata={
                    "hnsw:space": "cosine",
                    "embedding_model": self.settings.embedding_model,
                },
            )
        return self._store

    def check_model(self, name: str) -> None:
        try:
            existing = self.client.get_collection(name)
        except Exception:
            return
        model = (existing.metadata or {}).get("embedding_model")
        if model and model != self.settings.embedding_model:
            raise IndexError_(
                f"The index collection {name!r} was built with the embedding model {model!r}, "
                f"not {self.settings.embedding_model!r}. Use another MENTOR_INDEX_DIR or "
                "MENTOR_COLLECTION, or rebuild with `mentor-assistant ingest --rebuild`."
            )

    @property
    def registry(self):
        if self._registry is None:
            self._registry = self.client.get_or_create_collection(
                f"{self.settings.collection}-docs",
                embedding_function=None,
                metadata={"role": "document registry of mentor-assistant"},
            )
        return self._registry

    @property
    def collection(self):
        return self.store._collection

    @property
    def rerank_collection(self):
        """Multilingual re-ranking vectors (E5) of the chunks, under the chunks' ids.

        Chunk ids are hashes of what is embedded, so a stored vector never goes stale; the
        retriever reads them instead of embedding up to ``rerank_candidates`` passages per
        question. Filled by ingest (``rerank`` stage); a chunk without one (an ingest killed in
        that stage) is embedded at query time until the next ingest stores it.
        """
        if self._rerank_vectors is None:
            self._rerank_vectors = self._scorer_collection("rerank")
        return self._rerank_vectors

    @property
    def sentence_collection(self):
        """Multilingual vectors (E5) of the texts the composer scores (headings, sentences,
        lists), under a hash of the text (``sentence_id``), so a question embeds only itself.
        Filled by ingest (``sentences`` stage); a text without one is embedded when asked."""
        if self._sentence_vectors is None:
            self._sentence_vectors = self._scorer_collection("sentences")
        return self._sentence_vectors

    def _scorer_collection(self, suffix: str):
        """The collection ``<collection>-<suffix>`` of vectors the multilingual scorer made."""
        return self.client.get_or_create_collection(
            f"{self.settings.collection}-{suffix}",
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "scorer": self.settings.multilingual_scorer},
        )

    def drop_store(self) -> None:
        """Delete the chunk collection; the next use of ``store`` creates it again, empty."""
        self.client.delete_collection(self.settings.collection)
        self._store = None

    def reset(self) -> None:
        """Delete every chunk and record of this collection (used by ``--rebuild``)."""
        c = self.settings.collection
        for name in (c, f"{c}-docs", f"{c}-rerank", f"{c}-sentences"):
            try:
                self.client.delete_collection(name)
            except Exception:
                pass
        self._store = None
        self._registry = None
        self._rerank_vectors = None
        self._sentence_vectors = None
