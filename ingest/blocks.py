"""The seam between reading a note's structure and chunking it: a `Block` is a span of lines of one kind with
the heading path it sits under, and `HeadingStack` is how a path is kept while a file is read."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.questions import FoundQuestion


@dataclass
class Block:
    kind: str  # heading | prose | list | table | code | question
    start: int  # 1-based, inclusive
    end: int
    heading_path: tuple[str, ...]
    header: list[str] = field(default_factory=list)  # table header rows
    header_line: int | None = None
    question: FoundQuestion | None = None


class HeadingStack:
    """Open headings as (level, text, tag); pushing a heading closes every open one at its level or deeper."""

    def __init__(self) -> None:
        self.items: list[tuple[float, str, str]] = []

    def push(self, level: float, text: str, tag: str = "") -> None:
        self.pop_to(level)
        self.items.append((level, text, tag))

    def pop_to(self, level: float) -> None:
        while self.items and self.items[-1][0] >= level:
            self.items.pop()

    def top_level(self, tag: str | None = None) -> float:
        return max((lvl for lvl, _, t in self.items if tag is None or t == tag), default=0)

    def path(self) -> tuple[str, ...]:
        return tuple(t for _, t, _ in self.items)
