"""``build_app``: assembles the page from its tabs (``chat``, ``prepare``, ``role``, the
coordinator link) and its named API (``api``), around the shared role and language dropdowns and
the per-session state."""

from assistant.answering.answer import Conversation
from assistant.answering.assistant import Assistant
from assistant.interfaces.audit import AuditLog
from assistant.interfaces.ui.feedback_store import FeedbackStore
from assistant.settings import ROLES, Settings, offline_environment

# Gradio's theme declares Source Sans Pro's semibold face (600) with a file that holds only the
# letters "A" and "B", so bold text ("**Assume good faith first.**") was drawn in a fallback
# font, wider than the text around it. Bold weights use the complete bold file Gradio also ships
# (a path relative to the page, as the theme's own fonts are).
CSS = """@font-face {
    font-family: 'Source Sans Pro';
    src: url('static/fonts/SourceSansPro/SourceSansPro-Bold.woff2') format('woff2');
    font-weight: 600 700;
    font-style: normal;
}"""


def build_app(
    settings: Settings | None = None, assistant: Assistant | None = None, audit: AuditLog | None = None
):
    offline_environment()
    # gradio, and the modules that import it, only once offline_environment() has switched off
    # telemetry and hub downloads
    import gradio as gr

    from assistant.interfaces.ui.api import add_api
    from assistant.interfaces.ui.chat import Chat, chat_tab
    from assistant.interfaces.ui.prepare import Drafts, prepare_tab
    from assistant.interfaces.ui.role import Responsibilities, role_tab

    settings = settings or Settings()
    bot = assistant or Assistant(settings)
    store = FeedbackStore(settings)
    audit = audit or AuditLog(settings)

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
            chat_tab(settings, Chat(bot, store, audit), role, language, conversation, records)
            prepare_tab(Drafts(bot), role, language)
            role_tab(Responsibilities(bot), role, language)
            with gr.Tab("Coordinator", id="coordinator"):
                gr.Markdown(
                    "Coordinators add and remove programme documents and generate onboarding "
                    "Q&A on [the coordinator's page](coordinator/), after signing in. Accounts are "
                    "created by the operator: `mentor-assistant coordinators add NAME`.",
                    elem_id="coordinator-link",
                )
        add_api(bot)
    demo.queue(default_concurrency_limit=settings.ui_concurrency, max_size=settings.ui_queue_size)
    return demo
