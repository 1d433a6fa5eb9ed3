"""The ONNX export of the bundled MiniLM gives the vectors of the original model, for every chunk of the
bundled notes, and the query path never loads torch."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from conftest import CORPUS


def test_onnx_vectors_equal_the_original_model_and_the_index_for_every_chunk(corpus_index):
    from sentence_transformers import SentenceTransformer

    from ingest.embeddings import bundled_model_dir, shared_embeddings

    chunks = list(corpus_index.store.iter_chunks(with_text=True))
    assert len(chunks) > 250
    texts = [c.document for c in chunks]
    onnx = shared_embeddings().embed(texts)
    reference = SentenceTransformer(str(bundled_model_dir()), device="cpu").encode(
        texts, normalize_embeddings=True, batch_size=32)
    stored = corpus_index.store.vectors([c.id for c in chunks])
    index = np.asarray([stored[c.id] for c in chunks], dtype=np.float32)
    vs_reference = (onnx * reference).sum(1)
    vs_index = (onnx * index).sum(1)
    assert vs_reference.min() >= 0.999, texts[int(vs_reference.argmin())][:200]
    assert vs_index.min() >= 0.999, texts[int(vs_index.argmin())][:200]
    # a query is embedded the same way one text at a time as in a batch
    single = np.asarray(shared_embeddings().embed_query(texts[0]), dtype=np.float32)
    assert float(single @ onnx[0]) >= 0.9999


def test_the_query_path_loads_no_torch_transformers_or_langchain(corpus_settings, corpus_index):
    code = f"""
import json, sys
from tutor.config import load_settings
from tutor.session import Session
from tutor.retrieval import Retriever
s = Session(load_settings(notes_dir={str(CORPUS)!r}, home={str(corpus_settings.data_dir)!r}), use_model=False)
hits = Retriever(s.index).search("What does Pipe mode do?", k=5)
assert hits and "pipe mode" in " ".join(h.text.lower() for h in hits)
heavy = ("torch", "transformers", "sentence_transformers", "langchain_huggingface", "langchain_chroma", "gradio")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
