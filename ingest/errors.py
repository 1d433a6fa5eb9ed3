"""The one root of every error the tutor explains to a student.

Each subclass carries a message that says what went wrong and what to do about it; the shells
(command line, web UI) catch `TutorError` and show that message instead of a traceback.
"""

from __future__ import annotations


class TutorError(RuntimeError):
    """Something the student can act on; `str(exc)` is the whole explanation."""
