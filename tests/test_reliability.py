"""Reliability: a killed ingest, a Chroma server shared by two processes, no network egress."""

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.retrieval import HybridRetriever
from assistant.settings import Settings
from assistant.store.index import GuidanceIndex

from .conftest import DATA, FIXTURES, PROJECT

pytestmark = pytest.mark.system

EXE = str(Path(sys.executable).parent / "mentor-assistant")


def _small_corpus(root: Path) -> Path:
    corpus = root / "kill-corpus"
    shutil.copytree(FIXTURES / "guides", corpus)
    for name in ("first-session-agenda.md", "mentoring-agreement.md", "confidentiality-and-trust.md"):
        shutil.copy(DATA / "corpus" / name, corpus / name)
    return corpus


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTOR_")}
    return env | {k: str(v) for k, v in extra.items()}


def _artifact(name: str, data: dict) -> None:
    out = PROJECT / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / name).write_text(json.dumps(data, indent=2))


def _touch_all(corpus: Path, round_: int) -> None:
    """Append a line to every document so the next ingest re-embeds the whole corpus."""
    for doc in sorted(corpus.glob("*.md")):
        doc.write_text(doc.read_text() + f"\nRound {round_}: keep notes short and dated.\n")


def _ingest_and_kill(corpus: Path, index_dir: Path, rng: random.Random) -> bool:
    """Run ``mentor-assistant ingest`` and SIGKILL it at a random embedding step.

    The CLI prints one progress line per step when stderr is not a terminal; the kill lands after
    a random number of "Embedding chunks" lines plus a random fraction of a batch, so it falls
    inside the ingest however fast or slow the machine is. Returns True when the kill landed.
    """
    proc = subprocess.Popen(
        [EXE, "ingest", str(corpus), "--index", str(index_dir)],
        env=_env(MENTOR_EMBED_BATCH_SIZE=2),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    target = rng.randint(0, 12)
    seen = 0
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("Embedding chunks"):
            if seen == target:
                time.sleep(rng.uniform(0.0, 0.3))
                break
            seen += 1
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    return killed


def test_ingest_killed_at_random_moments_recovers_to_a_clean_build(tmp_path):
    corpus = _small_corpus(tmp_path)
    originals = {p.name: p.read_text() for p in corpus.glob("*.md")}
    clean = Settings(index_dir=tmp_path / "clean")
    GuidanceIndex(clean).ingest([corpus])
    expected_ids = GuidanceIndex(clean).chunk_ids()
    expected_docs = {d.source: d.chunk_ids for d in GuidanceIndex(clean).documents()}

    index_dir = tmp_path / "killed"
    rng = random.Random(7)
    kills = 0
    for round_ in range(10):
        if round_:
            _touch_all(corpus, round_)  # every later round has a full re-embed to interrupt
        kills += _ingest_and_kill(corpus, index_dir, rng)
        # whatever state it was left in, the index opens and still answers (dense search may be
        # unavailable if Chroma's vector files were cut mid-write; retrieval then uses BM25)
        idx = GuidanceIndex(Settings(index_dir=index_dir))
        if idx.chunk_count():
            assert HybridRetriever(idx).search("who sends the invitations").passages
    assert kills >= 8, f"only {kills} of 10 kills landed inside an ingest"
    # restore the documents and finish: the result equals a clean build
    for name, text in originals.items():
        (corpus / name).write_text(text)
    report = GuidanceIndex(Settings(index_dir=index_dir)).ingest([corpus])
    final = GuidanceIndex(Settings(index_dir=index_dir))
    assert final.chunk_ids() == expected_ids, "no duplicate or orphan chunks"
    assert {d.source: d.chunk_ids for d in final.documents()} == {
        k.replace(str(clean.index_dir), str(index_dir)): v for k, v in expected_docs.items()
    }
    assert report.chunks_total == len(expected_ids)
    # and the vector search itself works again: every chunk has its vector, no stale vectors
    assert final.vectors_readable()
    res = final.collection.query(
        query_embeddings=[final.embeddings.embed_query("who sends the invitations")], n_results=3
    )
    assert set(res["ids"][0]) <= expected_ids
    _artifact("kill-test.json", {"kills": kills, "rounds": 10, "final": report.model_dump()})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    proc = subprocess.Popen(
        [chroma, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(tmp_path / "server-data")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(ANONYMIZED_TELEMETRY="False"),
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("chroma run did not start")
    yield port
    proc.terminate()
    proc.wait(timeout=30)


def test_chroma_server_mode_shared_by_two_processes(chroma_server, guides, tmp_path):
    env = _env(
        MENTOR_CHROMA_HOST="127.0.0.1", MENTOR_CHROMA_PORT=chroma_server, MENTOR_INDEX_DIR=tmp_path / "lock"
    )
    first = subprocess.run([EXE, "ingest", str(guides), "--json"], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    # two app processes ask at the same time against the one server
    procs = [
        subprocess.Popen(
            [EXE, "ask", q, "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for q in ("What should a mentee write down in session notes?", "How often should a mentor check in?")
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    import json

    for (out, err), p in zip(outs, procs, strict=True):
        assert p.returncode == 0, err
        assert json.loads(out)["citations"], out
    # a second ingest from another process sees the same index and embeds nothing
    again = subprocess.run([EXE, "ingest", str(guides), "--json"], env=env, capture_output=True, text=True)
    assert json.loads(again.stdout)["chunks_embedded"] == 0
    listing = subprocess.run([EXE, "documents", "--json"], env=env, capture_output=True, text=True)
    assert len(json.loads(listing.stdout)["documents"]) == 5


def test_unreachable_chroma_server_is_a_clear_error(tmp_path):
    from typer.testing import CliRunner

    from assistant.interfaces.cli import app

    port = _free_port()
    result = CliRunner().invoke(app, ["documents", "--chroma-host", "127.0.0.1", "--chroma-port", str(port)])
    assert result.exit_code == 1
    assert "Cannot reach the Chroma server" in result.output


def test_no_network_egress(corpus_index, monkeypatch, tmp_path):
    """Block every socket connection that is not to loopback, then run the whole flow."""
    attempts = []
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith("127.") or host in ("::1", "localhost")):
            attempts.append(address)
            raise OSError(f"egress blocked by test: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    from gradio_client import Client

    from assistant.answering.assistant import Assistant
    from assistant.interfaces.ui import build_app
    from assistant.workflows import build_agenda, build_faq

    settings = corpus_index.settings.model_copy(
        update={"index_dir": tmp_path / "egress-index", "data_dir": tmp_path / "data"}
    )
    index = GuidanceIndex(settings)
    index.ingest([FIXTURES / "guides"])
    bot = Assistant(settings, index=index)
    assert bot.ask("What should a mentee write down?").citations
    build_agenda(bot, "first", 30)
    build_faq(bot, 2)
    demo = build_app(settings, bot)
    port = _free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        result = Client(f"http://127.0.0.1:{port}/", verbose=False).predict(
            "How often should a mentor send a message between sessions?", "mentor", "auto", api_name="/ask"
        )
        assert "answer" in result and "error" not in result
    finally:
        demo.close()
    assert attempts == [], f"network egress attempted: {attempts}"
