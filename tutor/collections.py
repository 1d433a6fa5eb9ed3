"""Notes collections: several sets of notes (say, two exams), each with its own index, practice history
and eval runs.

    cols = Collections(settings)            # the notes the tutor was started with are the default one
    bio = cols.create("Biology")            # notes uploaded through the UI, kept under TUTOR_HOME
    law = cols.create("Law", folder=Path("~/law-notes"))   # a folder on this machine, read in place
    cols.settings_for(bio)                  # Settings whose notes and data live with that collection

Every collection has a data folder, and everything the tutor makes for it lives there (index,
`attempts.sqlite`, eval runs). The default collection's data folder is TUTOR_HOME itself, exactly as
before collections existed, so a student's history survives the upgrade; the others live under
`TUTOR_HOME/collections/<key>/` (uploaded notes in its `notes/` folder; the tutor never writes into a
student's own folder). The registry is `TUTOR_HOME/collections.json`, rewritten atomically.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ingest.errors import TutorError
from tutor.config import Settings

REGISTRY = "collections.json"
VERSION = 1
MAX_NAME = 60


class CollectionError(TutorError):
    """A collection cannot be made, found or changed; the message says why and what to do."""


@dataclass(frozen=True)
class Collection:
    name: str
    key: str
    notes_dir: Path
    data_dir: Path
    uploaded: bool  # its notes were uploaded (kept under TUTOR_HOME, removable from the UI)
    default: bool = False

    @property
    def label(self) -> str:
        if self.default:
            return self.name
        return f"{self.name} (uploaded)" if self.uploaded else f"{self.name} (folder {self.notes_dir.name})"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "notes"


class Collections:
    """The registry of collections under `settings.data_dir` (TUTOR_HOME). Thread-safe."""

    def __init__(self, settings: Settings) -> None:
        self.base = settings
        self.home = settings.data_dir
        self._lock = threading.Lock()

    @property
    def default(self) -> Collection:
        notes = self.base.index.notes_dir
        return Collection(notes.name or "notes", "default", notes, self.home, uploaded=False, default=True)

    def list(self) -> list[Collection]:
        return [self.default] + [self._entry(e) for e in self._read()["collections"]]

    def get(self, name: str | None) -> Collection:
        """The collection called `name` (the default one for None)."""
        if name is None:
            return self.default
        for c in self.list():
            if c.name == name:
                return c
        raise CollectionError(f"There is no collection called {name!r}. Pick one from the list or create it.")

    def create(self, name: str, folder: Path | None = None) -> Collection:
        """A new collection: over `folder` (read in place), or empty for uploads when `folder` is None."""
        name = " ".join((name or "").split())
        if not name:
            raise CollectionError("Give the new collection a name (e.g. the exam or course it is for).")
        if len(name) > MAX_NAME:
            raise CollectionError(f"Collection names are at most {MAX_NAME} characters; this one has {len(name)}.")
        notes = None
        if folder is not None:
            notes = Path(folder).expanduser().resolve()
            if not notes.is_dir():
                raise CollectionError(f"{notes} is not a folder on this machine. Give the full path of the folder "
                                      "that holds your .md/.txt notes.")
        with self._locked():
            reg = self._read()
            taken = [c.name.lower() for c in [self.default] + [self._entry(e) for e in reg["collections"]]]
            if name.lower() in taken:
                raise CollectionError(f"There is already a collection called {name!r}; choose another name.")
            for c in [self.default] + [self._entry(e) for e in reg["collections"]]:
                if notes is not None and not c.uploaded and c.notes_dir == notes:
                    raise CollectionError(f"{notes} is already the collection {c.name!r}; switch to it instead.")
            keys = {e["key"] for e in reg["collections"]}
            key = base = slug(name)
            n = 2
            while key in keys or (self.home / "collections" / key).exists():
                key, n = f"{base}-{n}", n + 1
            entry = {"name": name, "key": key, "folder": str(notes) if notes else None, "created": time.time()}
            reg["collections"].append(entry)
            col = self._entry(entry)
            (col.notes_dir if col.uploaded else col.data_dir).mkdir(parents=True, exist_ok=True)
            self._write(reg)
            return col

    def settings_for(self, col: Collection) -> Settings:
        """The tutor's settings with this collection's notes and data folder (everything else unchanged)."""
        if col.default:
            return self.base
        index = self.base.index.model_copy(update={"notes_dir": col.notes_dir, "data_dir": col.data_dir,
                                                   "collection": None})
        return self.base.model_copy(update={"index": index})

    # -- the registry file -------------------------------------------------------------------------
    def _entry(self, e: dict) -> Collection:
        data = self.home / "collections" / e["key"]
        uploaded = not e.get("folder")
        return Collection(e["name"], e["key"], data / "notes" if uploaded else Path(e["folder"]), data, uploaded)

    def _read(self) -> dict:
        path = self.home / REGISTRY
        if not path.is_file():
            return {"version": VERSION, "collections": []}
        try:
            reg = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CollectionError(f"The list of collections {path} cannot be read ({exc}). Move it aside; the "
                                  "collections' notes and histories under collections/ are untouched.") from exc
        if reg.get("version", 0) > VERSION:
            raise CollectionError(f"{path} was written by a newer tutor; update the tutor to use it.")
        return reg

    def _write(self, reg: dict) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".collections-", suffix=".tmp", dir=self.home)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(reg, fh, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.home / REGISTRY)  # a crash leaves the old list or the new one, never half
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer at a time, across threads and across processes (the UI and a CLI)."""
        self.home.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.home / f".{REGISTRY}.lock", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
