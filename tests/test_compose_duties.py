"""Questions asking for a role's duties and the list that answers them
(``assistant.compose.duties``), with the fake encoder of ``test_compose`` (no model, no index)."""

from __future__ import annotations

import pytest

from assistant.compose.composer import Composer
from assistant.compose.config import ComposerConfig
from assistant.compose.duties import duty_role, is_duty_passage, section_duties
from assistant.compose.layout import is_frame
from assistant.compose.structure import PassageStructure
from assistant.generators.base import GenerationRequest

from .test_compose import FakeEncoder, compose, passage

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "role", "expected"),
    [
        ("What are my responsibilities as a mentor?", "mentor", "mentor"),
        ("In short, what am I responsible for as a mentee?", None, "mentee"),
        ("What is expected of me as a new mentor?", "mentee", "mentor"),
        ("what are my duties", "coordinator", "coordinator"),
        ("What does a coordinator actually do?", "mentee", "coordinator"),
        ("What's my job as programme coordinator?", None, "coordinator"),
        ("What are my responsibilities towards my mentee?", "mentor", "mentor"),
        ("My mentee is new to all this. What are my responsibilities?", "mentor", "mentor"),
        ("Mentee olarak sorumluluklarım neler?", None, "mentee"),
        ("Mentorun görevleri nelerdir?", "mentee", "mentor"),
        ("Benden ne bekleniyor?", "mentor", "mentor"),
        ("In a nutshell, what am I responsible for as a mentee?", "mentee", "mentee"),
        ("Can you list my responsibilities as a mentor?", "mentee", "mentor"),
        ("Mentee olarak sorumluluklarım neler, kısaca özetler misin?", "mentee", "mentee"),
        ("What are my mentor's responsibilities?", "mentee", "mentor"),
        ("Mentorumun görevleri neler?", "mentee", "mentor"),
        ("What is expected of a peer mentor in PeerLink?", None, "mentor"),
        ("I just signed up as a mentor - what's expected from me?", None, "mentor"),
        ("What does a coordinator actually do day to day?", "mentee", "coordinator"),
        ("What am I expected to do as a new mentor?", "mentor", "mentor"),
        ("What are mentees expected to do?", "mentor", "mentee"),
        # not a question for the whole list
        ("Am I expected to find my mentee a job?", "mentor", None),
        ("What am I expected to do when my mentee cancels?", "mentor", None),
        ("My mentee has cancelled twice in a row. What am I expected to do?", "mentor", None),
        ("What exactly is and isn't part of my job as a mentor?", "mentor", None),
        ("What is my role in the first session?", "mentor", None),
        ("What am I responsible for when my mentee cancels?", "mentor", None),
        ("Who is responsible for sending the invitations?", "mentee", None),
        ("What should I bring to a session?", "mentee", None),
        # a question for the list, but no role to list it for
        ("What are the responsibilities?", None, None),
    ],
)
def test_a_question_for_a_roles_duties_and_whose_they_are(question, role, expected):
    assert duty_role(question, role) == expected


def _section(heading: str, text: str, n: int, title: str = "Mentor Responsibilities", position: int = 0):
    p = passage(text, heading=heading, audience=("mentor",), n=n)
    return p.model_copy(update={"title": title, "source": "corpus/mentor-duties.md", "position": position})


GUIDING = _section(
    "Guiding decisions",
    "Good guidance starts with listening. A mentor guides the mentee as the mentee makes decisions. "
    "A mentor also helps with career direction.",
    1,
    position=0,
)
NETWORK = _section(
    "Opening the network",
    "A mentor opens their network to the mentee. It helps the mentee find new opportunities.",
    2,
    position=3,
)
INTRODUCTIONS = _section(
    "Making introductions",
    "Introductions work well with care:\n\n"
    "- Checking with the contact first.\n- Saying why the two should meet.\n",
    3,
    position=5,
)
LIMITS = _section(
    "What a mentor is not expected to do",
    "A mentor is not expected to:\n\n- Act as a line manager.\n- Find the mentee a job.\n",
    4,
    position=7,
)
SLIDE = passage(
    "- Listener first, advisor second.\n- Share context: history, unwritten rules.\n- Show up on time.\n",
    heading="Your role",
    n=5,
).model_copy(update={"title": "Launchpad Mentor Onboarding", "source": "docs/launchpad.md"})


def test_a_duty_section_is_one_whose_heading_or_documents_title_sets_out_the_roles_duties():
    assert is_duty_passage(GUIDING, "mentor")
    assert not is_duty_passage(GUIDING, "mentee")
    assert is_duty_passage(SLIDE, "mentor")  # "Your role" in a deck whose title names mentors
    assert not is_duty_passage(passage("A mentor listens.", heading="Listening"), "mentor")
    guide = passage("A coordinator should check in monthly.", heading="Monitoring")
    assert is_duty_passage(guide.model_copy(update={"title": "Coordinator Programme Guide"}), "coordinator")
    assert not is_duty_passage(guide.model_copy(update={"title": "Mentoring Handbook"}), "mentor")


def test_each_duty_section_gives_its_first_duty_sentence_in_document_order():
    # given out of order, as retrieval ranks them; the first sentence of GUIDING states no duty,
    # the second leans on nothing, the third leans back ("also")
    structures = [
        PassageStructure.read(p, n) for n, p in enumerate([NETWORK, LIMITS, INTRODUCTIONS, GUIDING], 1)
    ]
    quotes = section_duties(structures, "mentor", ComposerConfig(), count=6)
    assert [(q.n, q.text) for q in quotes] == [
        (4, "A mentor guides the mentee as the mentee makes decisions."),
        (1, "A mentor opens their network to the mentee."),
    ]  # a topic's list (introductions) and a list of things not to do are not duties


def test_a_section_headed_as_the_roles_duties_gives_its_list_whole():
    quotes = section_duties([PassageStructure.read(SLIDE, 1)], "mentor", ComposerConfig(), count=2)
    assert [q.text for q in quotes] == [
        "Listener first, advisor second.",
        "Share context: history, unwritten rules.",
        "Show up on time.",
    ]


def test_the_answer_to_a_duty_question_lists_the_duties_each_cited_under_a_frame():
    text = compose("What are my responsibilities as a mentor?", [NETWORK, GUIDING, LIMITS], role="mentor")
    lines = text.strip().splitlines()
    assert lines == [
        "What the guidance expects of a mentor:",
        "- A mentor guides the mentee as the mentee makes decisions. [2]",
        "- A mentor opens their network to the mentee. [1]",
    ]
    assert is_frame(lines[0])  # the grounding check keeps it: it claims nothing


def test_a_turkish_duty_question_gets_a_turkish_frame():
    section = passage(
        "Mentor, mentee'ye kariyeri konusunda yol gösterir. Bu süreç zaman alır.",
        heading="Yol göstermek",
        audience=("mentor",),
        language="tr",
    ).model_copy(update={"title": "Mentorun Sorumlulukları"})
    composer = Composer(FakeEncoder(), ComposerConfig())
    question = "Mentor olarak görevlerim neler?"
    text = composer.compose(
        GenerationRequest(question=question, language="tr", role="mentor", passages=[section])
    )
    assert text.splitlines()[0] == "Rehberin bir mentor için saydığı sorumluluklar:"
    assert "- Mentor, mentee'ye kariyeri konusunda yol gösterir. [1]" in text


def test_without_duty_sections_the_duty_sentences_of_the_passages_answer():
    found = passage(
        "A coordinator should check in with every pair once a month. Pairs meet monthly.",
        heading="Monitoring",
        audience=("coordinator",),
    )
    text = compose("What are the coordinator's duties?", [found], role="coordinator")
    assert text.splitlines() == [
        "What the guidance expects of a coordinator:",
        "- A coordinator should check in with every pair once a month. [1]",
    ]


def test_the_role_guide_takes_the_same_lines_and_skips_lines_already_used():
    composer = Composer(FakeEncoder(), ComposerConfig())
    request = GenerationRequest(question="", role="mentor", passages=[GUIDING, NETWORK])
    used = {"a mentor opens their network to the mentee"}
    assert [q.text for q in composer.duties(request, 6, used)] == [
        "A mentor guides the mentee as the mentee makes decisions."
    ]


def test_duties_from_two_documents_are_listed_under_each_documents_name():
    handbook = passage(
        "- Reply to messages within a week.\n- Meet at least six times a year.\n",
        heading="Mentors",
        audience=("mentor",),
        n=6,
    ).model_copy(update={"title": "Halden Connect Handbook", "source": "docs/halden.pdf"})
    text = compose("What are my responsibilities as a mentor?", [SLIDE, handbook], role="mentor")
    assert text.strip().splitlines() == [
        "What the guidance expects of a mentor:",
        "From “Launchpad Mentor Onboarding”:",
        "- Listener first, advisor second. [1]",
        "- Share context: history, unwritten rules. [1]",
        "- Show up on time. [1]",
        "From “Halden Connect Handbook”:",
        "- Reply to messages within a week. [2]",
        "- Meet at least six times a year. [2]",
    ]
