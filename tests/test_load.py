"""Load: 50 concurrent gradio_client users x 10 questions against the app in its own process.

The app runs as ``mentor-assistant serve`` on 127.0.0.1 (a copy of the session's corpus index, so
it starts without re-embedding). Each user is its own ``gradio_client.Client`` in its own thread
and asks 10 questions one after the other, rotating through the eval questions (English and
Turkish, all three roles, some out of scope). The run is bounded: 500 requests and a deadline.
It must finish with 0 errors and no answer delivered to the wrong user; p50/p95 latency and
throughput are written to test-artifacts/load.json and printed.
"""

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import DATA, PROJECT

pytestmark = pytest.mark.system

USERS = 50
QUESTIONS_EACH = 10
DEADLINE_S = 1500  # for the whole run; a stuck queue fails the test instead of hanging CI
# gradio_client gives the POST that joins the queue httpx's default 5 s; a browser's fetch has no
# such limit. With 50 users joining at once on 2 busy cores the server's event loop can take longer
# than 5 s to accept a join (seen once in CI: 2 of 500 requests), which no user would see as an
# error. So the users wait as a browser does (no per-request timeout; DEADLINE_S bounds the run),
# and the wait is measured: it is part of each request's latency.
EXE = str(Path(sys.executable).parent / "mentor-assistant")
ROLES = ("mentee", "mentor", "coordinator")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _questions() -> list[str]:
    rows = []
    for name in ("questions.jsonl", "out_of_scope.jsonl"):
        path = DATA / "evals" / name
        rows += [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return rows


@pytest.fixture(scope="module")
def app_url(corpus_index, tmp_path_factory):
    from gradio_client import Client

    tmp = tmp_path_factory.mktemp("load")
    shutil.copytree(corpus_index.settings.index_dir, tmp / "index")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTOR_")} | {
        "MENTOR_INDEX_DIR": str(tmp / "index"),
        "MENTOR_DATA_DIR": str(tmp / "data"),
        "MENTOR_CORPUS_DIR": str(DATA / "corpus"),
    }
    log = (tmp / "server.log").open("w")
    proc = subprocess.Popen(
        [EXE, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 300
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the app exited: {(tmp / 'server.log').read_text()[-2000:]}")
            try:
                Client(url, verbose=False)
                break
            except Exception:
                if time.time() > deadline:
                    pytest.fail("the app did not start within 300 s")
                time.sleep(1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_fifty_concurrent_users_ten_questions_each(app_url):
    from gradio_client import Client

    pool = _questions()
    latencies: list[float] = []
    errors: list[str] = []
    mismatches: list[str] = []
    refused = answered = 0
    lock = threading.Lock()
    barrier = threading.Barrier(USERS)

    def user(u: int) -> None:
        nonlocal refused, answered
        try:
            client = Client(app_url, verbose=False, httpx_kwargs={"timeout": None})
        except Exception as exc:
            with lock:
                errors.append(f"user {u} could not connect: {exc!r}")
            barrier.abort()
            return
        try:
            barrier.wait(timeout=300)  # all 50 start asking at once
        except threading.BrokenBarrierError:
            pass
        for j in range(QUESTIONS_EACH):
            question = pool[(u * QUESTIONS_EACH + j) % len(pool)]
            role = ROLES[(u + j) % len(ROLES)]
            started = time.perf_counter()
            try:
                result = client.predict(question, role, "auto", api_name="/ask")
            except Exception as exc:
                with lock:
                    errors.append(f"user {u} question {j}: {exc!r}")
                continue
            took = time.perf_counter() - started
            with lock:
                latencies.append(took)
                if "error" in result:
                    errors.append(f"user {u} question {j}: {result['error']}")
                elif result["question"] != question:
                    mismatches.append(f"user {u} got the answer to {result['question']!r}")
                elif result["refused"]:
                    refused += 1
                elif result["citations"]:
                    answered += 1
                else:
                    errors.append(f"user {u} question {j}: an answer without citations")

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(u,), daemon=True) for u in range(USERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1.0, DEADLINE_S - (time.perf_counter() - started)))
    wall = time.perf_counter() - started
    assert not any(t.is_alive() for t in threads), f"the load run exceeded {DEADLINE_S} s"

    lat = sorted(latencies)
    figures = {
        "users": USERS,
        "questions_each": QUESTIONS_EACH,
        "requests": len(lat),
        "errors": len(errors),
        "wrong_user": len(mismatches),
        "answered": answered,
        "refused": refused,
        "p50_s": round(statistics.median(lat), 2) if lat else None,
        "p95_s": round(lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))], 2) if lat else None,
        "max_s": round(lat[-1], 2) if lat else None,
        "wall_s": round(wall, 1),
        "throughput_per_s": round(len(lat) / wall, 2),
    }
    out = PROJECT / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(figures | {"error_samples": errors[:5]}, indent=2))
    print("\nload:", json.dumps(figures))
    assert not errors, errors[:5]
    assert not mismatches, mismatches[:5]
    assert len(lat) == USERS * QUESTIONS_EACH
