"""The OpenAI-compatible backend against a real model server: llama.cpp's own server (the `server` extra of
llama-cpp-python) serving the bundled GGUF, started here on loopback. Chat drafts through it (its
sentences shown only once checked against the notes), and multiple choice asks it to choose, held to a
JSON schema - the same code paths a stronger server model takes."""

from __future__ import annotations

import sys

import httpx
import pytest

from conftest import free_port, openai_server
from tutor.answer import Tutor
from tutor.config import ModelConfig
from tutor.mcq import parse_mcq
from tutor.models import capabilities, make_chat_model
from tutor.models.llamacpp import bundled_gguf
from tutor.support import Judge

ALIAS = "smollm2-135m"


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    port = free_port()
    argv = [sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_gguf()), "--model_alias", ALIAS,
            "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--n_threads", "2", "--seed", "0"]
    with openai_server(argv, port, "llama.cpp's OpenAI-compatible server", 120,
                       tmp_path_factory.mktemp("llama-server") / "server.log") as url:
        yield url


def _model(url: str, strength: str = "strong"):
    return make_chat_model(ModelConfig(backend="openai", model=ALIAS, base_url=url, timeout=120, strength=strength,
                                       max_tokens=96))


def test_the_server_serves_the_bundled_gguf(llama_server):
    models = httpx.get(f"{llama_server}/models", timeout=5).json()["data"]
    assert [m["id"] for m in models] == [ALIAS]
    caps = capabilities(_model(llama_server))
    assert caps.json_schema and not caps.loglik and caps.strength == "strong"


def test_chat_through_the_server_drafts_and_shows_only_checked_sentences(corpus_index, llama_server):
    tutor = Tutor(corpus_index, _model(llama_server))
    events = list(tutor.stream("What does Pipe mode do and when should I use it?"))
    final = events[-1]["answer"]
    assert final.kind == "answer" and final.citations
    assert final.notice is None or "context window" in final.notice, final.notice  # no failure, at most a trim
    assert final.draft.strip(), "the server's draft reached the tutor"
    assert final.model is None or ALIAS in final.model  # named only when one of its sentences was kept
    # what streamed is what the final answer shows: only sentences already checked against the notes
    streamed = [e["text"] for e in events if e["type"] == "sentence"]
    assert all(s in final.text for s in streamed)
    assert "Pipe" in final.text


def test_multiple_choice_through_the_server_asks_it_to_choose(corpus_index, llama_server):
    tutor = Tutor(corpus_index, _model(llama_server))
    q = parse_mcq("Which input mode streams training data from Amazon S3 instead of copying it first?\n"
                  "A. File mode\nB. Pipe mode\nC. Batch transform\nD. Local mode")
    rows, passages, _req, method, output = tutor.scorer.features(q, with_model=True)
    assert method == "notes + model choice" and passages
    assert output and any(r.model == 1.0 for r in rows), output  # the server's JSON choice was read
    result = tutor.scorer.score(q)  # the default answer: the model's fitted weight decides its part
    assert result.chosen == ["B"]
    closed = tutor.scorer._closed_book(q, [r for r in rows])
    assert closed.chosen and set(closed.chosen) <= set(q.options)


def test_a_judge_over_the_same_index_is_unaffected(corpus_index, llama_server):
    """The backend changes nothing about verification: the same claim gets the same verdict."""
    judge = Judge(corpus_index.embeddings)
    line = "Pipe mode streams data directly from Amazon S3 to the training instances."
    assert judge.judge("Pipe mode streams data from S3", line).supported
