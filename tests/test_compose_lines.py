"""Workflow lines drawn from the composer's selection (``assistant.compose.lines``), with the
fake encoder of ``test_compose`` (no model, no index)."""

from __future__ import annotations

import pytest

from assistant.compose.composer import Composer
from assistant.compose.config import ComposerConfig
from assistant.compose.lines import fits, is_action, is_anecdote, is_duty, is_duty_heading
from assistant.compose.structure import asks_about_not, negated, yes_no
from assistant.generators.base import GenerationRequest

from .test_compose import FakeEncoder, compose, passage

pytestmark = pytest.mark.unit

CHECKLIST = passage(
    "Preparation is the single biggest difference between a good session and small talk.\n\n"
    "The mentee's checklist before a session:\n\n"
    "- Review your goals and the action items.\n- Write a brief update on progress.\n"
    "- Send the agenda to your mentor.\n- Check the room or the video link.\n",
    heading="The mentee's preparation checklist",
    n=1,
)
LIMITS = passage(
    "A mentor guides and supports the mentee's development.\n\n"
    "A mentor is not expected to:\n\n"
    "- **Act as a line manager.** A mentor does not assess the mentee's performance.\n"
    "- **Find the mentee a job.** A mentor can open doors but guarantees nothing.\n",
    heading="What a mentor is and is not expected to do",
    audience=("mentor",),
    n=2,
)
CLOSING = passage(
    "A closing session gives the relationship a clear, positive ending. "
    "Formal programmes run for a fixed period.",
    heading="Why a closing session matters",
    n=3,
)


def lines(query: str, passages, count: int, kind: str, role=None, used=None) -> list[str]:
    composer = Composer(FakeEncoder(), ComposerConfig())
    request = GenerationRequest(question=query, role=role, passages=passages)
    return [q.text for q in composer.lines(request, count, kind, used)]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Write a brief update on progress.", "en", True),
        ("**Be transparent about time.** A mentor should say so.", "en", True),
        ("Send or confirm the invitation a few days ahead.", "en", True),
        ("Preparation is the single biggest difference.", "en", False),
        ("Mentors can model the same openness.", "en", False),
        ("The mentee sends every invitation.", "en", False),
        ("Leadership skills: how to lead a team.", "en", False),
        ("Unclear expectations are a frequent source of frustration.", "en", False),
        ("How do you prefer to be contacted?", "en", False),
        ("Whether there are practical issues, such as scheduling or a poor fit.", "en", False),
        ("Once a month, the coordinator checks in.", "en", False),
        ("Kısa bir gündemi görüşmeden önce mentora iletmek.", "tr", True),
        ("Hedeflerinizi gözden geçirin.", "tr", True),
        ("Mentee görüşme davetlerini gönderir.", "tr", False),
    ],
)
def test_an_action_opens_with_an_instruction(text, language, expected):
    assert is_action(text, language) is expected


def test_a_list_of_things_not_to_do_is_recognised_by_its_intro():
    assert negated("A mentor is not expected to:")
    assert negated("What should I avoid as a mentor?")
    assert not negated("Bring these things to every session:")
    assert negated("Mentorun yapmaması gerekenler:") and negated("Mentor yargılamamalıdır.")
    assert fits("Act as a line manager.", "avoid", in_list=True, negated_list=True)
    assert not fits("Act as a line manager.", "action", in_list=True, negated_list=True)
    assert not fits("Act as a line manager.", "statement", in_list=True, negated_list=True)
    assert fits("Never share what your mentor told you.", "avoid")
    assert not fits("Write a brief update.", "action", in_list=False)  # prose is not a checklist


def test_a_list_item_that_goes_on_with_its_intros_sentence_is_no_statement_alone():
    # "In practice, a mentee who owns their development:" then "- looks for further resources ..."
    assert not fits("looks for further resources and opportunities independently;", "statement", in_list=True)
    assert fits("Looks for further resources.", "statement", in_list=True)
    assert fits("the mentee sends the invitation.", "statement")  # prose, as split


def test_a_checklist_gives_the_lists_actions_not_statements_about_preparing():
    got = lines("how a mentee prepares before a session checklist", [CHECKLIST, CLOSING], 6, "action")
    assert got == [
        "Review your goals and the action items.",
        "Write a brief update on progress.",
        "Send the agenda to your mentor.",
        "Check the room or the video link.",
    ]


def test_lines_belong_to_their_query_and_are_not_repeated():
    used: set[str] = set()
    first = lines(
        "how a mentee prepares before a session checklist", [CHECKLIST, CLOSING], 2, "any", used=used
    )
    assert all("closing" not in t for t in first)  # off the query's topic
    again = lines(
        "how a mentee prepares before a session checklist", [CHECKLIST, CLOSING], 2, "any", used=used
    )
    assert not set(first) & set(again)


@pytest.mark.parametrize(
    ("text", "roles", "language", "expected"),
    [
        ("A mentor guides and supports the mentee as the mentee makes decisions.", {"mentor"}, "en", True),
        ("A mentee is responsible for organising the mentoring meetings.", {"mentee"}, "en", True),
        ("A mentee's first responsibility is to work out what they want.", {"mentee"}, "en", True),
        ("A mentoring programme coordinator guides every cohort.", {"coordinator"}, "en", True),
        ("The coordinator should respond promptly.", {"coordinator"}, "en", True),
        ("A mentor guides the mentee.", {"mentee"}, "en", False),  # another role's duty
        ("The exact role of a mentor varies with the relationship.", {"mentor"}, "en", False),
        ("A mentor supporting a career change may spend time on networking.", {"mentor"}, "en", False),
        ("Whatever the setting, a mentor's overall role is to guide.", {"mentor"}, "en", False),
        ("A coordinator does not need heavy bureaucracy.", {"coordinator"}, "en", False),
        ("The coordinator is the right person for questions.", {"coordinator"}, "en", False),
        ("A mentor should not act as a line manager.", {"mentor"}, "en", False),
        ("A short update on progress since the previous meeting.", {"mentee"}, "en", False),
        ("Mentor, mentee'nin yanında olduğunu göstermelidir.", {"mentor"}, "tr", True),
        ("Başarıları kutlamak da mentorun sorumluluğudur.", {"mentor"}, "tr", True),
        ("Mentee, kendi kararlarının sorumluluğunu üstlenmeli ve planlamalıdır.", {"mentee"}, "tr", True),
        ("Mentor, mentee'ye kaynak önerebilir.", {"mentor"}, "tr", False),  # may, not must
        ("Mentor, mentee'nin yöneticisi değildir.", {"mentor"}, "tr", False),
        ("Gelişimin sahibi mentee'nin kendisidir.", {"mentee"}, "tr", False),
    ],
)
def test_a_duty_is_what_the_role_does_or_must_do(text, roles, language, expected):
    assert is_duty(text, roles, language) is expected


def test_responsibilities_are_duties_not_statements_about_the_role():
    about = passage(
        "The exact role of a mentor varies with the mentee's goals. A mentor guides the mentee's "
        "decisions. A mentor may also spend time on networking. A mentor keeps what the mentee "
        "shares confidential.",
        heading="What a mentor does",
        audience=("mentor",),
    )
    duties = lines("what are the responsibilities and duties of a mentor", [about], 4, "duty", role="mentor")
    assert set(duties) == {
        "A mentor guides the mentee's decisions.",
        "A mentor keeps what the mentee shares confidential.",
    }


def test_donts_come_from_the_list_of_things_not_to_do_and_responsibilities_do_not():
    donts = lines("what a mentor should not do", [LIMITS], 3, "avoid", role="mentor")
    assert donts == [
        "**Act as a line manager.** A mentor does not assess the mentee's performance.",
        "**Find the mentee a job.** A mentor can open doors but guarantees nothing.",
    ]
    duties = lines("what is expected of a mentor", [LIMITS], 3, "statement", role="mentor")
    assert duties and not any("line manager" in t or "job" in t for t in duties)


def test_an_answer_to_what_is_expected_does_not_quote_what_is_not():
    text = compose("What is expected of a mentor?", [LIMITS], role="mentor")
    assert "line manager" not in text.split("\n")[0]
    assert not text.startswith("A mentor is not expected to")
    text = compose("What is a mentor not expected to do?", [LIMITS], role="mentor")
    assert text.startswith("A mentor is not expected to: [1]")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Am I expected to help my mentee land a job?", True),
        ("Quick question: can my mentor also be my manager?", True),
        ("Mentorum yöneticim olabilir mi?", True),
        ("My mentee wants me to find them a job. Is that my role?", True),  # after a scene
        ("What is expected of a mentor?", False),
        ("what do mentors do", False),
        ("Toplantıya ne getirmeliyim?", False),
        ("My mentor cancelled again. What can I do?", False),
    ],
)
def test_yes_no_questions_are_told_from_what_questions(question, expected):
    assert yes_no(question) is expected


def test_a_question_that_negates_may_be_answered_by_a_list_of_donts():
    assert asks_about_not("What exactly is and isn't part of my job as a mentor?")
    assert asks_about_not("Mentorun işi olmayan şeyler neler, neler değil?")
    assert not asks_about_not("What is part of my job as a mentor?")
    text = compose("What is and isn't part of my job as a mentor?", [LIMITS], role="mentor")
    assert "line manager" in text.split("Related:")[0]


def test_a_yes_no_question_may_be_answered_by_what_is_not_expected():
    text = compose("Am I expected to find my mentee a job?", [LIMITS], role="mentor")
    assert "Find the mentee a job" in text.split("Related:")[0]


def test_a_sentence_pointing_elsewhere_in_its_document_is_no_line():
    pointer = passage(
        "A coordinator runs six stages. The sections below describe what a coordinator does at each stage.",
        heading="Programme cycle",
        audience=("coordinator",),
        n=4,
    )
    got = lines("what does a coordinator do at each stage", [pointer], 3, "statement", role="coordinator")
    assert got and not any("below" in t for t in got)


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError, match="Unknown line kind"):
        lines("anything", [CLOSING], 1, "poem")


@pytest.mark.parametrize(
    "heading, title, role, language, expected",
    [
        ("Mentors", "Halden Handbook", "mentor", "en", True),
        ("Guide › 3. Mentor responsibilities", "Guide", "mentor", "en", True),
        ("What is expected of mentees", "Guide", "mentee", "en", True),
        ("Mentors", "Halden Handbook", "mentee", "en", False),
        ("Your role", "Launchpad Mentor Onboarding", "mentor", "en", True),
        ("Your role", "Launchpad Mentor Onboarding", "coordinator", "en", False),
        ("Not your role", "Launchpad Mentor Onboarding", "mentor", "en", False),
        ("Your role", "Programme Handbook", "mentor", "en", False),
        ("Mentors who go quiet", "Guide", "mentor", "en", False),
        ("Mentorun sorumlulukları", "Rehber", "mentor", "tr", True),
    ],
)
def test_a_heading_that_lists_a_roles_duties(heading, title, role, language, expected):
    assert is_duty_heading(heading, title, role, language) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('Instead I tried a question from the slides, "What have you tried?", and then another.', True),
        ('Then I asked her, "What would you want a reviewer to ask you?', True),
        ("We used the Start / Stop / Continue format on the whole six months.", True),
        ("We ask pairs to meet at least six times.", False),  # the programme's voice, not a story
        ("Have I thanked my mentor and marked recent progress together?", False),
        ('"I tried everything," is what most mentees say.', False),
        ("I need a quiet room for the call.", False),
    ],
)
def test_an_anecdote_is_a_story_told_in_the_first_person_past(text, expected):
    assert is_anecdote(text) is expected


def test_an_anecdote_is_no_workflow_line():
    blog = passage(
        "Ask the mentee what they have tried so far. "
        "Then I asked my mentee what they had tried so far, and it worked. "
        "Ask who else has this problem.",
        heading="Questions that help",
        n=1,
    )
    request = GenerationRequest(question="what to ask the mentee, tried so far", passages=[blog])
    lines = [q.text for q in Composer(FakeEncoder()).lines(request, 3)]
    assert lines and not any(line.startswith("Then I asked") for line in lines)


def test_a_line_of_one_or_two_words_is_no_workflow_line():
    slide = passage(
        "Thanks!\n\nSend a short thank-you note to your mentor after the last session.",
        heading="Thanks and goodbye",
        n=1,
    )
    request = GenerationRequest(question="thanks", passages=[slide])
    lines = [q.text for q in Composer(FakeEncoder(), ComposerConfig(point_floor=0)).lines(request, 2)]
    assert lines == ["Send a short thank-you note to your mentor after the last session."]
    # the setting is what rules it out
    lenient = Composer(FakeEncoder(), ComposerConfig(point_floor=0, min_line_words=1)).lines(request, 2)
    assert "Thanks!" in [q.text for q in lenient]
