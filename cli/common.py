"""Shared pieces of the command line: settings from flags, the session, errors that explain, progress.

Consoles are made on first use (`out()`, `err()`), not at import, so `tutor --help` stays quick.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import typer

NotesOpt = typer.Option(None, "--notes", help="Notes folder (default: TUTOR_NOTES or the bundled corpus).")
HomeOpt = typer.Option(None, "--home", help="Where indexes and history live (default: TUTOR_HOME).")
BackendOpt = typer.Option(None, "--backend", help="llamacpp | openai | ollama (default TUTOR_BACKEND or llamacpp)")
ModelOpt = typer.Option(None, "--model", help="GGUF path (llamacpp) or model name (openai/ollama)")
BaseUrlOpt = typer.Option(None, "--base-url", help="Server URL for openai/ollama backends")


@lru_cache(maxsize=1)
def out():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


@lru_cache(maxsize=1)
def err():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


class _LazyConsole:
    """`console.print(...)` at call sites, a Rich console made only when first printed to."""

    def __init__(self, factory) -> None:
        self._factory = factory

    def __getattr__(self, name):
        return getattr(self._factory(), name)


console = _LazyConsole(out)
err_console = _LazyConsole(err)


def esc(text: str) -> str:
    """Text from notes or a model, safe inside Rich markup."""
    from rich.markup import escape

    return escape(text)


def settings_from(notes: Path | None = None, home: Path | None = None, **kw):
    from tutor.config import load_settings

    with explained_errors():
        return load_settings(notes_dir=notes, home=home, **kw)


def session_from(notes: Path | None = None, home: Path | None = None, use_model: bool = True, **kw):
    from tutor.session import Session

    return Session(settings_from(notes, home, **kw), use_model=use_model)


def fail(message: str, code: int = 1) -> None:
    err().print(f"[bold red]error:[/] {esc(message)}")
    raise typer.Exit(code)


@contextmanager
def explained_errors() -> Iterator[None]:
    """Every error the tutor explains (one root, `TutorError`) becomes its message and exit code 1."""
    from ingest.errors import TutorError

    try:
        yield
    except TutorError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        err().print("[yellow]Interrupted.[/] Nothing saved so far is lost; run the command again to finish.")
        raise typer.Exit(130)


@contextmanager
def stage_progress(enabled: bool = True):
    """A callback (stage, done, total) drawing one progress bar per stage."""
    if not enabled or not sys.stderr.isatty():
        yield lambda stage, done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err(), transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update
