import json

from typer.testing import CliRunner

from assistant.interfaces.cli import app

runner = CliRunner()


def test_ingest_twice_then_list(guides, tmp_path):
    index = str(tmp_path / "cli-index")
    first = runner.invoke(app, ["ingest", str(guides), "--index", index, "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert len(report["added"]) == 5 and report["chunks_embedded"] > 0
    second = runner.invoke(app, ["ingest", str(guides), "--index", index])
    assert second.exit_code == 0, second.output
    assert "chunks embedded     │ 0" in second.stdout
    assert "documents unchanged │ 5" in second.stdout
    listing = runner.invoke(app, ["documents", "--index", index, "--json"])
    payload = json.loads(listing.stdout)
    assert payload["language"] == {"en": 4, "tr": 1}
    assert payload["audience"]["mentee"] == 4


def test_default_paths_come_from_settings(guides, monkeypatch, tmp_path):
    monkeypatch.setenv("MENTOR_CORPUS_DIR", str(guides))
    monkeypatch.setenv("MENTOR_INDEX_DIR", str(tmp_path / "env-index"))
    result = runner.invoke(app, ["ingest", "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["added"]) == 5
    assert (tmp_path / "env-index" / "chroma.sqlite3").is_file()


def test_missing_path_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--index", str(tmp_path / "i")])
    assert result.exit_code == 1
    assert "no such file or directory" in result.output


def test_invalid_setting_is_reported(monkeypatch, tmp_path):
    monkeypatch.setenv("MENTOR_CHUNK_SIZE", "lots")
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 2
    assert "Invalid setting chunk_size" in result.output


def test_only_unreadable_files_fails(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "broken.pdf").write_bytes(b"%PDF-1.4 nope")
    result = runner.invoke(app, ["ingest", str(tmp_path / "docs"), "--index", str(tmp_path / "i")])
    assert result.exit_code == 1
    assert "broken.pdf" in result.output


def test_ask_json_and_batch(corpus_index, tmp_path):
    index = str(corpus_index.settings.index_dir)
    result = runner.invoke(app, ["ask", "Who sends the meeting invitations?", "--json", "--index", index])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["refused"] is False and data["citations"][0]["source"].startswith("corpus/")
    batch = tmp_path / "questions.txt"
    batch.write_text(
        "What is group mentoring?\n"
        '{"q": "Görüşmeye nasıl hazırlanmalıyım?", "role": "mentee"}\n'
        "\n"
        '{"q": "What is the capital of Peru?"}\n'
        '{"q": ""}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["ask", "--batch", str(batch), "--index", index])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4
    assert lines[0]["citations"] and lines[1]["language"] == "tr"
    assert lines[2]["refused"] is True
    assert "empty" in lines[3]["error"]
    assert result.exit_code == 1, "a failed line makes the batch exit non-zero"


def test_ask_plain_output(corpus_index):
    result = runner.invoke(
        app, ["ask", "What is reverse mentoring?", "--index", str(corpus_index.settings.index_dir)]
    )
    assert result.exit_code == 0
    assert "Answer" in result.stdout


def test_ask_on_empty_index_without_a_corpus_says_to_ingest(tmp_path, monkeypatch):
    # by default an empty index is first built from the packaged corpus (tests/test_package.py)
    monkeypatch.setenv("MENTOR_CORPUS_DIR", str(tmp_path / "no-corpus"))
    result = runner.invoke(app, ["ask", "What is mentoring?", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "mentor-assistant ingest" in result.output


def test_ask_needs_a_question_or_batch(tmp_path):
    result = runner.invoke(app, ["ask", "--index", str(tmp_path)])
    assert result.exit_code == 2
