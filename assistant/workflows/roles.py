"""Role coaching: a role's responsibilities as a grounded checklist, do's and don'ts, pitfalls,
self-check questions, and targeted advice for a situation the user describes."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.answering.answer import Citation
from assistant.answering.assistant import Assistant
from assistant.answering.question import check_role
from assistant.compose.duties import duty_sections
from assistant.compose.layout import ROLE_NAMES
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
        title = t["title"].format(role=ROLE_NAMES[self.language][self.role])
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
    word = ROLE_NAMES[language][role]
    advice: list[GroundedLine] = []
    sit = situation.strip() if situation and situation.strip() else None
    if sit:
        advice = g.lines(q["situation"].format(situation=sit, role=word), count=4, questions=False)
    guide = RoleGuide(
        role=role,
        language=language,
        situation=sit,
        advice=advice,
        responsibilities=_responsibilities(
            assistant,
            g,
            q["responsibilities"].format(role=word),
            count=assistant.settings.composer.duty_lines,
        ),
        dos=g.lines(q["dos"].format(role=word), count=3, kind="action"),
        donts=g.lines(q["donts"].format(role=word), count=3, kind="avoid"),
        pitfalls=g.lines(q["pitfalls"].format(role=word), count=3, questions=False),
        self_check=g.lines(q["self_check"].format(role=word), count=3, questions=True),
        citations=[],
    )
    groups = [guide.advice, guide.responsibilities, guide.dos, guide.donts, guide.pitfalls, guide.self_check]
    guide.citations = compact_citations(groups, g.citations)
    return guide


def _responsibilities(assistant: Assistant, g: Grounder, query: str, count: int) -> list[GroundedLine]:
    """The lines of the sections setting out the role's duties, in the guide's language, one per
    section (as an answer listing them, ``compose.duties``); without such sections, the duties
    found by ``query``."""
    sections = [p for p in duty_sections(assistant.retriever, g.role or "") if p.language == g.language]
    found = g.duty_lines(sections, count) if sections else []
    return found or g.lines(query, count=count, kind="duty")
