"""The Gradio chat UI for mentees, mentors and coordinators (``build_app``).

Tabs: Chat (streaming answers, sources, "searched for", thumbs, export), Prepare a session
(agenda and feedback request with downloads), My role (responsibilities and situation coach) and
Coordinator (a link to the coordinator's page, where FAQ generation and uploads live). Each browser session
keeps its own ``Conversation`` in ``gr.State``; the loaded ``Assistant`` is shared. Everything shown
is escaped, so HTML or script in a question or in guidance is displayed as text. Named API
endpoints (``/ask``, ``/agenda``, ``/feedback_request``, ``/responsibilities``, ``/faq``) serve
``gradio_client``.

Modules: ``app`` (``build_app``, assembling the page), one per tab (``chat``, ``prepare``,
``role``), ``examples`` (the Chat tab's example questions), ``api`` (the named endpoints),
``faq`` (the coordinator page's FAQ handler), ``rendering`` (escaping, sources),
``feedback_store`` (thumbs-down cases), ``downloads`` (files to download) and ``forms`` (form
values). Importing this package does not import gradio: the modules that do are imported by
``build_app``, after ``offline_environment()``.
"""

from assistant.interfaces.ui.app import build_app
from assistant.interfaces.ui.examples import EXAMPLES
from assistant.interfaces.ui.faq import faq_handler
from assistant.interfaces.ui.feedback_store import FeedbackStore
from assistant.interfaces.ui.rendering import escape, highlight, sources_markdown

__all__ = [
    "EXAMPLES",
    "FeedbackStore",
    "build_app",
    "escape",
    "faq_handler",
    "highlight",
    "sources_markdown",
]
