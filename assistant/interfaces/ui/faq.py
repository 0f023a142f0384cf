"""The onboarding-FAQ handler of the coordinator's page (``coordinator_page``): generates the
Q&A pairs and offers them as CSV, Markdown and JSON files."""

from assistant.answering.assistant import Assistant
from assistant.interfaces.ui.downloads import tmp_file
from assistant.interfaces.ui.forms import chosen_language
from assistant.interfaces.ui.rendering import escape
from assistant.settings import ROLES


def faq_handler(bot: Assistant):
    """The "Generate FAQ" handler: (summary, rows, CSV, Markdown, JSON files)."""
    import gradio as gr

    from assistant.workflows import WorkflowError, build_faq

    def make_faq(count, audience, language, progress=gr.Progress()):
        try:
            faq = build_faq(
                bot,
                int(count),
                chosen_language(language) or "en",
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
            tmp_file("faq.csv", faq.to_csv()),
            tmp_file("faq.md", faq.to_markdown()),
            tmp_file("faq.json", faq.to_json()),
        )

    return make_faq
