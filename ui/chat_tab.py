"""The chat tab: ask, watch the answer stream in, click a citation to read the passage."""

from __future__ import annotations

import re
from dataclasses import asdict

import gradio as gr

from tutor.passages import Passage
from tutor.rewrite import Turn
from ui.render import answer_markdown, citation_label, escape_md, passage_html
from tutor.session import Session
from ui.workspace import Follow, Workspace

EXAMPLES = [
    "What does Pipe mode do and when should I use it?",
    "What is the difference between L1 and L2 regularization?",
    "Which algorithm should I use for time series forecasting?",
]


def context_lines(session: Session, p: Passage, pad: int = 3) -> list[tuple[int, str]] | None:
    """The cited lines and `pad` lines around them, numbered as in the note (None if unreadable)."""
    from ingest.sources import NoteUnreadable, note_lines

    try:
        lines = note_lines(session.settings.index.notes_dir, p.source)
    except NoteUnreadable:
        return None
    lo, hi = max(1, p.start_line - pad), min(len(lines), p.end_line + pad)
    return [(n, lines[n - 1]) for n in range(lo, hi + 1)]


def respond(session: Session, message: str, chat: list, turns: list):
    """Generator for one question: yields (chat, box, sources, passage, turns, cites, notice).

    Only the first yield empties the box: what the student types while the answer is coming stays there."""
    chat = list(chat or [])
    turns = list(turns or [])
    chat.append({"role": "user", "content": escape_md(message)})
    chat.append({"role": "assistant", "content": "*Searching your notes…*"})
    yield chat, "", gr.update(), gr.update(), turns, gr.update(), ""
    rebuilt = None
    try:
        if session.index_missing():
            chat[-1]["content"] = "*Your index folder is missing — rebuilding it from your notes…*"
            yield chat, gr.update(), gr.update(), gr.update(), turns, gr.update(), ""
            rebuilt = session.rebuild_index()
        tutor = session.tutor
    except Exception as exc:  # index missing, store unreachable: say so in the page
        chat[-1]["content"] = f"**I can't reach your notes index.** {escape_md(str(exc))}"
        yield chat, gr.update(), gr.update(choices=[], value=None), passage_html(None), turns, {}, ""
        return
    history = [Turn(**t) for t in turns]
    checked: list[str] = []  # sentences of a model's draft, each shown once the notes support it
    for ev in tutor.stream(message, history):
        if ev["type"] == "status":
            chat[-1]["content"] = f"*{escape_md(ev['text'])}*"
            yield chat, gr.update(), gr.update(), gr.update(), turns, gr.update(), ""
        elif ev["type"] == "sentence":
            checked.append(ev["text"])
            chat[-1]["content"] = ("*Drafting; each sentence is shown once your notes support it:*\n\n"
                                   + answer_markdown(" ".join(checked), len(checked)))
            yield chat, gr.update(), gr.update(), gr.update(), turns, gr.update(), ""
        elif ev["type"] == "final":
            ans = ev["answer"]
            chat[-1]["content"] = answer_markdown(ans.text, len(ans.citations))
            cites = {str(c.n): c.passage.to_dict() for c in ans.citations}
            labels = [citation_label(c.n, c.passage) for c in ans.citations]
            if ans.kind == "not_covered":
                for i, p in enumerate(ans.nearest, 1):
                    key = f"n{i}"
                    cites[key] = p.to_dict()
                    labels.append(f"(nearest {i}) {p.location} · {p.heading}")
            first = labels[0] if labels else None
            shown = passage_html(Passage.from_dict(next(iter(cites.values()))), 1) if cites else passage_html(None)
            turns.append(asdict(ans.turn()))  # the same memory as `tutor chat`: subject, sides, a running quiz
            read_as = (f"Read as: “{ans.query}”." if ans.query and ans.query.strip() != message.strip()
                       and ans.kind in ("answer", "not_covered") else None)
            notes = " ".join(x for x in (rebuilt, read_as, ans.notice) if x)
            notice = f'<div class="notice">{escape_md(notes)}</div>' if notes else ""
            yield chat, gr.update(), gr.update(choices=labels, value=first), shown, turns, cites, notice


def show_citation(session: Session, label: str | None, cites: dict) -> str:
    if not label or not cites:
        return passage_html(None)
    m = re.match(r"\[(\d+)\]|\(nearest (\d+)\)", label)  # "[2] file:lines ..." or "(nearest 1) ..."
    key = (m.group(1) or f"n{m.group(2)}") if m else None
    if key not in cites:
        return passage_html(None)
    p = Passage.from_dict(cites[key])
    return passage_html(p, int(key) if key.isdigit() else None, context_lines(session, p))


def build_chat_tab(ws: Workspace) -> Follow:
    """The chat over the browser tab's selected collection; a switch starts a new conversation."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chat = gr.Chatbot(label="Tutor", height=520, elem_id="chat", sanitize_html=True,
                              render_markdown=True)
            with gr.Row():
                box = gr.Textbox(placeholder="Ask about your notes, or paste a multiple-choice question…",
                                 show_label=False, lines=2, max_lines=12, scale=5, elem_id="ask-box")
                send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-btn")
            with gr.Row():
                new = gr.Button("New conversation", size="sm")
                gr.Examples(EXAMPLES, inputs=box, label="Try")
            notice = gr.HTML(elem_id="notice")
        with gr.Column(scale=2):
            sources = gr.Radio(choices=[], label="Sources", elem_id="sources", interactive=True)
            passage = gr.HTML(passage_html(None), elem_id="passage")
    turns = gr.State([])
    cites = gr.State({})

    def run(message, chat_value, turns_value, request: gr.Request):
        if not (message or "").strip():
            yield chat_value, "", gr.update(), gr.update(), turns_value, gr.update(), \
                '<div class="notice">Type a question first.</div>'
            return
        yield from respond(ws.current(request), message, chat_value, turns_value)

    def open_citation(label, c, request: gr.Request):
        return show_citation(ws.current(request), label, c)

    outs = [chat, box, sources, passage, turns, cites, notice]
    # One event for Enter and the button. A question asked while an answer is still finishing waits its turn
    # ("always_last"); Gradio's default ("once") dropped that click without a word.
    gr.on([send.click, box.submit], run, [box, chat, turns], outs, api_name="ask", concurrency_limit=8,
          trigger_mode="always_last")
    sources.change(open_citation, [sources, cites], passage, api_name="open_citation")
    new.click(_cleared, None, outs, api_name=False)
    return Follow(lambda request: _cleared(), outs)


def _cleared() -> tuple:
    return [], "", gr.update(choices=[], value=None), passage_html(None), [], {}, ""
