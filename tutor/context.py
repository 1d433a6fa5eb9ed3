"""Fit passages into a model's context window, explicitly.

Passages go in rank order while they fit. One that does not fit is left out and listed; only the
first passage may be cut, and then it carries a visible marker - nothing is truncated silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from tutor.passages import Passage

Counter = Callable[[list[str]], list[int]]
HEADER_TOKENS = 16  # "[n] file · heading" line per passage


@dataclass
class Fitted:
    passages: list[Passage]
    dropped: list[Passage] = field(default_factory=list)
    truncated: list[Passage] = field(default_factory=list)

    def note(self) -> str | None:
        parts = []
        if self.truncated:
            parts.append("cut " + ", ".join(p.location for p in self.truncated))
        if self.dropped:
            parts.append("left out " + ", ".join(p.location for p in self.dropped))
        return f"To fit the model's context window I {' and '.join(parts)}." if parts else None


def fit_passages(passages: list[Passage], budget: int, count: Counter) -> Fitted:
    if not passages:
        return Fitted([])
    sizes = count([p.text for p in passages])
    kept: list[Passage] = []
    out = Fitted(kept)
    used = 0
    for p, size in zip(passages, sizes):
        if used + size + HEADER_TOKENS <= budget:
            kept.append(p)
            used += size + HEADER_TOKENS
        elif not kept and budget > HEADER_TOKENS + 32:
            cut = _truncate(p, budget - HEADER_TOKENS - 24, count)
            kept.append(cut)
            out.truncated.append(p)
            used = budget
        else:
            out.dropped.append(p)
    return out


def _truncate(p: Passage, budget: int, count: Counter) -> Passage:
    lines = p.text.split("\n")
    sizes = count(lines)
    keep, used = [], 0
    for line, size in zip(lines, sizes):
        if used + size > budget:
            break
        keep.append(line)
        used += size + 1
    if not keep:  # one enormous line: cut by characters, proportionally
        keep = [lines[0][: max(40, int(len(lines[0]) * budget / max(sizes[0], 1)))]]
    marker = f"[… cut here to fit the model's context; the whole passage is {p.location}]"
    return replace(p, text="\n".join(keep) + "\n" + marker)
