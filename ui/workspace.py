"""Which notes collection each browser tab is using, and the session of each collection.

Every tab gets its session the same way, inside an event handler:

    def on_click(..., request: gr.Request):
        session = ws.current(request)

A browser tab starts on the default collection (the notes the tutor was started with); choosing
another in the switcher changes only that browser tab. Sessions are made through the composition
root (`Session.for_collection`), one per collection, all sharing the one model process. A tab that
wants to follow a switch at once returns a `Follow` from its build function: the new values of some
of its components for the newly selected collection.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable

from tutor.collections import Collection, CollectionError, Collections
from tutor.session import Session


@dataclass
class Follow:
    """What a tab shows anew when its browser tab switches collection: `fn(request)` gives one value
    (or gr.update) per component of `outputs`, for the session `ws.current(request)`."""

    fn: Callable[..., tuple]
    outputs: list = field(default_factory=list)


class Workspace:
    def __init__(self, session: Session) -> None:
        self.root = session
        self.collections = Collections(session.settings)
        self._sessions: dict[str, Session] = {"default": session}
        self._selected: dict[str, str] = {}  # browser session hash -> collection name
        self._lock = threading.Lock()

    def current(self, request=None) -> Session:
        """The session of the collection this browser tab has selected."""
        return self.session_of(self.collection(request))

    def collection(self, request=None) -> Collection:
        name = self._selected.get(_key(request))
        try:
            return self.collections.get(name)
        except CollectionError:  # an unreadable list of collections: the notes the tutor started with still work
            return self.collections.default

    def select(self, request, name: str) -> Session:
        col = self.collections.get(name)
        with self._lock:
            self._selected[_key(request)] = col.name
        return self.session_of(col)

    def session_of(self, col: Collection) -> Session:
        with self._lock:
            if col.key not in self._sessions:
                self._sessions[col.key] = self.root.for_collection(self.collections.settings_for(col))
            return self._sessions[col.key]

    def forget(self, request) -> None:
        """The browser tab closed: drop its selection (its collection's session stays for others)."""
        with self._lock:
            self._selected.pop(_key(request), None)

    def close(self) -> None:
        with self._lock:
            for key, s in self._sessions.items():
                if key != "default":
                    s.close()


def _key(request) -> str:
    return getattr(request, "session_hash", None) or ""
