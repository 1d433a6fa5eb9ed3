"""`tutor practice`, `tutor mock`, `tutor quiz` and `tutor weak`: drilling in the terminal."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from cli.common import (HomeOpt, NotesOpt, console, err_console, esc as escape, explained_errors, fail,
                        session_from, stage_progress)


def _service(notes, home, with_model: bool = True):
    session = session_from(notes, home, use_model=with_model)
    if with_model and session.model_error:
        err_console.print(f"[yellow]{escape(session.model_error)} Questions keep their template wording.[/]")
    return session.practice


def print_set(pset, show_key: bool = False) -> None:
    for i, q in enumerate(pset.questions, 1):
        tags = " · ".join(x for x in (q.domain, q.difficulty, "from your notes" if q.origin == "notes" else q.origin) if x)
        console.print(f"\n[bold]{i}.[/] [dim]{escape(tags)}[/]")
        print_set_one(q, show_key)
        if show_key:
            for c in q.citations[:1]:
                console.print(f"     [dim]source: {escape(c.location)} · {escape(c.heading)}[/]")


def practice_cmd(
    n: int = typer.Option(10, "--n", help="How many questions."),
    domain: str = typer.Option(None, "--domain", "-d", help="Exam domain (from exam.yaml)."),
    topic: str = typer.Option(None, "--topic", "-t", help="Topic words or a heading."),
    difficulty: str = typer.Option(None, "--difficulty", help="easy | medium | hard"),
    file: str = typer.Option(None, "--file", "-f", help="Only facts from this note file."),
    seed: int = typer.Option(None, "--seed", help="Same seed, same set."),
    out: Path = typer.Option(None, "--out", "-o", help="Write the set: .md .json .jsonl .csv .apkg"),
    show_key: bool = typer.Option(False, "--show-key", help="Print the key with the questions."),
    no_review: bool = typer.Option(False, "--no-review", help="Do not bring back questions you missed."),
    samples: bool = typer.Option(False, "--samples", help="The notes' own sample questions instead of new ones."),
    notes: Path = NotesOpt, home: Path = HomeOpt,
) -> None:
    """Generate fresh practice questions from the notes, each verified against the lines it cites."""
    if difficulty and difficulty not in ("easy", "medium", "hard"):
        raise typer.BadParameter("difficulty must be easy, medium or hard")
    with explained_errors(), stage_progress() as progress:
        svc = _service(notes, home)
        pset = svc.samples(domain) if samples else svc.practice(
            n, topic=topic, domain=domain, difficulty=difficulty, file=file,
            seed=seed if seed is not None else int(time.time()), review=not no_review, progress=progress)
    console.print(f"[bold]{escape(pset.title)}[/] — {escape(pset.report.message())}")
    if not pset.questions:
        raise typer.Exit(1)
    if out:
        _export(svc, pset, out)
    else:
        print_set(pset, show_key)


def _export(svc, pset, out: Path) -> None:
    from tutor.practice.export import ExportError

    try:
        path = svc.export(pset, out)
    except ExportError as exc:
        fail(str(exc))
    console.print(f"Wrote {len(pset.questions)} questions to {path}")


def mock_cmd(
    seed: int = typer.Option(None, "--seed"),
    out: Path = typer.Option(None, "--out", "-o", help="Write the exam instead of taking it now."),
    notes: Path = NotesOpt, home: Path = HomeOpt,
) -> None:
    """A mock exam shaped like the real one (exam.yaml): take it now, timed, or export it."""
    with explained_errors(), stage_progress() as progress:
        svc = _service(notes, home, with_model=False)
        pset = svc.mock(seed=seed if seed is not None else int(time.time()), progress=progress)
    console.print(f"[bold]{escape(pset.title)}[/] — {len(pset.questions)} questions, {pset.time_limit_min} minutes. "
                  f"{escape(pset.report.message())}")
    if out:
        _export(svc, pset, out)
        return
    run_quiz(svc, pset)


def quiz_cmd(
    path: Path = typer.Argument(..., help="A question set (.json/.jsonl), e.g. from `tutor practice --out`."),
    notes: Path = NotesOpt, home: Path = HomeOpt,
) -> None:
    """Take a question set in the terminal; it is graded, explained and saved to your history."""
    from tutor.practice.service import SetLoadError

    with explained_errors():
        svc = _service(notes, home, with_model=False)
        try:
            pset = svc.load(path)
        except SetLoadError as exc:
            fail(str(exc))
    run_quiz(svc, pset)


def run_quiz(svc, pset) -> None:
    from tutor.practice.store import AttemptStoreError

    deadline = time.time() + pset.time_limit_min * 60 if pset.time_limit_min else None
    started = time.time()
    answers: dict[str, list[str]] = {}
    console.print("Answer with letters (e.g. [bold]b[/] or [bold]bd[/]); Enter skips; [bold]q[/] ends the set.")
    for i, q in enumerate(pset.questions, 1):
        if deadline and time.time() > deadline:
            console.print("[red]Time is up.[/]")
            break
        left = f"  [dim]{int((deadline - time.time()) // 60)} min left[/]" if deadline else ""
        console.print(f"\n[bold]{i}/{len(pset.questions)}[/]{left}")
        print_set_one(q)
        try:
            raw = input("> ").strip()
        except EOFError:
            break
        if raw.lower() == "q":
            break
        answers[q.id] = sorted({c for c in raw.upper() if c in q.options})
    result = svc.grade(pset, answers)
    show_grade(result)
    try:
        svc.save(pset, result, started, time.time())
        console.print("[dim]Saved to your history.[/]")
    except AttemptStoreError as exc:
        err_console.print(f"[red]{escape(str(exc))}[/]")


def print_set_one(q, show_key: bool = False) -> None:
    console.print(q.stem + (f"  (Select {len(q.answer)})" if q.multi and "Select" not in q.stem else ""), markup=False)
    for k, v in q.options.items():
        mark = "✔ " if show_key and k in q.answer else ("  " if show_key else "")
        console.print(f"   {mark}{k}. {v}", markup=False)


def show_grade(result) -> None:
    console.print(f"\n[bold]Score: {result.correct}/{result.total} ({result.percent}%)[/]")
    for d, (c, t) in sorted(result.per_domain.items()):
        console.print(f"  {d}: {c}/{t}", markup=False)
    for r in result.results:
        if r.correct:
            continue
        q = r.question
        console.print(f"\n[red]✘[/] {escape(q.stem[:160])}")
        console.print(f"   you: {','.join(r.selected) or '-'}   key: {','.join(q.answer)}")
        for k in q.answer:
            console.print(f"   {k}. {q.options[k]} — {q.rationales.get(k, '')}", markup=False)
        for c in q.citations[:1]:
            console.print(f"   [dim]see {escape(c.location)} · {escape(c.heading)}[/]")


def weak_cmd(notes: Path = NotesOpt, home: Path = HomeOpt) -> None:
    """Where to study: topics you answer wrongly most, and which are due for review."""
    with explained_errors():
        svc = _service(notes, home, with_model=False)
        stats = svc.weak_topics()
    if not stats:
        console.print("No attempts yet: take a practice set first (`tutor practice` or the UI).")
        return
    for s in stats[:20]:
        due = " [yellow]due[/]" if s.due else ""
        console.print(f"{s.accuracy * 100:5.0f}%  {s.correct}/{s.answered}  {escape(s.topic)}{due}")
