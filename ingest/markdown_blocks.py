"""Blocks of a Markdown note, read by a CommonMark/GFM parser (markdown-it-py) rather than by line patterns.

The parser decides what a heading, list, table, code fence or HTML block is; every token carries its source
lines (`.map`), so each block keeps the exact lines a citation points at. What is ours:

- front matter (`---` YAML `---` at the top) is hidden from the parser and kept as one block of metadata;
- a setext underline under something no reader takes for a title (a lone `-` after an image, `---` under a
  sentence) is a stray line or a rule, not a heading;
- `<h1>`-`<h6>` lines in HTML blocks are headings; `<table>` blocks are tables; tab-separated rows are tables;
- outline notes: a list item that reads as a title and holds only sub-items is a heading for them (so are its
  title-like sub-items), e.g. `- Development of the Cold War` / `  - Contention Over Germany`;
- a heading whose whole section is a short list of terms (`## Key Terms`) is closed before deeper headings;
- a question heading with no text of its own is answered by the same-level headings after it;
- a code fence never closed, or table rows with no `|`, are reported (`warnings`), not swallowed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.blocks import Block, HeadingStack
from ingest.plain_text import table_end
from ingest.questions import FoundQuestion
from ingest.text import TABLE_SEP_RE, WORD_RE, is_outline_title, shown_heading, wikilinks_as_text

HTML_HEADING_RE = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1\s*>\s*$", re.I)
UNCLOSED_HTML = (("<!--", "-->"), ("<pre", "</pre>"), ("<script", "</script>"), ("<style", "</style>"),
                 ("<textarea", "</textarea>"))
TERM_WORDS = 6  # an item of a term list: one line of at most this many words
SETEXT_MAX_WORDS = 15
TAB_TABLE_STARTS = ("paragraph_open", "code_block", "bullet_list_open", "ordered_list_open")
OUTLINE_SHARE = 0.1  # a list is an outline when at least this share of its items are titles holding sub-items


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


@dataclass
class _Heading:
    line: int  # 1-based
    end: int
    level: float | None  # None: an outline item, placed `depth` levels below the enclosing heading
    text: str
    depth: int = 0
    close_previous: bool = False


@dataclass
class _Pop:
    line: int
    depth: int


def front_matter_end(lines: list[str]) -> int | None:
    """Index of the closing `---` of YAML front matter opening the file, or None."""
    if not lines or lines[0].strip() != "---":
        return None
    for j in range(1, min(len(lines), 200)):
        if lines[j].strip() in ("---", "..."):
            return j if any(re.match(r"^[\w-]+\s*:", ln) for ln in lines[1:j]) else None
    return None


def markdown_blocks(lines: list[str], questions: list[FoundQuestion], warnings: list[str]) -> list[Block] | None:
    """Blocks with heading paths, or None when the file has no Markdown heading at all (plain text)."""
    fm = front_matter_end(lines)
    visible = ["" if fm is not None and i <= fm else ln for i, ln in enumerate(lines)]
    tokens = _parser().parse("\n".join(visible))
    reader = _Reader(lines, tokens, warnings)
    events = reader.read()
    if not any(isinstance(e, _Heading) and e.level is not None for e in events):
        return None
    if fm is not None:
        events.insert(0, Block("prose", 1, fm + 1, ()))
    _close_term_lists(events, reader.term_lists)
    _adopt_after_question_headings(events)
    return _place(_with_questions(events, questions))


class _Reader:
    """Turns the token stream into headings, pops and content blocks in file order."""

    def __init__(self, lines: list[str], tokens, warnings: list[str]) -> None:
        self.lines, self.tokens, self.warnings = lines, tokens, warnings
        self.events: list = []
        self.term_lists: set[int] = set()  # id() of list blocks that are short lists of terms
        self.covered_until = 0  # 0-based line index up to which a block already took the lines

    def read(self) -> list:
        i = 0
        while i < len(self.tokens):
            i = self.top(i)
        return self.events

    def top(self, i: int) -> int:
        t = self.tokens[i]
        close = _close_index(self.tokens, i)
        if t.map is None or t.map[0] < self.covered_until:
            return close + 1
        a, b = t.map
        if t.type in TAB_TABLE_STARTS and self.tab_table(a):
            pass  # rows pasted from a spreadsheet, whatever the parser took their first cell for
        elif t.type == "heading_open":
            self.heading(t, self.tokens[i + 1], a, b)
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            self.list(i, close, 0)
        elif t.type == "table_open":
            self.table(a, b)
        elif t.type == "fence":
            self.fence(t, a, b)
        elif t.type == "html_block":
            self.html(a, b)
        elif t.type == "hr":
            pass  # a thematic break ("---" between two sample questions) says nothing: a passage of it alone, under
            # its heading, matched any question on the heading's words (205 of 707 passages of one student's notes)
        else:
            self.add(Block("code" if t.type == "code_block" else "prose", a + 1, b, ()))
        self.covered_until = max(self.covered_until, b)
        return close + 1

    def add(self, block: Block) -> None:
        while block.end > block.start and not self.lines[block.end - 1].strip():
            block.end -= 1  # a block's trailing blank lines are not part of what it says
        self.events.append(block)

    def heading(self, t, inline, a: int, b: int) -> None:
        text = shown_heading(inline_text(inline))
        setext = t.markup in ("=", "-")
        if not text or (setext and not _setext_ok(text, self.lines[b - 1], b - a)):
            self.add(Block("prose", a + 1, b, ()))
            return
        self.events.append(_Heading(a + 1, b, int(t.tag[1]), text))

    def list(self, i: int, close: int, depth: int) -> None:
        """Items of one list; a title-like item holding only sub-lists becomes a heading (and so may its items)."""
        run: list[int] = []  # first and last line of consecutive content items

        def flush() -> None:
            if run:
                self.add(Block("list", run[0] + 1, run[1], ()))
                run.clear()

        items = _children(self.tokens, i, close)
        kids_of = {k: _children(self.tokens, k, _close_index(self.tokens, k)) for k in items}
        titles = {k: _outline_title(self.tokens, kids) for k, kids in kids_of.items()}
        parents = [k for k, kids in kids_of.items() if len(kids) > 1]
        n_titles = sum(titles.get(k) is not None for k in parents)
        if 2 * n_titles < len(parents) or OUTLINE_SHARE * len(items) > n_titles:
            titles = {}  # a list of facts where a few items group sub-items, not an outline of titles
        start_events = len(self.events)
        for k in items:
            item, kids, title = self.tokens[k], kids_of[k], titles.get(k)
            if title is None:
                run[:] = [run[0] if run else item.map[0], item.map[1]]
                continue
            flush()
            self.events.append(_Heading(item.map[0] + 1, item.map[0] + 1, None, title, depth + 1))
            for kid in kids[1:]:
                self.list(kid, _close_index(self.tokens, kid), depth + 1)  # only a title's items may be titles
            self.events.append(_Pop(item.map[1], depth + 1))
        flush()
        new = self.events[start_events:]
        if depth == 0 and len(new) == 1 and _is_term_list(self.tokens, items):
            self.term_lists.add(id(new[0]))

    def table(self, a: int, b: int) -> None:
        """A GFM table; a line with no '|' right after it (a note under the table) is text, as a reader sees it,
        although GFM would make it a row."""
        header = self.lines[a : a + 2] if a + 1 < b and TABLE_SEP_RE.match(self.lines[a + 1]) else self.lines[a : a + 1]
        rows_end = next((n for n in range(a + len(header), b) if self.lines[n].strip() and "|" not in self.lines[n]),
                        b)
        self.add(Block("table", a + 1, rows_end, (), header=list(header), header_line=a + 1))
        if rows_end < b:
            self.add(Block("prose", rows_end + 1, b, ()))

    def fence(self, t, a: int, b: int) -> None:
        last = self.lines[b - 1].strip() if b - 1 > a else ""
        mark = t.markup
        if not (last.startswith(mark[0] * len(mark)) and not last.strip(mark[0])):
            self.warnings.append(f"line {a + 1}: the code fence {mark} opened here is never closed, so lines "
                                 f"{a + 1}-{b} were read as code (no headings, lists or tables in them). Close it "
                                 f"with a line holding only {mark}.")
        self.add(Block("code", a + 1, b, ()))

    def html(self, a: int, b: int) -> None:
        first = self.lines[a].lstrip().lower()
        for opener, closer in UNCLOSED_HTML:
            body = "\n".join(self.lines[a:b]).lower()
            if first.startswith(opener) and closer not in body and b >= len(self.lines):
                self.warnings.append(f"line {a + 1}: {opener}... is never closed with {closer}, so lines "
                                     f"{a + 1}-{b} were read as one HTML block. Close it.")
        if first.startswith("<table"):
            self.add(Block("table", a + 1, b, (), header=[self.lines[a]], header_line=a + 1))
            return
        start = a
        for n in range(a, b):
            m = HTML_HEADING_RE.match(self.lines[n])
            text = shown_heading(_unescape(m.group(2))) if m else ""
            if text:
                if n > start:
                    self.add(Block("prose", start + 1, n, ()))
                self.events.append(_Heading(n + 1, n + 1, int(m.group(1)), text))
                start = n + 1
        if start < b:
            self.add(Block("prose", start + 1, b, ()))

    def tab_table(self, a: int) -> bool:
        """Tab-separated rows (a table pasted from a spreadsheet or exported as text), possibly with blank lines
        inside wrapped cells: a row starting with a tab is no code block, nor is '1. First\tSecond' a list."""
        if "\t" not in self.lines[a].strip() or TABLE_SEP_RE.match(self.lines[a]):
            return False
        end = table_end(self.lines, a)
        if end is None:
            return False
        self.add(Block("table", a + 1, end + 1, (), header=[self.lines[a]], header_line=a + 1))
        self.covered_until = end + 1
        return True


def inline_text(inline) -> str:
    """The words of an inline token as a reader sees them: link and emphasis marks gone, code kept as text."""
    out = []
    for c in inline.children or []:
        if c.type in ("text", "code_inline", "image"):
            out.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out)


def _unescape(html: str) -> str:
    import html as _html

    return _html.unescape(re.sub(r"<[^>]+>", "", html))


def _setext_ok(text: str, underline: str, span: int) -> bool:
    """A setext heading a reader sees as one: a single line of words over an underline of 2+ characters, not a
    sentence or an image over a stray dash or a thematic break."""
    words = WORD_RE.findall(text)
    return (span == 2 and len(underline.strip()) >= 2 and 1 <= len(words) <= SETEXT_MAX_WORDS
            and text[-1] not in ".,;:!?")


def _close_index(tokens, i: int) -> int:
    """Index of the token closing tokens[i] (itself for a token that opens nothing)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _children(tokens, i: int, close: int) -> list[int]:
    """Indexes of the direct children of tokens[i] (up to its closing token `close`)."""
    out, j = [], i + 1
    while j < close:
        out.append(j)
        j = _close_index(tokens, j) + 1
    return out


def _outline_title(tokens, kids: list[int]) -> str | None:
    """The item's title when it is a one-line title-like paragraph followed only by sub-lists."""
    if len(kids) < 2 or tokens[kids[0]].type != "paragraph_open":
        return None
    para = tokens[kids[0]]
    if para.map is None or para.map[1] - para.map[0] != 1:
        return None
    if any(tokens[k].type not in ("bullet_list_open", "ordered_list_open") for k in kids[1:]):
        return None
    text = wikilinks_as_text(inline_text(tokens[kids[0] + 1])).strip()
    return shown_heading(text) if is_outline_title(text) else None


def _is_term_list(tokens, items: list[int]) -> bool:
    """Every item is one short line and nothing is nested: a list of terms, not an outline."""
    for k in items:
        kids = _children(tokens, k, _close_index(tokens, k))
        if len(kids) != 1 or tokens[kids[0]].type != "paragraph_open":
            return False
        if len(WORD_RE.findall(inline_text(tokens[kids[0] + 1]))) > TERM_WORDS:
            return False
    return bool(items)


def _headings(events: list) -> list[tuple[int, _Heading]]:
    return [(n, e) for n, e in enumerate(events) if isinstance(e, _Heading) and e.level is not None]


def _close_term_lists(events: list, term_lists: set[int]) -> None:
    """`## Key Terms` whose section is only a short list of terms, then `### Section`: the list is closed and
    the deeper heading belongs to the parent of `## Key Terms`, as a reader takes it."""
    hs = _headings(events)
    for (n, h), (m, nxt) in zip(hs, hs[1:]):
        between = events[n + 1 : m]
        if nxt.level > h.level and between and all(id(e) in term_lists for e in between):
            nxt.close_previous = True


def _is_question(text: str) -> bool:
    return text.rstrip().endswith("?")


def _adopt_after_question_headings(events: list) -> None:
    """`### What are the pros and cons of X?` with no text of its own, then `### X` / `### Y`: those headings are
    its answer, so they sit under it (until a heading that is itself a question, or a higher one)."""
    hs = _headings(events)
    adopt_level = None
    for k, (n, h) in enumerate(hs):
        if adopt_level is not None and (h.level < adopt_level or (h.level == adopt_level and _is_question(h.text))):
            adopt_level = None
        if adopt_level is not None and h.level == adopt_level:
            h.level += 0.5
        elif _is_question(h.text) and k + 1 < len(hs):
            m, nxt = hs[k + 1]
            if m == n + 1 and nxt.level == h.level and not _is_question(nxt.text):
                adopt_level = h.level


def _with_questions(events: list, questions: list[FoundQuestion]) -> list:
    """Sample questions are whole blocks: what they overlap is cut away, headings inside them are dropped."""
    if not questions:
        return events
    spans = [(q.start, q.end) for q in questions]

    def inside(line: int) -> bool:
        return any(a <= line <= b for a, b in spans)

    out: list = []
    for e in events:
        if not isinstance(e, Block):
            if not inside(e.line):
                out.append(e)
            continue
        start = e.start
        for a, b in sorted(spans):
            if b < start or a > e.end:
                continue
            if a > start:
                out.append(_cut(e, start, a - 1))
            start = b + 1
        if start <= e.end:
            out.append(_cut(e, start, e.end))
    out += [Block("question", q.start, q.end, (), question=q) for q in questions]
    return sorted(out, key=lambda e: (e.start if isinstance(e, Block) else e.line, not isinstance(e, Block)
                                      or e.kind != "question"))


def _cut(b: Block, start: int, end: int) -> Block:
    keep_header = start == b.start
    return Block(b.kind, start, end, (), header=b.header if keep_header else [],
                 header_line=b.header_line if keep_header else None)


def _place(events: list) -> list[Block]:
    """Walk the events in file order keeping the open headings; every block gets the path it sits under."""
    stack = HeadingStack()
    blocks: list[Block] = []
    for e in events:
        if isinstance(e, _Pop):
            stack.pop_to(stack.top_level("h") + e.depth)
            continue
        if isinstance(e, _Heading):
            if e.close_previous:
                stack.pop_to(stack.top_level("h"))
            if e.level is None:
                stack.push(stack.top_level("h") + e.depth, e.text, "item")
            else:
                stack.push(e.level, e.text, "h")
            blocks.append(Block("heading", e.line, e.end, stack.path()))
            continue
        e.heading_path = stack.path()
        if e.kind == "question":
            e.question.heading_path = stack.path()
        blocks.append(e)
    return blocks
