"""The "My role" tab: a role's responsibilities, and advice for a situation when one is given."""

import gradio as gr

from assistant.answering.answer import QuestionError
from assistant.answering.assistant import Assistant
from assistant.interfaces.ui.forms import chosen_language
from assistant.interfaces.ui.rendering import escape
from assistant.workflows import WorkflowError, build_role_guide


class Responsibilities:
    """The tab's handler, drafting from the shared assistant."""

    def __init__(self, bot: Assistant):
        self.bot = bot

    def make_role(self, role, situation, language):
        try:
            guide = build_role_guide(self.bot, role, situation or None, chosen_language(language) or "en")
        except (WorkflowError, QuestionError) as exc:
            return f"⚠️ {escape(str(exc))}"
        return escape(guide.to_markdown())


def role_tab(guide: Responsibilities, role, language) -> None:
    """The tab and its event; ``role`` and ``language`` are the page's shared dropdowns."""
    with gr.Tab("My role", id="role"):
        situation = gr.Textbox(label="A situation (optional), e.g. my mentee keeps cancelling")
        role_btn = gr.Button("Show my responsibilities", variant="primary", elem_id="role-btn")
        role_out = gr.Markdown("", elem_id="role-out", sanitize_html=True)

    role_btn.click(guide.make_role, [role, situation, language], role_out, api_visibility="private")
