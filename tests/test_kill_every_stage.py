"""Ingest SIGKILLed at every stage it reports - reading, chunking, embedding, writing the store, removing,
the keyword index, the question bank - 21 kills, each proven (the process died of signal 9), each
followed by a normal run that must leave the index identical to a clean build of the same notes: chunk
ids and metadata, vectors, the BM25 index and the question bank.

Each kill starts from an index of other notes (one extra file), so the killed run has everything in
flight at once: the bundled notes to add, the extra file's chunks to remove."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import CORPUS, seed_embedding_cache

HELPER = Path(__file__).parent / "helpers" / "ingest_and_die.py"

# (stage as ingest reports it, the count at which the process kills itself)
KILLS = [("Reading notes", 0), ("Reading notes", 2), ("Reading notes", 4),
         ("Chunking", 0), ("Chunking", 2), ("Chunking", 4),
         ("Embedding", 0), ("Embedding", 64), ("Embedding", 128), ("Embedding", 256),
         ("Writing the store", 0), ("Writing the store", 64), ("Writing the store", 192), ("Writing the store", 256),
         ("Removing", 0), ("Removing", 1),
         ("Keyword index", 0), ("Keyword index", 1),
         ("Question bank", 0), ("Question bank", 1), ("Embedding", 192)]  # batches of 64, about 300 chunks
EXTRA = "# A note that was there before\n\nIt held a paragraph about nothing in the bundled notes.\n\n" \
        "## Another part\n\nAnd a second section, so that there are chunks to remove.\n"


def _state(cfg) -> dict:
    from ingest.embeddings import shared_embeddings
    from ingest.keyword import KeywordIndex
    from ingest.store import VectorStore

    store = VectorStore(cfg, shared_embeddings())
    meta = {c.id: c.meta for c in store.iter_chunks(with_text=False)}
    vecs = store.vectors(sorted(meta))
    kw = KeywordIndex.load(cfg.index_dir / "keyword")
    bank = cfg.index_dir / "questions.jsonl"
    return {"meta": meta, "vectors": {k: np.asarray(v, dtype=np.float32) for k, v in vecs.items()},
            "bm25": kw.fingerprint if kw else None, "bank": bank.read_text() if bank.exists() else None}


@pytest.fixture(scope="module")
def clean(corpus_settings, corpus_index):
    return _state(corpus_settings.index)


def test_the_kills_cover_every_stage_ingest_reports():
    import re

    stages = {s for s, _ in KILLS}
    assert stages == {"Reading notes", "Chunking", "Embedding", "Writing the store", "Removing", "Keyword index",
                      "Question bank"} and len(KILLS) >= 20
    src = (Path(__file__).resolve().parents[1] / "ingest" / "pipeline.py").read_text()
    reported = set(re.findall(r'progress\("([A-Z][a-z ]+)"', src))
    assert reported == stages, reported ^ stages  # a new stage must get kills too


@pytest.mark.parametrize("stage,n", KILLS, ids=[f"{s}-{n}" for s, n in KILLS])
def test_ingest_killed_here_is_repaired_to_the_clean_build(stage, n, tmp_path, corpus_settings, clean):
    from ingest.pipeline import ingest
    from tutor.config import load_settings

    notes, home = tmp_path / "notes", tmp_path / "home"
    notes.mkdir()
    (notes / "extra.md").write_text(EXTRA)
    seed_embedding_cache(corpus_settings, home)
    settings = load_settings(notes_dir=notes, home=home)
    before = ingest(settings.index)  # the index of other notes
    assert before.chunks_total > 0
    (notes / "extra.md").unlink()
    for p in CORPUS.iterdir():
        if p.is_file():
            shutil.copy2(p, notes / p.name)

    proc = subprocess.run([sys.executable, str(HELPER), str(notes), str(home), stage, str(n)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == -9, (proc.returncode, proc.stdout[-500:], proc.stderr[-1500:])  # really killed there

    ingest(settings.index)  # the next normal run
    got = _state(settings.index)
    assert got["meta"] == clean["meta"]
    assert got["vectors"].keys() == clean["vectors"].keys()
    assert all(np.allclose(got["vectors"][k], clean["vectors"][k], atol=1e-6) for k in clean["vectors"])
    assert got["bm25"] is not None and got["bm25"] == clean["bm25"]
    assert got["bank"] == clean["bank"]
