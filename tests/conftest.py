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
from contextlib import contextmanager
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
    from tutor.session import Session

    report = ingest(corpus_settings.index)
    Session(corpus_settings, use_model=False).warm()  # as `tutor ingest` does: the sentences' vectors cached
    return report


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


@contextmanager
def openai_server(argv: list[str], port: int, what: str, timeout: float, log: Path):
    """A model server process on loopback, until its /v1/models answers; yields its /v1 URL. Its output goes
    to `log` (a pipe would fill and stall a chatty server); if it exits early, the error shows the log."""
    import httpx

    url = f"http://127.0.0.1:{port}/v1"
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)

        def up():
            if proc.poll() is not None:
                raise RuntimeError(f"{what} exited: {log.read_text(errors='replace')[-1500:]}")
            try:
                return httpx.get(f"{url}/models", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        try:
            wait_for(up, timeout, what)
            yield url
        finally:
            proc.kill()
            proc.wait(10)


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
def bundled_model():
    """The real bundled SmolLM2-135M in its worker process: one per test session, shared by every test
    that only needs a working model."""
    from tutor.config import ModelConfig
    from tutor.models import make_chat_model

    model = make_chat_model(ModelConfig())
    yield model
    model.close()


@pytest.fixture(scope="session")
def corpus_session(corpus_settings, corpus_index, bundled_model):
    """The composition root over the bundled notes with the real model, as the shells use it."""
    from tutor.session import Session

    session = Session(corpus_settings, model=bundled_model)
    yield session
    if session._practice is not None:
        session._practice.close()


def on_free_port(settings):
    return settings.model_copy(update={"ui": settings.ui.model_copy(update={"port": free_port()})})


@contextmanager
def serving(session):
    """Serve the real app over `session` on its settings' loopback port; yields (url, app)."""
    from ui.app import create_app, launch

    app = create_app(session)
    launch(session, app=app, prevent_thread_lock=True)
    try:
        yield f"http://127.0.0.1:{session.settings.ui.port}/", app
    finally:
        app.close()


def write_notes(root: Path, files: dict[str, str]) -> Path:
    """Notes written under `root`/notes (name -> text); returns the folder."""
    notes = root / "notes"
    notes.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (notes / name).write_text(text)
    return notes


@contextmanager
def notes_session(root: Path, files: dict[str, str]):
    """A session without a model over hand-written notes (name -> text), indexed; closed on exit."""
    from tutor.config import load_settings
    from tutor.session import Session

    session = Session(load_settings(notes_dir=write_notes(root, files), home=root / "home"), use_model=False)
    try:
        session.ingest()
        yield session
    finally:
        session.close()


@contextmanager
def serving_notes(root: Path, files: dict[str, str], corpus_settings, model=None):
    """Notes written here (name -> text) under `root`, ingested and served like a student's own; yields the url."""
    from tutor.config import load_settings
    from tutor.session import Session

    settings = load_settings(notes_dir=write_notes(root, files), home=root / "home", port=free_port())
    seed_embedding_cache(corpus_settings, settings.data_dir)
    session = Session(settings, model=model) if model is not None else Session(settings, use_model=False)
    session.ingest()
    with serving(session) as (url, _):
        yield url


@pytest.fixture(scope="session")
def served_app(corpus_session):
    """The real app (real index, real embedded model) served on a free loopback port for the session."""
    from tutor.session import Session

    session = Session(on_free_port(corpus_session.settings), model=corpus_session.model)
    with serving(session) as (url, app):
        yield url, app


# -- the real browser (Debian's chromium, driven by Playwright; no browser download) ------------------------
# One Chromium for the whole session, shared by every browser test module: a second sync Playwright in the
# same process fails ("Sync API inside the asyncio loop"), so the fixtures live here and nowhere else.
ARTIFACTS = ROOT / "test-artifacts" / "browser"


def set_question_count(page, n: int) -> None:
    """Type n into the practice tab's question count so that it stays: a value typed while the page is still
    loading was put back to the default (a fresh-clone run generated "Question 1 of 10" for 3)."""
    number = page.locator("input[type=number]").first
    for _ in range(5):
        number.fill(str(n))
        number.press("Enter")
        page.wait_for_timeout(500)
        if number.input_value() == str(n):
            page.wait_for_timeout(1000)  # and still, once the page's own loading is done
            if number.input_value() == str(n):
                return
    raise AssertionError(f"the question count would not stay at {n}: {number.input_value()!r}")
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error, sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make setup-browser` or "
                    "`apt-get install chromium`). Browser tests are not skipped.")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        except Error as exc:
            pytest.fail(f"Chromium at {CHROMIUM} could not start: {exc}")
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    ctx.close()


