"""`tutor ready`: am I ready? The expected score per exam domain now with an 80% interval, what costs the most,
and what to read next."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from cli.common import HomeOpt, NotesOpt, console, esc, explained_errors, fail, session_from


def ready_cmd(
    plan: int = typer.Option(5, "--plan", help="How many topics the study plan lists."),
    plot: Path = typer.Option(None, "--plot", help="Also draw the estimates and how they moved (a .png)."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    notes: Path = NotesOpt, home: Path = HomeOpt,
) -> None:
    """Am I ready? Expected score per exam domain with an 80% interval, P(pass), and a study plan."""
    from tutor.practice.store import AttemptStoreError
    from tutor.readiness_report import build_for

    with explained_errors():
        session = session_from(notes, home, use_model=False)
        try:
            report = build_for(session, plan=plan, with_trend=plot is not None)
        except AttemptStoreError as exc:
            fail(str(exc))
    if as_json:
        console.print_json(json.dumps(report.to_dict()))
    else:
        for line in report.lines():
            console.print(line, markup=False)
    if plot:
        from tutor.readiness_plot import figure

        figure(report.readiness, report.trend).savefig(plot, dpi=100)
        console.print(f"Wrote {plot}", markup=False)
