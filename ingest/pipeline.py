"""Incremental, idempotent ingest: notes folder -> chunks -> Chroma + BM25 (+ question bank).

The store itself is the record of what is indexed: every run lists the stored chunk ids, diffs
them against the chunks the notes produce now, and only embeds what is new. Chunk ids are content
hashes, so an unchanged note costs no embedding (and vectors are cached by text hash, so a renamed or
copied note costs none either); a chunk whose text is unchanged but whose lines
moved gets a metadata update; chunks of deleted notes are removed. A run killed at any point leaves
some batches written and others not - the next run's diff repairs exactly that, ending in the state a
clean run gives.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ingest.chunker import CHUNKER_VERSION, Chunk, chunk_note
from ingest.config import IndexConfig
from ingest.embed_cache import CachedEmbeddings
from ingest.embeddings import model_id, shared_embeddings
from ingest.env import configure_offline
from ingest.errors import TutorError
from ingest.keyword import KeywordIndex, fingerprint
from ingest.questions import FoundQuestion
from ingest.sources import NoteFile, Problem, discover, read_note
from ingest.store import VectorStore

Progress = Callable[[str, int, int], None]
# The stages `progress` reports, in order (a run that changes nothing skips the middle ones).
STAGES = ("Reading notes", "Chunking", "Embedding", "Writing the store", "Removing", "Keyword index",
          "Question bank")


class IngestError(TutorError):
    """Ingest cannot run; the message says why and what to do. The index is left as it was."""


@dataclass
class IngestReport:
    notes_dir: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # indexed, but read differently than a reader may expect
    chunks_added: int = 0
    chunks_removed: int = 0
    chunks_moved: int = 0
    chunks_total: int = 0
    embedded: int = 0
    rebuilt: str | None = None
    questions: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.chunks_moved or self.rebuilt)


@dataclass
class Scan:
    """What the notes folder holds right now."""

    chunks: dict[str, Chunk]
    by_source: dict[str, set[str]]
    keep_sources: set[str]
    problems: list[Problem]
    questions: dict[str, list[FoundQuestion]]
    notes: dict[str, NoteFile]
    notices: list[str] = field(default_factory=list)


def index_identity() -> dict:
    return {"chunker_version": CHUNKER_VERSION, "embedding_model": model_id()}


UNFINISHED = "ingest-unfinished"  # a marker file in the index folder while an ingest is writing


def _mark(cfg: IndexConfig, name: str) -> None:
    cfg.index_dir.mkdir(parents=True, exist_ok=True)
    (cfg.index_dir / name).write_text("an ingest began writing and has not finished\n")


def _unmark(cfg: IndexConfig, name: str) -> None:
    (cfg.index_dir / name).unlink(missing_ok=True)


def ingest(cfg: IndexConfig, progress: Progress | None = None, embeddings=None) -> IngestReport:
    """Bring the index of `cfg.notes_dir` up to date; `embeddings` defaults to the shared bundled model."""
    configure_offline()
    started = time.monotonic()
    progress = progress or (lambda stage, done, total: None)
    if not cfg.notes_dir.is_dir():
        raise IngestError(
            f"The notes folder {cfg.notes_dir} does not exist. Pass the folder that holds your "
            ".md/.txt notes: `tutor ingest PATH`."
        )
    counting = CachedEmbeddings(embeddings or shared_embeddings(), cfg.data_dir / "embedding-cache.sqlite",
                                model_id())
    store = None
    try:
        with _ingest_lock(cfg):
            scan = scan_notes(cfg, progress)
            store = VectorStore(cfg, counting)
            report = IngestReport(notes_dir=cfg.notes_dir, problems=scan.problems, notices=scan.notices)
            mismatch = store.identity_mismatch(index_identity())
            interrupted = (cfg.index_dir / UNFINISHED).exists()
            if mismatch:
                report.rebuilt = f"The index was built differently ({mismatch}); rebuilt it from scratch."
                store.reset(index_identity())
            elif interrupted and not store.vectors_intact():
                report.rebuilt = ("The last ingest was stopped before it finished and left the search index without "
                                  "some vectors; rebuilt it (unchanged passages come from the embedding cache).")
                store.reset(index_identity())
            else:
                store.stamp(index_identity())  # before the first write: a killed run still says what built it
            _mark(cfg, UNFINISHED)  # removed only when this run has finished every stage
            _apply(store, scan, report, cfg, progress)
            progress("Keyword index", 0, 1)
            sync_keyword_index(store, cfg)
            progress("Keyword index", 1, 1)
            progress("Question bank", 0, 1)
            from ingest.bank import write_bank

            report.questions = write_bank(cfg, scan.questions, scan.notes, scan.keep_sources)
            progress("Question bank", 1, 1)
            _unmark(cfg, UNFINISHED)
    finally:
        counting.close()
        if store is not None:
            store.close()
    report.embedded = counting.computed
    report.seconds = time.monotonic() - started
    return report


def scan_notes(cfg: IndexConfig, progress: Progress) -> Scan:
    paths = discover(cfg.notes_dir, exclude=(cfg.data_dir,))
    if not paths:
        raise IngestError(
            f"No notes in {cfg.notes_dir}: it has no .md, .markdown or .txt files. Put your notes "
            "there (Markdown or plain text) or pass another folder. The index was left unchanged."
        )
    scan = Scan({}, defaultdict(set), set(), [], {}, {})
    notes: list[NoteFile] = []
    for n, path in enumerate(paths, 1):
        progress("Reading notes", n - 1, len(paths))
        note = read_note(path, cfg.notes_dir, cfg.max_file_mb)
        if isinstance(note, Problem):
            scan.problems.append(note)
            if note.keep_existing:
                scan.keep_sources.add(note.rel)
            continue
        notes.append(note)
    progress("Reading notes", len(paths), len(paths))
    for n, note in enumerate(notes):
        progress("Chunking", n, len(notes))
        try:
            chunks, questions = chunk_note(note, cfg, scan.notices)
        except Exception as exc:  # a parser bug must not cost the other notes their index
            scan.problems.append(Problem(note.rel, f"could not be parsed ({type(exc).__name__}: {exc})",
                                         "Please report this; the file's previous chunks were kept.", True))
            scan.keep_sources.add(note.rel)
            continue
        scan.notes[note.rel] = note
        scan.questions[note.rel] = questions
        for c in chunks:
            scan.chunks[c.id] = c
            scan.by_source[note.rel].add(c.id)
    progress("Chunking", len(notes), len(notes))
    if not scan.chunks and not scan.keep_sources:
        raise IngestError(
            f"None of the {len(paths)} note file(s) in {cfg.notes_dir} could be used:\n  "
            + "\n  ".join(p.message() for p in scan.problems)
            + "\nThe index was left unchanged."
        )
    return scan


def _apply(store: VectorStore, scan: Scan, report: IngestReport, cfg: IndexConfig, progress: Progress) -> None:
    stored = {c.id: c.meta for c in store.iter_chunks(with_text=False)}
    stored_by_source: dict[str, set[str]] = defaultdict(set)
    for cid, meta in stored.items():
        stored_by_source[meta.get("source", "")].add(cid)

    to_add = [c for cid, c in scan.chunks.items() if cid not in stored]
    moved = [c for cid, c in scan.chunks.items() if cid in stored and stored[cid] != c.metadata()]
    to_remove = [
        cid for cid, meta in stored.items()
        if cid not in scan.chunks and meta.get("source") not in scan.keep_sources
    ]
    moved_sources = {c.source for c in moved}  # same chunks, new line numbers: the file was still edited
    for source in sorted(set(scan.by_source) | set(stored_by_source)):
        want, have = scan.by_source.get(source, set()), stored_by_source.get(source, set())
        if source in scan.keep_sources:
            continue
        if not have:
            report.added.append(source)
        elif not want:
            report.removed.append(source)
        elif want != have or source in moved_sources:
            report.updated.append(source)
        else:
            report.unchanged.append(source)

    batch = max(1, cfg.embed_batch)
    for i in range(0, len(to_add), batch):
        part = to_add[i : i + batch]
        progress("Embedding", i, len(to_add))
        vectors = store.embeddings.embed_documents([c.embed_text for c in part])
        progress("Writing the store", i, len(to_add))
        store.upsert([c.id for c in part], vectors, [c.embed_text for c in part], [c.metadata() for c in part])
    progress("Embedding", len(to_add), len(to_add))
    if moved:
        progress("Writing the store", len(to_add), len(to_add) + len(moved))
        store.update_metadata([c.id for c in moved], [c.metadata() for c in moved])
    progress("Writing the store", len(to_add) + len(moved), len(to_add) + len(moved))
    if to_remove:
        progress("Removing", 0, len(to_remove))
        store.delete(to_remove)
        progress("Removing", len(to_remove), len(to_remove))
    report.chunks_added, report.chunks_moved, report.chunks_removed = len(to_add), len(moved), len(to_remove)
    report.chunks_total = store.count()


def sync_keyword_index(store: VectorStore, cfg: IndexConfig) -> KeywordIndex:
    """The BM25 index matching the store's current contents (loaded if up to date, else rebuilt)."""
    root = cfg.index_dir / "keyword"
    loaded = KeywordIndex.load(root)
    if loaded is not None and loaded.fingerprint == fingerprint(store.ids()):
        return loaded
    ids, docs = [], []
    for c in store.iter_chunks(with_text=True):
        ids.append(c.id)
        docs.append(c.document)
    index = KeywordIndex.build(ids, docs)
    try:
        index.save(root)
    except OSError:
        pass  # read-only or full disk: the in-memory index still serves this process
    return index


@contextmanager
def _ingest_lock(cfg: IndexConfig) -> Iterator[None]:
    cfg.index_dir.mkdir(parents=True, exist_ok=True)
    path = cfg.index_dir / "ingest.lock"
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            raise IngestError(
                f"Another `tutor ingest` is already updating this index (pid {fh.read().strip() or '?'}). "
                "Wait for it to finish, then run it again."
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
