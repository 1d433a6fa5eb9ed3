"""What to read next, from a readiness estimate: the topics where a student stands to gain the most expected
exam points, each with the passages of the notes its questions were built from and a short practice set on it.

Expected gain of a topic = its domain's weight x its share of the domain (the domain's practised topics share it
evenly) x (1 - the share right expected now on it), where that share is the topic's accuracy (shrunk toward its
domain's, so one lucky answer does not hide a topic) times its FSRS retrievability today: the gap and the
forgetting in one figure. A domain of the exam not practised at all comes first when its weight says so: the
plan then says to take a set on it, since its passages are not known from the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.text import HEADING_SEP
from tutor.practice.store import LoggedAnswer
from tutor.readiness import Readiness

SHRINK = 3.0  # answers' worth of the domain's accuracy added to a topic's own
MAX_PASSAGES = 3
NEAR_LINES = 20  # cited lines this close under one heading open as one passage


@dataclass(frozen=True)
class PlanPassage:
    file: str
    heading: str
    start: int
    end: int

    @property
    def location(self) -> str:
        return f"{self.file}:{self.start}" if self.start == self.end else f"{self.file}:{self.start}-{self.end}"


@dataclass
class PlanItem:
    topic: str  # the heading path (or the domain, when it was never practised)
    group: str
    gain: float  # expected share of the exam's points regained by mastering it now
    answers: int
    correct: int
    recall: float
    passages: list[PlanPassage] = field(default_factory=list)
    practice: dict = field(default_factory=dict)  # keyword arguments of PracticeService.practice

    @property
    def why(self) -> str:
        if not self.answers:
            return "not practised yet"
        return f"{self.correct}/{self.answers} right, remembered ~{self.recall:.0%} today"


def notes_sections(notes_dir: Path, exclude: tuple[Path, ...] = (), max_mb: float = 10) -> dict[str, PlanPassage]:
    """The notes' top-level topics (each file's first heading level, else the file) and where each is written:
    for notes without an exam, these are the groups readiness reports on, practised or not."""
    from ingest.sources import NoteFile, discover, read_note
    from ingest.structure import parse_blocks

    out: dict[str, PlanPassage] = {}
    for path in discover(notes_dir, exclude=exclude):
        note = read_note(path, notes_dir, max_mb)
        if not isinstance(note, NoteFile):
            continue
        blocks = parse_blocks(note.lines, [])
        first = next((b.heading_path[0] for b in blocks if b.heading_path), note.rel)
        spans: dict[str, tuple[int, int]] = {}
        for b in blocks:  # lines above the first heading (front matter, a preamble) belong to it
            top = b.heading_path[0] if b.heading_path else first
            lo, hi = spans.get(top, (b.start, b.end))
            spans[top] = (min(lo, b.start), max(hi, b.end))
        for top, (lo, hi) in spans.items():
            out.setdefault(top, PlanPassage(note.rel, top, lo, hi))
    return out


def study_plan(r: Readiness, log: list[LoggedAnswer], n: int = 5,
               sections: dict[str, PlanPassage] | None = None) -> list[PlanItem]:
    """`sections`: where the notes write each top-level topic (see `notes_sections`), for the topics never
    practised."""
    weights = {g.name: g.weight for g in r.groups}
    by_topic: dict[str, list] = {}
    for e, a in zip(r.evidence, [a for a in log if a.finished <= r.now]):
        by_topic.setdefault(e.topic, []).append((e, a))
    topics_in: dict[str, set[str]] = {}
    for topic, pairs in by_topic.items():
        topics_in.setdefault(pairs[-1][0].group, set()).add(topic)
    fresh = {g.name: g.correct / g.answers if g.answers else 0.5 for g in r.groups}
    items = []
    for topic, pairs in by_topic.items():
        group = pairs[-1][0].group
        w = weights.get(group, 0.0)
        if w <= 0:
            continue
        n_t, c_t = len(pairs), sum(e.correct for e, _ in pairs)
        acc = (c_t + SHRINK * fresh[group]) / (n_t + SHRINK)
        recall = r.recall(topic)
        gain = w / len(topics_in[group]) * (1 - acc * recall)
        passages = _passages([a for _, a in pairs])
        items.append(PlanItem(topic, group, gain, n_t, c_t, recall, passages, _practice(topic, passages)))
    for g in r.groups:
        if g.weight > 0 and not g.answers:
            prior = float(g.draws.mean()) if g.draws is not None else 0.5
            where = (sections or {}).get(g.name)
            args = {"n": 5, "domain": g.name} if r.by_domain else {"n": 5, "topic": g.name}
            if where is not None and not r.by_domain:
                args["file"] = where.file
            items.append(PlanItem(g.name, g.name, g.weight * (1 - prior), 0, 0, 0.0, [where] if where else [], args))
    return sorted(items, key=lambda i: (-i.gain, i.topic))[:n]


def _passages(answers: list[LoggedAnswer]) -> list[PlanPassage]:
    """The cited passages of the topic's questions, the missed ones first, each once; passages a few lines apart
    under one heading are read as one."""
    out: list[PlanPassage] = []
    for a in sorted(answers, key=lambda a: a.correct):
        if len(out) >= MAX_PASSAGES * 4:  # enough to choose from; a topic answered 500 times need not be read whole
            break
        cites = a.question.get("citations") or ([a.question["source"]] if a.question.get("source") else [])
        for c in cites[:1]:
            lines = c.get("lines") or (0, 0)
            p = PlanPassage(c.get("file", ""), c.get("heading", ""), int(lines[0]), int(lines[-1]))
            near = next((q for q in out if (q.file, q.heading) == (p.file, p.heading)
                         and p.start <= q.end + NEAR_LINES and q.start <= p.end + NEAR_LINES), None)
            if near is not None:
                out[out.index(near)] = PlanPassage(p.file, p.heading, min(p.start, near.start), max(p.end, near.end))
            elif p.file:
                out.append(p)
    return sorted(out[:MAX_PASSAGES], key=lambda p: (p.file, p.start))


def _practice(topic: str, passages: list[PlanPassage]) -> dict:
    """A short set on the topic: its last heading as the topic words, within its note file."""
    args = {"n": 5, "topic": topic.split(HEADING_SEP)[-1].strip() or topic}
    if passages:
        args["file"] = passages[0].file
    return args
