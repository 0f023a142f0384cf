"""The "Prepare a session" tab: a session agenda (Markdown and calendar file) and a feedback
request (Markdown), side by side, drafted from the guidance."""

from datetime import date, datetime

import gradio as gr

from assistant.answering.assistant import Assistant
from assistant.interfaces.ui.downloads import tmp_file
from assistant.interfaces.ui.forms import chosen_language
from assistant.interfaces.ui.rendering import escape
from assistant.workflows import WorkflowError, build_agenda, build_feedback_request


class Drafts:
    """The tab's two handlers: each returns what is shown and the files to download."""

    def __init__(self, bot: Assistant):
        self.bot = bot

    def make_agenda(self, kind, minutes, goals, notes, start, role, language):
        try:
            agenda = build_agenda(
                self.bot,
                kind,
                int(minutes),
                [g for g in (goals or "").splitlines() if g.strip()],
                notes or None,
                role if role in ("mentee", "mentor") else "mentee",
                chosen_language(language) or "en",
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
            tmp_file(f"agenda-{kind}.md", md),
            tmp_file(f"agenda-{kind}.ics", agenda.to_ics(when)),
        )

    def make_feedback(self, to, about, session_date, questions, tone, language):
        try:
            when = date.fromisoformat(session_date) if (session_date or "").strip() else None
            req = build_feedback_request(
                self.bot, to, about or None, when, int(questions), tone, chosen_language(language) or "en"
            )
        except (WorkflowError, ValueError) as exc:
            return f"⚠️ {escape(str(exc))}", None
        md = req.to_markdown()
        return escape(md), tmp_file("feedback-request.md", md)


def prepare_tab(drafts: Drafts, role, language) -> None:
    """The tab and its events; ``role`` and ``language`` are the page's shared dropdowns."""
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

    agenda_btn.click(
        drafts.make_agenda,
        [kind, minutes, goals, notes, start, role, language],
        [prepared, agenda_md, agenda_ics],
        api_visibility="private",
    )
    feedback_btn.click(
        drafts.make_feedback,
        [to, about, session_date, n_questions, tone, language],
        [prepared, feedback_md],
        api_visibility="private",
    )
