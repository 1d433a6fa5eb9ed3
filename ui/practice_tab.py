"""The practice tab: generate, load or sample a set, or start a timed mock exam; answer question by
question; submit to see the score, the per-domain breakdown, every rationale and the cited passages;
export the set; see weak topics."""

from __future__ import annotations

import html
import tempfile
import time
from pathlib import Path

import gradio as gr

from tutor.passages import Passage
from ui.render import escape_md, passage_html
from tutor.session import Session
from ui.workspace import Follow, Workspace

ANY = "Any"
NO_HISTORY = "No answers saved yet for these notes: take a practice set first."
FORMATS = {"Markdown (.md)": ".md", "JSON lines (.jsonl)": ".jsonl", "CSV (.csv)": ".csv", "Anki deck (.apkg)": ".apkg"}


def _progress_adapter(progress: gr.Progress):
    def cb(stage: str, done: int, total: int) -> None:
        progress(done / max(total, 1), desc=stage)
    return cb


def question_markdown(pset, i: int) -> str:
    q = pset.questions[i]
    style = "multi-select" if q.multi else ("scenario" if q.style == "scenario" else None)
    tags = " · ".join(x for x in (q.domain, q.difficulty, style,
                                  "from your notes" if q.origin == "notes" else q.origin, q.note) if x)
    sel = f" **(Select {len(q.answer)})**" if q.multi and "Select" not in q.stem else ""
    return f"**Question {i + 1} of {len(pset.questions)}** · <small>{escape_md(tags)}</small>\n\n{escape_md(q.stem)}{sel}"


def _choices(q) -> list[tuple[str, str]]:
    return [(f"{k}. {v}", k) for k, v in q.options.items()]


def render_question(pset, i: int, answers: dict):
    q = pset.questions[i]
    picked = answers.get(q.id, [])
    single = gr.update(choices=_choices(q), value=(picked[0] if picked else None), visible=not q.multi)
    multi = gr.update(choices=_choices(q), value=picked, visible=q.multi)
    return question_markdown(pset, i), single, multi


def timer_html(deadline: float | None) -> str:
    if not deadline:
        return ""
    left = max(0, int(deadline - time.time()))
    cls = "timer low" if left < 300 else "timer"
    return f'<div class="{cls}" id="exam-timer">⏱ {left // 3600:d}:{left % 3600 // 60:02d}:{left % 60:02d} left</div>'


def review_html(result) -> tuple[str, list[str], dict]:
    """Per-question review; returns HTML, citation labels and label -> passage dict."""
    parts, labels, cites = [], [], {}
    for n, r in enumerate(result.results, 1):
        q = r.question
        mark = "✔" if r.correct else "✘"
        opts = []
        for k, v in q.options.items():
            flags = ("key" if k in q.answer else "") + (" yours" if k in r.selected else "")
            why = q.rationales.get(k, "")
            opts.append(f'<li class="{flags.strip()}"><b>{k}.</b> {html.escape(v)}'
                        f'{"<br><small>" + html.escape(why) + "</small>" if why else ""}</li>')
        src = []
        for j, c in enumerate(q.citations, 1):
            label = f"Q{n} [{j}] {c.location} · {c.heading}"
            labels.append(label)
            cites[label] = Passage("", c.file, c.heading, c.lines[0], c.lines[1], "citation", c.quote or "").to_dict()
            src.append(html.escape(f"[{j}] {c.location}"))
        parts.append(
            f'<div class="review {"ok" if r.correct else "bad"}"><div><b>{mark} Q{n}.</b> {html.escape(q.stem)}</div>'
            f'<ul>{"".join(opts)}</ul><div class="srcs">Sources: {" ".join(src) or "—"}</div></div>'
        )
    return "".join(parts), labels, cites


def domain_plot(result):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = sorted(result.per_domain)
    pct = [100 * result.per_domain[d][0] / result.per_domain[d][1] for d in names]
    fig, ax = plt.subplots(figsize=(6, 0.5 + 0.5 * len(names)))
    ax.barh(names, pct, color=["#16a34a" if p >= 70 else "#f59e0b" if p >= 50 else "#dc2626" for p in pct])
    ax.set_xlim(0, 100)
    ax.set_xlabel("% correct")
    for y, (p, d) in enumerate(zip(pct, names)):
        c, t = result.per_domain[d]
        ax.text(min(p + 1, 88), y, f"{c}/{t}", va="center")
    fig.tight_layout()
    return fig


def exam_domains(session: Session) -> list[str]:
    from ingest.exam import ExamSpecError, load_exam

    try:
        exam = load_exam(session.settings.index.notes_dir)
    except ExamSpecError:
        return []
    return [d.name for d in exam.domains] if exam else []


def build_practice_tab(ws: Workspace, handle: dict | None = None) -> Follow:
    """Practice on the browser tab's selected collection; a switch puts away the set on screen. `handle`, if
    given, receives {"start": start(pset), "outputs": what it updates}: other tabs start a set here."""
    exam = exam_domains(ws.root)
    with gr.Row():
        n = gr.Slider(1, 65, value=10, step=1, label="Questions", scale=2)
        domain = gr.Dropdown([ANY] + exam, value=ANY, label="Domain", scale=2)
        topic = gr.Textbox(label="Topic (optional)", placeholder="e.g. Kinesis, S3 storage classes", scale=3)
        difficulty = gr.Dropdown([ANY, "easy", "medium", "hard"], value=ANY, label="Difficulty", scale=1)
    with gr.Row():
        gen_btn = gr.Button("Generate set", variant="primary", elem_id="gen-btn")
        samples_btn = gr.Button("Notes' sample questions")
        mock_btn = gr.Button("Mock exam (timed)", elem_id="mock-btn")
        upload = gr.File(label="Load a set (.json/.jsonl)", file_types=[".json", ".jsonl"], height=80)
    status = gr.Markdown(elem_id="practice-status")
    timer_box = gr.HTML(elem_id="timer-box")
    ticker = gr.Timer(1.0, active=False)
    with gr.Group(visible=False) as taking:
        qtext = gr.Markdown(elem_id="question")
        single = gr.Radio(choices=[], label="Your answer", elem_id="single-choice")
        multi = gr.CheckboxGroup(choices=[], label="Your answers", visible=False, elem_id="multi-choice")
        with gr.Row():
            prev_btn = gr.Button("◀ Previous", elem_id="prev-btn")
            next_btn = gr.Button("Next ▶", elem_id="next-btn")
            submit_btn = gr.Button("Submit set", variant="stop", elem_id="submit-btn")
    with gr.Group(visible=False) as results_box:
        score = gr.Markdown(elem_id="score")
        plot = gr.Plot(label="By domain")
        review = gr.HTML(elem_id="review")
        with gr.Row():
            with gr.Column(scale=1):
                cite_list = gr.Radio(choices=[], label="Open a cited passage", elem_id="practice-sources")
            with gr.Column(scale=1):
                cite_view = gr.HTML(passage_html(None))
        with gr.Row():
            fmt = gr.Dropdown(list(FORMATS), value="Markdown (.md)", label="Export format")
            export_btn = gr.Button("Export set")
            retry_save = gr.Button("Save attempt again", visible=False)
            download = gr.File(label="Download", interactive=False)
    with gr.Accordion("Weak topics — where to study", open=False):
        weak_btn = gr.Button("Refresh")
        weak_table = gr.Dataframe(headers=["Topic", "Domain", "Correct", "Answered", "Accuracy %", "Due"],
                                  interactive=False, elem_id="weak-table")

    pset_s, i_s, ans_s, started_s, deadline_s = gr.State(None), gr.State(0), gr.State({}), gr.State(0.0), gr.State(None)
    result_s, cites_s = gr.State(None), gr.State({})

    def start(pset, deadline=None):
        if not pset.questions:
            return (escape_md(pset.report.message()) if pset.report else "No questions.", None, 0, {}, 0.0, None,
                    gr.update(visible=False), gr.update(visible=False), "", gr.update(), gr.update(),
                    gr.update(active=False), "")
        md, s, m = render_question(pset, 0, {})
        msg = f"**{escape_md(pset.title)}** — {escape_md(pset.report.message() if pset.report else '')}"
        return (msg, pset, 0, {}, time.time(), deadline, gr.update(visible=True), gr.update(visible=False),
                md, s, m, gr.update(active=deadline is not None), timer_html(deadline))

    start_outs = [status, pset_s, i_s, ans_s, started_s, deadline_s, taking, results_box, qtext, single, multi,
                  ticker, timer_box]

    def on_generate(n_, dom, top, diff, request: gr.Request, progress=gr.Progress()):
        svc = ws.current(request).practice
        pset = svc.practice(int(n_), topic=top or None, domain=None if dom == ANY else dom,
                            difficulty=None if diff == ANY else diff, seed=int(time.time()),
                            progress=_progress_adapter(progress))
        return start(pset)

    def on_samples(dom, request: gr.Request):
        return start(ws.current(request).practice.samples(None if dom == ANY else dom))

    def on_mock(request: gr.Request, progress=gr.Progress()):
        pset = ws.current(request).practice.mock(seed=int(time.time()), progress=_progress_adapter(progress))
        return start(pset, time.time() + (pset.time_limit_min or 60) * 60)

    def on_upload(file, request: gr.Request):
        from tutor.practice.service import SetLoadError

        if file is None:
            return start_noop()
        try:
            return start(ws.current(request).practice.load(Path(file if isinstance(file, str) else file.name)))
        except (SetLoadError, OSError) as exc:
            return (f"**Could not load that file:** {escape_md(str(exc))}",) + start_noop()[1:]

    def start_noop():
        return tuple(gr.update() for _ in start_outs)

    gen_btn.click(on_generate, [n, domain, topic, difficulty], start_outs, api_name="generate")
    samples_btn.click(on_samples, [domain], start_outs, api_name="samples")
    mock_btn.click(on_mock, None, start_outs, api_name="mock")
    upload.upload(on_upload, [upload], start_outs, api_name=False)

    def remember(pset, i, answers, s, m):
        if pset is None:
            return answers
        q = pset.questions[i]
        picked = (m or []) if q.multi else ([s] if s else [])
        return {**answers, q.id: sorted(picked)}

    def move(pset, i, answers, s, m, step):
        answers = remember(pset, i, answers, s, m)
        if pset is None:
            return i, answers, gr.update(), gr.update(), gr.update()
        i = max(0, min(len(pset.questions) - 1, i + step))
        return (i, answers, *render_question(pset, i, answers))

    # a click on Next or Previous while the last move is still finishing is made after it ("always_last"), not
    # dropped (Gradio's default, "once")
    prev_btn.click(lambda p, i, a, s, m: move(p, i, a, s, m, -1), [pset_s, i_s, ans_s, single, multi],
                   [i_s, ans_s, qtext, single, multi], api_name=False, trigger_mode="always_last")
    next_btn.click(lambda p, i, a, s, m: move(p, i, a, s, m, 1), [pset_s, i_s, ans_s, single, multi],
                   [i_s, ans_s, qtext, single, multi], api_name="next", trigger_mode="always_last")
    single.input(remember, [pset_s, i_s, ans_s, single, multi], ans_s, api_name="pick")
    multi.input(remember, [pset_s, i_s, ans_s, single, multi], ans_s, api_name=False)

    def submit(pset, i, answers, s, m, started, request: gr.Request):
        if pset is None:
            return (gr.update(),) * 12
        answers = remember(pset, i, answers, s, m)
        svc = ws.current(request).practice
        result = svc.grade(pset, answers)
        saved, retry = _save(svc, pset, result, started)
        body, labels, cites = review_html(result)
        plot_value = domain_plot(result) if result.per_domain else None
        md = (f"### Score: {result.correct}/{result.total} ({result.percent}%)\n\n"
              + "\n".join(f"- **{escape_md(d)}**: {c}/{t}" for d, (c, t) in sorted(result.per_domain.items()))
              + f"\n\n{saved}")
        return (gr.update(visible=False), gr.update(visible=True), md, plot_value, body,
                gr.update(choices=labels, value=None), cites, answers, gr.update(active=False), "",
                gr.update(visible=retry), result)

    submit_outs = [taking, results_box, score, plot, review, cite_list, cites_s, ans_s, ticker, timer_box,
                   retry_save, result_s]
    submit_btn.click(submit, [pset_s, i_s, ans_s, single, multi, started_s], submit_outs, api_name="submit")

    def tick(deadline, pset, i, answers, s, m, started, request: gr.Request):
        if deadline is None:
            return (gr.update(),) * len(submit_outs)
        if time.time() >= deadline:  # time is up: submit what is answered
            return submit(pset, i, answers, s, m, started, request)
        return tuple([gr.update()] * 9 + [timer_html(deadline)] + [gr.update()] * 2)

    ticker.tick(tick, [deadline_s, pset_s, i_s, ans_s, single, multi, started_s], submit_outs, api_name=False)

    def open_cite(label, cites, request: gr.Request):
        if not label or label not in cites:
            return passage_html(None)
        p = Passage.from_dict(cites[label])
        from ui.chat_tab import context_lines

        return passage_html(p, None, context_lines(ws.current(request), p))

    cite_list.change(open_cite, [cite_list, cites_s], cite_view, api_name="open_practice_citation")

    def retry(pset, result, started, request: gr.Request):
        svc = ws.current(request).practice
        saved, again = _save(svc, pset, result, started)
        return gr.update(visible=again), saved

    retry_save.click(retry, [pset_s, result_s, started_s], [retry_save, status], api_name=False)

    def do_export(pset, fmt_label, request: gr.Request):
        from tutor.practice.export import ExportError

        if pset is None:
            return None, "Nothing to export yet."
        out = Path(tempfile.mkdtemp(prefix="tutor-export-")) / f"practice-set{FORMATS[fmt_label]}"
        try:
            return str(ws.current(request).practice.export(pset, out)), f"Exported {len(pset.questions)} questions."
        except ExportError as exc:
            return None, f"**Export failed:** {escape_md(str(exc))}"

    export_btn.click(do_export, [pset_s, fmt], [download, status], api_name="export")

    def weak(request: gr.Request):
        from tutor.practice.store import AttemptStoreError

        rows = []
        try:
            stats = ws.current(request).practice.weak_topics()[:30]
        except AttemptStoreError as exc:
            return [[str(exc), "", "", "", "", ""]]
        for s in stats:
            rows.append([s.topic, s.domain or "", s.correct, s.answered, round(100 * s.accuracy), _when(s)])
        return rows or [[NO_HISTORY, "", "", "", "", ""]]

    weak_btn.click(weak, None, weak_table, api_name="weak_topics")
    if handle is not None:
        handle.update(start=start, outputs=start_outs)

    def follow(request) -> tuple:
        domains = [ANY] + exam_domains(ws.current(request))
        return (gr.update(choices=domains, value=ANY), "", None, 0, {}, None, gr.update(visible=False),
                gr.update(visible=False), gr.update(active=False), "", [])

    return Follow(follow, [domain, status, pset_s, i_s, ans_s, deadline_s, taking, results_box, ticker, timer_box,
                           weak_table])


def _when(stat) -> str:
    """When spaced repetition brings a topic back: "now", "in 10 min", "in 3 days"."""
    import time

    if stat.due_at is None:
        return ""
    if stat.due:
        return "now"
    left = stat.due_at - time.time()
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "min")):
        if left >= size:
            n = round(left / size)
            return f"in {n} {unit}{'s' if n > 1 and unit != 'min' else ''}"
    return "in under a minute"


def _save(svc, pset, result, started) -> tuple[str, bool]:
    from tutor.practice.store import AttemptStoreError

    try:
        svc.save(pset, result, started or time.time(), time.time())
        return "Saved to your history; questions you missed will come back in later sets.", False
    except AttemptStoreError as exc:
        return f"**Not saved:** {escape_md(str(exc))}", True
