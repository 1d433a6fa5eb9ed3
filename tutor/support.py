"""Does a passage support a claim? An offline judge for answer sentences and for citation metrics.

Two signals, both computable without a model that could hallucinate, measured against the passage
statement (or pair of neighbouring statements) that matches the claim best: how many of the claim's
content words (stemmed) it contains, and its embedding similarity to the claim. Three vetoes catch
what word overlap misses: a distinctive name in the claim ("Object2Vec", "SSE-KMS") missing from the
matching statement (an entity swap), a number the passage does not contain, and a negation on one
side only. The thresholds are
checked against hand-labelled pairs in evals/data/judge_validation.jsonl (see `evals.judge`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from tutor.text import entities, negated, negation_scope, numbers, terms, windows_with_lines

COVERAGE_ALONE = 0.8  # nearly every content word is in the passage
COVERAGE_WITH_SIM = 0.5
SIMILARITY_WITH_COV = 0.55
SIMILARITY_ALONE = 0.8


@dataclass(frozen=True)
class Support:
    supported: bool
    coverage: float
    similarity: float
    sentence: str  # the passage sentence that matches the claim best

    @property
    def score(self) -> float:
        return round(0.5 * self.coverage + 0.5 * max(self.similarity, 0.0), 4)


class Judge:
    """Support decisions, and the sentence vectors they rest on (cached per judge, batched)."""

    def __init__(self, embeddings, cache_size: int = 50_000) -> None:
        self.embeddings = embeddings
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def embed(self, text: str) -> np.ndarray:
        return self.embed_many([text])[0]

    def embed_many(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of `texts` (rows in order); texts seen before come from this judge's cache."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            batch = getattr(self.embeddings, "embed", None)
            vecs = batch(missing) if callable(batch) else self.embeddings.embed_documents(missing)
            vecs = np.asarray(vecs, dtype=np.float32)
            with self._lock:
                for t, v in zip(missing, vecs):
                    self._cache[t] = v
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        with self._lock:
            rows = []
            for t in texts:
                v = self._cache.get(t)
                if v is None:  # evicted by another thread meanwhile
                    v = np.asarray(self.embeddings.embed_documents([t])[0], dtype=np.float32)
                else:
                    self._cache.move_to_end(t)
                rows.append(v)
        return np.stack(rows)

    def judge(self, claim: str, passage_text: str) -> Support:
        cands = windows_with_lines(passage_text) or [(passage_text.strip(), 0)]
        sims = self.embed_many([w for w, _ in cands] + [claim])
        sims = sims[:-1] @ sims[-1]
        lines = passage_text.split("\n")
        ct, names = terms(claim), entities(claim)
        best, fallback = None, None
        for (text, n), sim in zip(cands, sims):
            cov = len(ct & terms(text)) / len(ct) if ct else 0.0
            value = (0.5 * cov + 0.5 * float(sim), text, cov, float(sim))
            fallback = max(fallback, value) if fallback else value
            # names must be in the statement or the lines right around it ("AUC values near 1 ... /
            # Values near 0.5 ..."): a name found nowhere near is a swapped name
            scope = " ".join([text, *lines[max(0, n - 1) : n + 2]]).lower()
            if all(e in scope for e in names):
                best = max(best, value) if best else value
        _, sentence, cov, sim = best or fallback
        ok = best is not None and (
            cov >= COVERAGE_ALONE or (cov >= COVERAGE_WITH_SIM and sim >= SIMILARITY_WITH_COV) or sim >= SIMILARITY_ALONE)
        if numbers(claim) - numbers(passage_text):
            ok = False  # a number the passage does not contain
        if not negated(claim) and ct & negation_scope(sentence):
            ok = False  # the statement denies what the claim asserts ("does NOT handle outliers")
        if negated(claim) and negation_scope(claim) & terms(sentence) and not negated(sentence):
            ok = False  # the claim denies what the statement asserts
        return Support(ok, round(cov, 4), round(sim, 4), sentence)
