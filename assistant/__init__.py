"""mentor-assistant: grounded mentoring guidance with citations.

Public API (imported lazily, so ``import assistant`` stays cheap)::

    from assistant import Assistant, Conversation, Settings, GuidanceIndex, load_document
"""

from __future__ import annotations

import importlib

__all__ = [
    "Answer",
    "Assistant",
    "Citation",
    "Conversation",
    "GuidanceIndex",
    "HybridRetriever",
    "IngestReport",
    "LoadError",
    "QuestionError",
    "Settings",
    "SourceDocument",
    "load_document",
]

_WHERE = {
    "Settings": "settings",
    "Answer": "answering.answer",
    "Assistant": "answering.assistant",
    "Citation": "answering.answer",
    "Conversation": "answering.answer",
    "QuestionError": "answering.answer",
    "HybridRetriever": "retrieval.hybrid",
    "GuidanceIndex": "store.index",
    "IngestReport": "store.index",
    "LoadError": "ingest.documents",
    "SourceDocument": "ingest.documents",
    "load_document": "ingest.documents",
}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
