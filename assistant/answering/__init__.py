"""Answering a question: the ``Assistant`` and what it returns."""

from assistant.answering.answer import Answer, Citation, Conversation, QuestionError, Turn
from assistant.answering.assistant import Assistant

__all__ = ["Answer", "Assistant", "Citation", "Conversation", "QuestionError", "Turn"]
