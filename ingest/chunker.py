"""Cut a note file into token-sized chunks that keep structure and exact line spans.

Rules (what a student citing a passage needs):
- a chunk never crosses a heading, so its heading path is exact;
- heading lines are inside the first chunk of their section (every non-blank line is in a chunk;
  a heading with no text of its own rides along with the next section's first chunk);
- a table split into pieces repeats its header row in every piece;
- a sample question stays whole with its options and explanation, whatever its size;
- prose and lists merge up to `chunk_tokens`; a block bigger than `max_chunk_tokens` is split at
  lines, and a single huge line at sentence boundaries.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, replace

from ingest.config import IndexConfig
from ingest.questions import FoundQuestion, find_questions
from ingest.sources import NoteFile
from ingest.structure import Block, parse_structure
from ingest.text import ANY_TAG_RE, HEADING_SEP, SENTENCE_RE
from ingest.tokens import count_tokens

# Bump whenever chunk boundaries or texts change: the index refuses to mix versions.
CHUNKER_VERSION = "5"  # 2: nested soft headings in exported plain text; 3: a title may end in an aside;
# 4: Markdown read by a CommonMark/GFM parser (markdown-it-py); 5: a thematic break is no passage of its own
# A chunk's id hashes what it is (file, heading, kind, text), with this salt: a chunker change that leaves a chunk as
# it was leaves its id, and so its place among passages that score the same. (The chunker version is stamped on the
# index, which is rebuilt when it differs.)
ID_SALT = "4"


@dataclass(frozen=True)
class Chunk:
    id: str
    source: str
    heading_path: tuple[str, ...]
    start_line: int
    end_line: int
    kind: str  # prose | list | table | code | question
    text: str
    tokens: int
    header_line: int | None = None  # a table piece's header row, when outside the span
    question_line: int | None = None  # start line of the sample question this chunk holds

    @property
    def heading(self) -> str:
        return HEADING_SEP.join(self.heading_path)

    @property
    def embed_text(self) -> str:
        """What gets embedded and keyword-indexed: the heading path gives context to short chunks."""
        body = ANY_TAG_RE.sub(" ", self.text)
        body = re.sub(r"[ \t]+", " ", body)
        return f"{self.heading}\n{body}".strip() if self.heading else body.strip()

    def metadata(self) -> dict:
        meta = {
            "chunk_id": self.id,
            "text": self.text,
            "source": self.source,
            "heading": self.heading,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "kind": self.kind,
            "tokens": self.tokens,
        }
        if self.header_line is not None:
            meta["header_line"] = self.header_line
        if self.question_line is not None:
            meta["question_line"] = self.question_line
        return meta


@dataclass
class _Piece:
    start: int
    end: int
    kind: str
    text: str
    path: tuple[str, ...]
    header_line: int | None = None
    question_line: int | None = None


def chunk_note(note: NoteFile, cfg: IndexConfig,
               warnings: list[str] | None = None) -> tuple[list[Chunk], list[FoundQuestion]]:
    """Chunks and sample questions of one note; what a reader should know about the file goes to `warnings`."""
    questions = find_questions(note.rel, note.lines)
    structure = parse_structure(note.lines, questions)
    if warnings is not None:
        warnings.extend(f"{note.rel}: {w}" for w in structure.warnings)
    blocks = structure.blocks
    pieces = _Chunker(note.lines, cfg).run(blocks)
    return _with_ids(note.rel, pieces), questions


class _Chunker:
    def __init__(self, lines: list[str], cfg: IndexConfig) -> None:
        self.lines = lines
        self.target = cfg.chunk_tokens
        self.cap = cfg.max_chunk_tokens
        self.out: list[_Piece] = []
        self.buf: list[Block] = []
        self.pending: int | None = None  # first line of headings waiting for content

    def text(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start - 1 : end]).strip("\n")

    def run(self, blocks: list[Block]) -> list[_Piece]:
        for b in blocks:
            if b.kind == "heading":
                self.flush()
                self.pending = b.start if self.pending is None else self.pending
            elif b.kind in ("prose", "list"):
                self.add_flow(b)
            else:
                self.flush()
                start = self.take_pending(b.start)
                if b.kind == "table":
                    self.table(b, start)
                elif b.kind == "code":
                    self.split_lines(start, b.end, "code", b.heading_path)
                else:
                    self.out.append(_Piece(start, b.end, "question", self.text(start, b.end),
                                           b.heading_path, question_line=b.start))
        self.flush()
        if self.pending is not None:  # headings at the very end of the file
            end = len(self.lines)
            while end > self.pending and not self.lines[end - 1].strip():
                end -= 1
            path = blocks[-1].heading_path if blocks else ()
            self.out.append(_Piece(self.pending, end, "prose", self.text(self.pending, end), path))
        return self.out

    def take_pending(self, start: int) -> int:
        if self.pending is not None:
            start, self.pending = self.pending, None
        return start

    def add_flow(self, b: Block) -> None:
        if self.buf and self.buf[-1].heading_path != b.heading_path:
            self.flush()
        if self.buf:
            start = self.buf[0].start
            if count_tokens(self.text(start, b.end)) > self.target:
                self.flush()
        if not self.buf:
            b = replace(b, start=self.take_pending(b.start))
        self.buf.append(b)

    def flush(self) -> None:
        if not self.buf:
            return
        start, end, path = self.buf[0].start, self.buf[-1].end, self.buf[0].heading_path
        kind = "list" if all(x.kind == "list" for x in self.buf) else "prose"
        self.buf = []
        self.split_lines(start, end, kind, path)

    def split_lines(self, start: int, end: int, kind: str, path: tuple[str, ...]) -> None:
        """Emit [start, end] as one piece, or as line groups under the cap."""
        text = self.text(start, end)
        if count_tokens(text) <= self.cap:
            self.out.append(_Piece(start, end, kind, text, path))
            return
        group_start = start
        for ln in range(start, end + 1):
            if ln > group_start and count_tokens(self.text(group_start, ln)) > self.target:
                self.emit_group(group_start, ln - 1, kind, path)
                group_start = ln
        self.emit_group(group_start, end, kind, path)

    def emit_group(self, start: int, end: int, kind: str, path: tuple[str, ...]) -> None:
        text = self.text(start, end)
        if not text.strip():
            return
        if count_tokens(text) <= self.cap or start != end:
            self.out.append(_Piece(start, end, kind, text, path))
            return
        # one enormous line: sentence pieces sharing its line number
        part = ""
        for sent in SENTENCE_RE.split(text):
            if part and count_tokens(part + " " + sent) > self.target:
                self.out.append(_Piece(start, end, kind, part, path))
                part = sent
            else:
                part = f"{part} {sent}".strip()
        if part:
            self.out.append(_Piece(start, end, kind, part, path))

    def table(self, b: Block, start: int) -> None:
        text = self.text(start, b.end)
        if count_tokens(text) <= self.cap:
            self.out.append(_Piece(start, b.end, "table", text, b.heading_path))
            return
        header = "\n".join(b.header)
        first_row = b.start + len(b.header)
        rows = _row_groups(self.lines, first_row, b.end)
        if not rows:  # a whole table on one line (HTML): split like any long line
            self.split_lines(start, b.end, "table", b.heading_path)
            return
        lead = self.text(start, first_row - 1)  # pending headings + header row(s)
        cur: list[tuple[int, int]] = []
        for row in rows:
            prefix = lead if not self.out_has_piece_of(b) else header
            candidate = cur + [row]
            body = "\n".join(self.text(s, e) for s, e in candidate)
            if cur and count_tokens(prefix + "\n" + body) > self.target:
                self.table_piece(b, start, cur, lead, header)
                cur = [row]
            else:
                cur = candidate
        if cur:
            self.table_piece(b, start, cur, lead, header)

    def out_has_piece_of(self, b: Block) -> bool:
        return bool(self.out) and self.out[-1].kind == "table" and self.out[-1].header_line == b.header_line

    def table_piece(self, b: Block, start: int, rows: list[tuple[int, int]], lead: str, header: str) -> None:
        body = "\n".join(self.text(s, e) for s, e in rows)
        first = not self.out_has_piece_of(b)
        span_start = start if first else rows[0][0]
        text = f"{lead}\n{body}" if first else f"{header}\n{body}"
        self.out.append(_Piece(span_start, rows[-1][1], "table", text, b.heading_path, header_line=b.header_line))


def _row_groups(lines: list[str], first: int, end: int) -> list[tuple[int, int]]:
    """Physical rows, with wrapped continuation lines (leading tab) and blanks kept with their row."""
    groups: list[tuple[int, int]] = []
    for ln in range(first, end + 1):
        line = lines[ln - 1]
        continuation = not line.strip() or line.startswith("\t")
        if groups and continuation:
            groups[-1] = (groups[-1][0], ln)
        else:
            groups.append((ln, ln))
    return groups


def _with_ids(source: str, pieces: list[_Piece]) -> list[Chunk]:
    seen: Counter = Counter()
    chunks = []
    for p in pieces:
        heading = HEADING_SEP.join(p.path)
        key = (heading, p.kind, p.text)
        ordinal = seen[key]
        seen[key] += 1
        digest = hashlib.sha256(
            "\x1f".join([ID_SALT, source, heading, p.kind, p.text, str(ordinal)]).encode()
        ).hexdigest()[:32]
        chunks.append(
            Chunk(
                id=digest,
                source=source,
                heading_path=p.path,
                start_line=p.start,
                end_line=p.end,
                kind=p.kind,
                text=p.text,
                tokens=count_tokens(p.text),
                header_line=p.header_line,
                question_line=p.question_line,
            )
        )
    return chunks
