"""What an ingest reports: its progress while it runs and its ``IngestReport`` at the end."""

from __future__ import annotations

import json
from collections.abc import Callable

from pydantic import BaseModel

Progress = Callable[[str, int, int], None]
"""Callback ``(stage, done, total)``; stages: "read", "embed", "repair", "rerank", "sentences"."""


class Skipped(BaseModel):
    source: str
    reason: str


class IngestReport(BaseModel):
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    removed: list[str] = []
    duplicates: list[tuple[str, str]] = []
    skipped: list[Skipped] = []
    flagged: list[tuple[str, list[str]]] = []  # documents with instruction-like text removed
    chunks_embedded: int = 0
    chunks_deleted: int = 0
    vectors_repaired: int = 0  # chunks re-embedded because the vector files were unreadable
    rerank_vectors: int = 0  # chunks given a multilingual re-ranking vector
    sentence_vectors: int = 0  # headings, sentences and lists given the composer's vector
    chunks_total: int = 0
    documents_total: int = 0
    seconds: float = 0.0


def dumps_report(report: IngestReport) -> str:
    return json.dumps(report.model_dump(), ensure_ascii=False, indent=2)
