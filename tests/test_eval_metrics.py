"""Eval metrics against hand-worked examples."""

from __future__ import annotations

import pytest

from evals import metrics as M


def test_exact_and_partial_credit():
    assert M.exact(["B"], ["B"]) == 1.0 and M.exact(["A", "B"], ["B", "A"]) == 1.0 and M.exact(["A"], ["B"]) == 0.0
    assert M.partial(["A"], ["A", "C"]) == 0.5  # one of two keys, nothing wrong
    assert M.partial(["A", "B"], ["A", "C"]) == 0.0  # one right, one wrong
    assert M.partial(["A", "C", "D"], ["A", "C"]) == 0.5  # both right, one extra wrong
    assert M.partial(["A", "B", "C", "D"], ["A", "C"]) == 0.0  # ticking everything earns nothing
    assert M.partial(["C"], ["A"]) == 0.0 and M.partial(["A"], ["A"]) == 1.0


def test_random_guess_exact_expectation_hand_worked():
    assert M.random_expectation(4, 1) == 0.25
    assert M.random_expectation(5, 2, "exact") == pytest.approx(1 / 10)
    # 6 options, 3 keys: of the 20 three-option guesses, 1 is fully right (credit 1) and 9 have two
    # right and one wrong (credit 1/3): (1 + 9/3) / 20 = 0.2; exact match is 1/20.
    assert M.random_expectation(6, 3, "exact") == pytest.approx(1 / 20)
    assert M.random_expectation(6, 3, "partial") == pytest.approx(0.2)


def test_first_options_baseline():
    assert M.first_options(["C", "A", "D", "B"], 2) == ["A", "B"]


def test_recall_and_reciprocal_rank():
    hits = [False, False, True, False]
    assert M.recall_at_k(hits, 2) == 0.0 and M.recall_at_k(hits, 3) == 1.0
    assert M.reciprocal_rank(hits) == pytest.approx(1 / 3) and M.reciprocal_rank([False]) == 0.0
    assert M.overlaps("a.md", 10, 20, [["a.md", 18, 30]]) and not M.overlaps("a.md", 10, 20, [["b.md", 10, 20]])


def test_wilson_interval_hand_worked():
    lo, hi = M.wilson(8, 10)
    assert (round(lo, 3), round(hi, 3)) == (0.49, 0.943)
    assert M.wilson(0, 0) == (0.0, 0.0)


def test_alce_citation_recall_and_precision():
    assert M.citation_recall([True, True, False, True]) == 0.75
    # sentence 1 supported; its second citation is not needed; sentence 2 unsupported: its citation counts as not needed
    assert M.citation_precision([(True, [True, False]), (False, [True])]) == pytest.approx(1 / 3)


def test_every_metric_is_registered_with_its_meaning():
    for name in ("exact", "partial", "recall@k", "mrr", "citation_recall", "citation_precision"):
        m = M.REGISTRY[name]
        assert m.higher_is_better and m.meaning
