"""Hybrid retrieval: BM25 and vector search fused by reciprocal rank fusion.

BM25 finds exact terms ("SSE-KMS", "num_class"); the vector search finds paraphrases. Fusion by rank
(not by raw score) needs no calibration between the two. Every returned passage also carries its
cosine similarity to the query, which the answer step uses to decide whether the notes cover it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import numpy as np

from ingest.store import StoreUnavailable
from tutor.index import NotesIndex
from tutor.passages import Passage

Mode = Literal["hybrid", "vector", "bm25"]


def rrf(rankings: list[list[str]], k: int = 60) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: score(d) = sum over rankings of 1 / (k + rank), rank from 1.

    >>> rrf([["a", "b"], ["b", "c"]], k=60)[0][0]
    'b'
    """
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(ranking, 1):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def with_each_first(fused: list[tuple[str, float]], rankings: list[list[str]], k: int) -> list[tuple[str, float]]:
    """The k best of a fusion, holding each ranking's first: a passage one retriever ranks first and the other
    misses ("Comprehend Medical" is a word the table row has and its vector does not show) scores less in the
    fusion than passages both rank middling, and would be lost.

    >>> with_each_first([("b", 0.03), ("c", 0.029), ("a", 0.016)], [["a", "x"], ["b", "c"]], 2)
    [('b', 0.03), ('a', 0.016)]
    """
    top = fused[:k]
    firsts = [r[0] for r in rankings if r]
    for cid in firsts:
        if any(c == cid for c, _ in top):
            continue
        held = next((i for i in range(len(top) - 1, -1, -1) if top[i][0] not in firsts), None)
        if held is None:
            continue
        top[held] = next(x for x in fused if x[0] == cid)
    return sorted(top, key=lambda kv: -kv[1])


class Retriever:
    def __init__(self, index: NotesIndex) -> None:
        self.index = index
        self.cfg = index.settings.retrieval

    def search(self, query: str, k: int | None = None, exclude: set[str] | frozenset = frozenset(),
               mode: Mode = "hybrid") -> list[Passage]:
        k = k or self.cfg.k
        query = query.strip()
        if not query:
            return []
        try:
            return self._search(query, k, exclude, mode)
        except StoreUnavailable:
            raise
        except Exception as exc:  # the store went away mid-session: say so, with what to do
            raise StoreUnavailable(self.index.describe_failure(exc)) from exc

    def _search(self, query: str, k: int, exclude, mode: Mode) -> list[Passage]:
        qvec = self.index.query_vector(query)
        rankings: list[list[str]] = []
        sims: dict[str, float] = {}
        ranks: dict[str, dict] = {}
        if mode in ("hybrid", "vector"):
            hits = [(cid, s) for cid, s in self.index.store.query(qvec.tolist(), self.cfg.candidates + len(exclude))
                    if cid not in exclude][: self.cfg.candidates]
            rankings.append([cid for cid, _ in hits])
            for r, (cid, s) in enumerate(hits, 1):
                sims[cid] = s
                ranks.setdefault(cid, {})["vector"] = r
        if mode in ("hybrid", "bm25"):
            hits = self.index.keyword.search(query, self.cfg.candidates, exclude=set(exclude))
            rankings.append([cid for cid, _ in hits])
            for r, (cid, _) in enumerate(hits, 1):
                ranks.setdefault(cid, {})["bm25"] = r
        fused = with_each_first(rrf(rankings, self.cfg.rrf_k), rankings, k)
        ids = [cid for cid, _ in fused]
        missing = [cid for cid in ids if cid not in sims]
        for cid, vec in self.index.store.vectors(missing).items():
            sims[cid] = float(np.dot(qvec, np.asarray(vec, dtype=np.float32)))
        by_id = {p.chunk_id: p for p in self.index.passages(ids)}
        return [
            replace(by_id[cid], similarity=round(sims.get(cid, 0.0), 4), score=round(score, 5),
                    ranks=ranks.get(cid, {}))
            for cid, score in fused
            if cid in by_id
        ]
