"""A closed session lets go of its files: a process that opens many sessions (the test run, a UI switching
collections) must not run out of file descriptors."""

import os
from pathlib import Path

import pytest


def _open_files(name: str) -> int:
    fd = Path("/proc/self/fd")
    return sum(1 for f in fd.iterdir() if name in os.path.realpath(f)) if fd.is_dir() else -1


def test_closing_a_session_closes_its_vector_cache(tmp_path):
    from conftest import write_notes
    from tutor.config import load_settings
    from tutor.session import Session

    if _open_files("x") < 0:
        pytest.skip("no /proc/self/fd on this system to count open files")
    settings = load_settings(notes_dir=write_notes(tmp_path, {"n.md": "# Pipes\n\nA pipe connects two processes.\n"}),
                             home=tmp_path / "home")
    with Session(settings, use_model=False) as first:
        first.ingest()
    before = _open_files("embedding-cache.sqlite")
    for _ in range(4):
        with Session(settings, use_model=False) as session:
            assert session.tutor.ask("What does a pipe connect?").kind == "answer"
            assert _open_files("embedding-cache.sqlite") > before  # the cache was open while answering
    assert _open_files("embedding-cache.sqlite") == before


def _store_threads() -> int:
    """Threads of the embedded store's own runtime (Rust workers: "sqlx-sqlite-worker", "tokio-rt-worker"), or -1
    when the system cannot list a process's threads by name."""
    tasks = Path("/proc/self/task")
    if not tasks.is_dir():
        return -1
    names = []
    for t in tasks.iterdir():
        try:
            names.append((t / "comm").read_text().strip())
        except OSError:  # the thread ended while listed
            continue
    return sum(1 for n in names if n.startswith(("sqlx", "tokio")))


def test_closing_sessions_on_many_folders_lets_go_of_the_stores_threads(tmp_path):
    # each embedded Chroma store runs its own worker threads and database connections until its last client is
    # closed: a test run that opened a few hundred notes folders held about a thousand threads, and once hung
    from conftest import write_notes
    from tutor.config import load_settings
    from tutor.session import Session

    if _store_threads() < 0:
        pytest.skip("no /proc/self/task on this system to count threads")

    def one(n: int) -> None:
        notes = write_notes(tmp_path / f"notes{n}", {"n.md": "# Pipes\n\nA pipe connects two processes.\n"})
        with Session(load_settings(notes_dir=notes, home=tmp_path / f"home{n}"), use_model=False) as session:
            session.ingest()
            assert session.tutor.ask("What does a pipe connect?").kind == "answer"

    one(0)  # (the first store starts what every store shares)
    before = _store_threads()
    for n in range(1, 6):
        one(n)
    if before == 0 and _store_threads() == 0:
        pytest.skip("this chromadb runs no worker threads of its own to count")
    # (left open, each store keeps about nine: 46 more after these five on the code before the fix)
    assert _store_threads() - before < 5, (before, _store_threads())
