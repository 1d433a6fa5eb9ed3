"""Chat model backends behind LangChain's chat-model seam, chosen by name from typed config.

    llamacpp  a GGUF file run by llama.cpp (default: the bundled SmolLM2-135M-Instruct)
    openai    any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, OpenAI) by base URL
    ollama    an Ollama model by name

Backends are imported only when chosen, so importing this package loads no model library.
"""

from __future__ import annotations

import difflib

from langchain_core.language_models import BaseChatModel

from tutor.config import ModelConfig
from tutor.models.errors import BackendError, BackendTimeout, explain

BACKENDS = ("llamacpp", "openai", "ollama")

__all__ = ["BACKENDS", "BackendError", "BackendTimeout", "explain", "make_chat_model", "model_label", "model_timeout"]


def make_chat_model(cfg: ModelConfig) -> BaseChatModel:
    if cfg.backend == "llamacpp":
        from tutor.models.llamacpp import LlamaCppChat, bundled_gguf

        return LlamaCppChat(
            model_path=str(cfg.model or bundled_gguf()), n_ctx=cfg.n_ctx, n_threads=cfg.n_threads,
            max_tokens=cfg.max_tokens, temperature=cfg.temperature, seed=cfg.seed, timeout=cfg.timeout,
        )
    if cfg.backend == "openai":
        if not cfg.model:
            raise BackendError("TUTOR_BACKEND=openai needs TUTOR_MODEL (the model name the server serves).")
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=cfg.model, base_url=cfg.base_url, api_key=cfg.api_key or "not-needed", timeout=cfg.timeout,
            max_retries=0, temperature=cfg.temperature, max_tokens=cfg.max_tokens, seed=cfg.seed,
        )
    if cfg.backend == "ollama":
        if not cfg.model:
            raise BackendError("TUTOR_BACKEND=ollama needs TUTOR_MODEL (e.g. llama3.2:3b).")
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=cfg.model, base_url=cfg.base_url or "http://127.0.0.1:11434", temperature=cfg.temperature,
            num_predict=cfg.max_tokens, seed=cfg.seed, client_kwargs={"timeout": cfg.timeout},
        )
    close = difflib.get_close_matches(cfg.backend, BACKENDS, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise BackendError(f"Unknown backend {cfg.backend!r}; choose one of {', '.join(BACKENDS)}.{hint}")


def model_timeout(model: BaseChatModel, default: float | None = None) -> float | None:
    for attr in ("timeout", "request_timeout"):
        value = getattr(model, attr, None)
        if isinstance(value, (int, float)):
            return float(value)
    return default


def model_label(model: BaseChatModel) -> str:
    label = getattr(model, "label", None)
    if label:
        return label
    name = getattr(model, "model_name", None) or getattr(model, "model", None) or type(model).__name__
    base = getattr(model, "openai_api_base", None) or getattr(model, "base_url", None)
    return f"{type(model).__name__}:{name}" + (f"@{base}" if base else "")
