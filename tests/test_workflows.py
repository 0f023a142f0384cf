"""Workflows over the shipped corpus: agenda, feedback request, role coaching, FAQ."""

import json
from datetime import date, datetime

import pytest
from typer.testing import CliRunner

from assistant.interfaces.cli import app
from assistant.workflows import (
    WorkflowError,
    build_agenda,
    build_faq,
    build_feedback_request,
    build_role_guide,
)
from assistant.workflows.agenda import split_minutes

runner = CliRunner()


def _all_lines(model):
    for name in (
        "purpose",
        "prompts",
        "checklist",
        "questions",
        "responsibilities",
        "dos",
        "donts",
        "pitfalls",
        "self_check",
        "advice",
    ):
        value = getattr(model, name, None)
        if isinstance(value, list):
            yield from value
    for item in getattr(model, "items", []) or []:
        yield from item.purpose
        yield from item.prompts


def _assert_cited(model):
    numbers = {c.n for c in model.citations}
    assert numbers == set(range(1, len(numbers) + 1)), "citations are numbered 1..n"
    used = set()
    for line in _all_lines(model):
        if line.from_user:
            assert not line.citations
            continue
        assert line.citations and set(line.citations) <= numbers, line
        used.update(line.citations)
        # every guidance line is quoted from the passage it cites
        cited = {c.n: c.text for c in model.citations}
        head = line.text.rstrip(".?!")[:50].strip('"“”').lower()
        assert any(head in cited[n].replace("**", "").lower() for n in line.citations), line.text
    assert used == numbers, "no citation is listed without being used"


@pytest.mark.parametrize(
    "total, weights",
    [(60, [2, 3, 2, 1, 1]), (45, [2, 4, 1, 2]), (10, [3, 2, 1, 2]), (17, [1, 1, 1]), (480, [2, 3, 2, 1, 1])],
)
def test_minutes_add_up_exactly(total, weights):
    mins = split_minutes(total, weights)
    assert sum(mins) == total and all(m >= 1 for m in mins)


def test_too_short_session_is_an_error():
    with pytest.raises(WorkflowError, match="at least 5 minutes"):
        split_minutes(4, [1, 1, 1, 1, 1])


@pytest.mark.parametrize("kind, minutes", [("first", 60), ("regular", 30), ("closing", 45)])
def test_agenda(bot, kind, minutes):
    agenda = build_agenda(bot, kind, minutes, goals=["Lead my first team meeting"], role="mentee")
    assert sum(i.minutes for i in agenda.items) == minutes
    assert all(i.purpose for i in agenda.items)
    _assert_cited(agenda)
    md = agenda.to_markdown()
    assert "Lead my first team meeting *(from your input)*" in md
    assert "## Sources" in md


def test_first_agenda_covers_the_first_meeting_agreement(bot):
    md = build_agenda(bot, "first", 60).to_markdown().lower()
    for topic in ("confidential", "invitation", "goals", "introductions"):
        assert topic in md, topic


def test_turkish_agenda(bot):
    agenda = build_agenda(bot, "regular", 40, goals=["Sunum becerilerimi geliştirmek"], language="tr")
    md = agenda.to_markdown()
    assert "Düzenli görüşme gündemi (40 dakika)" in md and "sizin girdiniz" in md
    assert sum(c.source.startswith("corpus/tr/") for c in agenda.citations) >= len(agenda.citations) / 2
    _assert_cited(agenda)


def test_agenda_ics_parses_back(bot, tmp_path):
    from icalendar import Calendar

    agenda = build_agenda(bot, "closing", 50)
    cal = Calendar.from_ical(agenda.to_ics(datetime(2026, 12, 1, 10, 0)))
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    ev = events[0]
    assert ev.decoded("dtstart") == datetime(2026, 12, 1, 10, 0)
    assert (ev.decoded("dtend") - ev.decoded("dtstart")).total_seconds() == 50 * 60
    assert "Closing session agenda" in str(ev.get("summary"))
    assert "## Sources" in str(ev.get("description"))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"kind": "weekly"}, "Unknown agenda kind"),
        ({"minutes": 5}, "between 10 and 480"),
        ({"role": "coordinator"}, "mentee or a mentor"),
        ({"goals": ["x" * 400]}, "300 characters"),
        ({"language": "de"}, "Unsupported language"),
    ],
)
def test_agenda_input_errors(bot, kwargs, message):
    with pytest.raises(WorkflowError, match=message):
        build_agenda(bot, **kwargs)


def test_feedback_request(bot):
    req = build_feedback_request(
        bot, "mentor", "my presentation practice", date(2026, 11, 20), 2, today=date(2026, 11, 21)
    )
    assert req.subject and req.about_from_user
    assert len(req.questions) == 2 and all(q.text.endswith("?") for q in req.questions)
    assert req.deadline == date(2026, 11, 28)
    message = req.message()
    assert "2026-11-28" in message and "Thank" in message
    assert "any feedback" not in message.lower(), "vague questions are not suggested"
    _assert_cited(req)


def test_feedback_request_turkish_formal(bot):
    req = build_feedback_request(bot, "mentee", tone="formal", language="tr", questions=1)
    assert req.message().startswith("Sayın")
    assert len(req.questions) == 1 and req.questions[0].text.endswith("?")
    _assert_cited(req)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"to": "boss"}, "--to mentor"),
        ({"tone": "angry"}, "Unknown tone"),
        ({"questions": 7}, "between 1 and 3"),
    ],
)
def test_feedback_input_errors(bot, kwargs, message):
    with pytest.raises(WorkflowError, match=message):
        build_feedback_request(bot, **kwargs)


@pytest.mark.parametrize("role", ["mentee", "mentor", "coordinator"])
def test_role_guide(bot, role):
    guide = build_role_guide(bot, role)
    assert len(guide.responsibilities) >= 3
    _assert_cited(guide)


def test_situation_coaching(bot):
    guide = build_role_guide(bot, "mentor", "my mentee keeps cancelling")
    assert guide.advice
    assert any("cancel" in a.text.lower() for a in guide.advice)
    _assert_cited(guide)


def test_faq_covers_every_document(bot, corpus_index):
    faq = build_faq(bot, count=26)
    assert len(faq.items) == 26
    assert faq.documents_cited == faq.documents_indexed == len(corpus_index.documents())
    questions = [i.question for i in faq.items]
    assert len(set(questions)) == len(questions)
    for item in faq.items:
        assert item.citations and "[1]" in item.answer
    rows = faq.to_csv().splitlines()
    assert rows[0] == "question,answer,sources" and len(rows) > 26
    assert json.loads(faq.to_json())["coverage"] == 1.0


def test_a_short_faq_asks_no_more_than_it_needs(bot, monkeypatch):
    """Three pairs need three newcomer questions that reach three documents, not the whole bank
    and an answer for every heading of the index (a three-pair FAQ once took minutes)."""
    from assistant.workflows.faq import newcomer_questions

    asked = []
    ask = bot.ask
    monkeypatch.setattr(bot, "ask", lambda q, **kw: asked.append(q) or ask(q, **kw))
    faq = build_faq(bot, count=3)
    assert len(faq.items) == 3 and len({i.source for i in faq.items}) == 3
    assert 3 <= len(asked) < len(newcomer_questions("en", None))


def test_faq_includes_a_coordinators_own_documents(settings, guides):
    from assistant.answering.assistant import Assistant
    from assistant.store.index import GuidanceIndex

    index = GuidanceIndex(settings)
    index.ingest([guides])
    faq = build_faq(Assistant(settings, index=index), count=6)
    assert {i.source for i in faq.items} >= {"corpus/mentor-check-ins.md", "corpus/mentee-notes.md"}
    assert faq.coverage == 1.0


DECK = """# Harbour Mentor Onboarding

## Welcome

Thanks for volunteering. This deck walks through the six-month cycle.

## Your role

- Listen first, advise second
- Share context: history, unwritten rules, who to ask
- Introductions to people outside their team
- Turn up on time, camera on

## Not your role

- Not their manager
- Not on call for them at weekends
"""


def test_a_programmes_own_duty_section_fills_its_roles_guide_and_no_other(settings, tmp_path):
    from assistant.answering.assistant import Assistant
    from assistant.store.index import GuidanceIndex

    folder = tmp_path / "programme"
    folder.mkdir()
    (folder / "mentor-deck.md").write_text(DECK, encoding="utf-8")
    index = GuidanceIndex(settings)
    index.ingest([folder])
    bot = Assistant(settings, index=index)
    # "Your role" in a deck whose title names mentors lists the mentor's duties, in whatever form
    mentor = [x.text for x in build_role_guide(bot, "mentor").responsibilities]
    assert mentor[:4] == [
        "Listen first, advise second.",
        "Share context: history, unwritten rules, who to ask.",
        "Introductions to people outside their team.",
        "Turn up on time, camera on.",
    ]
    # and is written for mentors: no line of it coaches a coordinator
    coordinator = build_role_guide(bot, "coordinator")
    lines = [x.text for part in (coordinator.responsibilities, coordinator.dos) for x in part]
    assert not set(lines) & set(mentor)


def test_workflow_cli(corpus_index, tmp_path):
    idx = ["--index", str(corpus_index.settings.index_dir)]
    ics = tmp_path / "first.ics"
    r = runner.invoke(
        app,
        [
            "agenda",
            "--kind",
            "first",
            "--minutes",
            "45",
            "--goal",
            "Grow as a speaker",
            "--ics",
            str(ics),
            "--start",
            "2026-12-01T10:00",
            "--json",
            *idx,
        ],
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert sum(i["minutes"] for i in data["items"]) == 45
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR")
    r = runner.invoke(app, ["feedback-request", "--to", "mentor", "--questions", "2", "--json", *idx])
    assert r.exit_code == 0 and len(json.loads(r.stdout)["questions"]) == 2
    r = runner.invoke(app, ["responsibilities", "--role", "coordinator", *idx])
    assert r.exit_code == 0 and "Responsibilities" in r.stdout
    out = tmp_path / "faq.csv"
    r = runner.invoke(app, ["faq", "--count", "3", "--format", "csv", "-o", str(out), *idx])
    assert r.exit_code == 0, r.output
    assert out.read_text().startswith("question,answer,sources")
    r = runner.invoke(app, ["agenda", "--kind", "weekly", *idx])
    assert r.exit_code == 2 and "Unknown agenda kind" in r.output


class ScriptedChatModelFake:
    """FAKE generator (named as such): replays scripted LLM replies through LangChain's
    FakeListChatModel. Used only to drive the validation/retry branch deterministically, which no
    model that runs here (SmolLM2-135M) can do; the real llama.cpp path is tested in
    test_generators.py. It declares the ``structured`` capability, as the LLM backends do."""

    capabilities = frozenset({"streams", "condenses", "structured"})

    def __init__(self, replies):
        from langchain_core.language_models import FakeListChatModel

        self.model = FakeListChatModel(responses=replies)
        self.name = "scripted-fake"

    def complete(self, system: str, user: str) -> str:
        from langchain_core.messages import HumanMessage, SystemMessage

        return str(self.model.invoke([SystemMessage(system), HumanMessage(user)]).content)

    def stream(self, request):  # pragma: no cover - workflows call the model directly
        yield from ()


def _llm_bot(corpus_index, replies):
    from assistant.answering.assistant import Assistant

    return Assistant(corpus_index.settings, index=corpus_index, generator=ScriptedChatModelFake(replies))


def test_llm_workflow_lines_are_validated_retried_and_grounded(corpus_index):
    from assistant.workflows.common import Grounder

    passage_sentence = "A mentee is responsible for organising the mentoring meetings."
    replies = [
        "Sure! Here are the lines: not json",  # invalid -> retried with the error fed back
        json.dumps(
            {
                "lines": [
                    {"text": passage_sentence, "cite": 1},
                    {"text": "Mentors should always buy lunch for their mentees.", "cite": 1},
                ]
            }
        ),
    ]
    g = Grounder(_llm_bot(corpus_index, replies), "en", "mentee")
    lines = g.lines("who organises the mentoring meetings", count=2)
    assert g.llm_retries == 1 and g.llm_fallbacks == 0
    assert [x.text for x in lines] == [passage_sentence], "the unsupported line is dropped"
    assert lines[0].citations == [1]


def test_llm_workflow_falls_back_to_quoting_when_the_model_keeps_failing(corpus_index):
    from assistant.workflows.common import Grounder

    replies = ['{"lines": [{"text": "x", "cite": 99}]}', "still not json"]
    g = Grounder(_llm_bot(corpus_index, replies), "en", "mentee")
    lines = g.lines("who organises the mentoring meetings", count=2)
    assert g.llm_retries == 2 and g.llm_fallbacks == 1
    assert lines and all(x.citations for x in lines)


def test_quoted_lines_are_plain_and_lose_a_sample_agendas_time_box():
    from assistant.workflows.common import plain_line

    assert plain_line("**0–10 min: Introductions and backgrounds.** Each person shares their path") == (
        "Introductions and backgrounds. Each person shares their path."
    )
    assert plain_line("**Thank the person.** Honest feedback takes courage.") == (
        "Thank the person. Honest feedback takes courage."
    )
    assert plain_line("the pair agrees on:") == "The pair agrees on."
    assert plain_line("10 minutes of silence is fine;") == "10 minutes of silence is fine."
    # a question in quotes is whole: no full stop after the closing quote
    assert plain_line('"Do I talk too much?"') == '"Do I talk too much?"'
    assert plain_line("They said “enough”") == "They said “enough”."


@pytest.mark.parametrize("kind", ["first", "regular", "closing"])
def test_agenda_lines_read_on_their_own(bot, kind):
    """A workflow line stands alone, so a sentence that leans on the one before it ("This sample
    names the recipient ...", "It should record:") is never one."""
    from assistant.language.sentences import ANAPHORA

    agenda = build_agenda(bot, kind, 60, goals=["Prepare for my promotion interview"])
    quoted = [
        line.text for item in agenda.items for line in [*item.purpose, *item.prompts] if not line.from_user
    ] + [line.text for line in agenda.checklist]
    assert quoted
    assert not [t for t in quoted if ANAPHORA.match(t)], quoted
