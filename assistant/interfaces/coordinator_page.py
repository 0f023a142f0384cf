"""The coordinator's page (``/coordinator``): onboarding Q&A, uploads, the uploaded documents and
their removal. It is served behind Gradio's sign-in (``auth=`` with the coordinator accounts of
``accounts.Coordinators``), and every handler that changes the index checks the signed-in name
again (``gr.Request.username``): a handler is reachable over HTTP whatever the page shows.
Each upload and removal is written to the audit log (``audit.AuditLog``).
"""

import hashlib
import re
import shutil
import threading
from pathlib import Path

from assistant.answering.assistant import Assistant
from assistant.ingest.documents import SUPPORTED_SUFFIXES
from assistant.interfaces.accounts import Coordinators
from assistant.interfaces.audit import AuditLog
from assistant.settings import ROLES, Settings

UPLOAD_TYPES = sorted(SUPPORTED_SUFFIXES)  # what ingest reads


class Uploads:
    """Coordinator documents: stored under ``<data_dir>/uploads``, indexed, recorded, removable."""

    def __init__(self, settings: Settings, bot: Assistant, audit: AuditLog):
        self.settings, self.bot, self.audit = settings, bot, audit
        self.folder = settings.data_dir / "uploads"
        self.lock = threading.Lock()

    def add(self, who: str, files: list[Path], progress=None) -> tuple[list[str], list[str]]:
        """Store, index and record ``files``; returns (report lines, problems)."""
        limit = int(self.settings.upload_max_mb * 2**20)
        problems, accepted = [], []
        for src in files:
            name = re.sub(r"[^\w.\- ]", "_", src.name).lstrip(".") or "upload"
            if Path(name).suffix.lower() not in UPLOAD_TYPES:
                problems.append(f"{name}: type not accepted ({', '.join(UPLOAD_TYPES)})")
            elif src.stat().st_size > limit:
                problems.append(f"{name}: larger than {self.settings.upload_max_mb:g} MB")
            else:
                accepted.append((src, self.folder / name))
        if not accepted:
            return ["Nothing ingested."], problems
        with self.lock:
            for src, target in accepted:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
            report = self.bot.index.ingest([self.folder], progress=progress)
            changed = set(report.added) | set(report.updated)
            indexed = {Path(d.path).resolve(): d for d in self.bot.index.documents()}
            for _, target in accepted:
                doc = indexed.get(target.resolve())
                if doc is not None and doc.source in changed:
                    self.audit.record(
                        "upload",
                        who,
                        file=target.name,
                        sha256=hashlib.sha256(target.read_bytes()).hexdigest(),
                        documents=[doc.source],
                        chunks=len(doc.chunk_ids),
                    )
        problems += [f"{Path(s.source).name}: {s.reason}" for s in report.skipped]
        lines = [
            f"Ingested: {len(report.added)} added, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged; {report.chunks_embedded} chunks embedded "
            f"in {report.seconds:.1f} s."
        ]
        return lines, problems

    def remove(self, who: str, source: str) -> str:
        """Take an uploaded document out of the index and the uploads folder, and record it."""
        with self.lock:
            doc = self.bot.index.remove(source)
            path = Path(doc.path)
            if path.resolve().is_relative_to(self.folder.resolve()):
                path.unlink(missing_ok=True)
            self.audit.record(
                "remove", who, file=path.name, documents=[doc.source], chunks=len(doc.chunk_ids)
            )
        return f"Removed {doc.source} ({len(doc.chunk_ids)} chunks)."

    def table(self) -> list[list]:
        """The uploaded documents still indexed: source, title, chunks, who added them and when."""
        uploads = self.audit.uploads()
        return [
            [d.source, d.title, len(d.chunk_ids), uploads[d.source].who, uploads[d.source].when]
            for d in self.bot.index.documents()
            if d.source in uploads
        ]


def build_coordinator_app(settings: Settings, bot: Assistant, accounts: Coordinators, audit: AuditLog):
    import gradio as gr

    from assistant.interfaces.ui import faq_handler

    upload, remove, refresh, whoami = _handlers(Uploads(settings, bot, audit), accounts)

    with gr.Blocks(title="Mentor assistant · coordinator", analytics_enabled=False) as page:
        gr.Markdown("# Coordinator\nChanges here reach every user's answers; each is recorded.")
        with gr.Row():
            who = gr.Markdown("", elem_id="signed-in")
            gr.Button("Sign out", link="logout", size="sm", scale=0, elem_id="sign-out")
        with gr.Row():
            with gr.Column():
                gr.Markdown(
                    f"### Add programme documents\n{', '.join(UPLOAD_TYPES)}; up to "
                    f"{settings.upload_max_mb:g} MB each."
                )
                files = gr.File(
                    file_count="multiple", file_types=UPLOAD_TYPES, label="Documents", elem_id="upload-files"
                )
                upload_btn = gr.Button("Ingest", variant="primary", elem_id="ingest")
            with gr.Column():
                gr.Markdown("### Remove an uploaded document")
                chosen = gr.Dropdown([], label="Document", elem_id="remove-choice")
                remove_btn = gr.Button("Remove", variant="stop", elem_id="remove")
        status = gr.Markdown("", elem_id="coordinator-status")
        table = gr.Dataframe(
            headers=["source", "title", "chunks", "added by", "added at (UTC)"],
            label="Uploaded documents",
            elem_id="uploads",
        )
        with gr.Accordion("Onboarding Q&A", open=False):
            faq_count = gr.Slider(5, 100, value=30, step=5, label="Pairs")
            faq_audience = gr.Dropdown(["all", *ROLES], value="all", label="Audience")
            faq_language = gr.Dropdown(["en", "tr"], value="en", label="Language")
            faq_btn = gr.Button("Generate FAQ", elem_id="faq")
            faq_summary = gr.Markdown("")
            faq_table = gr.Dataframe(headers=["question", "answer", "sources"], wrap=True, label="Preview")
            with gr.Row():
                faq_csv = gr.DownloadButton("CSV")
                faq_md = gr.DownloadButton("Markdown")
                faq_json = gr.DownloadButton("JSON")
        private = {"api_visibility": "private"}
        page.load(whoami, None, who, **private)
        page.load(refresh, None, [table, chosen], **private)
        upload_btn.click(upload, files, [status, table, chosen], **private)
        remove_btn.click(remove, chosen, [status, table, chosen], **private)
        faq_btn.click(
            faq_handler(bot),
            [faq_count, faq_audience, faq_language],
            [faq_summary, faq_table, faq_csv, faq_md, faq_json],
            **private,
        )
    return page


def _handlers(uploads: Uploads, accounts: Coordinators) -> tuple:
    """The page's handlers (upload, remove, refresh, whoami), each checking the signed-in name.
    Closures, because gradio finds ``gr.Request`` by annotation and is imported only when a page is
    built (the CLI imports ``Uploads`` alone)."""
    import gradio as gr

    from assistant.interfaces.ui import escape

    def signed_in(request: gr.Request) -> str:
        try:
            return accounts.require(getattr(request, "username", None))
        except PermissionError as exc:
            raise gr.Error(str(exc)) from exc

    def upload(files, request: gr.Request, progress=gr.Progress()):
        who = signed_in(request)
        if not files:
            return "Choose one or more files first.", *_listing(uploads)
        paths = [Path(f if isinstance(f, str) else f.name) for f in files]
        lines, problems = uploads.add(
            who,
            paths,
            lambda stage, done, total: progress(done / max(1, total), desc=f"{stage} {done}/{total}"),
        )
        if problems:
            lines += ["", "Problems:"] + [f"- {escape(p)}" for p in problems]
        return "\n".join(lines), *_listing(uploads)

    def remove(source, request: gr.Request):
        who = signed_in(request)
        if not source:
            return "Choose a document to remove.", *_listing(uploads)
        try:
            message = uploads.remove(who, source)
        except Exception as exc:  # an unknown source or a busy index: say so, change nothing
            message = f"⚠️ {escape(str(exc))}"
        return message, *_listing(uploads)

    def refresh(request: gr.Request):
        signed_in(request)
        return _listing(uploads)

    def whoami(request: gr.Request):
        return f"Signed in as **{escape(signed_in(request))}**."

    return upload, remove, refresh, whoami


def _listing(uploads: Uploads) -> tuple:
    """The uploaded documents' table, and the removal choices drawn from it."""
    import gradio as gr

    rows = uploads.table()
    return rows, gr.update(choices=[row[0] for row in rows], value=None)
