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

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from langchain_core.embeddings import Embeddings

from tutor.text import entities, negated, numbers, terms, windows

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
    def __init__(self, embeddings: Embeddings) -> None:
        self.embeddings = embeddings

    @lru_cache(maxsize=8192)
    def _vec(self, text: str) -> np.ndarray:
        return np.asarray(self.embeddings.embed_query(text), dtype=np.float32)

    def vectors(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._vec(t) for t in texts])

    def judge(self, claim: str, passage_text: str) -> Support:
        cands = windows(passage_text) or [passage_text.strip()]
        sims = self.vectors(cands) @ self._vec(claim)
        ct = terms(claim)
        best = (-1.0, "", 0.0, 0.0)
        for text, sim in zip(cands, sims):
            cov = len(ct & terms(text)) / len(ct) if ct else 0.0
            value = 0.5 * cov + 0.5 * float(sim)
            if value > best[0]:
                best = (value, text, cov, float(sim))
        _, sentence, cov, sim = best
        ok = cov >= COVERAGE_ALONE or (cov >= COVERAGE_WITH_SIM and sim >= SIMILARITY_WITH_COV) or sim >= SIMILARITY_ALONE
        if any(e not in sentence.lower() for e in entities(claim)):
            ok = False  # a distinctive name the matching statement does not contain: likely swapped
        if numbers(claim) - numbers(passage_text):
            ok = False  # a number the passage does not contain
        if negated(claim) != negated(sentence) and ct & terms(sentence):
            ok = False  # "X is not Y" is not supported by "X is Y" (and vice versa)
        return Support(ok, round(cov, 4), round(sim, 4), sentence)
