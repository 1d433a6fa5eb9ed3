"""Shared pieces of the command line: settings from flags, errors that explain, progress bars."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import typer
from rich.markup import escape
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tutor.config import Settings, load_settings

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

NotesOpt = typer.Option(None, "--notes", help="Notes folder (default: TUTOR_NOTES or the bundled corpus).")
HomeOpt = typer.Option(None, "--home", help="Where indexes and history live (default: TUTOR_HOME).")


def settings_from(notes: Path | None = None, home: Path | None = None, **kw) -> Settings:
    try:
        return load_settings(notes_dir=notes, home=home, **kw)
    except ValueError as exc:
        fail(str(exc))


def fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


@contextmanager
def explained_errors() -> Iterator[None]:
    """Known failure types become one clear message and a non-zero exit, not a traceback."""
    from ingest.exam import ExamSpecError
    from ingest.pipeline import IngestError
    from ingest.store import StoreUnavailable
    from tutor.index import IndexNotReady
    from tutor.models import BackendError
    from tutor.practice.store import AttemptStoreError

    try:
        yield
    except (IngestError, IndexNotReady, StoreUnavailable, ExamSpecError, AttemptStoreError, BackendError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        err_console.print("[yellow]Interrupted.[/] Nothing saved so far is lost; run the command again to finish.")
        raise typer.Exit(130)


@contextmanager
def stage_progress(enabled: bool = True):
    """A callback (stage, done, total) drawing one progress bar per stage."""
    if not enabled or not sys.stderr.isatty():
        yield lambda stage, done, total: None
        return
    columns = (TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update
