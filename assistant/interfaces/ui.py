"""The Gradio chat UI for mentees, mentors and coordinators (``build_app`` / ``launch``).

Tabs: Chat (streaming answers, sources, "searched for", thumbs, export), Prepare a session
(agenda and feedback request with downloads), My role (responsibilities and situation coach) and
Coordinator (FAQ generation, document upload and ingest, indexed documents). Each browser session
keeps its own ``Conversation`` in ``gr.State``; the loaded ``Assistant`` is shared. Everything shown
is escaped, so HTML or script in a question or in guidance is displayed as text. Named API
endpoints (``/ask``, ``/agenda``, ``/feedback_request``, ``/responsibilities``, ``/faq``) serve
``gradio_client``.
"""

import html
import json
import tempfile
import threading
from datetime import date, datetime
from pathlib import Path

from assistant.answering.answer import Answer, Conversation, QuestionError
from assistant.answering.assistant import Assistant
from assistant.interfaces.audit import AuditLog, provenance
from assistant.language.sentences import answer_sentences, citations_in, strip_citations
from assistant.settings import ROLES, Settings, offline_environment

EXAMPLES = {
    "mentee": [
        "How should I prepare for my first session?",
        "Who sends the meeting invitations?",
        "How do I ask my mentor for useful feedback?",
    ],
    "mentor": [
        "What are my responsibilities as a mentor?",
        "My mentee keeps cancelling. What should I do?",
        "How do I give constructive feedback?",
    ],
    "coordinator": [
        "How should we match mentors and mentees?",
        "How often should I check in with each pair?",
        "How do we close a programme cohort well?",
    ],
}


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
        where = f"{c.title} › {c.heading}" if c.heading else c.title
        quote = highlight(escape(c.text), [escape(q) for q in quoted.get(c.n, [])])
        quote = quote.replace("\n", "\n> ")
        event = (uploaded or {}).get(c.source)
        origin = f" · programme material, {provenance(event)}" if event else ""
        out.append(f"**[{c.n}] {escape(where)}**  \n`{escape(c.source)}`{escape(origin)}\n\n> {quote}\n")
    return "\n".join(out)


def highlight(text: str, sentences: list[str]) -> str:
    """``text`` with each of ``sentences`` found in it (as quoted, less a final full stop) marked."""
    for sentence in sentences:
        core = sentence.rstrip(".").strip()
        if len(core) >= 12 and core in text:
            text = text.replace(core, f"<mark>{core}</mark>", 1)
    return text


class FeedbackStore:
    """Thumbs-down answers saved as candidate eval cases in ``data_dir/feedback/cases.jsonl``."""

    def __init__(self, settings: Settings):
        self.path = settings.data_dir / "feedback" / "cases.jsonl"
        self.enabled = settings.save_feedback
        self._lock = threading.Lock()

    def save(self, turn: dict) -> bool:
        if not self.enabled:
            return False
        record = {"saved_at": datetime.now().isoformat(timespec="seconds"), **turn}
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return True


def _language(choice: str) -> str | None:
    return None if choice in (None, "", "auto") else choice


def _tmp_file(name: str, data: str | bytes) -> str:
    folder = Path(tempfile.mkdtemp(prefix="mentor-"))
    path = folder / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return str(path)


def faq_handler(bot: Assistant):
    """The "Generate FAQ" handler: (summary, rows, CSV, Markdown, JSON files)."""
    import gradio as gr

    from assistant.workflows import WorkflowError, build_faq

    def make_faq(count, audience, language, progress=gr.Progress()):
        try:
            faq = build_faq(
                bot,
                int(count),
                _language(language) or "en",
                audience if audience in ROLES else None,
                progress=lambda done, total: progress(done / total, desc=f"{done}/{total} pairs"),
            )
        except WorkflowError as exc:
            return f"⚠️ {escape(str(exc))}", [], None, None, None
        rows = [
            [i.question, i.answer, ", ".join(sorted({c["source"] for c in i.citations}))] for i in faq.items
        ]
        summary = (
            f"{len(faq.items)} pairs · documents cited {faq.documents_cited}/{faq.documents_indexed} "
            f"({faq.coverage:.0%}) · duplicates dropped {faq.duplicates_dropped}"
        )
        return (
            summary,
            rows,
            _tmp_file("faq.csv", faq.to_csv()),
            _tmp_file("faq.md", faq.to_markdown()),
            _tmp_file("faq.json", faq.to_json()),
        )

    return make_faq


def build_app(
    settings: Settings | None = None, assistant: Assistant | None = None, audit: AuditLog | None = None
):
    offline_environment()
    import gradio as gr

    from assistant.workflows import (
        WorkflowError,
        build_agenda,
        build_faq,
        build_feedback_request,
        build_role_guide,
    )

    settings = settings or Settings()
    bot = assistant or Assistant(settings)
    store = FeedbackStore(settings)
    audit = audit or AuditLog(settings)

    # ------------------------------------------------------------------ chat
    def respond(message, history, conversation, records, role, language, query_override=None):
        history = list(history or [])
        conversation = conversation or Conversation()
        records = list(records or [])
        message = message or ""
        history.append({"role": "user", "content": escape(message)})
        history.append({"role": "assistant", "content": "…"})
        yield history, conversation, records, "", gr.update(), gr.update()
        try:
            final: Answer | None = None
            text = ""
            stream = bot.stream(
                query_override or message, role=role, conversation=conversation, language=_language(language)
            )
            for item in stream:
                if isinstance(item, Answer):
                    final = item
                else:
                    text += item
                    history[-1]["content"] = escape(text)
                    yield history, conversation, records, "", gr.update(), gr.update()
        except QuestionError as exc:
            history[-1]["content"] = f"⚠️ {escape(str(exc))}"
            yield history, conversation, records, "", gr.update(), gr.update()
            return
        assert final is not None
        if query_override:
            final.question = message
        history[-1]["content"] = escape(final.answer)
        records.append(
            {
                "question": final.question,
                "searched_for": final.searched_for,
                "answer": final.answer,
                "refused": final.refused,
                "passage_ids": [c.passage_id for c in final.citations],
                "sources": [c.source for c in final.citations],
                "role": role,
                "language": final.language,
            }
        )
        yield history, conversation, records, "", final.searched_for, sources_markdown(final, audit.uploads())

    def research(query, history, conversation, records, role, language):
        """Run the last question again with an edited search query."""
        last = next((m["content"] for m in reversed(history or []) if m["role"] == "user"), None)
        if not last or not (query or "").strip():
            yield history, conversation, records, "", gr.update(), gr.update()
            return
        yield from respond(html.unescape(last), history, conversation, records, role, language, query.strip())

    def on_like(data: gr.LikeData, records, history):
        if data.liked or data.index is None:
            return gr.update()
        index = data.index if isinstance(data.index, int) else data.index[0]
        answer_no = sum(1 for m in (history or [])[: index + 1] if m["role"] == "assistant") - 1
        if 0 <= answer_no < len(records or []):
            saved = store.save(records[answer_no] | {"thumbs": "down"})
            return gr.update(
                value="Thanks: saved as a case to review." if saved else "Feedback saving is off."
            )
        return gr.update()

    def export(history):
        lines = ["# Mentoring conversation", f"_Exported {datetime.now():%Y-%m-%d %H:%M}_", ""]
        for m in history or []:
            who = "**You:**" if m["role"] == "user" else "**Assistant:**"
            lines += [f"{who} {html.unescape(str(m['content']))}", ""]
        return _tmp_file("conversation.md", "\n".join(lines))

    def clear():
        return [], Conversation(), [], "", "", ""

    def examples_for(role):
        return [gr.update(value=q) for q in EXAMPLES.get(role, EXAMPLES["mentee"])]

    # ------------------------------------------------------------------ workflows
    def make_agenda(kind, minutes, goals, notes, start, role, language):
        try:
            agenda = build_agenda(
                bot,
                kind,
                int(minutes),
                [g for g in (goals or "").splitlines() if g.strip()],
                notes or None,
                role if role in ("mentee", "mentor") else "mentee",
                _language(language) or "en",
            )
            when = (
                datetime.fromisoformat(start)
                if (start or "").strip()
                else datetime.now().replace(minute=0, second=0, microsecond=0)
            )
        except (WorkflowError, ValueError) as exc:
            return f"⚠️ {escape(str(exc))}", None, None
        md = agenda.to_markdown()
        return (
            escape(md),
            _tmp_file(f"agenda-{kind}.md", md),
            _tmp_file(f"agenda-{kind}.ics", agenda.to_ics(when)),
        )

    def make_feedback(to, about, session_date, questions, tone, language):
        try:
            when = date.fromisoformat(session_date) if (session_date or "").strip() else None
            req = build_feedback_request(
                bot, to, about or None, when, int(questions), tone, _language(language) or "en"
            )
        except (WorkflowError, ValueError) as exc:
            return f"⚠️ {escape(str(exc))}", None
        md = req.to_markdown()
        return escape(md), _tmp_file("feedback-request.md", md)

    def make_role(role, situation, language):
        try:
            guide = build_role_guide(bot, role, situation or None, _language(language) or "en")
        except (WorkflowError, QuestionError) as exc:
            return f"⚠️ {escape(str(exc))}"
        return escape(guide.to_markdown())

    # ------------------------------------------------------------------ layout
    with gr.Blocks(title="Mentor assistant", analytics_enabled=False) as demo:
        gr.Markdown("# Mentor assistant\nAnswers grounded in the mentoring guidance, with sources.")
        with gr.Row():
            role = gr.Dropdown(list(ROLES), value="mentee", label="I am a", elem_id="role", scale=1)
            language = gr.Dropdown(
                ["auto", "en", "tr"], value="auto", label="Language", elem_id="language", scale=1
            )
        conversation = gr.State(Conversation)
        records = gr.State(list)
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"), gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(
                        height=620,
                        label="Conversation",
                        elem_id="chatbot",
                        feedback_options=["Like", "Dislike"],
                        sanitize_html=True,
                    )
                    with gr.Row():
                        msg = gr.Textbox(
                            placeholder="Ask about mentoring…",
                            show_label=False,
                            scale=5,
                            elem_id="question",
                            max_length=settings.max_question_chars,
                        )
                        send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                    with gr.Row():
                        ex = [gr.Button(q, size="sm", elem_classes=["example"]) for q in EXAMPLES["mentee"]]
                    with gr.Row():
                        searched = gr.Textbox(
                            label="Searched for (edit and search again)", elem_id="searched", scale=5
                        )
                        again = gr.Button("Search again", scale=1)
                    with gr.Row():
                        clear_btn = gr.Button("Clear chat", elem_id="clear")
                        export_btn = gr.DownloadButton("Export conversation (.md)", elem_id="export")
                    thanks = gr.Markdown("", elem_id="feedback-note")
                with gr.Column(scale=2), gr.Accordion("Sources", open=True, elem_id="sources-panel"):
                    sources = gr.Markdown("", elem_id="sources", sanitize_html=True)
            with gr.Tab("Prepare a session", id="prepare"):
                with gr.Row():
                    with gr.Column():
                        gr.Markdown("### Session agenda")
                        kind = gr.Radio(["first", "regular", "closing"], value="first", label="Session")
                        minutes = gr.Slider(10, 180, value=60, step=5, label="Minutes")
                        goals = gr.Textbox(label="Goals (one per line)", lines=3)
                        notes = gr.Textbox(label="Notes or focus topic")
                        start = gr.Textbox(label="Start (for the calendar file), e.g. 2026-12-01T10:00")
                        agenda_btn = gr.Button("Draft agenda", variant="primary", elem_id="agenda")
                    with gr.Column():
                        gr.Markdown("### Feedback request")
                        to = gr.Radio(["mentor", "mentee"], value="mentor", label="To")
                        about = gr.Textbox(label="About")
                        session_date = gr.Textbox(label="Session date, e.g. 2026-11-20")
                        n_questions = gr.Slider(1, 3, value=3, step=1, label="Questions")
                        tone = gr.Radio(["warm", "formal"], value="warm", label="Tone")
                        feedback_btn = gr.Button("Draft request", variant="primary", elem_id="feedback")
                prepared = gr.Markdown("", elem_id="prepared", sanitize_html=True)
                with gr.Row():
                    agenda_md = gr.DownloadButton("Download agenda (.md)", elem_id="agenda-md")
                    agenda_ics = gr.DownloadButton("Download calendar (.ics)", elem_id="agenda-ics")
                    feedback_md = gr.DownloadButton("Download request (.md)")
            with gr.Tab("My role", id="role"):
                situation = gr.Textbox(label="A situation (optional), e.g. my mentee keeps cancelling")
                role_btn = gr.Button("Show my responsibilities", variant="primary", elem_id="role-btn")
                role_out = gr.Markdown("", elem_id="role-out", sanitize_html=True)
            with gr.Tab("Coordinator", id="coordinator"):
                gr.Markdown(
                    "Coordinators add and remove programme documents and generate onboarding "
                    "Q&A on [the coordinator's page](coordinator/), after signing in. Accounts are "
                    "created by the operator: `mentor-assistant coordinators add NAME`.",
                    elem_id="coordinator-link",
                )

        chat_inputs = [msg, chatbot, conversation, records, role, language]
        chat_outputs = [chatbot, conversation, records, msg, searched, sources]
        send.click(respond, chat_inputs, chat_outputs, api_visibility="private")
        msg.submit(respond, chat_inputs, chat_outputs, api_visibility="private")
        again.click(
            research,
            [searched, chatbot, conversation, records, role, language],
            chat_outputs,
            api_visibility="private",
        )
        for b in ex:
            b.click(lambda q: q, b, msg, api_visibility="private")
        role.change(examples_for, role, ex, api_visibility="private")
        chatbot.like(on_like, [records, chatbot], thanks, api_visibility="private")
        clear_btn.click(
            clear, None, [chatbot, conversation, records, searched, sources, thanks], api_visibility="private"
        )
        export_btn.click(export, chatbot, export_btn, api_visibility="private")
        agenda_btn.click(
            make_agenda,
            [kind, minutes, goals, notes, start, role, language],
            [prepared, agenda_md, agenda_ics],
            api_visibility="private",
        )
        feedback_btn.click(
            make_feedback,
            [to, about, session_date, n_questions, tone, language],
            [prepared, feedback_md],
            api_visibility="private",
        )
        role_btn.click(make_role, [role, situation, language], role_out, api_visibility="private")

        # ---------------------------------------------------------- API endpoints (gradio_client)
        def api_ask(question: str, role: str = "mentee", language: str = "auto") -> dict:
            """Answer one question; returns the same JSON object as `mentor-assistant ask --json`."""
            try:
                return bot.ask(question, role=role or None, language=_language(language)).public()
            except QuestionError as exc:
                return {"question": question, "error": str(exc)}

        def api_agenda(
            kind: str = "first",
            minutes: int = 60,
            goals: list[str] | None = None,
            notes: str = "",
            role: str = "mentee",
            language: str = "en",
        ) -> dict:
            """A session agenda as JSON (see mentor-assistant agenda --json)."""
            try:
                return build_agenda(
                    bot, kind, int(minutes), goals or [], notes or None, role, language
                ).model_dump(mode="json")
            except WorkflowError as exc:
                return {"error": str(exc)}

        def api_feedback_request(
            to: str = "mentor",
            about: str = "",
            session_date: str = "",
            questions: int = 3,
            tone: str = "warm",
            language: str = "en",
        ) -> dict:
            """A feedback-request message as JSON."""
            try:
                when = date.fromisoformat(session_date) if session_date else None
                return build_feedback_request(
                    bot, to, about or None, when, int(questions), tone, language
                ).model_dump(mode="json")
            except (WorkflowError, ValueError) as exc:
                return {"error": str(exc)}

        def api_responsibilities(role: str = "mentee", situation: str = "", language: str = "en") -> dict:
            """A role guide as JSON."""
            try:
                return build_role_guide(bot, role, situation or None, language).model_dump(mode="json")
            except (WorkflowError, QuestionError) as exc:
                return {"error": str(exc)}

        def api_faq(count: int = 30, audience: str = "", language: str = "en") -> dict:
            """Onboarding Q&A as JSON, with coverage."""
            try:
                faq = build_faq(bot, int(count), language, audience or None)
            except WorkflowError as exc:
                return {"error": str(exc)}
            return json.loads(faq.to_json())

        gr.api(api_ask, api_name="ask")
        gr.api(api_agenda, api_name="agenda")
        gr.api(api_feedback_request, api_name="feedback_request")
        gr.api(api_responsibilities, api_name="responsibilities")
        gr.api(api_faq, api_name="faq")
    demo.queue(default_concurrency_limit=4, max_size=200)
    return demo
