"""`tutor eval`: score the tutor on the notes' sample questions, with baselines and a report."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from tutor.cli.common import HomeOpt, NotesOpt, console, explained_errors, fail, settings_from, stage_progress


def eval_cmd(
    task: str = typer.Option("notes-sample-questions", "--task", help="Eval task name or YAML file."),
    mode: str = typer.Option("both", "--mode", help="open | held_out | both"),
    k: int = typer.Option(None, "-k", help="Passages for retrieval recall@k (default from the task)."),
    questions: Path = typer.Option(None, "--questions", help="A JSONL question file to evaluate instead of the bank."),
    sample: int = typer.Option(None, "--sample", help="Evaluate a random sample of this many questions."),
    seed: int = typer.Option(0, "--seed"),
    chat_sample: int = typer.Option(None, "--chat-sample", help="Chat answers judged for citations."),
    out: Path = typer.Option(None, "--out", help="Run folder (default: TUTOR_HOME/evals/<time>-<task>). "
                                                  "An existing folder is resumed."),
    no_model: bool = typer.Option(False, "--no-model", help="Skip the systems that need a language model."),
    compare: bool = typer.Option(False, "--compare", help="Compare two run folders: tutor eval --compare A B."),
    runs: list[Path] = typer.Argument(None, help="With --compare: the two run folders."),
    backend: str = typer.Option(None, "--backend"), model: str = typer.Option(None, "--model"),
    base_url: str = typer.Option(None, "--base-url"),
    notes: Path = NotesOpt, home: Path = HomeOpt,
) -> None:
    """Evaluate answers, retrieval and citations offline; writes run.json, report.md and report.html."""
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
    from evals.harness import EvalRun, RunOptions, load_task
    from evals.report import write_report
    from tutor.index import NotesIndex

    settings = settings_from(notes, home, backend=backend, model=model, base_url=base_url)
    try:
        spec = load_task(task)
    except FileNotFoundError as exc:
        fail(str(exc))
    run_dir = out or settings.data_dir / "evals" / f"{time.strftime('%Y%m%d-%H%M%S')}-{spec.name}"
    opts = RunOptions(sample=sample, seed=seed, modes=None if mode == "both" else [mode], k=k,
                      questions_file=questions, chat_sample=chat_sample)
    with explained_errors(), stage_progress() as progress:
        index = NotesIndex.open(settings)
        lm = None
        if not no_model:
            from tutor.models import make_chat_model

            lm = make_chat_model(settings.model)
        try:
            data = EvalRun(index, lm, spec, run_dir, opts).run(progress)
        except ValueError as exc:
            fail(str(exc))
        finally:
            if lm is not None and hasattr(lm, "close"):
                lm.close()
    md, html_path = write_report(run_dir)
    acc = data["accuracy"]
    for key in ("tutor|held_out", "tutor|open", "retrieval-only|held_out", "closed-book|any", "random|any"):
        if key in acc:
            console.print(f"  {key:<26} exact {100 * acc[key]['exact']:5.1f}%   partial {100 * acc[key]['partial']:5.1f}%")
    r = data["retrieval"]
    console.print(f"  retrieval recall@{spec.k if k is None else k}: {100 * r.get(f'recall@{k or spec.k}', 0):.1f}%  "
                  f"MRR {r['mrr']:.3f}   citations: recall {100 * data['citations']['citation_recall']:.1f}% "
                  f"precision {100 * data['citations']['citation_precision']:.1f}%")
    console.print(f"Run: {run_dir}\nReport: {md}\n        {html_path}  ({data['seconds']} s)")
