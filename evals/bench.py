"""Benchmark: every figure beside the floor it cannot beat, measured in the same run.

    python evals/bench.py [--sizes 1000,10000,100000]

- ingest throughput of `GuidanceIndex.ingest` on corpus/ vs raw `SentenceTransformer.encode` on
  the same chunk texts;
- warm retrieval and answer latency vs one query embedding plus one Chroma lookup;
- cold start (a new `mentor-assistant ask` process) and peak RSS;
- hybrid retrieval latency at 1k / 10k / 100k synthetic chunks (random unit vectors for both the
  MiniLM index and the stored E5 re-ranking vectors, text sampled from the corpus vocabulary),
  BM25 rebuild time included separately.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.ingest.chunking import chunk_document  # noqa: E402
from assistant.ingest.documents import discover, load_document  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store.index import GuidanceIndex  # noqa: E402

SYNTHETIC_BATCH = 5000  # chunks added to Chroma per call when building a synthetic index
QUESTIONS = [
    "Who sends the meeting invitations?",
    "How do I write a SMART goal?",
    "What goes into a mentoring agreement?",
    "My mentee keeps cancelling, what should I do?",
    "How should a coordinator screen applicants?",
    "What is peer mentoring?",
    "İlk görüşmede neleri konuşmalıyız?",
    "How do I ask my mentor for feedback?",
]
# asked once each after the questions above, as a user's new questions are: their passages'
# sentences are read for the first time in this process
NEW_QUESTIONS = [
    "Should I take notes during our meetings?",
    "Can my mentor also be my manager?",
    "What should we cover in our final session?",
    "How do I end a mentoring relationship that is not working?",
    "What is reverse mentoring?",
    "Mentorumla ne sıklıkla görüşmeliyim?",
    "What does a coordinator do when a pair stops meeting?",
    "How long should a mentoring session last?",
    "What should I avoid as a new mentor?",
    "How do we keep in touch between sessions?",
    "What belongs in a progress review?",
    "How can I thank my mentor at the end?",
]


def p50(xs):
    return statistics.median(xs) * 1000


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))] * 1000


def timed(fn, n=1):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mentor-bench-"))
    settings = Settings(index_dir=tmp / "index")
    ingest_s, report, cold, child_rss = cold_start(settings)
    texts = ingest_throughput(settings, ingest_s, report)
    bot = warm_latency(settings, cold, child_rss)
    for size in [int(x) for x in args.sizes.split(",") if x]:
        synthetic_scale(tmp, size, texts, bot.index.embeddings)
    print(
        f"peak RSS of the benchmark process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


def cold_start(settings: Settings):
    """Ingest the corpus (timed), then a new process answering one question."""
    index = GuidanceIndex(settings)
    t = time.perf_counter()
    report = index.ingest([ROOT / "assistant" / "data" / "corpus"])
    ingest_s = time.perf_counter() - t
    exe = Path(sys.executable).parent / "mentor-assistant"
    cold = timed(
        lambda: subprocess.run(
            [str(exe), "ask", QUESTIONS[0], "--json", "--index", str(settings.index_dir)],
            check=True,
            capture_output=True,
        )
    )[0]
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return ingest_s, report, cold, child_rss


def ingest_throughput(settings: Settings, ingest_s: float, report) -> list[str]:
    """Ingest time beside raw encoding of the same chunk texts (MiniLM, then E5); returns them."""
    docs = [load_document(f) for f in discover([ROOT / "assistant" / "data" / "corpus"])]
    texts = [
        c.embed_text for d in docs for c in chunk_document(d, settings.chunk_size, settings.chunk_overlap)
    ]
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(settings.embedding_model_path()), device="cpu")
    model.encode(texts[:8])
    encode_s = timed(lambda: model.encode(texts, batch_size=32, normalize_embeddings=True))[0]
    from assistant.encoders.multilingual import MultilingualScorer
    from assistant.ingest.chunking import rerank_text

    e5 = MultilingualScorer()  # a fresh cache: every text is embedded
    e5.passages(["warm up"])
    e5_s = timed(lambda: e5.passages([rerank_text(t) for t in texts]))[0]
    print(
        f"ingest corpus/ ({report.documents_total} docs, {report.chunks_total} chunks, cold process): "
        f"{ingest_s:.1f} s = {report.chunks_total / ingest_s:.1f} chunks/s"
    )
    print(
        f"  floor: SentenceTransformer.encode on the same {len(texts)} texts: {encode_s:.1f} s = "
        f"{len(texts) / encode_s:.1f} chunks/s; ratio ingest/floor time {ingest_s / encode_s:.2f}x "
        "(ingest also loads the model, reads, chunks and writes Chroma)"
    )
    floor2 = encode_s + e5_s
    print(
        f"  floor with the re-ranking vectors ingest also stores (multilingual-e5-small on the same "
        f"texts: {e5_s:.1f} s): {floor2:.1f} s = {len(texts) / floor2:.1f} chunks/s; "
        f"ratio {ingest_s / floor2:.2f}x"
    )
    stored = getattr(report, "sentence_vectors", 0)
    if stored:
        sentences = GuidanceIndex(settings).sentence_texts()
        fresh = MultilingualScorer()
        fresh.passages(["warm up"])
        s_s = timed(lambda: fresh.passages(sentences))[0]
        floor3 = floor2 + s_s
        print(
            f"  floor with the {stored} sentence vectors ingest also stores (multilingual-e5-small on "
            f"those texts: {s_s:.1f} s): {floor3:.1f} s = {len(texts) / floor3:.1f} chunks/s; "
            f"ratio {ingest_s / floor3:.2f}x"
        )
    t = time.perf_counter()
    again = GuidanceIndex(settings).ingest([ROOT / "assistant" / "data" / "corpus"])
    print(f"  re-ingest unchanged: {time.perf_counter() - t:.2f} s, {again.chunks_embedded} chunks embedded")
    return texts


def warm_latency(settings: Settings, cold: float, child_rss: float):
    """Warm search and answer latency beside one embedding plus one Chroma lookup."""
    from assistant.answering.assistant import Assistant

    bot = Assistant(settings)
    bot.ask(QUESTIONS[0])
    floor = timed(
        lambda: [
            bot.index.collection.query(query_embeddings=[bot.index.embeddings.embed_query(q)], n_results=6)
            for q in QUESTIONS
        ],
        3,
    )
    floor = [f / len(QUESTIONS) for f in floor]
    search = [x for q in QUESTIONS for x in timed(lambda q=q: bot.retriever.search(q), 3)]
    answer = [x for q in QUESTIONS for x in timed(lambda q=q: bot.ask(q), 3)]
    new = [timed(lambda q=q: bot.ask(q))[0] for q in NEW_QUESTIONS]
    print(
        f"warm retrieval p50 {p50(search):.0f} ms / p95 {p95(search):.0f} ms; "
        f"floor (1 embedding + 1 Chroma lookup) p50 {p50(floor):.0f} ms; ratio {p50(search) / p50(floor):.1f}x"
    )
    print(
        f"warm answer p50 {p50(answer):.0f} ms / p95 {p95(answer):.0f} ms; ratio to floor {p50(answer) / p50(floor):.1f}x"
        f" (each question asked 3 times; its first ask reads its passages' sentences for the first time)"
    )
    print(
        f"warm answer to {len(new)} new questions, asked once each: p50 {p50(new):.0f} ms / "
        f"p95 {p95(new):.0f} ms; ratio to floor {p50(new) / p50(floor):.1f}x"
    )
    print(
        f"cold start (new process, one answer): {cold:.1f} s; peak RSS: this process "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, ask process {child_rss:.0f} MB"
    )
    return bot


def synthetic_index(tmp: Path, size: int, texts: list[str], embeddings):
    """An index of ``size`` synthetic chunks (random unit vectors, corpus vocabulary), and the
    seconds it took to load."""
    vocab = sorted({w for t in texts for w in t.split() if w.isalpha()})
    rng = random.Random(0)
    nprng = np.random.default_rng(0)
    s = Settings(index_dir=tmp / f"synthetic-{size}", collection=f"synthetic-{size}")
    idx = GuidanceIndex(s, embeddings=embeddings)
    t = time.perf_counter()
    for start in range(0, size, SYNTHETIC_BATCH):
        n = min(SYNTHETIC_BATCH, size - start)
        vecs = nprng.standard_normal((n, 384)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        idx.collection.add(
            ids=[f"s{start + i}" for i in range(n)],
            embeddings=vecs.tolist(),
            documents=[" ".join(rng.choices(vocab, k=60)) for _ in range(n)],
            metadatas=[_synthetic_meta(start + i) for i in range(n)],
        )
        e5v = nprng.standard_normal((n, 384)).astype(np.float32)
        e5v /= np.linalg.norm(e5v, axis=1, keepdims=True)
        idx.rerank_collection.add(ids=[f"s{start + i}" for i in range(n)], embeddings=e5v.tolist())
    load_s = time.perf_counter() - t
    idx._save_state()
    return idx, s, load_s


def _synthetic_meta(i: int) -> dict:
    return {
        "language": "en",
        "source": f"synthetic/{i // 10}.md",
        "title": "t",
        "heading": "h",
        "audience": "mentee",
        "aud_mentee": True,
        "prefix_len": 0,
    }


def synthetic_scale(tmp: Path, size: int, texts: list[str], embeddings) -> None:
    """Hybrid search latency (with and without re-ranking) at ``size`` chunks beside the floor."""
    from assistant.retrieval import HybridRetriever

    idx, s, load_s = synthetic_index(tmp, size, texts, embeddings)
    r = HybridRetriever(idx, s)
    t = time.perf_counter()
    r.corpus()
    bm25_s = time.perf_counter() - t
    lat = [x for q in QUESTIONS for x in timed(lambda q=q, r=r: r.search(q), 2)]
    # the same search without the E5 re-ranking of the top candidates (stored vectors)
    plain = HybridRetriever(idx, s.model_copy(update={"rerank_candidates": 0}))
    plain.corpus()
    lat_plain = [x for q in QUESTIONS for x in timed(lambda q=q, r=plain: r.search(q), 2)]
    fl = [
        x
        for q in QUESTIONS
        for x in timed(
            lambda q=q: idx.collection.query(query_embeddings=[embeddings.embed_query(q)], n_results=6), 2
        )
    ]
    print(
        f"{size:>7} chunks: load {load_s:.0f} s, BM25 build {bm25_s:.1f} s; hybrid search p50 "
        f"{p50(lat):.0f} ms / p95 {p95(lat):.0f} ms; floor p50 {p50(fl):.0f} ms; ratio {p50(lat) / p50(fl):.1f}x"
    )
    print(
        f"{'':>16}without re-ranking: p50 {p50(lat_plain):.0f} ms / p95 {p95(lat_plain):.0f} ms; "
        f"ratio {p50(lat_plain) / p50(fl):.1f}x"
    )


if __name__ == "__main__":
    main()
