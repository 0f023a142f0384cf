"""The append-only record of changes to the guidance: who uploaded or removed what, and when.

One JSON object per line in ``<data_dir>/audit.jsonl``; lines are only ever appended. An upload
records the file name, its SHA-256, and the documents and chunks it added; a removal records
the document and its chunks. ``uploads()`` reads the log back into the documents uploaded and
not removed since, for the coordinator tab and the sources panel.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from pydantic import BaseModel

from assistant.settings import Settings

_lock = threading.Lock()


class AuditEvent(BaseModel):
    event: str  # "upload" or "remove"
    who: str
    when: str  # ISO 8601, UTC
    file: str = ""
    sha256: str = ""
    documents: list[str] = []
    chunks: int = 0


class AuditLog:
    def __init__(self, settings: Settings):
        self.path = settings.data_dir / "audit.jsonl"

    def record(self, event: str, who: str, **fields) -> AuditEvent:
        entry = AuditEvent(
            event=event, who=who, when=datetime.now(UTC).isoformat(timespec="seconds"), **fields
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _lock, self.path.open("a", encoding="utf-8") as f:
            f.write(entry.model_dump_json() + "\n")
        return entry

    def events(self) -> list[AuditEvent]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            try:
                out.append(AuditEvent.model_validate_json(line))
            except ValueError:
                continue  # a line cut by a crash is skipped, not fatal
        return out

    def uploads(self) -> dict[str, AuditEvent]:
        """Each uploaded document still in place (by source), with the upload that added it."""
        current: dict[str, AuditEvent] = {}
        for e in self.events():
            for doc in e.documents:
                if e.event == "upload":
                    current[doc] = e
                else:
                    current.pop(doc, None)
        return current


def provenance(event: AuditEvent) -> str:
    """'uploaded by NAME on DATE' for the sources panel."""
    return f"uploaded by {event.who} on {event.when[:10]}"
