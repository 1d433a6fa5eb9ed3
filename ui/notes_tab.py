"""The collection switcher and the Notes tab: which notes the tutor is using, what became of each file,
adding notes (upload files or a zip of a folder, or point at a folder on this machine), removing an
uploaded file, and indexing with progress while chat keeps answering from what is already indexed."""

from __future__ import annotations

import time
from pathlib import Path

import gradio as gr

from ingest.errors import TutorError
from tutor.collections import Collection, CollectionError
from tutor.notes_status import FileStatus, overview
from tutor.session import Session
from tutor.uploads import Saved, remove_upload, save_uploads
from ui.render import escape_md
from ui.workspace import Follow, Workspace

TITLE = "notes-tutor"
HEADERS = ["File", "Status", "Passages", "Sample questions", "Last indexed", "What to do"]


def header_md(col: Collection) -> str:
    return f"## {TITLE} · notes: `{col.notes_dir}`"


def choices(ws: Workspace) -> list[tuple[str, str]]:
    try:
        cols = ws.collections.list()
    except CollectionError as exc:  # a damaged collections.json must not stop the tutor over its own notes
        gr.Warning(str(exc))
        cols = [ws.collections.default]
    return [(c.label, c.name) for c in cols]


def build_switcher(ws: Workspace):
    """The header and the collection dropdown above the tabs; returns both for `wire_switcher`."""
    with gr.Row(equal_height=True):
        header = gr.Markdown(header_md(ws.collections.default), elem_id="header")
        pick = gr.Dropdown(choices(ws), value=ws.collections.default.name, label="Notes collection",
                           elem_id="collection-pick", scale=0, min_width=320, interactive=True,
                           allow_custom_value=True)  # a collection made in another tab since this page loaded
    return pick, header


def wire_switcher(ws: Workspace, app, pick, header, follows: list[Follow]) -> None:
    """Choosing a collection switches this browser tab, and every tab's `Follow` shows it at once."""
    outputs = [header] + [o for f in follows for o in f.outputs]

    def switch(name, request: gr.Request):
        try:
            ws.select(request, name)
        except CollectionError as exc:
            gr.Warning(str(exc))
        values: list = [header_md(ws.collection(request))]
        for f in follows:
            values.extend(f.fn(request))
        return tuple(values)

    pick.change(switch, [pick], outputs, api_name="switch_collection")
    app.load(lambda: gr.update(choices=choices(ws)), None, pick, api_name=False)  # collections made elsewhere

    def forget(request: gr.Request) -> None:
        ws.forget(request)

    app.unload(forget)


def status_rows(rows: list[FileStatus]) -> list[list]:
    out = []
    for r in rows:
        state = r.state if r.state == "indexed" else f"{r.state}: {r.reason}"
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.indexed_at)) if r.indexed_at else ""
        out.append([r.file, state, r.passages, r.questions, when, r.fix])
    return out


def summary_md(col: Collection, rows: list[FileStatus]) -> str:
    where = ("uploaded through this page and kept under TUTOR_HOME" if col.uploaded
             else "read in place; the tutor never writes into this folder")
    indexed = [r for r in rows if r.state == "indexed"]
    skipped = [r for r in rows if r.state == "skipped"]
    waiting = [r for r in rows if r.state in ("waiting", "gone")]
    parts = [f"{len(indexed)} file(s) indexed", f"{sum(r.passages for r in rows)} passages",
             f"{sum(r.questions for r in rows)} sample questions"]
    if skipped:
        parts.append(f"**{len(skipped)} skipped** (see *What to do*)")
    if waiting:
        parts.append(f"{len(waiting)} changed since the last indexing: press *Index now*")
    return f"**{escape_md(col.name)}** — `{col.notes_dir}` ({where})\n\n" + " · ".join(parts)


def files_view(ws: Workspace, col: Collection) -> tuple:
    """(summary, table rows, the removable files) of one collection."""
    rows = overview(ws.collections.settings_for(col).index)
    removable = [r.file for r in rows if r.state != "gone"] if col.uploaded else []
    return summary_md(col, rows), status_rows(rows), gr.update(choices=removable, value=None,
                                                                interactive=col.uploaded)


def saved_md(saved: Saved) -> str:
    lines = []
    for label, names in (("Added", saved.added), ("Replaced", saved.replaced), ("Already there, unchanged",
                                                                                 saved.unchanged)):
        if names:
            lines.append(f"**{label}:** " + ", ".join(f"`{escape_md(n)}`" for n in names))
    lines += [f"**Refused** `{escape_md(r.name)}`: {escape_md(r.reason)}." for r in saved.refused]
    return "\n\n".join(lines) or "No files were given."


def index_now(session: Session, progress) -> str:
    """Index the collection, returning a sentence on what happened (never raising on a known problem)."""
    def cb(stage: str, done: int, total: int) -> None:
        progress(done / max(total, 1), desc=stage)

    try:
        report = session.ingest(cb)
    except TutorError as exc:
        return f"**Not indexed:** {escape_md(str(exc))}"
    skipped = f", {len(report.problems)} skipped (see the table)" if report.problems else ""
    return (f"**Indexed** in {report.seconds:.0f} s: {len(report.added)} added, {len(report.updated)} updated, "
            f"{len(report.removed)} removed{skipped}; {report.chunks_total} passages in all.")


def build_notes_tab(ws: Workspace, pick) -> Follow:
    """The Notes tab (`pick`: the switcher, set to a collection made here)."""
    shared = ws.root.settings.ui.auth is not None
    default = ws.collections.default  # a page opens on it: the values below are computed at each page load
    summary = gr.Markdown(lambda: files_view(ws, default)[0], elem_id="notes-summary")
    table = gr.Dataframe(lambda: files_view(ws, default)[1], headers=HEADERS, interactive=False, wrap=True,
                         elem_id="notes-files")
    status = gr.Markdown(elem_id="notes-status")
    with gr.Row():
        with gr.Column(scale=3):
            upload = gr.File(label="Add notes: Markdown or text files (.md, .markdown, .txt), or a .zip of a folder",
                             file_count="multiple", type="filepath", elem_id="notes-upload", height=110)
            replace = gr.Checkbox(False, label="Replace files with the same name")
        with gr.Column(scale=2):
            index_btn = gr.Button("Index now", variant="primary", elem_id="notes-index-btn")
            with gr.Row():
                to_remove = gr.Dropdown([], label="Uploaded file", scale=3, elem_id="notes-remove-pick",
                                        interactive=default.uploaded)
                remove_btn = gr.Button("Remove", scale=1, elem_id="notes-remove-btn")
    with gr.Accordion("New collection", open=False):
        gr.Markdown("A collection is one set of notes with its own index, practice history and evals (say, one "
                    "per exam). Leave the folder empty to upload its notes here"
                    + (", the only way on a shared server." if shared else
                       ", or give a folder on this machine to read it in place."))
        with gr.Row():
            new_name = gr.Textbox(label="Name", placeholder="e.g. Biology final", elem_id="new-collection-name")
            folder = gr.Textbox(label="Folder on this machine (optional)", visible=not shared,
                                placeholder="/home/me/notes/biology", elem_id="new-collection-folder")
            create_btn = gr.Button("Create and switch to it", elem_id="new-collection-btn")

    view = [summary, table, to_remove]

    def on_upload(files, replace_same, request: gr.Request, progress=gr.Progress()):
        col, session = ws.collection(request), ws.current(request)
        if not files:
            return ("No files were given.", None, *files_view(ws, col))
        if not col.uploaded:
            msg = (f"**Nothing added:** *{escape_md(col.name)}* reads the folder `{col.notes_dir}` in place, and the "
                   "tutor never writes into your folders. Create a new collection (below) for uploaded notes, or "
                   "copy the files into that folder and press *Index now*.")
            return (msg, None, *files_view(ws, col))
        given = [(Path(f).name, Path(f)) for f in files]
        saved = save_uploads(given, col.notes_dir, session.settings.index.max_file_mb, replace=bool(replace_same))
        for _, temp in given:  # Gradio's copies: a refused 200 MB file must not stay in the temp folder
            temp.unlink(missing_ok=True)
        msg = saved_md(saved)
        if saved.changed or any(r.state == "waiting" for r in overview(session.settings.index)):
            msg += "\n\n" + index_now(session, progress)
        return (msg, None, *files_view(ws, col))

    def on_index(request: gr.Request, progress=gr.Progress()):
        col = ws.collection(request)
        return (index_now(ws.current(request), progress), *files_view(ws, col))

    def on_remove(rel, request: gr.Request, progress=gr.Progress()):
        col = ws.collection(request)
        if not rel:
            return ("Pick an uploaded file to remove.", *files_view(ws, col))
        if not col.uploaded:
            return ("The tutor never deletes files from your own folders.", *files_view(ws, col))
        try:
            remove_upload(col.notes_dir, rel)
        except OSError as exc:
            return (f"**Not removed:** {escape_md(str(exc))}", *files_view(ws, col))
        return (f"Removed `{escape_md(rel)}`. " + index_now(ws.current(request), progress), *files_view(ws, col))

    def on_create(name, where, request: gr.Request):
        if shared and (where or "").strip():
            return gr.update(), "On a shared server notes are uploaded, not read from the server's folders."
        try:
            col = ws.collections.create(name, Path(where.strip()) if (where or "").strip() else None)
        except CollectionError as exc:
            return gr.update(), f"**Not created:** {escape_md(str(exc))}"
        ws.select(request, col.name)
        hint = "Add its notes above." if col.uploaded else "Indexing its folder…"
        return gr.update(choices=choices(ws), value=col.name), f"Created *{escape_md(col.name)}*. {hint}"

    def index_if_folder(request: gr.Request, progress=gr.Progress()):
        col = ws.collection(request)
        if col.uploaded or any(r.state == "indexed" for r in overview(ws.current(request).settings.index)):
            return (gr.update(), *files_view(ws, col))
        return on_index(request, progress)

    upload.upload(on_upload, [upload, replace], [status, upload, *view], api_name=False)
    index_btn.click(on_index, None, [status, *view], api_name="index_notes")
    remove_btn.click(on_remove, [to_remove], [status, *view], api_name="remove_note")
    create_btn.click(on_create, [new_name, folder], [pick, status], api_name="create_collection").then(
        index_if_folder, None, [status, *view], api_name=False)
    return Follow(lambda request: files_view(ws, ws.collection(request)), view)
