"""The textbook LangChain RAG baseline the retrieval is compared with."""

from __future__ import annotations

from pathlib import Path


class TextbookBaseline:
    """The LangChain RAG tutorial: RecursiveCharacterTextSplitter(1000, 200) over the raw files,
    Chroma.from_documents with the same embedding model, similarity_search(k=4)."""

    def __init__(self, paths: list[Path], embeddings, workdir: Path, base: Path | None = None):
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from assistant.ingest.documents import discover, document_id

        docs = []
        for f in discover(paths):
            text = f.read_text(encoding="utf-8", errors="replace")
            docs.append(Document(page_content=text, metadata={"source": document_id(f, base)}))
        chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        client = chromadb.PersistentClient(
            path=str(workdir), settings=ChromaSettings(anonymized_telemetry=False)
        )
        self.store = Chroma.from_documents(chunks, embeddings, client=client, collection_name="baseline")
        self.chunks = len(chunks)

    def search(self, question: str) -> list[str]:
        return [d.metadata["source"] for d in self.store.similarity_search(question, k=4)]

    def context(self, question: str) -> str:
        return "\n".join(d.page_content for d in self.store.similarity_search(question, k=4))
