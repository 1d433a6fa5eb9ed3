"""BM25 keyword index (bm25s), kept consistent with the vector store.

The index is derived data: it is built from the chunks stored in Chroma and tagged with a
fingerprint of their ids. Whenever the fingerprint of the store differs (an ingest changed it, an
ingest was killed half-way, another machine wrote to a shared server) it is rebuilt from the store.
Saving writes a new folder and then swaps a one-line pointer file atomically, so a crash never
leaves a half-written index in use.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

KEYWORD_VERSION = 4  # 4: hyphened words are also one token
POINTER = "CURRENT"


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


# a name of three or more words joined by hyphens ("Many-to-One", "copy-on-write"): also one word, so "many-to-one"
# is told from "many-to-many", whose parts are the same words. (Two-part words, "built-in", "k-NN", are everywhere:
# joined too, they moved the scores of every search - the bundled notes' held-out scenario questions fell from their
# accuracy floor, a k-NN question lost its row)
HYPHENED_RE = re.compile(r"(?u)\b\w+(?:-\w+){2,}\b")


def _with_joined(text: str) -> str:
    joined = [m.group(0).replace("-", "") for m in HYPHENED_RE.finditer(text)]
    return f"{text} {' '.join(joined)}" if joined else text


def tokenize(texts: list[str], pattern: str = r"(?u)\b\w\w+\b") -> list[list[str]]:
    import bm25s

    return bm25s.tokenize(
        texts, token_pattern=pattern, stopwords="en", stemmer=_stemmer(), return_ids=False, show_progress=False
    )


# the index keeps one-digit numbers too: "type 2", "Phase 1", "Windows 7" are told apart by them (not lone
# letters: the "e" and "g" of "e.g." would match everywhere)
INDEX_PATTERN = r"(?u)\b(?:\w\w+|\d)\b"


def fingerprint(ids: list[str]) -> str:
    h = hashlib.sha256(f"v{KEYWORD_VERSION}".encode())
    for cid in sorted(ids):
        h.update(cid.encode())
    return h.hexdigest()


@dataclass
class KeywordIndex:
    ids: list[str]
    fingerprint: str
    retriever: object | None  # bm25s.BM25; None for an empty store

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> "KeywordIndex":
        import bm25s

        order = sorted(range(len(ids)), key=lambda i: ids[i])
        ids = [ids[i] for i in order]
        texts = [texts[i] for i in order]
        if not ids:
            return cls([], fingerprint([]), None)
        retriever = bm25s.BM25()
        retriever.index(tokenize([_with_joined(t) for t in texts], INDEX_PATTERN), show_progress=False)
        return cls(ids, fingerprint(ids), retriever)

    def search(self, query: str, k: int, exclude: set[str] | None = None) -> list[tuple[str, float]]:
        """(id, BM25 score) of the best k chunks with a positive score."""
        if self.retriever is None or not query.strip():
            return []
        # one order in every process: scores summed alike, ties alike
        tokens = [sorted(tokenize([_with_joined(query)], INDEX_PATTERN)[0])]
        if not tokens[0]:
            return []
        mask = None
        if exclude:
            mask = np.array([0.0 if cid in exclude else 1.0 for cid in self.ids], dtype=np.float32)
        k = min(k, len(self.ids))
        docs, scores = self.retriever.retrieve(tokens, k=k, show_progress=False, weight_mask=mask)
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    # -- persistence ----------------------------------------------------------------------
    def save(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        name = f"bm25-{self.fingerprint[:16]}-{uuid.uuid4().hex[:6]}"
        target = root / name
        target.mkdir()
        if self.retriever is not None:
            self.retriever.save(str(target), show_progress=False)
        (target / "ids.json").write_text(
            json.dumps({"version": KEYWORD_VERSION, "fingerprint": self.fingerprint, "ids": self.ids})
        )
        tmp = root / f"{POINTER}.{uuid.uuid4().hex[:6]}.tmp"
        tmp.write_text(name)
        os.replace(tmp, root / POINTER)  # atomic switch
        for old in root.iterdir():
            if old.is_dir() and old.name != name:
                shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, root: Path) -> "KeywordIndex | None":
        try:
            target = root / (root / POINTER).read_text().strip()
            meta = json.loads((target / "ids.json").read_text())
            if meta.get("version") != KEYWORD_VERSION:
                return None
            retriever = None
            if meta["ids"]:
                import bm25s

                retriever = bm25s.BM25.load(str(target), show_progress=False, verbosity=0)
            return cls(meta["ids"], meta["fingerprint"], retriever)
        except (OSError, ValueError, KeyError):
            return None
