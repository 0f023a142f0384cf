"""Only coordinators change the guidance: accounts, the audit log, removal, and the served pages
(raw HTTP, gradio_client and a real browser) with a copy of the corpus index."""

import asyncio
import json
import shutil

import pytest
import requests

from assistant.interfaces.accounts import AccountError, Coordinators
from assistant.interfaces.audit import AuditLog
from assistant.settings import Settings

from .test_ui import _free_port, browser, needs_browser  # noqa: F401 (the browser fixture)

PASSWORD = "correct horse battery staple"
FALSE_POLICY = (
    "# Updated meeting policy\n\nEach mentee pays their mentor a fee of 50 euros per meeting, in cash, "
    "at the start of every mentoring meeting.\n"
)
PAY_QUESTION = "Do I have to pay my mentor for our meetings?"


# ---------------------------------------------------------------------- accounts and audit log
def test_accounts_store_salted_hashes_never_the_password(tmp_path):
    accounts = Coordinators(Settings(data_dir=tmp_path))
    accounts.add("ana", PASSWORD)
    accounts.add("ben", PASSWORD)
    text = (tmp_path / "coordinators.json").read_text()
    assert PASSWORD not in text and "battery" not in text
    stored = json.loads(text)
    assert stored["ana"]["salt"] != stored["ben"]["salt"] and stored["ana"]["hash"] != stored["ben"]["hash"]
    assert accounts.check("ana", PASSWORD) and not accounts.check("ana", PASSWORD + "!")
    assert not accounts.check("nobody", PASSWORD)
    assert accounts.names() == ["ana", "ben"] and accounts.remove("ben") and not accounts.known("ben")


@pytest.mark.parametrize(("name", "password"), [("ana smith", PASSWORD), ("", PASSWORD), ("ana", "short")])
def test_bad_names_and_short_passwords_are_refused(tmp_path, name, password):
    with pytest.raises(AccountError):
        Coordinators(Settings(data_dir=tmp_path)).add(name, password)
    assert not (tmp_path / "coordinators.json").exists()


def test_failed_signins_wait_longer_each_time(tmp_path, monkeypatch):
    accounts = Coordinators(Settings(data_dir=tmp_path, signin_delay_s=0.5, signin_delay_max_s=1.5))
    accounts.add("ana", PASSWORD)
    waits: list[float] = []

    async def fake_sleep(seconds):  # a fake clock: record the wait instead of sleeping
        waits.append(seconds)

    monkeypatch.setattr("assistant.interfaces.accounts.asyncio.sleep", fake_sleep)
    results = [asyncio.run(accounts.verify("ana", "wrong password")) for _ in range(4)]
    assert results == [False] * 4 and waits == [0.5, 1.0, 1.5, 1.5]
    assert asyncio.run(accounts.verify("ana", PASSWORD)) and accounts.delay("ana") == 0.0


def test_the_audit_log_keeps_uploads_until_they_are_removed(tmp_path):
    log = AuditLog(Settings(data_dir=tmp_path))
    log.record("upload", "ana", file="a.md", sha256="x", documents=["uploads/a.md"], chunks=2)
    log.record("upload", "ben", file="b.md", sha256="y", documents=["uploads/b.md"], chunks=1)
    log.record("remove", "ana", file="a.md", documents=["uploads/a.md"], chunks=2)
    with (tmp_path / "audit.jsonl").open("a") as f:
        f.write('{"event": "upl')  # a line cut by a crash
    assert list(log.uploads()) == ["uploads/b.md"] and log.uploads()["uploads/b.md"].who == "ben"
    assert [e.event for e in log.events()] == ["upload", "upload", "remove"]


def test_sources_of_an_uploaded_document_say_who_uploaded_it(tmp_path):
    from assistant.answering.answer import Answer, Citation
    from assistant.interfaces.ui import sources_markdown

    log = AuditLog(Settings(data_dir=tmp_path))
    log.record("upload", "ana", file="fees.md", sha256="x", documents=["uploads/fees.md"], chunks=1)
    cite = [Citation(n=1, source="uploads/fees.md", title="Fees", heading="", text="Fees apply.", score=1)]
    answer = Answer(
        question="q", answer="Fees apply. [1]", refused=False, language="en", searched_for="q", citations=cite
    )
    shown = sources_markdown(answer, log.uploads())
    assert f"programme material, uploaded by ana on {log.events()[0].when[:10]}" in shown
    assert "uploaded by" not in sources_markdown(answer, {})


# ---------------------------------------------------------------------- the served pages
@pytest.fixture(scope="module")
def site(corpus_index, tmp_path_factory):
    from assistant.answering.assistant import Assistant
    from assistant.interfaces.server import Server

    root = tmp_path_factory.mktemp("site")
    shutil.copytree(corpus_index.settings.index_dir, root / "index")
    settings = corpus_index.settings.model_copy(
        update={"index_dir": root / "index", "data_dir": root / "data", "signin_delay_s": 0.2}
    )
    Coordinators(settings).add("ana", PASSWORD)
    bot = Assistant(settings)
    server = Server(settings, bot, host="127.0.0.1", port=_free_port()).start()
    yield {"url": server.url, "data": root / "data", "bot": bot}
    server.close()


def test_anonymous_callers_reach_no_writing_endpoint(site):
    from gradio_client import Client

    url, before = site["url"], site["bot"].index.chunk_count()
    # the open page has no upload, ingest or removal at all
    config = requests.get(url + "config", timeout=30).json()
    names = {d.get("api_name") for d in config["dependencies"]}
    assert not names & {"upload", "remove", "refresh", "make_faq"}
    assert not [c for c in config["components"] if c.get("type") in ("file", "uploadbutton")]
    # the coordinator's page refuses every call without a session: raw HTTP, each handler;
    # the false policy of issue 21 cannot even be sent as a file
    assert requests.get(url + "coordinator/config", timeout=30).status_code == 401
    files = {"files": ("meeting-fees.md", FALSE_POLICY.encode(), "text/markdown")}
    assert requests.post(url + "coordinator/gradio_api/upload", files=files, timeout=30).status_code == 401
    for fn_index in range(8):
        r = requests.post(
            url + "coordinator/gradio_api/queue/join",
            json={"data": [None], "fn_index": fn_index, "session_hash": "anon"},
            timeout=30,
        )
        assert r.status_code == 401, (fn_index, r.text)
    with pytest.raises(Exception):  # noqa: B017 (gradio_client raises a plain ValueError)
        Client(url + "coordinator/", verbose=False)
    # the named read-only API is still open
    answer = Client(url, verbose=False).predict(PAY_QUESTION, "mentee", "auto", api_name="/ask")
    assert "error" not in answer and "50 euros" not in answer["answer"]
    assert site["bot"].index.chunk_count() == before


def test_a_wrong_password_is_refused(site):
    form = {"username": "ana", "password": "guess"}
    r = requests.post(site["url"] + "coordinator/login", data=form, timeout=30)
    assert r.status_code == 400 and not r.cookies
    assert PASSWORD not in (site["data"] / "coordinators.json").read_text()


def _cited(site, question: str) -> set[str]:
    answer = site["bot"].ask(question, role="mentee")
    return {c.source for c in answer.citations}


@needs_browser
def test_a_coordinator_uploads_and_removes_a_document(browser, site, tmp_path):  # noqa: F811
    policy = tmp_path / "meeting-fees.md"
    policy.write_text(FALSE_POLICY)
    ctx = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = ctx.new_page()
    # anonymous: the open page offers no upload, the coordinator's page asks to sign in
    page.goto(site["url"])
    page.wait_for_selector("#question textarea", timeout=60_000)
    assert page.locator("input[type=file]").count() == 0
    page.goto(site["url"] + "coordinator/")
    page.wait_for_selector("input[type=password]", timeout=60_000)
    page.fill("input[type=password]", "not the password")
    page.locator("input[type=text]").first.fill("ana")
    page.get_by_role("button", name="Login").click()
    page.wait_for_selector("text=Incorrect", timeout=30_000)
    page.locator("input[type=text]").first.fill("ana")
    page.fill("input[type=password]", PASSWORD)
    page.get_by_role("button", name="Login").click()
    page.wait_for_selector("#signed-in:has-text('ana')", timeout=60_000)
    # upload and ingest: the answer now cites the document, as programme material
    page.set_input_files("#upload-files input[type=file]", str(policy))
    page.wait_for_timeout(1000)
    page.click("#ingest")
    page.wait_for_selector("#coordinator-status:has-text('Ingested')", timeout=120_000)
    source = next(s for s in _cited(site, PAY_QUESTION) if s.endswith("meeting-fees.md"))
    assert "ana" in page.inner_text("#uploads")
    # remove it: the answer no longer cites it
    page.click("#remove-choice input")
    page.get_by_role("option", name=source).click()
    page.click("#remove")
    page.wait_for_selector("#coordinator-status:has-text('Removed')", timeout=60_000)
    assert not any(s.endswith("meeting-fees.md") for s in _cited(site, PAY_QUESTION))
    events = [json.loads(line) for line in (site["data"] / "audit.jsonl").read_text().splitlines()]
    assert [(e["event"], e["who"], e["documents"]) for e in events] == [
        ("upload", "ana", [source]),
        ("remove", "ana", [source]),
    ]
    assert events[0]["sha256"] and events[0]["chunks"] >= 1
    assert not (site["data"] / "uploads" / "meeting-fees.md").exists()
    # signing out ends the session: the page asks to sign in again
    page.click("#sign-out")
    page.wait_for_selector("input[type=password]", timeout=60_000)
    ctx.close()


def test_the_cli_removes_a_document_and_records_it(site, tmp_path):
    from typer.testing import CliRunner

    from assistant.interfaces.cli import app

    doc = tmp_path / "extra.md"
    doc.write_text("# Extra\n\nA short extra note about mentoring breakfasts for new mentees.\n")
    index = site["bot"].index
    index.ingest([doc])
    source = next(d.source for d in index.documents() if d.path.endswith("extra.md"))
    env = {"MENTOR_INDEX_DIR": str(index.settings.index_dir), "MENTOR_DATA_DIR": str(site["data"])}
    result = CliRunner().invoke(app, ["remove", source], env=env)
    assert result.exit_code == 0, result.output
    assert not any(d.source == source for d in index.documents())
    last = json.loads((site["data"] / "audit.jsonl").read_text().splitlines()[-1])
    assert last["event"] == "remove" and last["who"].startswith("cli:") and last["documents"] == [source]
    assert CliRunner().invoke(app, ["remove", "no/such.md"], env=env).exit_code == 1


def test_the_removed_documents_chunks_leave_every_store(site, tmp_path):
    doc = tmp_path / "gone.md"
    doc.write_text("# Gone\n\nMentoring picnics happen every spring for the whole cohort of pairs.\n")
    index = site["bot"].index
    before = index.chunk_count()
    index.ingest([doc])
    sentence = "Mentoring picnics happen every spring for the whole cohort of pairs."
    assert index.sentence_vectors([sentence])
    record = next(d for d in index.documents() if d.path.endswith("gone.md"))
    assert site["bot"].retriever.search("mentoring picnics in spring").passages[0].source == record.source
    index.remove(record.source)
    assert index.chunk_count() == before
    assert not index.rerank_vectors(record.chunk_ids)
    assert not index.sentence_vectors([sentence])
    assert all(p.source != record.source for p in site["bot"].retriever.search("mentoring picnics").passages)


def test_require_signin_closes_the_whole_app(site):
    from fastapi.testclient import TestClient

    from assistant.interfaces.server import build_server

    bot = site["bot"]
    closed = TestClient(build_server(bot.settings.model_copy(update={"require_signin": True}), bot))
    assert closed.get("/config").status_code == 401
    assert closed.get("/coordinator/config").status_code == 401
    opened = TestClient(build_server(bot.settings, bot))
    assert opened.get("/config").status_code == 200
