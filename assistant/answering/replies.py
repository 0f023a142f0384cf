"""The assistant's own replies: refusals, "not covered" with the closest topics, no answer, an
unverified model answer; and the renumbering of an answer's citations."""

from __future__ import annotations

import re

from assistant.answering.answer import Citation
from assistant.language.sentences import citations_in
from assistant.retrieval.hybrid import Passage
from assistant.retrieval.passages import place

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
NOT_COVERED_TERM = {
    "en": "The guidance I work from does not cover {term}. Topics close to it that it does cover:",
    "tr": "Dayandığım rehber “{term}” konusunu kapsamıyor. Kapsadığı yakın konular şunlar:",
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


def not_covered(
    passages: list[Passage], language: str, count: int = 3, term: str | None = None
) -> tuple[str, list[Citation]]:
    """The reply to a mentoring question the guidance does not cover: it says so (naming the
    ``term`` asked about, when there is one), and names the closest sections it does cover (each
    cited), so the user can ask about those."""
    says = (NOT_COVERED_TERM.get(language, NOT_COVERED_TERM["en"]).format(term=term)) if term else None
    lines = [says or NOT_COVERED.get(language, NOT_COVERED["en"]), ""]
    seen: set[str] = set()
    cited: list[Passage] = []
    for p in passages:
        where = place(p.title, p.heading)
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
