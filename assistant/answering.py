"""Grounded question answering: validation, follow-up rewriting, retrieval, refusal, generation,
grounding check, citations. ``Assistant`` holds the loaded parts; ``Conversation`` the turns.

Use::

    from assistant import Assistant, Settings
    bot = Assistant(Settings())
    answer = bot.ask("Who sends the meeting invitations?", role="mentee")
    print(answer.answer, answer.citations)
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Iterator

from pydantic import BaseModel, Field

from .calibration import load_calibration
from .corpus import detect_language, normalise_text
from .generation import GenerationRequest, Generator, condense_offline, create_generator, is_followup, role_in
from .grounding import GroundingChecker
from .guard import system_prompt_guard
from .index import GuidanceIndex
from .retrieval import HybridRetriever, Passage, Retrieval
from .scope import domain_probability, domain_similarity
from .sentences import citations_in, clean_markdown, units
from .settings import ROLES, Settings

REFUSALS = {
    "en": (
        "That question is outside the mentoring guidance I work from, so I can't answer it reliably. "
        "I can help with mentoring: preparing for a session, meeting agendas, goals and action items, "
        "asking for and giving feedback, confidentiality, and what mentees, mentors and coordinators "
        "are responsible for."
    ),
    "tr": (
        "Bu soru dayandığım mentorluk rehberinin kapsamı dışında, bu yüzden güvenilir bir yanıt veremem. "
        "Mentorlukla ilgili konularda yardımcı olabilirim: görüşmeye hazırlık, görüşme gündemleri, "
        "hedefler ve eylem maddeleri, geri bildirim istemek ve vermek, gizlilik ve mentee, mentor ile "
        "koordinatörlerin sorumlulukları."
    ),
}
NOT_COVERED = {
    "en": "The guidance I work from does not cover this. Topics close to it that it does cover:",
    "tr": "Dayandığım rehber bu konuyu kapsamıyor. Kapsadığı yakın konular şunlar:",
}
NO_ANSWER = {
    "en": "The guidance I have does not answer this directly. Try rephrasing, or ask about a related "
    "mentoring topic.",
    "tr": "Elimdeki rehber bu soruyu doğrudan yanıtlamıyor. Soruyu farklı sözcüklerle sormayı ya da ilgili "
    "bir mentorluk konusunu sormayı deneyin.",
}
UNVERIFIED = {
    "en": "Note: the {model} model's answer could not be verified against the guidance, so this answer "
    "quotes the guidance directly.",
    "tr": "Not: {model} modelinin yanıtı rehberle doğrulanamadığı için bu yanıt doğrudan rehberden "
    "alıntı yapıyor.",
}
SUPPORTED_LANGUAGES = ("en", "tr")
_TR_LETTERS = re.compile(r"[ğışİĞŞıçöüÇÖÜ]")


class QuestionError(ValueError):
    """The question cannot be answered as given (empty, too long, bad role...)."""


class Citation(BaseModel):
    n: int
    source: str
    title: str
    heading: str
    text: str
    score: float
    passage_id: str = ""
    audience: list[str] = []

    @classmethod
    def from_passage(cls, passage: Passage, n: int) -> Citation:
        return cls(
            n=n,
            source=passage.source,
            title=passage.title,
            heading=passage.heading,
            text=passage.text,
            score=passage.score,
            passage_id=passage.id,
            audience=passage.audience,
        )


class Answer(BaseModel):
    question: str
    answer: str
    refused: bool
    language: str
    searched_for: str
    citations: list[Citation] = []
    role: str | None = None
    generator: str = "offline"
    unsupported: list[str] = Field(
        default_factory=list, description="Sentences removed by the grounding check."
    )
    in_scope: float = 1.0
    outcome: str = Field(
        "answer",
        description="'answer'; 'not_covered' (about mentoring, not in the guidance); 'outside' (refused).",
    )
    seconds: float = 0.0

    def public(self) -> dict:
        """The JSON object of the CLI: question, answer, refused, language, searched_for, citations."""
        data = self.model_dump(
            include={"question", "answer", "refused", "outcome", "language", "searched_for"}
        )
        data["citations"] = [c.model_dump(exclude={"passage_id", "audience"}) for c in self.citations]
        return data


class Turn(BaseModel):
    question: str
    searched_for: str
    answer: str
    language: str
    role: str | None = None


class Conversation(BaseModel):
    """The turns of one user's conversation (keep one per user/session)."""

    turns: list[Turn] = []

    def history(self) -> list[tuple[str, str]]:
        return [(t.searched_for, t.answer) for t in self.turns if t.answer]

    def clear(self) -> None:
        self.turns.clear()

    def to_markdown(self) -> str:
        out = ["# Mentoring conversation", ""]
        for t in self.turns:
            out += [f"**You:** {t.question}", "", t.answer, ""]
        return "\n".join(out)


_TR_WORDS = {
    "nedir",
    "nasıl",
    "neden",
    "niçin",
    "kim",
    "kimin",
    "ne",
    "hangi",
    "mı",
    "mi",
    "mu",
    "mü",
    "midir",
    "mıdır",
    "misin",
    "mısın",
    "ve",
    "ile",
    "için",
    "bir",
    "bu",
    "peki",
    "ya",
    "gibi",
    "daha",
    "zaman",
    "olarak",
    "var",
    "yok",
    "değil",
    "ama",
    "çok",
    "nerede",
    "kaç",
}
_EN_WORDS = {
    "the",
    "a",
    "an",
    "what",
    "how",
    "why",
    "who",
    "when",
    "which",
    "is",
    "are",
    "do",
    "does",
    "should",
    "can",
    "i",
    "my",
    "me",
    "and",
    "or",
    "for",
    "to",
    "of",
    "in",
    "about",
    "with",
    "it",
    "you",
}


def question_language(question: str, fallback: str = "en") -> str:
    """'tr' or 'en' (the languages answers are written in); short questions use their words."""
    # Turkish letters in a lower-case word; a name ("Çınar", "Gökçe") says nothing of the language
    if any(_TR_LETTERS.search(w) and not w[:1].isupper() for w in question.split()):
        return "tr"
    words = [w.lower() for w in re.findall(r"\w+", question)]
    tr, en = sum(w in _TR_WORDS for w in words), sum(w in _EN_WORDS for w in words)
    if tr != en and (tr or en):
        return "tr" if tr > en else "en"
    if len(words) < 4:
        return fallback
    lang = detect_language(question)
    return lang if lang in SUPPORTED_LANGUAGES else fallback


def clean_question(question: str, limit: int) -> str:
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    if len(question) > limit:
        raise QuestionError(
            f"The question is {len(question):,} characters long; the limit is {limit:,}. "
            "Please shorten it to the part you want answered."
        )
    text = normalise_text(question.replace("\x00", " "))
    text = re.sub(r"\s+", " ", text).strip()
    if not re.search(r"\w", text):
        raise QuestionError("Please type a question: the message is empty.")
    return text


def check_role(role: str | None) -> str | None:
    if role in (None, "", "any"):
        return None
    role = role.strip().lower()
    if role not in ROLES:
        raise QuestionError(f"Unknown role {role!r}; choose one of: {', '.join(ROLES)}.")
    return role


def scope_features(retrieval: Retrieval, ml: float = 0.0) -> dict[str, float]:
    """Retrieval evidence that a question is covered by the guidance (inputs of the refusal model).

    ``dense``: best cosine between the question and a passage in its language; ``dense_x``: best
    cosine between its cross-lingual expansion and a passage in the other language; the ``_tr``
    variants let the model weigh the evidence differently for Turkish, where the English-trained
    embedding model is less reliable; ``ml``: best multilingual-scorer cosine between the question
    and a sentence of the retrieved passages (0 when the scorer is off); ``log_chunks``: log of
    the number of chunks searched. The best similarity found grows with the size of what is
    searched, so an in-scope question scores lower on a small index (a programme's own few
    documents) than on a large one; this feature lets the model move its threshold with the size.
    """
    tr = 1.0 if retrieval.language == "tr" else 0.0
    return {
        "ml": ml,
        "log_chunks": math.log(max(1, retrieval.searched)),
        "dense": retrieval.top_dense,
        "dense_x": retrieval.top_dense_expansion,
        "tr": tr,
        "dense_tr": retrieval.top_dense * tr,
        "dense_x_tr": retrieval.top_dense_expansion * tr,
    }


def multilingual_evidence(scorer, question: str, retrieval: Retrieval) -> float:
    """Best multilingual cosine between the question and any sentence of the retrieved passages."""
    if scorer is None or not retrieval.passages:
        return 0.0
    texts = [clean_markdown(u) for p in retrieval.passages for u in units(p.text) if len(u) >= 20][:120]
    if not texts:
        return 0.0
    return float((scorer.passages(texts) @ scorer.query(question)).max())


def in_scope_probability(retrieval: Retrieval, ml: float = 0.0) -> float:
    cal = load_calibration()
    feats = scope_features(retrieval, ml)
    z = cal.scope_bias + sum(w * feats.get(name, 0.0) for name, w in cal.scope_weights.items())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


class Assistant:
    """Loaded parts for answering: index, retriever, generator, grounding check (lazily built)."""

    def __init__(
        self,
        settings: Settings | None = None,
        index: GuidanceIndex | None = None,
        generator: Generator | None = None,
    ):
        self.settings = settings or Settings()
        self.index = index or GuidanceIndex(self.settings)
        self.retriever = HybridRetriever(self.index, self.settings)
        self._generator = generator
        self._grounding: GroundingChecker | None = None
        self._lock = threading.Lock()

    @property
    def generator(self) -> Generator:
        with self._lock:
            if self._generator is None:
                self._generator = create_generator(self.settings, self.index.embeddings)
            return self._generator

    @property
    def grounding(self) -> GroundingChecker:
        if self._grounding is None:
            self._grounding = GroundingChecker(self.index.embeddings, scorer=self.scorer)
        return self._grounding

    def _offline(self):
        from .compose.composer import Composer
        from .compose.encoder import EmbeddingEncoder

        return Composer(self.scorer or EmbeddingEncoder(self.index.embeddings), self.settings.composer)

    @property
    def scorer(self):
        from .multilingual import load_scorer

        return load_scorer(self.settings.multilingual_scorer)

    @property
    def generator_name(self) -> str:
        return getattr(self.generator, "name", self.settings.generator)

    # ------------------------------------------------------------------ steps
    def outcome_of_unanswered(self, question: str, retrieval: Retrieval) -> str:
        """'not_covered' when a question the guidance does not answer is about mentoring, else
        'outside' (see ``scope``)."""
        if not retrieval.passages:
            return "outside"
        cal = load_calibration()
        similarity = domain_similarity(self.scorer, question)
        p = domain_probability(similarity, cal.domain_weight, cal.domain_bias)
        return "not_covered" if p >= 0.5 else "outside"

    def rewrite(self, question: str, conversation: Conversation | None) -> str:
        history = conversation.history() if conversation else []
        if not is_followup(question, history):
            return question
        if self.generator_name == "offline":
            return condense_offline(question, history)
        text = "".join(
            self.generator.stream(GenerationRequest(task="condense", question=question, history=history))
        )
        text = text.strip().strip('"').split("\n")[0].strip()
        return text if 3 <= len(text) <= 400 else condense_offline(question, history)

    def stream(
        self,
        question: str,
        role: str | None = None,
        conversation: Conversation | None = None,
        language: str | None = None,
    ) -> Iterator[str | Answer]:
        """Yield text pieces as they are generated, then the final, checked ``Answer``."""
        started = time.perf_counter()
        question = clean_question(question, self.settings.max_question_chars)
        role = check_role(role)
        previous_lang = conversation.turns[-1].language if conversation and conversation.turns else "en"
        lang = language if language in SUPPORTED_LANGUAGES else question_language(question, previous_lang)
        searched_for = self.rewrite(question, conversation)
        followup = searched_for != question
        search_role = role_in(question) if followup and role_in(question) else role
        retrieval = self.retriever.search(searched_for, role=search_role, language=lang)
        ml = multilingual_evidence(self.scorer, searched_for, retrieval)
        p_scope = in_scope_probability(retrieval, ml)
        refused = not retrieval.passages or (p_scope < load_calibration().scope_threshold and not followup)

        answer = Answer(
            question=question,
            answer="",
            refused=refused,
            language=lang,
            searched_for=searched_for,
            role=role,
            generator=self.generator_name,
            in_scope=round(p_scope, 4),
        )
        if refused:
            answer.outcome = self.outcome_of_unanswered(searched_for, retrieval)
            if answer.outcome == "not_covered":
                answer.answer, answer.citations = not_covered(retrieval.passages, lang)
            else:
                answer.answer = REFUSALS.get(lang, REFUSALS["en"])
            yield answer.answer
        else:
            passages = self.retriever.whole_sections(retrieval.passages, self.settings.section_max_chars)
            request = GenerationRequest(
                task="answer",
                question=searched_for if followup else question,
                language=lang,
                role=role,
                passages=passages,
                history=conversation.history() if conversation else [],
                expansion=retrieval.expansion,
                term_weights=retrieval.term_weights,
            )
            pieces = []
            # whole sentences, none repeating a system prompt (see assistant/guard.py)
            for piece in system_prompt_guard().filter_stream(self.generator.stream(request)):
                pieces.append(piece)
                yield piece
            raw = "".join(pieces).strip()
            checked, report = self.grounding.apply(raw, passages, lang) if raw else ("", None)
            answer.unsupported = [c.text for c in report.sentences if not c.supported] if report else []
            if not citations_in(checked) and self.generator_name != "offline":
                # nothing the model wrote could be verified: quote the guidance instead
                fallback = self._offline().compose(request).strip()
                note = UNVERIFIED.get(lang, UNVERIFIED["en"]).format(model=self.generator_name)
                checked = f"{fallback}\n\n{note}" if fallback else note
            if not citations_in(checked):
                checked = NO_ANSWER.get(lang, NO_ANSWER["en"])
            answer.answer, answer.citations = renumber(checked, passages)
        answer.seconds = round(time.perf_counter() - started, 3)
        if conversation is not None:
            conversation.turns.append(
                Turn(
                    question=question,
                    searched_for=searched_for,
                    answer=answer.answer,
                    language=lang,
                    role=role,
                )
            )
        yield answer

    def ask(
        self,
        question: str,
        role: str | None = None,
        conversation: Conversation | None = None,
        language: str | None = None,
    ) -> Answer:
        final = None
        for item in self.stream(question, role=role, conversation=conversation, language=language):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final


def not_covered(passages: list[Passage], language: str, count: int = 3) -> tuple[str, list[Citation]]:
    """The reply to a mentoring question the guidance does not cover: it says so, and names the
    closest sections it does cover (each cited), so the user can ask about those."""
    lines = [NOT_COVERED.get(language, NOT_COVERED["en"]), ""]
    seen: set[str] = set()
    cited: list[Passage] = []
    for p in passages:
        where = f"{p.title} › {p.heading}" if p.heading else p.title
        if where in seen:
            continue
        seen.add(where)
        cited.append(p)
        lines.append(f"- {where} [{len(cited)}]")
        if len(cited) == count:
            break
    return "\n".join(lines), [Citation.from_passage(p, n) for n, p in enumerate(cited, 1)]


def renumber(text: str, passages: list[Passage]) -> tuple[str, list[Citation]]:
    """Number cited passages 1..m in order of first citation; drop uncited ones."""
    mapping: dict[int, int] = {}
    for n in citations_in(text):
        if 1 <= n <= len(passages) and n not in mapping:
            mapping[n] = len(mapping) + 1
    new = re.sub(r"\[(\d{1,3})\]", lambda m: f"[{mapping.get(int(m.group(1)), m.group(1))}]", text)
    citations = [
        Citation.from_passage(passages[old - 1], new_n)
        for old, new_n in sorted(mapping.items(), key=lambda kv: kv[1])
    ]
    return new, citations
