"""Find note files and read them safely.

Every way a file can be unusable becomes a `Problem` that names the file, says what is wrong and how
to fix it. `keep_existing` tells the ingest whether the file's previously indexed chunks stay (the
file still exists but cannot be used right now: nothing a student wrote is dropped) or go (the file
is gone or empty).
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ingest.config import NOTE_SUFFIXES
from ingest.errors import TutorError

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class NoteFile:
    path: Path
    rel: str
    text: str
    sha256: str
    lines: list[str] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Problem:
    rel: str
    reason: str
    fix: str
    keep_existing: bool

    def message(self) -> str:
        return f"{self.rel}: {self.reason}. {self.fix}"


IGNORE_FILE = ".tutorignore"


def ignore_patterns(folder: Path) -> list[str]:
    """Glob patterns from `folder/.tutorignore` (one per line, # comments)."""
    path = folder / IGNORE_FILE
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    # "drafts/", "/drafts" and "drafts" all name the folder beside this .tutorignore
    return [ln.strip().strip("/") for ln in lines if ln.strip().strip("/") and not ln.lstrip().startswith("#")]


def _ignored(path: Path, rules: list[tuple[Path, str]]) -> bool:
    """True when a rule matches the path relative to the folder of its `.tutorignore`, or the name."""
    return any(
        fnmatch.fnmatch(path.relative_to(base).as_posix(), pat) or fnmatch.fnmatch(path.name, pat)
        for base, pat in rules
    )


def discover(notes_dir: Path, exclude: tuple[Path, ...] = ()) -> list[Path]:
    """Note files under `notes_dir`, sorted; hidden files/folders, `exclude` trees and files matching
    a `.tutorignore` (in their folder or any folder above, up to `notes_dir`, as with .gitignore)
    are skipped."""
    found: list[Path] = []
    excluded = {p.resolve() for p in exclude}
    rules_at: dict[Path, list[tuple[Path, str]]] = {}
    for root, dirs, files in os.walk(notes_dir, followlinks=False):
        rootp = Path(root)
        inherited = rules_at.get(rootp.parent, []) if rootp != notes_dir else []
        rules = inherited + [(rootp, pat) for pat in ignore_patterns(rootp)]
        rules_at[rootp] = rules
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and (rootp / d).resolve() not in excluded and not _ignored(rootp / d, rules)
        )
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(NOTE_SUFFIXES):
                continue
            if _ignored(rootp / name, rules):
                continue
            found.append(rootp / name)
    return found


def relpath(path: Path, notes_dir: Path) -> str:
    return path.relative_to(notes_dir).as_posix()


def read_note(path: Path, notes_dir: Path, max_mb: float) -> NoteFile | Problem:
    rel = relpath(path, notes_dir)
    try:
        size = path.stat().st_size
        if size > max_mb * 1024 * 1024:
            return Problem(
                rel,
                f"is {size / 1048576:.1f} MB, over the {max_mb:g} MB limit for one note file",
                "Split it into smaller notes, or raise the limit with --max-file-mb (TUTOR_MAX_FILE_MB).",
                keep_existing=True,
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        return Problem(rel, "disappeared while ingesting", "Its chunks were removed; re-run "
                       "`tutor ingest` if you only moved it.", keep_existing=False)
    except PermissionError:
        return Problem(rel, "cannot be read (permission denied)",
                       f"Make it readable, e.g. `chmod u+r '{path}'`, then re-run `tutor ingest`.",
                       keep_existing=True)
    except OSError as exc:
        return Problem(rel, f"cannot be read ({exc.strerror or exc})",
                       "Check the file and the disk, then re-run `tutor ingest`.", keep_existing=True)
    return decode_note(raw, path, rel)


def decode_note(raw: bytes, path: Path, rel: str) -> NoteFile | Problem:
    if b"\x00" in raw[:SNIFF_BYTES]:
        return Problem(rel, "looks like a binary file (it contains NUL bytes), not a text note",
                       "Remove it from the notes folder, or export it as Markdown/plain text.",
                       keep_existing=True)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Problem(
            rel,
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line})",
            f"Re-save it as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 '{path}' -o '{path}.utf8'` "
            "and replace the original.",
            keep_existing=True,
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return Problem(rel, "is empty", "Nothing to index; any chunks it had were removed.",
                       keep_existing=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    # split("\n"), not splitlines(): line numbers must match what editors and `sed -n` show.
    return NoteFile(path=path, rel=rel, text=text, sha256=digest, lines=text.split("\n"))


class NoteUnreadable(TutorError):
    """A note file that cannot be read right now (gone, unreadable, not text)."""


def note_lines(notes_dir: Path, rel: str) -> list[str]:
    """The lines of one note exactly as ingest numbers them (BOM dropped, CRLF and CR read as LF), so a
    cited line number always points at the line a student sees. Raises NoteUnreadable."""
    path = Path(notes_dir) / rel
    try:
        st = path.stat()
    except OSError as exc:
        raise NoteUnreadable(f"{rel} cannot be read ({exc.strerror or exc}).") from exc
    return list(_lines_cached(str(path), rel, st.st_mtime_ns, st.st_size))


@lru_cache(maxsize=64)
def _lines_cached(path: str, rel: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise NoteUnreadable(f"{rel} cannot be read ({exc.strerror or exc}).") from exc
    note = decode_note(raw, Path(path), rel)
    if isinstance(note, Problem):
        if note.reason == "is empty":
            return ()
        raise NoteUnreadable(note.message())
    return tuple(note.lines)
