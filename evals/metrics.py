"""Metrics, registered with their meaning (like lm-evaluation-harness's `register_metric`).

Each is a small pure function a test can check against a hand-worked example; none needs a model.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from itertools import combinations
from typing import Callable

REGISTRY: dict[str, "Metric"] = {}


@dataclass(frozen=True)
class Metric:
    name: str
    higher_is_better: bool
    aggregation: str
    meaning: str
    fn: Callable


def register_metric(name: str, higher_is_better: bool, aggregation: str, meaning: str):
    def deco(fn):
        REGISTRY[name] = Metric(name, higher_is_better, aggregation, meaning, fn)
        return fn
    return deco


@register_metric("exact", True, "mean", "the chosen option set equals the key (all-or-nothing, as the exam scores)")
def exact(chosen: list[str], key: list[str]) -> float:
    return 1.0 if set(chosen) == set(key) else 0.0


@register_metric("partial", True, "mean",
                 "multi-select partial credit: (right picks - wrong picks) / keys, floored at 0")
def partial(chosen: list[str], key: list[str]) -> float:
    sel, k = set(chosen), set(key)
    if len(k) <= 1:
        return exact(chosen, key)
    return max(0.0, (len(sel & k) - len(sel - k)) / len(k))


def random_expectation(n_options: int, n_key: int, metric: str = "exact") -> float:
    """Exact expected score of guessing uniformly among all sets of `n_key` options.

    >>> random_expectation(4, 1), random_expectation(5, 2)
    (0.25, 0.1)
    """
    letters = [chr(65 + i) for i in range(n_options)]
    key = letters[:n_key]
    fn = REGISTRY[metric].fn
    subsets = list(combinations(letters, n_key))
    return sum(fn(list(s), key) for s in subsets) / len(subsets)


def first_options(options: list[str], n_key: int) -> list[str]:
    return sorted(options)[:n_key]


@register_metric("recall@k", True, "mean", "a gold supporting passage is among the first k retrieved")
def recall_at_k(hits: list[bool], k: int) -> float:
    return 1.0 if any(hits[:k]) else 0.0


@register_metric("mrr", True, "mean", "1 / rank of the first gold supporting passage (0 if none in the list)")
def reciprocal_rank(hits: list[bool]) -> float:
    for i, h in enumerate(hits, 1):
        if h:
            return 1.0 / i
    return 0.0


def overlaps(source: str, start: int, end: int, spans: list[list]) -> bool:
    return any(source == f and start <= b and a <= end for f, a, b in spans)


def wilson(successes: float, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval for a proportion (sound for small n, unlike the normal one).

    >>> [round(x, 3) for x in wilson(8, 10)]
    [0.49, 0.943]
    """
    if n == 0:
        return (0.0, 0.0)
    p = successes / n
    d = 1 + z * z / n
    c = p + z * z / (2 * n)
    m = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (max(0.0, (c - m) / d), min(1.0, (c + m) / d))


def bootstrap(values: list[float], seed: int = 0, rounds: int = 2000) -> tuple[float, float]:
    """95% percentile bootstrap interval of a mean."""
    if not values:
        return (0.0, 0.0)
    rng = random.Random(seed)
    means = sorted(sum(rng.choice(values) for _ in values) / len(values) for _ in range(rounds))
    return (means[int(0.025 * rounds)], means[int(0.975 * rounds) - 1])


@register_metric("citation_recall", True, "mean",
                 "ALCE: an answer sentence is supported by the concatenation of the passages it cites")
def citation_recall(supported_by_all: list[bool]) -> float:
    return sum(supported_by_all) / len(supported_by_all) if supported_by_all else 0.0


@register_metric("citation_precision", True, "mean",
                 "ALCE: a citation is needed unless it alone does not support its sentence while the other "
                 "citations still do; citations of unsupported sentences count as not needed")
def citation_precision(per_sentence: list[tuple[bool, list[bool]]]) -> float:
    """per_sentence: (sentence supported by all its citations, [citation needed, ...])."""
    total = sum(len(needed) for _, needed in per_sentence)
    if not total:
        return 0.0
    good = sum(sum(needed) for ok, needed in per_sentence if ok)
    return good / total


def rate(k: float, n: int) -> dict | None:
    """k of n as a share with its 95% Wilson interval (None when n is 0)."""
    if not n:
        return None
    lo, hi = wilson(k, n)
    return {"value": round(k / n, 4), "k": k, "n": n, "ci95": [round(lo, 4), round(hi, 4)]}
