"""`tutor ask` (one cited answer) and `tutor chat` (a conversation in the terminal)."""

from __future__ import annotations

import json
import select
import sys
from pathlib import Path

import typer

from cli.common import (BackendOpt, BaseUrlOpt, HomeOpt, ModelOpt, NotesOpt, err, esc, explained_errors, out,
                        session_from)


def print_answer(ans, show_passages: bool = True) -> None:
    console, escape = out(), esc
    if ans.notice:
        console.print(f"[yellow]{escape(ans.notice)}[/]")
    console.print(ans.text, markup=False)
    if ans.citations:
        console.print()
        for c in ans.citations:
            p = c.passage
            console.print(f"[bold cyan]\\[{c.n}][/] [bold]{escape(p.location)}[/] [green]{escape(p.heading)}[/]")
            if show_passages:
                for line in p.text.strip("\n").split("\n")[:6]:
                    console.print("    │ " + line[:200], markup=False)
    if ans.kind in ("not_covered",) and ans.nearest:
        console.print("\n[bold]Nearest passages:[/]")
        for p in ans.nearest:
            console.print(f"  {escape(p.location)}  [green]{escape(p.heading)}[/]  [dim]similarity {p.similarity:.2f}[/]")


def ask_cmd(
    question: str = typer.Argument(..., help="Your question (or a pasted multiple-choice question)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable answer."),
    notes: Path = NotesOpt, home: Path = HomeOpt,
    backend: str = BackendOpt, model: str = ModelOpt, base_url: str = BaseUrlOpt,
) -> None:
    """Answer one question from your notes, with numbered citations."""
    session = session_from(notes, home, backend=backend, model=model, base_url=base_url)
    with explained_errors():
        try:
            ans = session.tutor.ask(question)
        finally:
            session.close()
    if as_json:
        print(json.dumps(ans.to_dict(), indent=2, ensure_ascii=False))
    else:
        print_answer(ans)
    raise typer.Exit(0 if ans.kind != "invalid" else 2)


def read_message(prompt: str = "you> ") -> str | None:
    """One message; a multi-line paste arrives as one message (lines that follow within 50 ms)."""
    try:
        first = input(prompt)
    except EOFError:
        return None
    lines = [first]
    while sys.stdin.isatty() and select.select([sys.stdin], [], [], 0.05)[0]:
        more = sys.stdin.readline()
        if not more:
            break
        lines.append(more.rstrip("\n"))
    return "\n".join(lines)


def chat_cmd(
    notes: Path = NotesOpt, home: Path = HomeOpt,
    backend: str = BackendOpt, model: str = ModelOpt, base_url: str = BaseUrlOpt,
) -> None:
    """A conversation about your notes in the terminal (Ctrl-D or /quit to leave, /new to start over)."""
    from tutor.rewrite import Turn

    session = session_from(notes, home, backend=backend, model=model, base_url=base_url)
    with explained_errors():
        tutor = session.tutor
    console = out()
    console.print("[bold]Ask about your notes.[/] Follow-up questions use the conversation. /new starts over, /quit leaves.")
    history: list[Turn] = []
    while True:
        msg = read_message()
        if msg is None or msg.strip() in ("/quit", "/exit"):
            break
        if msg.strip() == "/new":
            history = []
            console.print("[dim]New conversation.[/]")
            continue
        if not msg.strip():
            continue
        final = None
        with explained_errors():
            for ev in tutor.stream(msg, history):
                if ev["type"] == "status":
                    err().print(f"[dim]{esc(ev['text'])}[/]")
                elif ev["type"] == "final":
                    final = ev["answer"]
        print_answer(final, show_passages=False)
        history.append(final.turn())
    session.close()
