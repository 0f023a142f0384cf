"""The bad-input matrix of the README: each case gets a clear error and loses nothing.

Questions, roles and languages go through the answering pipeline; files through ingest; index,
server and generator problems through their entry points. Every case asserts the message a user
sees. (Kill-during-ingest, unreachable Chroma and egress cases are in test_reliability.py;
upload-name sanitising and HTML payloads in test_ui.py.)
"""

import io
import json
import sys

import pytest
from typer.testing import CliRunner

from assistant.answering.answer import QuestionError
from assistant.generators.base import GeneratorError
from assistant.generators.registry import create_generator
from assistant.ingest.documents import LoadError, load_document
from assistant.interfaces.cli import app
from assistant.store.index import GuidanceIndex

runner = CliRunner()

QUESTION_CASES = [
    ("empty", "", "empty"),
    ("whitespace only", " \t\n  ", "empty"),
    ("only invisible characters", "\u200b\u200c\u200d\ufeff", "empty"),
    ("only control characters", "\x00\x01\x02\x07", "empty"),
    ("only punctuation", "?!?...", "empty"),
    ("100 kB", "why " * 25_000, "limit is 2,000"),
    ("just over the limit", "a" * 2001, "limit is 2,000"),
]


@pytest.mark.parametrize("name, question, message", QUESTION_CASES, ids=[c[0] for c in QUESTION_CASES])
def test_bad_questions(bot, name, question, message):
    with pytest.raises(QuestionError, match=message):
        bot.ask(question)


@pytest.mark.parametrize(
    "question",
    [
        "Who sends\x00 the\x1b[31m meeting invitations?",  # control characters and ANSI escapes
        "Who sends the meeting\u202e invitations?",  # right-to-left override
        "W\u200bho sends the meeting invitations?",  # zero-width space inside a word
        "who sends the meeting invitations?" + "\u0301" * 3,  # stray combining marks
        "\U0001f914 Who sends the meeting invitations? \U0001f914",  # emoji
    ],
)
def test_noisy_questions_are_cleaned_and_answered(bot, question):
    answer = bot.ask(question)
    assert not answer.refused and answer.citations
    assert "\x00" not in answer.question and "\u202e" not in answer.question


def test_binary_question_bytes_are_refused_or_rejected(bot):
    junk = bytes(range(256)).decode("latin-1")
    try:
        answer = bot.ask(junk)
    except QuestionError as exc:
        assert "empty" in str(exc) or "limit" in str(exc)
    else:
        assert answer.refused


@pytest.mark.parametrize("role", ["ceo", "MENTORS", "admin; drop table", "42"])
def test_unknown_roles(bot, role):
    with pytest.raises(QuestionError, match="Unknown role"):
        bot.ask("What is mentoring?", role=role)


def test_unknown_language_falls_back_to_detection(bot):
    answer = bot.ask("Who sends the meeting invitations?", language="xx")
    assert answer.language == "en" and answer.citations


def _pdf_encrypted() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(100, 100)
    w.encrypt("pw")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


FILE_CASES = [
    ("empty file", "empty.md", b"", "empty"),
    ("only spaces", "blank.txt", b"    \n  ", "empty"),
    ("encrypted PDF", "locked.pdf", None, "encrypted"),
    ("corrupt PDF", "broken.pdf", b"%PDF-1.5\n%%EOF garbage", "not a readable PDF"),
    ("PDF with the wrong extension", "report.docx", b"%PDF-1.4\n1 0 obj\n", "not a valid .docx"),
    (
        "text with a .pdf extension",
        "notes.pdf",
        b"Just some notes about mentoring sessions.",
        "not a readable PDF",
    ),
    ("binary data as .txt", "data.txt", b"\x00\xff\x00\xfe" * 100, "binary"),
    ("image", "photo.jpg", b"\xff\xd8\xff\xe0", "unsupported file type"),
    ("no extension", "README", b"text", "unsupported file type"),
    (
        "broken front matter",
        "bad.md",
        b"---\ntitle: [oops\n---\nBody text that is long enough.",
        "front matter",
    ),
    ("HTML without text", "empty.html", b"<html><body><nav>Home</nav></body></html>", "no readable text"),
    ("too little text", "tiny.md", b"# Hi", "no readable text"),
]


@pytest.mark.parametrize("name, filename, content, message", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_bad_files(tmp_path, name, filename, content, message):
    path = tmp_path / filename
    path.write_bytes(_pdf_encrypted() if content is None else content)
    with pytest.raises(LoadError, match=message):
        load_document(path)


def test_huge_file_is_skipped_by_ingest_and_the_rest_indexed(settings, guides):
    (guides / "huge.txt").write_bytes(b"mentoring " * (3 * 2**20))
    small = settings.model_copy(update={"max_file_mb": 1})
    report = GuidanceIndex(small).ingest([guides])
    assert [s.source.rsplit("/", 1)[-1] for s in report.skipped] == ["huge.txt"]
    assert "over the 1 MiB limit" in report.skipped[0].reason
    assert len(report.added) == 5


def test_path_that_disappears_is_reported_and_the_rest_indexed(settings, guides):
    (guides / "gone.md").symlink_to(guides / "does-not-exist.md")
    report = GuidanceIndex(settings).ingest([guides, guides / "gone.md"])
    assert any("gone.md" in s.source and "no such file" in s.reason for s in report.skipped)
    assert len(report.added) == 5


def test_index_dir_that_cannot_be_created(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--index", str(blocker / "index")])
    assert result.exit_code == 1 and "Cannot create the index directory" in result.output


def test_missing_index_and_no_corpus_for_ask(tmp_path, monkeypatch):
    monkeypatch.setenv("MENTOR_CORPUS_DIR", str(tmp_path / "no-corpus"))
    result = runner.invoke(app, ["ask", "What is mentoring?", "--index", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert "is empty and there is no corpus" in result.output
    assert "run `mentor-assistant ingest PATH` first" in result.output


def test_first_ask_indexes_the_corpus(guides, tmp_path, monkeypatch):
    """On a fresh install `ask` builds the empty index from the corpus directory, then answers."""
    monkeypatch.setenv("MENTOR_CORPUS_DIR", str(guides))
    index_dir = tmp_path / "fresh-index"
    result = runner.invoke(
        app,
        ["ask", "What should a mentee note during a mentoring session?", "--json", "--index", str(index_dir)],
    )
    assert result.exit_code == 0, result.output
    assert "is empty: indexing" in result.stderr and "Indexed 5 documents" in result.stderr
    answer = json.loads(result.stdout)
    assert not answer["refused"]
    assert "corpus/mentee-notes.md" in {c["source"] for c in answer["citations"]}
    # the next question finds the index built
    again = runner.invoke(app, ["ask", "What is mentoring?", "--json", "--index", str(index_dir)])
    assert again.exit_code == 0 and "indexing" not in again.stderr


def test_batch_file_with_a_broken_line(corpus_index, tmp_path):
    batch = tmp_path / "b.jsonl"
    batch.write_text('{"q": "What is mentoring?"}\n{"q": unquoted}\n')
    result = runner.invoke(
        app, ["ask", "--batch", str(batch), "--index", str(corpus_index.settings.index_dir)]
    )
    assert result.exit_code == 1 and ":2: invalid JSON" in result.output


@pytest.mark.parametrize(
    "env, message",
    [
        ({"MENTOR_CHUNK_SIZE": "huge"}, "Invalid setting chunk_size"),
        ({"MENTOR_CHROMA_PORT": "99999"}, "Invalid setting chroma_port"),
        ({"MENTOR_CHUNK_OVERLAP": "900", "MENTOR_CHUNK_SIZE": "800"}, "chunk_overlap must be smaller"),
    ],
)
def test_invalid_settings(monkeypatch, tmp_path, env, message):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    result = runner.invoke(app, ["documents", "--index", str(tmp_path)])
    assert result.exit_code == 2 and message in result.output


def test_unreachable_llm_server_is_a_clear_error(corpus_index):
    pytest.importorskip("langchain_openai")
    from assistant.answering.assistant import Assistant

    settings = corpus_index.settings.model_copy(
        update={
            "generator": "openai",
            "llm_base_url": "http://127.0.0.1:9/v1",
            "llm_model": "x",
            "llm_timeout": 3,
        }
    )
    bot = Assistant(settings, index=corpus_index)
    with pytest.raises(GeneratorError, match="The openai model failed"):
        bot.ask("Who sends the meeting invitations?")


def test_missing_llm_extra_is_a_clear_error(corpus_index, monkeypatch):
    monkeypatch.setitem(sys.modules, "langchain_ollama", None)  # as if the extra were not installed
    s = corpus_index.settings.model_copy(update={"generator": "ollama"})
    with pytest.raises(GeneratorError, match=r"pip install 'mentor-assistant\[ollama\]'"):
        create_generator(s, corpus_index.embeddings)


class GarbageGeneratorFake:
    """FAKE generator (named as such): returns garbage, as a broken LLM server might."""

    name = "garbage-fake"

    def stream(self, request):
        yield "asdf qwer [7] zxcv\n\n{{{{ ]]]] "
        yield json.dumps({"not": "an answer"})


def test_generator_returning_garbage_falls_back_to_the_guidance(corpus_index):
    from assistant.answering.assistant import Assistant

    bot = Assistant(corpus_index.settings, index=corpus_index, generator=GarbageGeneratorFake())
    answer = bot.ask("Who sends the meeting invitations?")
    assert answer.citations and "could not be verified" in answer.answer
    assert "asdf" not in answer.answer
