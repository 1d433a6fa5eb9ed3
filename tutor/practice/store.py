"""The student's practice history: every set taken, every answer, and what to review next.

Why SQLite, and why so careful: this file is the only record of weeks of practice, it lives on a
laptop that may run out of disk or lose power, and the UI and the CLI may write to it at the same
time. So each attempt is saved in ONE transaction (the attempt row, its answers and the
spaced-repetition updates all land, or none do), the journal is WAL with `synchronous=FULL`, a
busy timeout lets two writers take turns, and the schema version lives in `PRAGMA user_version`
so an older tutor refuses a file written by a newer one instead of misreading it. A file that is
not a SQLite database is reported, never deleted or rewritten: it may be the student's only copy.

Spaced repetition is FSRS (the `fsrs` package, the scheduler Anki uses), with one card per question
and one per topic (a question's heading path, else its domain). A right answer is rated Good, a wrong
one Again; FSRS then sets when the card is due from its stability and difficulty. A missed question
comes back (`due_questions`) a minute after the miss, in the next set; a topic with any miss in an
attempt is rated Again. A history written before FSRS (schema 1, Leitner boxes) is migrated on open by
replaying every stored answer in order through FSRS, in one transaction: nothing is lost, and a failed
migration leaves the file as it was.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from fsrs import Card, Rating, Scheduler
from pydantic import ValidationError

from ingest.records import QuestionRecord
from tutor.practice.model import Grade, PracticeSet

ATTEMPTS_FILE = "attempts.sqlite"  # in the data folder (TUTOR_HOME)
SCHEMA_VERSION = 2  # 1: Leitner boxes per topic; 2: FSRS cards per question and per topic
DAY = 86400.0
RELEARN = timedelta(minutes=1)  # a missed question is due again this soon

SCHEMA = """
CREATE TABLE practice_sets (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, created REAL NOT NULL,
    time_limit_min INTEGER, questions TEXT NOT NULL);
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, set_id TEXT NOT NULL REFERENCES practice_sets(id),
    started REAL NOT NULL, finished REAL NOT NULL, duration REAL NOT NULL,
    correct INTEGER NOT NULL, total INTEGER NOT NULL, percent REAL NOT NULL, per_domain TEXT NOT NULL);
CREATE TABLE answers (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE, question_id TEXT NOT NULL,
    selected TEXT NOT NULL, correct INTEGER NOT NULL, credit REAL NOT NULL, topic TEXT NOT NULL,
    domain TEXT NOT NULL, PRIMARY KEY (attempt_id, question_id));
CREATE INDEX answers_topic ON answers(topic);
CREATE TABLE review_cards (
    key TEXT PRIMARY KEY, kind TEXT NOT NULL, card TEXT NOT NULL, due REAL NOT NULL, last_seen REAL NOT NULL);
CREATE TABLE question_review (
    question_id TEXT PRIMARY KEY, topic TEXT NOT NULL, question TEXT NOT NULL,
    last_correct INTEGER NOT NULL, wrong INTEGER NOT NULL, last_seen REAL NOT NULL);
"""

# primary SQLite result code -> what happened and what to do, in plain words
_ADVICE = {
    13: "the disk is full. Free some space and press Save again",
    5: "another window or command is writing to the history right now. Wait a moment and press Save again",
    6: "another window or command is writing to the history right now. Wait a moment and press Save again",
    8: "the history file is read-only. Check its permissions and press Save again",
    10: "the disk could not be written (input/output error). Check the drive and press Save again",
    11: "the history file is damaged. Move it aside (the tutor then starts a new one) and press Save again",
    14: "the history file could not be opened. Check that its folder exists and is writable",
}


class AttemptStoreError(Exception):
    """Base class: a clear, student-facing message about the history file."""


class AttemptSaveError(AttemptStoreError):
    """Writing failed; nothing of this write was kept and the earlier history is unchanged."""


class HistoryFileError(AttemptStoreError):
    """The history file cannot be opened as-is (not a database, or from a newer tutor)."""


@dataclass
class AttemptSummary:
    id: int
    set_id: str
    kind: str
    title: str
    started: float
    finished: float
    duration: float
    correct: int
    total: int
    percent: float
    per_domain: dict[str, tuple[int, int]]


@dataclass
class AnswerRow:
    question_id: str
    selected: list[str]
    correct: bool
    credit: float
    topic: str
    domain: str


@dataclass(frozen=True)
class LoggedAnswer:
    attempt_id: int
    finished: float  # when the attempt was submitted (epoch seconds)
    question_id: str
    correct: bool
    topic: str
    domain: str
    question: dict  # the question record as stored with its set ({} if the set is unreadable)


@dataclass
class TopicStat:
    topic: str
    domain: str
    answered: int
    correct: int
    accuracy: float
    stability_days: float  # FSRS: how long the topic is likely remembered (about 90% recall) after the last review
    due: bool
    last_seen: float
    due_at: float | None = None  # when FSRS brings the topic back (epoch seconds)


def topic_of(q: QuestionRecord) -> str:
    """The spaced-repetition key: the heading path, else the domain (the notes' own samples have no topic)."""
    return q.topic or q.domain or "Unassigned"


def _save_error(exc: sqlite3.Error, path: Path) -> AttemptSaveError:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None and "disk is full" in str(exc):
        code = 13
    what = _ADVICE.get((code or 0) & 0xFF, f"the database reported an error ({exc}). Try Save again")
    return AttemptSaveError(f"Could not save this attempt: {what}; your earlier history is unchanged. "
                            f"(history file: {path})")


class AttemptStore:
    """One connection guarded by a lock: safe to share between the UI's threads."""

    def __init__(self, path: Path | str, busy_timeout_s: float = 10.0) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(str(self.path), timeout=busy_timeout_s, isolation_level=None,
                                         check_same_thread=False)
        except sqlite3.Error as exc:
            raise HistoryFileError(f"Cannot open the practice history {self.path}: {exc}.") from exc
        try:
            self._open(busy_timeout_s)
        except BaseException:
            self._conn.close()
            raise

    # -- opening -------------------------------------------------------------------------------
    def _open(self, busy_timeout_s: float) -> None:
        conn = self._conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]  # reads the header first
        except sqlite3.DatabaseError as exc:
            raise HistoryFileError(
                f"The practice history {self.path} is not a readable SQLite database ({exc}). Move it aside "
                "(rename it, e.g. to attempts.sqlite.bad) and the tutor will start a new history; "
                "the file has not been changed.") from exc
        if version > SCHEMA_VERSION:
            raise HistoryFileError(
                f"The practice history {self.path} was written by a newer version of the tutor (schema "
                f"{version}, this one knows {SCHEMA_VERSION}). Update the tutor; the file has not been changed.")
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            if version == 0:
                self._create_schema()
            elif version < SCHEMA_VERSION:
                self._migrate()
        except sqlite3.Error as exc:
            raise HistoryFileError(f"Cannot prepare the practice history {self.path}: {exc}; "
                                   "the file has not been changed.") from exc

    def _create_schema(self) -> None:
        with self._write():
            if self._conn.execute("PRAGMA user_version").fetchone()[0] == 0:  # another process may have won
                for stmt in filter(str.strip, SCHEMA.split(";")):
                    self._conn.execute(stmt)
                self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _migrate(self) -> None:
        """Schema 1 -> 2: the Leitner boxes give way to FSRS cards, rebuilt by replaying every stored answer
        in the order it was given. One transaction: on any error the file stays at schema 1."""
        with self._write() as conn:
            if conn.execute("PRAGMA user_version").fetchone()[0] != 1:
                return  # another process migrated it meanwhile
            conn.execute("CREATE TABLE review_cards (key TEXT PRIMARY KEY, kind TEXT NOT NULL, card TEXT NOT NULL,"
                         " due REAL NOT NULL, last_seen REAL NOT NULL)")
            rows = conn.execute(
                "SELECT a.attempt_id, at.finished, a.question_id, a.topic, a.correct FROM answers a"
                " JOIN attempts at ON at.id = a.attempt_id ORDER BY at.finished, a.attempt_id, a.rowid").fetchall()
            by_attempt: dict[int, list[tuple]] = {}
            for attempt_id, finished, qid, topic, correct in rows:
                by_attempt.setdefault(attempt_id, []).append((finished, qid, topic, bool(correct)))
            for answers in by_attempt.values():
                finished = answers[0][0]
                self._review(conn, [(qid, topic, ok) for _, qid, topic, ok in answers], finished)
            conn.execute("DROP TABLE topic_review")  # what it held is derived from the answers, kept above
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _pragma(self, sql: str) -> list[tuple]:
        """Internal hook (tests): run a PRAGMA on the store's own connection, e.g. `max_page_count`."""
        with self._lock:
            return self._conn.execute(sql).fetchall()

    # -- writing -------------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction under the lock: committed whole, or rolled back whole."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        if not self._conn.in_transaction:  # SQLite may already have rolled back (e.g. on SQLITE_FULL)
            return
        try:
            self._conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the original error is the one to report

    def _guarded(self, fn, *args):
        try:
            return fn(*args)
        except sqlite3.Error as exc:
            raise _save_error(exc, self.path) from exc

    def save_set(self, pset: PracticeSet) -> None:
        """Stores the set's questions once; saving the same set id again changes nothing."""
        def run() -> None:
            with self._write() as conn:
                self._insert_set(conn, pset)
        self._guarded(run)

    def record_attempt(self, pset: PracticeSet, grade: Grade, started: float, finished: float) -> int:
        """Attempt, answers and review state in one transaction; the review clock is `finished`."""
        def run() -> int:
            with self._write() as conn:
                self._insert_set(conn, pset)
                attempt_id = self._insert_attempt(conn, pset, grade, started, finished)
                self._insert_answers(conn, attempt_id, grade, finished)
                self._review(conn, [(r.question.id, topic_of(r.question), r.correct) for r in grade.results],
                             finished)
                return attempt_id
        return self._guarded(run)

    @staticmethod
    def _insert_set(conn: sqlite3.Connection, pset: PracticeSet) -> None:
        questions = json.dumps([json.loads(q.model_dump_json(exclude_none=True)) for q in pset.questions])
        conn.execute("INSERT INTO practice_sets VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
                     (pset.id, pset.kind, pset.title, pset.created, pset.time_limit_min, questions))

    @staticmethod
    def _insert_attempt(conn: sqlite3.Connection, pset: PracticeSet, grade: Grade,
                        started: float, finished: float) -> int:
        cur = conn.execute(
            "INSERT INTO attempts (set_id, started, finished, duration, correct, total, percent, per_domain)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (pset.id, started, finished, max(0.0, finished - started), grade.correct, grade.total,
             grade.percent, json.dumps(grade.per_domain)))
        return int(cur.lastrowid)

    @staticmethod
    def _insert_answers(conn: sqlite3.Connection, attempt_id: int, grade: Grade, now: float) -> None:
        for r in grade.results:
            q, topic = r.question, topic_of(r.question)
            conn.execute("INSERT OR REPLACE INTO answers VALUES (?,?,?,?,?,?,?)",
                         (attempt_id, q.id, json.dumps(r.selected), int(r.correct), r.credit, topic,
                          q.domain or "Unassigned"))
            conn.execute(
                "INSERT INTO question_review VALUES (?,?,?,?,?,?) ON CONFLICT(question_id) DO UPDATE SET "
                "topic=excluded.topic, question=excluded.question, last_correct=excluded.last_correct, "
                "wrong=wrong+excluded.wrong, last_seen=excluded.last_seen",
                (q.id, topic, q.model_dump_json(exclude_none=True), int(r.correct), int(not r.correct), now))

    @staticmethod
    def _review(conn: sqlite3.Connection, answers: list[tuple[str, str, bool]], now: float) -> None:
        """FSRS reviews for one attempt: each question's card, and each topic's (Again if any answer on it
        was wrong)."""
        topics: dict[str, bool] = {}
        for qid, topic, ok in answers:
            _rate(conn, f"q:{qid}", "question", ok, now)
            topics[topic] = topics.get(topic, True) and ok
        for topic, ok in topics.items():
            _rate(conn, f"t:{topic}", "topic", ok, now)

    # -- reading -------------------------------------------------------------------------------
    def _read(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    def attempts(self, limit: int = 20) -> list[AttemptSummary]:
        rows = self._read(
            "SELECT a.id, a.set_id, s.kind, s.title, a.started, a.finished, a.duration, a.correct, a.total,"
            " a.percent, a.per_domain FROM attempts a JOIN practice_sets s ON s.id = a.set_id"
            " ORDER BY a.finished DESC, a.id DESC LIMIT ?", (limit,))
        return [AttemptSummary(*r[:10], {d: tuple(v) for d, v in json.loads(r[10]).items()}) for r in rows]

    def attempt_answers(self, attempt_id: int) -> list[AnswerRow]:
        rows = self._read("SELECT question_id, selected, correct, credit, topic, domain FROM answers"
                          " WHERE attempt_id=? ORDER BY rowid", (attempt_id,))
        return [AnswerRow(q, json.loads(s), bool(c), cr, t, d) for q, s, c, cr, t, d in rows]

    def due_topics(self, now: float | None = None) -> list[str]:
        """Topics whose FSRS card is due, the longest overdue first."""
        now = time.time() if now is None else now
        rows = self._read("SELECT key FROM review_cards WHERE kind = 'topic' AND due <= ? ORDER BY due, key", (now,))
        return [r[0][2:] for r in rows]

    def due_questions(self, now: float | None = None, limit: int = 10) -> list[QuestionRecord]:
        """Questions last answered wrongly whose FSRS card is due, most-missed first."""
        now = time.time() if now is None else now
        rows = self._read(
            "SELECT q.question FROM question_review q JOIN review_cards c ON c.key = 'q:' || q.question_id"
            " WHERE q.last_correct = 0 AND c.due <= ? ORDER BY q.wrong DESC, c.due, q.last_seen LIMIT ?",
            (now, limit))
        out = []
        for (text,) in rows:
            try:
                out.append(QuestionRecord.model_validate_json(text))
            except ValidationError:  # stored by an older format: skip it rather than fail the set
                continue
        return out

    def seen_questions(self, limit: int = 1000) -> list[QuestionRecord]:
        """Questions the student has answered, most recent first."""
        out = []
        for (text,) in self._read("SELECT question FROM question_review ORDER BY last_seen DESC LIMIT ?", (limit,)):
            try:
                out.append(QuestionRecord.model_validate_json(text))
            except ValidationError:
                continue
        return out

    def weak_topics(self, min_answers: int = 1, now: float | None = None) -> list[TopicStat]:
        """Per topic accuracy over all attempts, weakest (lowest accuracy, then most answered) first."""
        now = time.time() if now is None else now
        rows = self._read(
            "SELECT a.topic, MAX(a.domain), COUNT(*), SUM(a.correct), c.card, c.due,"
            " MAX(at.finished) FROM answers a JOIN attempts at ON at.id = a.attempt_id"
            " LEFT JOIN review_cards c ON c.key = 't:' || a.topic GROUP BY a.topic HAVING COUNT(*) >= ?",
            (min_answers,))
        stats = [TopicStat(t, d, n, c, round(c / n, 4), round(Card.from_json(card).stability or 0.0, 2) if card else 0.0,
                           due is not None and due <= now, seen, due)
                 for t, d, n, c, card, due, seen in rows]
        return sorted(stats, key=lambda s: (s.accuracy, -s.answered, s.topic))

    def answer_log(self) -> list[LoggedAnswer]:
        """Every answer in the order given, with when and the question as it was asked (from its set): all a
        model of the student needs, so nothing it derives can drift from the history."""
        sets: dict[str, dict[str, dict]] = {}
        for set_id, text in self._read("SELECT id, questions FROM practice_sets"):
            try:
                sets[set_id] = {q["id"]: q for q in json.loads(text) if isinstance(q, dict) and "id" in q}
            except (ValueError, TypeError):  # a set stored by an older format: its answers still count
                sets[set_id] = {}
        rows = self._read(
            "SELECT a.attempt_id, at.set_id, at.finished, a.question_id, a.correct, a.topic, a.domain FROM answers a"
            " JOIN attempts at ON at.id = a.attempt_id ORDER BY at.finished, a.attempt_id, a.rowid")
        return [LoggedAnswer(aid, fin, qid, bool(ok), topic, domain, sets.get(sid, {}).get(qid, {}))
                for aid, sid, fin, qid, ok, topic, domain in rows]

    def domain_stats(self) -> dict[str, tuple[int, int]]:
        rows = self._read("SELECT domain, SUM(correct), COUNT(*) FROM answers GROUP BY domain ORDER BY domain")
        return {d: (c, n) for d, c, n in rows}


SCHEDULER = Scheduler(enable_fuzzing=False, learning_steps=(RELEARN,), relearning_steps=(RELEARN,))


def _rate(conn: sqlite3.Connection, key: str, kind: str, ok: bool, now: float) -> None:
    row = conn.execute("SELECT card FROM review_cards WHERE key = ?", (key,)).fetchone()
    card = Card.from_json(row[0]) if row else Card(card_id=int(hashlib.sha1(key.encode()).hexdigest()[:12], 16))
    when = datetime.fromtimestamp(now, tz=timezone.utc)
    card, _ = SCHEDULER.review_card(card, Rating.Good if ok else Rating.Again, when)
    conn.execute("INSERT OR REPLACE INTO review_cards VALUES (?,?,?,?,?)",
                 (key, kind, card.to_json(), card.due.timestamp(), now))
