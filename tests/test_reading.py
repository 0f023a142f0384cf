"""The reader figures of assistant/evaluation/reader.py, on hand-written answers (no model, no index)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.evaluation.reader import (
    budgeted_coverage,
    direct_answer,
    opening,
    quoted_lists,
    reader_record,
    reader_summary,
    role_misfits,
    split_of,
    word_count,
)

pytestmark = pytest.mark.unit

LIST_ANSWER = (
    "Bring these things to every session: [1]\n"
    "- Your agenda. [1]\n- A notebook. [1]\n- Your calendar. [1]\n\n"
    "Related:\n- Arrive on time. [2]\n"
)
PASSAGE = "Bring these things to every session:\n\n- Your agenda.\n- A notebook.\n- Your calendar.\n"


def test_the_split_is_fixed_by_the_id_and_roughly_halves():
    halves = [split_of(f"q{i:03d}") for i in range(200)]
    assert halves == [split_of(f"q{i:03d}") for i in range(200)]
    assert 70 < halves.count("dev") < 130


def test_words_leave_out_citations_and_markers():
    assert word_count("- **Thank them.** Say what helped. [1]") == 5


def test_budgeted_coverage_reads_only_the_first_words():
    answer = " ".join(["word"] * 130) + " calendar"
    assert budgeted_coverage(answer, ["calendar"], "en") == 0.0
    assert budgeted_coverage(answer, ["calendar"], "en", budget=200) == 1.0


def test_the_opening_is_the_first_sentence_or_the_first_list_with_its_intro():
    assert opening("The mentee sends it. [1] They follow up. [1]") == "The mentee sends it. [1]"
    assert opening(LIST_ANSWER).endswith("- Your calendar. [1]")
    assert "Arrive" not in opening(LIST_ANSWER)
    # a framing line ("The guidance on this is written in Turkish; ...:") is not the opening
    assert opening("From “Goals”:\nA goal is specific. [1]") == "A goal is specific. [1]"


def test_direct_answer_needs_a_vital_fact_in_the_opening():
    answer = "Preparation matters. [1] The mentee sends every invitation. [1]"
    assert not direct_answer(answer, ["mentee sends", "follow"], [0], "en")
    assert direct_answer("The mentee sends every invitation. [1]", ["mentee sends"], [0], "en")


def test_a_list_is_complete_when_whole_or_cut_with_and_n_more():
    assert quoted_lists(LIST_ANSWER, {1: PASSAGE}) == [True]
    cut = "Bring these things: [1]\n- Your agenda. [1]\n- A notebook. [1]\n"
    assert quoted_lists(cut, {1: PASSAGE}) == [False]
    assert quoted_lists(cut + "- … and 1 more in the source [1]\n", {1: PASSAGE}) == [True]
    # items joined by commas in the source are written as sentences in the answer
    joined = (
        "Mentor olarak:\n\n- 25 yaşını doldurmuş olmak,\n- Akçakavak'ta yaşamak,\n- eğitimi tamamlamak.\n"
    )
    written = (
        "Mentor olarak: [1]\n- 25 yaşını doldurmuş olmak. [1]\n- Akçakavak'ta yaşamak. [1]\n"
        "- Eğitimi tamamlamak. [1]\n"
    )
    assert quoted_lists(written, {1: joined}) == [True]


def test_role_misfits_count_sentences_from_another_roles_section():
    roles = {1: ("The mentee's checklist", ["mentee", "mentor"]), 2: ("The mentor's preparation", ["mentor"])}
    answer = "Review your goals. [1]\n\nReread your notes. [2]"
    assert role_misfits(answer, roles, "mentee", "How do I prepare?") == (1, 2)
    assert role_misfits(answer, roles, "mentee", "How does my mentor prepare?") == (0, 2)
    assert role_misfits(answer, roles, None, "How do I prepare?") == (0, 2)


def test_a_refusal_counts_as_missing_everything_and_is_left_out_of_lengths():
    refused = SimpleNamespace(refused=True)
    item = {"q": "?", "facts": ["agenda"], "vital": [0]}
    answered = SimpleNamespace(
        refused=False,
        answer=LIST_ANSWER,
        language="en",
        citations=[SimpleNamespace(n=1, text=PASSAGE, heading="What to bring", audience=["mentee"])],
    )
    rows = [reader_record(refused, item), reader_record(answered, item)]
    summary = reader_summary(rows)
    assert summary["direct_answer_rate"] == 0.5 and summary["refused"] == 1
    assert summary["words_p50"] == word_count(LIST_ANSWER)
