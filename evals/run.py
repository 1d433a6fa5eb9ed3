"""Run an eval task and write its report: the one entry point the command line and the web UI share.

    result = run_eval(session, "notes-sample-questions", RunOptions(sample=8), progress=cb)
    result.data      # what run.json holds
    result.summary   # the headline lines both shells print
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from evals.harness import EvalTask, RunOptions, load_task

__all__ = ["EvalResult", "RunOptions", "run_eval", "runs_dir", "list_runs", "load_run"]


@dataclass
class EvalResult:
    run_dir: Path
    data: dict
    report_md: Path
    report_html: Path

    @property
    def summary(self) -> list[str]:
        from evals.report import summary_lines

        return summary_lines(self.data)


def runs_dir(settings) -> Path:
    return settings.data_dir / "evals"


def run_eval(session, task: str | EvalTask = "notes-sample-questions", options: RunOptions | None = None,
             run_dir: Path | None = None, progress=None, use_model: bool = True) -> EvalResult:
    """Run `task` with the session's index (and model, unless `use_model` is False) into `run_dir`
    (default: a new folder under TUTOR_HOME/evals; an existing folder of the same configuration is
    resumed), then write report.md and report.html."""
    from evals.report import write_report
    from evals.runners import runner_for

    spec = load_task(task) if isinstance(task, str) else task
    options = options or RunOptions()
    run_dir = Path(run_dir) if run_dir else runs_dir(session.settings) / f"{time.strftime('%Y%m%d-%H%M%S')}-{spec.name}"
    model = session.model if use_model else None
    data = runner_for(spec)(session, model, spec, run_dir, options).run(progress)
    md, html_path = write_report(run_dir)
    return EvalResult(run_dir, data, md, html_path)


def list_runs(settings) -> list[Path]:
    """Finished runs (with a report), newest first."""
    root = runs_dir(settings)
    if not root.is_dir():
        return []
    runs = [p for p in root.iterdir() if (p / "run.json").is_file() and (p / "report.md").is_file()]
    return sorted(runs, key=lambda p: (p / "run.json").stat().st_mtime, reverse=True)


def load_run(run_dir: Path) -> dict:
    import json

    return json.loads((Path(run_dir) / "run.json").read_text())
