"""Readiness: the estimator against hand-worked figures, its behaviour (forgetting, difficulty, thin evidence),
the study plan, and every bad input the issue names (empty, one domain, an old history, no exam.yaml, a damaged
file), through the real store and the `tutor ready` command."""

from __future__ import annotations

import hashlib
import math
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cli import app
from conftest import CORPUS
from ingest.exam import DomainSpec, ExamSpec
from ingest.records import QuestionRecord
from test_attempt_store import T0, _v1_history
from tutor.practice.model import PracticeSet, grade
from tutor.practice.store import DAY, AttemptStore, HistoryFileError, LoggedAnswer
from tutor.readiness import (GRID, HALF_LIFE_DAYS, MIN_GROUP_ANSWERS, Evidence, assess, guess_rate, log_likelihood,
                             posterior, read_log, retrievability, score_curve)
from tutor.readiness_report import build
from tutor.study_plan import study_plan

runner = CliRunner()
EXAM = ExamSpec(name="Two-domain exam", duration_minutes=60, questions=40, pass_mark=0.7, pass_mark_note="test",
                domains=(DomainSpec(name="Alpha", weight=0.5), DomainSpec(name="Beta", weight=0.5)))


def question(i: int, domain: str | None, topic: str, difficulty: str = "medium", file: str = "a.md",
             line: int = 1) -> dict:
    return {"id": f"q{i}", "stem": f"Question {i}?", "options": {"A": "one", "B": "two", "C": "three", "D": "four"},
            "answer": ["B"], "domain": domain, "topic": topic, "difficulty": difficulty,
            "citations": [{"file": file, "lines": [line, line + 2], "heading": topic}]}


def answers(outcomes: list[bool], domain: str | None = "Alpha", topic: str = "Alpha > Topic", at: float = T0,
            attempt: int = 1, difficulty: str = "medium", start: int = 0, **kw) -> list[LoggedAnswer]:
    return [LoggedAnswer(attempt, at, f"q{start + i}", ok, topic, domain or "Unassigned",
                         question(start + i, domain, topic, difficulty, **kw)) for i, ok in enumerate(outcomes)]


def ev(ok: bool, guess: float = 0.0, t: float = T0, recall: float = 1.0) -> Evidence:
    return Evidence("Alpha", "Alpha > Topic", t, ok, guess, 0.0, recall)


# -- the estimator against hand-worked figures -------------------------------------------------------------
def test_with_a_flat_prior_the_posterior_peaks_at_the_hand_worked_ability():
    # 7 right of 10, no guessing: sigmoid(theta) = 0.7 -> theta = ln(0.7/0.3) = 0.847
    evs = [ev(i < 7) for i in range(10)]
    post = posterior(log_likelihood(evs, T0), 0.0, 1e6)
    assert GRID[post.argmax()] == pytest.approx(math.log(0.7 / 0.3), abs=0.03)
    # with a one-in-four guess: 0.25 + 0.75 sigmoid(theta) = 0.7 -> sigmoid(theta) = 0.6 -> theta = 0.405
    evs = [ev(i < 7, guess=0.25) for i in range(10)]
    post = posterior(log_likelihood(evs, T0), 0.0, 1e6)
    assert GRID[post.argmax()] == pytest.approx(math.log(0.6 / 0.4), abs=0.03)


def test_an_answer_half_life_old_counts_half():
    fresh = log_likelihood([ev(False, t=T0)], T0)
    old = log_likelihood([ev(False, t=T0)], T0 + HALF_LIFE_DAYS * DAY)
    assert np.allclose(old, 0.5 * fresh)


def test_guess_rates_and_the_forgetting_curve():
    assert guess_rate({"options": dict.fromkeys("ABCD"), "answer": ["A"]}) == 0.25
    assert guess_rate({"options": dict.fromkeys("ABCDE"), "answer": ["A", "C"], "multi": True}) == 0.1  # 1 of C(5,2)
    # FSRS defines stability as the time until recall falls to 90%
    assert retrievability(10.0, T0, T0 + 10 * DAY) == pytest.approx(0.9)
    assert retrievability(10.0, T0, T0) == 1.0
    # the expected score at theta = 0 with a 1/4 guess and full recall: 0.25 + 0.75 * mean(sigmoid(0.7, 0, -0.7))
    at0 = score_curve(0.25, 1.0)[np.argmin(abs(GRID))]
    assert at0 == pytest.approx(0.25 + 0.75 * 0.5, abs=0.01)  # the ladder is symmetric about 0


# -- behaviour ---------------------------------------------------------------------------------------------------
def test_enough_answers_give_an_interval_too_few_give_advice_not_a_number():
    log = answers([True, True, False, True, True, True, False, True, True, True], "Alpha") + \
        answers([True, False, True], "Beta", topic="Beta > T", start=100)
    r = assess(log, EXAM, now=T0 + 60)
    alpha, beta = (next(g for g in r.groups if g.name == n) for n in ("Alpha", "Beta"))
    assert alpha.answers == 10 and alpha.estimate is not None
    assert alpha.estimate.low < alpha.estimate.mean < alpha.estimate.high
    assert beta.estimate is None and "not enough evidence" in beta.advice and str(MIN_GROUP_ANSWERS) in beta.advice
    assert r.overall is None and r.p_pass is None and "Beta" in r.overall_advice


def test_the_estimate_decays_with_time_since_practice():
    log = answers([True] * 8 + [False] * 2) + answers([True] * 8 + [False] * 2, "Beta", "Beta > T", start=50)
    now = assess(log, EXAM, now=T0 + 60)
    later = assess(log, EXAM, now=T0 + 60 * DAY)
    for name in ("Alpha", "Beta"):
        a, b = (next(g for g in x.groups if g.name == name) for x in (now, later))
        assert b.recall < a.recall and b.estimate.mean < a.estimate.mean - 0.05
    assert later.p_pass < now.p_pass


def test_right_answers_on_hard_questions_count_for_more_than_on_easy_ones():
    hard = assess(answers([True] * 7 + [False] * 3, difficulty="hard"), EXAM, now=T0 + 60)
    easy = assess(answers([True] * 7 + [False] * 3, difficulty="easy"), EXAM, now=T0 + 60)
    assert hard.groups[0].estimate.mean > easy.groups[0].estimate.mean + 0.03


def test_the_study_plan_puts_the_missed_topic_first_and_opens_its_passages():
    log = answers([True] * 5, topic="Alpha > Strong", file="strong.md", line=10) + \
        answers([False, False, True, False, True], topic="Alpha > Weak", file="weak.md", line=40, start=10) + \
        answers([True] * 9, "Beta", "Beta > T", start=20)
    r = assess(log, EXAM, now=T0 + 60)
    plan = study_plan(r, log)
    assert plan[0].topic == "Alpha > Weak" and plan[0].answers == 5 and plan[0].correct == 2
    assert [(p.file, p.start, p.end) for p in plan[0].passages][0] == ("weak.md", 40, 42)
    assert plan[0].practice == {"n": 5, "topic": "Weak", "file": "weak.md"}
    assert [i.gain for i in plan] == sorted((i.gain for i in plan), reverse=True)
    assert r.costliest == "Alpha"


# -- through the real store: the model is derived from the log, nothing hidden ------------------------------------
def _take(store: AttemptStore, outcomes: list[bool], at: float, domain="Alpha", topic="Alpha > Topic", start=0):
    qs = [QuestionRecord.model_validate(question(start + i, domain, topic)) for i in range(len(outcomes))]
    picks = {q.id: (["B"] if ok else ["A"]) for q, ok in zip(qs, outcomes)}
    store.record_attempt(PracticeSet(qs), grade(qs, picks), at - 60, at)


def test_the_replayed_topic_card_is_the_one_the_store_keeps(tmp_path):
    store = AttemptStore(tmp_path / "attempts.sqlite")
    _take(store, [True, True, False], T0)
    _take(store, [True, True, True], T0 + 3 * DAY, start=3)
    r = assess(store.answer_log(), EXAM, now=T0 + 5 * DAY)
    from fsrs import Card

    kept = Card.from_json(store._pragma("SELECT card FROM review_cards WHERE key = 't:Alpha > Topic'")[0][0])
    assert r.topic_cards["Alpha > Topic"] == (pytest.approx(kept.stability), pytest.approx(kept.last_review.timestamp()))


def test_an_empty_history_says_to_take_a_set(tmp_path):
    rep = build(AttemptStore(tmp_path / "attempts.sqlite"), CORPUS, now=T0)
    assert rep.readiness.answers == 0 and rep.readiness.overall is None
    assert all(g.estimate is None for g in rep.readiness.groups)
    assert "no answers in your history" in rep.overall_sentence()
    assert rep.plan and all(i.practice.get("domain") for i in rep.plan)  # take a set on each domain


def test_a_history_of_one_domain_only(tmp_path):
    store = AttemptStore(tmp_path / "attempts.sqlite")
    _take(store, [True, False, True, True, True, False, True, True, True, True], T0, domain="Modeling",
          topic="Domain 3: Modeling > XGBoost")
    rep = build(store, CORPUS, now=T0 + 60)
    shown = {g.name for g in rep.readiness.groups if g.estimate is not None}
    assert shown == {"Modeling"}
    assert rep.readiness.overall is None and "Data Engineering" in rep.overall_sentence()
    assert rep.readiness.costliest == "Modeling" and "Costing the most: Modeling" in rep.costliest_sentence()


def test_an_old_history_is_upgraded_and_every_answer_counts(tmp_path):
    path = tmp_path / "attempts.sqlite"
    _v1_history(path, [QuestionRecord.model_validate(question(i, "Alpha", "x")) for i in range(4)])
    log = read_log(AttemptStore(path))
    assert len(log) == 8 and sum(a.correct for a in log) == 6
    assert all(a.question.get("stem") for a in log)  # each answer finds its question in the old set
    r = assess(log, EXAM, now=T0 + 3 * DAY)
    assert r.answers == 8 and next(g for g in r.groups if g.name == "Alpha").estimate is not None


def test_notes_without_an_exam_are_read_by_their_top_level_topics():
    log = answers([True] * 8 + [False] * 2, None, "Processes > Scheduling") + \
        answers([False] * 6 + [True] * 4, None, "Memory > Paging", start=10)
    r = assess(log, None, now=T0 + 60)
    assert {g.name for g in r.groups} == {"Processes", "Memory"} and not r.by_domain
    assert r.p_pass is None and r.overall is not None
    assert r.costliest == "Memory"


def test_a_damaged_history_gives_a_clear_message_and_is_left_untouched(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    path = home / "attempts.sqlite"
    path.write_bytes(b"this is not a database, it is somebody's only copy of something" * 50)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = runner.invoke(app, ["ready", "--notes", str(CORPUS), "--home", str(home)])
    assert result.exit_code == 1 and "not a readable SQLite database" in result.output
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_history_damaged_inside_is_reported_not_rewritten(tmp_path):
    path = tmp_path / "attempts.sqlite"
    store = AttemptStore(path)
    for k in range(30):
        _take(store, [True, False] * 5, T0 + k * DAY, start=10 * k)
    store.close()
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = bytearray(path.read_bytes())
    raw[4096 * 3: 4096 * 3 + 4096] = b"\xff" * 4096  # a page in the middle, not the header
    path.write_bytes(bytes(raw))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(HistoryFileError, match="has not been changed"):
        read_log(AttemptStore(path))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_tutor_ready_prints_estimates_what_costs_most_and_a_plan(tmp_path):
    home = tmp_path / "home"
    store = AttemptStore(home / "attempts.sqlite")
    _take(store, [True] * 6 + [False] * 4, T0, domain="Modeling", topic="Domain 3: Modeling > XGBoost")
    store.close()
    result = runner.invoke(app, ["ready", "--notes", str(CORPUS), "--home", str(home), "--plot",
                                 str(tmp_path / "r.png")])
    assert result.exit_code == 0, result.output
    assert "Modeling" in result.output and "80% interval" in result.output
    assert "not enough evidence yet" in result.output  # the three other domains
    assert "Study plan" in result.output and "tutor practice --n 5 --topic XGBoost --file a.md" in result.output
    assert "assumed" in result.output or "Overall" in result.output
    assert (tmp_path / "r.png").stat().st_size > 1000


def test_tutor_ready_json_and_the_view_escape_what_the_notes_say(tmp_path):
    import json

    from ui.readiness_tab import plan_markdown, summary_markdown, table_rows

    home = tmp_path / "home"
    store = AttemptStore(home / "attempts.sqlite")
    _take(store, [True, False] * 5, T0, domain="Modeling", topic="Domain 3: Modeling > <script>alert(1)</script>")
    rep = build(store, CORPUS)
    store.close()
    shown = plan_markdown(rep) + summary_markdown(rep)
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert [row[0] for row in table_rows(rep)] == [g.name for g in rep.readiness.groups]
    result = runner.invoke(app, ["ready", "--json", "--notes", str(CORPUS), "--home", str(home)])
    data = json.loads(result.output)
    modeling = next(g for g in data["groups"] if g["name"] == "Modeling")
    assert modeling["answers"] == 10 and modeling["estimate"]["low"] < modeling["estimate"]["high"]
    assert data["pass_mark"] == 0.75 and "assumed" in data["pass_note"]


def test_notes_without_an_exam_list_every_top_level_topic_and_where_it_is_written(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "cells.md").write_text("---\ntags: [bio]\n---\n# Cells\n\nText.\n\n## Membranes\n\nMore text.\n")
    (notes / "loose.txt").write_text("just some lines\nwithout any heading at all\n")
    store = AttemptStore(tmp_path / "attempts.sqlite")
    _take(store, [True, False] * 5, T0, domain="Cells", topic="Cells > Membranes")
    rep = build(store, notes, now=T0 + 60)
    groups = {g.name: g for g in rep.readiness.groups}
    assert set(groups) == {"Cells", "loose.txt"} and not rep.readiness.by_domain
    assert groups["Cells"].estimate is not None and groups["loose.txt"].estimate is None
    assert groups["Cells"].weight == groups["loose.txt"].weight == 0.5
    never = next(i for i in rep.plan if i.topic == "loose.txt")
    assert [(p.file, p.start, p.end) for p in never.passages] == [("loose.txt", 1, 2)]
    assert never.practice == {"n": 5, "topic": "loose.txt", "file": "loose.txt"}
    assert "of your score" in "\n".join(rep.lines()) and rep.readiness.p_pass is None
