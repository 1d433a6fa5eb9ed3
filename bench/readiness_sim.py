"""Simulated students for the readiness bench: known ability per domain, learning, and forgetting that is NOT
the model's own (each student forgets faster or slower than FSRS's defaults by a factor the model never sees).

A student has an ability per domain (logit: theta = overall + domain offset), learns from every question
answered in a domain (a rate and a ceiling of their own, 0-0.04 logit a question, 0.5-1.5 in all), and remembers each topic by FSRS's forgetting curve with the student's own
stability factor; a topic never practised is remembered from reading the notes on day 0. Over simulated
weeks they take practice sets (10 questions, topics drawn by the exam's weights, the three difficulties,
one in five a select-2 of five options). The truth the estimate is scored against is the expected share right
on a fresh exam question of a domain now (topics of the domain alike, the difficulty ladder averaged).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np

from common import ROOT  # noqa: F401  (puts the repository on the path)
from ingest.exam import DomainSpec, ExamSpec
from tutor.practice.store import SCHEDULER, LoggedAnswer
from tutor.readiness import DAY, DIFFICULTY, retrievability

TOPICS_PER_DOMAIN = 4
READ_STABILITY = 20.0  # days: how long the first reading of the notes lasts (90% recall after this)
MULTI_SHARE = 0.2
EXAM = ExamSpec(name="Simulated exam", duration_minutes=120, questions=65, pass_mark=0.72,
                pass_mark_note="simulated", domains=(
                    DomainSpec(name="Alpha", weight=0.2), DomainSpec(name="Beta", weight=0.24),
                    DomainSpec(name="Gamma", weight=0.36), DomainSpec(name="Delta", weight=0.2)))
EXAM_GUESS = (1 - MULTI_SHARE) * 0.25 + MULTI_SHARE * 0.1


def _sig(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@dataclass
class Student:
    rng: np.random.Generator
    theta: dict[str, float] = field(default_factory=dict)
    forget: float = 1.0  # multiplies FSRS stability in the truth
    learned: dict[str, float] = field(default_factory=dict)
    cards: dict = field(default_factory=dict)  # topic -> fsrs Card
    log: list[LoggedAnswer] = field(default_factory=list)
    t0: float = 1_700_000_000.0
    attempts: int = 0
    learn_rate: float = 0.02  # logit gained per question answered in a domain
    learn_cap: float = 1.0

    @classmethod
    def draw(cls, rng: np.random.Generator, exam: ExamSpec = EXAM, variant: str = "base") -> "Student":
        """`variant`: base; no-learning; fast-learners (0.03-0.08 logit a question, up to 2); wide-forgetting
        (memory a quarter to four times FSRS's defaults, beyond the half-to-twice the model allows for)."""
        base = rng.normal(0.6, 1.0)
        spread = (0.25, 4.0) if variant == "wide-forgetting" else (0.5, 2.0)
        s = cls(rng, {d.name: base + rng.normal(0, 0.7) for d in exam.domains},
                float(math.exp(rng.uniform(math.log(spread[0]), math.log(spread[1])))))
        s.learned = {d: 0.0 for d in s.theta}
        s.learn_rate, s.learn_cap = float(rng.uniform(0.0, 0.04)), float(rng.uniform(0.5, 1.5))
        if variant == "no-learning":
            s.learn_rate = 0.0
        elif variant == "fast-learners":
            s.learn_rate, s.learn_cap = float(rng.uniform(0.03, 0.08)), 2.0
        return s

    def recall(self, topic: str, t: float) -> float:
        card = self.cards.get(topic)
        if card is None:
            return retrievability(READ_STABILITY * self.forget, self.t0, t)
        return retrievability(card.stability * self.forget, card.last_review.timestamp(), t)

    def p_right(self, domain: str, topic: str, guess: float, b: float, t: float) -> float:
        return guess + (1 - guess) * _sig(self.theta[domain] + self.learned[domain] - b) * self.recall(topic, t)

    def true_score(self, domain: str, t: float) -> float:
        """Expected share right on a fresh exam question of `domain` at time t."""
        out = []
        for k in range(TOPICS_PER_DOMAIN):
            topic = f"{domain} > Topic {k}"
            out += [self.p_right(domain, topic, EXAM_GUESS, b, t) for b in DIFFICULTY.values()]
        return float(np.mean(out))

    def take_set(self, t: float, exam: ExamSpec = EXAM, n: int = 10, domain: str | None = None) -> None:
        from fsrs import Card, Rating

        names, weights = [d.name for d in exam.domains], np.array([d.weight for d in exam.domains])
        self.attempts += 1
        ok_by_topic: dict[str, bool] = {}
        answered = []
        for i in range(n):
            d = domain or str(self.rng.choice(names, p=weights / weights.sum()))
            topic = f"{d} > Topic {int(self.rng.integers(TOPICS_PER_DOMAIN))}"
            level = str(self.rng.choice(list(DIFFICULTY)))
            multi = self.rng.random() < MULTI_SHARE
            q = {"id": f"q{self.attempts}-{i}", "stem": f"Question {i} on {topic}?", "options": {c: c for c in ("ABCDE" if multi else "ABCD")},
                 "answer": ["A", "C"] if multi else ["B"], "multi": multi, "difficulty": level, "domain": d,
                 "topic": topic, "citations": [{"file": f"{d}.md", "heading": topic, "lines": [10 * i + 1, 10 * i + 3]}]}
            guess = 0.1 if multi else 0.25
            ok = bool(self.rng.random() < self.p_right(d, topic, guess, DIFFICULTY[level], t))
            answered.append(LoggedAnswer(self.attempts, t, q["id"], ok, topic, d, q))
            ok_by_topic[topic] = ok_by_topic.get(topic, True) and ok
        for a in answered:  # learning happens after answering
            self.learned[a.domain] = min(self.learn_cap, self.learned[a.domain] + self.learn_rate)
        when = datetime.fromtimestamp(t, tz=timezone.utc)
        for topic, ok in ok_by_topic.items():
            card = self.cards.get(topic) or Card(card_id=1)
            self.cards[topic], _ = SCHEDULER.review_card(card, Rating.Good if ok else Rating.Again, when)
        self.log.extend(answered)

    def sit_exam(self, t: float, exam: ExamSpec = EXAM) -> bool:
        """One sitting of the real exam at time t: does the student pass?"""
        right = 0
        for d in exam.domains:
            p = self.true_score(d.name, t)
            right += int(self.rng.binomial(round(d.weight * exam.questions), p))
        return right >= math.ceil(exam.pass_mark * exam.questions - 1e-9)


def schedule(rng: np.random.Generator, weeks: int = 8) -> list[float]:
    """Session times (days from the start): 1-4 sessions a week, some weeks skipped."""
    days = []
    for w in range(weeks):
        if rng.random() < 0.15:
            continue
        days += sorted(w * 7 + rng.uniform(0, 7, size=int(rng.integers(1, 5))))
    return [float(d) for d in days]


def day(student: Student, d: float) -> float:
    return student.t0 + d * DAY
