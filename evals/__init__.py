"""Offline eval harness: declarative, versioned tasks (tasks/*.yaml), metrics with their meaning,
cached model responses, resumable runs, Markdown/HTML reports with plots, run-to-run comparison.

Imports `tutor` and `ingest`, never `ui` or `cli`. Entry point: `evals.run.run_eval`.
"""
