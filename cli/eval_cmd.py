"""`tutor eval`: score the tutor offline on an eval task, with baselines, and write a report."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.common import (BackendOpt, BaseUrlOpt, HomeOpt, ModelOpt, NotesOpt, console, explained_errors, fail,
                        session_from, stage_progress)


def eval_cmd(
    task: str = typer.Option("notes-sample-questions", "--task", help="Eval task name or YAML file."),
    mode: str = typer.Option("both", "--mode", help="open | held_out | both"),
    k: int = typer.Option(None, "-k", help="Passages for retrieval recall@k (default from the task)."),
    questions: Path = typer.Option(None, "--questions", help="A JSONL question file to evaluate instead of the bank."),
    sample: int = typer.Option(None, "--sample", help="Evaluate a random sample of this many questions."),
    seed: int = typer.Option(0, "--seed"),
    chat_sample: int = typer.Option(None, "--chat-sample", help="Chat answers judged for citations."),
    split: str = typer.Option(None, "--split", help="dev | test: which part of a task's set (default: the task's)."),
    corpora: Path = typer.Option(None, "--corpora", help="With --task corpora: the folder of labelled corpora "
                                                          "(default ../shared/corpora beside the project)."),
    only: str = typer.Option(None, "--only", help="With --task corpora: parts to score, e.g. headings,chat "
                                                  "(headings, chat, mcq, practice, samples)."),
    out: Path = typer.Option(None, "--out", help="Run folder (default: TUTOR_HOME/evals/<time>-<task>). "
                                                  "An existing folder is resumed."),
    no_model: bool = typer.Option(False, "--no-model", help="Skip the systems that need a language model."),
    compare: bool = typer.Option(False, "--compare", help="Compare two run folders: tutor eval --compare A B."),
    runs: list[Path] = typer.Argument(None, help="With --compare: the two run folders."),
    backend: str = BackendOpt, model: str = ModelOpt, base_url: str = BaseUrlOpt,
    notes: Path = NotesOpt, home: Path = HomeOpt,
) -> None:
    """Evaluate answers, retrieval, citations or practice questions offline; writes run.json and a report."""
    if compare:
        from evals.compare import compare as do_compare, format_compare

        if not runs or len(runs) != 2:
            fail("--compare needs two run folders: tutor eval --compare RUN_A RUN_B")
        try:
            console.print(format_compare(do_compare(runs[0], runs[1])), markup=False)
        except FileNotFoundError as exc:
            fail(str(exc))
        return
    if mode not in ("open", "held_out", "both"):
        raise typer.BadParameter("mode must be open, held_out or both")
    if split not in (None, "dev", "test", "all"):
        raise typer.BadParameter("split must be dev, test or all")
    from evals.harness import RunOptions, load_task
    from evals.run import run_eval

    session = session_from(notes, home, use_model=not no_model, backend=backend, model=model, base_url=base_url)
    try:
        spec = load_task(task)
    except FileNotFoundError as exc:
        fail(str(exc))
    opts = RunOptions(sample=sample, seed=seed, modes=None if mode == "both" else [mode], k=k,
                      questions_file=questions, chat_sample=chat_sample, split=split, corpora=corpora,
                      only=[x.strip() for x in only.split(",") if x.strip()] if only else None)
    with explained_errors(), stage_progress() as progress:
        try:
            result = run_eval(session, spec, opts, out, progress, use_model=not no_model)
        except ValueError as exc:
            fail(str(exc))
        finally:
            session.close()
    for line in result.summary:
        console.print("  " + line, markup=False)
    console.print(f"Run: {result.run_dir}\nReport: {result.report_md}\n        {result.report_html}  "
                  f"({result.data['seconds']} s)", markup=False)
