"""UI timings: `python app.py` on a fresh index to the first answer, then concurrent clients.

    python evals/ui_load.py [--clients 5] [--questions 20]

Starts app.py in a new process with an empty temporary index (so it indexes corpus/ first), waits
for the first answer through gradio_client, then sends N questions from K concurrent clients and
prints p50/p95. Only 127.0.0.1 is contacted; the loops are bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=5)
    ap.add_argument("--questions", type=int, default=20)
    args = ap.parse_args()
    started = time.perf_counter()
    proc, url = start_app()
    try:
        client = connect(proc, url, started)
        first = client.predict(
            "How should I prepare for my first session?", "mentee", "auto", api_name="/ask"
        )
        to_first = time.perf_counter() - started
        assert first["citations"], first
        questions = [
            json.loads(line)["q"]
            for line in (ROOT / "assistant/data/evals/questions.jsonl").read_text().splitlines()
        ]
        print(f"python app.py on a fresh index -> first answer: {to_first:.1f} s")
        measure(url, questions[: args.questions], args.clients)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def start_app() -> tuple[subprocess.Popen, str]:
    """``python app.py`` on a fresh index and data folder, on a free port."""
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="mentor-ui-load-"))
    env = os.environ | {
        "MENTOR_INDEX_DIR": str(tmp / "index"),
        "MENTOR_DATA_DIR": str(tmp / "data"),
        "MENTOR_UI_PORT": str(port),
    }
    proc = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return proc, f"http://127.0.0.1:{port}/"


def connect(proc: subprocess.Popen, url: str, started: float):
    from gradio_client import Client

    while time.perf_counter() - started < 600:
        if proc.poll() is not None:
            raise SystemExit(f"app.py exited: {proc.stdout.read()[-2000:]}")
        try:
            return Client(url, verbose=False)
        except Exception:
            time.sleep(1)
    raise SystemExit("app.py did not answer within 600 s")


def measure(url: str, questions: list[str], clients: int) -> None:
    """``questions`` shared among ``clients`` concurrent clients; prints p50/p95 and errors."""
    from gradio_client import Client

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        c = Client(url, verbose=False)
        for q in questions[k::clients]:
            t = time.perf_counter()
            try:
                r = c.predict(q, "mentee", "auto", api_name="/ask")
                ok = "answer" in r
            except Exception as exc:
                ok, r = False, str(exc)
            with lock:
                latencies.append(time.perf_counter() - t)
                if not ok:
                    errors.append(str(r)[:200])

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    wall = time.perf_counter() - t0
    print(
        f"{len(latencies)} questions from {clients} concurrent clients in {wall:.1f} s: "
        f"p50 {statistics.median(latencies):.2f} s, p95 {pct(latencies, 0.95):.2f} s, "
        f"errors {len(errors)}"
    )
    for e in errors[:5]:
        print("  error:", e)


if __name__ == "__main__":
    main()
