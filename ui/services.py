"""What the UI needs, created once per app: the tutor (index + model) and the practice service.
Thread-safe and lazy, so the page comes up at once and a missing index or model is reported in the
page, not as a crash."""

from __future__ import annotations

import threading

from tutor.config import Settings


class Services:
    def __init__(self, settings: Settings, tutor=None, practice=None) -> None:
        self.settings = settings
        self._tutor = tutor
        self._practice = practice
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

    def exam_domains(self) -> list[str]:
        from ingest.exam import load_exam

        try:
            exam = load_exam(self.settings.index.notes_dir)
        except Exception:
            return []
        return [d.name for d in exam.domains] if exam else []

    def reset(self) -> None:
        """Forget the tutor (after the index was rebuilt); the next request reopens it."""
        with self._lock:
            self._tutor = None
            self._practice = None
