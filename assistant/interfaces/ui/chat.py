"""The Chat tab: streaming answers with their sources, "searched for" (edit and search again),
example questions per role, thumbs-down saved as eval cases, clearing and exporting the chat."""

import html
from datetime import datetime

import gradio as gr

from assistant.answering.answer import Answer, Conversation, QuestionError
from assistant.answering.assistant import Assistant
from assistant.interfaces.audit import AuditLog
from assistant.interfaces.ui.downloads import tmp_file
from assistant.interfaces.ui.examples import EXAMPLES
from assistant.interfaces.ui.feedback_store import FeedbackStore
from assistant.interfaces.ui.forms import chosen_language
from assistant.interfaces.ui.rendering import escape, sources_markdown
from assistant.settings import Settings


class Chat:
    """The handlers that ask the shared assistant and record each answered turn for thumbs-down."""

    def __init__(self, bot: Assistant, store: FeedbackStore, audit: AuditLog):
        self.bot, self.store, self.audit = bot, store, audit

    def respond(self, message, history, conversation, records, role, language, query_override=None):
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
            stream = self.bot.stream(
                query_override or message,
                role=role,
                conversation=conversation,
                language=chosen_language(language),
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
        yield (
            history,
            conversation,
            records,
            "",
            final.searched_for,
            sources_markdown(final, self.audit.uploads()),
        )

    def research(self, query, history, conversation, records, role, language):
        """Run the last question again with an edited search query."""
        last = next((m["content"] for m in reversed(history or []) if m["role"] == "user"), None)
        if not last or not (query or "").strip():
            yield history, conversation, records, "", gr.update(), gr.update()
            return
        yield from self.respond(
            html.unescape(last), history, conversation, records, role, language, query.strip()
        )

    def on_like(self, data: gr.LikeData, records, history):
        if data.liked or data.index is None:
            return gr.update()
        index = data.index if isinstance(data.index, int) else data.index[0]
        answer_no = sum(1 for m in (history or [])[: index + 1] if m["role"] == "assistant") - 1
        if 0 <= answer_no < len(records or []):
            saved = self.store.save(records[answer_no] | {"thumbs": "down"})
            return gr.update(
                value="Thanks: saved as a case to review." if saved else "Feedback saving is off."
            )
        return gr.update()


def export(history):
    lines = ["# Mentoring conversation", f"_Exported {datetime.now():%Y-%m-%d %H:%M}_", ""]
    for m in history or []:
        who = "**You:**" if m["role"] == "user" else "**Assistant:**"
        lines += [f"{who} {html.unescape(str(m['content']))}", ""]
    return tmp_file("conversation.md", "\n".join(lines))


def clear():
    return [], Conversation(), [], "", "", ""


def examples_for(role):
    return [gr.update(value=q) for q in EXAMPLES.get(role, EXAMPLES["mentee"])]


def chat_tab(settings: Settings, chat: Chat, role, language, conversation, records) -> None:
    """The Chat tab and its events; ``role``, ``language`` and the two states are shared by the page."""
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

    chat_inputs = [msg, chatbot, conversation, records, role, language]
    chat_outputs = [chatbot, conversation, records, msg, searched, sources]
    # one bound method for both events: gradio's default concurrency group is id(fn), and asking by
    # button or by Enter share one group, as they did when ``respond`` was a single closure
    respond = chat.respond
    send.click(respond, chat_inputs, chat_outputs, api_visibility="private")
    msg.submit(respond, chat_inputs, chat_outputs, api_visibility="private")
    again.click(
        chat.research,
        [searched, chatbot, conversation, records, role, language],
        chat_outputs,
        api_visibility="private",
    )
    for b in ex:
        b.click(lambda q: q, b, msg, api_visibility="private")
    role.change(examples_for, role, ex, api_visibility="private")
    chatbot.like(chat.on_like, [records, chatbot], thanks, api_visibility="private")
    clear_btn.click(
        clear, None, [chatbot, conversation, records, searched, sources, thanks], api_visibility="private"
    )
    export_btn.click(export, chatbot, export_btn, api_visibility="private")
