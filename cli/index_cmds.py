"""`tutor ingest` and `tutor search`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from cli.common import HomeOpt, NotesOpt, esc, explained_errors, out, session_from, stage_progress


def ingest_cmd(
    path: Path = typer.Argument(None, help="Notes folder (default: TUTOR_NOTES or the bundled corpus)."),
    home: Path = HomeOpt,
    chroma_url: str = typer.Option(None, help="Chroma server URL, e.g. http://127.0.0.1:8000."),
    max_file_mb: float = typer.Option(None, help="Skip note files larger than this (default 10)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Index a folder of Markdown/text notes (incremental: only changed notes are re-embedded)."""
    session = session_from(path, home, use_model=False, chroma_url=chroma_url, max_file_mb=max_file_mb)
    with explained_errors(), stage_progress(not quiet) as progress:
        report = session.ingest(progress)
    print_report(report)


def print_report(report) -> None:
    console, escape = out(), esc
    if report.rebuilt:
        console.print(f"[yellow]{escape(report.rebuilt)}[/]")
    parts = [
        f"added {len(report.added)}",
        f"updated {len(report.updated)}",
        f"removed {len(report.removed)}",
        f"unchanged {len(report.unchanged)}",
        f"skipped {len(report.problems)}",
    ]
    console.print(f"[bold]Notes[/] {escape(str(report.notes_dir))}: " + " · ".join(parts))
    for label, files in (("added", report.added), ("updated", report.updated), ("removed", report.removed)):
        for f in files:
            console.print(f"  {label:<8} {f}", markup=False)
    for p in report.problems:
        console.print(f"  [yellow]skipped[/]  {escape(p.message())}")
    for n in report.notices:
        console.print(f"  [yellow]note[/]     {escape(n)}")
    console.print(
        f"[bold]Chunks[/] {report.chunks_total} in the index: +{report.chunks_added} new, "
        f"-{report.chunks_removed} removed, {report.chunks_moved} moved; embedded {report.embedded}; "
        f"{report.questions} sample questions in the bank ({report.seconds:.1f} s)"
    )
    if not report.changed and not report.problems:
        console.print("Nothing changed since the last ingest.")


def search_cmd(
    query: str = typer.Argument(..., help="What to look for."),
    k: int = typer.Option(5, "-k", help="How many passages."),
    mode: str = typer.Option("hybrid", help="hybrid | vector | bm25"),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    notes: Path = NotesOpt,
    home: Path = HomeOpt,
    chroma_url: str = typer.Option(None, help="Chroma server URL."),
) -> None:
    """Show the passages of the notes that best match QUERY, with file, heading and lines."""
    if mode not in ("hybrid", "vector", "bm25"):
        raise typer.BadParameter("mode must be hybrid, vector or bm25")
    session = session_from(notes, home, use_model=False, chroma_url=chroma_url)
    with explained_errors():
        from tutor.retrieval import Retriever

        hits = Retriever(session.index).search(query, k=k, mode=mode)
    console, escape = out(), esc
    if as_json:
        print(json.dumps([{**p.to_dict(), "similarity": p.similarity, "score": p.score} for p in hits],
                         indent=2, ensure_ascii=False))
        return
    if not hits:
        console.print("No passage matches.")
    for n, p in enumerate(hits, 1):
        console.print(f"[bold cyan]\\[{n}][/] [bold]{escape(p.location)}[/]  [dim]{p.kind} · similarity {p.similarity:.2f}[/]")
        if p.heading:
            console.print(f"    [green]{escape(p.heading)}[/]")
        lines = p.text.strip("\n").split("\n")
        shown = lines[:10] + (["…"] if len(lines) > 10 else [])
        for line in shown:
            console.print("    │ " + line[:160], markup=False, highlight=False)
        console.print()
