"""The Readiness tab: am I ready? Per exam domain the expected score now with its 80% interval and the answers it
rests on (or "not enough evidence yet" and what to do), the overall score and P(pass) with the pass mark's
assumption, what costs the most, a plot, and a study plan whose passages open beside it and whose topics start a
short practice set in the Practice tab. Refreshed whenever the tab is opened."""

from __future__ import annotations

import time

import gradio as gr

from tutor.passages import Passage
from ui.render import escape_md, passage_html
from ui.workspace import Follow, Workspace

HEADERS = ["Domain", "Weight", "Expected now", "80% interval", "Answers", "Remembered today", "Note"]


def table_rows(report) -> list[list]:
    rows = []
    for g in report.readiness.groups:
        e = g.estimate
        rows.append([g.name, f"{g.weight:.0%}", f"{e.mean:.0%}" if e else "—",
                     f"{e.low:.0%}–{e.high:.0%}" if e else "—", g.answers,
                     f"{g.recall:.0%}" if g.answers else "—", g.advice])
    return rows


def summary_markdown(report) -> str:
    parts = [f"**{escape_md(report.title())}**", escape_md(report.overall_sentence())]
    if report.pass_sentence():
        parts.append(f"<small>{escape_md(report.pass_sentence())}</small>")
    if report.costliest_sentence():
        parts.append(f"**{escape_md(report.costliest_sentence())}**")
    return "\n\n".join(parts)


def plan_markdown(report) -> str:
    from tutor.readiness_report import practice_command

    if not report.plan:
        return "No study plan yet: take a practice set first."
    out = []
    for i, item in enumerate(report.plan, 1):
        reads = "; ".join(f"`{escape_md(p.location)}` {escape_md(p.heading)}" for p in item.passages) or \
            "no passages known yet — take a set on it"
        gain = f"expected gain {item.gain:.1%} of {report.scope}"
        out.append(f"{i}. **{escape_md(item.topic)}** · {escape_md(item.group)} — {escape_md(item.why)}; {gain}  \n"
                   f"   read: {reads}  \n   practice: `{escape_md(practice_command(item.practice))}`")
    return "\n".join(out)


def passage_choices(report) -> tuple[list[str], dict]:
    labels, found = [], {}
    for i, item in enumerate(report.plan, 1):
        for p in item.passages:
            label = f"{i}. {p.location} · {p.heading}"
            labels.append(label)
            found[label] = {"file": p.file, "heading": p.heading, "start": p.start, "end": p.end}
    return labels, found


def build_readiness_tab(ws: Workspace, tab=None, practice: dict | None = None, tabs=None) -> Follow:
    """Readiness of the browser tab's selected collection. `tab`: this tab (refreshes when selected); `practice`:
    the Practice tab's `start`/`outputs` (a plan topic starts a set there); `tabs`: the Tabs, to switch to it."""
    refresh = gr.Button("Refresh", elem_id="ready-refresh")
    summary = gr.Markdown("Open this tab after a practice set to see how ready you are.", elem_id="ready-summary")
    table = gr.Dataframe(headers=HEADERS, interactive=False, wrap=True, elem_id="ready-table")
    plot = gr.Plot(label="Expected score now (80% interval) and how it moved", elem_id="ready-plot")
    gr.Markdown("### Study plan — what to read next, most expected points first")
    plan = gr.Markdown(elem_id="ready-plan")
    with gr.Row():
        with gr.Column(scale=1):
            passages = gr.Radio(choices=[], label="Open a passage of the plan", elem_id="ready-passages")
            topic_pick = gr.Dropdown(choices=[], label="Practise a plan topic (5 questions)", elem_id="ready-topic")
            go = gr.Button("Start this set in Practice", elem_id="ready-practice")
        with gr.Column(scale=1):
            view = gr.HTML(passage_html(None), elem_id="ready-passage")
    found_s, plan_s = gr.State({}), gr.State([])

    def on_refresh(request: gr.Request):
        from ingest.exam import ExamSpecError
        from tutor.practice.store import AttemptStoreError
        from tutor.readiness_plot import figure
        from tutor.readiness_report import build_for

        try:
            report = build_for(ws.current(request), with_trend=True)
        except (AttemptStoreError, ExamSpecError) as exc:
            return (f"**Readiness cannot be computed:** {escape_md(str(exc))}", [], None, "", gr.update(choices=[]),
                    {}, gr.update(choices=[]), [])
        labels, found = passage_choices(report)
        topics = [(f"{i}. {item.topic}", i - 1) for i, item in enumerate(report.plan, 1)]
        fig = figure(report.readiness, report.trend) if report.readiness.answers else None
        return (summary_markdown(report), table_rows(report), fig, plan_markdown(report),
                gr.update(choices=labels, value=None), found,
                gr.update(choices=topics, value=topics[0][1] if topics else None), [i.practice for i in report.plan])

    outs = [summary, table, plot, plan, passages, found_s, topic_pick, plan_s]
    refresh.click(on_refresh, None, outs, api_name="readiness")
    if tab is not None:
        tab.select(on_refresh, None, outs, api_name=False)

    def open_passage(label, found, request: gr.Request):
        if not label or label not in found:
            return passage_html(None)
        from ui.chat_tab import context_lines

        f = found[label]
        p = Passage("", f["file"], f["heading"], f["start"], f["end"], "plan", "")
        return passage_html(p, None, context_lines(ws.current(request), p))

    passages.change(open_passage, [passages, found_s], view, api_name="open_plan_passage")

    follow = Follow(on_refresh, outs)
    if not practice:
        return follow

    def start_set(i, plans, request: gr.Request):
        if i is None or not plans or int(i) >= len(plans):
            return (gr.update(),) * (len(practice["outputs"]) + 1)
        pset = ws.current(request).practice.practice(**plans[int(i)], seed=int(time.time()))
        return (*practice["start"](pset), gr.Tabs(selected="practice-tab") if tabs is not None else gr.update())

    go.click(start_set, [topic_pick, plan_s], [*practice["outputs"], tabs if tabs is not None else summary],
             api_name="practice_plan_topic")
    return follow
