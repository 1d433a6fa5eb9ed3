"""Export a practice set as Markdown, JSONL, CSV or an Anki deck (.apkg).

Why: a student wants to take a set away from the tutor - print it, study it in Anki, open it in
a spreadsheet or load it back later. Each format keeps the answer key, the per-option rationales
and the citations into the notes, so an exported question can still be checked against its passage.

Two rules hold for every format:
- text from questions and notes is untrusted: it is HTML-escaped before it goes into Anki cards,
  and `<tag`-like text is backslash-escaped in Markdown so a viewer shows it instead of running it;
- writing is atomic: the file is written to a temporary file in the same folder, flushed, fsynced
  and then moved over the target, so a full disk or a crash never leaves a half-written export or
  destroys an existing one. Failures become `ExportError` with a plain message saying what to do.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import html
import io
import itertools
import os
import re
import sqlite3
import stat
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import genanki

from ingest.records import LETTERS, QuestionRecord, Source
from ingest.text import HTML_TAG_RE
from tutor.practice.model import PracticeSet

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".json": "jsonl", ".jsonl": "jsonl",
            ".csv": "csv", ".apkg": "apkg"}
COUNT_WORDS = {2: "TWO", 3: "THREE", 4: "FOUR", 5: "FIVE", 6: "SIX"}
ORIGIN_LABELS = {"notes": "from your notes", "generated": "generated", "external": "imported"}
CSV_FIELDS = ["id", "origin", "domain", "difficulty", "topic", "multi", "stem",
              *[f"option_{x}" for x in LETTERS], "answer", "explanation", "rationales", "citations"]
ANKI_MODEL_NAME = "Study tutor multiple choice (v1)"


class ExportError(Exception):
    """An export could not be written; the message says why and what to do."""


# -- shared helpers ---------------------------------------------------------------------------------
def _select_label(q: QuestionRecord) -> str:
    if not q.multi:
        return ""
    n = q.select or len(q.answer)
    return f"(Select {COUNT_WORDS.get(n, str(n))})"


def _citations(q: QuestionRecord) -> list[Source]:
    """The passages that prove the key: the citations, or for a question from the notes its source."""
    return list(q.citations) or ([q.source] if q.source else [])


def _cite_label(s: Source) -> str:
    return f"{s.location} · {s.heading}" if s.heading else s.location


def _file_uri(notes_dir: Path, s: Source) -> str:
    """The note file at the cited lines: `file:///…/notes.md#L962-L968` (the fragment GitHub, GitLab and
    VS Code's Markdown preview open at the line; other viewers open the file)."""
    a, b = s.lines
    return (Path(notes_dir) / s.file).resolve().as_uri() + (f"#L{a}" if a == b else f"#L{a}-L{b}")


def plain_quote(text: str) -> str:
    """A cited passage as text: the notes' own HTML (lists in table cells, <br>, <sup>) becomes plain
    text, line by line, so no export shows raw or escaped markup."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"</li>\s*<li[^>]*>", "; ", line, flags=re.I)
        line = re.sub(r"<br\s*/?>", " ", line, flags=re.I)
        line = html.unescape(HTML_TAG_RE.sub(" ", line))
        out.append(re.sub(r"[ \t]{2,}", " ", line).rstrip())
    return "\n".join(out)


def _stable_id(name: str) -> int:
    """A deterministic id in the range genanki recommends (2**30 .. 2**31)."""
    return (1 << 30) + int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16) % (1 << 30)


# -- Markdown -----------------------------------------------------------------------------------
def _md(text: str) -> str:
    return re.sub(r"<(?=[A-Za-z/!?])", r"\\<", text)


def _md_question(n: int, q: QuestionRecord) -> list[str]:
    tags = [q.domain, q.difficulty, ORIGIN_LABELS.get(q.origin or "", q.origin), _select_label(q)]
    tagline = " · ".join(t for t in tags if t)
    lines = [f"### {n}.", ""] + ([f"*{_md(tagline)}*", ""] if tagline else []) + [_md(q.stem), ""]
    lines += [f"- {k}. {_md(v)}" for k, v in q.options.items()]
    return lines + [""]


def _md_key(n: int, q: QuestionRecord, notes_dir: Path | None) -> list[str]:
    lines = [f"### {n}. {', '.join(q.answer)}", ""]
    lines += [f"- **{k}.** {_md(q.options.get(k, ''))}" for k in q.answer] + [""]
    if q.rationales:
        lines += ["Why:", ""] + [f"- {k}: {_md(q.rationales[k])}" for k in q.options if k in q.rationales] + [""]
    elif q.explanation:
        lines += [_md(q.explanation), ""]
    for s in _citations(q):
        where = f"[{_md(s.location)}]({_file_uri(notes_dir, s)})" if notes_dir else _md(s.location)
        lines += [f"Source: {where}" + (f" · {_md(s.heading)}" if s.heading else ""), ""]
        if s.quote:
            lines += [f"> {_md(line)}" if line.strip() else ">" for line in plain_quote(s.quote).splitlines()] + [""]
    return lines


def to_markdown(pset: PracticeSet, notes_dir: Path | None = None) -> str:
    lines = [f"# {_md(pset.title)}", ""]
    meta = f"{len(pset.questions)} questions" + (f" · {pset.time_limit_min} minutes" if pset.time_limit_min else "")
    lines += [f"*{meta}*", ""]
    for n, q in enumerate(pset.questions, 1):
        lines += _md_question(n, q)
    lines += ["---", "", "## Answer key", ""]
    for n, q in enumerate(pset.questions, 1):
        lines += _md_key(n, q, notes_dir)
    return "\n".join(lines).rstrip() + "\n"


# -- JSONL and CSV --------------------------------------------------------------------------------
def to_jsonl(pset: PracticeSet) -> str:
    return "".join(q.model_dump_json(exclude_none=True) + "\n" for q in pset.questions)


def _csv_row(q: QuestionRecord) -> dict[str, str]:
    row = {"id": q.id, "origin": q.origin or "", "domain": q.domain or "", "difficulty": q.difficulty or "",
           "topic": q.topic or "", "multi": "true" if q.multi else "false", "stem": q.stem,
           "answer": ";".join(q.answer), "explanation": q.explanation or "",
           "rationales": " | ".join(f"{k}: {v}" for k, v in q.rationales.items()),
           "citations": " | ".join(_cite_label(s) for s in _citations(q))}
    row.update({f"option_{x}": q.options.get(x, "") for x in LETTERS})
    return row


def to_csv(pset: PracticeSet) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    writer.writeheader()
    writer.writerows(_csv_row(q) for q in pset.questions)
    return buf.getvalue()


# -- Anki -------------------------------------------------------------------------------------------
def _h(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _anki_front(q: QuestionRecord) -> str:
    label = f"<p><i>{_h(_select_label(q))}</i></p>" if q.multi else ""
    items = "".join(f"<li><b>{k}.</b> {_h(v)}</li>" for k, v in q.options.items())
    return f"<div>{_h(q.stem)}</div>{label}<ul style=\"list-style:none\">{items}</ul>"


def _anki_cite(s: Source, notes_dir: Path | None) -> str:
    a, b = s.lines
    text = _h(f"{Path(s.file).name} lines {a}–{b}" if a != b else f"{Path(s.file).name} line {a}")
    link = f'<a href="{html.escape(_file_uri(notes_dir, s))}">{text}</a>' if notes_dir else text
    heading = f" · {_h(s.heading)}" if s.heading else ""
    quote = f"<blockquote>{_h(plain_quote(s.quote))}</blockquote>" if s.quote else ""
    return f"<div>{link}{heading}{quote}</div>"


def _anki_back(q: QuestionRecord, notes_dir: Path | None) -> str:
    key = "".join(f"<li><b>{k}.</b> {_h(q.options.get(k, ''))}</li>" for k in q.answer)
    parts = [f"<p><b>Answer: {_h(', '.join(q.answer))}</b></p><ul>{key}</ul>"]
    if q.rationales:
        why = "".join(f"<li><b>{k}</b>: {_h(q.rationales[k])}</li>" for k in q.options if k in q.rationales)
        parts.append(f"<ul>{why}</ul>")
    elif q.explanation:
        parts.append(f"<p>{_h(q.explanation)}</p>")
    parts += [_anki_cite(s, notes_dir) for s in _citations(q)]
    return "".join(parts)


def _anki_model() -> genanki.Model:
    template = {"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=\"answer\">{{Back}}"}
    return genanki.Model(_stable_id(ANKI_MODEL_NAME), ANKI_MODEL_NAME,
                         fields=[{"name": "Front"}, {"name": "Back"}], templates=[template])


def _anki_tags(q: QuestionRecord) -> list[str]:
    return [re.sub(r"\s+", "_", t.strip()) for t in (q.domain, q.origin) if t and t.strip()]


def to_apkg(pset: PracticeSet, path: Path, notes_dir: Path | None = None) -> Path:
    """Writes the deck straight to `path` (use `export` for an atomic write)."""
    model = _anki_model()
    deck = genanki.Deck(_stable_id("deck:" + pset.title), pset.title)
    for q in pset.questions:
        deck.add_note(genanki.Note(model=model, fields=[_anki_front(q), _anki_back(q, notes_dir)],
                                   tags=_anki_tags(q), guid=genanki.guid_for(q.id)))
    _write_package(genanki.Package(deck), Path(path))
    return Path(path)


def _write_package(package: genanki.Package, path: Path) -> None:
    """What genanki's write_to_file does, minus its leak: it leaves its SQLite file in the system temp folder."""
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            now = time.time()
            package.write_to_db(conn.cursor(), now, itertools.count(int(now * 1000)))
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(path, "w") as zf:
            zf.write(db, "collection.anki2")
            zf.writestr("media", "{}")


# -- atomic writing -------------------------------------------------------------------------------
def _explain(exc: OSError | sqlite3.Error) -> tuple[str, str]:
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or "disk is full" in str(exc):
        return "there is no space left on the disk", "free some space or choose another folder"
    if code in (errno.EACCES, errno.EPERM):
        return "permission was denied", "choose a folder you can write to"
    if code == errno.ENOENT:
        return "the folder does not exist", "create the folder or choose another one"
    if code == errno.EROFS:
        return "the disk is read-only", "choose another folder"
    if code == errno.EISDIR:
        return "that path is a folder", "give a file name such as set.md"
    return (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__), "try another folder"


def _write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    existed = path.is_file()
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        tmp = Path(name)
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode) if existed else 0o644)  # mkstemp makes it 0600
        write(tmp)
        with open(tmp, "r+b") as fh:  # the writer closed (flushed) it; fsync makes it durable before the swap
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    except (OSError, sqlite3.Error) as exc:
        what, todo = _explain(exc)
        kept = "the existing file was left unchanged" if existed else "nothing was written"
        raise ExportError(f"Could not write {path}: {what}. Please {todo}; {kept}.") from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return path


def _text_writer(text: str) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    return write


def export(pset: PracticeSet, path: Path, notes_dir: Path | None = None) -> Path:
    """Writes `pset` to `path` in the format its suffix names; raises ExportError with a plain message."""
    path = Path(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ExportError(f"Cannot export to {path}: unknown file type {path.suffix or '(none)'!r}. "
                          f"Use one of: {', '.join(SUFFIXES)}.")
    if kind == "apkg":
        return _write_atomic(path, lambda tmp: to_apkg(pset, tmp, notes_dir))
    text = {"markdown": lambda: to_markdown(pset, notes_dir), "jsonl": lambda: to_jsonl(pset),
            "csv": lambda: to_csv(pset)}[kind]()
    return _write_atomic(path, _text_writer(text))
