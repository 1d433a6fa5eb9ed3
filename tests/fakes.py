"""A scripted chat model for unit tests of the chains. It is a real LangChain `BaseChatModel`, so it
goes through the same seam as the real backends: `.enqueue()` scripts replies, `.history` records
exactly what the model was sent, `.fail_with` makes the next call raise."""

from __future__ import annotations

from typing import Any, Iterator

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr


class ScriptedChatModel(BaseChatModel):
    _replies: list = PrivateAttr(default_factory=list)
    _history: list = PrivateAttr(default_factory=list)
    _kwargs: list = PrivateAttr(default_factory=list)
    fail_with: Any = None
    label: str = "scripted:fake"
    strength: str = "weak"  # like the bundled model: drafts are checked, rewriting stays rule-based

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    def enqueue(self, *replies: str) -> "ScriptedChatModel":
        self._replies.extend(replies)
        return self

    @property
    def history(self) -> list[list[BaseMessage]]:
        return self._history

    @property
    def call_kwargs(self) -> list[dict]:
        return self._kwargs

    def _next(self, messages, kwargs) -> str:
        self._history.append(list(messages))
        self._kwargs.append(dict(kwargs))
        if self.fail_with is not None:
            raise self.fail_with
        if not self._replies:
            raise AssertionError("ScriptedChatModel was called more often than scripted")
        return self._replies.pop(0)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self._next(messages, kwargs)))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        text = self._next(messages, kwargs)
        for i, word in enumerate(text.split(" ")):
            yield ChatGenerationChunk(message=AIMessageChunk(content=(" " if i else "") + word))
