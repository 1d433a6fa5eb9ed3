"""The vector store: Chroma through langchain-chroma, embedded on disk by default or a Chroma server
over HTTP; cosine space.

Adds and similarity searches go through LangChain's `Chroma` with our embeddings, so Chroma's own
default embedding function (which downloads an ONNX model) is never used. Bookkeeping the LangChain
wrapper does not offer (collection metadata, metadata-only updates, paged id listings) uses the
same collection through the chromadb client.

The collection records what built it (chunker version, embedding model); `identity_mismatch` says
when that differs from the running code so the caller can rebuild instead of mixing vectors.
Documents hold the embedded text (heading path + chunk); metadata `text` holds the exact lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from ingest.config import IndexConfig
from ingest.env import configure_offline

PAGE = 2000


class StoreUnavailable(RuntimeError):
    """The configured Chroma store cannot be reached or opened."""


@dataclass(frozen=True)
class StoredChunk:
    id: str
    document: str  # the embedded/keyword-indexed text: heading path + chunk
    meta: dict

    @property
    def text(self) -> str:
        """The chunk's exact lines from the note file."""
        return self.meta.get("text", self.document)


def open_client(cfg: IndexConfig):
    configure_offline()
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if cfg.chroma_url:
        url = urlparse(cfg.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise StoreUnavailable(
                f"TUTOR_CHROMA_URL={cfg.chroma_url!r} is not a URL like http://127.0.0.1:8000"
            )
        try:
            client = chromadb.HttpClient(
                host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https", settings=settings
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises ValueError/ConnectionError/httpx errors
            raise StoreUnavailable(
                f"The Chroma server at {cfg.chroma_url} is not reachable ({type(exc).__name__}: {exc}). "
                "Start it (e.g. `chroma run --host 127.0.0.1 --port 8000 --path ./chroma-data`) or unset "
                "TUTOR_CHROMA_URL to use the embedded store."
            ) from exc
        return client
    path = cfg.index_dir / "chroma"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except Exception as exc:
        raise StoreUnavailable(
            f"Cannot open the index at {path} ({type(exc).__name__}: {exc}). If it is damaged, "
            "delete that folder and run `tutor ingest` again; your notes are not touched."
        ) from exc


class VectorStore:
    """One notes folder's collection."""

    def __init__(self, cfg: IndexConfig, embeddings: Embeddings, client=None) -> None:
        self.cfg = cfg
        self.embeddings = embeddings
        self.client = client or open_client(cfg)
        self._collection = None
        self._lc = None

    # -- collection lifecycle -------------------------------------------------------------
    @property
    def collection(self):
        if self._collection is None:
            self._collection = self.client.get_or_create_collection(
                name=self.cfg.collection_name,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
            )
        return self._collection

    def identity(self) -> dict:
        meta = dict(self.collection.metadata or {})
        return {k: v for k, v in meta.items() if not k.startswith("hnsw:")}

    def identity_mismatch(self, expected: dict) -> str | None:
        """A human-readable difference between the stored build identity and `expected`."""
        have = self.identity()
        if not have and self.count() == 0:
            return None
        diffs = [
            f"{key}: index has {have.get(key)!r}, this version uses {value!r}"
            for key, value in expected.items()
            if have.get(key) != value
        ]
        return "; ".join(diffs) or None

    def stamp(self, identity: dict) -> None:
        self.collection.modify(metadata=identity)

    def reset(self, identity: dict) -> None:
        try:
            self.client.delete_collection(self.cfg.collection_name)
        except Exception:  # absent already
            pass
        self._collection = self._lc = None
        self.stamp(identity)

    # -- reads ------------------------------------------------------------------------------
    def count(self) -> int:
        return self.collection.count()

    def iter_chunks(self, with_text: bool = True) -> Iterator[StoredChunk]:
        include = ["metadatas", "documents"] if with_text else ["metadatas"]
        offset = 0
        while True:
            page = self.collection.get(include=include, limit=PAGE, offset=offset)
            ids = page["ids"]
            if not ids:
                return
            docs = page.get("documents") or [""] * len(ids)
            for cid, doc, meta in zip(ids, docs, page["metadatas"]):
                yield StoredChunk(cid, doc or "", dict(meta or {}))
            offset += len(ids)

    def ids(self) -> list[str]:
        out: list[str] = []
        while True:
            page = self.collection.get(include=[], limit=PAGE * 5, offset=len(out))
            if not page["ids"]:
                return out
            out.extend(page["ids"])

    def get(self, ids: list[str]) -> list[StoredChunk]:
        if not ids:
            return []
        page = self.collection.get(ids=list(ids), include=["metadatas", "documents"])
        by_id = {
            cid: StoredChunk(cid, doc or "", dict(meta or {}))
            for cid, doc, meta in zip(page["ids"], page["documents"], page["metadatas"])
        }
        return [by_id[i] for i in ids if i in by_id]

    def vectors(self, ids: list[str]) -> dict[str, list[float]]:
        if not ids:
            return {}
        page = self.collection.get(ids=list(ids), include=["embeddings"])
        return {cid: list(vec) for cid, vec in zip(page["ids"], page["embeddings"])}

    def query(self, vector: list[float], k: int) -> list[tuple[str, float]]:
        """(id, cosine similarity) of the k nearest chunks."""
        k = min(k, self.count())
        if k <= 0:
            return []
        hits = self.langchain.similarity_search_by_vector_with_relevance_scores(vector, k=k)
        return [(doc.id, 1.0 - float(distance)) for doc, distance in hits]

    # -- writes -----------------------------------------------------------------------------
    def add(self, ids: list[str], texts: list[str], metas: list[dict]) -> None:
        """Embed `texts` with our embeddings and upsert them under `ids`."""
        self.langchain.add_texts(texts=texts, metadatas=metas, ids=ids)

    def update_metadata(self, ids: list[str], metas: list[dict]) -> None:
        for i in range(0, len(ids), PAGE):
            self.collection.update(ids=ids[i : i + PAGE], metadatas=metas[i : i + PAGE])

    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), PAGE):
            self.collection.delete(ids=ids[i : i + PAGE])

    @property
    def langchain(self):
        """This collection as a LangChain vector store (also usable by retrievers and chains)."""
        if self._lc is None:
            from langchain_chroma import Chroma

            self.collection  # created with cosine space and no embedding function
            self._lc = Chroma(
                client=self.client,
                collection_name=self.cfg.collection_name,
                embedding_function=self.embeddings,
                create_collection_if_not_exists=False,
            )
        return self._lc
