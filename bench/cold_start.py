"""Cold-start figures of the one-shot commands, each a new process (page cache warm), on this machine.

    .venv/bin/python bench/cold_start.py [--runs 5] [--out bench/results/cold_start.json]

Prints JSON: for each command the wall seconds of every counted run (after one warm-up run that is not
counted), min/median/max, peak RSS of the process tree's largest process, and the target from the
"Green, light and quick" issue. Figures:

- help:    `tutor --help` until it exits;
- search:  `tutor search "Pipe mode"` until it exits;
- ask:     `tutor ask "What does Pipe mode do and when should I use it?"`, the moment its first cited
           passage line ("[1] file:lines") is printed, and the moment it exits (the complete answer);
- ui:      `tutor ui` on an existing index, until http://127.0.0.1:PORT/ answers.

Runs against a private TUTOR_HOME indexed once before timing (the index build is not timed).
"""

from __future__ import annotations

import argparse
import os
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import ROOT, emit

TUTOR = str(Path(sys.executable).parent / "tutor")
QUESTION = "What does Pipe mode do and when should I use it?"
TARGETS = {"help_s": 1.0, "search_s": 2.5, "ask_cited_s": 3.0, "ask_complete_s": 4.0, "ui_ready_s": 8.0}
CITED_RE = re.compile(rb"^\[1\] \S+:\d+", re.M)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reap(proc: subprocess.Popen) -> float:
    """Wait for `proc`; its peak RSS in MB (from the kernel's accounting of the finished child)."""
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return round(usage.ru_maxrss / 1024, 1)


def run_to_exit(args: list[str], env: dict) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rss = _reap(proc)
    return {"s": round(time.perf_counter() - t0, 3), "rss_mb": rss}


def run_ask(env: dict) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen([TUTOR, "ask", QUESTION], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    seen, cited = b"", None
    fd = proc.stdout.fileno()
    while True:
        if not select.select([fd], [], [], 120)[0]:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        seen += chunk
        if cited is None and CITED_RE.search(seen):
            cited = time.perf_counter() - t0
    rss = _reap(proc)
    done = time.perf_counter() - t0
    return {"cited_s": round(cited, 3) if cited is not None else None, "s": round(done, 3), "rss_mb": rss,
            "answered": bool(CITED_RE.search(seen))}


def run_ui(env: dict) -> dict:
    port = _free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen([TUTOR, "ui", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    ready = None
    while time.perf_counter() - t0 < 120 and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as r:
                if r.status == 200:
                    ready = time.perf_counter() - t0
                    break
        except OSError:
            time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return {"s": round(ready, 3) if ready is not None else None}


def stats(values: list[float | None]) -> dict:
    v = sorted(x for x in values if x is not None)
    if not v:
        return {"runs": values}
    return {"min": v[0], "median": round(statistics.median(v), 3), "max": v[-1], "runs": values}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="tutor-cold-"))
    env = {**os.environ, "TUTOR_HOME": str(home), "TUTOR_NOTES": str(ROOT / "corpus")}
    env.pop("TUTOR_BACKEND", None)
    env.pop("TUTOR_MODEL", None)
    try:
        subprocess.run([TUTOR, "ingest", "-q"], env=env, check=True, stdout=subprocess.DEVNULL)
        figures: dict[str, list] = {k: [] for k in ("help", "search", "ask", "ui")}
        for i in range(args.runs + 1):  # run 0 warms the page cache and is not counted
            row = {"help": run_to_exit([TUTOR, "--help"], env), "search": run_to_exit([TUTOR, "search", "Pipe mode"], env),
                   "ask": run_ask(env), "ui": run_ui(env)}
            if i:
                for k, v in row.items():
                    figures[k].append(v)
        result = {
            "benchmark": "cold_start", "runs": args.runs, "cpus": os.cpu_count(),
            "note": "each figure is a new process; the page cache is warm (one uncounted run first)",
            "help_s": stats([r["s"] for r in figures["help"]]),
            "search_s": stats([r["s"] for r in figures["search"]]),
            "ask_cited_s": stats([r["cited_s"] for r in figures["ask"]]),
            "ask_complete_s": stats([r["s"] for r in figures["ask"]]),
            "ui_ready_s": stats([r["s"] for r in figures["ui"]]),
            "peak_rss_mb": {k: max(r.get("rss_mb") or 0 for r in figures[k]) for k in ("help", "search", "ask")},
            "ask_answered_every_run": all(r["answered"] for r in figures["ask"]),
            "targets": TARGETS,
        }
        result["meets_targets"] = {k: (result[k].get("median") is not None and result[k]["median"] <= t)
                                   for k, t in TARGETS.items()}
        emit(result, args.out)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
