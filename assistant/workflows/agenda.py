"""Session agendas (first, regular, closing): time-boxed items whose minutes add up exactly.

Each item has a purpose and prompts quoted from the guidance (cited) or from the user's goals and
notes (marked). ``Agenda.to_ics`` writes an RFC 5545 event (icalendar) holding the agenda.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, Field

from assistant.answering.answer import Citation
from assistant.answering.assistant import Assistant
from assistant.workflows.common import (
    GroundedLine,
    Grounder,
    WorkflowError,
    compact_citations,
    sources_markdown,
    user_lines,
)

KINDS = ("first", "regular", "closing")

# (weight, title en, title tr, purpose query en, prompts query en, purpose query tr, prompts query tr)
ITEMS: dict[str, list[tuple[int, str, str, str, str, str, str]]] = {
    "first": [
        (
            2,
            "Introductions and backgrounds",
            "Tanışma ve geçmişler",
            "first session getting to know each other introductions backgrounds build trust",
            "questions to ask in a first mentoring session about backgrounds",
            "ilk görüşme tanışma görüşmesi güven oluşturmak",
            "ilk görüşmede tanışma soruları",
        ),
        (
            3,
            "Goals and expectations",
            "Hedefler ve beklentiler",
            "what the mentee hopes to achieve and what the mentor can offer expectations goals",
            "questions to ask about goals and expectations",
            "mentee hedefleri ve beklentileri ilk görüşmede konuşulur",
            "hedefler ve beklentiler hakkında sorular",
        ),
        (
            2,
            "Agreement: time, date, number of meetings, responsibilities",
            "Anlaşma: saat, tarih, görüşme sayısı, sorumluluklar",
            "first meeting agree on time date number of meetings and mutual responsibilities",
            "agree meeting frequency session length and channel in the mentoring agreement",
            "ilk görüşmede saat tarih görüşme sayısı ve karşılıklı sorumluluklar üzerinde anlaşma",
            "görüşme sıklığı süresi iptal ve erteleme kuralları",
        ),
        (
            1,
            "Confidentiality",
            "Gizlilik",
            "confidentiality what is shared in mentoring stays private limits",
            "agree the limits of confidentiality",
            "gizlilik mentorun paylaştıklarını başkalarına aktarmamak",
            "gizliliğin sınırları konuşulur",
        ),
        (
            1,
            "Invitations and the next date",
            "Davetler ve bir sonraki tarih",
            "the mentee organises and sends every meeting invitation including the first",
            "set the next meeting date and send the invitation",
            "görüşme davetlerini mentee gönderir ve takip eder ilk görüşme dahil",
            "bir sonraki görüşmenin tarihi ve davet",
        ),
    ],
    "regular": [
        (
            2,
            "Progress and action items since last time",
            "Son görüşmeden bu yana ilerleme ve eylem maddeleri",
            "review progress and action items since the last session update",
            "questions to ask when reviewing progress on action items",
            "son görüşmeden bu yana ilerleme ve eylem maddelerinin gözden geçirilmesi",
            "ilerleme güncellemesi ve eylem maddeleri",
        ),
        (
            4,
            "Focus topic",
            "Odak konu",
            "work on one focus topic from the goals in a regular session",
            "questions to ask about a challenge or focus topic",
            "düzenli görüşmede tek bir odak konu üzerinde çalışmak",
            "odak konu ile ilgili sorular ve zorluklar",
        ),
        (
            1,
            "Questions, resources and contacts",
            "Sorular, kaynaklar ve bağlantılar",
            "mentor shares resources contacts and network introductions",
            "questions to ask the mentor about resources",
            "mentor kaynak bağlantı ve tanıştırmalar paylaşır",
            "mentora kaynaklar hakkında sorular",
        ),
        (
            2,
            "New action items and the next date",
            "Yeni eylem maddeleri ve bir sonraki tarih",
            "write action items what who by when and agree the next date",
            "action items what who by when next date invitation",
            "eylem maddeleri ne kim ne zamana kadar ve bir sonraki tarih",
            "yeni eylem maddeleri ve davet",
        ),
    ],
    "closing": [
        (
            3,
            "What was achieved",
            "Neler başarıldı",
            "closing session review goals what was achieved what remains what worked",
            "questions to ask when reviewing goals at the end",
            "kapanış görüşmesinde hedeflerin ve başarılanların gözden geçirilmesi",
            "kapanış görüşmesi hedefler gözden geçirme",
        ),
        (
            2,
            "Lessons learned",
            "Çıkarılan dersler",
            "reflect on lessons learned and the mentee's independent development",
            "questions to reflect on lessons learned",
            "öz değerlendirme ve çıkarılan dersler",
            "gelişim ve öğrenilenler üzerine düşünmek",
        ),
        (
            1,
            "Celebrate and thank each other",
            "Kutlama ve teşekkür",
            "celebrate milestones and thank each other gratitude both ways",
            "thank the mentor and celebrate",
            "başarıları kutlamak ve teşekkür etmek",
            "teşekkür mesajı ve takdir",
        ),
        (
            2,
            "Staying in touch and final evaluation",
            "İletişimde kalmak ve son değerlendirme",
            "decide whether and how to stay in touch after the programme final evaluation exit survey",
            "agree whether to stay in touch",
            "dönem bittikten sonra iletişimde kalmak",
            "iletişimi sürdürmek ve değerlendirme",
        ),
    ],
}

CHECKLIST_QUERY = {
    ("mentee", "en"): "how a mentee prepares before a {kind} mentoring session checklist",
    ("mentor", "en"): "how a mentor prepares before a {kind} mentoring session",
    ("mentee", "tr"): "mentee görüşmeden önce nasıl hazırlanır hedefler eylem maddeleri sorular",
    ("mentor", "tr"): "mentorun görüşmeye hazırlığı",
}
LABELS = {
    "en": {
        "title": "{kind} session agenda ({minutes} minutes)",
        "purpose": "Purpose",
        "raise": "To raise",
        "prepare": "Prepare ({role})",
        "goals": "Goals",
        "notes": "Notes",
        "kinds": {"first": "First", "regular": "Regular", "closing": "Closing"},
    },
    "tr": {
        "title": "{kind} görüşme gündemi ({minutes} dakika)",
        "purpose": "Amaç",
        "raise": "Konuşulacaklar",
        "prepare": "Hazırlık ({role})",
        "goals": "Hedefler",
        "notes": "Notlar",
        "kinds": {"first": "İlk", "regular": "Düzenli", "closing": "Kapanış"},
    },
}
ROLE_NAMES = {"en": {"mentee": "mentee", "mentor": "mentor"}, "tr": {"mentee": "mentee", "mentor": "mentor"}}


class AgendaItem(BaseModel):
    title: str
    minutes: int = Field(ge=1)
    purpose: list[GroundedLine]
    prompts: list[GroundedLine]


class Agenda(BaseModel):
    kind: str
    minutes: int
    language: str
    role: str
    items: list[AgendaItem]
    checklist: list[GroundedLine]
    citations: list[Citation]

    def to_markdown(self) -> str:
        lab = LABELS[self.language]
        kind = lab["kinds"][self.kind]
        out = [f"# {lab['title'].format(kind=kind, minutes=self.minutes)}", ""]
        start = 0
        for i, item in enumerate(self.items, 1):
            unit = "dk" if self.language == "tr" else "min"
            out.append(f"## {i}. {item.title} — {start}-{start + item.minutes} {unit} ({item.minutes})")
            start += item.minutes
            out.append("")
            out += [f"**{lab['purpose']}:** " + " ".join(p.markdown(self.language) for p in item.purpose), ""]
            if item.prompts:
                out.append(f"**{lab['raise']}:**")
                out += [f"- {p.markdown(self.language)}" for p in item.prompts]
                out.append("")
        if self.checklist:
            out += [f"## {lab['prepare'].format(role=ROLE_NAMES[self.language][self.role])}", ""]
            out += [f"- [ ] {c.markdown(self.language)}" for c in self.checklist]
        out += sources_markdown(self.citations, self.language)
        return "\n".join(out).strip() + "\n"

    def to_ics(self, start: datetime, summary: str | None = None) -> bytes:
        """An RFC 5545 calendar with one event whose description holds the agenda."""
        from icalendar import Calendar, Event

        cal = Calendar()
        cal.add("prodid", "-//mentor-assistant//agenda//EN")
        cal.add("version", "2.0")
        event = Event()
        event.add("uid", f"{uuid.uuid4()}@mentor-assistant")
        event.add("dtstamp", datetime.now(UTC))
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=self.minutes))
        lab = LABELS[self.language]
        event.add(
            "summary", summary or lab["title"].format(kind=lab["kinds"][self.kind], minutes=self.minutes)
        )
        event.add("description", self.to_markdown())
        cal.add_component(event)
        return cal.to_ical()


def split_minutes(total: int, weights: list[int]) -> list[int]:
    """Whole minutes proportional to ``weights`` that add up exactly to ``total`` (each >= 1)."""
    if total < len(weights):
        raise WorkflowError(f"An agenda with {len(weights)} items needs at least {len(weights)} minutes.")
    raw = [total * w / sum(weights) for w in weights]
    mins = [max(1, int(r)) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    i = 0
    while sum(mins) < total:
        mins[order[i % len(order)]] += 1
        i += 1
    while sum(mins) > total:
        j = max(range(len(mins)), key=lambda k: mins[k])
        mins[j] -= 1
    return mins


def build_agenda(
    assistant: Assistant,
    kind: str = "first",
    minutes: int = 60,
    goals: list[str] | None = None,
    notes: str | None = None,
    role: str = "mentee",
    language: str = "en",
) -> Agenda:
    if kind not in KINDS:
        raise WorkflowError(f"Unknown agenda kind {kind!r}; choose one of: {', '.join(KINDS)}.")
    if not 10 <= minutes <= 480:
        raise WorkflowError("The session length must be between 10 and 480 minutes.")
    if role not in ("mentee", "mentor"):
        raise WorkflowError("Agendas are prepared by a mentee or a mentor (--role mentee|mentor).")
    grounder = Grounder(assistant, language=language, role=role)
    spec = ITEMS[kind]
    mins = split_minutes(minutes, [w for w, *_ in spec])
    goal_lines = user_lines(goals)
    note_lines = user_lines([notes] if notes else [])
    items = []
    tr = language == "tr"
    for (_, title_en, title_tr, p_en, q_en, p_tr, q_tr), m in zip(spec, mins, strict=True):
        purpose = grounder.lines(p_tr if tr else p_en, count=1, questions=False)
        prompts = grounder.lines(q_tr if tr else q_en, count=2, questions=None)
        title = title_en if language == "en" else title_tr
        if kind == "regular" and title_en == "Focus topic":
            prompts = (goal_lines[:1] + note_lines + prompts)[:4]
        if kind == "first" and title_en == "Goals and expectations":
            prompts = (goal_lines + prompts)[:5]
        if kind == "closing" and title_en == "What was achieved":
            prompts = (goal_lines + prompts)[:5]
        items.append(AgendaItem(title=title, minutes=m, purpose=purpose, prompts=prompts))
    checklist = grounder.lines(CHECKLIST_QUERY[(role, language)].format(kind=kind), count=6, kind="action")
    groups = [line for item in items for line in (item.purpose, item.prompts)] + [checklist]
    citations = compact_citations(groups, grounder.citations)
    return Agenda(
        kind=kind,
        minutes=minutes,
        language=language,
        role=role,
        items=items,
        checklist=checklist,
        citations=citations,
    )
