"""An ingest killed mid-way (SIGKILL, no cleanup) is repaired by the next run to exactly the state
a clean run gives: same chunk ids, same metadata, consistent keyword index."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ingest.embeddings import shared_embeddings
from ingest.keyword import KeywordIndex, fingerprint
from ingest.pipeline import ingest
from ingest.store import VectorStore
from tutor.config import load_settings

HELPER = Path(__file__).parent / "helpers" / "ingest_and_die.py"


def _state(cfg) -> dict:
    return {c.id: c.meta for c in VectorStore(cfg, shared_embeddings()).iter_chunks(with_text=False)}


def test_killed_ingest_is_repaired_to_the_clean_state(tmp_path, notes_copy, corpus_settings, corpus_index):
    settings = load_settings(notes_dir=notes_copy, home=tmp_path / "home")
    proc = subprocess.run([sys.executable, str(HELPER), str(notes_copy), str(tmp_path / "home"), "Embedding", "128"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == -9, proc.stdout + proc.stderr  # really killed, mid-embedding
    partial = _state(settings.index)
    clean = _state(corpus_settings.index)
    assert 0 < len(partial) < len(clean)

    repair = ingest(settings.index)
    # vectors embedded before the kill are cached by text hash: the repair embeds at most the rest
    assert repair.embedded <= len(clean) - len(partial)
    assert repair.chunks_added == len(clean) - len(partial)
    assert _state(settings.index) == clean
    kw = KeywordIndex.load(settings.index.index_dir / "keyword")
    assert kw is not None and kw.fingerprint == fingerprint(list(clean))
