"""Offline eval harness: declarative, versioned tasks (tasks/*.yaml), metrics with their meaning,
cached model responses, resumable runs, Markdown/HTML reports with plots, run-to-run comparison."""

from evals.harness import EvalRun, EvalTask, RunOptions, load_task

__all__ = ["EvalRun", "EvalTask", "RunOptions", "load_task"]
