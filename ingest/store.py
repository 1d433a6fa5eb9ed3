"""The vector store: a Chroma collection, embedded on disk by default or on a Chroma server over HTTP;
cosine space.

Vectors always come from our embeddings (`ingest.embeddings`) and are handed to Chroma ready-made, so
Chroma's own default embedding function (which downloads an ONNX model) is never used. The store
talks to chromadb directly; `langchain` gives the same collection as a LangChain vector store for
LangChain components (the plain-RAG baseline uses it).

The collection records what built it (chunker version, embedding model); `identity_mismatch` says
when that differs from the running code so the caller can rebuild instead of mixing vectors.
Documents hold the embedded text (heading path + chunk); metadata `text` holds the exact lines.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlparse

import numpy as np

from ingest.config import IndexConfig
from ingest.env import configure_offline
from ingest.errors import TutorError

PAGE = 2000
EXACT_UP_TO = 20000  # chunks: exact nearest neighbours up to this size (a few ms), the approximate index beyond


class StoreUnavailable(TutorError):
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


def forget_clients() -> None:
    """Drop chromadb's per-process cache of embedded clients (needed after an index folder was deleted:
    the cached client would keep answering for files that no longer exist)."""
    try:
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    except Exception:  # chromadb not imported yet, or a version without the cache
        pass


class VectorStore:
    """One notes folder's collection. `embeddings` is needed only to add texts."""

    def __init__(self, cfg: IndexConfig, embeddings=None) -> None:
        self.cfg = cfg
        self.embeddings = embeddings
        self._client = open_client(cfg)
        self._collection = None
        self._lc = None
        self._matrix = None  # (ids key, ids, unit vectors) for exact search
        self._matrix_lock = threading.Lock()

    # -- collection lifecycle -------------------------------------------------------------
    @property
    def client(self):
        if self._client is None:  # closed, and used again: opened again
            self._client = open_client(self.cfg)
        return self._client

    def close(self) -> None:
        """Let go of the Chroma client. The embedded store's worker threads and database connections stop with
        its last client: a process that opened many notes folders (a test run, an app switching folders) and
        kept them all held about a thousand threads."""
        client, self._client = self._client, None
        self._collection = self._lc = None
        close = getattr(client, "close", None)
        if callable(close):
            close()

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

    def vectors_intact(self) -> bool:
        """Whether every stored chunk's vector can be read and searched. A process killed after Chroma
        recorded a write in its metadata but before its vector index was saved (seen after a delete) leaves
        chunks whose vectors are gone: reads fail with "Error finding id" and searches see only a few."""
        ids = [c.id for c in self.iter_chunks(with_text=False)]
        if not ids:
            return True
        try:
            first = None
            for i in range(0, len(ids), PAGE):
                page = self.collection.get(ids=ids[i : i + PAGE], include=["embeddings"])
                if len(page["ids"]) != len(ids[i : i + PAGE]):
                    return False
                if first is None:
                    first = list(page["embeddings"][0])
            k = min(len(ids), 20)
            return len(self.collection.query(query_embeddings=[first], n_results=k, include=[])["ids"][0]) == k
        except Exception:  # chromadb's InternalError and kin: the vector segment does not hold them
            return False

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

    def where(self, where: dict) -> list[StoredChunk]:
        page = self.collection.get(where=where, include=["metadatas", "documents"])
        return [StoredChunk(cid, doc or "", dict(meta or {}))
                for cid, doc, meta in zip(page["ids"], page["documents"], page["metadatas"])]

    def vectors(self, ids: list[str]) -> dict[str, list[float]]:
        if not ids:
            return {}
        page = self.collection.get(ids=list(ids), include=["embeddings"])
        return {cid: list(vec) for cid, vec in zip(page["ids"], page["embeddings"])}

    def query(self, vector: list[float], k: int) -> list[tuple[str, float]]:
        """(id, cosine similarity) of the k nearest chunks: exact for notes of up to EXACT_UP_TO chunks (the
        approximate index missed a true neighbour in some runs and not others, so one question got two
        answers), the approximate index beyond."""
        ids = self.collection.get(include=[])["ids"]
        k = min(k, len(ids))
        if k <= 0:
            return []
        if len(ids) <= EXACT_UP_TO:
            key = (len(ids), hash(tuple(sorted(ids))))
            with self._matrix_lock:
                if self._matrix is None or self._matrix[0] != key:
                    rows: dict[str, list[float]] = {}
                    for i in range(0, len(ids), PAGE):
                        got = self.collection.get(ids=ids[i : i + PAGE], include=["embeddings"])
                        rows.update(zip(got["ids"], got["embeddings"]))
                    order_ids = sorted(rows)  # ties go to the smaller id, the same on every run
                    m = np.asarray([rows[c] for c in order_ids], dtype=np.float32)
                    m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
                    self._matrix = (key, order_ids, m)
                _, order_ids, m = self._matrix
            v = np.asarray(vector, dtype=np.float32)
            sims = m @ (v / max(float(np.linalg.norm(v)), 1e-12))
            top = np.lexsort((np.arange(len(order_ids)), -np.round(sims, 6)))[:k]
            return [(order_ids[i], float(sims[i])) for i in top]
        hits = self.collection.query(query_embeddings=[list(vector)], n_results=k, include=["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(hits["ids"][0], hits["distances"][0])]

    # -- writes -----------------------------------------------------------------------------
    def upsert(self, ids: list[str], vectors: list[list[float]], texts: list[str], metas: list[dict]) -> None:
        self.collection.upsert(ids=list(ids), embeddings=list(vectors), documents=list(texts),
                               metadatas=list(metas))

    def update_metadata(self, ids: list[str], metas: list[dict]) -> None:
        for i in range(0, len(ids), PAGE):
            self.collection.update(ids=ids[i : i + PAGE], metadatas=metas[i : i + PAGE])

    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), PAGE):
            self.collection.delete(ids=ids[i : i + PAGE])

    @property
    def langchain(self):
        """This collection as a LangChain vector store (for LangChain retrievers and chains)."""
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
