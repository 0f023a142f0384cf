"""Grounded answering end to end over the shipped corpus with the offline generator."""

import re

import pytest

from assistant.answering import Conversation, QuestionError, question_language
from assistant.grounding import GroundingChecker
from assistant.sentences import answer_sentences, citations_in, units_with_intros


def _assert_grounded(answer):
    assert answer.citations, answer.answer
    numbers = {c.n for c in answer.citations}
    assert numbers == set(range(1, len(numbers) + 1))
    for line in answer.answer.split("\n"):
        if not line.strip() or line.rstrip().endswith(":"):
            continue
        for sentence in answer_sentences(line):
            cited = citations_in(sentence)
            assert cited, f"uncited sentence: {sentence!r}"
            assert set(cited) <= numbers
            quote = re.sub(r"\s*\[\d+\]", "", sentence).replace("**", "").rstrip(".")
            # the offline composer quotes the guidance: every sentence is in a cited passage
            # (a list item "a short update ...;" is quoted as a sentence: "A short update ....")
            assert any(
                quote[:60].lower() in c.text.replace("**", "").lower()
                for c in answer.citations
                if c.n in cited
            ), sentence


@pytest.mark.parametrize(
    "question, role, expect",
    [
        ("Who is supposed to send the meeting invites, me or my mentor?", "mentee", "invitation"),
        ("How do I turn a vague goal into a SMART goal?", "mentee", "smart"),
        ("My mentee keeps cancelling our sessions. What should I do?", "mentor", "cancel"),
        ("How should a coordinator screen applicants?", "coordinator", "screen"),
        ("What is peer mentoring?", None, "peer"),
    ],
)
def test_answers_are_cited_and_grounded(bot, question, role, expect):
    answer = bot.ask(question, role=role)
    assert not answer.refused
    assert answer.language == "en"
    _assert_grounded(answer)
    assert expect in answer.answer.lower() or any(expect in c.text.lower() for c in answer.citations)
    assert answer.unsupported == []


def test_json_shape(bot):
    data = bot.ask("What should I bring to my first mentoring session?").public()
    assert set(data) == {"question", "answer", "refused", "language", "searched_for", "citations"}
    assert set(data["citations"][0]) == {"n", "source", "title", "heading", "text", "score"}


def test_turkish_question_gets_a_turkish_answer(bot):
    answer = bot.ask("Görüşme davetlerini kim göndermeli?", role="mentee")
    assert answer.language == "tr" and not answer.refused
    _assert_grounded(answer)
    assert any(c.source.startswith("corpus/tr/") for c in answer.citations)
    assert "davet" in answer.answer.lower()


@pytest.mark.parametrize(
    "question, language",
    [
        ("What's the weather going to be like in Paris tomorrow?", "en"),
        ("How do I reverse a linked list in Python?", "en"),
        ("Should I put my savings into index funds or bonds?", "en"),
        ("Yarın İstanbul'da hava nasıl olacak?", "tr"),
        ("Kuru fasulye nasıl pişirilir?", "tr"),
    ],
)
def test_out_of_scope_questions_are_refused_in_their_language(bot, question, language):
    answer = bot.ask(question)
    assert answer.refused
    assert answer.citations == []
    assert answer.language == language
    assert ("mentoring" in answer.answer) if language == "en" else ("mentorluk" in answer.answer)


def test_a_small_index_answers_what_it_covers_and_refuses_the_rest(settings, guides):
    """The refusal model knows the index's size: the best similarity on two short guides is lower
    than on the whole corpus, and an in-scope question there was refused (p 0.46) before."""
    from assistant.answering import Assistant
    from assistant.index import GuidanceIndex

    index = GuidanceIndex(settings)
    index.ingest([guides / "mentee-notes.md", guides / "mentor-check-ins.md"])
    bot = Assistant(settings, index=index)
    for question in ("What should I write down in my session notes?", "Where do I keep my notes?"):
        answer = bot.ask(question)
        assert not answer.refused, question
        assert answer.citations[0].title == "Keeping Session Notes"
    for question in ("What is the capital of France?", "How do I bake bread?"):
        assert bot.ask(question).refused, question


def test_the_refusal_evidence_includes_how_much_was_searched(corpus_index):
    import math

    from assistant.answering import scope_features
    from assistant.retrieval import HybridRetriever

    r = HybridRetriever(corpus_index)
    whole = r.search("What goes in a mentoring agreement?")
    assert whole.searched == corpus_index.collection.count()
    one = r.search("What goes in a mentoring agreement?", sources={"corpus/mentoring-agreement.md"})
    assert 0 < one.searched < whole.searched
    assert scope_features(one)["log_chunks"] == pytest.approx(math.log(one.searched))


def test_follow_ups_are_rewritten_and_not_refused(bot):
    conv = Conversation()
    first = bot.ask("What are the responsibilities of a mentee?", conversation=conv)
    assert not first.refused
    second = bot.ask("and for mentors?", conversation=conv)
    assert not second.refused
    assert second.searched_for != second.question
    assert "mentor" in second.searched_for.lower() and "mentee" not in second.searched_for.lower()
    _assert_grounded(second)
    assert len(conv.turns) == 2
    assert "**You:** and for mentors?" in conv.to_markdown()


def test_turkish_follow_up(bot):
    conv = Conversation()
    bot.ask("Mentee'nin sorumlulukları nelerdir?", conversation=conv)
    answer = bot.ask("peki mentor için?", conversation=conv)
    assert not answer.refused and answer.language == "tr"
    assert "mentor" in answer.searched_for.lower()


def test_conversations_are_independent(bot):
    a, b = Conversation(), Conversation()
    bot.ask("How do I prepare for a closing session?", conversation=a)
    assert b.turns == []
    answer = bot.ask("and for mentors?", conversation=b)
    assert answer.searched_for == "and for mentors?"


@pytest.mark.parametrize(
    "question, message",
    [("", "empty"), ("   \n\t ", "empty"), ("\u200b\u200b", "empty"), ("x" * 3000, "limit is 2,000")],
)
def test_bad_questions_get_clear_errors(bot, question, message):
    with pytest.raises(QuestionError, match=message):
        bot.ask(question)


def test_unknown_role_is_a_clear_error(bot):
    with pytest.raises(QuestionError, match="Unknown role"):
        bot.ask("What is mentoring?", role="ceo")


def test_control_characters_are_cleaned(bot):
    answer = bot.ask("Who sends\x07 the meeting\u200b invitations?")
    assert answer.question == "Who sends the meeting invitations?"
    assert not answer.refused


@pytest.mark.parametrize(
    "text, lang",
    [
        ("SMART hedef nedir?", "tr"),
        ("and for mentors?", "en"),
        ("What is mentoring?", "en"),
        ("Mentorluk nedir?", "tr"),
    ],
)
def test_question_language(text, lang):
    assert question_language(text) == lang


def test_grounding_check_removes_unsupported_and_badly_cited_sentences(bot, corpus_index):
    passages = bot.retriever.search("Who sends the meeting invitations?").passages
    checker = GroundingChecker(corpus_index.embeddings, scorer=bot.scorer)
    quote = passages[0].text.split(". ")[0].strip().rstrip(".")
    answer = (
        f"{quote}. [1]\n"
        "- The stock market always rises in December. [1]\n"
        f"- {quote}. [9]\n"
        "- Mentoring needs no preparation at all."
    )
    text, report = checker.apply(answer, passages)
    assert quote in text
    assert "stock market" not in text and "[9]" not in text and "no preparation" not in text
    assert report.removed == 3
    reasons = {c.reason for c in report.sentences if not c.supported}
    assert {
        "no citation",
        "cites passage(s) that do not exist: [9]",
        "not supported by the cited passage",
    } <= reasons
    assert "3 sentence(s) were removed" in text


def test_list_blocks_keep_the_intro_and_items_in_order():
    from assistant.sentences import list_blocks

    text = (
        "# Bring\n\nSome context first. The mentee should bring:\n\n- The **agenda**.\n- A notebook.\n"
        "\n- A calendar.\n\nAfter the list.\n\n## Other\n\n1. One\n2. Two\n"
    )
    assert list_blocks(text) == [
        ("The mentee should bring:", ["The agenda.", "A notebook.", "A calendar."]),
        ("", ["One", "Two"]),
    ]


def test_an_intro_that_opens_with_a_pronoun_keeps_the_sentence_it_points_back_to():
    """ "It should record:" alone does not say what "it" is; the sentence before names it."""
    from assistant.sentences import list_blocks, units

    text = (
        "The first part of a mentoring agreement covers how the pair will meet. It should record:\n"
        "- The goals.\n- The channel.\n\nBu bölüm kısa. Bunlar şunlardır:\n- Birinci.\n- İkinci.\n\n"
        "A mentee should bring:\n- A notebook.\n- A calendar.\n"
    )
    assert [intro for intro, _ in list_blocks(text)] == [
        "The first part of a mentoring agreement covers how the pair will meet. It should record:",
        "Bu bölüm kısa. Bunlar şunlardır:",
        "A mentee should bring:",
    ]
    # the prose units are unchanged: each sentence once
    assert units(text)[:2] == [
        "The first part of a mentoring agreement covers how the pair will meet.",
        "It should record:",
    ]


def test_a_quoted_sample_is_its_own_paragraph_without_the_quote_marker():
    from assistant.sentences import units

    text = (
        "A mentee can adapt the wording to their own tone.  \n"
        "> Hi Sam, thanks again for Thursday. Could you reply by Wednesday?\n"
        "> Thanks!\n"
        "This sample names the recipient."
    )
    assert units(text) == [
        "A mentee can adapt the wording to their own tone.",
        "Hi Sam, thanks again for Thursday.",
        "Could you reply by Wednesday?",
        "Thanks!",
        "This sample names the recipient.",
    ]


def test_an_answer_quoting_the_agreement_list_says_what_the_list_is_of(bot):
    answer = bot.ask("Who sends out the meeting invitations, me or my mentor?", role="mentee")
    intro = next((line for line in answer.answer.splitlines() if "It should record" in line), None)
    assert intro is not None, answer.answer  # answered from the agreement's list, as the eval's q002
    assert intro.lstrip("- ").startswith("The first part of a mentoring agreement"), answer.answer


def test_a_question_answered_by_a_list_gets_the_whole_list(bot):
    answer = bot.ask("What should a mentee bring to each mentoring session?", role="mentee")
    text = answer.answer
    for item in ("agenda and short update", "notebook", "calendar"):
        assert item in text, text
    assert all(line.rstrip().endswith("]") for line in text.split("\n") if line.startswith("- "))


def test_multilingual_reranking_finds_paraphrased_questions(corpus_index):
    from assistant.retrieval import HybridRetriever

    question = (
        "I've got my very first meeting with my mentor on Thursday. What should I actually bring along?"
    )
    plain = HybridRetriever(corpus_index, corpus_index.settings.model_copy(update={"rerank_candidates": 0}))
    reranked = HybridRetriever(corpus_index)
    before = [p.source for p in plain.search(question, role="mentee", k=10).passages]
    after = [p.source for p in reranked.search(question, role="mentee", k=10).passages]
    want = "corpus/preparing-for-a-session.md"
    assert want in after[:3] and after.index(want) < before.index(want)


def test_the_answer_opens_with_a_paragraph_from_the_lead_passage_in_its_order(bot):
    from assistant.retrieval import Passage

    def passage(n: int, heading: str, text: str, score: float) -> Passage:
        return _passage(n, "Guide", heading, text, score, ["mentee"])

    lead_text = (
        "Before the first mentoring session, the mentee should write down two or three goals. "
        "The mentee should also prepare a few specific questions for the mentor. "
        "Sending a short agenda to the mentor a few days before the first session helps both people prepare. "
        "Finally, the mentee should check the room or the video link for the first session."
    )
    other = "Mentors often volunteer their time. A closing session ends a mentoring relationship well."
    request = _mentee_request(
        "How should a mentee prepare for the first mentoring session?",
        [
            passage(1, "Preparing for the first session", lead_text, 1.0),
            passage(2, "Misc", other, 0.5),
        ],
    )
    text = bot.generator.compose(request)
    opening = text.split("\n\n")[0]
    sentences = [s.strip() for s in re.split(r"(?<=\])\s+", opening) if s.strip()]
    assert len(sentences) >= 3, text
    assert all(s.endswith("[1]") for s in sentences), text
    positions = [lead_text.index(re.sub(r"\s*\[1\]$", "", s)[:40]) for s in sentences]
    assert positions == sorted(positions), text


def test_guidance_split_over_two_sections_is_quoted_in_two_paragraphs(bot):
    from assistant.retrieval import Passage

    def passage(n: int, heading: str, text: str) -> Passage:
        return _passage(n, "Closing the mentoring relationship", heading, text, 1.0 / n, ["mentee", "mentor"])

    length = (
        "The closing session of a mentoring relationship usually lasts between sixty and ninety minutes. "
        "Book a quiet room so that the last meeting is not rushed. "
        "Send the agenda for the closing session to your mentor a week ahead."
    )
    content = (
        "In the closing session, review the goals you set at the start and what changed. "
        "Talk about the lessons each of you takes away from the relationship. "
        "Agree whether and how you will stay in touch after the programme ends."
    )
    unrelated = "SMART goals are specific, measurable, achievable, relevant and time-bound."
    request = _mentee_request(
        "How long should the closing session be, and what should we cover in it?",
        [
            passage(1, "Length of the closing session", length),
            passage(2, "What to cover in the closing session", content),
            passage(3, "Goals", unrelated),
        ],
    )
    text = bot.generator.compose(request)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    assert len(paragraphs) >= 2, text
    cited = [set(re.findall(r"\[(\d)\]", p)) for p in paragraphs[:2]]
    assert {frozenset(c) for c in cited} == {frozenset({"1"}), frozenset({"2"})}, text
    for needle in ("ninety minutes", "lessons", "stay in touch"):
        assert needle in text, text
    assert "SMART" not in text


def test_list_items_are_judged_and_quoted_with_their_intro(bot):
    """The items of "contact the coordinator when:" share no words with "when should I get the
    coordinator involved?"; read with their intro they answer it, and are quoted under it."""

    involve = (
        "The coordinator supports mentoring pairs, and nobody should wait for a crisis before asking "
        "for help. A mentor or mentee should contact the coordinator when:\n"
        "- The partner has not replied after two attempts over three weeks.\n"
        "- Meetings keep being cancelled even after an open conversation.\n"
        "- Either person feels uncomfortable, pressured or treated disrespectfully.\n\n"
        "A coordinator responds promptly and keeps the details confidential."
    )
    faq = (
        "Questions about the programme go to the programme coordinator. The coordinator can explain "
        "eligibility, training dates and the matching process."
    )
    request = _mentee_request(
        "At what point should I get the programme coordinator involved?",
        [
            _passage(1, "When things go wrong", "When to involve the coordinator", involve, 1.0, ["mentee"]),
            _passage(2, "Onboarding FAQ", "Who do I contact?", faq, 0.9, ["mentee"]),
        ],
    )
    text = bot.generator.compose(request)
    lines = text.split("\n")
    intro = lines.index("A mentor or mentee should contact the coordinator when: [1]")
    for item in ("two attempts", "keep being cancelled", "pressured"):
        bullet = next(i for i, line in enumerate(lines) if item in line)
        assert bullet > intro and lines[bullet].startswith("- "), text
    assert ";." not in text and ".." not in text


def test_a_bold_label_stays_with_the_sentence_it_heads():
    """A labelled item ("**Thank the person.** Giving feedback takes courage.") used to become two
    units: the label alone (too short to be quoted) and an explanation that no longer said what to
    do."""
    from assistant.sentences import answer_sentences, list_blocks, units, units_with_intros

    text = (
        "Whoever receives feedback should work through these steps:\n\n"
        "1. **Thank the person.** Honest feedback takes courage. Acknowledge it.\n"
        "2. **Reflect before reacting.** Decide what is accurate before you reply.\n"
        "- **Trustworthiness:** the candidate raises confidentiality unprompted.\n"
        "- **Done.**\n"
    )
    assert units(text) == [
        "Whoever receives feedback should work through these steps:",
        "**Thank the person.** Honest feedback takes courage.",
        "Acknowledge it.",
        "**Reflect before reacting.** Decide what is accurate before you reply.",
        "Trustworthiness: the candidate raises confidentiality unprompted.",
        "Done.",
    ]
    intro = "Whoever receives feedback should work through these steps:"
    assert [i for _, i in units_with_intros(text)] == ["", intro, intro, intro, intro, intro]
    first_item = list_blocks(text)[0][1][0]
    assert first_item == "**Thank the person.** Honest feedback takes courage. Acknowledge it."
    # quoted in an answer, the label does not split off as a sentence without a citation
    assert answer_sentences("- **Thank the person.** Honest feedback takes courage. [2]") == [
        "**Thank the person.** Honest feedback takes courage. [2]"
    ]


def test_labelled_steps_are_quoted_with_their_label_and_pass_the_grounding_check(bot):
    from assistant.generation import GenerationRequest

    steps = (
        "How a person handles feedback decides whether anyone will offer it again. Whoever receives "
        "feedback should work through four steps:\n\n"
        "1. **Thank the person.** Giving honest feedback takes effort, so acknowledge it even if it stings.\n"
        "2. **Reflect before reacting.** Consider what is accurate instead of defending yourself at once.\n"
        "3. **Act on it.** Pick one or two concrete changes and add them to your action items.\n"
        "4. **Report back.** At a later session, say what you changed and what happened.\n"
    )
    other = "Feedback should flow in both directions. A mentor should ask the mentee for feedback too."
    passages = [
        _passage(1, "Feedback", "What to do with feedback you receive", steps, 1.0, ["mentee"]),
        _passage(2, "Relationship", "Two-way feedback", other, 0.8, ["mentee"]),
    ]
    request = GenerationRequest(
        question="My mentor gave me tough feedback. What should I do with it?",
        language="en",
        role="mentee",
        passages=passages,
    )
    text, report = bot.grounding.apply(bot.generator.compose(request), passages, "en")
    assert report.removed == 0, text
    for label, rest in (("Thank the person.", "acknowledge it"), ("Reflect before reacting.", "accurate")):
        line = next(x for x in text.split("\n") if label in x)
        assert line.startswith(f"- **{label}**") and rest in line and line.endswith("[1]"), text


AGENDA_INTRO = "A first mentoring session of about an hour can follow this agenda:"
AGENDA_ITEMS = [
    "- **0–15 min: Introductions.** Each person shares their path so far and current role.",
    "- **15–30 min: Hopes and offers.** The mentee says what they hope to get from mentoring.",
    "- **30–45 min: Goals.** Sketch the mentee's main goals and pick a first one to work on.",
    "- **45–50 min: Reviewing progress.** Decide how and when the pair will check progress.",
    "- **50–60 min: Next steps.** Agree first action items and set the date of the next meeting.",
]
AGENDA_AFTER = "If the pair runs out of time, the goals discussion can continue in the second session."


def test_a_list_cut_by_a_chunk_boundary_is_completed_from_the_next_chunk(bot):
    """The sample agenda's last item sits in the section's next chunk; when that chunk was
    retrieved too, the answer's list goes on with it (cited to it) instead of stopping short."""
    from assistant.generation import GenerationRequest

    head = "Sample one-hour agenda for a first session"
    first = f"{AGENDA_INTRO}\n\n" + "\n".join(AGENDA_ITEMS[:4])
    second = "\n".join(AGENDA_ITEMS[3:]) + f"\n\n{AGENDA_AFTER}"
    passages = _two_chunks("First session", head, first, second, 3, ["mentee"])
    request = GenerationRequest(
        question="What agenda should we follow for our first one-hour session?",
        language="en",
        role="mentee",
        passages=passages,
    )
    text = bot.generator.compose(request)
    bullets = [line for line in text.split("\n") if line.startswith("- ")]
    assert [b.split("**")[1][:5] for b in bullets[:5]] == ["0–15 ", "15–30", "30–45", "45–50", "50–60"], text
    assert bullets[4].endswith("[2]") and text.count("Reviewing progress") == 1, text
    # a passage that goes on with prose after its list is not continued
    cut = first + "\n\nThe agenda is only a guide."
    request.passages[0] = passages[0].model_copy(update={"text": cut})
    from assistant.sentences import list_blocks

    items = list_blocks(first)[0][1]
    assert bot.generator.list_continuation(request, 1, items) is None
    request.passages[0] = passages[0]
    assert bot.generator.list_continuation(request, 1, items) == (2, [list_blocks(second)[0][1][1]])
    # also when the next chunk opens with the list's intro, carried over by the chunker
    carried = f"{AGENDA_INTRO}\n{second}"
    request.passages[1] = passages[1].model_copy(update={"text": carried})
    assert bot.generator.list_continuation(request, 1, items) == (2, [list_blocks(second)[0][1][1]])


def test_a_list_split_over_two_chunks_is_quoted_from_its_start(bot):
    """The chunk with a sample agenda's last items (its list intro carried over by the chunker)
    can rank above the chunk with its first items; the answer still reads the agenda in order."""
    from assistant.generation import GenerationRequest, in_reading_order

    head = "Sample agenda for a first session"
    first = f"{AGENDA_INTRO}\n\n" + "\n".join(AGENDA_ITEMS[:3])
    second = f"{AGENDA_INTRO}\n" + "\n".join(AGENDA_ITEMS[3:]) + f"\n\n{AGENDA_AFTER}"
    early, late = _two_chunks("First session", head, first, second, 3, ["mentor"])
    passages = [
        late.model_copy(update={"id": "p1", "score": 1.0}),
        early.model_copy(update={"id": "p2", "score": 0.9}),
    ]
    assert in_reading_order(passages, [1, 2]) == [2, 1]
    assert in_reading_order(
        [*passages[:1], _passage(2, "Other", "Other", first, 0.9, ["mentor"])], [1, 2]
    ) == [1, 2]
    text = bot.generator.compose(
        GenerationRequest(
            question="How should I use the first hour with my new mentee?", role="mentor", passages=passages
        )
    )
    starts = [line.split("**")[1].split("–")[0] for line in text.split("\n") if line.startswith("- **")]
    assert starts == sorted(starts, key=int) and starts[0] == "0", text


def test_asked_for_questions_the_answer_lists_the_questions_for_the_askers_role(bot):
    """ "Questions the mentee can ask the mentor" and "... the mentor can ask the mentee" read
    alike to the embedding model, and a list of topics on the same page read as well as either."""
    from assistant.grounding import first_role

    questions = (
        "Good questions move a first session beyond polite introductions. "
        "Questions the mentor can ask the mentee include:\n\n"
        "- What would make this mentoring worthwhile for you in six months?\n"
        "- What have you already tried to reach this goal?\n"
        "- How do you like to receive feedback?\n\n"
        "Questions the mentee can ask the mentor include:\n\n"
        "- What made you decide to become a mentor?\n"
        "- Which decisions in your career taught you the most?\n"
        "- How do you prefer to be contacted between sessions?\n"
    )
    topics = (
        "The first meeting is a getting-to-know-each-other conversation. A good first meeting covers:\n\n"
        "- Introductions and each person's background and path so far.\n"
        "- What the mentee hopes to achieve and what the mentor can offer.\n"
        "- How progress will be reviewed and how feedback will be given.\n"
    )
    request = _mentee_request(
        "Any good questions I could ask my mentor at our first meeting?",
        [
            _passage(1, "First session", "Questions to ask in a first session", questions, 1.0, ["mentee"]),
            _passage(2, "First session", "What to talk about in the first meeting", topics, 0.9, ["mentee"]),
        ],
    )
    text = bot.generator.compose(request)
    # the mentee's list (the passage's opening sentence may come before it), not the mentor's
    assert "Questions the mentee can ask the mentor include: [1]" in text.split("\n"), text
    assert "decide to become a mentor?" in text and "worthwhile for you" not in text, text
    assert "Questions the mentor can ask" not in text, text
    assert first_role("A regular mentoring session can follow this agenda:") is None
    assert first_role("Mentorluk ilişkisinde mentorun görevi") == "mentor"


def test_a_question_about_a_whole_document_is_answered_section_by_section(bot):
    """ "What makes a good mentor?" retrieves a few of the qualities document's sections; the
    answer goes through every section (listening and trust were missing before)."""
    from assistant.retrieval import Retrieval

    answer = bot.ask("What makes someone a good mentor?", role="mentee")
    _assert_grounded(answer)
    text = answer.answer
    assert text.startswith("Qualities of a Good Mentor:"), text
    for heading in (
        "- Communication and active listening:",
        "- Trustworthiness:",
        "- Empathy and appreciation:",
    ):
        assert heading in text.split("\n"), text
    assert {c.source for c in answer.citations} == {"corpus/qualities-of-a-good-mentor.md"}
    assert "listens actively" in text and "trust the mentor" in text

    # a question about one section of a document is answered from the retrieved passages
    question = "How do I give my mentee critical feedback without crushing her?"
    found = bot.retriever.search(question, role="mentor")
    assert bot.overview(question, found) is None
    assert bot.overview(question, Retrieval(query=question, language="en", passages=[])) is None
    document = bot.retriever.document("corpus/qualities-of-a-good-mentor.md")
    assert [p.position for p in document] == sorted(p.position for p in document) and len(document) >= 7


def test_a_focus_list_is_quoted_with_the_sentences_around_it(bot):
    """The list of example questions answers "why does 'any feedback?' get nothing useful?" only
    with the passage's prose around it: the reason before it, the rule of thumb after it."""
    text_ = (
        "Asking a mentor for any feedback at all usually gets a polite answer that everything is fine. "
        "Vague requests give the other person nothing to hold on to, so they reply with a pleasantry. "
        "Examples of specific questions a mentee can ask:\n"
        "- Which part of my project plan sounded least convincing to you?\n"
        "- Did I come to our last meeting prepared enough?\n"
        "- What is one habit of mine in meetings that holds me back?\n\n"
        "Asking one to three specific questions at a time gets the most useful replies."
    )
    request = _mentee_request(
        "Why do I never get useful answers when I ask my mentor for any feedback?",
        [_passage(1, "Asking for feedback", "Specific questions", text_, 1.0, ["mentee"])],
    )
    text = bot.generator.compose(request)
    lines = text.split("\n")
    intro = lines.index("Examples of specific questions a mentee can ask: [1]")
    assert sum(line.startswith("- ") for line in lines) == 3, text
    reason = next(i for i, line in enumerate(lines) if "nothing to hold on to" in line)
    rule = next(i for i, line in enumerate(lines) if "one to three" in line)
    assert reason < intro < rule, text
    # a quoted question keeps its own end: no '?".' or '?.'
    assert "?." not in text and '?".' not in text


def test_a_list_quoted_in_part_in_a_paragraph_is_quoted_whole(bot):
    """A lead paragraph that quotes some items of a short list quotes all of them: the missing
    item ("ask questions before giving an answer") was the one the question was about."""
    text_ = (
        "A mentor helps a mentee weigh choices about a job offer without making the decision. "
        "Good guidance does not mean deciding for the mentee. A mentor can support the mentee by:\n"
        "- Asking thought-provoking questions before offering any answer of their own.\n"
        "- Sharing what they did in a similar situation and what they learned from it.\n"
        "- Pointing out risks or opportunities the mentee may have missed.\n"
        "- Accepting openly that the final decision belongs to the mentee."
    )
    units = [u for u, _ in units_with_intros(text_)]
    para = [(1, units.index(u), u, 1.0) for u in units if u.startswith(("Sharing", "Pointing"))]
    request = _mentee_request(
        "My mentee wants me to decide whether she should take a job offer. What should I do?",
        [_passage(1, "Guide", "Guidance and decisions", text_, 1.0, ["mentor"])],
    )
    whole = bot.generator.whole_lists(request, 1, para, set())
    assert sorted(t[2][:8] for t in whole) == ["Acceptin", "Asking t", "Pointing", "Sharing "]
    # a list longer than whole_list_items is left as quoted
    long_text = "Steps a mentor can take:\n" + "\n".join(
        f"- Step number {i} for the mentor to take." for i in range(9)
    )
    units = [u for u, _ in units_with_intros(long_text)]
    request = _mentee_request("What steps?", [_passage(1, "Guide", "Steps", long_text, 1.0, ["mentor"])])
    para = [(1, 1, units[1], 1.0)]
    assert bot.generator.whole_lists(request, 1, para, set()) == para


def _mentee_request(question: str, passages: list):
    """A composer request from a mentee, in English, over the given passages."""
    from assistant.generation import GenerationRequest

    return GenerationRequest(question=question, language="en", role="mentee", passages=passages)


def _two_chunks(title: str, heading: str, first: str, second: str, position: int, audience: list[str]):
    """Two retrieved passages that are neighbouring chunks of one section of one document."""
    return [
        _passage(1, title, heading, first, 1.0, audience).model_copy(update={"position": position}),
        _passage(2, title, heading, second, 0.7, audience).model_copy(
            update={"position": position + 1, "source": "guide1.md", "doc_id": "d1"}
        ),
    ]


def _passage(n: int, title: str, heading: str, text: str, score: float, audience: list[str]):
    """An English passage for composer tests, numbered ``n`` (id, source and doc id follow)."""
    from assistant.retrieval import Passage

    return Passage(
        id=f"p{n}",
        text=text,
        title=title,
        heading=heading,
        source=f"guide{n}.md",
        language="en",
        audience=audience,
        doc_id=f"d{n}",
        score=score,
    )


def test_a_list_of_explained_items_quoted_in_part_is_completed_by_each_items_first_sentence(bot):
    """Items that go on after their first sentence ("Empathy: ... It also ...") make a short list
    long in sentences; the items the paragraph left out are added by their first sentence only."""
    text_ = (
        "A good mentor has a few qualities:\n"
        "- Experience: the mentor knows the field well. They have worked in it for some years.\n"
        "- Listening: the mentor listens more than they talk. They check what they heard.\n"
        "- Reliability: the mentee can count on the mentor. Keeping promises builds that trust.\n"
        "- Empathy: the mentor appreciates the mentee's effort and point of view. It shows in small ways."
    )
    units = [u for u, _ in units_with_intros(text_)]
    assert len(units) == 9  # the intro and two sentences per item: more than whole_list_items
    para = [(1, units.index(u), u, 1.0) for u in units if u.startswith(("Experience", "They have"))]
    request = _mentee_request(
        "What should I look for in a mentor?",
        [_passage(1, "Guide", "Qualities", text_, 1.0, ["mentee"])],
    )
    whole = [t[2] for t in bot.generator.whole_lists(request, 1, para, set())]
    labels = [u.split(":")[0] for u in whole if ":" in u]
    assert labels == ["Experience", "Listening", "Reliability", "Empathy"]
    # the other items' later sentences stay out, and so does what is already quoted elsewhere
    assert "They check what they heard." not in whole and "It shows in small ways." not in whole
    used = {next(u for u in units if u.startswith("Empathy"))}
    assert not any(t[2].startswith("Empathy") for t in bot.generator.whole_lists(request, 1, para, used))


def test_a_paragraph_ending_in_a_list_cut_by_a_chunk_boundary_gets_the_rest_of_the_list(bot):
    """Steps 1-4 end one chunk and step 5 ("contact the coordinator after two attempts") opens the
    next; when both were retrieved, the answer's paragraph quotes step 5 too, cited to its chunk."""
    head = "An unresponsive partner"
    first = (
        "Cancelled sessions and unanswered messages are common problems in a mentoring pair. "
        "The person affected can take these steps in order:\n"
        "1. **Assume good faith.** Workload or illness are more likely causes than lost interest.\n"
        "2. **Send one friendly message.** Offer two or three concrete times for the next meeting.\n"
        "3. **Raise it at the next meeting.** Say that the cancellations make progress hard.\n"
        "4. **Look at the agreement.** Check what it says about notice for cancelling."
    )
    second = (
        "4. **Look at the agreement.** Check what it says about notice for cancelling.\n"
        "5. **Contact the coordinator.** Do so when two attempts over about three weeks get no reply.\n\n"
        "Organising the meetings is the mentee's job, so a waiting mentor may assume lost interest."
    )
    passages = _two_chunks("When things go wrong", head, first, second, 2, ["mentor"])
    request = _mentee_request("My mentee keeps cancelling our sessions. What should I do?", passages)
    text = bot.generator.compose(request)
    lines = text.split("\n")
    step4 = next(i for i, line in enumerate(lines) if "Look at the agreement" in line)
    assert "Contact the coordinator" in lines[step4 + 1] and lines[step4 + 1].endswith("[2]"), text
    assert text.count("Look at the agreement") == 1, text


def test_an_overview_quotes_the_list_of_the_section_that_answers_best_whole(bot):
    """An overview gives one sentence per section; the section that answers the question best
    ("what does a mentor get out of it?") gives its whole short list, where one item was all
    the answer had of what a mentor gains (the network and passing on knowledge were missing)."""
    from assistant.generation import GenerationRequest

    sections = {
        "How often to meet": "Most pairs meet once a month for about an hour, in person or by video call.",
        "What a mentee gains": (
            "A mentee gains in several ways:\n"
            "- Advice: the mentee hears how someone else handled similar choices at work.\n"
            "- Confidence: the mentee tries challenges they would otherwise have avoided.\n"
            "- Contacts: the mentee meets people in the field through the mentor."
        ),
        "What a mentor gains": (
            "A mentor usually gains as much as they give:\n"
            "- Passing on experience: the mentor hands on lessons that would otherwise be lost.\n"
            "- Reflection: explaining their choices makes the mentor think about their own practice.\n"
            "- Network: the mentor gets to know a new generation of people in the field.\n"
            "- Satisfaction: the mentor enjoys watching someone grow with their help."
        ),
    }
    passages = [
        _passage(1, "Mentoring", heading, text_, 1.0, ["mentor"]).model_copy(
            update={"id": f"s{i}", "position": i, "source": "guide.md", "doc_id": "d"}
        )
        for i, (heading, text_) in enumerate(sections.items())
    ]
    request = GenerationRequest(
        question="What does a mentor get out of mentoring?",
        language="en",
        role="mentor",
        passages=passages,
        task="overview",
    )
    text = bot.generator.overview(request)
    for item in ("Passing on experience", "Reflection", "Network", "Satisfaction"):
        assert f"- {item}:" in text and text.count(item) == 1, text
    # another section's list keeps its one best item
    assert sum(item in text for item in ("Advice:", "Confidence:", "Contacts:")) == 1, text


def test_a_list_intro_chosen_as_a_sentence_too_is_said_once():
    """The last sentence before a list is both a prose sentence and the list's intro; when the
    composer picked it as prose it must not be printed again as the intro."""
    from assistant.generation import _paragraph

    intro = "Mentoring is easily confused with neighbouring relationships."
    lines = _paragraph(
        1,
        [
            ("A mentor is not a manager.", ""),
            (intro, ""),
            ("A coach works on a short-term goal.", intro),
            ("A line manager assigns work.", intro),
        ],
    )
    assert lines == [
        "A mentor is not a manager. [1]",
        "",
        f"{intro} [1]",
        "- A coach works on a short-term goal. [1]",
        "- A line manager assigns work. [1]",
    ]
    # only the intro line is dropped from the prose, which is printed alone when it is all there is
    assert _paragraph(1, [(intro, ""), ("A coach works on a short-term goal.", intro)])[0] == f"{intro} [1]"


@pytest.mark.parametrize(
    "question",
    [
        "Can my mentor be my line manager?",
        "What's the difference between a mentor and a coach?",
        "Is peer mentoring simply mentoring between two colleagues?",
    ],
)
def test_no_sentence_is_repeated_in_an_answer(bot, question):
    answer = bot.ask(question, role="mentee")
    assert not answer.refused
    said = [re.sub(r"^- ", "", line.strip()) for line in answer.answer.splitlines() if len(line.strip()) > 30]
    assert len(said) == len(set(said)), answer.answer


def test_a_further_point_reads_on_its_own(bot):
    """The further points ("The guidance also suggests:") are single sentences out of their
    paragraph: one that leans on the sentence before it ("This sample names the recipient ...",
    the first sentence of the chunk after the sample) is not one of them."""
    from assistant.generation import _standalone
    from assistant.sentences import ANAPHORA

    assert not _standalone((4, 0, "This sample names the recipient and the session.", 1.0))
    assert _standalone((4, 3, "A sample request names the recipient and the session.", 1.0))
    # nor is an item of a list whose intro is in the chunk before
    from assistant.generation import GenerationRequest

    cut = _passage(
        1, "Agreement", "Meetings", "- Meeting frequency: every three weeks.\n\nThe pair signs it.", 1.0, []
    )
    request = GenerationRequest(question="How often do we meet?", passages=[cut])
    assert not _standalone((1, 0, "Meeting frequency: every three weeks.", 1.0), request)
    assert _standalone((1, 1, "The pair signs it.", 1.0), request)
    question = "I want my mentor's feedback on a presentation I gave. How should I word the request?"
    answer = bot.ask(question, role="mentee")
    assert not answer.refused
    points = answer.answer.split("The guidance also suggests:")[-1].splitlines()
    leaning = [p for p in points if p.startswith("- ") and ANAPHORA.match(p[2:])]
    assert not leaning, answer.answer
