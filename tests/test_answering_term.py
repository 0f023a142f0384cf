"""A term a question asks to have defined, and whether the passages name it
(``assistant.answering.term``): no model, no index."""

from __future__ import annotations

import pytest

from assistant.answering.term import asked_term, asked_terms, term_named
from assistant.retrieval import Passage

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "language", "term"),
    [
        ("What is speed mentoring?", "en", "speed mentoring"),
        ("what's a mentoring circle", "en", "mentoring circle"),
        ("What does no-fault mean?", "en", "no-fault"),
        ("Define reverse mentoring.", "en", "reverse mentoring"),
        ("What is the ideal session length?", "en", "session length"),
        ("Hız mentorluğu nedir?", "tr", "Hız mentorluğu"),
        ("Yapıcı geri bildirim tam olarak ne demek?", "tr", "Yapıcı geri bildirim"),
        # not a question for one term
        ("What's a good first question to ask?", "en", None),
        ("What is it?", "en", None),
        ("What should I bring to a session?", "en", None),
        ("Başarılı bir rehberliğin göstergesi nedir?", "tr", None),
    ],
)
def test_the_term_a_question_asks_to_have_defined(question, language, term):
    assert asked_term(question, language) == term


@pytest.mark.parametrize(
    ("question", "language", "terms"),
    [
        ("What is speed mentoring?", "en", ["speed mentoring"]),
        ("What's the difference between a mentor and a sponsor who pushes?", "en", ["a mentor", "a sponsor"]),
        ("formal vs informal mentoring - whats the diff?", "en", ["formal", "informal mentoring"]),
        ("Should we do in person vs video sessions", "en", ["person", "video sessions"]),
        # "a vague one" stands for "a vague question": no term of its own
        ("A specific question versus a vague one?", "en", ["A specific question"]),
        ("Mentor ile sponsor arasındaki fark nedir?", "tr", ["Mentor", "sponsor"]),
        ("How should I prepare for a session?", "en", []),
    ],
)
def test_the_terms_a_question_defines_or_compares(question, language, terms):
    assert asked_terms(question, language) == terms


def _passage(text: str, language: str = "en", heading: str = "Section") -> Passage:
    return Passage(
        id="p1",
        doc_id="d",
        text=text,
        title="Guide",
        heading=heading,
        source="guide.md",
        language=language,
        audience=[],
    )


def test_a_term_is_named_when_its_words_stand_close_together_in_one_sentence():
    guide = [
        _passage(
            "The mentor helps the mentee widen their professional circle through introductions. "
            "The mentoring agreement is signed at the first meeting."
        )
    ]
    assert term_named("mentoring agreement", guide, "en")
    assert term_named("agreement for mentoring", guide, "en")  # another order, same words
    assert not term_named("mentoring circle", guide, "en")  # both words, far apart
    assert not term_named("speed mentoring", guide, "en")


def test_a_term_is_named_despite_a_typo_missing_turkish_letters_or_in_a_heading():
    assert term_named("mentoring agrement", [_passage("Sign a mentoring agreement.")], "en")
    turkish = [_passage("Görüşmeler ayda bir yapılır.", "tr", heading="Mentorluk Görüşmesi Nedir?")]
    assert term_named("mentorluk gorusmesi", turkish, "tr")
    assert not term_named("hız mentorluğu", turkish, "tr")
