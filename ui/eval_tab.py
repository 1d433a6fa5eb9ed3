"""The eval tab: the latest eval report (and earlier ones), and a button to run a small eval now."""

from __future__ import annotations

import time

import gradio as gr

from tutor.session import Session
from ui.workspace import Follow, Workspace


def _run_names(session: Session) -> list[str]:
    from evals.run import list_runs

    return [p.name for p in list_runs(session.settings)]


def report_body(session: Session, name: str | None) -> str:
    """A run's report as an HTML fragment, rendered from its run.json (and plots)."""
    from evals.report import html_fragment
    from evals.run import runs_dir

    if not name:
        return ("<p>No eval report yet. Run a small eval below, or the full one from a terminal: "
                "<code>tutor eval</code> (a few minutes on two cores).</p>")
    return f'<div class="eval-report">{html_fragment(runs_dir(session.settings) / name)}</div>'


def build_eval_tab(ws: Workspace) -> Follow:
    """The eval reports of the browser tab's selected collection (each collection keeps its own runs)."""
    runs = _run_names(ws.root)
    with gr.Row():
        pick = gr.Dropdown(runs, value=runs[0] if runs else None, label="Report", scale=3, elem_id="eval-runs")
        size = gr.Slider(4, 41, value=8, step=1, label="Questions in a small run", scale=2)
        run_btn = gr.Button("Run a small eval now", variant="primary", scale=1, elem_id="eval-run-btn")
    status = gr.Markdown()
    report = gr.HTML(report_body(ws.root, runs[0] if runs else None), elem_id="eval-report")

    def run_small(n, request: gr.Request, progress=gr.Progress()):
        from evals.harness import RunOptions
        from evals.run import run_eval, runs_dir

        session = ws.current(request)
        out = runs_dir(session.settings) / f"{time.strftime('%Y%m%d-%H%M%S')}-ui-sample{int(n)}"

        def cb(stage, done, total):
            progress(done / max(total, 1), desc=stage)

        result = run_eval(session, "notes-sample-questions",
                          RunOptions(sample=int(n), seed=int(time.time()) % 1000, chat_sample=2), out, cb)
        msg = f"Done in {result.data['seconds']} s. " + " · ".join(result.summary[:2]) + \
              " (small samples swing a lot; see the intervals in the report)."
        return gr.update(choices=_run_names(session), value=out.name), report_body(session, out.name), msg

    run_btn.click(run_small, [size], [pick, report, status], api_name="run_eval")

    def show(name, request: gr.Request):
        return report_body(ws.current(request), name)

    pick.change(show, [pick], [report], api_name="show_report")

    def follow(request) -> tuple:
        session = ws.current(request)
        names = _run_names(session)
        latest = names[0] if names else None
        return gr.update(choices=names, value=latest), report_body(session, latest), ""

    return Follow(follow, [pick, report, status])
