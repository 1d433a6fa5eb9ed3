"""The eval tab: the latest eval report (and earlier ones), and a button to run a small eval now."""

from __future__ import annotations

import re
import time
from pathlib import Path

import gradio as gr

from ui.services import Services


def runs_dir(services: Services) -> Path:
    return services.settings.data_dir / "evals"


def list_runs(services: Services) -> list[str]:
    root = runs_dir(services)
    if not root.is_dir():
        return []
    runs = [p for p in root.iterdir() if (p / "report.html").is_file()]
    return [p.name for p in sorted(runs, key=lambda p: p.stat().st_mtime, reverse=True)]


def report_body(services: Services, name: str | None) -> str:
    if not name:
        return ("<p>No eval report yet. Run a small eval below, or the full one from a terminal: "
                "<code>tutor eval</code> (about 3–4 minutes with the bundled model).</p>")
    html = (runs_dir(services) / name / "report.html").read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    body = re.search(r"<body>(.*)</body>", html, re.S)
    scoped = (style.group(1) if style else "").replace("body{", ".eval-report{")
    return f'<div class="eval-report"><style>{scoped}</style>{body.group(1) if body else html}</div>'


def build_eval_tab(services: Services) -> None:
    runs = list_runs(services)
    with gr.Row():
        pick = gr.Dropdown(runs, value=runs[0] if runs else None, label="Report", scale=3, elem_id="eval-runs")
        size = gr.Slider(4, 41, value=8, step=1, label="Questions in a small run", scale=2)
        run_btn = gr.Button("Run a small eval now", variant="primary", scale=1, elem_id="eval-run-btn")
    status = gr.Markdown()
    report = gr.HTML(report_body(services, runs[0] if runs else None), elem_id="eval-report")

    def run_small(n, progress=gr.Progress()):
        from evals.harness import EvalRun, RunOptions, load_task
        from evals.report import write_report

        tutor = services.tutor()
        out = runs_dir(services) / f"{time.strftime('%Y%m%d-%H%M%S')}-ui-sample{int(n)}"

        def cb(stage, done, total):
            progress(done / max(total, 1), desc=stage)

        data = EvalRun(tutor.index, tutor.model, load_task(), out,
                       RunOptions(sample=int(n), seed=int(time.time()) % 1000, chat_sample=2)).run(cb)
        write_report(out)
        acc = data["accuracy"].get("tutor|held_out") or data["accuracy"].get("retrieval-only|held_out")
        msg = (f"Done in {data['seconds']} s: held-out exact match {100 * acc['exact']:.0f}% on {acc['n']} questions "
               "(small samples swing a lot; see the intervals in the report).") if acc else "Done."
        names = list_runs(services)
        return gr.update(choices=names, value=out.name), report_body(services, out.name), msg

    run_btn.click(run_small, [size], [pick, report, status], api_name="run_eval")
    pick.change(lambda name: report_body(services, name), [pick], [report], api_name="show_report")
