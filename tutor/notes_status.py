"""What the index holds of each note file, and when it was last indexed: the Notes view's table.

Each ingest leaves `files.json` in the index folder (written by `record`, atomically): per file its
state (indexed, or skipped with the reason and what to do), passages, sample questions found and when
its current content was indexed. `overview` joins that record with the folder as it is now, so a file
added since the last indexing shows as waiting and a deleted one as about to go.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from ingest.config import IndexConfig
from ingest.sources import discover, relpath

STATUS_FILE = "files.json"


@dataclass(frozen=True)
class FileStatus:
    file: str
    state: str  # indexed | skipped | waiting | gone
    passages: int = 0
    questions: int = 0
    indexed_at: float | None = None
    reason: str = ""
    fix: str = ""


def record(cfg: IndexConfig, report, passages: Counter, questions: Counter, now: float | None = None) -> None:
    """Save every file's status after an ingest (`report`: its IngestReport)."""
    now = time.time() if now is None else now
    before = {s.file: s for s in _load(cfg)}
    fresh = set(report.added) | set(report.updated)
    rows: dict[str, FileStatus] = {}
    for rel in sorted(fresh | set(report.unchanged)):
        when = now if rel in fresh or rel not in before else before[rel].indexed_at
        rows[rel] = FileStatus(rel, "indexed", passages[rel], questions[rel], when)
    for p in report.problems:
        kept = passages[p.rel] if p.keep_existing else 0
        when = before[p.rel].indexed_at if kept and p.rel in before else None
        rows[p.rel] = FileStatus(p.rel, "skipped", kept, questions[p.rel] if kept else 0, when, p.reason, p.fix)
    path = cfg.index_dir / STATUS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps([asdict(r) for r in rows.values()], indent=1), encoding="utf-8")
    os.replace(tmp, path)


def overview(cfg: IndexConfig) -> list[FileStatus]:
    """Every note file: as last indexed, plus files added or deleted since."""
    recorded = {s.file: s for s in _load(cfg)}
    here = set()
    if cfg.notes_dir.is_dir():
        here = {relpath(p, cfg.notes_dir) for p in discover(cfg.notes_dir, exclude=(cfg.data_dir,))}
    rows = []
    for rel in sorted(here | set(recorded)):
        if rel not in here:
            rows.append(FileStatus(rel, "gone", recorded[rel].passages, recorded[rel].questions,
                                   recorded[rel].indexed_at, "is no longer in the folder",
                                   "Its passages are removed at the next indexing."))
        elif rel not in recorded:
            rows.append(FileStatus(rel, "waiting", reason="has not been indexed yet", fix="Press “Index now”."))
        else:
            rows.append(recorded[rel])
    return rows


def _load(cfg: IndexConfig) -> list[FileStatus]:
    path = cfg.index_dir / STATUS_FILE
    try:
        return [FileStatus(**row) for row in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return []  # no record yet (or an unreadable one): the next ingest writes it again
