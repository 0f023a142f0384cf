"""What the page shows of untrusted text: ``escape`` for questions, answers and guidance, and
``sources_markdown`` for the cited passages, with the quoted sentences ``highlight``-ed."""

import html

from assistant.answering.answer import Answer
from assistant.interfaces.audit import provenance
from assistant.language.sentences import answer_sentences, citations_in, strip_citations
from assistant.retrieval.passages import place


def escape(text: str) -> str:
    """Show text literally inside Markdown: no HTML, no script, no auto-links."""
    return html.escape(text, quote=False)


def sources_markdown(answer: Answer, uploaded: dict | None = None) -> str:
    """Each cited passage, with the sentences the answer quoted from it highlighted; nothing for a
    refusal (no empty "Sources" line). A passage of a coordinator's upload says so: ``uploaded``
    maps its source to the upload's audit event."""
    if not answer.citations:
        return ""
    quoted: dict[int, list[str]] = {}
    for sentence in answer_sentences(answer.answer):
        for n in citations_in(sentence):
            quoted.setdefault(n, []).append(strip_citations(sentence).replace("**", ""))
    out = []
    for c in answer.citations:
        where = place(c.title, c.heading)
        quote = highlight(escape(c.text), [escape(q) for q in quoted.get(c.n, [])])
        quote = quote.replace("\n", "\n> ")
        event = (uploaded or {}).get(c.source)
        origin = f" · programme material, {provenance(event)}" if event else ""
        out.append(f"**[{c.n}] {escape(where)}**  \n`{escape(c.source)}`{escape(origin)}\n\n> {quote}\n")
    return "\n".join(out)


def highlight(text: str, sentences: list[str]) -> str:
    """``text`` with each of ``sentences`` found in it (as quoted, less a final full stop, and
    with its first letter as the passage writes it: "Each pair meets ..." quotes "Second, each
    pair meets ...") marked."""
    for sentence in sentences:
        core = sentence.rstrip(".").strip()
        if len(core) >= 12 and core not in text:
            core = core[0].lower() + core[1:]
        if len(core) >= 12 and core in text:
            text = text.replace(core, f"<mark>{core}</mark>", 1)
    return text
