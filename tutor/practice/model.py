"""Practice sets: what generation returns, what the UI/CLI take, grade, save and export."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from ingest.records import QuestionRecord


@dataclass
class GenerationReport:
    """How many questions were asked for, how many passed verification, and why the others did not."""

    asked: int
    produced: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    facts_available: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    repeats: int = 0  # questions on facts the student was asked about before (the notes had no new one)
    new_left: int | None = None  # facts of the selection not yet asked: about how many new questions are left

    def drop(self, reason: str) -> None:
        self.dropped[reason] = self.dropped.get(reason, 0) + 1

    def message(self) -> str:
        """What the student reads: how many questions, and when fewer than asked, that the notes (not the
        student) ran short and what would give more. The checker's reasons are in `details()` (and the log)."""
        if self.produced >= self.asked:
            head = f"{self.produced} questions, each checked against your notes."
        elif self.produced:
            head = (f"Your notes give {self.produced} good question(s) for this selection right now (you asked for "
                    f"{self.asked}). Widen the topic, or add notes on it, to get more.")
        else:
            head = ("Your notes give no question for this selection yet. Widen the topic, or add notes on it "
                    "(definitions, explanations, tables) to get some.")
        if self.new_left is not None and self.produced >= self.asked:
            head += f" About {self.new_left} more new question(s) are left in your notes for this selection."
        return " ".join([head, *self.notes])

    def details(self) -> str:
        """The checker's diagnostics, for a details view or the log."""
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(self.dropped.items(), key=lambda kv: -kv[1]))
        return (f"Asked for {self.asked}; {self.produced} passed verification; {self.facts_available} fact(s) in the "
                f"selection." + (f" Rejected candidates: {why}." if why else ""))


@dataclass
class PracticeSet:
    questions: list[QuestionRecord]
    kind: str = "practice"  # practice | mock | loaded
    title: str = "Practice set"
    time_limit_min: int | None = None
    report: GenerationReport | None = None
    config: dict = field(default_factory=dict)
    id: str = field(default_factory=lambda: "set-" + uuid.uuid4().hex[:10])
    created: float = field(default_factory=time.time)


@dataclass
class QuestionResult:
    question: QuestionRecord
    selected: list[str]
    correct: bool
    credit: float  # partial credit for multi-select, 1.0/0.0 for single


@dataclass
class Grade:
    results: list[QuestionResult]
    per_domain: dict[str, tuple[int, int]]  # domain -> (correct, total)

    @property
    def correct(self) -> int:
        return sum(r.correct for r in self.results)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def percent(self) -> float:
        return round(100.0 * self.correct / self.total, 1) if self.total else 0.0


def grade_question(q: QuestionRecord, selected: list[str]) -> QuestionResult:
    """Exact-set match decides `correct`; `credit` for multi-select is
    (right picks - wrong picks) / number of keys, floored at 0 (so ticking everything earns nothing)."""
    sel, key = set(selected), set(q.answer)
    correct = sel == key
    if len(key) <= 1:
        credit = 1.0 if correct else 0.0
    else:
        credit = max(0.0, (len(sel & key) - len(sel - key)) / len(key))
    return QuestionResult(q, sorted(sel), correct, round(credit, 4))


def grade(questions: list[QuestionRecord], answers: dict[str, list[str]]) -> Grade:
    results = [grade_question(q, answers.get(q.id, [])) for q in questions if q.scorable]
    per: dict[str, tuple[int, int]] = {}
    for r in results:
        d = r.question.domain or "Unassigned"
        c, t = per.get(d, (0, 0))
        per[d] = (c + int(r.correct), t + 1)
    return Grade(results, per)
