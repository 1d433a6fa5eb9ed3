"""What the UI needs, created once per app: the tutor (index + model). Thread-safe and lazy, so the
page comes up at once and a missing index or model is reported in the page, not as a crash."""

from __future__ import annotations

import threading

from tutor.config import Settings


class Services:
    def __init__(self, settings: Settings, tutor=None) -> None:
        self.settings = settings
        self._tutor = tutor
        self._lock = threading.Lock()
        self.error: str | None = None

    def tutor(self):
        with self._lock:
            if self._tutor is None:
                from tutor.answer import Tutor

                self._tutor = Tutor.from_settings(self.settings)
            return self._tutor

    def reset(self) -> None:
        """Forget the tutor (after the index was rebuilt); the next request reopens it."""
        with self._lock:
            self._tutor = None
