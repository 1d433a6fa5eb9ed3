"""The one typed settings object, read from the environment (and CLI flags) in one place.

Environment variables (all optional):

    TUTOR_NOTES        notes folder (default: the bundled ./corpus)
    TUTOR_HOME         where indexes, attempts and eval runs live (default ~/.local/share/notes-tutor)
    TUTOR_CHROMA_URL   http://host:port of a shared Chroma server (default: embedded store)
    TUTOR_BACKEND      llamacpp | openai | ollama   (default llamacpp, the bundled SmolLM2-135M)
    TUTOR_MODEL        GGUF path (llamacpp) or model name (openai/ollama)
    TUTOR_BASE_URL     server URL for openai-compatible / ollama backends
    TUTOR_API_KEY      key for the openai-compatible server (or OPENAI_API_KEY)
    TUTOR_TIMEOUT      seconds before a model call is abandoned (default 120)
    TUTOR_START_TIMEOUT  seconds the local model may take to start (default 180; separate from the above)
    TUTOR_MODEL_STRENGTH weak | strong: override what the backend says of itself (decides whether chat
                       answers wait for a drafted answer; the bundled 135M model is "weak")
    TUTOR_CHUNK_TOKENS, TUTOR_MAX_FILE_MB   chunking limits
    TUTOR_MAX_UPLOAD_MB  largest file the web UI accepts when TUTOR_AUTH is set (default 50)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ingest.config import IndexConfig
from ingest.errors import TutorError

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class ModelConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Literal["llamacpp", "openai", "ollama"] = "llamacpp"
    model: str | None = Field(None, description="GGUF path for llamacpp; model name for servers")
    base_url: str | None = None
    api_key: str | None = None
    timeout: float = Field(120.0, gt=0, description="seconds one request may take once the model runs")
    start_timeout: float = Field(180.0, gt=0, description="seconds a local model may take to start")
    strength: Literal["auto", "weak", "strong"] = "auto"
    n_ctx: int = Field(2048, ge=512, le=131072, description="context window (llamacpp)")
    n_threads: int | None = None
    max_tokens: int = Field(160, ge=8, le=4096)
    temperature: float = Field(0.0, ge=0, le=2)
    seed: int = 0

    @property
    def label(self) -> str:
        if self.backend == "llamacpp":
            return f"llamacpp:{Path(self.model).name if self.model else 'SmolLM2-135M-Instruct.Q4_1.gguf'}"
        return f"{self.backend}:{self.model}@{self.base_url or 'default'}"


class RetrievalConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    k: int = Field(5, ge=1, le=50, description="passages given to the answer step")
    candidates: int = Field(30, ge=5, le=500, description="hits taken from each retriever before fusion")
    rrf_k: int = Field(60, ge=1, description="reciprocal rank fusion constant")
    context_tokens: int = Field(900, ge=100, le=100000, description="budget for passages in an answer prompt")
    mcq_context_tokens: int = Field(500, ge=100, le=100000,
                                    description="budget for passages in the option-scoring prompt")


class UIConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(7860, ge=0, le=65535)
    auth: tuple[str, str] | None = None
    max_upload_mb: float = Field(50.0, gt=0, description="largest upload accepted when a login is required")


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    index: IndexConfig
    model: ModelConfig = ModelConfig()
    retrieval: RetrievalConfig = RetrievalConfig()
    ui: UIConfig = UIConfig()
    # Evals only: the corpus whose labels must not have been used to fit anything this run uses
    # (leave-one-corpus-out). `tutor.fitted.load` then gives the parameters fitted without it.
    holdout: str | None = None

    @property
    def data_dir(self) -> Path:
        return self.index.data_dir



def default_notes_dir() -> Path:
    bundled = PROJECT_ROOT / "corpus"
    return bundled if bundled.is_dir() else Path.cwd()


def default_home(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "notes-tutor"


ENV_NAMES = {"backend": "TUTOR_BACKEND", "model": "TUTOR_MODEL", "base_url": "TUTOR_BASE_URL",
             "timeout": "TUTOR_TIMEOUT", "start_timeout": "TUTOR_START_TIMEOUT", "strength": "TUTOR_MODEL_STRENGTH",
             "port": "TUTOR_PORT", "host": "TUTOR_HOST", "chunk_tokens": "TUTOR_CHUNK_TOKENS",
             "max_file_mb": "TUTOR_MAX_FILE_MB", "chroma_url": "TUTOR_CHROMA_URL", "max_upload_mb": "TUTOR_MAX_UPLOAD_MB"}


class SettingsError(TutorError):
    """A setting (environment variable or flag) has a value the tutor cannot use."""


def load_settings(env: Mapping[str, str] | None = None, **overrides) -> Settings:
    """Build Settings from the environment; keyword overrides (from CLI flags) win when not None.
    Raises SettingsError naming the setting when a value is unusable."""
    try:
        return _load(os.environ if env is None else env, overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first.get("loc", ("?",))[-1])
        raise SettingsError(f"{ENV_NAMES.get(field, field)}: {first.get('msg', 'invalid')} "
                            f"(got {first.get('input')!r}).") from None
    except ValueError as exc:
        raise SettingsError(str(exc)) from None


def _load(env: Mapping[str, str], overrides: dict) -> Settings:
    o = {k: v for k, v in overrides.items() if v is not None}
    index = IndexConfig(
        notes_dir=Path(o.get("notes_dir") or env.get("TUTOR_NOTES") or default_notes_dir()),
        data_dir=Path(o.get("home") or env.get("TUTOR_HOME") or default_home(env)),
        chroma_url=o.get("chroma_url") or env.get("TUTOR_CHROMA_URL") or None,
        **_num(env, "chunk_tokens", "TUTOR_CHUNK_TOKENS", int),
        **_num(env, "max_file_mb", "TUTOR_MAX_FILE_MB", float, o.get("max_file_mb")),
    )
    model = ModelConfig(
        backend=o.get("backend") or env.get("TUTOR_BACKEND") or "llamacpp",
        model=o.get("model") or env.get("TUTOR_MODEL") or None,
        base_url=o.get("base_url") or env.get("TUTOR_BASE_URL") or None,
        api_key=env.get("TUTOR_API_KEY") or env.get("OPENAI_API_KEY") or None,
        strength=o.get("strength") or env.get("TUTOR_MODEL_STRENGTH") or "auto",
        **_num(env, "timeout", "TUTOR_TIMEOUT", float, o.get("timeout")),
        **_num(env, "start_timeout", "TUTOR_START_TIMEOUT", float, o.get("start_timeout")),
    )
    ui = UIConfig(
        host=o.get("host") or env.get("TUTOR_HOST") or "127.0.0.1",
        port=int(o.get("port") or env.get("TUTOR_PORT") or 7860),
        auth=_auth(o.get("auth") or env.get("TUTOR_AUTH")),
        **_num(env, "max_upload_mb", "TUTOR_MAX_UPLOAD_MB", float),
    )
    return Settings(index=index, model=model, ui=ui)


def _num(env: Mapping[str, str], field: str, var: str, cast, override=None) -> dict:
    raw = override if override is not None else env.get(var)
    if raw in (None, ""):
        return {}
    try:
        return {field: cast(raw)}
    except ValueError:
        raise ValueError(f"{var}={raw!r} is not a number") from None


def _auth(raw: str | None) -> tuple[str, str] | None:
    if not raw:
        return None
    user, sep, password = raw.partition(":")
    if not sep or not user or not password:
        raise ValueError("TUTOR_AUTH must look like user:password")
    return (user, password)
