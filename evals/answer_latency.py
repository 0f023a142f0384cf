"""Answer latency of the offline generator: cold start to first answer, and warm p50/p95.

    python evals/answer_latency.py [--index DIR] [--rounds N]

Cold start runs `mentor-assistant ask` in a new process (imports, model loads, BM25 build and one
answer). Warm latency asks the questions of assistant/data/evals/questions.jsonl in one process after a warm-up.
The floor printed beside it is one query embedding plus one Chroma lookup, the least any dense
retrieval can cost here.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default=str(ROOT / ".mentor" / "index"))
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    exe = Path(sys.executable).parent / "mentor-assistant"

    t0 = time.perf_counter()
    out = subprocess.run(
        [str(exe), "ask", "How should I prepare for my first session?", "--json", "--index", args.index],
        capture_output=True,
        text=True,
        check=True,
    )
    cold = time.perf_counter() - t0
    assert json.loads(out.stdout)["citations"], "cold answer has no citations"

    from assistant.answering.assistant import Assistant
    from assistant.settings import Settings

    bot = Assistant(Settings(index_dir=Path(args.index)))
    questions = [
        json.loads(line)["q"]
        for line in (ROOT / "assistant/data/evals/questions.jsonl").read_text().splitlines()
    ]
    bot.ask(questions[0])  # warm-up
    warm = []
    for _ in range(args.rounds):
        for q in questions:
            t = time.perf_counter()
            bot.ask(q)
            warm.append(time.perf_counter() - t)
    floor = []
    coll = bot.index.collection
    for q in questions:
        t = time.perf_counter()
        vec = bot.index.embeddings.embed_query(q)
        coll.query(query_embeddings=[vec], n_results=6)
        floor.append(time.perf_counter() - t)
    print(f"cold start to first answer (new process): {cold:.2f} s")
    print(
        f"warm answer latency over {len(warm)} questions: p50 {statistics.median(warm) * 1000:.0f} ms, "
        f"p95 {pct(warm, 0.95) * 1000:.0f} ms, max {max(warm) * 1000:.0f} ms"
    )
    print(
        f"floor (one query embedding + one Chroma lookup): p50 {statistics.median(floor) * 1000:.1f} ms; "
        f"ratio p50 answer / floor: {statistics.median(warm) / statistics.median(floor):.1f}x"
    )


if __name__ == "__main__":
    main()
