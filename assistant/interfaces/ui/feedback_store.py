"""The thumbs-down store: answers a user marked down, kept as candidate eval cases."""

import json
import threading
from datetime import datetime

from assistant.settings import Settings


class FeedbackStore:
    """Thumbs-down answers saved as candidate eval cases in ``data_dir/feedback/cases.jsonl``."""

    def __init__(self, settings: Settings):
        self.path = settings.data_dir / "feedback" / "cases.jsonl"
        self.enabled = settings.save_feedback
        self._lock = threading.Lock()

    def save(self, turn: dict) -> bool:
        if not self.enabled:
            return False
        record = {"saved_at": datetime.now().isoformat(timespec="seconds"), **turn}
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return True
