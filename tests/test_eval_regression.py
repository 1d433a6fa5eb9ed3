"""Regression check with the real embedded model on a fixed sample: held-out accuracy, retrieval
recall@5 and citation support must not fall below the floors in evals/thresholds.yaml. The eval is given no
model: the bundled 135M model neither drafts chat answers nor has weight in the fitted multiple-choice model, so
the tutor's answers are the same; what it drops is the closed-book baseline (two model scorings per question, most
of this file's time), which tests/test_eval_harness.py runs with the real model."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from evals.cache import ResponseCache
from evals.harness import EvalRun, RunOptions, load_task

pytestmark = pytest.mark.slow
FLOORS = yaml.safe_load((Path(__file__).parents[1] / "evals" / "thresholds.yaml").read_text())


@pytest.fixture(scope="module")
def measured(corpus_session, tmp_path_factory):
    out = tmp_path_factory.mktemp("regression")
    opts = RunOptions(sample=FLOORS["sample"], seed=FLOORS["seed"], chat_sample=FLOORS["chat_sample"])
    return EvalRun(corpus_session, None, load_task(), out / "run", opts,
                   cache=ResponseCache(out / "c.sqlite")).run()


def test_held_out_accuracy_beats_its_floor_and_the_random_baseline(measured):
    acc = measured["accuracy"]
    assert acc["tutor|held_out"]["exact"] >= FLOORS["floors"]["tutor_held_out_exact"]
    assert acc["tutor|held_out"]["exact"] > acc["random|any"]["exact"]
    assert acc["tutor|open"]["exact"] >= FLOORS["floors"]["tutor_open_exact"]


def test_retrieval_recall_at_5_floor(measured):
    assert measured["retrieval"]["recall@5"] >= FLOORS["floors"]["retrieval_recall_at_5"]


def test_citation_support_and_judge_floors(measured):
    assert measured["citations"]["sentences"] > 0
    assert measured["citations"]["citation_recall"] >= FLOORS["floors"]["citation_recall"]
    jv = measured["citations"]["judge_validation"]
    assert jv["dev"]["accuracy"] >= FLOORS["floors"]["judge_dev_accuracy"]
    assert jv["test"]["accuracy"] >= FLOORS["floors"]["judge_test_accuracy"]  # held out from its tuning
