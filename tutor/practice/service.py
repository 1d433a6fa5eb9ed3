"""Practice as the UI and CLI use it: generate or load a set, grade it, remember it, export it."""

from __future__ import annotations

import threading
from pathlib import Path

from ingest.errors import TutorError
from ingest.records import QuestionRecord, check_file, is_warning
from tutor.index import NotesIndex
from tutor.practice.generate import Generator
from tutor.practice.mock import build_mock, from_notes
from tutor.practice.model import Grade, GenerationReport, PracticeSet, grade
from tutor.practice.store import ATTEMPTS_FILE, AttemptStore
from tutor.support import Judge

__all__ = ["ATTEMPTS_FILE", "PracticeService", "SetLoadError"]


class SetLoadError(TutorError):
    """A question set file cannot be loaded; the message lists its problems."""


class PracticeService:
    def __init__(self, index: NotesIndex, model=None, store=None, settings=None) -> None:
        self.index = index
        self.model = model
        self.settings = settings or index.settings
        self.notes_dir = index.settings.index.notes_dir
        self._store = store
        self._store_path = index.settings.data_dir / ATTEMPTS_FILE
        self._gen: Generator | None = None
        self._lock = threading.Lock()

    @property
    def store(self):
        with self._lock:
            if self._store is not None and getattr(self._store, "path", None) and not Path(self._store.path).exists():
                self._store.close()  # the history file was deleted under us: start a new one, not a ghost
                self._store = None
            if self._store is None:
                self._store = AttemptStore(self._store_path)
            return self._store

    @property
    def has_store(self) -> bool:
        return self._store is not None

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    @property
    def generator(self) -> Generator:
        with self._lock:
            if self._gen is None:
                cfg = self.index.settings.index
                from tutor.retrieval import Retriever

                self._gen = Generator(self.notes_dir, Judge(self.index.embeddings), self.index.bank, self.model,
                                      exclude=(cfg.data_dir,), max_mb=cfg.max_file_mb, retriever=Retriever(self.index))
            return self._gen

    # -- sets ------------------------------------------------------------------------------------
    def practice(self, n: int = 10, topic: str | None = None, domain: str | None = None,
                 difficulty: str | None = None, file: str | None = None, seed: int = 0,
                 review: bool = True, progress=None, phrase: bool = True) -> PracticeSet:
        due_q, due_t, seen = [], [], []
        if review:
            try:
                due_q, due_t = self.store.due_questions(limit=max(1, n // 3)), self.store.due_topics()
                seen = self.store.seen_questions()
            except Exception:  # history unreadable: practise anyway, without review
                pass
        pset = self.generator.make_set(n, topic=topic, domain=domain, difficulty=difficulty, file=file, seed=seed,
                                       review=due_q, due_topics=due_t, progress=progress, phrase=phrase, seen=seen)
        if not pset.questions and topic and file:
            # a plan topic the checks leave no question on: the same note file, said so (not a dead end)
            wider = self.generator.make_set(n, domain=domain, difficulty=difficulty, file=file, seed=seed,
                                            review=due_q, due_topics=due_t, progress=progress, phrase=phrase,
                                            seen=seen)
            if wider.questions:
                if wider.report is not None:
                    wider.report.notes.insert(0, f"Your notes give no good question on “{topic}” alone, so these "
                                                 f"come from the same note file, {file}.")
                return wider
        return pset

    def mock(self, seed: int = 0, progress=None, seen: list[QuestionRecord] | None = None) -> PracticeSet:
        """`seen`: the questions answered before (default: the attempt history), asked last."""
        if seen is None:
            try:
                seen = self.store.seen_questions()
            except Exception:  # history unreadable: a mock anyway
                seen = []
        return build_mock(self.generator, self.index.bank, seed=seed, progress=progress, seen=seen)

    def samples(self, domain: str | None = None) -> PracticeSet:
        """The notes' own sample questions (with a key and options) as a set to drill."""
        qs = [from_notes(q) for q in self.index.bank if q.scorable and (domain is None or q.domain == domain)]
        report = GenerationReport(asked=len(qs), produced=len(qs))
        return PracticeSet(qs, kind="practice", title="Sample questions from your notes", report=report)

    @staticmethod
    def load(path: Path) -> PracticeSet:
        """A set from a JSON/JSONL question file (an export, or a set from elsewhere)."""
        path = Path(path)
        records, problems = check_file(path)
        errors = [p for p in problems if not is_warning(p)]
        if not records:
            raise SetLoadError("; ".join(errors) or f"{path}: no questions")
        questions = [q if q.origin else q.model_copy(update={"origin": "external"}) for q in records if q.scorable]
        report = GenerationReport(asked=len(records), produced=len(questions), notes=errors[:5])
        return PracticeSet(questions, kind="loaded", title=f"Loaded: {path.name}", report=report)

    # -- grading and history ---------------------------------------------------------------------
    def grade(self, pset: PracticeSet, answers: dict[str, list[str]]) -> Grade:
        return grade(pset.questions, answers)

    def save(self, pset: PracticeSet, result: Grade, started: float, finished: float) -> int:
        """Saves the attempt; raises AttemptSaveError (clear message) and keeps history intact on failure."""
        return self.store.record_attempt(pset, result, started, finished)

    def weak_topics(self):
        return self.store.weak_topics()

    def export(self, pset: PracticeSet, path: Path) -> Path:
        from tutor.practice.export import export

        return export(pset, Path(path), self.notes_dir)
