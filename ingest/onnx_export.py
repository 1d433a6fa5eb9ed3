"""Export the bundled all-MiniLM-L6-v2 weights to ONNX, once per machine.

    python -m ingest.onnx_export      # setup runs this; prints where the file is

The graph is the transformer followed by the model's own mean pooling and L2 normalisation, so it
outputs sentence vectors directly. The export needs torch and transformers (installed, but never
imported on the query path). Before the file is used, its vectors are checked against the torch
model's on probe sentences; a failed check leaves no file behind. The file lives in the user's cache
(`$TUTOR_CACHE`, else `$XDG_CACHE_HOME/notes-tutor`, else `~/.cache/notes-tutor`), named after the
model package version, so every notes folder and every test session shares one export.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
import uuid
import warnings
from pathlib import Path

from ingest.embeddings import EmbeddingModelMissing, MAX_TOKENS, bundled_model_dir, model_version

OPSET = 17
EXPORT_VERSION = 1
PROBES = ["What does Pipe mode do?", "Kinesis Data Streams keeps data for 24 hours by default.",
          "a", "Normalization scales values from 0 to 1 but does not handle outliers well. " * 20]


def cache_dir() -> Path:
    base = os.environ.get("TUTOR_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache"), "notes-tutor")
    return Path(base)


def onnx_path() -> Path:
    name = f"all-MiniLM-L6-v2-{model_version()}-opset{OPSET}-v{EXPORT_VERSION}.onnx"
    return cache_dir() / "models" / name


def ensure_onnx(quiet: bool = False) -> Path:
    """The exported model file, exporting it first if this machine has none yet."""
    path = onnx_path()
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two processes starting at once: one exports, the other waits
        if not path.is_file():
            if not quiet:
                print("Preparing the embedding model for this machine (once, about 15 s)…", file=sys.stderr)
            export(path)
    return path


def export(path: Path) -> dict:
    try:
        import torch
        from transformers import AutoModel
    except ImportError as exc:
        raise EmbeddingModelMissing(
            f"Exporting the embedding model needs torch and transformers ({exc}). Run `make setup`.") from exc
    from ingest.env import configure_offline

    configure_offline()
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    started = time.monotonic()
    model = AutoModel.from_pretrained(str(bundled_model_dir()), local_files_only=True).eval()

    class SentenceVectors(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.inner(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=token_type_ids).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    wrapped = SentenceVectors(model)
    want = _reference(wrapped)  # before tracing: the trace leaves the torch module changed
    dummy = torch.ones(2, 8, dtype=torch.long)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:6]}.tmp")
    inputs = ("input_ids", "attention_mask", "token_type_ids")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on advanced indexing and mask shapes
            torch.onnx.export(
                wrapped, (dummy, dummy, torch.zeros_like(dummy)), str(tmp),
                input_names=list(inputs), output_names=["embedding"],
                dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in inputs}, "embedding": {0: "batch"}},
                opset_version=OPSET, dynamo=False)
        check = _check(tmp, want)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    info = {"file": str(path), "seconds": round(time.monotonic() - started, 1), **check}
    path.with_suffix(".json").write_text(json.dumps(info, indent=1))
    return info


def _probe_batch():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(bundled_model_dir() / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok.encode_batch(PROBES)


def _reference(torch_model):
    import torch

    enc = _probe_batch()
    ids = torch.tensor([e.ids for e in enc])
    mask = torch.tensor([e.attention_mask for e in enc])
    with torch.no_grad():
        return torch_model(ids, mask, torch.zeros_like(ids)).numpy()


def _check(onnx_file: Path, want) -> dict:
    """The exported graph must give the torch model's vectors (cosine >= 0.9999 on the probes)."""
    from ingest.embeddings import OnnxEmbeddings

    got = OnnxEmbeddings(onnx_file).embed(PROBES)
    cos = (want * got).sum(1)
    if float(cos.min()) < 0.9999:
        raise EmbeddingModelMissing(f"The ONNX export of the embedding model disagrees with the original "
                                    f"(cosine {float(cos.min()):.5f}); it was not installed.")
    return {"probe_min_cosine": round(float(cos.min()), 6)}


if __name__ == "__main__":
    print(ensure_onnx(quiet=True))
