"""A key is never drawn from a line the rest of the notes contradict: a table slip ("KNN | Clustering" while
other lines call KNN a supervised classification method; a figure placed in the wrong country, corrected a few
lines later) is not asked. The notes are written here (any subject), not copied from anywhere."""

from __future__ import annotations

import random

import pytest

from tutor.practice.generate import Generator
from tutor.support import Judge

SLIP = """# Methods

| Method | Task |
| --- | --- |
| KNN | Clustering |
| K-Means | Clustering |
| Linear Learner | Classification |
| Naive Bayes | Classification |
| Random Forest | Regression |
| ARIMA | Forecasting |
| Prophet | Forecasting |

## Notes on the methods

KNN is a supervised method: with labelled examples it predicts a class, so it is used for classification.
When the training data has known labels, KNN gives a simple classification baseline.
ARIMA models a series from its own past values.
"""

ROWS = """# Algorithms by task

| Task | Algorithms | Learning |
| --- | --- | --- |
| Classification | Linear Learner; XGBoost; KNN | Supervised |
| Regression | Linear Learner; XGBoost; KNN | Supervised |
| Recommendation | Factorization Machines; KNN | Supervised |
| Clustering | K-Means; KNN | Unsupervised |
| Topic modeling | LDA; NTM | Unsupervised |
| Anomaly detection | Random Cut Forest; IP Insights | Unsupervised |
"""


def _keys(gen: Generator, seeds: int = 6) -> list[tuple[str, set[str]]]:
    """(stem, keyed option texts) of every question the generator would deliver from these notes."""
    out = []
    for seed in range(seeds):
        for q in gen.make_set(20, seed=seed, phrase=False).questions:
            out.append((q.stem, {q.options[a] for a in q.answer}))
    return out


@pytest.fixture(scope="module")
def judge(corpus_index):
    return Judge(corpus_index.embeddings)


def test_a_table_cell_the_notes_contradict_is_never_keyed(judge, tmp_path):
    (tmp_path / "methods.md").write_text(SLIP)
    gen = Generator(tmp_path, judge, [])
    knn = next(f for f in gen.facts if f.kind == "table" and f.subject == "KNN")
    asked = [gen.draft(knn, level, random.Random(s), form) for s in range(4) for level, form in
             (("medium", "name"), ("medium", "value"), ("hard", "multi"))]
    asked = [d for d in asked if d is not None]
    assert asked, "the slip gives questions at all (else this test proves nothing)"
    for d in asked:
        assert "wrong key: the notes contradict it elsewhere" in gen.verify(gen.assemble(d, random.Random(0), 0), d, [])
    # the other rows are not contradicted: they are still asked
    kmeans = next(f for f in gen.facts if f.kind == "table" and f.subject == "ARIMA")
    d = gen.draft(kmeans, "medium", random.Random(0), "value")
    assert d is None or not gen.contradicted(gen.assemble(d, random.Random(0), 0), d)
    gen.check_contradictions = False  # the check off: the slip is keyed
    assert any(not gen.verify(gen.assemble(d, random.Random(0), 0), d, []) for d in asked)


def test_a_thing_the_table_itself_places_elsewhere_is_not_keyed_under_the_odd_row(judge, tmp_path):
    """KNN under Clustering (Unsupervised) while three other rows list it as Supervised: not asked; KNN under
    Classification (its other rows agree) still is."""
    (tmp_path / "algos.md").write_text(ROWS)
    gen = Generator(tmp_path, judge, [])
    for stem, keys in _keys(gen):
        assert not ("Clustering" in stem and "KNN" in keys), stem
    clustering = next(f for f in gen.facts if f.kind == "table" and f.subject == "Clustering" and "KNN" in f.value)
    d = gen._listed(clustering, random.Random(0))
    assert d is not None and "KNN" in d.correct
    assert gen.contradicted(gen.assemble(d, random.Random(0), 0), d)
    classification = next(f for f in gen.facts if f.kind == "table" and f.subject == "Classification" and "KNN" in f.value)
    for s in range(6):
        d = gen._listed(classification, random.Random(s))
        if d is not None and "KNN" in d.correct:
            assert not gen.contradicted(gen.assemble(d, random.Random(0), 0), d)
    gen.check_contradictions = False
    d = gen._listed(clustering, random.Random(0))
    assert not gen.contradicted(gen.assemble(d, random.Random(0), 0), d)
