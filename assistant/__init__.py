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
    "Answer": "answering",
    "Assistant": "answering",
    "Citation": "answering",
    "Conversation": "answering",
    "QuestionError": "answering",
    "HybridRetriever": "retrieval",
    "GuidanceIndex": "index",
    "IngestReport": "index",
    "LoadError": "corpus",
    "SourceDocument": "corpus",
    "load_document": "corpus",
}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
