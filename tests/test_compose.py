"""The answer-first composer's selection and layout, with a fake encoder (no model, no index).

``FakeEncoder`` turns a text into a normalised bag of its lower-cased words, so a sentence that
shares the question's words scores high: enough to test what is chosen and how it is laid out.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
import pytest

from assistant.answering.grounding import is_framing, quoted_verbatim
from assistant.compose.composer import Composer
from assistant.compose.config import ComposerConfig
from assistant.compose.scoring import (
    answer_roles,
    asked_part,
    asks_definition,
    asks_for_sample,
    passage_misfit,
    role_misfit,
    roles_named,
    wanted_roles,
)
from assistant.compose.structure import PassageStructure
from assistant.generators.base import GenerationRequest
from assistant.retrieval import Passage
from assistant.settings import ROLES

pytestmark = pytest.mark.unit

STOP = {
    "a",
    "an",
    "the",
    "to",
    "of",
    "and",
    "or",
    "is",
    "are",
    "what",
    "should",
    "i",
    "my",
    "do",
    "for",
    "in",
}


class FakeEncoder:
    """A deterministic stand-in for the E5 scorer: hashed bag-of-words vectors."""

    dims = 512

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dims, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            if word not in STOP:
                v[zlib.crc32(word.rstrip("s").encode()) % self.dims] += 1.0
        norm = np.linalg.norm(v)
        return v / norm if norm else v

    def query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dims))

    @staticmethod
    def rescale(cos):
        return np.asarray(cos)


def passage(
    text: str, heading: str = "", audience=("mentee", "mentor"), n: int = 0, language="en"
) -> Passage:
    return Passage(
        id=f"p{n}-{zlib.crc32(text.encode())}",
        text=text,
        title="Guide",
        heading=heading,
        source=f"corpus/guide{n}.md",
        language=language,
        audience=list(audience),
        doc_id=f"d{n}",
        score=1.0,
    )


BRING = passage(
    "Arriving prepared shows respect for the mentor's time.\n\n"
    "Bring these things to every session:\n\n"
    "- Your agenda for the session.\n- A notebook for notes.\n- Your calendar to book the next date.\n"
    "- The action items from last time.\n",
    heading="What to bring to a session",
    n=1,
)
MENTOR_PREP = passage(
    "Before each session the mentor can reread the notes of the last session and bring an article to share.",
    heading="The mentor's preparation",
    n=2,
)
MANAGER = passage(
    "Mentoring is a relationship between two people. A mentor should normally not be the mentee's own "
    "line manager, because a manager also assesses the mentee. Mentoring differs from coaching.",
    heading="Mentoring and management",
    n=3,
)


def compose(question: str, passages: list[Passage], role=None, **config) -> str:
    composer = Composer(FakeEncoder(), ComposerConfig(**config))
    return composer.compose(GenerationRequest(question=question, role=role, passages=passages))


def test_a_list_that_answers_is_given_whole_with_its_intro_and_cited_once_per_item():
    text = compose("What should I bring to a session?", [BRING, MENTOR_PREP], role="mentee")
    lines = text.splitlines()
    assert lines[0] == "Bring these things to every session: [1]"
    assert [ln for ln in lines if ln.startswith("- ")][:4] == [
        "- Your agenda for the session. [1]",
        "- A notebook for notes. [1]",
        "- Your calendar to book the next date. [1]",
        "- The action items from last time. [1]",
    ]


def test_a_long_list_is_cut_with_and_n_more():
    text = compose("What should I bring to a session?", [BRING], max_list_items=2)
    assert "- … and 2 more in the source [1]" in text
    assert "calendar" not in text


def test_the_mentors_section_is_not_used_for_a_mentees_answer():
    text = compose("What should I bring to the session?", [BRING, MENTOR_PREP], role="mentee")
    assert "reread the notes" not in text
    # a mentee asking about the mentor's part gets it
    text = compose("What does my mentor bring to the session?", [MENTOR_PREP, BRING], role="mentee")
    assert text.startswith("Before each session the mentor")


def test_a_prose_answer_leads_with_the_sentence_that_answers():
    text = compose("Can my line manager be my mentor?", [MANAGER])
    assert text.startswith("A mentor should normally not be the mentee's own line manager")
    assert "Mentoring differs from coaching" not in text


def test_the_asked_part_of_a_question_that_sets_the_scene_first():
    assert asked_part("My mentor is abroad, so we meet on video. Anything I should do differently?") == (
        "Anything I should do differently?"
    )
    assert asked_part("Mentorum yurt dışında. Neye dikkat etmeliyim?") == "Neye dikkat etmeliyim?"
    assert asked_part("What should I bring?") is None  # nothing but the question
    assert asked_part("Tell me about agendas. And about notes.") is None  # nothing asked


def test_a_scene_setting_question_is_answered_by_what_it_asks():
    scene = passage(
        "A session with a mentor abroad may start late in the evening. "
        "Test the video link and audio before the call starts.",
        n=8,
    )
    question = "My mentor is abroad and a session may start late in the evening. What should I test?"
    one = {"lead_sentences": 1, "min_lead_words": 0, "lexical_weight": 0.0}
    assert compose(question, [scene], asked_weight=0.0, **one).startswith("A session with a mentor abroad")
    assert compose(question, [scene], **one).startswith("Test the video link")


@pytest.mark.parametrize(
    ("text", "leans"),
    [
        ("This keeps the session focused.", True),
        ("Keep it accurate if anything changes.", True),
        ("In those cases the peer mentor talks to their manager.", True),
        ("In that session, the pair reviews the goals.", True),
        ("After that, the coordinator sends the survey.", True),
        ("Check that the video link works.", False),
        ("A weak relationship, by contrast, tends to fade.", True),
        ("However, the mentee sends the invitation.", True),
        ("Instead of advice, ask a question.", False),
        ("First, both mentors and mentees attend a training session.", True),
        ("A better approach is to invite the mentor to discuss it.", True),
        ("Another option is a shared document.", True),
        ("A mentor should first listen.", False),
        ("**For this reason,** both people agree the limits.", True),
        ("Is this still the right goal?", False),
        ("Make sure that the mentee sends the agenda.", False),
        ("Send the agenda a few days ahead.", False),
        ("Both should agree how to stay in touch.", True),
        ("The pair should agree how they would handle such a situation.", True),
        ("Mentors should actively invite this kind of comment.", True),
        ("Bring material such as a draft CV.", False),
        ("Çift bu tür durumlarda koordinatöre yazar.", True),
        ("Both mentors and mentees must commit to the full period.", False),  # "both ... and" pairs
        ("Your peer mentor is not.", True),  # the verb left out
        ("Most pairs do too.", True),
        ("They can't.", True),
        ("Agree how much time they have.", False),  # a verb, not an auxiliary
    ],
)
def test_a_pronoun_as_first_or_second_word_leans_on_the_sentence_before(text, leans):
    from assistant.compose.structure import Unit

    assert Unit(text=text, position=0).leans_back is leans


AGREEMENT = passage(
    "A mentoring agreement is a short written document for the pair. "
    "The agreement should record the goals, the meeting frequency and the channel.",
    heading="The agreement",
    n=9,
)


def test_a_definition_leads_only_the_answer_to_a_question_asking_what_something_is():
    one = {"lead_sentences": 1, "min_lead_words": 0, "lexical_weight": 0.0}
    question = "What should the mentoring agreement record?"
    assert compose(question, [AGREEMENT], definition_penalty=0.0, **one).startswith(
        "A mentoring agreement is"
    )
    assert compose(question, [AGREEMENT], **one).startswith("The agreement should record")
    assert compose("What is a mentoring agreement?", [AGREEMENT], **one).startswith(
        "A mentoring agreement is"
    )
    # a sentence saying what something else is defines no term of the question
    length = passage("Sixty minutes is a practical default for a session. Plan the agenda ahead.", n=10)
    assert compose("How long should a session last?", [length], **one).startswith("Sixty minutes is")


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What is speed mentoring?", True),
        ("What's a mentoring agreement?", True),
        ("What does reverse mentoring mean?", True),
        ("Mentorluk nedir?", True),
        ("What should the mentoring agreement include?", False),
        ("How do I prepare for a session?", False),
    ],
)
def test_a_question_asking_what_something_is(question, asks):
    assert asks_definition(question) is asks


def test_a_sentence_that_leans_back_carries_the_one_before_it():
    p = passage("The mentee sends every invitation. This keeps the mentee in charge of the invitations.", n=4)
    text = compose("Who keeps charge of the invitations?", [p])
    assert text.startswith("The mentee sends every invitation. [1] This keeps")


def test_the_sentence_a_lead_leans_on_is_quoted_once_even_when_it_scores_as_a_neighbour():
    text = "Every mentor attends the workshop on listening. It covers listening and confidentiality."
    p = passage(text, n=4)
    text = compose("Which workshop covers listening?", [p], min_lead_words=0)
    assert text.count("Every mentor attends the workshop") == 1


def test_a_lead_leaning_on_a_sentence_that_leans_back_in_turn_carries_both():
    p = passage(
        "The welcome email goes to both people. It gives each name and role. "
        "It does not include phone numbers for the invitations.",
        n=4,
    )
    text = compose("Does the email include phone numbers for the invitations?", [p], adjacent_margin=0.0)
    assert text.startswith(
        "The welcome email goes to both people. [1] It gives each name and role. [1] It does not"
    )


def test_a_neighbour_before_the_lead_that_leans_back_is_not_quoted_with_it():
    p = passage(
        "I thought so at first. It matters for the invitations. The mentee keeps charge of the invitations.",
        n=4,
    )
    text = compose("Who keeps charge of the invitations?", [p], adjacent_margin=1.0, min_lead_words=0)
    assert text.startswith("The mentee keeps charge of the invitations. [1]")


def test_a_section_headed_with_the_opposite_of_what_is_asked_loses_opposite_penalty():
    receive = passage(
        "Thank the person who gives you feedback and act on it.", heading="Feedback you receive", n=1
    )
    give = passage("Name one behaviour and one next step when you give it.", heading="Giving it well", n=2)
    question = "How do I give feedback?"
    assert compose(question, [receive, give], opposite_penalty=0.0).startswith("Thank the person")
    assert compose(question, [receive, give], opposite_penalty=0.5).startswith("Name one behaviour")
    # a heading naming both is no opposite
    both = receive.model_copy(update={"heading": "Feedback you give and receive"})
    assert compose(question, [both, give], opposite_penalty=0.5).startswith("Thank the person")


def test_supporting_points_add_something_new_and_stay_within_the_budget():
    other = passage("A notebook helps you record the agreed action items for next time.", n=5)
    repeat = passage("Your agenda for the session, please.", n=6)
    question = "What should I bring to a session, and why a notebook?"
    text = compose(question, [BRING, other, repeat], point_floor=0.1, point_margin=1, repeat_similarity=0.8)
    assert "Related:\n- A notebook helps you record" in text
    assert "[3]" not in text  # it repeats the body
    short = compose(question, [BRING, other], point_floor=0.1, point_margin=1, word_budget=30)
    assert "Related:" not in short


def test_a_supporting_point_drops_a_word_that_only_places_it_in_a_sequence():
    from assistant.compose.structure import Unit

    assert Unit("Second, each pair meets monthly.", 0).unsequenced() == "Each pair meets monthly."
    assert Unit("Finally, this keeps the pair on track.", 0).unsequenced() is None  # "this" still leans
    assert Unit("However, a notebook helps.", 0).unsequenced() is None  # it answers the sentence before
    ordered = passage("Plan the year.\n\nSecond, a notebook helps you record the action items.", n=5)
    question = "What should I bring to a session, and why a notebook?"
    text = compose(question, [BRING, ordered], point_floor=0.1, point_margin=1)
    assert "Related:\n- A notebook helps you record the action items. [2]" in text


def test_a_lead_that_only_leans_back_by_its_sequencing_word_leads_without_it():
    p = passage("Plan the year together. Second, a notebook helps you record why the session matters.", n=5)
    text = compose("Why does a notebook help in a session?", [p], lead_sentences=1, min_lead_words=0)
    assert text.startswith("A notebook helps you record why the session matters. [1]")


def test_a_leaning_supporting_point_comes_with_the_sentence_it_leans_on_when_that_is_on_topic():
    leaning = passage(
        "Paper is cheap for a session. However, a notebook helps you record why the session matters.", n=5
    )
    question = "What should I bring to a session, and why a notebook?"
    text = compose(question, [BRING, leaning], point_floor=0.1, point_margin=1)
    assert "- Paper is cheap for a session. [2] However, a notebook helps" in text
    quoted = passage(
        'Say it: "I enjoyed it. Could we keep a session for why a notebook helps?" '
        "Mentors should invite this kind of comment about why the session matters.",
        n=7,
    )
    assert "Could we" not in compose(question, [BRING, quoted], point_floor=0.1, point_margin=1)
    off_topic = passage(
        "I thought so too. However, a notebook helps you record why the session matters.", n=6
    )
    assert "However" not in compose(question, [BRING, off_topic], point_floor=0.1, point_margin=1)


def test_a_sentence_of_a_quoted_sample_message_is_no_supporting_point():
    sample = passage(
        "A short request works best.\n\n> Hi Sam, could you send me a notebook of notes by Wednesday?\n",
        n=8,
    )
    structure = PassageStructure.read(sample, 1)
    assert [u.sample for u in structure.units] == [False, True]
    question = "What should I bring to a session, and a notebook of notes?"
    text = compose(question, [BRING, sample], point_floor=0.1, point_margin=1)
    assert "Hi Sam" not in text


def test_a_list_opening_a_whole_section_answers_under_its_heading():
    contacts = passage(
        "- Programme team: team@example.org\n- Wellbeing service: wellbeing@example.org\n"
        "- Campus security: 0100 000 999\n",
        heading="Contacts",
        n=9,
    )
    question = "Who are the contacts of the wellbeing service and campus security?"
    # a chunk's first list may be the second half of a list cut at the chunk's start
    assert "Campus security" not in compose(question, [contacts]).split("\n")[0]
    whole = contacts.model_copy(update={"whole_section": True})
    text = compose(question, [whole])
    assert text.startswith("From “Contacts”:\n- Programme team: team@example.org. [1]\n")
    assert "- Campus security: 0100 000 999. [1]" in text


def test_a_list_without_an_intro_is_valued_by_its_items_not_by_the_names_it_repeats():
    from assistant.compose.scoring import Scores
    from assistant.compose.selection import list_score

    text = "- Lead: Priya\n- Wiki: go/launchpad\n- Chat: #launchpad-help\n"
    s = PassageStructure.read(passage(text, heading="Contacts", n=1), 1)
    # E5 rates the list read as a whole (a bag of its items) by the name it repeats
    scores = Scores({(1, 0): 0.3, (1, 1): 0.5, (1, 2): 0.4}, {(1, 0): 0.9}, {}, {})
    assert list_score(s, 0, scores) == 0.5
    introduced = PassageStructure.read(passage("Who to ask:\n\n" + text, n=2), 1)
    units = {(1, u.position): 0.4 for u in introduced.units}
    assert list_score(introduced, 0, Scores(units, {(1, 0): 0.9}, {}, {})) == 0.9


def test_a_heading_that_addresses_the_reader_is_for_the_role_the_title_names():
    deck = passage("- Listen first.\n- Share context.\n", heading="Your role", audience=ROLES, n=10)
    deck = deck.model_copy(update={"title": "Harbour Mentor Onboarding"})
    assert passage_misfit(deck, {"coordinator"}) and not passage_misfit(deck, {"mentor"})
    assert not passage_misfit(deck.model_copy(update={"heading": "Contacts"}), {"coordinator"})


def test_an_answer_from_passages_in_another_language_says_so():
    tr = passage("Mentee her görüşmeye gündem getirir. Defter de getirir.", n=7, language="tr")
    request = GenerationRequest(question="Gündem kim getirir?", language="en", passages=[tr])
    text = Composer(FakeEncoder()).compose(request)
    assert text.startswith("The guidance on this is written in Turkish")


def test_nothing_to_quote_gives_an_empty_answer():
    assert Composer(FakeEncoder()).compose(GenerationRequest(question="Anything?", passages=[])) == ""


def test_roles():
    assert roles_named("The mentor's preparation") == {"mentor"}
    assert roles_named("Mentorun hazırlığı") == {"mentor"}
    assert wanted_roles("mentee", "What does my mentor do?") == {"mentee", "mentor"}
    assert wanted_roles(None, "What should I bring?") == set()
    assert role_misfit("The mentor's preparation", ["mentee", "mentor"], {"mentee"})
    assert not role_misfit("The mentor's preparation", ["mentee", "mentor"], set())
    assert role_misfit("Running the cohort", ["coordinator"], {"mentee"})
    assert not role_misfit("Running the cohort", ["mentee", "mentor", "coordinator"], {"mentee"})


def test_a_counterpart_named_only_in_the_scene_is_not_what_the_answer_is_about():
    assert answer_roles("mentor", "My mentee cried in our session. What should I do?") == {"mentor"}
    assert answer_roles("mentor", "Mentee'm görevleri yapmadan geldi. Nasıl davranmalıyım?") == {"mentor"}
    # named in what is asked, or asked about without a scene, the other role is wanted
    assert answer_roles("mentor", "My mentee is upset. What should my mentee do?") == {"mentor", "mentee"}
    assert answer_roles("mentee", "What does my mentor prepare?") == {"mentee", "mentor"}
    assert answer_roles(None, "My mentee is upset. What now?") == {"mentee"}


def test_a_counterpart_named_as_the_object_of_a_preposition_is_not_what_the_answer_is_about():
    assert answer_roles("mentee", "What if I don't get along with my mentor?") == {"mentee"}
    assert answer_roles("mentor", "How should I give feedback to my mentee?") == {"mentor"}
    assert answer_roles("mentee", "Mentorumla anlaşamıyorum, ne yapmalıyım?") == {"mentee"}
    # the object of a verb, or named again as a subject, the other role stays wanted
    assert answer_roles("mentee", "What should I ask my mentor?") == {"mentee", "mentor"}
    assert answer_roles("mentee", "Should I talk to my mentor about what my mentor expects?") == {
        "mentee",
        "mentor",
    }


def test_a_list_whose_intro_is_for_another_role_does_not_answer():
    after = passage(
        "Within a day of the session, the mentee should:\n\n- Write up notes on the session.\n"
        "- Send a thank-you after the session.\n\n"
        "After the session the mentor should note what to ask next time.",
        heading="After the session",
        n=1,
    )
    question = "My mentee was upset in our session. What should I do after the session?"
    text = compose(question, [after], role="mentor")
    assert text.startswith("After the session the mentor") and "Write up notes" not in text


def test_structure_groups_list_items_under_their_intro():
    s = PassageStructure.read(BRING, 1)
    assert len(s.lists) == 1 and s.lists[0].intro == "Bring these things to every session:"
    assert [u.list_no for u in s.units] == [None, None, 0, 0, 0, 0]


def test_quoted_sentences_are_checked_without_a_model_and_pointers_are_framing():
    assert quoted_verbatim("A notebook for notes. [1]", BRING.text)
    assert not quoted_verbatim("A laptop for notes. [1]", BRING.text)
    assert is_framing("- … and 2 more in the source [1]")
    assert not is_framing("- A notebook for notes. [1]")
    # the composer's own framing lines, however long
    assert is_framing("The guidance on this is written in Turkish; here is what it says:")
    assert is_framing("Bu konudaki rehber İngilizce yazılmış; şunları söylüyor:")
    assert not is_framing("The guidance says mentors should always do what is written here, and more:")


def test_chunks_of_one_section_are_joined_without_their_overlap():
    from assistant.retrieval.hybrid import join_chunks

    first = "A first session can follow this agenda:\n\n- Introductions.\n- Goals."
    second = "A first session can follow this agenda:\n- Goals.\n- Next date.\n\nThe agenda is a guide."
    assert join_chunks([first, second]) == (
        "A first session can follow this agenda:\n\n- Introductions.\n- Goals.\n- Next date.\n\n"
        "The agenda is a guide."
    )
    # the carried intro closes a paragraph in the chunk before: it is not repeated either
    first = "The pair then reflects. Useful questions include:  \n- What changed?\n- What helped?"
    second = "Useful questions include:\n- What helped?\n- What surprised you?  \nWrite it down."
    assert join_chunks([first, second]) == (
        "The pair then reflects. Useful questions include:  \n- What changed?\n- What helped?\n"
        "- What surprised you?  \nWrite it down."
    )


def test_sources_mark_the_sentences_the_answer_quoted_and_a_refusal_shows_none():
    from assistant.answering.answer import Answer, Citation
    from assistant.interfaces.ui import sources_markdown

    citation = Citation(
        n=1, source="corpus/guide1.md", title="Guide", heading="Bring", text=BRING.text, score=1
    )
    answer = Answer(
        question="q",
        answer="- A notebook for notes. [1]",
        refused=False,
        language="en",
        searched_for="q",
        citations=[citation],
    )
    assert "<mark>A notebook for notes</mark>" in sources_markdown(answer)
    ordered = citation.model_copy(update={"text": "Plan first. Second, each pair meets about once a month."})
    unordered = answer.model_copy(
        update={"answer": "Each pair meets about once a month. [1]", "citations": [ordered]}
    )
    assert "Second, <mark>each pair meets about once a month</mark>." in sources_markdown(unordered)
    refusal = answer.model_copy(update={"refused": True, "citations": [], "outcome": "outside"})
    assert sources_markdown(refusal) == ""


HELP = (
    "Coordinators help pairs, and a pair should involve the coordinator before the relationship "
    "collapses. {intro}\n\n{items}"
)


def test_a_lead_whose_paragraph_introduces_a_list_goes_on_into_the_list_whole():
    items = (
        "- The partner has not replied after two attempts.\n- Meetings keep being cancelled.\n"
        "- The match feels wrong to the pair.\n"
    )
    p = passage(
        HELP.format(intro="Ask the coordinator for help when:", items=items), heading="Getting help", n=1
    )
    lines = compose("When should a pair involve the coordinator?", [p], role="mentor").splitlines()
    assert lines[0].startswith("Coordinators help pairs")
    assert lines[2:] == [
        "Ask the coordinator for help when: [1]",
        "- The partner has not replied after two attempts. [1]",
        "- Meetings keep being cancelled. [1]",
        "- The match feels wrong to the pair. [1]",
    ]


def test_a_list_off_the_question_topic_does_not_follow_the_lead():
    items = "- Lunch is served at noon.\n- Parking is free on weekends.\n"
    p = passage(HELP.format(intro="Some other notes follow:", items=items), heading="Getting help", n=1)
    text = compose("When should a pair involve the coordinator?", [p], role="mentor")
    assert "Lunch" not in text and text.startswith("Coordinators help pairs")


def test_a_prose_sentence_leads_a_list_only_when_it_beats_each_item_too():
    p = passage(
        "The mentor and line manager roles differ. Mentoring differs from other relationships:\n\n"
        "- Coaching: a coach works on short goals with a client.\n"
        "- Line management: a line manager assigns work. "
        "A mentor should not be the mentee's own line manager.\n"
        "- Friendship: a friendship has no set purpose.\n",
        heading="Neighbouring relationships",
        n=1,
    )
    text = compose("Can my mentor be my line manager?", [p], role="mentee")
    assert text.startswith("Mentoring differs from other relationships: [1]")
    assert "roles differ" not in text


def test_a_faqs_yes_or_no_is_quoted_with_the_question_it_answers():
    faq = passage(
        "No. The programme is free, and mentors give their time as volunteers.",
        heading="Does it cost anything?",
        n=1,
    )
    policy = passage("Volunteers give their time. The programme covers travel to the campus.", n=2)
    question = "Can I bring a friend to the programme for free as a volunteer?"
    lead = compose(question, [faq, policy])
    # "No." answers the FAQ's question, not the reader's: the lead names the question it answers
    assert lead.startswith("From “Does it cost anything?”:\nNo. The programme is free")
    point = compose(
        "Does the programme cover travel for volunteers?", [policy, faq], point_floor=0, point_margin=1
    )
    assert "- The programme is free, and mentors give their time as volunteers. [2]" in point


def test_a_question_an_article_asks_its_reader_neither_leads_nor_is_a_point():
    article = passage(
        "Ending a pairing early asks: what happens to the mentee now? "
        "A pairing that ends early is ended by an email to the scheme's address.",
        heading="Ending a pairing early",
        n=1,
    )
    other = passage("Who ends a pairing early, and what happens next? Nobody is blamed.", heading="FAQ", n=2)
    text = compose("What happens if a pairing ends early?", [article, other])
    assert text.startswith("A pairing that ends early is ended by an email")
    assert "?" not in text


def test_a_sentence_cut_inside_a_quotation_does_not_lead():
    blog = passage(
        'My manager sent me the call for mentors with one line: "You would be good at this. '
        'Give it a go." Mentors are matched with a mentee from another team.',
        heading="How I became a mentor",
        n=1,
    )
    text = compose("Who becomes my mentor, someone from my team?", [blog])
    assert text.startswith("Mentors are matched with a mentee from another team.")


SAMPLE = passage(
    "A mentee can adapt this feedback request to their own tone.\n"
    "> Hi Sam, thanks for the session on my interview. Which of my interview answers was weakest? "
    "Could you send me your feedback by Wednesday?\n\n"
    "This sample names the session, one question and a deadline.",
    heading="A sample feedback request",
    n=5,
)


def test_questions_asking_for_an_example_or_the_words_to_use():
    assert asks_for_sample("Can you show me a sample feedback request?")
    assert asks_for_sample("What should I write to my mentor after the session?")
    assert asks_for_sample("Geri bildirim isteği için bir örnek verir misin?")
    assert not asks_for_sample("How do I ask my mentor for feedback?")


def test_a_quoted_sample_never_leads_an_answer_that_did_not_ask_for_one():
    text = compose("Which interview answers should I send by Wednesday?", [SAMPLE], min_lead_words=0)
    assert "Hi Sam" not in text and "Could you send" not in text


def test_a_sample_asked_for_is_quoted_whole_with_what_names_it():
    text = compose("Can you give me an example asking which interview answers were weakest?", [SAMPLE])
    body = text.split("Related:")[0]
    for sentence in ("Hi Sam", "Which of my interview answers", "Could you send me your feedback"):
        assert sentence in body
    assert body.index("Hi Sam") < body.index("Could you send")
