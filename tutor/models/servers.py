"""Server backends: any OpenAI-compatible server and Ollama, as LangChain chat models that say what
they can do (see `tutor.models`)."""

from __future__ import annotations

from typing import ClassVar

from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI


class OpenAIChat(ChatOpenAI):
    """An OpenAI-compatible server (vLLM, llama.cpp's server, LM Studio, OpenAI)."""

    loglik: ClassVar[bool] = False
    json_schema: ClassVar[bool] = True
    strength: str = "strong"

    @property
    def label(self) -> str:
        return f"openai:{self.model_name}@{self.openai_api_base or 'default'}"

    def bind_json(self, schema: dict):
        """The reply held to `schema`: OpenAI's and vLLM's `json_schema` form, else (a server that refuses
        that form with an error status, as llama.cpp's own server does) `json_object` with the schema."""
        import openai

        strict = self.bind(response_format={"type": "json_schema",
                                            "json_schema": {"name": "answer", "schema": schema, "strict": True}})
        loose = self.bind(response_format={"type": "json_object", "schema": schema})
        return strict.with_fallbacks([loose], exceptions_to_handle=(openai.APIStatusError,))


class OllamaChat(ChatOllama):
    loglik: ClassVar[bool] = False
    json_schema: ClassVar[bool] = True
    strength: str = "strong"

    @property
    def label(self) -> str:
        return f"ollama:{self.model}@{self.base_url}"

    def bind_json(self, schema: dict):
        return self.bind(format=schema)
