"""The three scope outcomes: answered, about mentoring but not covered, outside mentoring."""

from __future__ import annotations

from assistant.answering.replies import not_covered
from assistant.retrieval import Passage
from assistant.retrieval.scope import domain_descriptions, domain_probability


def _passage(n: int, heading: str) -> Passage:
    return Passage(
        id=f"p{n}",
        text="Some guidance.",
        title="What Mentoring Is",
        heading=heading,
        source="corpus/what-is-mentoring.md",
        language="en",
        audience=["mentee"],
        doc_id="d",
    )


def test_the_domain_descriptions_are_package_data_without_comments():
    lines = domain_descriptions()
    assert len(lines) >= 10 and not any(line.startswith("#") for line in lines)


def test_domain_probability_is_a_logistic_of_the_similarity():
    assert domain_probability(0.9, 40.0, -34.0) > 0.5 > domain_probability(0.8, 40.0, -34.0)


def test_a_not_covered_reply_names_the_closest_sections_once_each():
    passages = [_passage(1, "Types of mentoring"), _passage(2, "Types of mentoring"), _passage(3, "Goals")]
    text, citations = not_covered(passages, "en")
    assert text.startswith("The guidance I work from does not cover this.")
    assert text.count("Types of mentoring") == 1 and "- What Mentoring Is › Goals [2]" in text
    assert [c.n for c in citations] == [1, 2]


def test_an_unanswered_question_about_mentoring_is_not_covered_and_others_are_outside(bot):
    """The domain model (E5 similarity to data/domain.txt, calibrated) decides between the two
    outcomes once the refusal model finds no answer; the reply names the closest sections."""
    question = "What is speed mentoring?"
    found = bot.retriever.search(question, role="mentor")
    assert bot.scope.outcome_of_unanswered(question, found) == "not_covered"
    cake = "What's a good recipe for banana bread?"
    assert bot.scope.outcome_of_unanswered(cake, bot.retriever.search(cake)) == "outside"
    outside = bot.ask(cake)
    assert outside.outcome == "outside" and outside.refused and not outside.citations
    answered = bot.ask("Who sends the meeting invitations?", role="mentee")
    assert answered.outcome == "answer" and answered.public()["outcome"] == "answer"


def test_a_question_for_a_term_the_guidance_never_names_is_not_covered_and_says_which(bot):
    """The definition of mentoring is close to "What is speed mentoring?" but does not answer
    it: the guidance never names speed mentoring (``answering.term``)."""
    speed = bot.ask("What is speed mentoring?", role="mentee")
    assert speed.outcome == "not_covered" and speed.refused
    assert speed.answer.startswith("The guidance I work from does not cover speed mentoring.")
    assert speed.citations  # the closest sections it does cover
    smart = bot.ask("What is a SMART goal?", role="mentee")
    assert smart.outcome == "answer" and "Specific" in smart.answer


def test_a_comparison_with_a_side_the_guidance_never_names_is_not_covered(bot):
    """Guidance that never names sponsors cannot say how a sponsor differs from a mentor; a
    comparison whose sides it names is answered (``answering.term.asked_terms``)."""
    sponsor = bot.ask("What's the difference between a mentor and a sponsor who pushes for my promotion?")
    assert sponsor.outcome == "not_covered"
    assert sponsor.answer.startswith("The guidance I work from does not cover a sponsor.")
    coach = bot.ask("What is the difference between a mentor and a coach?", role="mentee")
    assert coach.outcome == "answer" and "coach" in coach.answer


def test_terms_are_checked_only_against_passages_in_the_questions_language(settings):
    """Words are compared within a language: on English guides, a Turkish question comparing two
    things is never told that the guidance does not cover one of its Turkish words."""
    from assistant.answering.assistant import Assistant
    from assistant.store.index import GuidanceIndex

    from .conftest import FIXTURES

    index = GuidanceIndex(settings)
    index.ingest([FIXTURES / "guides"])  # English only
    bot = Assistant(settings, index=index)
    answer = bot.ask("Mentorluk ile koçluk arasındaki fark nedir?", role="mentee")
    assert "“koçluk”" not in answer.answer and "“Mentorluk”" not in answer.answer
