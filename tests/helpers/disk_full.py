"""Run inside a tiny tmpfs (set up by the caller): fill the disk while saving attempts and exports,
and print what happened as JSON. Used by tests/test_faults.py."""

import json
import os
import sys
import time
from pathlib import Path

from ingest.records import QuestionRecord
from tutor.practice.export import ExportError, export
from tutor.practice.model import PracticeSet, grade
from tutor.practice.store import AttemptSaveError, AttemptStore

root = Path(sys.argv[1])
bank = [QuestionRecord.model_validate_json(x) for x in Path(sys.argv[2]).read_text().splitlines() if x.strip()]
qs = [q for q in bank if q.scorable]
store = AttemptStore(root / "attempts.sqlite")
target = root / "set.md"
target.write_text("previous export\n")  # an earlier export that must survive a failed one
saved, error = 0, None
ballast = root / "ballast.bin"
fd = os.open(ballast, os.O_WRONLY | os.O_CREAT)
free = 0
try:  # measure the room left, then keep only argv[3] bytes of it free
    while True:
        free += os.write(fd, b"\0" * 4096)
except OSError:
    pass
os.close(fd)
ballast.unlink()
fd = os.open(ballast, os.O_WRONLY | os.O_CREAT)
os.write(fd, b"\0" * max(0, free - int(sys.argv[3])))
os.close(fd)
for i in range(200):
    pset = PracticeSet([q.model_copy(update={"stem": q.stem + " " + "x" * 3000}) for q in qs], title=f"set {i}")
    try:
        store.record_attempt(pset, grade(pset.questions, {q.id: q.answer for q in pset.questions}), time.time(), time.time())
        saved += 1
    except AttemptSaveError as exc:
        error = str(exc)
        break
export_ok = None
export_error = None
try:
    export(PracticeSet(qs * 50, title="big"), target)
    export_ok = True
except ExportError as exc:
    export_error = str(exc)
except OSError as exc:  # could not even write the small file above
    export_error = f"setup: {exc}"
reopened = AttemptStore(root / "attempts.sqlite").attempts(limit=1000)
print(json.dumps({"saved": saved, "error": error, "history_after": len(reopened), "export_ok": export_ok,
                  "export_error": export_error,
                  "target_after": target.read_text()[:40] if target.exists() else None}))
