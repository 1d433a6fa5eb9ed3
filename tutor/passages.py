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
    header_line: int | None = None  # a table piece: the line of the table's header row, above start_line

    @property
    def location(self) -> str:
        span = f"{self.start_line}" if self.start_line == self.end_line else f"{self.start_line}-{self.end_line}"
        return f"{self.source}:{span}"

    def lines_slice(self, start: int, end: int, text: str) -> "Passage":
        """A narrower passage (e.g. the one line that states a key) inside this one."""
        return replace(self, start_line=start, end_line=end, text=text)

    def to_dict(self) -> dict:
        """The one JSON shape of a passage (answers, UI state, eval rows, `tutor search --json`)."""
        return {"chunk_id": self.chunk_id, "file": self.source, "heading": self.heading,
                "start_line": self.start_line, "end_line": self.end_line, "kind": self.kind, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict) -> "Passage":
        return cls(chunk_id=d["chunk_id"], source=d["file"], heading=d.get("heading", ""),
                   start_line=int(d["start_line"]), end_line=int(d["end_line"]), kind=d.get("kind", "prose"),
                   text=d.get("text", ""))

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
            header_line=int(meta["header_line"]) if meta.get("header_line") else None,
            **kw,
        )
