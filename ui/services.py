"""What the UI needs, created once per app: the tutor (index + model) and the practice service.
Thread-safe and lazy, so the page comes up at once and a missing index or model is reported in the
page, not as a crash."""

from __future__ import annotations

import threading

from tutor.config import Settings


class Services:
    def __init__(self, settings: Settings, tutor=None) -> None:
        self.settings = settings
        self._tutor = tutor
        self._practice = None
        self._lock = threading.RLock()

    def tutor(self):
        with self._lock:
            if self._tutor is None:
                from tutor.answer import Tutor

                self._tutor = Tutor.from_settings(self.settings)
            return self._tutor

    def practice(self):
        with self._lock:
            if self._practice is None:
                from tutor.practice.service import PracticeService

                t = self.tutor()
                self._practice = PracticeService(t.index, t.model)
            return self._practice

    def index_missing(self) -> bool:
        """The embedded index folder is gone (deleted while the app runs)."""
        cfg = self.settings.index
        return not cfg.chroma_url and not (cfg.index_dir / "chroma" / "chroma.sqlite3").is_file()

    def rebuild_index(self) -> str:
        """Re-create a deleted index from the notes; the model process is kept. Returns a notice."""
        import time

        from ingest.pipeline import ingest

        with self._lock:
            started = time.monotonic()
            model = self._tutor.model if self._tutor is not None else None
            try:
                from chromadb.api.client import SharedSystemClient

                SharedSystemClient.clear_system_cache()  # forget the client of the deleted folder
            except Exception:
                pass
            report = ingest(self.settings.index)
            from tutor.answer import Tutor

            self._tutor = Tutor.from_settings(self.settings, model=model)
            if self._practice is not None:  # same history, new index
                from tutor.practice.service import PracticeService

                self._practice = PracticeService(self._tutor.index, self._tutor.model, self._practice.store)
            return (f"Your index folder had disappeared; I rebuilt it from your notes "
                    f"({report.chunks_total} passages, {time.monotonic() - started:.0f} s).")

    def exam_domains(self) -> list[str]:
        from ingest.exam import load_exam

        try:
            exam = load_exam(self.settings.index.notes_dir)
        except Exception:
            return []
        return [d.name for d in exam.domains] if exam else []
