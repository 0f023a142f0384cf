"""Choosing what an answer quotes: the passage that answers, its answering part, and at most a
few supporting points from other passages.

1. Each of the first ``candidate_passages`` passages (in the answer's language) is valued by its
   best-scoring sentence or whole list, less ``rank_penalty`` per place below the retriever's
   first and ``role_penalty`` when it is written for another role. The best one answers.
2. In it, a list that scores close to its best prose sentence (``list_margin``) is the body,
   given whole with its intro; otherwise the best sentence leads, with the sentence it leans on
   and neighbours that score close to it (``adjacent_margin``, ``lead_sentences``); when the
   lead's paragraph goes on into a list on the question's topic (``point_floor``), the list
   follows it whole, as in the passage.
3. Supporting points come from the other passages by Maximal Marginal Relevance: relevant
   (``point_margin``, ``point_floor``), new (``repeat_similarity``), fitting the role, standalone.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from assistant.compose.config import ComposerConfig
from assistant.compose.scoring import Scores, passage_misfit, role_misfit
from assistant.compose.structure import ListBlock, PassageStructure, Unit
from assistant.language.sentences import clean_markdown, opening_answer_word


class Quote(BaseModel):
    n: int  # the passage's number in the request: its citation
    text: str


class Selection(BaseModel):
    """What an answer quotes, in the order it is laid out."""

    n: int  # the answering passage
    heading: str = ""  # named when the lead leans on a sentence the passage does not hold
    lead: list[Quote] = []
    intro: str = ""
    items: list[str] = []
    more: int = 0  # items of the list left out
    points: list[Quote] = []
    score: float = 0.0  # the answering part's relevance
    duties_of: str = ""  # the role whose duties ``listed`` gives (``compose.duties``)
    listed: list[Quote] = []  # lines from several passages, listed, each with its citation
    listed_from: list[str] = []  # the document title of each listed line

    def quoted(self) -> list[str]:
        quoted = [q.text for q in self.lead] + ([self.intro] if self.intro else []) + self.items
        return quoted + [q.text for q in self.listed]


def choose(
    structures: list[PassageStructure], scores: Scores, wanted: set[str], config: ComposerConfig
) -> tuple[Selection | None, float]:
    """The body of the answer: the best body of each candidate passage, valued by its relevance,
    its heading's relevance, its rank and its role fit."""
    best, best_value = None, -np.inf
    for rank, s in enumerate(structures[: config.candidate_passages]):
        if not s.units:
            continue
        b = answer_list(s, scores, config, wanted)
        body = list_body(s, b, scores, config) if b is not None else prose_body(s, scores, config, wanted)
        value = body.score + config.heading_weight * scores.headings.get(s.n, 0.0)
        value -= config.rank_penalty * rank + config.role_penalty * passage_misfit(s.passage, wanted)
        value -= config.opposite_penalty * (s.n in scores.opposed)
        if value > best_value:
            best, best_value = body, value
    return best, best_value


def answer_list(s: PassageStructure, scores: Scores, config: ComposerConfig, wanted: set[str]) -> int | None:
    """The list of ``s`` that answers at least about as well as its prose, if any. A list is
    valued by the best of: the list as a whole, its intro, its best item. A list of things not
    to do answers only a question about what not to do."""
    usable = [
        b
        for b, block in enumerate(s.lists)
        if (block.intro or not block.opens_passage) and _may_answer(block, scores, wanted)
    ]
    if not usable:
        return None
    intros = {u.position: s.list_of_intro(u) for u in s.prose()}

    def value(b: int) -> float:
        return list_score(s, b, scores, intros)

    b = max(usable, key=value)
    prose = max((scores.unit(s, u) for u in s.prose() if intros[u.position] is None), default=-1.0)
    return b if value(b) >= prose - config.list_margin else None


def list_score(s: PassageStructure, b: int, scores: Scores, intros: dict | None = None) -> float:
    """A list's relevance: the best of the list as a whole, its intro and its items. A list
    without an intro is valued by its items alone: read as a whole it is a bag of its items,
    which E5 rates by the names it repeats ("Wiki: go/launchpad; Slack: #launchpad-help" for
    "How often do Launchpad pairs meet?")."""
    intros = intros if intros is not None else {u.position: s.list_of_intro(u) for u in s.prose()}
    parts = [scores.lists[(s.n, b)]] if s.lists[b].intro else []
    parts += [scores.unit(s, u) for u in s.units if u.list_no == b or intros.get(u.position) == b]
    return max(parts, default=scores.lists[(s.n, b)])


def list_items(s: PassageStructure, b: int, scores: Scores, config: ComposerConfig) -> tuple[list[str], int]:
    """The items of list ``b`` as quoted (at most ``max_list_items``) and how many are left out."""
    block: ListBlock = s.lists[b]
    whole = [" ".join(item) for item in block.items]
    if sum(len(i.split()) for i in whole) > config.list_item_words:
        # each item by its first sentence (its label), except the item holding the best sentence
        members = [u for u in s.units if u.list_no == b]
        best = max(members, key=lambda u: scores.unit(s, u)).item_no if members else None
        whole = [" ".join(item) if i == best else item[0] for i, item in enumerate(block.items)]
    shown = whole[: config.max_list_items]
    return shown, len(whole) - len(shown)


def list_body(s: PassageStructure, b: int, scores: Scores, config: ComposerConfig) -> Selection:
    block: ListBlock = s.lists[b]
    shown, more = list_items(s, b, scores, config)
    lead: list[Quote] = []
    prose = [u for u in s.prose() if s.list_of_intro(u) != b]
    if prose:
        top = max(prose, key=lambda u: scores.unit(s, u))
        # a prose sentence that answers more directly than the list, and than each of its
        # items, leads it
        parts = [scores.lists[(s.n, b)], *(scores.unit(s, u) for u in s.units if u.list_no == b)]
        if scores.unit(s, top) > max(parts) and not top.leans_back:
            lead = [Quote(n=s.n, text=top.text)]
    return Selection(
        n=s.n,
        heading="" if block.intro else s.passage.heading,
        lead=lead,
        intro=block.intro,
        items=shown,
        more=more,
        score=scores.lists[(s.n, b)] if block.intro else list_score(s, b, scores),
    )


def prose_body(s: PassageStructure, scores: Scores, config: ComposerConfig, wanted: set[str]) -> Selection:
    """The passage's best sentence (prose or one list item's), with the sentence it leans on and
    the neighbours in the same paragraph or item that score close to it."""
    candidates = [
        u
        for u in s.units
        if s.list_of_intro(u) is None
        and not (
            _orphan_item(s, u) or _contrary(s, u, scores) or u.points_elsewhere or _misfit_item(s, u, wanted)
        )
        and not _in_quote(s, u)
        and (scores.asks_sample if u.sample else not _asks(u))  # a sample may ask, as messages do
    ] or s.units
    lead = max(candidates, key=lambda u: scores.unit(s, u))
    top = scores.unit(s, lead)
    if lead.sample:  # a sample message asked for is quoted whole, from its section
        run = _sample_run(s, lead)
        return Selection(
            n=s.n, heading=s.passage.heading, lead=[Quote(n=s.n, text=u.text) for u in run], score=top
        )
    chosen = [lead]
    heading = ""
    unsequenced = lead.unsequenced() if lead.leans_back else None
    alone = {lead.position: unsequenced} if unsequenced else {}
    first = lead
    while first.leans_back and not alone:  # "Second, each pair ..." leads as "Each pair ..."
        # the sentence it leans on comes first, and the one that leans on in turn ("The email goes
        # to both. It gives each name. It does not include phone numbers."), within the paragraph
        before = s.before(first)
        if before is not None and before.sample and scores.asks_sample:
            chosen[:0] = _sample_run(s, before)  # "This sample names ..." after the sample it names
            break
        if (
            before is None
            or not _together(before, first)
            or before.sample
            or len(chosen) >= config.lead_sentences
        ):
            heading = s.passage.heading or s.passage.title
            break
        chosen.insert(0, before)
        first = before
    for neighbour in _neighbours(s, lead):
        if len(chosen) >= config.lead_sentences:
            break
        if (
            neighbour in chosen  # already quoted: the sentence the lead leans on
            or (neighbour.position < lead.position and neighbour.leans_back)
            or _asks(neighbour)
            or neighbour.sample
        ):
            continue  # "It isn't." before the lead would lean on a sentence the answer leaves out
        if scores.unit(s, neighbour) >= top - config.adjacent_margin:
            chosen.append(neighbour)
    chosen.sort(key=lambda u: u.position)
    if opening_answer_word(chosen[0].text) and s.passage.heading.split(" › ")[-1].rstrip().endswith("?"):
        heading = s.passage.heading  # "From “Does it cost anything?”:", then "No. ..."
    # a lead too short to say much alone ("A common example is a 90-minute session built around
    # an assessment.") goes on with the sentences after it, as the passage does
    following = _following(s, chosen[-1])
    while following and sum(len(u.text.split()) for u in chosen) < config.min_lead_words:
        if len(chosen) >= config.lead_sentences or scores.unit(s, following[0]) < config.point_floor:
            break  # (a sentence off the question's topic ends the lead)
        if _asks(following[0]) or following[0].sample:
            break
        chosen.append(following.pop(0))
    lead_quotes = [Quote(n=s.n, text=alone.get(u.position, u.text)) for u in chosen]
    b = _introduced_list(s, chosen[-1], scores, config, wanted)
    if b is not None:
        # the lead's paragraph goes on into a list ("... ask for support. Contact the coordinator
        # when:"): the list is what the lead announces, so it follows whole, as in the passage
        shown, more = list_items(s, b, scores, config)
        return Selection(
            n=s.n,
            heading=heading,
            lead=lead_quotes,
            intro=s.lists[b].intro,
            items=shown,
            more=more,
            score=top,
        )
    return Selection(n=s.n, heading=heading, lead=lead_quotes, score=top)


def _sample_run(s: PassageStructure, unit: Unit) -> list[Unit]:
    """The sentences of the quoted sample ``unit`` belongs to, in order."""
    run = [unit]
    before, after = s.before(unit), _following(s, unit)
    while before is not None and before.sample:
        run.insert(0, before)
        before = s.before(before)
    for u in after:
        if not u.sample:
            break
        run.append(u)
    return run


def _introduced_list(
    s: PassageStructure, last: Unit, scores: Scores, config: ComposerConfig, wanted: set[str]
) -> int | None:
    """The list whose intro comes right after ``last`` in its paragraph, when it may answer: two
    items or more, not a list of things not to do (unless asked), on the question's topic."""
    at = s.units.index(last)
    if at + 1 >= len(s.units) or last.list_no is not None:
        return None
    b = s.list_of_intro(s.units[at + 1])
    if b is None or s.list_of_intro(last) is not None:
        return None
    if not _may_answer(s.lists[b], scores, wanted):
        return None
    return b if scores.lists[(s.n, b)] >= config.point_floor else None


def _may_answer(block: ListBlock, scores: Scores, wanted: set[str]) -> bool:
    """Whether a list may answer: two items or more, not a list of don'ts for "what should I
    do?", not introduced for another role ("Within a day, the mentee should:" for a mentor)."""
    return (
        len(block.items) >= 2
        and (scores.asks_negated or not block.negated)
        and not role_misfit(block.intro, [], wanted)
    )


def _asks(u: Unit) -> bool:
    """A prose sentence that asks ("PeerLink asks: are you OK, and how do you get through the
    parts nobody teaches you?"): an article's question to its reader answers nothing. (A list
    item may be one of the questions to ask that a list gives.)"""
    return u.list_no is None and clean_markdown(u.text).rstrip(' "”’)').endswith("?")


def _contrary(s: PassageStructure, u: Unit, scores: Scores) -> bool:
    """An item of a list of things not to do, read without its intro, for a question that is not
    about what not to do ("Act as a line manager." answering "What is expected of me?")."""
    return u.list_no is not None and s.lists[u.list_no].negated and not scores.asks_negated


def _misfit_item(s: PassageStructure, u: Unit, wanted: set[str]) -> bool:
    """An item of a list introduced for another role ("Within a day, the mentee should:")."""
    return u.list_no is not None and role_misfit(s.lists[u.list_no].intro, [], wanted)


def _together(a: Unit, b: Unit) -> bool:
    """Whether two sentences are in the same paragraph or the same list item."""
    return (a.list_no, a.item_no) == (b.list_no, b.item_no)


def _orphan_item(s: PassageStructure, u: Unit) -> bool:
    """An item of a list whose intro is in the chunk before: it does not say what it is."""
    return u.list_no is not None and s.lists[u.list_no].opens_passage and not s.lists[u.list_no].intro


def _following(s: PassageStructure, unit: Unit) -> list[Unit]:
    """The sentences after ``unit`` in its paragraph or item, in order."""
    at = s.units.index(unit)
    out = []
    for u in s.units[at + 1 :]:
        if not _together(u, unit) or s.list_of_intro(u) is not None:
            break
        out.append(u)
    return out


def _neighbours(s: PassageStructure, unit: Unit) -> list[Unit]:
    """The sentences right after and right before ``unit`` in its paragraph or item."""
    at = s.units.index(unit)
    out = []
    for j in (at + 1, at - 1):
        if 0 <= j < len(s.units) and _together(s.units[j], unit) and s.list_of_intro(s.units[j]) is None:
            out.append(s.units[j])
    return out


def supporting_points(
    structures: list[PassageStructure],
    body: Selection,
    scores: Scores,
    wanted: set[str],
    config: ComposerConfig,
    budget: int,
) -> list[Quote]:
    """At most ``max_points`` one-line points from passages other than the body's, by MMR."""
    floor = max(config.point_floor, body.score - config.point_margin)
    pool: list[tuple[float, np.ndarray, Quote, int]] = []
    for s in structures:
        if s.n == body.n or passage_misfit(s.passage, wanted):
            continue
        for u in s.units:
            quote = _point_text(s, u, scores, config.point_floor)
            rel = scores.unit(s, u)
            if quote is None or rel < floor or _misfit_item(s, u, wanted):
                continue
            pool.append((rel, scores.vectors[(s.n, u.position)], Quote(n=s.n, text=quote), s.n))
    taken = [scores.vectors[(body.n, u.position)] for u in _body_units(structures, body)]
    quoted = " ".join(body.quoted())
    points: list[Quote] = []
    used_passages: set[int] = set()
    while pool and len(points) < config.max_points:

        def mmr(c):
            sim = max((float(c[1] @ t) for t in taken), default=0.0)
            return config.novelty_lambda * c[0] - (1 - config.novelty_lambda) * sim, sim

        rel, vector, quote, n = max(pool, key=lambda c: mmr(c)[0])
        pool = [c for c in pool if c[2] is not quote]
        if mmr((rel, vector))[1] > config.repeat_similarity or quote.text in quoted or n in used_passages:
            continue
        words = len(quote.text.split())
        if budget - words < 0:
            continue
        budget -= words
        points.append(quote)
        used_passages.add(n)
        taken.append(vector)
    return points


def _point_text(s: PassageStructure, u: Unit, scores: Scores, floor: float) -> str | None:
    """A unit as a point that reads alone, or None: a list item carries its intro; a sentence
    that leans on the one before drops a word that only orders it ("Second, ...") or comes with
    that sentence, as a lead does; a sentence of a quoted sample message ("Could you send me a
    few lines by next Wednesday ..."), set off or inline, is none."""
    if u.sample or s.list_of_intro(u) is not None or _in_quote(s, u) or _asks(u):
        return None  # (an intro says nothing alone)
    if u.leans_back:
        return _with_antecedent(s, u, scores, floor)
    if u.list_no is None:
        word = opening_answer_word(u.text)  # "No." answers the passage's question, not this one
        return u.text[len(word) :] if word else u.text
    block = s.lists[u.list_no]
    if not block.intro.endswith(":") or u.item_no is None or block.items[u.item_no][0] != u.text:
        return None
    return f"{block.intro} {u.text}"


def _with_antecedent(s: PassageStructure, u: Unit, scores: Scores, floor: float) -> str | None:
    """A leaning prose sentence made to read alone: without its sequencing word, or after the
    sentence it leans on when that one is in the same paragraph, stands alone and is on the
    question's topic too (``floor``: "I thought this was a bit of ceremony. It isn't." is not)."""
    if u.list_no is not None:
        return None
    alone = u.unsequenced()
    if alone is not None:
        return alone
    before = s.before(u)
    if before is None or not _together(before, u) or before.leans_back or before.sample:
        return None
    if s.list_of_intro(before) is not None or opening_answer_word(before.text) or _in_quote(s, before):
        return None
    if scores.unit(s, before) < floor:
        return None
    return f"{before.text} {u.text}"


def _in_quote(s: PassageStructure, u: Unit) -> bool:
    """Whether a sentence opens or closes a quotation it does not hold whole: the last sentence
    of a quoted sample message ('Could we keep the last fifteen minutes for action items?"'),
    which the passage closes right after it."""
    text = u.text
    at = s.passage.text.find(text)
    closes = at >= 0 and s.passage.text[at + len(text) : at + len(text) + 1] in ('"', "”")
    return closes or text.count('"') % 2 == 1 or text.count("“") != text.count("”")


def _body_units(structures: list[PassageStructure], body: Selection) -> list[Unit]:
    s = next(s for s in structures if s.n == body.n)
    texts = {t.casefold() for t in body.quoted()}
    return [u for u in s.units if any(u.text.casefold() in t or t in u.text.casefold() for t in texts)]
