"""The web server: the open chat UI at ``/`` and the coordinator's page at ``/coordinator``
behind Gradio's sign-in, on one FastAPI app served by uvicorn.

Chat, agendas, feedback requests, role guides and the named read-only API (``/ask``,
``/agenda``, ...) are open to everyone unless ``Settings.require_signin`` is set; anything that
changes the index is on the coordinator's page, which needs a coordinator account
(``mentor-assistant coordinators add NAME``).
"""

from __future__ import annotations

import threading
import time

from assistant.answering.assistant import Assistant
from assistant.settings import Settings, offline_environment


def build_server(settings: Settings, bot: Assistant):
    """The FastAPI app holding both pages."""
    offline_environment()
    import gradio as gr
    from fastapi import FastAPI

    from assistant.interfaces.accounts import Coordinators
    from assistant.interfaces.audit import AuditLog
    from assistant.interfaces.coordinator_page import build_coordinator_app
    from assistant.interfaces.ui import build_app
    from assistant.interfaces.ui.app import CSS

    accounts, audit = Coordinators(settings), AuditLog(settings)
    from fastapi.responses import RedirectResponse

    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/coordinator", include_in_schema=False)
    def coordinator_home():  # Gradio's sign-out and sign-in send the browser here
        return RedirectResponse("coordinator/")

    message = "Sign in with a coordinator account (created with `mentor-assistant coordinators add NAME`)."
    coordinator = build_coordinator_app(settings, bot, accounts, audit)
    app = gr.mount_gradio_app(
        app,
        coordinator,
        "/coordinator",
        auth=accounts.verify,
        auth_message=message,
        footer_links=[],
        css=CSS,
    )
    public = build_app(settings, bot, audit=audit)
    signin = {"auth": accounts.verify, "auth_message": message} if settings.require_signin else {}
    return gr.mount_gradio_app(app, public, "", footer_links=["api"], css=CSS, **signin)


class Server:
    """uvicorn serving ``build_server`` in this thread (``run``) or in the background (``start``)."""

    def __init__(self, settings: Settings, bot: Assistant, host: str | None = None, port: int | None = None):
        import uvicorn

        self.host, self.port = host or settings.ui_host, port or settings.ui_port
        config = uvicorn.Config(
            build_server(settings, bot), host=self.host, port=self.port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def run(self) -> None:
        self.server.run()

    def start(self, timeout: float = 60.0) -> Server:
        self._thread = threading.Thread(target=self.server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"The server did not start on {self.url}")
            time.sleep(0.05)
        return self

    def close(self) -> None:
        self.server.should_exit = True
        if self._thread:
            self._thread.join(timeout=10)


def warm_up(bot: Assistant) -> float:
    """Load models and build BM25 before the first user arrives; returns seconds taken."""
    started = time.perf_counter()
    bot.ask("How should I prepare for my first mentoring session?")
    return time.perf_counter() - started


def launch(
    settings: Settings | None = None,
    host: str | None = None,
    port: int | None = None,
    ensure_index: bool = True,
    block: bool = True,
) -> Server:
    """Index corpus/ if needed, warm up, and serve both pages (telemetry off, local by default)."""
    settings = settings or Settings()
    bot = Assistant(settings)
    if ensure_index and settings.corpus_dir.is_dir():
        report = bot.index.ingest([settings.corpus_dir])
        print(
            f"Index: {report.documents_total} documents, {report.chunks_total} chunks "
            f"({report.chunks_embedded} embedded now, {report.seconds:.1f} s)",
            flush=True,
        )
    warm_up(bot)
    server = Server(settings, bot, host, port)
    if not block:
        return server.start()
    print(f"Chat: {server.url}  ·  coordinators: {server.url}coordinator/", flush=True)
    server.run()
    return server
