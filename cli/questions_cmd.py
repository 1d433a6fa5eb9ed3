"""`tutor questions`: list the notes' sample questions, check a question file, export the bank."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.common import HomeOpt, NotesOpt, console, err_console, esc as escape, explained_errors, fail, settings_from


def questions_cmd(
    domain: str = typer.Option(None, "--domain", "-d", help="Only this exam domain (substring)."),
    multi: bool = typer.Option(None, "--multi/--single", help="Only multi-select / single-answer."),
    file: str = typer.Option(None, "--file", "-f", help="Only questions from this note file (substring)."),
    unknown: bool = typer.Option(False, "--unknown", help="Only questions whose key the notes do not give."),
    show: bool = typer.Option(False, "--show", help="Print options, key and explanation."),
    check: Path = typer.Option(None, "--check", help="Validate a JSONL question file and report every problem."),
    export: Path = typer.Option(None, "--export", help="Write the bank (JSONL) to this path."),
    as_json: bool = typer.Option(False, "--json", help="Print records as JSONL."),
    notes: Path = NotesOpt,
    home: Path = HomeOpt,
) -> None:
    """The sample questions found in the notes, with their keys and where each key is written."""
    from ingest.bank import bank_problems, read_bank, write_jsonl

    if check is not None:
        raise typer.Exit(_check(check))
    settings = settings_from(notes, home)
    with explained_errors():
        records = read_bank(settings.index)
    if not records and not settings.index.index_dir.exists():
        fail(f"No question bank for {settings.index.notes_dir} yet. Run `tutor ingest {settings.index.notes_dir}`.")
    if export is not None:
        write_jsonl(export, records)
        console.print(f"Wrote {len(records)} questions to {export}")
        return
    sel = [
        r for r in records
        if (domain is None or domain.lower() in (r.domain or "").lower())
        and (multi is None or r.multi == multi)
        and (file is None or file in r.source.file)
        and (not unknown or not r.scorable)
    ]
    if as_json:
        for r in sel:
            print(r.model_dump_json(exclude_none=True))
        return
    for r in sel:
        _print_record(r, show)
    known = sum(r.scorable for r in records)
    console.print(
        f"\n{len(sel)} shown · {len(records)} questions in the bank · {known} with a key and options · "
        f"{len(records) - known} not scorable (key unknown or options missing: `--unknown` lists them)"
    )
    for p in bank_problems(settings.index):
        err_console.print(f"[yellow]override problem:[/] {escape(p)}")


def _print_record(r, show: bool) -> None:
    key = ",".join(r.answer) if r.answer else "unknown"
    kind = f"multi ({r.select or len(r.answer)})" if r.multi else "single"
    src = r.source
    console.print(f"[bold]{r.id}[/] {escape(src.file)}:{src.lines[0]}-{src.lines[1]}  [cyan]{escape(r.domain or '-')}[/]  "
                  f"{kind}  key [bold]{key}[/] [dim]({r.key_source}{', lines ' + ','.join(map(str, src.key_lines)) if src.key_lines else ''})[/]")
    console.print(f"    {r.stem[:150]}{'…' if len(r.stem) > 150 else ''}", markup=False)
    if r.also_at:
        console.print("    also at " + ", ".join(f"{a.file}:{a.lines[0]}-{a.lines[1]}" for a in r.also_at), markup=False)
    if not r.scorable and r.note:
        console.print(f"    [yellow]{escape(r.note)}[/]")
    if show:
        for letter, text in r.options.items():
            mark = "✔" if letter in r.answer else " "
            console.print(f"    {mark} {letter}. {text}", markup=False)
        if r.explanation:
            console.print(f"    [dim]{escape(r.explanation[:400])}[/]")


def _check(path: Path) -> int:
    from ingest.records import check_file, is_warning

    records, problems = check_file(path)
    errors = [p for p in problems if not is_warning(p)]
    for p in problems:
        (console if is_warning(p) else err_console).print(("warning: " if is_warning(p) else "error: ") + p,
                                                          markup=False)
    if errors:
        err_console.print(f"{path}: {len(errors)} problem(s); {len(records)} question(s) usable.")
        return 1
    console.print(f"{path}: OK, {len(records)} question(s)" + (f", {len(problems)} warning(s)" if problems else ""))
    return 0
