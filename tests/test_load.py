"""20 concurrent chat sessions against the running app (loopback, bounded): all answered, none sees
another's history or citations. Latency and memory with the real model: bench/load_bench.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import free_port
from fakes import ScriptedChatModel

pytestmark = pytest.mark.load
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))


class QuietModel(ScriptedChatModel):
    """Always declines to draft, instantly: the answers are the cited evidence; load goes to the app."""

    def _next(self, messages, kwargs):
        self._history.append(list(messages))
        return "NOT IN NOTES"


def test_twenty_concurrent_sessions_are_answered_and_kept_apart(corpus_settings, corpus_index):
    from load import isolation_problems, run_sessions

    from tutor.answer import Tutor
    from ui.app import create_app, launch

    settings = corpus_settings.model_copy(update={"ui": corpus_settings.ui.model_copy(update={"port": free_port()})})
    app = create_app(settings, tutor=Tutor(corpus_index, QuietModel()))
    launch(settings, app=app, prevent_thread_lock=True)
    try:
        out = run_sessions(f"http://127.0.0.1:{settings.ui.port}/", n=20, timeout=300)
    finally:
        app.close()
    assert out["errors"] == [] and out["answered"] == 20
    assert isolation_problems(out) == []
    assert out["p95_s"] is not None and out["wall_s"] < 300
