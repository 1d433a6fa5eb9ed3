"""Ingest of each corpus in a folder of outside notes, first time (a fresh home) and re-run (nothing may be
embedded again), each a new process timed whole: `python bench/corpora_ingest.py [--corpora DIR] [--out F]`.
Target (issue "Any student's notes"): first ingest ≤ 60 s per corpus on two cores; re-run embeds 0."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, emit

from evals.corpora_format import find_corpora

TARGET_S = 60.0


def ingest(notes: Path, home: Path) -> dict:
    env = {**os.environ, "TUTOR_HOME": str(home)}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "cli", "ingest", str(notes)], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=1800)
    secs = round(time.perf_counter() - t0, 2)
    last = [ln for ln in out.stdout.splitlines() if ln.startswith("Chunks")]
    embedded = None
    if last:
        import re

        m = re.search(r"embedded (\d+)", last[-1])
        embedded = int(m.group(1)) if m else None
    return {"seconds": secs, "exit": out.returncode, "embedded": embedded, "summary": last[-1] if last else out.stderr[-300:]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()
    rows = {}
    for c in find_corpora(a.corpora):
        with tempfile.TemporaryDirectory() as home:
            first = ingest(c.notes_dir, Path(home))
            again = ingest(c.notes_dir, Path(home))
        rows[c.name] = {"first": first, "rerun": again,
                        "meets_target": first["exit"] == 0 and first["seconds"] <= TARGET_S and again["embedded"] == 0}
    emit({"what": "tutor ingest per corpus, a new process each: first time into a fresh home, then re-run",
          "target_first_s": TARGET_S, "corpora": rows, "cores": os.cpu_count(),
          "meets_targets": all(r["meets_target"] for r in rows.values())}, a.out)


if __name__ == "__main__":
    main()
