"""What an answer is: the ``Answer`` with its ``Citation`` list, and a ``Conversation``'s turns."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.retrieval.hybrid import Passage


class QuestionError(ValueError):
    """The question cannot be answered as given (empty, too long, bad role...)."""


class Citation(BaseModel):
    n: int
    source: str
    title: str
    heading: str
    text: str
    score: float
    passage_id: str = ""
    audience: list[str] = []

    @classmethod
    def from_passage(cls, passage: Passage, n: int) -> Citation:
        return cls(
            n=n,
            source=passage.source,
            title=passage.title,
            heading=passage.heading,
            text=passage.text,
            score=passage.score,
            passage_id=passage.id,
            audience=passage.audience,
        )


class Answer(BaseModel):
    question: str
    answer: str
    refused: bool
    language: str
    searched_for: str
    citations: list[Citation] = []
    role: str | None = None
    generator: str = "offline"
    unsupported: list[str] = Field(
        default_factory=list, description="Sentences removed by the grounding check."
    )
    in_scope: float = 1.0
    outcome: str = Field(
        "answer",
        description="'answer'; 'not_covered' (about mentoring, not in the guidance); 'outside' (refused).",
    )
    seconds: float = 0.0

    def public(self) -> dict:
        """The JSON object of the CLI: question, answer, refused, language, searched_for, citations."""
        data = self.model_dump(
            include={"question", "answer", "refused", "outcome", "language", "searched_for"}
        )
        data["citations"] = [c.model_dump(exclude={"passage_id", "audience"}) for c in self.citations]
        return data


class Turn(BaseModel):
    question: str
    searched_for: str
    answer: str
    language: str
    role: str | None = None


class Conversation(BaseModel):
    """The turns of one user's conversation (keep one per user/session)."""

    turns: list[Turn] = []

    def history(self) -> list[tuple[str, str]]:
        return [(t.searched_for, t.answer) for t in self.turns if t.answer]

    def clear(self) -> None:
        self.turns.clear()

    def to_markdown(self) -> str:
        out = ["# Mentoring conversation", ""]
        for t in self.turns:
            out += [f"**You:** {t.question}", "", t.answer, ""]
        return "\n".join(out)
