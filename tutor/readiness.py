"""Am I ready? The expected exam score now, per exam domain, with an 80% interval - computed from the
attempt log alone.

The model, per group of questions (an exam domain from `exam.yaml`; for notes without one, a top-level
topic of the notes: the first heading of the question's heading path). One ability `theta` per group:

    P(right) = g + (1 - g) * sigmoid(theta - b) * R

- `g`, the chance of guessing the question: 1/options, 1/C(options, keys) for a select-k question;
- `b`, its difficulty: easy -0.7, medium 0, hard +0.7 logits (the generator's ladder: recall with random
  siblings, recall with the nearest siblings, scenario or multi-select);
- `R`, the FSRS retrievability of the question's topic at that moment (1 the first time the topic is met),
  from the topic cards replayed through the store's own scheduler and rating rule, averaged over a memory
  half to twice as lasting as FSRS's population defaults (one student is not the population).

The posterior over `theta` is computed exactly on a grid (one dimension: no sampling, no optimiser). Its
prior comes from the student's other groups (leave-this-group-out, widened by how much domains differ
within one student), so a group with few answers leans toward how the student does elsewhere; each
answer's evidence is weighted 0.5^(age / HALF_LIFE_DAYS), and an answer followed by k later ones in its group
is read as given by a student rate * k logits weaker (at most LEARN_MAX), because people learn from practice
and old answers say less about now; the rate is not assumed but averaged over LEARN_RATES (none to fast), so
the history itself says how fast this student learns, and the interval widens when it cannot tell. The expected score now is `g + (1 - g) * sigmoid(theta - b) * R_now`, averaged
over the difficulty ladder and over the group's topics with their retrievability today, so a group left
alone for weeks slides down and its interval is honest about it. The overall score and P(pass) draw the groups
together through a Gaussian copula (correlation CROSS_GROUP_CORRELATION): an error in one domain - this
student forgets or learns faster than assumed - is likely in the others too.

Why this model: a Beta-Binomial per domain is simpler but has no place for difficulty, guessing or
forgetting except ad-hoc pseudo-counts; Elo gives no interval. This is a Rasch model with a guessing floor
and a forgetting factor - the smallest model with all three - and a grid posterior is exact and fast (a
5,000-answer history in a fraction of a second). Nothing is stored: every figure is derived from `answer_log()`, so it
cannot drift from the history. Calibration is checked by `bench/readiness_bench.py` on simulated students
whose true ability, learning and forgetting are known (and differ from student to student); the constants
below were set there, and nowhere does the model look at the subject of the notes.
"""

from __future__ import annotations

import math
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np

from ingest.text import HEADING_SEP
from tutor.practice.store import SCHEDULER, HistoryFileError, LoggedAnswer

DAY = 86400.0
DIFFICULTY = {"easy": -0.7, "medium": 0.0, "hard": 0.7}
HALF_LIFE_DAYS = 20.0  # an answer this old counts half
PRIOR_MEAN, PRIOR_SD = 0.5, 1.5  # a student before any answer: about 62% right on a fresh medium question
DOMAIN_SPREAD = 0.8  # how far one student's domains differ from each other (logit sd)
LEARN_RATES = (0.0, 0.01, 0.02, 0.03, 0.045, 0.06)  # logit gained per question answered in a group: unknown
LEARN_MAX = 1.5  # at most, in all
MIN_GROUP_ANSWERS = 8  # below this a group gets "not enough evidence yet", not a number
CROSS_GROUP_CORRELATION = 0.2  # of the estimates' errors between one student's groups
STABILITY_SPREAD = (0.5, 0.71, 1.0, 1.41, 2.0)  # one student's memory beside FSRS's population defaults
LEVEL = 0.80
GRID = np.linspace(-5.0, 7.0, 241)
UNPLACED = "Unassigned"
_DECAY = -SCHEDULER.parameters[20]  # negative, as in fsrs
_FACTOR = 0.9 ** (1 / _DECAY) - 1


@dataclass(frozen=True)
class Evidence:
    """One answer as the model sees it."""

    group: str
    topic: str
    t: float
    correct: bool
    guess: float
    difficulty: float
    recall: float  # the topic's retrievability just before this answer


@dataclass
class Interval:
    mean: float
    low: float
    high: float


@dataclass
class GroupEstimate:
    name: str
    weight: float  # share of the exam (0: not part of it)
    answers: int
    correct: int
    recall: float  # mean retrievability of its practised topics today
    estimate: Interval | None  # None: not enough evidence yet (see `advice`)
    advice: str = ""
    last_seen: float | None = None
    draws: np.ndarray | None = field(default=None, repr=False)  # posterior draws of the expected score
    posterior: np.ndarray | None = field(default=None, repr=False)  # over GRID (theta)


@dataclass
class Readiness:
    exam: str | None
    by_domain: bool  # groups are exam domains (else top-level topics of the notes)
    groups: list[GroupEstimate]
    answers: int
    overall: Interval | None = None
    p_pass: float | None = None
    pass_mark: float | None = None
    pass_note: str | None = None
    overall_advice: str = ""
    costliest: str | None = None
    now: float = 0.0
    evidence: list[Evidence] = field(default_factory=list, repr=False)  # one per answer, in log order
    topic_cards: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)  # FSRS (stability, last)

    def recall(self, topic: str) -> float:
        """A topic's FSRS retrievability now (1.0 for a topic never practised)."""
        if topic not in self.topic_cards or self.topic_cards[topic][0] <= 0:
            return 1.0
        return expected_recall(*self.topic_cards[topic], self.now)


# -- from the log to evidence -------------------------------------------------------------------------
def guess_rate(question: dict) -> float:
    n, k = len(question.get("options") or {}), len(question.get("answer") or [])
    if n < 2:
        return 0.25
    return 1.0 / math.comb(n, max(1, k)) if question.get("multi") or k > 1 else 1.0 / n


def top_topic(answer: LoggedAnswer) -> str:
    """A notes-wide topic: the first heading of the question's heading path, else its note file."""
    head = answer.topic.split(HEADING_SEP)[0].strip() if answer.topic else ""
    if head and head != UNPLACED:
        return head
    src = answer.question.get("source") or next(iter(answer.question.get("citations") or []), None) or {}
    return src.get("file") or head or UNPLACED


def group_of(answer: LoggedAnswer, exam) -> str:
    if exam is None or not exam.domains:
        return top_topic(answer)
    return (exam.normalize_domain(answer.domain) or exam.normalize_domain(answer.topic)
            or exam.infer_domain(answer.topic) or UNPLACED)


def retrievability(stability: float, last: float, now: float) -> float:
    """FSRS's forgetting curve, in fractional days (the package rounds elapsed time down to whole days)."""
    days = max(0.0, now - last) / DAY
    return (1 + _FACTOR * days / max(stability, 1e-6)) ** _DECAY


def expected_recall(stability: float, last: float, now: float) -> float:
    """Retrievability averaged over how much faster or slower than FSRS's population defaults this student may
    forget (stability x 1/2 ... x 2): the curve is convex where it matters (after a miss), so the average is not
    the curve at the average, and using the plain curve would underrate every student."""
    return sum(retrievability(stability * f, last, now) for f in STABILITY_SPREAD) / len(STABILITY_SPREAD)


def replay(log: list[LoggedAnswer], exam) -> tuple[list[Evidence], dict[str, tuple[float, float]]]:
    """Evidence for every answer, and each topic's FSRS (stability, last review) after the whole log. The topic
    cards are replayed exactly as the store rates them: once per attempt, Again if any answer on it was wrong."""
    from fsrs import Card, Rating

    cards: dict[str, Card] = {}
    out: list[Evidence] = []
    groups: dict[tuple[str, str], str] = {}  # (domain, topic) -> group: placing by keywords is not free
    by_attempt: dict[int, list[LoggedAnswer]] = {}
    for a in log:
        by_attempt.setdefault(a.attempt_id, []).append(a)
    for answers in by_attempt.values():
        t = answers[0].finished
        ok_by_topic: dict[str, bool] = {}
        for a in answers:
            card = cards.get(a.topic)
            r = expected_recall(card.stability, card.last_review.timestamp(), t) if card and card.stability else 1.0
            key = (a.domain, a.topic)
            if key not in groups:
                groups[key] = group_of(a, exam)
            out.append(Evidence(groups[key], a.topic, t, a.correct, guess_rate(a.question),
                                DIFFICULTY.get(a.question.get("difficulty") or "", 0.0), r))
            ok_by_topic[a.topic] = ok_by_topic.get(a.topic, True) and a.correct
        when = datetime.fromtimestamp(t, tz=timezone.utc)
        for topic, ok in ok_by_topic.items():
            card = cards.get(topic) or Card(card_id=1)  # the id plays no part in scheduling
            cards[topic], _ = SCHEDULER.review_card(card, Rating.Good if ok else Rating.Again, when)
    return out, {k: (c.stability or 0.0, c.last_review.timestamp()) for k, c in cards.items() if c.last_review}


# -- the posterior --------------------------------------------------------------------------------------
def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def log_likelihood(evs: list[Evidence], now: float) -> np.ndarray:
    """Sum over answers of weight * log P(outcome | theta), for every theta on the grid, with the group's learning
    rate unknown: averaged (in likelihood) over LEARN_RATES, equally likely a priori."""
    if not evs:
        return np.zeros_like(GRID)
    g = np.array([e.guess for e in evs])[:, None]
    b = np.array([e.difficulty for e in evs])[:, None]
    r = np.array([e.recall for e in evs])[:, None]
    y = np.array([e.correct for e in evs], dtype=float)[:, None]
    ts = np.array([e.t for e in evs])
    w = 0.5 ** (np.maximum(0.0, now - ts) / DAY / HALF_LIFE_DAYS)[:, None]
    # an answer followed by k later ones in the group was given by a student rate * k logits weaker
    later = (len(ts) - np.searchsorted(np.sort(ts), ts, side="right"))[:, None]
    per_rate = []
    for rate in LEARN_RATES:
        behind = np.minimum(rate * later, LEARN_MAX)
        p = np.clip(g + (1 - g) * _sigmoid(GRID[None, :] - behind - b) * r, 1e-9, 1 - 1e-9)
        per_rate.append((w * (y * np.log(p) + (1 - y) * np.log(1 - p))).sum(axis=0))
    stacked = np.stack(per_rate)
    top = stacked.max(axis=0)
    return top + np.log(np.exp(stacked - top).mean(axis=0))


def posterior(ll: np.ndarray, mean: float, sd: float) -> np.ndarray:
    logp = ll - 0.5 * ((GRID - mean) / sd) ** 2
    p = np.exp(logp - logp.max())
    return p / p.sum()


def _moments(p: np.ndarray) -> tuple[float, float]:
    m = float((p * GRID).sum())
    return m, math.sqrt(max(float((p * (GRID - m) ** 2).sum()), 1e-9))


def score_curve(guess: float, recall: float) -> np.ndarray:
    """Expected share right now on the group's exam questions, for every theta: the difficulty ladder averaged."""
    levels = np.array(list(DIFFICULTY.values()))[:, None]
    return guess + (1 - guess) * _sigmoid(GRID[None, :] - levels).mean(axis=0) * recall


def _quantile(p: np.ndarray, values: np.ndarray, q: float) -> float:
    order = np.argsort(values)
    cdf = np.cumsum(p[order])
    return float(values[order][min(int(np.searchsorted(cdf, q)), len(values) - 1)])


# -- reading the history -------------------------------------------------------------------------------
def read_log(store) -> list[LoggedAnswer]:
    """The store's answer log; a file damaged inside (it opened, but a page cannot be read) gets a clear message
    and is left as it is."""
    try:
        return store.answer_log()
    except sqlite3.DatabaseError as exc:
        raise HistoryFileError(
            f"The practice history {store.path} is damaged ({exc}), so readiness cannot be computed. Move it aside "
            "(rename it, e.g. to attempts.sqlite.bad) and the tutor will start a new history; the file has not "
            "been changed.") from exc


def trend(log: list[LoggedAnswer], exam=None, points: int = 8, topics: list[str] = ()) -> list[Readiness]:
    """Readiness as it stood right after each of the last `points` attempts (how it moved, for the plot)."""
    ends = sorted({a.finished for a in log})[-points:]
    return [assess(log, exam, now=t, draws=400, topics=topics) for t in ends]


# -- the estimate ---------------------------------------------------------------------------------------
def assess(log: list[LoggedAnswer], exam=None, now: float | None = None, draws: int = 2000,
           topics: list[str] = ()) -> Readiness:
    """Readiness from an attempt log (`AttemptStore.answer_log()`) and the exam (None: notes without exam.yaml;
    then `topics`, the notes' top-level topics, are the groups, each counting the same)."""
    now = time.time() if now is None else now
    log = [a for a in log if a.finished <= now]
    evs, cards = replay(log, exam)
    by_domain = bool(exam and exam.domains)
    names = [d.name for d in exam.domains] if by_domain else list(topics)
    for e in evs:
        if e.group not in names:
            names.append(e.group)
    weights = {d.name: d.weight for d in exam.domains} if by_domain else _topic_weights(names)
    lls = {n: log_likelihood([e for e in evs if e.group == n], now) for n in names}
    rng = np.random.default_rng(0)
    shared = rng.standard_normal(draws)
    groups = [_group(n, weights.get(n, 0.0), [e for e in evs if e.group == n], lls, cards, now,
                     _uniforms(shared, rng)) for n in names]
    res = Readiness(exam.name if exam else None, by_domain, groups, len(evs), now=now, evidence=evs, topic_cards=cards,
                    pass_mark=exam.pass_mark if exam else None, pass_note=exam.pass_mark_note if exam else None)
    _overall(res, exam)
    scored = [g for g in groups if g.weight > 0 and g.draws is not None]
    if scored:
        res.costliest = max(scored, key=lambda g: g.weight * (1 - float(g.draws.mean()))).name
    return res


def _topic_weights(names: list[str]) -> dict[str, float]:
    """Notes without an exam: every top-level topic counts the same."""
    names = [n for n in names if n != UNPLACED]
    return {n: 1 / len(names) for n in names}


def _uniforms(shared: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Posterior draws for one group, correlated with the other groups' through `shared` (a Gaussian copula):
    an error in one domain's estimate (how fast this student forgets, or learns) is likely in the others too,
    and independent draws would make the overall interval too narrow."""
    z = math.sqrt(CROSS_GROUP_CORRELATION) * shared + math.sqrt(1 - CROSS_GROUP_CORRELATION) * rng.standard_normal(
        len(shared))
    return 0.5 * (1 + _erf(z / math.sqrt(2)))


def _group(name, weight, evs, lls, cards, now, uniforms) -> GroupEstimate:
    others = sum((ll for n, ll in lls.items() if n != name), np.zeros_like(GRID))
    m, s = _moments(posterior(others, PRIOR_MEAN, PRIOR_SD))
    post = posterior(lls[name], m, math.sqrt(s * s + DOMAIN_SPREAD ** 2))
    topics = {e.topic for e in evs}
    recalls = [expected_recall(*cards[t], now) for t in topics if t in cards and cards[t][0] > 0]
    recall = float(np.mean(recalls)) if recalls else 1.0
    guess = float(np.mean([e.guess for e in evs])) if evs else 0.25
    curve = score_curve(guess, recall)
    sample = curve[np.minimum(np.searchsorted(np.cumsum(post), uniforms), len(GRID) - 1)]
    n, c = len(evs), sum(e.correct for e in evs)
    est = GroupEstimate(name, weight, n, c, recall, None, last_seen=max((e.t for e in evs), default=None),
                        draws=sample, posterior=post)
    if n >= MIN_GROUP_ANSWERS:
        tail = (1 - LEVEL) / 2
        est.estimate = Interval(float((post * curve).sum()), _quantile(post, curve, tail),
                                _quantile(post, curve, 1 - tail))
    else:
        est.advice = (f"not enough evidence yet: {n} of {MIN_GROUP_ANSWERS} answers - take a set on it "
                      f"({MIN_GROUP_ANSWERS - n} more question(s) at least).")
    return est


def _overall(res: Readiness, exam) -> None:
    weighted = [g for g in res.groups if g.weight > 0]
    thin = [g.name for g in weighted if g.estimate is None]  # an overall figure only when every part has one
    if not weighted:
        res.overall_advice = "not enough evidence yet: take a practice set first."
        return
    if thin:
        named = ", ".join(thin[:4]) + (f" and {len(thin) - 4} more" if len(thin) > 4 else "")
        res.overall_advice = (f"not enough evidence yet for an overall score: fewer than {MIN_GROUP_ANSWERS} "
                              f"answers on {named} - take a set on each.")
        return
    w = np.array([g.weight for g in weighted])
    scores = np.stack([g.draws for g in weighted])  # groups x draws
    total = (w[:, None] * scores).sum(axis=0) / w.sum()
    tail = (1 - LEVEL) / 2
    res.overall = Interval(float(total.mean()), float(np.quantile(total, tail)), float(np.quantile(total, 1 - tail)))
    if exam is not None and exam.pass_mark is not None and res.by_domain:
        res.p_pass = pass_probability(w / w.sum(), scores, exam.questions, exam.pass_mark)


def pass_probability(weights: np.ndarray, scores: np.ndarray, questions: int, pass_mark: float) -> float:
    """P(at least pass_mark * questions right on one sitting): the exam's questions split over domains by weight,
    each answered right with the domain's (uncertain) expected score; normal approximation with continuity
    correction, averaged over the posterior draws."""
    n = weights[:, None] * questions
    mean = (n * scores).sum(axis=0)
    sd = np.sqrt(np.maximum((n * scores * (1 - scores)).sum(axis=0), 1e-9))
    need = math.ceil(pass_mark * questions - 1e-9) - 0.5
    z = (mean - need) / sd
    return float(np.mean(0.5 * (1 + _erf(z / math.sqrt(2)))))


def _erf(x: np.ndarray) -> np.ndarray:
    return np.vectorize(math.erf)(x)
