"""A passage: one chunk of the notes as shown and cited to a student."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Passage:
    chunk_id: str
    source: str  # file, relative to the notes folder
    heading: str  # "Domain 3: Modeling > 3.4: Perform hyperparameter optimization"
    start_line: int
    end_line: int
    kind: str
    text: str  # the exact lines of the note
    similarity: float = 0.0  # cosine similarity to the query (0 when not computed)
    score: float = 0.0  # fused retrieval score
    ranks: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def location(self) -> str:
        span = f"{self.start_line}" if self.start_line == self.end_line else f"{self.start_line}-{self.end_line}"
        return f"{self.source}:{span}"

    def lines_slice(self, start: int, end: int, text: str) -> "Passage":
        """A narrower passage (e.g. the one line that states a key) inside this one."""
        return replace(self, start_line=start, end_line=end, text=text)

    @classmethod
    def from_meta(cls, chunk_id: str, meta: dict, document: str = "", **kw) -> "Passage":
        return cls(
            chunk_id=chunk_id,
            source=meta.get("source", ""),
            heading=meta.get("heading", ""),
            start_line=int(meta.get("start_line", 0)),
            end_line=int(meta.get("end_line", 0)),
            kind=meta.get("kind", "prose"),
            text=meta.get("text", document),
            **kw,
        )
