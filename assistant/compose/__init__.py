"""The answer-first offline composer: ``structure`` (a passage's sentences and lists),
``scoring`` (relevance and role fit), ``selection`` (what to quote), ``layout`` (how it reads),
``config`` (its tuned numbers) and ``composer`` (the ``Generator`` tying them together)."""

from assistant.compose.config import ComposerConfig

__all__ = ["ComposerConfig"]
