"""Shared fixtures. Every test runs with TUTOR_HOME in a temporary folder, so nothing touches the
user's own indexes or history. The bundled corpus is ingested once per session with the real
embedding model and a real embedded Chroma store."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="session", autouse=True)
def _offline_and_isolated(tmp_path_factory):
    from ingest.env import configure_offline

    configure_offline()
    home = tmp_path_factory.mktemp("tutor-home")
    os.environ["TUTOR_HOME"] = str(home)
    os.environ.pop("TUTOR_NOTES", None)
    os.environ.pop("TUTOR_CHROMA_URL", None)
    yield


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory):
    from tutor.config import load_settings

    return load_settings(notes_dir=CORPUS, home=tmp_path_factory.mktemp("corpus-home"))


@pytest.fixture(scope="session")
def corpus_report(corpus_settings):
    from ingest.pipeline import ingest

    return ingest(corpus_settings.index)


def seed_embedding_cache(corpus_settings, home: Path) -> None:
    """Give a new TUTOR_HOME the session's embedding cache, so a copy of the corpus is not embedded again."""
    import sqlite3

    home.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(corpus_settings.data_dir / "embedding-cache.sqlite")
    dst = sqlite3.connect(home / "embedding-cache.sqlite")
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


@pytest.fixture(scope="session")
def corpus_index(corpus_settings, corpus_report):
    from tutor.index import NotesIndex

    return NotesIndex.open(corpus_settings)


@pytest.fixture
def notes_copy(tmp_path):
    """A private, writable copy of the bundled notes."""
    dst = tmp_path / "notes"
    shutil.copytree(CORPUS, dst)
    return dst


@pytest.fixture
def fresh_settings(tmp_path, notes_copy):
    from tutor.config import load_settings

    return load_settings(notes_dir=notes_copy, home=tmp_path / "home")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture
def chroma_server(tmp_path):
    """A real Chroma server process on 127.0.0.1 (a free port), stopped after the test."""
    import httpx

    port = free_port()
    exe = VENV_BIN / "chroma"
    assert exe.exists(), f"{exe} missing: chromadb's `chroma` CLI is needed for server mode"
    proc = subprocess.Popen(
        [str(exe), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(tmp_path / "chroma-srv")],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for(up, 60, "the Chroma server to start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def served_app(corpus_settings, corpus_index):
    """The real app (real index, real embedded model) served on a free loopback port for the session."""
    from ui.app import create_app, launch

    settings = corpus_settings.model_copy(update={"ui": corpus_settings.ui.model_copy(update={"port": free_port()})})
    app = create_app(settings)
    launch(settings, app=app, prevent_thread_lock=True)
    yield f"http://127.0.0.1:{settings.ui.port}/", app
    try:
        app.services.tutor().model.close()
    finally:
        app.close()
