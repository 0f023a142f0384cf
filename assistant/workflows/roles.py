"""Role coaching: a role's responsibilities as a grounded checklist, do's and don'ts, pitfalls,
self-check questions, and targeted advice for a situation the user describes."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.answering.answer import Citation
from assistant.answering.assistant import Assistant
from assistant.answering.question import check_role
from assistant.compose.lines import is_duty_heading
from assistant.retrieval import Passage
from assistant.workflows.common import (
    GroundedLine,
    Grounder,
    WorkflowError,
    compact_citations,
    sources_markdown,
)

QUERIES = {
    "en": {
        "responsibilities": "what are the responsibilities and duties of a {role}",
        "dos": "what a {role} should do good practice",
        "donts": "what a {role} should not do or is not expected to do",
        "pitfalls": "common pitfalls and mistakes in a mentoring relationship for a {role}",
        "self_check": "self-check questions for a {role}",
        "situation": "{situation} what should a {role} do",
    },
    "tr": {
        "responsibilities": "{role} sorumlulukları nelerdir",
        "dos": "{role} ne yapmalı",
        "donts": "{role} neleri yapmamalı kaçınmalı",
        "pitfalls": "mentorluk ilişkisinde sık karşılaşılan hatalar",
        "self_check": "{role} öz değerlendirme soruları",
        "situation": "{situation} {role} ne yapmalı",
    },
}
TITLES = {
    "en": {
        "title": "Your role as {role}",
        "responsibilities": "Responsibilities",
        "dos": "Do",
        "donts": "Don't",
        "pitfalls": "Common pitfalls",
        "self_check": "Check yourself",
        "situation": "Your situation: {situation}",
    },
    "tr": {
        "title": "{role} olarak rolünüz",
        "responsibilities": "Sorumluluklar",
        "dos": "Yapın",
        "donts": "Yapmayın",
        "pitfalls": "Sık yapılan hatalar",
        "self_check": "Kendinizi kontrol edin",
        "situation": "Durumunuz: {situation}",
    },
}
ROLE_WORD = {
    "en": {"mentee": "mentee", "mentor": "mentor", "coordinator": "coordinator"},
    "tr": {"mentee": "mentee", "mentor": "mentor", "coordinator": "koordinatör"},
}


class RoleGuide(BaseModel):
    role: str
    language: str
    responsibilities: list[GroundedLine]
    dos: list[GroundedLine]
    donts: list[GroundedLine]
    pitfalls: list[GroundedLine]
    self_check: list[GroundedLine]
    situation: str | None = None
    advice: list[GroundedLine] = []
    citations: list[Citation]

    def to_markdown(self) -> str:
        t = TITLES[self.language]
        title = t["title"].format(role=ROLE_WORD[self.language][self.role])
        out = [f"# {title[0].upper()}{title[1:]}", ""]
        if self.situation:
            out += [f"## {t['situation'].format(situation=self.situation)}", ""]
            out += [f"- {a.markdown(self.language)}" for a in self.advice] + [""]
        sections = [
            ("responsibilities", "- [ ] "),
            ("dos", "- "),
            ("donts", "- "),
            ("pitfalls", "- "),
            ("self_check", "- "),
        ]
        for key, bullet in sections:
            lines = getattr(self, key)
            if lines:
                out += [f"## {t[key]}", ""] + [f"{bullet}{x.markdown(self.language)}" for x in lines] + [""]
        out += sources_markdown(self.citations, self.language)
        return "\n".join(out).strip() + "\n"


def build_role_guide(
    assistant: Assistant, role: str, situation: str | None = None, language: str = "en"
) -> RoleGuide:
    role = check_role(role) or ""
    if not role:
        raise WorkflowError("Choose a role: mentee, mentor or coordinator.")
    if situation is not None and len(situation.strip()) > 300:
        raise WorkflowError("Describe the situation in at most 300 characters.")
    g = Grounder(assistant, language=language, role=role)
    q = QUERIES[language]
    word = ROLE_WORD[language][role]
    advice: list[GroundedLine] = []
    sit = situation.strip() if situation and situation.strip() else None
    if sit:
        advice = g.lines(q["situation"].format(situation=sit, role=word), count=4, questions=False)
    guide = RoleGuide(
        role=role,
        language=language,
        situation=sit,
        advice=advice,
        responsibilities=_responsibilities(assistant, g, q["responsibilities"].format(role=word), count=6),
        dos=g.lines(q["dos"].format(role=word), count=3, kind="action"),
        donts=g.lines(q["donts"].format(role=word), count=3, kind="avoid"),
        pitfalls=g.lines(q["pitfalls"].format(role=word), count=3, questions=False),
        self_check=g.lines(q["self_check"].format(role=word), count=3, questions=True),
        citations=[],
    )
    groups = [guide.advice, guide.responsibilities, guide.dos, guide.donts, guide.pitfalls, guide.self_check]
    guide.citations = compact_citations(groups, g.citations)
    return guide


def duty_sections(assistant: Assistant, role: str, language: str) -> list[Passage]:
    """The first chunk of each section whose heading says it lists ``role``'s duties
    (``compose.lines.is_duty_heading``), in the guide's language: a programme's own handbook
    ("Your role" in a mentor onboarding deck, "Mentors" in a handbook) words them as it likes.
    ``Grounder.quoted_lines`` widens each to its whole section (``whole_sections``)."""
    from assistant.retrieval.passages import passage_at

    corpus = assistant.retriever.corpus()
    out = []
    for (_, heading), rows in corpus.sections().items():
        m = corpus.meta[rows[0]]
        if m.get("language") == language and is_duty_heading(heading, m.get("title", ""), role, language):
            out.append(passage_at(corpus, rows[0], score=1.0))
    return assistant.retriever.recall_vectors(out)


def _responsibilities(assistant: Assistant, g: Grounder, query: str, count: int) -> list[GroundedLine]:
    """Lines of the sections headed as the role's duties first (any statement in them is one),
    then duties found by ``query``."""
    sections = duty_sections(assistant, g.role or "", g.language)
    found = g.quoted_lines(query, sections, count, "statement") if sections else []
    return found + g.lines(query, count=count - len(found), kind="duty") if len(found) < count else found
