"""Hybrid retrieval over the real corpus index (real Chroma, real embedding model, bm25s)."""

import shutil

import pytest

from assistant.retrieval import HybridRetriever
from assistant.store.index import GuidanceIndex

from .conftest import FIXTURES


def test_finds_the_passage_that_answers(corpus_index):
    r = HybridRetriever(corpus_index)
    res = r.search("Who is supposed to send the meeting invites?", language="en")
    assert res.passages, "nothing retrieved"
    top = " ".join(p.text.lower() for p in res.passages[:3])
    assert "invitation" in top
    for p in res.passages:
        assert p.source.startswith("corpus/") and p.title and p.id
        assert 0 < p.score <= 1
    assert res.passages[0].score == 1.0


def test_role_filter_prefers_that_audience(corpus_index):
    r = HybridRetriever(corpus_index)
    res = r.search("How should pairs be matched and monitored during the programme?", role="coordinator")
    assert all("coordinator" in p.audience for p in res.passages)
    assert res.widened == []


def test_role_filter_widens_when_the_audience_has_too_little(settings, guides):
    index = GuidanceIndex(settings)
    index.ingest([guides / "mentee-notes.md", guides / "mentor-check-ins.md"])  # no coordinator guidance
    res = HybridRetriever(index).search(
        "what should a mentee write down in session notes", role="coordinator", k=3
    )
    assert "role" in res.widened
    assert res.passages and res.passages[0].title == "Keeping Session Notes"


def test_turkish_question_finds_english_only_guidance(corpus_index):
    r = HybridRetriever(corpus_index)
    res = r.search("Koordinatör olarak başvuran mentorları nasıl eleme yapmalıyım?", language="tr")
    assert "screening" in res.expansion
    assert any(p.source == "corpus/coordinator-programme-guide.md" for p in res.passages)


def test_turkish_typed_without_its_letters_finds_the_same_section(corpus_index):
    res = HybridRetriever(corpus_index).search("mentorluk gorusmesi nedir?", language="tr")
    assert res.passages[0].heading.endswith("Mentorluk Görüşmesi Nedir?")


def test_english_question_finds_turkish_passages_when_they_are_all_there_is(settings, guides):
    index = GuidanceIndex(settings)
    index.ingest([guides / "web" / "turkce-not.txt", guides / "mentee-notes.md"])
    res = HybridRetriever(index).search("thank you message after the session", language="en", k=2)
    assert any(p.language == "tr" for p in res.passages)


def test_near_duplicates_are_collapsed(settings, guides):
    index = GuidanceIndex(settings)
    text = (guides / "mentee-notes.md").read_text()
    (guides / "notes-copy.md").write_text(text.replace("Keeping Session Notes", "Keeping Session Notes!"))
    index.ingest([guides])
    res = HybridRetriever(index).search("where should a mentee keep session notes", k=4)
    texts = [p.text for p in res.passages]
    assert len(texts) == len(set(texts))
    assert sum("running document" in t for t in texts) == 1


def test_bm25_is_rebuilt_after_ingest(settings, guides, tmp_path):
    index = GuidanceIndex(settings)
    index.ingest([guides])
    r = HybridRetriever(index)
    assert not any("quarterly showcase" in p.text for p in r.search("quarterly showcase rehearsal").passages)
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(FIXTURES / "guides" / "mentee-notes.md", extra / "a.md")
    (extra / "showcase.md").write_text(
        "---\ntitle: Showcase\naudience: [mentee]\nlanguage: en\ntopics: [events]\n---\n\n"
        "## Quarterly showcase\n\nEvery quarter each mentee presents a quarterly showcase of progress "
        "in five minutes, after one rehearsal with the mentor.\n"
    )
    GuidanceIndex(settings).ingest([extra])  # another process's ingest
    hits = r.search("quarterly showcase rehearsal").passages
    assert any("quarterly showcase" in p.text for p in hits)
    assert any(p.bm25 > 0 for p in hits)


def test_empty_index_returns_nothing(settings):
    res = HybridRetriever(GuidanceIndex(settings)).search("anything at all")
    assert res.passages == []


def test_a_question_the_embedding_model_cannot_read_leaves_out_its_dense_list(corpus_index):
    """MiniLM is English-only: its ranking of a Turkish question is noise that outvoted BM25, the
    English expansion and E5, and pushed the passages that answer out of the top six."""
    from assistant.evaluation import fact_coverage
    from assistant.retrieval import HybridRetriever

    cases = [
        ("Mentorumdan yorum isteyeceğim; mesajıma neler yazmalıyım?", "mentee", "bir ile üç|belirli soru"),
        (
            "Koordinatör olarak çiftlerden görüşmeleri hakkında hangi bilgileri isteyebilirim?",
            "coordinator",
            "görüşme sayısı|genel bilgi",
        ),
        ("Mentorum beni sektörden biriyle tanıştırdı. Bundan sonra ne yapmam gerekiyor?", "mentee", "sonuc"),
    ]

    def found(languages: str) -> int:
        s = corpus_index.settings.model_copy(update={"embedding_languages": languages})
        retriever = HybridRetriever(corpus_index, s)
        return sum(
            fact_coverage(
                "\n".join(p.text for p in retriever.search(q, role=role, k=6).passages), [fact], "tr"
            )
            == 1.0
            for q, role, fact in cases
        )

    assert corpus_index.settings.embedding_language_set == {"en"}
    assert found("en") == 3
    assert found("en,tr") <= 1


@pytest.mark.unit
def test_a_place_leaves_out_a_heading_that_repeats_the_title():
    from assistant.retrieval.passages import place

    assert place("Twelve fortnights", "Twelve fortnights") == "Twelve fortnights"
    assert place("Blog", "Blog › The quiet weeks") == "Blog › The quiet weeks"
    assert place("Guide", "") == "Guide"
    assert place("Guide", "Before › During") == "Guide › Before › During"


@pytest.mark.unit
def test_known_share_weighs_the_question_words_the_searched_documents_use_by_idf():
    from assistant.retrieval.corpus import Corpus

    chunks = [{"agenda", "meet"}, {"agenda", "goal"}, {"confidenti"}]
    meta = [{"source": "a.md"}, {"source": "a.md"}, {"source": "b.md"}]
    df = {"agenda": 2, "meet": 1, "goal": 1, "confidenti": 1}
    corpus = Corpus("s", ["1", "2", "3"], meta, ["", "", ""], None, chunks, df)
    assert corpus.known_share(["agenda", "meet"]) == 1.0
    assert corpus.known_share(["boil", "egg"]) == 0.0
    half = corpus.known_share(["meet", "egg"])
    assert 0.0 < half < 1.0
    assert corpus.known_share(["agenda"]) / corpus.known_share(["agenda", "egg"]) > 2  # rare words weigh more
    assert corpus.known_share(["confidenti"], sources={"a.md"}) == 0.0  # only what was searched
    assert corpus.known_share([]) == 0.0
