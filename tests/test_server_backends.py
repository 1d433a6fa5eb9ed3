"""OpenAI-compatible server backends over real HTTP (a stub server process at the network seam):
working, down, hanging and dying mid-answer. In every failure the student gets cited passages
from the notes and a clear message, not a stack trace."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import free_port, openai_server
from tutor.answer import Tutor
from tutor.config import ModelConfig
from tutor.models import make_chat_model

STUB = Path(__file__).parent / "helpers" / "openai_stub.py"
PIPE_Q = "What does Pipe mode do and when should I use it?"


@pytest.fixture
def stub_server(request, tmp_path):
    mode = getattr(request, "param", "ok")
    port = free_port()
    with openai_server([sys.executable, str(STUB), str(port), mode], port, "the stub model server", 30,
                       tmp_path / "stub.log") as url:
        yield url


def _tutor(index, url: str, timeout: float = 30) -> Tutor:
    model = make_chat_model(ModelConfig(backend="openai", model="stub", base_url=url, timeout=timeout))
    return Tutor(index, model)


def test_openai_compatible_server_answers_with_citations(corpus_index, stub_server):
    ans = _tutor(corpus_index, stub_server).ask(PIPE_Q)
    assert ans.kind == "answer" and (ans.notice is None or "context window" in ans.notice), ans.notice
    assert ans.text.startswith("In Pipe mode, your training job streams data directly from Amazon S3")
    assert "streams data directly" in ans.citations[0].passage.text


def test_server_down_gives_passages_and_message(corpus_index):
    ans = _tutor(corpus_index, f"http://127.0.0.1:{free_port()}/v1").ask(PIPE_Q)
    assert ans.citations and "Pipe mode" in ans.text
    assert "not reachable" in ans.notice


@pytest.mark.parametrize("stub_server", ["hang"], indirect=True)
def test_server_hanging_mid_answer_times_out_with_message(corpus_index, stub_server):
    ans = _tutor(corpus_index, stub_server, timeout=3).ask(PIPE_Q)
    assert ans.citations and "did not answer within 3" in ans.notice


@pytest.mark.parametrize("stub_server", ["die"], indirect=True)
def test_server_dying_mid_answer_gives_message(corpus_index, stub_server):
    ans = _tutor(corpus_index, stub_server).ask(PIPE_Q)
    assert ans.citations and ans.notice and "notes say instead" in ans.notice
