"""Faults on a bad day: the model dies mid-answer, the Chroma server goes away and comes back, the
disk fills while saving, the index folder is deleted while the UI runs (ingest killed at every stage:
tests/test_kill_every_stage.py). Each time: a clear message, no corrupted index, no lost history, recovery without cleanup."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from conftest import CORPUS, free_port, wait_for

pytestmark = pytest.mark.faults
HELPERS = Path(__file__).parent / "helpers"


def _final_text(chat) -> str:
    c = chat[-1]["content"]
    return c[0]["text"] if isinstance(c, list) else c


def test_model_process_killed_mid_answer_in_the_running_app(served_app, request):
    url, app = served_app
    client = Client(url, verbose=False)
    model = app.session.model
    tutor = app.session.tutor
    tutor.strong = True  # the default does not wait for the 135M model; as a strong backend it drafts
    request.addfinalizer(lambda: setattr(tutor, "strong", False))
    job = client.submit("Write out what the notes say about Kinesis Data Streams shards and retention.", [],
                        api_name="/ask")
    killed = False
    deadline = time.time() + 120
    while time.time() < deadline and not job.done():
        outs = job.outputs()
        if outs and "Drafting" in _final_text(outs[-1][0]) and model._worker is not None:
            os.kill(model._worker.proc.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.05)
    chat, _, sources, _, notice = job.result(timeout=120)
    if not killed:
        pytest.fail("the answer finished before the model could be killed; the question needs a longer draft")
    assert "stopped unexpectedly" in notice and "notes say instead" in notice
    assert 'class="cite"' in _final_text(chat) and sources["choices"]  # the student still gets cited passages
    chat2 = client.predict("What is Object2Vec?", [], api_name="/ask")[0]
    assert 'class="cite"' in _final_text(chat2)  # the model process was restarted


class ChromaServer:
    def __init__(self, path: Path, port: int) -> None:
        self.path, self.port, self.proc = path, port, None
        self.url = f"http://127.0.0.1:{port}"

    def up(self) -> bool:
        try:
            return httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def start(self) -> None:
        exe = Path(sys.executable).parent / "chroma"
        self.proc = subprocess.Popen([str(exe), "run", "--host", "127.0.0.1", "--port", str(self.port),
                                      "--path", str(self.path)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_for(self.up, 60, "the Chroma server")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(15)
        wait_for(lambda: not self.up(), 15, "the Chroma server to stop")


def test_chroma_server_goes_away_and_comes_back(tmp_path):
    from ingest.pipeline import ingest
    from tutor.answer import Tutor
    from tutor.config import load_settings
    from tutor.index import NotesIndex

    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(CORPUS / "data-engineering-outline.md", notes)
    server = ChromaServer(tmp_path / "srv", free_port())
    server.start()
    try:
        settings = load_settings(notes_dir=notes, home=tmp_path / "home", chroma_url=server.url)
        ingest(settings.index)
        tutor = Tutor(NotesIndex.open(settings), None)
        assert tutor.ask("Which S3 storage class has the lowest storage cost?").citations
        server.stop()
        down = tutor.ask("Which S3 storage class has the lowest storage cost?")
        assert down.kind == "unavailable" and "Chroma server" in down.text and "running" in down.text
        server.start()
        back = tutor.ask("Which S3 storage class has the lowest storage cost?")
        assert back.kind == "answer" and back.citations  # recovered, nothing to clean up
        again = ingest(settings.index)
        assert again.embedded == 0 and not again.changed  # the index survived intact
    finally:
        if server.proc and server.proc.poll() is None:
            server.stop()


def _tiny_fs_command(mount_dir: Path, inner: list[str]) -> list[str] | None:
    """A command that runs `inner` with a 2 MB tmpfs at mount_dir: as root directly, else in a user
    namespace. None when neither is possible on this machine."""
    script = f"mount -t tmpfs -o size=2m tmpfs {mount_dir} && exec " + " ".join(f"'{x}'" for x in inner)
    if os.geteuid() == 0:
        return ["unshare", "-m", "sh", "-c", script]
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    return ["unshare", "-rm", "sh", "-c", script] if probe.returncode == 0 else None


def test_disk_full_while_saving_attempts_and_exports_on_a_real_tiny_disk(tmp_path):
    mount_dir = tmp_path / "tiny"
    mount_dir.mkdir()
    cmd = _tiny_fs_command(mount_dir, [sys.executable, str(HELPERS / "disk_full.py"), str(mount_dir),
                                       str(CORPUS / "questions.jsonl"), "700000"])
    if cmd is None:
        pytest.skip("cannot mount a tiny filesystem here (not root, no user namespaces); "
                    "the SQLite page-limit disk-full test in test_attempt_store.py still runs")
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env={**os.environ})
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["saved"] >= 1 and out["error"] and "disk is full" in out["error"]
    assert out["history_after"] == out["saved"]  # every attempt saved before the disk filled is still there
    assert out["export_ok"] is None and "no space left" in out["export_error"] and "left unchanged" in out["export_error"]
    assert out["target_after"] == "previous export\n"


def test_index_folder_deleted_while_the_ui_runs_is_rebuilt(tmp_path, notes_copy, corpus_settings, bundled_model):
    from conftest import seed_embedding_cache, serving
    from tutor.config import load_settings
    from tutor.session import Session

    settings = load_settings(notes_dir=notes_copy, home=tmp_path / "home", port=free_port())
    seed_embedding_cache(corpus_settings, settings.data_dir)
    session = Session(settings, model=bundled_model)
    first = session.ingest()
    with serving(session) as (url, _):
        client = Client(url, verbose=False)
        assert 'class="cite"' in _final_text(client.predict("What is SMOTE?", [], api_name="/ask")[0])
        shutil.rmtree(settings.index.index_dir)
        chat, _, sources, _, notice = client.predict("What is SMOTE?", [], api_name="/ask")
        assert "rebuilt it from your notes" in notice and f"{first.chunks_total} passages" in notice
        assert 'class="cite"' in _final_text(chat)
