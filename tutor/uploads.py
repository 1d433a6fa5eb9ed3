"""Uploaded notes into a collection's own folder, safely.

    result = save_uploads([("bio.md", Path("/tmp/gradio/x/bio.md"))], collection.notes_dir, max_mb=10)
    result.added, result.refused        # ["bio.md"], [Refusal("photo.png", "is not a Markdown ...")]

Only Markdown/plain text goes in, each checked like ingest checks a note (no NUL bytes, UTF-8, not
empty, under the size limit) before anything is written; a zip of a folder is read member by member
and refused whole when any member would land outside its folder (`../`, an absolute path) or is a
link. Every file is written to a hidden temporary file beside its place and renamed into it, so an
interrupted upload or a full disk never leaves half a note; a file with the name of a different one
already there is refused unless replacing was asked for.
"""

from __future__ import annotations

import os
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ingest.config import NOTE_SUFFIXES
from ingest.sources import Problem, decode_note

MAX_MEMBERS = 5000
KINDS = ", ".join(NOTE_SUFFIXES)


@dataclass(frozen=True)
class Refusal:
    name: str
    reason: str

    def message(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass
class Saved:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced)


def save_uploads(files: list[tuple[str, Path]], dest: Path, max_mb: float, replace: bool = False) -> Saved:
    """Put each uploaded (name, temporary path) into `dest`: note files as they are, zips unpacked."""
    saved = Saved()
    dest.mkdir(parents=True, exist_ok=True)
    for name, path in files:
        shown = PurePosixPath(name.replace("\\", "/")).name or "(no name)"
        if shown.lower().endswith(".zip"):
            _save_zip(shown, Path(path), dest, max_mb, replace, saved)
            continue
        got = _read_upload(shown, Path(path), max_mb)
        if isinstance(got, Refusal):
            saved.refused.append(got)
        else:
            _place(shown, got, dest, replace, saved)
    return saved


def remove_upload(dest: Path, rel: str) -> None:
    """Delete one uploaded note (only ever inside `dest`) and the folders it leaves empty."""
    root = dest.resolve()
    path = (root / rel).resolve()
    if root not in path.parents or not path.is_file():
        raise FileNotFoundError(f"{rel} is not one of this collection's uploaded notes.")
    path.unlink()
    for parent in path.parents:
        if parent == root or any(parent.iterdir()):
            break
        parent.rmdir()


def _refuse_kind(name: str) -> Refusal | None:
    if name.startswith("."):
        return Refusal(name, "is a hidden file; notes are not hidden files")
    if not name.lower().endswith(NOTE_SUFFIXES):
        return Refusal(name, f"is not a Markdown or plain-text note ({KINDS}) or a .zip of them. Export it as "
                             "Markdown or plain text, then upload that")
    return None


def _check_text(name: str, raw: bytes) -> bytes | Refusal:
    note = decode_note(raw, Path(name), name)
    if isinstance(note, Problem):
        return Refusal(name, f"{note.reason}; it was not added")
    return raw


def _too_big(name: str, size: int, max_mb: float) -> Refusal:
    return Refusal(name, f"is {size / 1048576:.1f} MB, over the {max_mb:g} MB limit for one note file. Split it "
                         "into smaller notes (or raise TUTOR_MAX_FILE_MB)")


def _read_upload(name: str, path: Path, max_mb: float) -> bytes | Refusal:
    refused = _refuse_kind(name)
    if refused:
        return refused
    try:
        size = path.stat().st_size
        if size > max_mb * 1048576:
            return _too_big(name, size, max_mb)  # refused before reading: a 200 MB file never enters memory
        raw = path.read_bytes()
    except OSError as exc:
        return Refusal(name, f"could not be read after the upload ({exc.strerror or exc}); upload it again")
    return _check_text(name, raw)


def _save_zip(name: str, path: Path, dest: Path, max_mb: float, replace: bool, saved: Saved) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            bad = _unsafe_member(members)
            if bad:
                saved.refused.append(Refusal(name, f"{bad}; nothing from this zip was added"))
                return
            notes, refused = _zip_notes(zf, members, max_mb)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as exc:
        saved.refused.append(Refusal(name, f"is not a zip that can be read ({exc}); if the upload was interrupted, "
                                           "upload it again. Nothing from it was added"))
        return
    saved.refused.extend(Refusal(f"{name}/{r.name}", r.reason) for r in refused)
    if not notes and not refused:
        saved.refused.append(Refusal(name, f"holds no notes ({KINDS})"))
    for rel, raw in notes:
        _place(rel, raw, dest, replace, saved)


def _unsafe_member(members: list[zipfile.ZipInfo]) -> str | None:
    """Why the zip as a whole cannot be trusted, or None."""
    if len(members) > MAX_MEMBERS:
        return f"has {len(members)} entries, more than the {MAX_MEMBERS} a folder of notes would have"
    for m in members:
        parts = PurePosixPath(m.filename.replace("\\", "/")).parts
        if m.filename.startswith(("/", "\\")) or (parts and ":" in parts[0]):
            return f"contains an absolute path ({m.filename})"
        if ".." in parts:
            return f"contains a path outside its folder ({m.filename})"
        if stat.S_ISLNK(m.external_attr >> 16):
            return f"contains a link ({m.filename}), which could point anywhere on this machine"
    return None


def _zip_notes(zf: zipfile.ZipFile, members, max_mb: float) -> tuple[list[tuple[str, bytes]], list[Refusal]]:
    notes, refused = [], []
    limit = int(max_mb * 1048576)
    for m in members:
        parts = PurePosixPath(m.filename.replace("\\", "/")).parts
        if m.is_dir() or not parts or any(p.startswith(".") or p == "__MACOSX" for p in parts):
            continue  # folders, hidden files and macOS metadata are not notes
        rel = "/".join(parts)
        kind = _refuse_kind(parts[-1])
        if kind:
            refused.append(Refusal(rel, kind.reason))
            continue
        if m.file_size > limit:
            refused.append(_too_big(rel, m.file_size, max_mb))
            continue
        with zf.open(m) as fh:
            raw = fh.read(limit + 1)  # never trust the header's size: read at most one byte past the limit
        if len(raw) > limit:
            refused.append(_too_big(rel, len(raw), max_mb))
            continue
        got = _check_text(rel, raw)
        if isinstance(got, Refusal):
            refused.append(got)
        else:
            notes.append((rel, raw))
    return notes, refused


def _place(rel: str, raw: bytes, dest: Path, replace: bool, saved: Saved) -> None:
    target = dest / rel
    existed = target.is_file()
    if existed and target.read_bytes() == raw:
        saved.unchanged.append(rel)
        return
    if existed and not replace:
        saved.refused.append(Refusal(rel, "a different file with this name is already in this collection. Remove "
                                          "it first, or tick “Replace files with the same name”"))
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(target, raw)
    except OSError as exc:
        saved.refused.append(Refusal(rel, f"could not be saved ({exc.strerror or exc}); nothing of it was written"))
        return
    (saved.replaced if existed else saved.added).append(rel)


def _atomic_write(target: Path, raw: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".upload-", suffix=".tmp", dir=target.parent)  # hidden: ingest skips it
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
