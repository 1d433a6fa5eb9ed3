"""The practice history: attempts survive a reopen, missed questions and topics come back on the FSRS
schedule, an old (Leitner) history is migrated without loss, a full disk or a damaged file give a clear
message and never cost the earlier history."""

from __future__ import annotations

import random
import sqlite3
import threading
from pathlib import Path

import pytest

from ingest.records import QuestionRecord
from tutor.practice.model import PracticeSet, grade
from tutor.practice.store import DAY, AttemptSaveError, AttemptStore, HistoryFileError

ROOT = Path(__file__).resolve().parents[1]
T0 = 1_700_000_000.0
HPO = "Domain 3: Modeling > 3.4 Hyperparameter optimization"


@pytest.fixture(scope="module")
def questions() -> list[QuestionRecord]:
    lines = (ROOT / "corpus" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    recs = [QuestionRecord.model_validate_json(line) for line in lines if line.strip()]
    scorable = [r for r in recs if r.scorable]
    assert len(scorable) >= 12
    return scorable


def right(q: QuestionRecord) -> list[str]:
    return list(q.answer)


def wrong(q: QuestionRecord) -> list[str]:
    return [next(k for k in q.options if k not in q.answer)]


def with_topic(q: QuestionRecord, topic: str) -> QuestionRecord:
    return q.model_copy(update={"topic": topic})


def take(store: AttemptStore, qs: list[QuestionRecord], picks: list[list[str]], at: float,
         title: str = "Practice set") -> tuple[PracticeSet, int]:
    pset = PracticeSet(qs, title=title)
    result = grade(qs, {q.id: p for q, p in zip(qs, picks)})
    return pset, store.record_attempt(pset, result, started=at - 300, finished=at)


def count(path: Path, sql: str, args: tuple = ()) -> int:
    """Reads the file with a separate, plain connection: what is really on disk."""
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql, args).fetchone()[0]
    finally:
        conn.close()


def test_attempt_round_trips_through_a_reopen(tmp_path, questions):
    path = tmp_path / "data" / "attempts.sqlite"
    qs = questions[:6]
    picks = [right(qs[0]), wrong(qs[1]), right(qs[2]), [], right(qs[4]), wrong(qs[5])]
    store = AttemptStore(path)
    pset = PracticeSet(qs, kind="mock", title="Mock exam", time_limit_min=30)
    result = grade(qs, {q.id: p for q, p in zip(qs, picks)})
    store.save_set(pset)
    store.save_set(pset)  # idempotent
    attempt_id = store.record_attempt(pset, result, started=T0, finished=T0 + 600)
    store.close()

    again = AttemptStore(path)
    (summary,) = again.attempts()
    assert summary.id == attempt_id and summary.set_id == pset.id
    assert (summary.kind, summary.title) == ("mock", "Mock exam")
    assert (summary.correct, summary.total, summary.percent) == (3, 6, 50.0)
    assert (summary.correct, summary.total, summary.percent) == (result.correct, result.total, result.percent)
    assert summary.duration == 600 and summary.started == T0
    assert summary.per_domain == result.per_domain
    answers = again.attempt_answers(attempt_id)
    assert [a.question_id for a in answers] == [q.id for q in qs]
    assert [a.selected for a in answers] == [sorted(p) for p in picks]
    assert [a.correct for a in answers] == [True, False, True, False, True, False]
    assert again.domain_stats() == result.per_domain
    assert count(path, "SELECT COUNT(*) FROM practice_sets") == 1


def test_connection_settings_are_the_safe_ones(tmp_path):
    store = AttemptStore(tmp_path / "attempts.sqlite")
    assert store._pragma("PRAGMA journal_mode")[0][0] == "wal"
    assert store._pragma("PRAGMA synchronous")[0][0] == 2  # FULL
    assert store._pragma("PRAGMA foreign_keys")[0][0] == 1
    assert store._pragma("PRAGMA busy_timeout")[0][0] >= 1000
    assert store._pragma("PRAGMA user_version")[0][0] >= 1


def test_missed_questions_and_topics_come_back_on_the_fsrs_schedule(tmp_path, questions):
    store = AttemptStore(tmp_path / "attempts.sqlite")
    a1, a2 = with_topic(questions[0], HPO), with_topic(questions[1], HPO)
    b1 = with_topic(questions[2], "Topic B")
    c1 = with_topic(questions[3], "Topic C")
    d = [with_topic(q, "Topic D") for q in questions[4:8]]
    qs = [a1, a2, b1, c1, *d]
    picks = [wrong(a1), right(a2), right(b1), wrong(c1), wrong(d[0]), right(d[1]), wrong(d[2]), right(d[3])]
    take(store, qs, picks, at=T0)

    # a topic with a miss is due again within minutes; one answered right only after days
    assert set(store.due_topics(now=T0 + 120)) == {HPO, "Topic C", "Topic D"}
    assert "Topic B" not in store.due_topics(now=T0 + DAY)
    assert "Topic B" in store.due_topics(now=T0 + 30 * DAY)
    assert {q.id for q in store.due_questions(now=T0 + 120, limit=10)} == {a1.id, c1.id, d[0].id, d[2].id}
    weak = store.weak_topics(now=T0 + 120)
    assert [s.topic for s in weak] == ["Topic C", "Topic D", HPO, "Topic B"]  # D: same 50% as HPO, more answered
    by = {s.topic: s for s in weak}
    assert (by[HPO].answered, by[HPO].correct, by[HPO].due) == (2, 1, True)
    assert (by["Topic B"].due, by["Topic B"].last_seen) == (False, T0)
    assert by["Topic B"].stability_days > by[HPO].stability_days > 0

    # the missed question comes back (as stored) and is answered right: not due again for days
    (again,) = [q for q in store.due_questions(now=T0 + 120) if q.id == a1.id]
    assert again.topic == HPO and again.answer == a1.answer
    t1 = T0 + 3600
    take(store, [again], [right(again)], at=t1)
    assert a1.id not in {q.id for q in store.due_questions(now=t1 + 30 * DAY)}  # last answer right
    assert HPO not in store.due_topics(now=t1 + 60)
    s1 = {s.topic: s for s in store.weak_topics(now=t1)}[HPO].stability_days

    # each further right answer lengthens the interval; a miss brings the topic back at once
    gaps = []
    t = t1
    for _ in range(3):
        due = min(float(x) for (x,) in store._pragma(f"SELECT due FROM review_cards WHERE key = 't:{HPO}'"))
        gaps.append(due - t)
        t = due
        take(store, [a2], [right(a2)], at=t)
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0]
    assert {s.topic: s for s in store.weak_topics(now=t)}[HPO].stability_days > s1
    t3 = t + 10
    take(store, [a2], [wrong(a2)], at=t3)
    assert HPO in store.due_topics(now=t3 + 120)
    assert a2.id in {q.id for q in store.due_questions(now=t3 + 120)}


V1_SCHEMA = """
CREATE TABLE practice_sets (id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, created REAL NOT NULL,
    time_limit_min INTEGER, questions TEXT NOT NULL);
CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, set_id TEXT NOT NULL REFERENCES practice_sets(id),
    started REAL NOT NULL, finished REAL NOT NULL, duration REAL NOT NULL, correct INTEGER NOT NULL,
    total INTEGER NOT NULL, percent REAL NOT NULL, per_domain TEXT NOT NULL);
CREATE TABLE answers (attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL, selected TEXT NOT NULL, correct INTEGER NOT NULL, credit REAL NOT NULL,
    topic TEXT NOT NULL, domain TEXT NOT NULL, PRIMARY KEY (attempt_id, question_id));
CREATE INDEX answers_topic ON answers(topic);
CREATE TABLE topic_review (topic TEXT PRIMARY KEY, box INTEGER NOT NULL, due REAL NOT NULL, last_seen REAL NOT NULL);
CREATE TABLE question_review (question_id TEXT PRIMARY KEY, topic TEXT NOT NULL, question TEXT NOT NULL,
    last_correct INTEGER NOT NULL, wrong INTEGER NOT NULL, last_seen REAL NOT NULL);
"""


def _v1_history(path: Path, questions) -> list[tuple]:
    """A history as the Leitner-era tutor (schema 1) wrote it: two attempts, one miss each time."""
    conn = sqlite3.connect(str(path))
    conn.executescript(V1_SCHEMA)
    qs = [with_topic(q, HPO if i % 2 else "Topic B") for i, q in enumerate(questions[:4])]
    conn.execute("INSERT INTO practice_sets VALUES (?,?,?,?,?,?)", ("set-1", "practice", "Old set", T0, None,
                 "[" + ",".join(q.model_dump_json(exclude_none=True) for q in qs) + "]"))
    answers = []
    for n, at in enumerate((T0, T0 + 2 * DAY), start=1):
        conn.execute("INSERT INTO attempts VALUES (?,?,?,?,?,?,?,?,?)",
                     (n, "set-1", at - 300, at, 300.0, 3, 4, 75.0, "{}"))
        for i, q in enumerate(qs):
            ok = i != n  # attempt 1 misses question 1, attempt 2 question 2
            answers.append((n, q.id, '["A"]', int(ok), float(ok), q.topic, q.domain or "Unassigned"))
            conn.execute("INSERT INTO answers VALUES (?,?,?,?,?,?,?)", answers[-1])
            conn.execute("INSERT OR REPLACE INTO question_review VALUES (?,?,?,?,?,?)",
                         (q.id, q.topic, q.model_dump_json(exclude_none=True), int(ok), int(not ok), at))
    conn.execute("INSERT INTO topic_review VALUES (?,?,?,?)", (HPO, 1, T0 + 2 * DAY, T0 + 2 * DAY))
    conn.execute("INSERT INTO topic_review VALUES (?,?,?,?)", ("Topic B", 1, T0 + 2 * DAY, T0 + 2 * DAY))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    return answers


def test_a_leitner_era_history_is_upgraded_to_fsrs_without_loss(tmp_path, questions):
    path = tmp_path / "attempts.sqlite"
    answers = _v1_history(path, questions)
    store = AttemptStore(path)  # opening migrates
    assert store._pragma("PRAGMA user_version")[0][0] == 2
    # every attempt and every answer is still there, as it was
    assert [a.id for a in store.attempts()] == [2, 1]
    got = [(n, a.question_id, a.selected, a.correct, a.topic) for n in (1, 2) for a in store.attempt_answers(n)]
    assert got == [(n, q, ["A"], bool(ok), t) for n, q, _, ok, _, t, _ in answers]
    # and the schedule was rebuilt from them: a card per question and per topic, the missed ones due soon
    kinds = dict(store._pragma("SELECT kind, COUNT(*) FROM review_cards GROUP BY kind"))
    assert kinds == {"question": 4, "topic": 2}
    missed_last = answers[4 + 2][1]  # attempt 2 missed question 2
    assert missed_last in {q.id for q in store.due_questions(now=T0 + 2 * DAY + 120)}
    assert set(store.due_topics(now=T0 + 2 * DAY + 120)) == {"Topic B"}  # question 2 is under Topic B
    store.close()
    # reopening does not migrate again
    again = AttemptStore(path)
    assert dict(again._pragma("SELECT kind, COUNT(*) FROM review_cards GROUP BY kind")) == kinds


def test_a_failed_upgrade_leaves_the_old_history_as_it_was(tmp_path, questions):
    path = tmp_path / "attempts.sqlite"
    _v1_history(path, questions)
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE review_cards (x)")  # the upgrade's first step will fail on this
    conn.commit()
    conn.close()
    with pytest.raises(HistoryFileError, match="has not been changed"):
        AttemptStore(path)
    assert count(path, "PRAGMA user_version") == 1 and count(path, "SELECT COUNT(*) FROM answers") == 8
    assert count(path, "SELECT COUNT(*) FROM topic_review") == 2


@pytest.mark.parametrize("headroom", [0, 3], ids=["no-page-left", "full-midway"])
def test_disk_full_keeps_the_earlier_history(tmp_path, questions, headroom):
    path = tmp_path / "attempts.sqlite"
    store = AttemptStore(path)
    first_set, first_id = take(store, questions[:3], [right(q) for q in questions[:3]], at=T0)
    before_answers = store.attempt_answers(first_id)
    before_weak = store.weak_topics(now=T0)
    tables = ("attempts", "answers", "review_cards", "question_review")
    before_rows = {t: count(path, f"SELECT COUNT(*) FROM {t}") for t in tables}
    assert before_rows == {"attempts": 1, "answers": 3, "review_cards": 3 + len(before_weak), "question_review": 3}

    # the set is saved first (as PracticeService.save does), so the failure falls inside the attempt's
    # own transaction, after its attempt row and some answers were already written
    padding = "long explanation " * 20  # small rows: several fit before the limit is hit
    big = [with_topic(q, f"Topic {i}").model_copy(update={"explanation": padding}) for i, q in enumerate(questions)]
    pset = PracticeSet(big, title="Big set")
    store.save_set(pset)
    result = grade(big, {q.id: wrong(q) for q in big})

    # a real SQLite limit: the file may grow by `headroom` pages at most (0: not a single one; 3: the
    # disk fills only after some of this attempt's rows were written, so a partial commit would show)
    pages = store._pragma("PRAGMA page_count")[0][0] + headroom
    assert store._pragma(f"PRAGMA max_page_count = {pages}")[0][0] == pages
    with pytest.raises(AttemptSaveError) as err:
        store.record_attempt(pset, result, started=T0 + 100, finished=T0 + 200)
    message = str(err.value)
    assert "disk is full" in message and "earlier history is unchanged" in message and str(path) in message

    # nothing of the failed attempt, the earlier one intact: seen by the same store and by a fresh one
    for s in (store, AttemptStore(path)):
        assert [a.id for a in s.attempts()] == [first_id]
        assert s.attempt_answers(first_id) == before_answers
        assert s.weak_topics(now=T0) == before_weak
        assert s.due_topics(now=T0 + 1000) == []
    assert {t: count(path, f"SELECT COUNT(*) FROM {t}") for t in tables} == before_rows

    # space freed: pressing Save again works
    store._pragma("PRAGMA max_page_count = 1073741823")
    new_id = store.record_attempt(pset, result, started=T0 + 100, finished=T0 + 200)
    assert [a.id for a in AttemptStore(path).attempts()] == [new_id, first_id]


def test_corrupt_file_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "attempts.sqlite"
    junk = random.Random(7).randbytes(16384)
    path.write_bytes(junk)
    with pytest.raises(HistoryFileError) as err:
        AttemptStore(path)
    message = str(err.value)
    assert "not a readable SQLite database" in message and "Move it aside" in message and str(path) in message
    assert path.read_bytes() == junk
    assert sorted(p.name for p in tmp_path.iterdir()) == ["attempts.sqlite"]


def test_history_from_a_newer_tutor_is_refused(tmp_path):
    path = tmp_path / "attempts.sqlite"
    AttemptStore(path).close()
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(HistoryFileError, match="newer version"):
        AttemptStore(path)
    assert count(path, "PRAGMA user_version") == 99


@pytest.mark.parametrize("shared", [True, False], ids=["one-store", "two-stores"])
def test_two_threads_record_at_the_same_time(tmp_path, questions, shared):
    path = tmp_path / "attempts.sqlite"
    first = AttemptStore(path)
    stores = [first, first] if shared else [first, AttemptStore(path)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    ids: list[int] = []

    def worker(n: int) -> None:
        qs = questions[n * 6:(n + 1) * 6]
        try:
            barrier.wait()
            for i in range(10):
                ids.append(take(stores[n], qs, [right(q) if i % 2 else wrong(q) for q in qs], at=T0 + i)[1])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert len(set(ids)) == 20
    assert len(AttemptStore(path).attempts(limit=100)) == 20
    assert count(path, "SELECT COUNT(*) FROM answers") == 120
