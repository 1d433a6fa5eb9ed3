"""Turn a note file into typed blocks with heading paths and exact line spans (the chunker's input).

A file with Markdown headings (ATX, setext, `<h1>`-`<h6>`) is read by a CommonMark/GFM parser
(`ingest.markdown_blocks`); a file with none is plain text, or plain text exported from Markdown, whose
titles are bare lines (`ingest.plain_text`). Sample questions (`ingest.questions`) are single blocks either way.
`warnings` says what a reader should know about a file (a code fence never closed, stray table rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.blocks import Block
from ingest.markdown_blocks import markdown_blocks
from ingest.plain_text import plain_blocks
from ingest.questions import FoundQuestion

__all__ = ["Block", "Structure", "parse_blocks", "parse_structure"]


@dataclass
class Structure:
    blocks: list[Block]
    markdown: bool
    warnings: list[str] = field(default_factory=list)


def parse_structure(lines: list[str], questions: list[FoundQuestion]) -> Structure:
    warnings: list[str] = []
    blocks = markdown_blocks(lines, questions, warnings)
    if blocks is not None:
        return Structure(blocks, True, warnings)
    warnings = []
    return Structure(plain_blocks(lines, questions, warnings), False, warnings)


def parse_blocks(lines: list[str], questions: list[FoundQuestion]) -> list[Block]:
    return parse_structure(lines, questions).blocks
