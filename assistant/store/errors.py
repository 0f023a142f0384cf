"""The errors the index raises; each message says what to do."""

from __future__ import annotations


class IndexError_(RuntimeError):
    """The index cannot be opened or used; the message says what to do."""


class IndexBusy(IndexError_):
    """Another ingest holds the lock on this index."""
