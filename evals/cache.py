"""Model responses cached by a hash of the request, so re-running an eval is fast.

Only deterministic requests are cached (log-likelihoods; generations at temperature 0); a sampling
configuration bypasses the cache. The wrapper is a LangChain chat model itself, so the tutor uses
it exactly like the model it wraps.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterator

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from tutor.models import capabilities, json_runnable, model_label, model_timeout


class ResponseCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS r (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    @staticmethod
    def key(*parts: Any) -> str:
        return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()

    def get(self, key: str):
        with self._lock:
            row = self._db.execute("SELECT v FROM r WHERE k = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return json.loads(row[0])

    def put(self, key: str, value) -> None:
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO r VALUES (?, ?)", (key, json.dumps(value)))


class CachedModel(BaseChatModel):
    inner: Any
    _cache: ResponseCache = PrivateAttr()

    def __init__(self, inner: BaseChatModel, cache: ResponseCache) -> None:
        super().__init__(inner=inner)
        self._cache = cache

    @property
    def _llm_type(self) -> str:
        return f"cached-{getattr(self.inner, '_llm_type', 'model')}"

    @property
    def label(self) -> str:
        return model_label(self.inner)

    @property
    def timeout(self) -> float | None:
        return model_timeout(self.inner)

    @property
    def loglik(self) -> bool:
        return capabilities(self.inner).loglik

    @property
    def json_schema(self) -> bool:
        return capabilities(self.inner).json_schema

    @property
    def strength(self) -> str:
        return capabilities(self.inner).strength

    def bind_json(self, schema: dict):
        return self.bind(json_schema_request=schema)

    def _runnable(self, kwargs: dict):
        kwargs = dict(kwargs)
        schema = kwargs.pop("json_schema_request", None)
        runnable = json_runnable(self.inner, schema) if schema is not None else self.inner
        return runnable.bind(**kwargs) if kwargs else runnable

    def _deterministic(self, kwargs: dict) -> bool:
        return float(kwargs.get("temperature", getattr(self.inner, "temperature", 0.0) or 0.0)) == 0.0

    def _key(self, messages, kwargs) -> str:
        return ResponseCache.key("chat", self.label, [(m.type, m.content) for m in messages], kwargs)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        key = self._key(messages, kwargs)
        text = self._cache.get(key) if self._deterministic(kwargs) else None
        if text is None:
            text = str(self._runnable(kwargs).invoke(messages).content)
            if self._deterministic(kwargs):
                self._cache.put(key, text)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        key = self._key(messages, kwargs)
        text = self._cache.get(key) if self._deterministic(kwargs) else None
        if text is not None:
            yield ChatGenerationChunk(message=AIMessageChunk(content=text))
            return
        pieces = []
        runnable = self._runnable(kwargs)
        for chunk in runnable.stream(messages):
            pieces.append(str(chunk.content))
            yield ChatGenerationChunk(message=AIMessageChunk(content=str(chunk.content)))
        if self._deterministic(kwargs):
            self._cache.put(key, "".join(pieces))

    def loglikelihoods(self, prefix: str, continuations: list[str]) -> list[tuple[float, int]]:
        key = ResponseCache.key("loglik", self.label, prefix, continuations)
        got = self._cache.get(key)
        if got is None:
            got = [list(x) for x in self.inner.loglikelihoods(prefix, continuations)]
            self._cache.put(key, got)
        return [(float(a), int(b)) for a, b in got]

    def count_tokens(self, texts: list[str]) -> list[int]:
        key = ResponseCache.key("tokens", self.label, texts)
        got = self._cache.get(key)
        if got is None:
            got = list(self.inner.count_tokens(texts))
            self._cache.put(key, got)
        return got

    def close(self) -> None:
        if hasattr(self.inner, "close"):
            self.inner.close()
