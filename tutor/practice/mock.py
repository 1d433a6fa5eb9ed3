"""A mock exam in the real exam's shape, from the exam definition (`exam.yaml`): number of questions,
time limit, and questions drawn across the domains by their weights. It mixes the notes' own sample
questions (marked "from your notes") with generated ones (marked "generated")."""

from __future__ import annotations

import logging
import random

from ingest.exam import ExamSpec
from ingest.records import QuestionRecord, Source
from ingest.sources import NoteUnreadable, note_lines
from tutor.practice.generate import Generator
from tutor.practice.model import GenerationReport, PracticeSet

log = logging.getLogger(__name__)
DEFAULT_EXAM = ExamSpec(name="Mock exam", duration_minutes=60, questions=30)
NOTES_SHARE = 0.4  # at most this share of each domain's questions come from the notes' sample questions


def allocate(total: int, weights: list[tuple[str, float]]) -> dict[str, int]:
    """Largest-remainder split of `total` by weight.

    >>> allocate(65, [("A", .2), ("B", .24), ("C", .36), ("D", .2)])
    {'A': 13, 'B': 16, 'C': 23, 'D': 13}
    """
    if not weights:
        return {}
    exact = {name: total * w / sum(x for _, x in weights) for name, w in weights}
    out = {name: int(v) for name, v in exact.items()}
    rest = total - sum(out.values())
    for name in sorted(exact, key=lambda k: -(exact[k] - out[k]))[:rest]:
        out[name] += 1
    return out


def from_notes(q: QuestionRecord, notes_lines: dict[str, list[str]] | None = None) -> QuestionRecord:
    """A bank question dressed for practice: origin, per-option rationale, citation of its key line."""
    src = q.source
    rats = {}
    for letter in q.options:
        rats[letter] = ("Your notes mark this option as the answer." if letter in q.answer
                        else "Your notes do not mark this option as the answer.")
    cites = []
    if src and src.key_lines:
        lo, hi = min(src.key_lines), max(src.key_lines)
        quote = None
        if notes_lines and src.file in notes_lines:
            quote = "\n".join(notes_lines[src.file][lo - 1 : hi])
        cites.append(Source(file=src.file, lines=(lo, hi), heading=src.heading, quote=quote))
    return q.model_copy(update={"origin": "notes", "rationales": rats, "citations": cites,
                                "topic": q.topic or (src.heading if src else None)})


def build_mock(gen: Generator, bank: list[QuestionRecord], seed: int = 0, progress=None,
               seen: list[QuestionRecord] | None = None) -> PracticeSet:
    """`seen`: the student's answered questions: the generated part asks new facts first, like a set."""
    exam = gen.exam or DEFAULT_EXAM
    rng = random.Random(seed)
    notes = [q for q in bank if q.scorable]
    rng.shuffle(notes)
    lines = _lines(gen, notes)
    report = GenerationReport(asked=exam.questions, facts_available=len(gen.facts))
    questions: list[QuestionRecord] = []
    shortfalls: list[tuple] = []  # (domain, wanted, sample questions, checkable facts, generated)
    plan = allocate(exam.questions, [(d.name, d.weight) for d in exam.domains]) or {None: exam.questions}
    for n_done, (domain, want) in enumerate(plan.items()):
        pool = [q for q in notes if domain is None or q.domain == domain]
        take = [from_notes(q, lines) for q in pool[: int(want * NOTES_SHARE)]]
        generated = gen.make_set(want - len(take), domain=domain, seed=seed + n_done, phrase=False, seen=seen,
                                 avoid=questions + take, new_only=True).questions
        if len(take) + len(generated) < want:  # not enough facts: more of the notes' own questions
            extra = [from_notes(q, lines) for q in pool[len(take):]][: want - len(take) - len(generated)]
            take += extra
        got = take + generated
        if len(got) < want:
            facts = len(gen.select(domain=domain)) if domain else len(gen.facts)
            shortfalls.append((domain, want, len(pool), facts, len(generated)))
        questions += got
        if progress:
            progress("Building the mock exam", len(questions), exam.questions)
    short, extra = exam.questions - len(questions), []
    if short > 0:  # a full-length mock: the other domains fill in, and the report says so
        have = {q.id for q in questions} | {(q.source.file, q.source.lines) for q in questions if q.source}
        extra = [q for q in gen.make_set(short + 15, seed=seed + 97, phrase=False, avoid=questions, seen=seen,
                                           new_only=True).questions
                 if q.id not in have and (not q.source or (q.source.file, q.source.lines) not in have)][:short]
        questions += extra
    for domain, want, n_pool, facts, n_gen in shortfalls:  # said with the final counts, after any fill
        final = sum(domain is None or q.domain == domain for q in questions)
        if final < want:
            report.notes.append(
                f"{domain or 'All'}: {final} of {want}. Your notes give no more new questions on it that you have "
                "not practised already; add notes on it to practise it more.")
            log.info("mock %s: %d sample question(s), %d fact(s), %d generated", domain, n_pool, facts, n_gen)
    if len(questions) < exam.questions:
        report.notes.append(f"This mock has {len(questions)} of the exam's {exam.questions} questions: your notes have "
                            "no more new ones, and a mock does not repeat questions you have practised.")
    if short > 0 and extra:
        report.notes.append(f"{len(extra)} more question(s), from whichever domains the notes can fill, fill the exam's "
                            f"{exam.questions}.")
    rng.shuffle(questions)
    report.produced = len(questions)
    n_notes = sum(q.origin == "notes" for q in questions)
    report.notes.insert(0, f"{n_notes} from your notes' sample questions, {len(questions) - n_notes} generated.")
    return PracticeSet(questions, kind="mock", title=f"Mock exam: {exam.name}", time_limit_min=exam.duration_minutes,
                       report=report, config={"seed": seed, "plan": {str(k): v for k, v in plan.items()}})


def _lines(gen: Generator, qs: list[QuestionRecord]) -> dict[str, list[str]]:
    out = {}
    for rel in {q.source.file for q in qs if q.source}:
        try:
            out[rel] = note_lines(gen.notes_dir, rel)
        except NoteUnreadable:
            pass
    return out
