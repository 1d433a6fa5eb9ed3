"""The composition root: everything a shell (command line, web UI, evals, benchmarks) needs, opened
once from `Settings`.

    session = Session(load_settings())
    session.tutor.ask("What does Pipe mode do?")
    session.practice.practice(10)

Each part is made on first use and kept: the index (or `IndexNotReady` saying which command fixes
it), the language model (or, in `model_error`, why it could not be made - the tutor then answers from
the notes alone), the tutor and the practice service. `ingest` and `rebuild_index` bring the index up
to date and swap in a fresh index and tutor while keeping the model process and the student's
practice history; questions asked during an ingest are answered from the index as it was.
`for_collection` gives the session of another notes collection (`tutor.collections`), sharing the
model. Thread-safe: the UI's worker threads share one session.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from ingest.errors import TutorError
from tutor.config import Settings


class IndexingBusy(TutorError):
    """These notes are being indexed already; the message says to wait for it."""


class Session:
    def __init__(self, settings: Settings, model=None, use_model: bool = True,
                 model_factory: Callable | None = None) -> None:
        self.settings = settings
        self.use_model = use_model
        self._model = model
        self._model_made = model is not None
        self._model_error: str | None = None
        self._factory = model_factory
        self._index = None
        self._tutor = None
        self._practice = None
        self._history = None
        self._lock = threading.RLock()
        self._indexing = threading.Lock()  # one ingest at a time; questions keep using the index meanwhile
        self._parent: Session | None = None

    # -- parts -----------------------------------------------------------------------------------
    @property
    def index(self):
        with self._lock:
            if self._index is None:
                from tutor.index import NotesIndex

                self._index = NotesIndex.open(self.settings)
            return self._index

    @property
    def model(self):
        """The chat model, or None (no model wanted, or it could not be made: see `model_error`)."""
        if self._parent is not None:
            return self._parent.model
        with self._lock:
            if not self._model_made and self.use_model:
                self._model_made = True
                from tutor.models import BackendError, make_chat_model

                try:
                    self._model = (self._factory or make_chat_model)(self.settings.model)
                except BackendError as exc:
                    self._model_error = str(exc)
            return self._model

    @property
    def model_error(self) -> str | None:
        if self._parent is not None:
            return self._parent.model_error
        self.model  # noqa: B018 - making the model is what sets the error
        return self._model_error

    @property
    def tutor(self):
        with self._lock:
            if self._tutor is None:
                from tutor.answer import Tutor

                self._tutor = Tutor(self.index, self.model, self.settings, model_error=self.model_error,
                                    practice=lambda: self.practice)
            return self._tutor

    @property
    def practice(self):
        with self._lock:
            if self._practice is None:
                from tutor.practice.service import PracticeService

                self._practice = PracticeService(self.index, self.model, store=self._history, settings=self.settings)
            return self._practice

    @property
    def history(self):
        """The student's attempt store, without opening the index or the model (readiness needs only this)."""
        with self._lock:
            if self._practice is not None:
                return self._practice.store
            if self._history is None:
                from tutor.practice.store import ATTEMPTS_FILE, AttemptStore

                self._history = AttemptStore(self.settings.data_dir / ATTEMPTS_FILE)
            return self._history

    # -- the index ---------------------------------------------------------------------------------
    def ingest(self, progress=None):
        """Bring the index up to date with the notes; later parts see the new index. Questions asked
        meanwhile are answered from the index as it was; a second ingest at the same time is refused
        (`IndexingBusy`) rather than queued behind the first."""
        from ingest.pipeline import ingest

        if not self._indexing.acquire(blocking=False):
            raise IndexingBusy(f"The notes in {self.settings.index.notes_dir} are being indexed already (in another "
                               "tab or window). Wait for that to finish; it shows its progress there.")
        try:
            report = ingest(self.settings.index, progress=progress)
            with self._lock:
                self._reopen()
            if report.chunks_total:  # every note removed: nothing to prepare or count
                self.warm(progress)
            self._record_files(report)
            return report
        finally:
            self._indexing.release()

    def _record_files(self, report) -> None:
        from collections import Counter

        from tutor.notes_status import record

        passages, questions = Counter(), Counter()
        if report.chunks_total:
            index = self.index
            passages.update(c.meta.get("source", "") for c in index.store.iter_chunks(with_text=False))
            questions.update(q.source.file for q in index.bank if q.source is not None)
        try:
            record(self.settings.index, report, passages, questions)
        except OSError:
            pass  # only the Notes view's table is missing until the next ingest; the index itself is fine

    def for_collection(self, settings: Settings) -> "Session":
        """A session over other notes (another collection) that shares this one's model and its process."""
        other = Session(settings, use_model=self.use_model)
        other._parent = self
        return other

    def warm(self, progress=None) -> None:
        """Embed the notes' sentences into the index's vector cache (new ones only: a few seconds after the
        first ingest, a fraction of a second later), so the first answers do not pay for it. No model."""
        from tutor.compose import Composer
        from tutor.support import Judge

        index = self.index
        judge = Judge(index.embeddings, common=index.common_words, store=index.vector_cache)
        composer = Composer(index, judge)
        ids = [c.id for c in index.store.iter_chunks(with_text=False)]
        for i in range(0, len(ids), 32):
            texts = [st.text for st in composer.candidates(index.passages(ids[i : i + 32]))]
            judge.embed_many(texts, persist=True)
            if progress:
                progress("Preparing answers", min(i + 32, len(ids)), len(ids))

    def index_missing(self) -> bool:
        """The embedded index folder is gone (deleted while the app runs)."""
        cfg = self.settings.index
        return not cfg.chroma_url and not (cfg.index_dir / "chroma" / "chroma.sqlite3").is_file()

    def rebuild_index(self, progress=None) -> str:
        """Re-create a deleted index from the notes (the model process and the history are kept);
        returns a sentence saying what happened."""
        from ingest.store import forget_clients

        with self._lock:
            started = time.monotonic()
            forget_clients()  # the cached client of the deleted folder would keep answering for it
            report = self.ingest(progress)
            return (f"Your index folder had disappeared; I rebuilt it from your notes "
                    f"({report.chunks_total} passages, {time.monotonic() - started:.0f} s).")

    def _reopen(self) -> None:
        history = self._practice.store if self._practice is not None and self._practice.has_store else None
        if self._index is not None:
            self._index.close()
        self._index = self._tutor = None
        if self._practice is not None:
            from tutor.practice.service import PracticeService

            self._practice = PracticeService(self.index, self.model, store=history, settings=self.settings)

    # -- lifetime ------------------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            close = getattr(self._model, "close", None) if self._parent is None else None
            if callable(close):
                close()
            if self._practice is not None:
                self._practice.close()
            elif self._history is not None:
                self._history.close()
            if self._index is not None:
                self._index.close()  # its vector cache's database: a process opening many sessions ran out of files
                self._index.store.close()  # and its Chroma client (threads); only here, at the end - an index
                # replaced by a new ingest may still be answering a question asked meanwhile

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
