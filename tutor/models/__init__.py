"""Chat model backends behind LangChain's chat-model seam, chosen by name from typed config.

    llamacpp  a GGUF file run by llama.cpp (default: the bundled SmolLM2-135M-Instruct)
    openai    any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, OpenAI) by base URL
    ollama    an Ollama model by name

What a backend can do is said by the backend itself, as attributes (`capabilities` reads them):
`loglik` (it scores continuations, `loglikelihoods`), `json_schema` (it can be held to a JSON schema,
`bind_json`), `strength` ("weak" or "strong": whether its drafted answers are worth waiting for) and
`label`. Backends are imported only when chosen, so importing this package loads no model library.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.models.errors import BackendError, BackendTimeout, explain

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from tutor.config import ModelConfig

BACKENDS = ("llamacpp", "openai", "ollama")

__all__ = ["BACKENDS", "BackendError", "BackendTimeout", "Capabilities", "capabilities", "explain",
           "json_runnable", "make_chat_model", "model_label", "model_timeout"]


def make_chat_model(cfg: "ModelConfig") -> "BaseChatModel":
    strength = None if cfg.strength == "auto" else cfg.strength
    if cfg.backend == "llamacpp":
        from tutor.models.llamacpp import LlamaCppChat, bundled_gguf

        path = str(cfg.model or bundled_gguf())
        return LlamaCppChat(
            model_path=path, n_ctx=cfg.n_ctx, n_threads=cfg.n_threads, max_tokens=cfg.max_tokens,
            temperature=cfg.temperature, seed=cfg.seed, timeout=cfg.timeout, start_timeout=cfg.start_timeout,
            strength=strength or ("weak" if cfg.model is None else "strong"),
        )
    if cfg.backend == "openai":
        if not cfg.model:
            raise BackendError("TUTOR_BACKEND=openai needs TUTOR_MODEL (the model name the server serves).")
        from tutor.models.servers import OpenAIChat

        return OpenAIChat(
            model=cfg.model, base_url=cfg.base_url, api_key=cfg.api_key or "not-needed", timeout=cfg.timeout,
            max_retries=0, temperature=cfg.temperature, max_tokens=cfg.max_tokens, seed=cfg.seed,
            strength=strength or "strong",
        )
    if cfg.backend == "ollama":
        if not cfg.model:
            raise BackendError("TUTOR_BACKEND=ollama needs TUTOR_MODEL (e.g. llama3.2:3b).")
        from tutor.models.servers import OllamaChat

        return OllamaChat(
            model=cfg.model, base_url=cfg.base_url or "http://127.0.0.1:11434", temperature=cfg.temperature,
            num_predict=cfg.max_tokens, seed=cfg.seed, client_kwargs={"timeout": cfg.timeout},
            strength=strength or "strong",
        )
    close = difflib.get_close_matches(cfg.backend, BACKENDS, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise BackendError(f"Unknown backend {cfg.backend!r}; choose one of {', '.join(BACKENDS)}.{hint}")


@dataclass(frozen=True)
class Capabilities:
    loglik: bool = False
    json_schema: bool = False
    strength: str = "strong"


def capabilities(model) -> Capabilities:
    """What `model` says it can do (attributes on the backend; absent ones take the plain defaults)."""
    if model is None:
        return Capabilities(strength="none")
    return Capabilities(bool(getattr(model, "loglik", False)), bool(getattr(model, "json_schema", False)),
                        str(getattr(model, "strength", "strong")))


def json_runnable(model, schema: dict):
    """`model` held to a JSON schema if the backend can do that, else `model` itself (its reply is then
    parsed leniently by the caller)."""
    bind = getattr(model, "bind_json", None)
    return bind(schema) if callable(bind) and capabilities(model).json_schema else model


def model_timeout(model, default: float | None = None) -> float | None:
    for attr in ("timeout", "request_timeout"):
        value = getattr(model, attr, None)
        if isinstance(value, (int, float)):
            return float(value)
    return default


def model_label(model) -> str:
    label = getattr(model, "label", None)
    if label:
        return label
    name = getattr(model, "model_name", None) or getattr(model, "model", None) or type(model).__name__
    base = getattr(model, "openai_api_base", None) or getattr(model, "base_url", None)
    return f"{type(model).__name__}:{name}" + (f"@{base}" if base else "")
