"""The page's named API endpoints for ``gradio_client`` (``/ask``, ``/agenda``,
``/feedback_request``, ``/responsibilities``, ``/faq``): each returns JSON, and an error as
``{"error": ...}`` rather than raising."""

import json
from datetime import date

import gradio as gr

from assistant.answering.answer import QuestionError
from assistant.answering.assistant import Assistant
from assistant.interfaces.ui.forms import chosen_language
from assistant.workflows import (
    WorkflowError,
    build_agenda,
    build_faq,
    build_feedback_request,
    build_role_guide,
)


class Api:
    """The endpoints, answering from the shared assistant. The methods keep the names the
    endpoints' functions had (``api_ask``...): gradio names MCP tools after the function."""

    def __init__(self, bot: Assistant):
        self.bot = bot

    def api_ask(self, question: str, role: str = "mentee", language: str = "auto") -> dict:
        """Answer one question; returns the same JSON object as `mentor-assistant ask --json`."""
        try:
            return self.bot.ask(question, role=role or None, language=chosen_language(language)).public()
        except QuestionError as exc:
            return {"question": question, "error": str(exc)}

    def api_agenda(
        self,
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
                self.bot, kind, int(minutes), goals or [], notes or None, role, language
            ).model_dump(mode="json")
        except WorkflowError as exc:
            return {"error": str(exc)}

    def api_feedback_request(
        self,
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
                self.bot, to, about or None, when, int(questions), tone, language
            ).model_dump(mode="json")
        except (WorkflowError, ValueError) as exc:
            return {"error": str(exc)}

    def api_responsibilities(self, role: str = "mentee", situation: str = "", language: str = "en") -> dict:
        """A role guide as JSON."""
        try:
            return build_role_guide(self.bot, role, situation or None, language).model_dump(mode="json")
        except (WorkflowError, QuestionError) as exc:
            return {"error": str(exc)}

    def api_faq(self, count: int = 30, audience: str = "", language: str = "en") -> dict:
        """Onboarding Q&A as JSON, with coverage."""
        try:
            faq = build_faq(self.bot, int(count), language, audience or None)
        except WorkflowError as exc:
            return {"error": str(exc)}
        return json.loads(faq.to_json())


def add_api(bot: Assistant) -> None:
    """Register the endpoints on the Blocks being built."""
    api = Api(bot)
    gr.api(api.api_ask, api_name="ask")
    gr.api(api.api_agenda, api_name="agenda")
    gr.api(api.api_feedback_request, api_name="feedback_request")
    gr.api(api.api_responsibilities, api_name="responsibilities")
    gr.api(api.api_faq, api_name="faq")
