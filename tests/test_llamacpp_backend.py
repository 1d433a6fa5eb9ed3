"""The embedded backend for real: the bundled SmolLM2-135M GGUF run by llama.cpp in a worker process."""

from __future__ import annotations

import re

import os
import signal
import threading
import time

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from conftest import CORPUS
from tutor.config import ModelConfig
from tutor.models import BackendError, BackendTimeout, make_chat_model


@pytest.fixture(scope="module")
def llm():
    model = make_chat_model(ModelConfig(max_tokens=48))
    yield model
    model.close()


def test_multi_hundred_token_prompt_runs(llm):
    notes = (CORPUS / "cheat-sheet.md").read_text()[:2600]
    msgs = [SystemMessage("Answer from the notes in one sentence."),
            HumanMessage(f"Notes:\n{notes}\n\nQuestion: What is Kinesis Firehose used for?")]
    n_prompt = sum(llm.count_tokens([m.content for m in msgs]))
    assert n_prompt > 500
    reply = llm.invoke(msgs).content
    assert isinstance(reply, str) and len(reply.split()) >= 3
    # it read the prompt: its reply uses words of the notes it was given
    used = {w for w in re.findall(r"[a-z]{4,}", reply.lower())} & set(re.findall(r"[a-z]{4,}", notes.lower()))
    assert len(used) >= 2, reply


def test_streaming_yields_tokens(llm):
    chunks = [c.content for c in llm.stream([HumanMessage("Name three colours.")])]
    assert len(chunks) > 2 and "".join(chunks).strip()


def test_a_stream_resumed_on_another_thread_finishes_and_frees_the_model(llm):
    """The UI's worker threads advance one answer's stream in turns: the model must not be left locked."""
    def on_new_thread(fn, timeout, hold: threading.Event | None = None):
        box, got = {}, threading.Event()

        def run():
            box.update(value=fn())
            got.set()
            if hold is not None:  # stay alive, so the next thread cannot reuse this one's identity
                hold.wait(timeout)

        threading.Thread(target=run, daemon=True).start()
        assert got.wait(timeout), "the model stayed locked or the call failed"
        return box["value"]

    first_alive = threading.Event()
    stream = llm._stream([HumanMessage("Name three colours.")])  # the backend's own token stream
    head = on_new_thread(lambda: next(stream), 120, hold=first_alive)
    try:
        rest = on_new_thread(lambda: [c.message.content for c in stream], 120)
    finally:
        first_alive.set()
    assert head.message.content + "".join(rest)
    assert on_new_thread(lambda: llm.count_tokens(["hello world"]), 60)[0] > 0  # served from yet another thread


def test_loglikelihood_prefers_the_sensible_continuation(llm):
    (blue, nb), (banana, _) = llm.loglikelihoods("Question: What colour is a clear daytime sky?\nAnswer:",
                                                 [" blue", " a banana"])
    assert nb >= 1 and blue > banana


def test_json_schema_constrains_the_output(llm):
    import json

    schema = {"type": "object", "properties": {"answer": {"type": "array", "minItems": 1, "maxItems": 1,
              "items": {"type": "string", "enum": ["A", "B", "C"]}}}, "required": ["answer"]}
    out = llm.bind(json_schema=schema).invoke([HumanMessage("Which is a fruit? A. car B. apple C. rock")]).content
    data = json.loads(out)
    assert data["answer"][0] in {"A", "B", "C"}


def test_worker_killed_mid_answer_gives_clear_error_and_recovers(llm):
    errors: list[BaseException] = []
    started = threading.Event()

    def run():
        try:
            for _ in llm.stream([HumanMessage("Write a long story about a dragon.")], max_tokens=400):
                started.set()
        except BaseException as exc:  # noqa: BLE001 - we assert on it
            errors.append(exc)
        started.set()

    t = threading.Thread(target=run)
    t.start()
    assert started.wait(60)
    os.kill(llm._worker.proc.pid, signal.SIGKILL)
    t.join(60)
    assert errors and isinstance(errors[0], BackendError) and "stopped unexpectedly" in str(errors[0])
    assert llm.invoke([HumanMessage("Say hi.")]).content  # restarted transparently


def test_hung_worker_times_out_and_is_replaced():
    model = make_chat_model(ModelConfig(max_tokens=16, timeout=4))
    try:
        model.invoke([HumanMessage("hi")])
        os.kill(model._worker.proc.pid, signal.SIGSTOP)  # frozen, like a hang in native code
        t0 = time.monotonic()
        with pytest.raises(BackendTimeout, match="did not respond within 4"):
            model.invoke([HumanMessage("hi again")])
        assert time.monotonic() - t0 < 15
        assert model.invoke([HumanMessage("and again")]).content.strip()  # the replacement really answers
    finally:
        model.close()


def test_missing_gguf_is_a_clear_error():
    model = make_chat_model(ModelConfig(model="/nonexistent/model.gguf"))
    with pytest.raises(BackendError, match="does not exist"):
        model.invoke([HumanMessage("hi")])


def test_unknown_backend_suggests_the_right_name():
    with pytest.raises(Exception, match="Did you mean 'ollama'"):
        make_chat_model(ModelConfig.model_construct(backend="olama", model="x"))


def test_a_worker_pipe_numbered_above_1024_is_read():
    # a full CI run once failed here with "filedescriptor out of range in select()": by then the test process held
    # over a thousand files, and the model worker's pipe got a number select() cannot watch
    import os
    import resource
    import subprocess
    import sys
    from types import SimpleNamespace

    from tutor.models.llamacpp import _Worker
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 2048:
        pytest.skip(f"this machine allows only {hard} open files per process")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 2048), hard))
    proc = subprocess.Popen([sys.executable, "-c", "import json; print(json.dumps({'type': 'ready', 'n_ctx': 1}))"],
                            stdout=subprocess.PIPE)
    high = os.dup2(proc.stdout.fileno(), 1500)
    try:
        worker = _Worker.__new__(_Worker)
        worker.proc, worker._buf = SimpleNamespace(stdout=SimpleNamespace(fileno=lambda: high), poll=proc.poll,
                                                   wait=proc.wait), b""
        assert worker.next_message(30) == {"type": "ready", "n_ctx": 1}
    finally:
        os.close(high)
        proc.wait(10)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
