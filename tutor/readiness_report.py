"""Readiness as the shells show it: the estimate, the study plan and (for the plot) how it moved, built from the
history and the notes' exam.yaml, with the sentences the CLI and the UI both print."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ingest.exam import load_exam
from tutor.readiness import Readiness, assess, read_log, trend
from tutor.study_plan import PlanItem, notes_sections, study_plan


@dataclass
class Report:
    readiness: Readiness
    plan: list[PlanItem]
    questions: int | None  # the exam's length (None: notes without exam.yaml)
    trend: list[Readiness] = field(default_factory=list)

    @property
    def scope(self) -> str:
        return "the exam" if self.readiness.by_domain else "your score"

    # -- sentences -----------------------------------------------------------------------------------------
    def title(self) -> str:
        r = self.readiness
        what = f"Readiness for {r.exam}" if r.exam else "Readiness over the top-level topics of your notes (no exam.yaml)"
        when = datetime.fromtimestamp(r.now).strftime("%Y-%m-%d %H:%M")
        return f"{what} · {r.answers} answers · as of {when}"

    def overall_sentence(self) -> str:
        r = self.readiness
        if not r.answers:
            return ("Not enough evidence yet: no answers in your history. Take a practice set (`tutor practice`, "
                    "or the Practice tab) and come back.")
        if r.overall is None:
            return "Overall: " + r.overall_advice
        o = r.overall
        head = (f"Expected exam score now: {o.mean:.0%} (80% interval {o.low:.0%}-{o.high:.0%})" if r.by_domain
                else f"Expected score over your topics (each counts the same): {o.mean:.0%} "
                     f"(80% interval {o.low:.0%}-{o.high:.0%})")
        if r.p_pass is not None:
            head += f" · probability of passing: {r.p_pass:.0%}"
        elif r.by_domain and r.pass_mark is None:
            head += " · no pass mark in exam.yaml, so no probability of passing"
        return head + "."

    def pass_sentence(self) -> str:
        r = self.readiness
        if r.pass_mark is None:
            return ""
        note = f" ({r.pass_note})" if r.pass_note else ""
        return f"Pass mark: {r.pass_mark:.0%} of the questions right{note}."

    def costliest_sentence(self) -> str:
        r = self.readiness
        g = next((g for g in r.groups if g.name == r.costliest), None)
        if g is None or g.estimate is None:
            return ""
        lost = g.weight * (1 - g.estimate.mean)
        size = f"{lost * self.questions:.1f} of the exam's {self.questions} questions" if self.questions and \
            r.by_domain else f"{lost:.0%} of the score"
        return f"Costing the most: {g.name} - about {size} expected lost."

    def lines(self) -> list[str]:
        out = [self.title(), ""]
        out.append(f"{'':2}{'group':40} {'weight':>6} {'now':>5} {'80% interval':>13} {'answers':>7} {'recall':>6}")
        for g in self.readiness.groups:
            name = g.name[:40]
            if g.estimate is None:
                out.append(f"  {name:40} {g.weight:6.0%}  {g.advice}")
            else:
                e = g.estimate
                out.append(f"  {name:40} {g.weight:6.0%} {e.mean:5.0%} {e.low:6.0%} -{e.high:4.0%} {g.answers:7d} "
                           f"{g.recall:6.0%}")
        out += ["", self.overall_sentence()]
        if self.pass_sentence():
            out.append(self.pass_sentence())
        if self.costliest_sentence():
            out.append(self.costliest_sentence())
        if self.plan:
            out += ["", "Study plan (most expected points first):"]
        for i, item in enumerate(self.plan, 1):
            out.append(f" {i}. {item.topic}  [{item.group}] - {item.why}; expected gain {item.gain:.1%} of {self.scope}")
            for p in item.passages:
                out.append(f"    read: {p.location} · {p.heading}")
            out.append(f"    practice: {practice_command(item.practice)}")
        return out

    def to_dict(self) -> dict:
        r = self.readiness
        iv = (lambda e: None if e is None else {"mean": round(e.mean, 4), "low": round(e.low, 4), "high": round(e.high, 4)})
        return {
            "exam": r.exam, "by_domain": r.by_domain, "answers": r.answers, "now": r.now,
            "groups": [{"name": g.name, "weight": g.weight, "answers": g.answers, "correct": g.correct,
                        "recall": round(g.recall, 4), "estimate": iv(g.estimate), "advice": g.advice} for g in r.groups],
            "overall": iv(r.overall), "overall_advice": r.overall_advice, "p_pass": r.p_pass,
            "pass_mark": r.pass_mark, "pass_note": r.pass_note, "costliest": r.costliest,
            "plan": [{"topic": i.topic, "group": i.group, "gain": round(i.gain, 4), "answers": i.answers,
                      "correct": i.correct, "recall": round(i.recall, 4),
                      "passages": [{"file": p.file, "heading": p.heading, "lines": [p.start, p.end]} for p in i.passages],
                      "practice": i.practice} for i in self.plan],
        }


def practice_command(args: dict) -> str:
    parts = ["tutor practice"]
    for key in ("n", "domain", "topic", "file"):
        if key in args:
            value = str(args[key])
            parts.append(f"--{key} " + (f'"{value}"' if " " in value or not value else value))
    return " ".join(parts)


def build(store, notes_dir: Path, plan: int = 5, with_trend: bool = False, now: float | None = None,
          exclude: tuple[Path, ...] = (), max_mb: float = 10) -> Report:
    """Readiness over the history in `store` for the notes in `notes_dir` (`exclude`, `max_mb`: as the index
    reads them). Raises ExamSpecError for a broken exam.yaml, AttemptStoreError for a history that cannot be
    read."""
    exam = load_exam(notes_dir)
    log = read_log(store)
    now = time.time() if now is None else now
    sections = {} if exam and exam.domains else notes_sections(notes_dir, exclude, max_mb)
    r = assess(log, exam, now=now, topics=list(sections))
    return Report(r, study_plan(r, log, plan, sections), exam.questions if exam else None,
                  trend(log, exam, topics=list(sections)) if with_trend else [])


def build_for(session, plan: int = 5, with_trend: bool = False) -> Report:
    """`build` over a session's history and notes."""
    cfg = session.settings.index
    return build(session.history, cfg.notes_dir, plan, with_trend, exclude=(cfg.data_dir,), max_mb=cfg.max_file_mb)
