"""Names an index's documents use (``retrieval.names``): no model, no Chroma, except the last
test, which searches a real index of two programmes' documents."""

import pytest

from assistant.retrieval.names import (
    house_words,
    index_names,
    key,
    name_forms,
    named,
    proper_names,
    without_names,
)


@pytest.mark.unit
def test_a_name_is_capitalised_inside_a_sentence_or_has_an_inner_capital():
    text = "Mentors meet at Kestrelwood. The peerlink inbox is PeerLink's. Ask the SBI way. I am."
    assert list(name_forms(text)) == ["Kestrelwood", "PeerLink", "SBI"]


@pytest.mark.unit
def test_a_turkish_suffix_after_an_apostrophe_is_not_part_of_the_name():
    assert list(name_forms("Programa Çınar'da katıldım.")) == ["Çınar"]


@pytest.mark.unit
def test_titles_and_headings_name_what_the_shipped_guidance_does_not():
    assert "feedback" in house_words() and "mentoring" in house_words()
    names = index_names(["Brackenfield Mentoring Scheme", "Feedback: SBI", "Timeline › October", "Ekim"])
    assert "brackenfield" in names and "sbi" in names
    assert "mentoring" not in names and "feedback" not in names
    assert "october" not in names and "ekim" not in names  # a time, not a subject


@pytest.mark.unit
def test_names_are_compared_without_case_or_accents():
    assert key("ÇINAR") == key("Çınar") == "cinar"
    names = index_names(["ÇINAR GENÇLİK MENTORLUK PROGRAMI"])
    assert named("What's the gift limit in the Çınar programme?", names) == ["Çınar"]


@pytest.mark.unit
def test_a_question_names_what_the_index_names_written_as_a_name():
    names = index_names(["Brackenfield scheme", "Launchpad Mentor Onboarding"])
    question = "What is the gift limit in Brackenfield? And Launchpad's?"
    assert named(question, names) == ["Brackenfield", "Launchpad"]
    assert named("brackenfield gift limit?", names) == []  # not written as a name
    assert named("Who painted The Night Watch in Amsterdam?", names) == []


@pytest.mark.unit
def test_a_questions_first_word_is_a_name_when_the_documents_write_it_as_a_proper_noun():
    names = index_names(["Launchpad Mentor Onboarding", "Meeting Policy", "Nice to have"])
    texts = [
        "Pairs in Launchpad meet every two weeks. Ask in go/launchpad or #launchpad-help.",
        "Write to launchpad@brightwater.example. The Launchpad wiki has the slides.",
        "Read the policy first. Each policy has an owner, and the Meeting Policy says where.",
    ]
    proper = proper_names(names, texts)
    assert proper == {"launchpad"}  # "policy" is mostly a common word; "Nice" is never used
    assert named("Launchpad pairs meet how often?", names, proper) == ["Launchpad"]
    assert named("Launchpad pairs meet how often?", names) == []  # the first word, no evidence
    assert named("Policy on meeting places?", names, proper) == []
    assert named("Nice. And how often do we meet?", names, proper) == []


def test_a_name_that_chose_the_documents_is_left_out_of_ranking_unless_it_is_the_whole_topic():
    question = "What should I avoid doing as a Launchpad mentor?"
    assert without_names(question, ["Launchpad"]) == "What should I avoid doing as a mentor?"
    assert without_names("PeerLink'te eşleşme erken biterse ne olur?", ["PeerLink"], "tr") == (
        "eşleşme erken biterse ne olur?"
    )
    assert without_names("Who is Priya Raman?", ["Priya", "Raman"]) == "Who is Priya Raman?"
    assert without_names(question, []) == question


BRACKENFIELD = """# Brackenfield Mentoring Scheme

## Gifts

Pairs in Brackenfield may exchange small gifts worth up to 15 pounds at the final meeting.
Pairs who meet in Singapore follow the same rule.

## Why Brackenfield

Brackenfield is the Brackenfield council's own scheme: Brackenfield mentors support young people
who live in Brackenfield, and every Brackenfield pair meets in Brackenfield.

## What mentors must not do

Mentors never lend money, never give lifts in their own car and never meet at home.
"""
ALDER = """# Alder Peer Programme

## Gifts

Alder pairs may exchange gifts worth up to 40 pounds at the end of the programme.
"""


def test_a_question_naming_a_programme_is_answered_from_its_documents(settings, tmp_path):
    from assistant.answering.assistant import Assistant
    from assistant.store.index import GuidanceIndex

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "brackenfield.md").write_text(BRACKENFIELD, encoding="utf-8")
    (docs / "alder.md").write_text(ALDER, encoding="utf-8")
    index = GuidanceIndex(settings)
    index.ingest([docs])
    bot = Assistant(settings, index=index)
    for question, source, limit in [
        ("What's the gift limit in Brackenfield?", "brackenfield.md", "15 pounds"),
        ("How much can an Alder mentee spend on a present?", "alder.md", "40 pounds"),
    ]:
        retrieval = bot.retriever.search(question, language="en")
        assert {p.source.split("/")[-1] for p in retrieval.passages} == {source}
        answer = bot.ask(question)
        assert not answer.refused and limit in answer.answer
    # once the name has chosen the documents, the rest of the question ranks them
    retrieval = bot.retriever.search("Anything I shouldn't do as a Brackenfield volunteer?", language="en")
    assert retrieval.passages[0].heading.endswith("What mentors must not do")
    # a place the text mentions in passing is not what a document is about
    assert bot.retriever.search("Is it warm in Singapore in May?", language="en").named == []
