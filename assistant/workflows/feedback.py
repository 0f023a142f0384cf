"""Feedback requests: a ready-to-send message (subject and body) asking for specific feedback.

The questions are quoted from the guidance on good feedback (cited); the framing sentences of the
message are the product's own templates in English or Turkish, and what the user typed (the topic)
is marked as theirs in the model.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from pydantic import BaseModel

from assistant.answering.answer import Citation
from assistant.answering.assistant import Assistant
from assistant.language.tokens import words
from assistant.workflows.common import (
    GroundedLine,
    Grounder,
    WorkflowError,
    compact_citations,
    sources_markdown,
)

TONES = ("warm", "formal")
TEMPLATES = {
    ("en", "warm"): {
        "subject": "Quick feedback on {about}?",
        "greeting": "Hi {name},",
        "intro": "Thank you for {session}. I'm trying to get better at {about}, and your view would really help.",
        "ask": "Could you share your thoughts on these questions?",
        "deadline": "If you could reply by {deadline}, that would be great, and a few lines are plenty.",
        "two_way": "I'd also love to hear how our sessions are working for you.",
        "private": "Whatever you share stays between us.",
        "thanks": "Thanks so much,",
    },
    ("en", "formal"): {
        "subject": "Request for feedback: {about}",
        "greeting": "Dear {name},",
        "intro": "Thank you for {session}. I would value your feedback on {about}.",
        "ask": "In particular, I would appreciate your view on the following:",
        "deadline": "Would it be possible to reply by {deadline}? A short answer is entirely sufficient.",
        "two_way": "I would also welcome any comments on how our sessions could work better for you.",
        "private": "Your feedback will remain confidential.",
        "thanks": "With thanks and kind regards,",
    },
    ("tr", "warm"): {
        "subject": "{about} hakkında kısa bir geri bildirim?",
        "greeting": "Merhaba {name},",
        "intro": "{session} için çok teşekkür ederim. Şu konuda kendimi geliştirmeye çalışıyorum ve görüşün "
        "bana çok yardımcı olur: {about}.",
        "ask": "Şu sorular hakkında düşüncelerini paylaşabilir misin?",
        "deadline": "{deadline} tarihine kadar yanıt verebilirsen çok sevinirim; birkaç satır yeterli.",
        "two_way": "Görüşmelerimizin senin için nasıl gittiğini de duymak isterim.",
        "private": "Paylaştıkların aramızda kalacak.",
        "thanks": "Çok teşekkürler,",
    },
    ("tr", "formal"): {
        "subject": "Geri bildirim talebi: {about}",
        "greeting": "Sayın {name},",
        "intro": "{session} için teşekkür ederim. Şu konudaki geri bildiriminiz benim için çok değerli olur: {about}.",
        "ask": "Özellikle aşağıdaki sorular hakkındaki görüşünüzü rica ederim:",
        "deadline": "Mümkünse {deadline} tarihine kadar yanıt verebilir misiniz? Kısa bir yanıt yeterlidir.",
        "two_way": "Görüşmelerimizin sizin için nasıl daha iyi olabileceğine dair yorumlarınızı da memnuniyetle dinlerim.",
        "private": "Geri bildiriminiz gizli kalacaktır.",
        "thanks": "Teşekkür ve saygılarımla,",
    },
}
DEFAULTS = {
    "en": {
        "about": "how I prepare for and lead our sessions",
        "session": "our last session",
        "session_on": "our session on {date}",
        "name": {"mentor": "[mentor's name]", "mentee": "[mentee's name]"},
    },
    "tr": {
        "about": "görüşmelerimize hazırlanma ve onları yönetme biçimim",
        "session": "son görüşmemiz",
        "session_on": "{date} tarihindeki görüşmemiz",
        "name": {"mentor": "[mentorun adı]", "mentee": "[mentee'nin adı]"},
    },
}
FALLBACK_QUERY = {
    "en": "examples of specific feedback questions a mentee can ask the mentor",
    "tr": "geri bildirim isterken sorulabilecek belirli soru örnekleri",
}
QUESTIONS_QUERY = {
    "en": "specific feedback questions to ask instead of any feedback {about}",
    "tr": "geri bildirim isterken sorulacak belirli sorular {about}",
}


_QUOTED = re.compile(r"[“\"]([^\"”]{10,220}\?)[”\"]")


def specific_questions(grounder: Grounder, query: str, count: int, language: str) -> list[GroundedLine]:
    """Example questions quoted in the guidance (or guidance sentences that are questions), keeping
    only specific ones: at least three content words, so "Any feedback?" never makes the list."""
    grounder.spread = 1.0
    candidates = grounder.lines(query, count=20, questions=None)
    grounder.spread = 0.18
    out: list[GroundedLine] = []
    for line in candidates:
        found = _QUOTED.findall(line.text) or ([line.text] if line.text.endswith("?") else [])
        for q in found:
            q = re.sub(
                r"^(first|second|third|finally|also|and|then|ilk olarak|ikinci olarak|son olarak),\s*",
                "",
                q.strip(),
                flags=re.IGNORECASE,
            )
            if len(words(q, language)) < 3 or any(q == o.text for o in out):
                continue
            out.append(GroundedLine(text=q[0].upper() + q[1:], citations=line.citations))
            if len(out) == count:
                return out
    return out


class FeedbackRequest(BaseModel):
    to: str
    language: str
    tone: str
    about: str
    about_from_user: bool
    subject: str
    body: list[str]
    questions: list[GroundedLine]
    deadline: date
    citations: list[Citation]

    def message(self) -> str:
        """The message as it would be sent (no citation marks)."""
        return "\n\n".join(self.body)

    def to_markdown(self) -> str:
        heading = {
            "en": ("Feedback request", "Subject", "Why these questions"),
            "tr": ("Geri bildirim talebi", "Konu", "Bu soruların dayanağı"),
        }[self.language]
        out = [
            f"# {heading[0]}",
            "",
            f"**{heading[1]}:** {self.subject}",
            "",
            "```text",
            self.message(),
            "```",
            "",
            f"## {heading[2]}",
            "",
        ]
        out += [f"- {q.markdown(self.language)}" for q in self.questions]
        out += sources_markdown(self.citations, self.language)
        return "\n".join(out).strip() + "\n"


def build_feedback_request(
    assistant: Assistant,
    to: str = "mentor",
    about: str | None = None,
    session_date: date | None = None,
    questions: int = 3,
    tone: str = "warm",
    language: str = "en",
    today: date | None = None,
) -> FeedbackRequest:
    if to not in ("mentor", "mentee"):
        raise WorkflowError("A feedback request goes --to mentor or --to mentee.")
    if tone not in TONES:
        raise WorkflowError(f"Unknown tone {tone!r}; choose one of: {', '.join(TONES)}.")
    if not 1 <= questions <= 3:
        raise WorkflowError("Ask between 1 and 3 questions: specific beats many.")
    if about is not None and len(about.strip()) > 200:
        raise WorkflowError("Keep the topic under 200 characters.")
    sender_role = "mentee" if to == "mentor" else "mentor"
    grounder = Grounder(assistant, language=language, role=sender_role)
    d = DEFAULTS[language]
    topic = (about or "").strip() or d["about"]
    found = specific_questions(grounder, QUESTIONS_QUERY[language].format(about=topic), questions, language)
    if len(found) < questions:  # widen to the guidance's examples of specific questions in general
        more = specific_questions(grounder, FALLBACK_QUERY[language], questions, language)
        found += [q for q in more if all(q.text != f.text for f in found)][: questions - len(found)]
    if not found:
        raise WorkflowError("The indexed guidance has no example feedback questions to draw on.")
    today = today or date.today()
    deadline = max(today, session_date or today) + timedelta(days=7)
    session = d["session_on"].format(date=session_date.isoformat()) if session_date else d["session"]
    t = TEMPLATES[(language, tone)]
    q_text = [f"{i}. {q.text}" for i, q in enumerate(found, 1)]
    intro = t["intro"].format(session=session, about=topic)
    body = [
        t["greeting"].format(name=d["name"][to]),
        intro[0].upper() + intro[1:],
        t["ask"] + "\n\n" + "\n".join(q_text),
        t["deadline"].format(deadline=deadline.isoformat()),
        t["two_way"] + " " + t["private"],
        t["thanks"],
    ]
    return FeedbackRequest(
        to=to,
        language=language,
        tone=tone,
        about=topic,
        about_from_user=bool(about and about.strip()),
        subject=t["subject"].format(about=topic),
        body=body,
        questions=found,
        deadline=deadline,
        citations=compact_citations([found], grounder.citations),
    )
