"""Run a real ingest and SIGKILL this very process at a chosen point (no cleanup, like a crash).

    python ingest_and_die.py NOTES HOME STAGE N
kills itself when progress stage STAGE reports done >= N (e.g. "Embedding 64": after one batch).
"""

import os
import signal
import sys

from ingest.pipeline import ingest
from tutor.config import load_settings

notes, home, stage, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


def progress(s: str, done: int, total: int) -> None:
    if s == stage and done >= n:
        os.kill(os.getpid(), signal.SIGKILL)


ingest(load_settings(notes_dir=notes, home=home).index, progress=progress)
print("finished without being killed")
