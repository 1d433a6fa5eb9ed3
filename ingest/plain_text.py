"""Blocks of a note with no Markdown headings: plain text, or plain text exported from Markdown with a `.md`
name, where headings are bare lines (`ingest.structure` decides which reader a file gets):
- Markdown headings (`## X.1 SageMaker`) take their level from the `#`s;
- "Domain 3: Modeling"-style lines are level 1, numbered sections ("3.4: Perform ...") level 1 + depth;
- other short title-like lines ("Batch processing", "**Metrics**") are soft headings one level below
  the nearest hard heading, replacing each other.
Tables: pipe tables, tab-separated rows (continuing across a blank line), HTML <table>s.
Sample questions come from `ingest.questions` and are kept as single blocks.
"""

from __future__ import annotations

import re

from ingest.blocks import Block
from ingest.questions import FoundQuestion
from ingest.text import BULLET_RE, TABLE_SEP_RE, indent_of, is_blank, is_title_like, strip_md

MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
DOMAIN_RE = re.compile(r"^(?:Domain|Chapter|Part|Module|Unit|Section|Lesson|Week)\s+[\w.]+\s*[:.\-–]", re.I)
NUMBERED_RE = re.compile(r"^(\d+(?:\.\d+)+)[:.]?\s+\S")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
SETEXT_RE = re.compile(r"^\s*(=+|-{3,})\s*$")


def _pipe_row(line: str) -> bool:
    return line.count("|") >= 2


def _tab_row(line: str) -> bool:
    return "\t" in line.strip("\n") and len([c for c in line.split("\t") if c.strip()]) >= 2


def heading_level(line: str, hard_level: int) -> tuple[int, bool] | None:
    """(level, is_hard) if the line is a heading; soft headings sit under the last hard one."""
    m = MD_HEADING_RE.match(line)
    if m:
        return len(m.group(1)), True
    text = strip_md(line.strip())
    if DOMAIN_RE.match(text) and len(text.split()) <= 12:
        return 1, True
    m = NUMBERED_RE.match(text)
    if m and len(text.split()) <= 14 and not text.rstrip().endswith("."):
        return m.group(1).count(".") + 1, True
    if is_title_like(line):
        return hard_level + 1, False
    return None


def heading_text(line: str) -> str:
    m = MD_HEADING_RE.match(line)
    text = m.group(2) if m else line
    return strip_md(text).rstrip(":").strip()


class _Stack:
    def __init__(self) -> None:
        self.items: list[tuple[int, str, bool]] = []

    @property
    def hard_level(self) -> int:
        return max((lvl for lvl, _, hard in self.items if hard), default=0)


    def push(self, level: int, text: str, hard: bool) -> None:
        while self.items and self.items[-1][0] >= level:
            self.items.pop()
        self.items.append((level, text, hard))

    def path(self) -> tuple[str, ...]:
        return tuple(t for _, t, _ in self.items)


def plain_blocks(lines: list[str], questions: list[FoundQuestion], warnings: list[str] | None = None) -> list[Block]:
    q_at = {q.start - 1: q for q in questions}
    stack = _Stack()
    blocks: list[Block] = []
    i, n = 0, len(lines)
    prev_kind = "blank"
    last_block = ""  # kind of the last non-blank block: a soft heading right after a soft heading nests
    while i < n:
        line = lines[i]
        if i in q_at:
            q = q_at[i]
            q.heading_path = stack.path()
            blocks.append(Block("question", q.start, q.end, stack.path(), question=q))
            i, prev_kind, last_block = q.end, "question", "question"
            continue
        if is_blank(line) or line.strip() == "-":
            i += 1
            prev_kind = "blank"
            continue
        if FENCE_RE.match(line):
            j = _fence_end(lines, i)
            if j == n - 1 and (j == i or not FENCE_RE.match(lines[j])) and warnings is not None:
                warnings.append(unclosed_fence(i + 1, n, line.strip()))
            blocks.append(Block("code", i + 1, j + 1, stack.path()))
            i, prev_kind, last_block = j + 1, "code", "code"
            continue
        t_end = table_end(lines, i)
        if t_end is not None:
            blk = _table_block(lines, i, t_end, stack.path())
            blocks.append(blk)
            i, prev_kind, last_block = t_end + 1, "table", "table"
            continue
        if i + 1 < n and SETEXT_RE.match(lines[i + 1]) and is_title_like(line) and "|" not in lines[i + 1]:
            level = 1 if "=" in lines[i + 1] else 2
            stack.push(level, heading_text(line), True)
            blocks.append(Block("heading", i + 1, i + 2, stack.path()))
            i, prev_kind, last_block = i + 2, "heading", "hard"
            continue
        lvl = heading_level(line, stack.hard_level)
        if lvl and _heading_position_ok(lines, i, prev_kind):
            level, hard = lvl
            if not hard:
                level = _soft_level(stack, line, last_block == "soft")
            stack.push(level, heading_text(line), hard)
            blocks.append(Block("heading", i + 1, i + 1, stack.path()))
            i, prev_kind = i + 1, "heading"
            last_block = "hard" if hard else "soft"
            continue
        if BULLET_RE.match(line):
            j = _list_end(lines, i, q_at)
            blocks.append(Block("list", i + 1, j + 1, stack.path()))
            i, prev_kind, last_block = j + 1, "list", "list"
            continue
        j = _paragraph_end(lines, i, q_at, stack.hard_level)
        blocks.append(Block("prose", i + 1, j + 1, stack.path()))
        i, prev_kind, last_block = j + 1, "prose", "prose"
    return blocks


MAX_SOFT_DEPTH = 3


def _soft_level(stack: "_Stack", line: str, after_soft: bool) -> int:
    """Where a bare title line ("XGBoost", "Key hyper parameters", "Required") sits in plain text exported
    from Markdown, which has lost its heading levels:
    - a title right after another title (only blank lines between) is a subsection of it;
    - a short label ending with ':' ("Optional:") after content is a sibling of the deepest title;
    - any other title after content starts a new section under the last hard heading."""
    soft = [(lvl, t) for lvl, t, hard in stack.items if not hard]
    base = stack.hard_level + 1
    text = strip_md(line.strip())
    if after_soft and soft and soft[-1][0] - base + 1 < MAX_SOFT_DEPTH:
        parent = soft[-1][1]
        # "XGBoost" / "Key hyper parameters" / "Required" nest; a long title after a long one does not
        if (len(parent.split()) <= 4 or text.endswith(":")) and len(text.split()) <= 6:
            return soft[-1][0] + 1
    soft = [lvl for lvl, _ in soft]
    if soft and text.endswith(":") and len(text.split()) <= 3:
        return soft[-1]
    return base


def _heading_position_ok(lines: list[str], i: int, prev_kind: str) -> bool:
    """A title-like line inside a running paragraph is part of it, not a heading."""
    if MD_HEADING_RE.match(lines[i]):
        return True
    if prev_kind != "prose" or i == 0:
        return True
    return lines[i - 1].rstrip().endswith((".", "!", "?", ":", ")", "”", '"'))


def _fence_end(lines: list[str], i: int) -> int:
    for j in range(i + 1, len(lines)):
        if FENCE_RE.match(lines[j]):
            return j
    return len(lines) - 1


def table_end(lines: list[str], i: int) -> int | None:
    """Last line index of a table starting at i, or None if no table starts here."""
    line, n = lines[i], len(lines)
    if line.lstrip().lower().startswith("<table"):
        for j in range(i, n):
            if "</table>" in lines[j].lower():
                return j
        return n - 1
    if _pipe_row(line) and i + 1 < n and (TABLE_SEP_RE.match(lines[i + 1]) or TABLE_SEP_RE.match(line)):
        j = i + 1
        while j + 1 < n and _pipe_row(lines[j + 1]):
            j += 1
        return j
    if _tab_row(line) and i + 1 < n:
        j, last = i, i
        while j + 1 < n:
            nxt = lines[j + 1]
            if "\t" in nxt and nxt.strip():
                j = last = j + 1
            elif is_blank(nxt) and j + 2 < n and "\t" in lines[j + 2] and lines[j + 2].strip():
                j += 1  # a blank line inside a table whose cells wrapped
            else:
                break
        return last if last > i else None
    return None


def _table_block(lines: list[str], i: int, end: int, path: tuple[str, ...]) -> Block:
    header_rows = 1
    if i + 1 <= end and TABLE_SEP_RE.match(lines[i + 1]):
        header_rows = 2
    header = [lines[k] for k in range(i, min(i + header_rows, end + 1))]
    return Block("table", i + 1, end + 1, path, header=header, header_line=i + 1)


def _list_end(lines: list[str], i: int, q_at: dict) -> int:
    base = indent_of(lines[i])
    j = last = i
    while j + 1 < len(lines) and (j + 1) not in q_at:
        nxt = lines[j + 1]
        if is_blank(nxt):
            k = j + 1
            while k < len(lines) and is_blank(lines[k]):
                k += 1
            if k < len(lines) and k not in q_at and (
                (BULLET_RE.match(lines[k]) and indent_of(lines[k]) >= base) or indent_of(lines[k]) > base
            ):
                j = k - 1
                continue
            break
        if BULLET_RE.match(nxt) or indent_of(nxt) > base:
            j = last = j + 1
            continue
        break
    return last


def _paragraph_end(lines: list[str], i: int, q_at: dict, hard_level: int) -> int:
    j = i
    while j + 1 < len(lines) and (j + 1) not in q_at:
        nxt = lines[j + 1]
        if is_blank(nxt) or nxt.strip() == "-" or BULLET_RE.match(nxt) or FENCE_RE.match(nxt):
            break
        if table_end(lines, j + 1) is not None or MD_HEADING_RE.match(nxt):
            break
        if heading_level(nxt, hard_level) and lines[j].rstrip().endswith((".", "!", "?", ":", ")")):
            break
        j += 1
    return j


def unclosed_fence(start: int, end: int, opener: str) -> str:
    fence = re.match(r"`+|~+", opener.lstrip())
    mark = fence.group(0) if fence else "```"
    return (f"line {start}: the code fence {mark} opened here is never closed, so lines {start}-{end} were read as "
            f"code (no headings, lists or tables in them). Close it with a line holding only {mark}.")
