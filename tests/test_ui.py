"""The chat UI, served for real on 127.0.0.1: gradio_client API tests and Playwright browser tests.

Browser tests drive Debian's chromium (``/usr/bin/chromium``, installed by .ci/run) through
Playwright; they are skipped when it is missing unless MENTOR_REQUIRE_BROWSER=1 (as in CI).
Screenshots go to test-artifacts/.
"""

import json
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from .conftest import PROJECT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_BROWSER = Path(CHROMIUM).exists()
ARTIFACTS = PROJECT / "test-artifacts"
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> who sends invitations?'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(corpus_index, tmp_path_factory):
    from assistant.answering.assistant import Assistant
    from assistant.interfaces.ui import build_app
    from assistant.interfaces.ui.app import CSS

    data = tmp_path_factory.mktemp("ui-data")
    settings = corpus_index.settings.model_copy(update={"data_dir": data})
    bot = Assistant(settings, index=corpus_index)
    demo = build_app(settings, bot)
    port = _free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
    yield {"url": f"http://127.0.0.1:{port}/", "data": data}
    demo.close()


@pytest.fixture(scope="module")
def client(server):
    from gradio_client import Client

    return Client(server["url"], verbose=False)


# ---------------------------------------------------------------------- gradio_client


def test_api_ask(client):
    result = client.predict("Who sends the meeting invitations?", "mentee", "auto", api_name="/ask")
    assert result["refused"] is False and result["citations"]
    assert set(result) == {
        "question",
        "answer",
        "refused",
        "outcome",
        "language",
        "searched_for",
        "citations",
    }


def test_api_ask_bad_input_is_an_error_object(client):
    result = client.predict("   ", "mentee", "auto", api_name="/ask")
    assert "empty" in result["error"]


def test_api_workflows(client):
    agenda = client.predict("regular", 30, ["Grow as a speaker"], "", "mentee", "en", api_name="/agenda")
    assert sum(i["minutes"] for i in agenda["items"]) == 30
    req = client.predict("mentor", "my presentation", "", 2, "warm", "en", api_name="/feedback_request")
    assert len(req["questions"]) == 2
    guide = client.predict("coordinator", "", "en", api_name="/responsibilities")
    assert guide["responsibilities"]
    faq = client.predict(3, "", "en", api_name="/faq")
    assert len(faq["items"]) == 3 and faq["items"][0]["citations"]


def test_concurrent_clients(server):
    from gradio_client import Client

    questions = [
        "What is peer mentoring?",
        "How do I write a SMART goal?",
        "Görüşme davetlerini kim gönderir?",
        "What goes in a mentoring agreement?",
        "What is the capital of France?",
    ]
    results, errors = {}, []

    def worker(i: int) -> None:
        try:
            c = Client(server["url"], verbose=False)
            results[i] = c.predict(questions[i], "mentee", "auto", api_name="/ask")
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    assert not errors and len(results) == 5
    assert results[4]["refused"] is True
    assert results[2]["language"] == "tr"
    assert all(results[i]["question"] == questions[i] for i in range(5)), "no answer crossed to another user"


# ---------------------------------------------------------------------- browser

needs_browser = pytest.mark.skipif(
    not HAVE_BROWSER and os.environ.get("MENTOR_REQUIRE_BROWSER") != "1",
    reason="Debian chromium not installed",
)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


def _page(browser, server):
    ctx = browser.new_context(viewport={"width": 1300, "height": 1000}, accept_downloads=True)
    page = ctx.new_page()
    page.goto(server["url"])
    page.wait_for_selector("#question textarea", timeout=60_000)
    return page


def _ask(page, question: str) -> None:
    page.fill("#question textarea", question)
    page.click("#ask")
    page.wait_for_function(
        "(() => { const t = document.querySelector('#searched textarea'); return t && t.value !== ''; })()",
        timeout=90_000,
    )


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_bold_text_uses_a_complete_bold_face_that_gradio_ships():
    import re

    import gradio

    from assistant.interfaces.ui.app import CSS

    url = re.search(r"url\('([^']+)'\)", CSS).group(1)
    font = Path(gradio.__file__).parent / "templates" / "frontend" / url
    # the theme's semibold file is a stub of two letters (5 KB); a whole Latin face is ~100 KB
    assert font.is_file() and font.stat().st_size > 50_000


@needs_browser
def test_browser_ask_with_role_and_sources(browser, server):
    page = _page(browser, server)
    page.locator("#role input").click()
    page.locator("ul[role='listbox'] li", has_text="mentor").first.click()
    page.wait_for_function("document.querySelector('#role input').value === 'mentor'", timeout=10_000)
    _ask(page, "My mentee keeps cancelling our sessions. What should I do?")
    page.wait_for_function("document.querySelector('#sources').innerText.includes('[1]')", timeout=30_000)
    sources = page.inner_text("#sources")
    assert "corpus/" in sources
    bot_message = page.locator('#chatbot [aria-label^="bot\'s message"]').last.inner_text()
    assert "[1]" in bot_message
    _shot(page, "chat")
    page.context.close()


@needs_browser
def test_browser_thumbs_down_writes_a_case(browser, server):
    other = _page(browser, server)  # another user, chatting at the same time
    _ask(other, "How should a mentor give feedback?")
    page = _page(browser, server)
    _ask(page, "What is group mentoring?")
    page.locator("#chatbot button[aria-label='Dislike']").last.click()
    page.wait_for_function(
        "document.querySelector('#feedback-note').innerText.includes('saved')", timeout=30_000
    )
    cases = (server["data"] / "feedback" / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    case = json.loads(cases[-1])
    assert case["question"] == "What is group mentoring?" and case["passage_ids"] and case["answer"]
    assert "give feedback" not in cases[-1], "a case holds only its own user's turn"
    page.context.close()
    other.context.close()


def test_feedback_saving_opt_out_writes_nothing(tmp_path):
    from assistant.interfaces.ui import FeedbackStore
    from assistant.settings import Settings

    turn = {"question": "q", "answer": "a", "passage_ids": ["x"]}
    off = FeedbackStore(Settings(data_dir=tmp_path / "off", save_feedback=False))
    assert off.save(turn) is False and not (tmp_path / "off").exists()
    on = FeedbackStore(Settings(data_dir=tmp_path / "on"))
    assert on.save(turn) is True
    assert json.loads(on.path.read_text(encoding="utf-8"))["question"] == "q"


@needs_browser
def test_browser_html_in_a_question_is_inert(browser, server):
    page = _page(browser, server)
    _ask(page, XSS)
    assert page.evaluate("window.__xss") is None, "script or handler executed"
    user_message = page.locator('#chatbot [aria-label^="user\'s message"]').last.inner_text()
    assert "<script>" in user_message and "<img" in user_message, "shown as text"
    assert page.locator("#chatbot img[src='x']").count() == 0
    _shot(page, "xss-inert")
    page.context.close()


@needs_browser
def test_browser_sessions_are_private(browser, server):
    a = _page(browser, server)
    _ask(a, "How do I prepare for a closing session?")
    b = _page(browser, server)
    assert b.locator('#chatbot [aria-label^="user\'s message"]').count() == 0
    a.context.close()
    b.context.close()


@needs_browser
def test_browser_agenda_and_download(browser, server):
    page = _page(browser, server)
    page.get_by_role("tab", name="Prepare a session").click()
    page.click("#agenda")
    page.wait_for_function(
        "document.querySelector('#prepared').innerText.includes('Sources')", timeout=90_000
    )
    assert "First session agenda (60 minutes)" in page.inner_text("#prepared")
    with page.expect_download() as md:
        page.click("#agenda-md")
    assert md.value.suggested_filename.endswith(".md")
    with page.expect_download() as ics:
        page.click("#agenda-ics")
    path = ics.value.path()
    assert Path(path).read_bytes().startswith(b"BEGIN:VCALENDAR")
    _shot(page, "prepare")
    page.context.close()


@needs_browser
def test_browser_role_and_coordinator_tabs(browser, server):
    page = _page(browser, server)
    page.get_by_role("tab", name="My role").click()
    page.click("#role-btn")
    page.wait_for_function(
        "document.querySelector('#role-out').innerText.includes('Sources')", timeout=90_000
    )
    _shot(page, "role")
    page.get_by_role("tab", name="Coordinator").click()
    page.wait_for_timeout(500)
    # the open page changes nothing: it points coordinators to their signed-in page
    assert "coordinators add" in page.inner_text("#coordinator-link")
    assert page.locator("input[type=file]").count() == 0
    _shot(page, "coordinator")
    page.context.close()
