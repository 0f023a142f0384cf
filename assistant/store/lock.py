"""The index's write lock: one ingest or removal at a time per index directory, across processes."""

from __future__ import annotations

import contextlib

from assistant.settings import Settings
from assistant.store.errors import IndexBusy, IndexError_


def make_index_dir(settings: Settings) -> None:
    """Create the index directory, or say clearly why it cannot be."""
    try:
        settings.index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexError_(
            f"Cannot create the index directory {settings.index_dir} ({exc.strerror}). "
            "Set MENTOR_INDEX_DIR or --index to a writable directory."
        ) from exc


@contextlib.contextmanager
def write_lock(settings: Settings):
    """Hold the index's write lock (one writer at a time, across processes)."""
    from filelock import FileLock, Timeout

    make_index_dir(settings)
    lock = FileLock(str(settings.lock_path), timeout=0)
    try:
        lock.acquire()
    except Timeout as exc:
        raise IndexBusy(
            f"Another ingest is running on {settings.index_dir} (lock "
            f"{settings.lock_path}). Wait for it to finish, then run this one again."
        ) from exc
    try:
        yield
    finally:
        lock.release()
