"""Finding the passages that answer a question, and judging whether the guidance covers it."""

from assistant.retrieval.hybrid import HybridRetriever, Passage, Retrieval

__all__ = ["HybridRetriever", "Passage", "Retrieval"]
