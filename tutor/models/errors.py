"""Errors from language-model backends, phrased for a student."""

from __future__ import annotations


class BackendError(RuntimeError):
    """The language model could not answer. The message says why and what to do."""


class BackendTimeout(BackendError):
    pass


def explain(exc: BaseException, label: str, timeout: float | None = None) -> str:
    """Turn any backend exception into one sentence a student can act on."""
    if isinstance(exc, BackendError):
        return str(exc)
    name = type(exc).__name__
    text = str(exc)
    low = f"{name} {text}".lower()
    if "timeout" in low or "timed out" in low:
        limit = f"{timeout:g} s" if timeout else "its time limit"
        return f"The model ({label}) did not answer within {limit}. Try again, or raise TUTOR_TIMEOUT."
    if "connect" in low or "connection" in low or "refused" in low:
        return (f"The model server ({label}) is not reachable ({name}). Start it, or unset TUTOR_BACKEND to use "
                "the bundled local model.")
    if "401" in low or "403" in low or "auth" in low or "api key" in low:
        return f"The model server ({label}) rejected the request: check TUTOR_API_KEY."
    if "404" in low and "model" in low:
        return f"The model server ({label}) does not serve that model: check TUTOR_MODEL."
    return f"The model ({label}) failed: {name}: {text[:300]}"
