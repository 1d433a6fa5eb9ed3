"""Typed configuration of the index: where notes are, where the index lives, how chunks are cut."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

NOTE_SUFFIXES = (".md", ".markdown", ".txt")


class IndexConfig(BaseModel):
    """Everything that decides what the index contains and where it is stored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    notes_dir: Path
    data_dir: Path
    chunk_tokens: int = Field(200, ge=40, le=2000, description="target chunk size (cl100k tokens)")
    max_chunk_tokens: int = Field(400, ge=60, le=4000, description="hard cap for prose/table chunks")
    max_file_mb: float = Field(10.0, gt=0, description="larger note files are skipped with a message")
    chroma_url: str | None = Field(None, description="http://host:port of a Chroma server; None = embedded")
    collection: str | None = Field(None, description="collection name; default derived from notes_dir")
    embed_batch: int = Field(64, ge=1, le=4096)

    @field_validator("notes_dir", "data_dir")
    @classmethod
    def _absolute(cls, v: Path) -> Path:
        return Path(v).expanduser().resolve()

    @property
    def notes_key(self) -> str:
        """Stable short id of the notes folder (same folder -> same index)."""
        return hashlib.sha256(str(self.notes_dir).encode()).hexdigest()[:10]

    @property
    def index_dir(self) -> Path:
        slug = re.sub(r"[^a-z0-9]+", "-", self.notes_dir.name.lower()).strip("-") or "notes"
        return self.data_dir / "indexes" / f"{slug}-{self.notes_key}"

    @property
    def collection_name(self) -> str:
        return self.collection or f"notes-{self.notes_key}"
