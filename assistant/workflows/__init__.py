"""Mentoring workflows: session agendas, feedback requests, role coaching, onboarding FAQ.

Each returns a pydantic model with ``to_markdown()``; every line from the guidance is cited and
every line from the user's input is marked.
"""

from assistant.workflows.agenda import Agenda, build_agenda
from assistant.workflows.common import GroundedLine, WorkflowError
from assistant.workflows.faq import Faq, build_faq
from assistant.workflows.feedback import FeedbackRequest, build_feedback_request
from assistant.workflows.roles import RoleGuide, build_role_guide

__all__ = [
    "Agenda",
    "Faq",
    "FeedbackRequest",
    "GroundedLine",
    "RoleGuide",
    "WorkflowError",
    "build_agenda",
    "build_faq",
    "build_feedback_request",
    "build_role_guide",
]
