"""Incremental ingestion against the real embedding model and a real Chroma in a temp dir."""

import shutil

import numpy as np
import pytest
from filelock import FileLock

from assistant.store.index import GuidanceIndex, IndexBusy, IndexError_


def _ids_by_source(idx: GuidanceIndex) -> dict[str, set[str]]:
    got = idx.collection.get(include=["metadatas"])
    out: dict[str, set[str]] = {}
    for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
        out.setdefault(meta["source"], set()).add(cid)
    return out


def test_first_ingest_indexes_every_document_with_metadata(settings, guides):
    idx = GuidanceIndex(settings)
    report = idx.ingest([guides])
    assert len(report.added) == 5 and not report.skipped
    assert report.chunks_embedded == report.chunks_total == idx.chunk_count() > 5
    got = idx.collection.get(include=["metadatas", "documents"])
    for meta, text in zip(got["metadatas"], got["documents"], strict=True):
        for key in ("doc_id", "title", "heading", "audience", "language", "source", "content_hash"):
            assert key in meta
        assert text.startswith(meta["title"])
    languages = {d.source: d.language for d in idx.documents()}
    assert languages["corpus/web/turkce-not.txt"] == "tr"


def test_reingest_of_unchanged_corpus_embeds_nothing(settings, guides):
    idx = GuidanceIndex(settings)
    first = idx.ingest([guides])
    again = GuidanceIndex(settings)
    second = again.ingest([guides])
    assert second.chunks_embedded == 0 and second.chunks_deleted == 0
    assert len(second.unchanged) == 5 and not (second.added or second.updated or second.removed)
    assert second.chunks_total == first.chunks_total
    assert not again.embeddings.loaded, "nothing to embed, so the model is not loaded"


def test_changed_document_replaces_exactly_its_chunks(settings, guides):
    idx = GuidanceIndex(settings)
    idx.ingest([guides])
    before = _ids_by_source(idx)
    path = guides / "mentor-check-ins.md"
    path.write_text(path.read_text().replace("offer a resource", "offer one useful article"))
    report = idx.ingest([guides])
    after = _ids_by_source(idx)
    assert report.updated == ["corpus/mentor-check-ins.md"]
    assert report.chunks_embedded == 1 and report.chunks_deleted == 1
    changed = "corpus/mentor-check-ins.md"
    assert len(before[changed] - after[changed]) == 1 and len(after[changed] - before[changed]) == 1
    for source in before:
        if source != changed:
            assert before[source] == after[source]
    texts = idx.collection.get(ids=sorted(after[changed]), include=["documents"])["documents"]
    assert any("one useful article" in t for t in texts)
    assert not any("offer a resource" in t for t in texts)


def test_deleted_document_loses_its_chunks(settings, guides):
    idx = GuidanceIndex(settings)
    idx.ingest([guides])
    gone = _ids_by_source(idx)["corpus/mentee-notes.md"]
    (guides / "mentee-notes.md").unlink()
    report = idx.ingest([guides])
    assert report.removed == ["corpus/mentee-notes.md"]
    assert report.chunks_deleted == len(gone)
    assert not gone & idx.chunk_ids()
    assert "corpus/mentee-notes.md" not in {d.source for d in idx.documents()}


def test_ingesting_one_file_does_not_remove_the_others(settings, guides):
    idx = GuidanceIndex(settings)
    idx.ingest([guides])
    report = idx.ingest([guides / "mentee-notes.md"])
    assert report.unchanged == ["corpus/mentee-notes.md"] and not report.removed
    assert len(idx.documents()) == 5


def test_identical_document_under_two_names_is_stored_once(settings, guides):
    idx = GuidanceIndex(settings)
    first = idx.ingest([guides])
    shutil.copy(guides / "mentee-notes.md", guides / "copy-of-notes.md")
    report = idx.ingest([guides])
    assert report.added == ["corpus/copy-of-notes.md"]
    assert report.duplicates == [("corpus/copy-of-notes.md", "corpus/mentee-notes.md")]
    assert report.chunks_embedded == 0
    assert report.chunks_total == first.chunks_total
    # removing the original keeps the chunks, now attributed to the copy
    (guides / "mentee-notes.md").unlink()
    report = idx.ingest([guides])
    assert report.chunks_deleted == 0 and report.chunks_total == first.chunks_total
    sources = {m["source"] for m in idx.collection.get(include=["metadatas"])["metadatas"]}
    assert "corpus/copy-of-notes.md" in sources and "corpus/mentee-notes.md" not in sources


def test_unreadable_files_are_reported_and_the_rest_is_indexed(settings, guides):
    (guides / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    (guides / "legacy.txt").write_bytes(
        "Eski not: mentee görüşme davetini bir hafta önceden gönderir ve gündemi ekler.".encode("cp1254")
    )
    (guides / "empty.md").write_text("")
    report = GuidanceIndex(settings).ingest([guides])
    skipped = {s.source.rsplit("/", 1)[-1]: s.reason for s in report.skipped}
    assert set(skipped) == {"broken.pdf", "empty.md"}
    assert "broken.pdf" in skipped["broken.pdf"]
    assert "corpus/legacy.txt" in report.added
    assert len(report.added) == 6


def test_leftovers_of_a_killed_ingest_are_cleaned_up(settings, guides):
    idx = GuidanceIndex(settings)
    first = idx.ingest([guides])
    # a chunk written before its document record, as a SIGKILL between the two would leave it
    idx.store.add_texts(["Orphan passage about mentoring."], metadatas=[{"source": "x"}], ids=["orphan"])
    report = idx.ingest([guides])
    assert report.chunks_deleted == 1
    assert report.chunks_total == first.chunks_total
    assert "orphan" not in idx.chunk_ids()


def test_chunks_missing_from_the_collection_are_re_embedded(settings, guides):
    idx = GuidanceIndex(settings)
    first = idx.ingest([guides])
    lost = sorted(idx.chunk_ids())[:2]  # as a kill in the middle of a vector repair leaves it
    idx.collection.delete(ids=lost)
    report = idx.ingest([guides])
    assert report.chunks_embedded == 2
    assert idx.chunk_ids() == GuidanceIndex(settings).chunk_ids()
    assert set(lost) <= idx.chunk_ids() and report.chunks_total == first.chunks_total


def test_every_chunk_gets_one_stored_reranking_vector_and_loses_it_with_the_chunk(settings, guides):
    idx = GuidanceIndex(settings)
    report = idx.ingest([guides])
    stored = idx.rerank_vectors(sorted(idx.chunk_ids()))
    assert report.rerank_vectors == report.chunks_total == len(stored)
    # the vector is the multilingual scorer's own for the chunk's text
    from assistant.encoders.multilingual import load_scorer
    from assistant.ingest.chunking import rerank_text

    cid = sorted(stored)[0]
    text = idx.collection.get(ids=[cid], include=["documents"])["documents"][0]
    expected = load_scorer(settings.multilingual_scorer).passages([rerank_text(text)])[0]
    assert np.allclose(stored[cid], expected, atol=1e-5)

    path = guides / "mentor-check-ins.md"
    path.write_text(path.read_text().replace("offer a resource", "offer one useful article"))
    again = idx.ingest([guides])
    assert again.rerank_vectors == 1  # the changed chunk only
    assert set(idx.rerank_vectors(sorted(idx.chunk_ids() | set(stored)))) == idx.chunk_ids()


def test_reranking_vectors_lost_to_a_killed_ingest_are_restored_and_meanwhile_computed(settings, guides):
    from assistant.retrieval import HybridRetriever

    idx = GuidanceIndex(settings)
    idx.ingest([guides])
    question = "How often should a mentor check in?"
    before = [p.id for p in HybridRetriever(idx, settings).search(question).passages]
    lost = sorted(idx.chunk_ids())
    idx.rerank_collection.delete(ids=lost)  # as a kill before the "rerank" stage leaves it
    fresh = GuidanceIndex(settings)
    assert [p.id for p in HybridRetriever(fresh, settings).search(question).passages] == before
    report = fresh.ingest([guides])
    assert report.rerank_vectors == len(lost) and report.chunks_embedded == 0
    assert set(fresh.rerank_vectors(lost)) == set(lost)


def test_vector_repair_keeps_every_chunk_text_and_metadata(settings, guides):
    idx = GuidanceIndex(settings)
    idx.ingest([guides])
    before = idx.collection.get(include=["documents", "metadatas"])
    probe = idx.embeddings.embed_query("who sends the meeting invitations")
    top_before = idx.collection.query(query_embeddings=[probe], n_results=3)["ids"][0]
    assert idx.vectors_readable()
    assert idx.repair_vectors() == len(before["ids"])
    fresh = GuidanceIndex(settings)
    after = fresh.collection.get(include=["documents", "metadatas"])
    assert dict(zip(after["ids"], after["documents"], strict=True)) == dict(
        zip(before["ids"], before["documents"], strict=True)
    )
    assert dict(zip(after["ids"], after["metadatas"], strict=True)) == dict(
        zip(before["ids"], before["metadatas"], strict=True)
    )
    assert fresh.vectors_readable()
    assert fresh.collection.query(query_embeddings=[probe], n_results=3)["ids"][0] == top_before
    assert fresh.ingest([guides]).chunks_embedded == 0  # the registry still matches


def test_second_concurrent_ingest_is_refused(settings, guides):
    settings.index_dir.mkdir(parents=True)
    with FileLock(str(settings.lock_path)), pytest.raises(IndexBusy, match="Another ingest is running"):
        GuidanceIndex(settings).ingest([guides])


def test_index_built_with_another_model_is_refused(settings, guides, tmp_path):
    idx = GuidanceIndex(settings)
    idx.ingest([guides / "mentee-notes.md"])
    model_copy = tmp_path / "model-copy"
    shutil.copytree(settings.embedding_model_path(), model_copy)
    other = settings.model_copy(update={"embedding_model": str(model_copy)})
    with pytest.raises(IndexError_, match="built with the embedding model"):
        GuidanceIndex(other).ingest([guides])


def test_rebuild_starts_from_scratch(settings, guides):
    idx = GuidanceIndex(settings)
    first = idx.ingest([guides])
    report = idx.ingest([guides], rebuild=True)
    assert len(report.added) == 5 and report.chunks_embedded == first.chunks_total


def test_headings_make_chunks_findable(settings, guides):
    idx = GuidanceIndex(settings)
    idx.ingest([guides])
    hits = idx.store.similarity_search("how often should a mentor message the mentee between sessions", k=1)
    assert hits[0].metadata["title"] == "Mentor Check-ins"
    assert hits[0].metadata["heading"] == "How often"


def test_read_only_index_dir_is_a_clear_error(settings, tmp_path):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    bad = settings.model_copy(update={"index_dir": blocker / "index"})
    with pytest.raises(IndexError_, match="Cannot create the index directory"):
        _ = GuidanceIndex(bad).client


class CountingEngineFake:
    """Wraps the real E5 engine and counts the passage texts it embeds (a fake only in counting)."""

    def __init__(self, engine):
        self.engine, self.embedded = engine, []

    def passage(self, texts):
        self.embedded += list(texts)
        return self.engine.passage(texts)

    def query(self, text):
        return self.engine.query(text)


def test_ingest_stores_every_sentence_the_answer_reads_so_a_question_embeds_only_itself(
    settings, guides, monkeypatch
):
    from assistant.answering.assistant import Assistant
    from assistant.encoders.multilingual import load_scorer

    idx = GuidanceIndex(settings)
    report = idx.ingest([guides])
    assert report.sentence_vectors > report.chunks_total  # headings, sentences and lists
    assert idx.ingest([guides]).sentence_vectors == 0  # nothing new, nothing embedded again

    scorer = load_scorer(settings.multilingual_scorer)
    counting = CountingEngineFake(scorer._engine)
    monkeypatch.setattr(scorer, "_engine", counting)
    monkeypatch.setattr(scorer, "_cache", {})  # as a new process serving this index
    bot = Assistant(settings, index=idx)
    answer = bot.ask("How often should a mentor check in with the mentee?", role="mentor")
    assert answer.citations and not answer.refused
    assert counting.embedded == []  # every heading, sentence and list came from the index

    # a stored vector is the scorer's own for that text; a changed sentence replaces the old one
    kept = "A mentor who sends a brief message between sessions shows the mentee that their progress matters."
    old = "The message can ask how one action item is going and offer a resource."
    new = "The message can ask how one action item is going and offer one useful article."
    stored = idx.sentence_vectors([kept, old])
    assert set(stored) == {kept, old}
    monkeypatch.setattr(scorer, "_cache", {})
    assert np.allclose(stored[kept], scorer.passages([kept])[0], atol=1e-5)
    path = guides / "mentor-check-ins.md"
    path.write_text(path.read_text().replace("offer a resource", "offer one useful article"))
    again = idx.ingest([guides])
    assert 0 < again.sentence_vectors < report.sentence_vectors
    assert set(idx.sentence_vectors([kept, old, new])) == {kept, new}
