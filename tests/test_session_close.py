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
