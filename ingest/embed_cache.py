"""Embeddings deduplicated by content hash, cached in a small SQLite file.

A chunk id includes its file name, so renaming or copying a note gives new ids - but the same text
must not cost a second trip through the model. Keys hash the model id with the text, so switching
models never reuses a vector.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import numpy as np


class CachedEmbeddings:
    """Wraps an embeddings object (`embed_documents`/`embed_query`); `computed` counts texts that really
    went through the model."""

    def __init__(self, inner, path: Path | None, model_key: str) -> None:
        self.inner = inner
        self.model_key = model_key
        self.computed = 0
        self._lock = threading.Lock()
        self._db = None
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB NOT NULL)")
            except sqlite3.Error:
                self._db = None  # a broken cache only costs speed

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_key}\x1f{text}".encode()).hexdigest()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [self._key(t) for t in texts]
        found = self._lookup(keys)
        todo = [i for i, k in enumerate(keys) if k not in found]
        if todo:
            vectors = self.inner.embed_documents([texts[i] for i in todo])
            self.computed += len(todo)
            fresh = {keys[i]: v for i, v in zip(todo, vectors)}
            self._store(fresh)
            found.update(fresh)
        return [list(found[k]) for k in keys]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def get_many(self, texts: list[str]) -> dict[str, list[float]]:
        """The cached vectors of those `texts` that have one (nothing is computed)."""
        keys = {self._key(t): t for t in texts}
        return {keys[k]: v for k, v in self._lookup(list(keys)).items()}

    def put_many(self, vectors: dict[str, list[float]]) -> None:
        self._store({self._key(t): v for t, v in vectors.items()})

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _lookup(self, keys: list[str]) -> dict[str, list[float]]:
        if self._db is None or not keys:
            return {}
        out: dict[str, list[float]] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                part = keys[i : i + 500]
                rows = self._db.execute(
                    f"SELECT key, v FROM vec WHERE key IN ({','.join('?' * len(part))})", part
                ).fetchall()
                out.update({k: np.frombuffer(v, dtype=np.float32).tolist() for k, v in rows})
        return out

    def _store(self, vectors: dict[str, list[float]]) -> None:
        if self._db is None or not vectors:
            return
        rows = [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()]
        with self._lock:
            try:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?)", rows)
            except sqlite3.Error:
                pass
