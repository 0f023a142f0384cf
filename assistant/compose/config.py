"""The composer's tuned numbers, each a named, documented field (``Settings.composer``).

Every value was chosen on the dev half of the eval datasets (``mentor-assistant eval``, see
``docs/answering.md``); the description of each field says what it does and what was measured.
Relevances are multilingual-E5 cosines rescaled to about 0..1 (``MultilingualScorer.rescale``).
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class ComposerConfig(BaseModel):
    """How the offline composer chooses and lays out an answer."""

    candidate_passages: int = Field(
        4, ge=1, le=20, description="Retrieved passages (best first) the answering passage is chosen among."
    )
    language_margin: float = Field(
        0.05,
        ge=0,
        le=1,
        description="A question is answered from passages in its own language when one of the "
        "candidates is in it and scores (retrieval score, best = 1) within this margin of the best.",
    )
    rank_penalty: float = Field(
        0.08,
        ge=0,
        le=1,
        description="Relevance a passage loses per place below the retriever's first: the retriever "
        "has already weighed BM25, both embeddings and the E5 re-ranker, so its order is evidence.",
    )
    heading_weight: float = Field(
        0.3,
        ge=0,
        le=2,
        description="Weight of the relevance of a passage's title and heading ('Closing session › "
        "Sample agenda') when the answering passage is chosen.",
    )
    asked_weight: float = Field(
        0.7,
        ge=0,
        le=1,
        description="Weight of a sentence's relevance to the question's asked part ('What should I "
        "check before a call?') against its relevance to the whole question, for questions that "
        "set the scene in sentences of their own (``scoring.asked_part``). Dev half: 0 -> budgeted "
        "0.526, direct 0.491; 0.3 -> 0.521, 0.509; 0.5 -> 0.538, 0.509; 0.7 -> 0.556, 0.526; "
        "1.0 -> 0.526, 0.509.",
    )
    lexical_weight: float = Field(
        0.2,
        ge=0,
        le=2,
        description="Weight of the IDF-weighted share of the question's words found in a sentence "
        "read with its heading and list intro: E5 rates a definition of 'mentoring session' close to "
        "any question naming one; the words asked about ('bring') tell the answer apart.",
    )
    definition_penalty: float = Field(
        0.5,
        ge=0,
        le=2,
        description="Relevance a sentence saying what something is ('A mentoring agreement is a "
        "short written document ...') loses unless the question asks what something is or means: "
        "E5 rates a definition of X close to any question naming X ('What should the mentoring "
        "agreement include?' was answered by the agreement's definition alone). Dev halves: 0, "
        "0.2, 0.3, 0.5 -> the same figures (budgeted 0.597, direct 0.544; foreign 0.691, 0.679): "
        "no dev answer leads with a definition; 0.5 is the least that takes one out of the lead "
        "in the fresh questions of docs/experiments/2026-12-07-definitions.md.",
    )
    subject_bonus: float = Field(
        0.05,
        ge=0,
        le=1,
        description="Relevance a sentence gains when the first role it names is the asker's ('The "
        "mentee should bring ...' for a mentee; 'A coordinator should match ...' for a coordinator).",
    )
    opposite_penalty: float = Field(
        0.3,
        ge=0,
        le=2,
        description="Relevance a passage loses when its section heading names the opposite of what "
        "the question asks about ('Feedback You Receive' for 'How do I give feedback?').",
    )
    role_penalty: float = Field(
        0.25,
        ge=0,
        le=2,
        description="Relevance a passage loses when its section or document is written for another "
        "role than the asker's (and than any role the question names).",
    )
    list_margin: float = Field(
        0.05,
        ge=-1,
        le=1,
        description="A passage's list answers (intro and whole list) when the list as a whole scores "
        "at least its best prose sentence minus this margin.",
    )
    max_list_items: int = Field(
        10, ge=1, le=50, description="Items of a list quoted whole; a longer list ends with 'and N more'."
    )
    duty_lines: int = Field(
        8,
        ge=1,
        le=20,
        description="Lines of an answer listing a role's duties ('What are my responsibilities as a "
        "mentor?', ``compose.duties``), one per section setting them out; the role guide lists as "
        "many. The shipped mentor and mentee documents give 6 such lines each in English and 8 in "
        "Turkish: every one fits.",
    )
    list_item_words: int = Field(
        120,
        ge=20,
        le=1000,
        description="When a whole list is longer than this many words, each item is quoted by its "
        "first sentence only (its label), so the list stays readable.",
    )
    lead_sentences: int = Field(
        3, ge=1, le=6, description="Most adjacent sentences quoted from the answering passage's prose."
    )
    min_lead_words: int = Field(
        40,
        ge=0,
        le=200,
        description="A prose lead shorter than this many words goes on with the sentences after it "
        "in its paragraph (up to lead_sentences, and while they score at least point_floor), as the "
        "passage does.",
    )
    adjacent_margin: float = Field(
        0.15,
        ge=0,
        le=1,
        description="A neighbour of the lead sentence is quoted with it when it scores within this "
        "margin of the lead.",
    )
    max_points: int = Field(2, ge=0, le=5, description="Supporting points from other passages, at most.")
    point_margin: float = Field(
        0.2,
        ge=0,
        le=1,
        description="A supporting point scores at least the lead's relevance minus this margin.",
    )
    point_floor: float = Field(
        0.35, ge=0, le=1, description="A supporting point's least relevance, whatever the lead's."
    )
    min_line_words: int = Field(
        3,
        ge=1,
        le=20,
        description="Fewest words of a workflow line (an agenda's purpose, a checklist item): a "
        "slide's 'Thanks!' or a table's 'Suggested focus' scores high on one word and says nothing. "
        "The shortest lines of the corpus workflows have 4 words ('Who will do it?').",
    )
    novelty_lambda: float = Field(
        0.7,
        ge=0,
        le=1,
        description="Maximal Marginal Relevance weight of relevance against novelty when points are "
        "chosen (Carbonell and Goldstein 1998; 0.6-0.7 is usual).",
    )
    repeat_similarity: float = Field(
        0.93,
        ge=0,
        le=1,
        description="Raw E5 cosine above which a point repeats a sentence already in the answer.",
    )
    word_budget: int = Field(
        150,
        ge=30,
        le=1000,
        description="Words an answer aims to stay within: supporting points are added only while "
        "the answer fits (a whole list may exceed it).",
    )
