"""The English and Turkish word lists (``assistant.language.en`` / ``tr``) as the checks use them:
stop words, question language, role words, negations, follow-ups, anaphora and abbreviations."""

from __future__ import annotations

import pytest

from assistant.answering.followup import condense_offline, is_followup, latest_part, role_in
from assistant.answering.grounding import first_role, negated
from assistant.answering.question import question_language
from assistant.compose.scoring import asked_part
from assistant.language import en, tr
from assistant.language.sentences import ANAPHORA, answer_sentences, opening_answer_word, split_sentences
from assistant.language.tokens import stems, words

pytestmark = pytest.mark.unit


def test_english_stop_words_are_removed():
    assert words("What is the plan for the mentee?", "en") == ["plan", "mentee"]
    assert words(" ".join(sorted(en.STOP_WORDS)), "en") == []


def test_turkish_stop_words_are_removed_only_from_turkish_text():
    assert words("Bu mentee için ne yapmalı?", "tr") == ["mentee", "yapmalı"]
    assert words(" ".join(sorted(tr.STOP_WORDS)), "tr") == []
    # English text keeps Turkish stop words ("ve" is not an English stop word)
    assert words("ve plan", "en") == ["ve", "plan"]


def test_each_language_has_its_stemmer():
    assert stems("meetings", "en") == ["meet"]
    assert stems("hazırlanmak", "tr") == ["hazir"]  # folded (below)


def test_stems_fold_turkish_letters_so_text_typed_without_them_matches():
    assert stems("mentorluk gorusmesi", "tr") == stems("mentorluk görüşmesi", "tr") == ["mento", "gorus"]
    assert stems("Çınar", "en") == stems("Çınar", "tr") == ["cinar"]  # a name in either language


@pytest.mark.parametrize(
    "question, language",
    [
        ("What is a mentor?", "en"),
        ("How long is it?", "en"),
        ("Mentor nedir?", "tr"),
        ("Mentor ne yapar?", "tr"),
        ("Peki ya mentor?", "tr"),
        ("Görüşme saat kaçta?", "tr"),  # Turkish letters in a lower-case word
        ("Mentor?", "fallback"),  # no marker word: the fallback decides
    ],
)
def test_question_language_from_words_and_letters(question, language):
    assert question_language(question, fallback="fallback") == language


@pytest.mark.parametrize(
    "text, role",
    [
        ("How should mentees prepare?", "mentee"),
        ("Menteelerin görevi nedir?", "mentee"),
        ("Menti ne yapmalı?", "mentee"),
        ("What do mentors do?", "mentor"),
        ("Mentorların görevi nedir?", "mentor"),
        ("When do I contact the coordinator?", "coordinator"),
        ("Koordinatörden ne zaman yardım istemeliyim?", "coordinator"),
        ("What is mentoring?", None),
    ],
)
def test_role_in_recognises_role_words_in_both_languages(text, role):
    assert role_in(text) == role


@pytest.mark.parametrize(
    "text, role",
    [
        ("The mentee sets the agenda.", "mentee"),
        ("Mentinin görevi hedef koymaktır.", "mentee"),
        ("Mentorun görevi dinlemektir.", "mentor"),
        ("Koordinatöre e-posta gönderin.", "coordinator"),
        ("Your line manager approves the time.", "manager"),
        ("Yöneticinize danışın.", "manager"),
        ("Amirinizin onayı gerekir.", "manager"),
        ("Mentorluk programı bir yıl sürer.", None),
        ("Mentoring and mentorship take time.", None),
    ],
)
def test_first_role_in_both_languages(text, role):
    assert first_role(text) == role


@pytest.mark.parametrize(
    "text, expected",
    [
        ("You should not share it.", True),
        ("It isn't required.", True),
        ("Bu zorunlu değil.", True),
        ("Hiçbir zaman paylaşmayın.", True),
        ("Attend every session.", False),
        ("Her görüşmeye katılın.", False),
    ],
)
def test_negation_in_both_languages(text, expected):
    assert negated(text) is expected


def test_followup_openers_and_references_in_both_languages():
    history = [("How should a mentee prepare?", "...")]
    long_en = "What should a new mentor do in the first meeting with a mentee?"
    assert not is_followup(long_en, history)
    assert is_followup("And what should a new mentor do in the first meeting with a mentee?", history)
    assert is_followup("Peki ilk görüşmede mentor ne yapmalı ve neye dikkat etmeli?", history)
    assert is_followup("Bunu ilk görüşmede mentor nasıl yapmalı, neye dikkat etmeli?", history)
    assert not is_followup("İlk görüşmede mentor nasıl davranmalı, neye dikkat etmeli?", history)


def test_condense_swaps_the_role_after_an_opener():
    assert condense_offline("and for mentors?", [("How should a mentee prepare?", "...")]) == (
        "How should a mentor prepare?"
    )
    # the opener "peki" and the filler "için" do not end up in the rewritten question
    out = condense_offline("peki koordinatör için?", [("Menteeler nasıl hazırlanmalı?", "...")])
    assert "peki" not in out.lower() and "için" not in out
    assert role_in(out) == "coordinator"


def test_a_chain_of_follow_ups_joins_each_to_the_question_it_follows_not_to_the_chain():
    history = [("How should I prepare for my first session?", "...")]
    second = condense_offline("and what does my mentor do?", history)
    assert second == "How should I prepare for my first session — what does my mentor do?"
    third = condense_offline("what if they cancel?", [*history, (second, "...")])
    assert third == "How should I prepare for my first session — what if they cancel?"
    # the composer weighs the follow-up's own words as the question's asked part
    assert latest_part(third) == asked_part(third) == "what if they cancel?"
    assert latest_part("How should I prepare?") is None


@pytest.mark.parametrize(
    "sentence, leans",
    [
        ("These questions help.", True),
        ("It should record the date.", True),
        ("Bunlar ilk görüşmede konuşulur.", True),
        ("O zaman koordinatöre yazın.", True),
        ("Mentors listen first.", False),
        ("Bugün görüşme var.", False),  # "bu" only as a whole word
    ],
)
def test_sentence_anaphora_in_both_languages(sentence, leans):
    assert bool(ANAPHORA.match(sentence)) is leans


def test_abbreviations_do_not_end_sentences_in_either_language():
    assert split_sentences("Bring notes, e.g. Goals and questions. Then listen.") == [
        "Bring notes, e.g. Goals and questions.",
        "Then listen.",
    ]
    assert split_sentences("Hedefleri yazın, örn. Kariyer planı. Sonra dinleyin.") == [
        "Hedefleri yazın, örn. Kariyer planı.",
        "Sonra dinleyin.",
    ]


def test_a_sentence_of_one_answer_word_stays_with_the_next():
    # "Yes." answers the question its heading asks; quoted alone it answers any question
    assert split_sentences("Yes. Conversations are confidential. Limits apply.") == [
        "Yes. Conversations are confidential.",
        "Limits apply.",
    ]
    assert split_sentences("Hayır! Mentor iş bulmaz. Evet.") == ["Hayır! Mentor iş bulmaz.", "Evet."]
    assert split_sentences("We met. Yes, it went well.") == ["We met.", "Yes, it went well."]
    # an answer is checked sentence by sentence: its "Yes." is not a sentence without a citation
    assert answer_sentences("Yes. Conversations are confidential. [1] Limits apply. [1]") == [
        "Yes. Conversations are confidential. [1]",
        "Limits apply. [1]",
    ]


def test_the_answer_word_opening_a_sentence():
    assert opening_answer_word("No. Halden Connect is free.") == "No. "
    assert opening_answer_word("Hayır! Mentor iş bulmaz.") == "Hayır! "
    assert opening_answer_word("No money changes hands.") == ""
    assert opening_answer_word("Yes.") == ""
