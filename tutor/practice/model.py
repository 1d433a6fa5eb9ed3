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

    def drop(self, reason: str) -> None:
        self.dropped[reason] = self.dropped.get(reason, 0) + 1

    def message(self) -> str:
        head = f"Asked for {self.asked} question(s); {self.produced} passed verification."
        if self.dropped:
            why = ", ".join(f"{n} {reason}" for reason, n in sorted(self.dropped.items(), key=lambda kv: -kv[1]))
            head += f" Rejected candidates: {why}."
        if self.produced < self.asked:
            head += (f" The notes matching this selection hold {self.facts_available} usable fact(s); "
                     "widen the topic/domain or add notes to get more.")
        return " ".join([head, *self.notes])


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
