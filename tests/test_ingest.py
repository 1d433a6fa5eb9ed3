"""Real ingest (real embeddings, real Chroma): incremental behaviour, rebuilds, bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.pipeline import IngestError, index_identity, ingest
from ingest.store import VectorStore
from ingest.embeddings import shared_embeddings
from tutor.config import load_settings


def _stored(cfg) -> dict[str, dict]:
    return {c.id: c.meta for c in VectorStore(cfg, shared_embeddings()).iter_chunks(with_text=False)}


def test_bundled_corpus_indexes_every_file(corpus_report):
    r = corpus_report
    from ingest.sources import discover

    notes = Path(__file__).parents[1] / "corpus"
    # written out, not asked of discover(): the five notes, and not the corpus README or data files
    assert sorted(r.added) == ["cheat-sheet.md", "data-engineering-outline.md", "exam-readiness-notes.txt",
                               "practice-exam-key-notes.md", "sagemaker-and-exam-guide.md"]
    assert sorted(p.name for p in discover(notes)) == sorted(r.added)
    assert r.problems == [] and r.embedded == r.chunks_added == r.chunks_total > 250
    assert r.questions == 47


def test_second_ingest_changes_nothing_and_embeds_nothing(corpus_settings, corpus_report):
    before = _stored(corpus_settings.index)
    again = ingest(corpus_settings.index)
    assert again.embedded == 0 and not again.changed
    assert sorted(again.unchanged) == sorted(corpus_report.added)
    assert _stored(corpus_settings.index) == before


def test_edit_move_and_delete_touch_only_that_file(fresh_settings, notes_copy, corpus_settings, corpus_report):
    cfg = fresh_settings.index
    first = ingest(cfg)
    assert first.chunks_total == corpus_report.chunks_total
    assert set(_stored(cfg)) == set(_stored(corpus_settings.index))  # same ids as the other clean build

    notes = notes_copy / "exam-readiness-notes.txt"
    notes.write_text(notes.read_text().replace("Grid Search: you can", "Grid Search: you may"))
    edited = ingest(cfg)
    assert edited.updated == ["exam-readiness-notes.txt"] and edited.added == edited.removed == []
    assert edited.embedded == edited.chunks_added == 1 and edited.chunks_removed == 1

    outline = notes_copy / "data-engineering-outline.md"
    outline.write_text("\n\n\n" + outline.read_text())  # every line moves, no text changes
    moved = ingest(cfg)
    assert moved.embedded == 0 and moved.chunks_moved > 10
    assert moved.updated == ["data-engineering-outline.md"] and "data-engineering-outline.md" not in moved.unchanged
    meta = [m for m in _stored(cfg).values() if m["source"] == "data-engineering-outline.md"]
    assert min(m["start_line"] for m in meta) == 4

    (notes_copy / "practice-exam-key-notes.md").rename(notes_copy / "key-notes.md")
    renamed = ingest(cfg)  # new ids (the file name is part of them), but the vectors are cached
    assert renamed.removed == ["practice-exam-key-notes.md"] and renamed.added == ["key-notes.md"]
    assert renamed.chunks_added > 0 and renamed.embedded == 0

    (notes_copy / "key-notes.md").unlink()
    removed = ingest(cfg)
    assert removed.removed == ["key-notes.md"] and removed.embedded == 0
    assert all(m["source"] != "key-notes.md" for m in _stored(cfg).values())


def test_identity_mismatch_forces_a_clean_rebuild_with_a_message(small_notes, tmp_path):
    from tutor.index import IndexNotReady, NotesIndex

    settings = _settings(small_notes, tmp_path)
    cfg = settings.index
    ingest(cfg)
    clean = _stored(cfg)
    VectorStore(cfg, shared_embeddings()).stamp({**index_identity(), "chunker_version": "0-old"})
    with pytest.raises(IndexNotReady, match="Run `tutor ingest"):
        NotesIndex.open(settings)
    rebuilt = ingest(cfg)
    assert rebuilt.rebuilt and "chunker_version" in rebuilt.rebuilt
    assert rebuilt.chunks_added == len(clean)
    assert _stored(cfg) == clean


# ------------------------------------------------------------------------ bad input


@pytest.fixture
def small_notes(tmp_path):
    d = tmp_path / "small"
    d.mkdir()
    (d / "good.md").write_text("# Good\n\nPipe mode streams training data from S3.\n")
    return d


def _settings(notes: Path, tmp_path: Path, **kw):
    return load_settings(notes_dir=notes, home=tmp_path / "home", **kw)


def test_missing_or_empty_folder_is_refused_clearly(tmp_path):
    with pytest.raises(IngestError, match="does not exist"):
        ingest(_settings(tmp_path / "nope", tmp_path).index)
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "picture.png").write_bytes(b"\x89PNG")
    with pytest.raises(IngestError, match=r"No notes in .*empty.*\.md.*left unchanged"):
        ingest(_settings(tmp_path / "empty", tmp_path).index)


def test_tutorignore_applies_below_its_folder_like_gitignore(tmp_path):
    from ingest.sources import discover

    notes = tmp_path / "notes"
    for rel in ["a.md", "README.md", "drafts/b.md", "course/README.md", "course/c.txt",
                "course/old/d.md", "course/old/e.md", ".hidden/f.md", "g.pdf", "scratch/h.md", "course/tmp/i.md"]:
        (notes / rel).parent.mkdir(parents=True, exist_ok=True)
        (notes / rel).write_text("text\n")
    (notes / ".tutorignore").write_text("# describes the notes\nREADME.md\ndrafts/*\nscratch/\n")
    (notes / "course" / ".tutorignore").write_text("old/d.md\n/tmp\n")
    found = [p.relative_to(notes).as_posix() for p in discover(notes)]
    assert found == ["a.md", "course/c.txt", "course/old/e.md"]


def test_binary_non_utf8_and_huge_files_are_skipped_by_name(small_notes, tmp_path):
    (small_notes / "scan.md").write_bytes(b"%PDF-1.4\x00\x01\x02binary")
    (small_notes / "latin.txt").write_bytes("Caf\xe9 notes\nline two \xe9".encode("latin-1"))
    (small_notes / "huge.md").write_text("word " * 300_000)
    report = ingest(_settings(small_notes, tmp_path, max_file_mb=1).index)
    msgs = {p.rel: p.message() for p in report.problems}
    assert "binary" in msgs["scan.md"] and "NUL" in msgs["scan.md"]
    assert "not UTF-8" in msgs["latin.txt"] and "line 1" in msgs["latin.txt"] and "iconv" in msgs["latin.txt"]
    assert "1 MB limit" in msgs["huge.md"] and "--max-file-mb" in msgs["huge.md"]
    assert report.added == ["good.md"] and report.chunks_total == 1


def test_unreadable_file_keeps_its_previous_chunks(small_notes, tmp_path, monkeypatch):
    from ingest.bank import read_bank

    (small_notes / "secret.md").write_text("# Secret\n\nKMS keys encrypt SageMaker volumes.\n\nQUESTION 1\n"
                                           "Which service manages encryption keys?\n- Amazon S3\n- ✅ AWS KMS\n")
    cfg = _settings(small_notes, tmp_path).index
    first = ingest(cfg)
    assert first.questions == 1
    target = small_notes / "secret.md"
    if os.geteuid() == 0:  # root reads anything: make the read itself fail as it would for a user
        real = Path.read_bytes
        monkeypatch.setattr(Path, "read_bytes",
                            lambda self: (_ for _ in ()).throw(PermissionError(13, "denied"))
                            if self == target else real(self))
    else:
        target.chmod(0)
    report = ingest(cfg)
    (problem,) = report.problems
    assert problem.rel == "secret.md" and "permission denied" in problem.message() and "chmod" in problem.message()
    assert report.chunks_total == first.chunks_total and "secret.md" not in report.removed
    assert [q.source.file for q in read_bank(cfg)] == ["secret.md"]  # its sample question is kept too


def test_file_vanishing_mid_run_is_reported_and_dropped(small_notes, tmp_path):
    (small_notes / "zz-temp.md").write_text("# Temp\n\nEphemeral note.\n")
    cfg = _settings(small_notes, tmp_path).index

    def delete_when_reached(stage, done, total):
        if stage == "Reading notes" and done == 1:  # about to read the second file
            (small_notes / "zz-temp.md").unlink(missing_ok=True)

    report = ingest(cfg, progress=delete_when_reached)
    (problem,) = report.problems
    assert problem.rel == "zz-temp.md" and "disappeared" in problem.message()
    assert report.added == ["good.md"] and all(m["source"] == "good.md" for m in _stored(cfg).values())


def test_second_ingest_on_same_index_is_refused_while_one_runs(small_notes, tmp_path):
    import fcntl

    cfg = _settings(small_notes, tmp_path).index
    cfg.index_dir.mkdir(parents=True)
    with open(cfg.index_dir / "ingest.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        with pytest.raises(IngestError, match="already updating this index"):
            ingest(cfg)


def test_nearest_chunks_are_exact_and_the_same_on_every_query(tmp_path):
    """The approximate vector index missed a true neighbour in some runs: the store answers exactly."""
    import numpy as np

    from ingest.config import IndexConfig
    from ingest.store import VectorStore
    store = VectorStore(IndexConfig(notes_dir=tmp_path, data_dir=tmp_path / "data"))
    rng = np.random.default_rng(7)
    vecs = rng.normal(size=(400, 32)).astype(np.float32)
    vecs[390:] = vecs[5]  # ten chunks with the same vector: tied, they come in one order, by id
    ids = [f"c{(i * 37) % 400:03d}" for i in range(400)]
    store.upsert(ids, vecs.tolist(), ["t"] * 400, [{"source": "n.md", "start_line": i, "end_line": i} for i in range(400)])
    q = vecs[5] + 0.01 * rng.normal(size=32).astype(np.float32)  # the tied chunks are among the nearest
    unit = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    sims = np.round(unit @ (q / np.linalg.norm(q)), 6)
    want = [c for _, c in sorted(zip(-sims, ids))][:40]
    got = store.query(q.tolist(), 40)
    assert [c for c, _ in got] == want
    assert store.query(q.tolist(), 40) == got
    store.delete(["c000"])  # a changed collection is read again
    assert "c000" not in [c for c, _ in store.query(q.tolist(), 400)]
