"""20 concurrent chat sessions against the running app (loopback, bounded): all answered, none sees
another's history or citations. Latency and memory with the real model: bench/load_bench.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

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

    from conftest import on_free_port, serving
    from tutor.session import Session

    session = Session(on_free_port(corpus_settings), model=QuietModel())
    with serving(session) as (url, _):
        out = run_sessions(url, n=20, timeout=300)
    assert out["errors"] == [] and out["answered"] == 20
    assert isolation_problems(out) == []
    lat = sorted(x for r in out["results"] for x in r["latencies"]) if "results" in out else []
    assert out["p50_s"] <= out["p95_s"] and out["wall_s"] < 300
    if lat:  # the figures are the session latencies' own percentiles
        assert lat[0] <= out["p50_s"] <= out["p95_s"] <= lat[-1]
