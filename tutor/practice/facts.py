"""Facts the notes state in a checkable shape, read off their structure - the raw material of
practice questions whose key can be verified against the cited lines.

- table rows: (row name, column, value), with the other rows of the same table as distractors;
- definitions: list items "**Term**: definition" / "Term: definition", with the sibling items;
- categories: a short list under a heading, paired with a neighbouring list under another heading
  (e.g. discrete vs continuous distributions), for "Which TWO ..." multi-select questions.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.chunker import HEADING_SEP
from ingest.questions import find_questions
from ingest.sources import discover, read_note, NoteFile
from ingest.structure import Block, parse_blocks
from ingest.text import clean
from tutor.text import terms

DEF_BOLD_RE = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+\*\*(?P<term>[^*]{2,60}?)\s*:?\*\*\s*(?:[:=–-]+>?|=>)?\s*(?P<defn>\S.{12,})$")
DEF_PLAIN_RE = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+(?P<term>[A-Z][\w/().+&' -]{1,45}?)\s*:\s+(?P<defn>\S.{12,})$")
ITEM_RE = re.compile(r"^(?P<indent>\s*)(?:[-*+•]|\d{1,2}[.)])\s+(?P<text>\S.*)$")
TRANSPOSED_HEADS = {"", "feature", "features", "aspect", "criteria", "property", "modes"}


@dataclass(frozen=True)
class Sibling:
    subject: str
    value: str
    line: int


@dataclass(frozen=True)
class Fact:
    kind: str  # table | definition | category
    source: str
    heading: str
    lines: tuple[int, int]  # the line(s) that state the fact
    block: tuple[int, int]  # the whole table/list it comes from
    subject: str  # row name / term / category heading
    predicate: str  # column name / "definition" / "member"
    value: str  # cell / definition / (category: members joined by "; ")
    quote: str  # the cited text, exactly as written
    siblings: tuple[Sibling, ...] = ()
    members: tuple[str, ...] = ()  # category: the items of the list
    foils: tuple[str, ...] = ()  # category: items of the contrasting list
    foil_heading: str = ""
    header: tuple[str, ...] = field(default=(), compare=False)

    @property
    def id(self) -> str:
        raw = f"{self.kind}|{self.source}|{self.lines}|{self.subject}|{self.predicate}"
        return hashlib.sha1(raw.encode()).hexdigest()[:12]


def extract_facts(notes_dir: Path, exclude: tuple[Path, ...] = (), max_mb: float = 10) -> list[Fact]:
    """Facts of the same files ingest indexes (`exclude` and `max_mb` as in the index settings)."""
    facts: list[Fact] = []
    for path in discover(notes_dir, exclude=exclude):
        note = read_note(path, notes_dir, max_mb)
        if isinstance(note, NoteFile):
            facts.extend(facts_in(note))
    return facts


def facts_in(note: NoteFile) -> list[Fact]:
    blocks = parse_blocks(note.lines, find_questions(note.rel, note.lines))
    out: list[Fact] = []
    lists: list[tuple[Block, list[tuple[int, str]]]] = []
    for b in blocks:
        if b.kind == "table":
            out.extend(_table_facts(note, b))
        elif b.kind == "list":
            items = _top_items(note.lines, b)
            out.extend(_definition_facts(note, b, items))
            lists.append((b, items))
    out.extend(_category_facts(note, lists))
    return out


# ----------------------------------------------------------------------------- tables


def _cells(line: str) -> list[str]:
    if "\t" in line:
        parts = line.split("\t")
    else:
        parts = line.strip().strip("|").split("|")
    return [clean(re.sub(r"</li>\s*<li>", "; ", p)).strip(" •;") for p in parts]


def _table_rows(lines: list[str], b: Block) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header cells and whole rows. A row whose cells wrapped onto following lines (a continuation
    starts with a tab or a lower-case letter) is dropped with its continuation: its cells are cut."""
    header = _cells(b.header[0]) if b.header else []
    rows: list[tuple[int, list[str]]] = []
    broken: set[int] = set()
    last_row = None
    for n in range(b.start + len(b.header), b.end + 1):
        line = lines[n - 1]
        if not line.strip() or re.match(r"^\s*\|?\s*:?-{2,}", line):
            continue
        if line.startswith("\t") or line.lstrip()[:1].islower():
            if last_row is not None:
                broken.add(last_row)
            continue
        last_row = n
        cells = _cells(line)
        if len(cells) >= len(header) >= 2:
            rows.append((n, cells[: len(header)]))
    return header, [(n, r) for n, r in rows if n not in broken]


def _table_facts(note: NoteFile, b: Block) -> list[Fact]:
    header, rows = _table_rows(note.lines, b)
    if len(header) < 2 or not header[0] and len(rows) < 4:
        return []
    if header[0].lower() in TRANSPOSED_HEADS:
        return []  # entities run across the header (S3 | EFS | FSx): too few rows to ask about
    out: list[Fact] = []
    heading = HEADING_SEP.join(b.heading_path)
    for col in range(1, len(header)):
        if not header[col]:
            continue
        valued = [(n, r[0], r[col]) for n, r in rows if r[0] and r[col] and r[col] not in ("...", "-")]
        if len(valued) < 4:
            continue
        for n, subject, value in valued:
            siblings = tuple(Sibling(s, v, m) for m, s, v in valued if m != n)
            out.append(Fact("table", note.rel, heading, (n, n), (b.start, b.end), subject, header[col], value,
                            note.lines[n - 1], siblings, header=tuple(header)))
    return out


# ----------------------------------------------------------------------------- lists


def _top_items(lines: list[str], b: Block) -> list[tuple[int, str]]:
    """(line, text) of a list's items at its outermost indentation."""
    items: list[tuple[int, str]] = []
    base = None
    for n in range(b.start, b.end + 1):
        m = ITEM_RE.match(lines[n - 1])
        if not m:
            continue
        ind = len(m.group("indent").expandtabs(4))
        base = ind if base is None else base
        if ind == base:
            items.append((n, lines[n - 1]))
    return items


def _definition_facts(note: NoteFile, b: Block, items: list[tuple[int, str]]) -> list[Fact]:
    defs: list[tuple[int, str, str]] = []
    for n, line in items:
        m = DEF_BOLD_RE.match(line) or DEF_PLAIN_RE.match(line)
        if m:
            term = clean(m.group("term")).rstrip(":").strip()
            defn = clean(m.group("defn")).lstrip(":=>- ").strip()
            if 1 <= len(term.split()) <= 6 and len(defn.split()) >= 3:
                defs.append((n, term, defn))
    if len(defs) < 4:
        return []
    heading = HEADING_SEP.join(b.heading_path)
    out = []
    for n, term, defn in defs:
        siblings = tuple(Sibling(t, d, m) for m, t, d in defs if m != n)
        out.append(Fact("definition", note.rel, heading, (n, n), (b.start, b.end), term, "definition", defn,
                        note.lines[n - 1], siblings))
    return out


def _category_facts(note: NoteFile, lists: list[tuple[Block, list[tuple[int, str]]]]) -> list[Fact]:
    """Short-item lists under different headings close together: each is a category, the other its foil."""
    cats = []
    for b, items in lists:
        texts = [clean(ITEM_RE.match(t).group("text")) for _, t in items]
        if len(texts) < 3 or any(len(t.split()) > 8 or len(t) < 3 for t in texts) or not b.heading_path:
            continue
        cats.append((b, items, texts))
    out = []
    for i, (b, items, texts) in enumerate(cats):
        for j, (b2, _, texts2) in enumerate(cats):
            if i == j or abs(b.start - b2.start) > 80 or b.heading_path[-1] == b2.heading_path[-1]:
                continue
            if not terms(b.heading_path[-1]) & terms(b2.heading_path[-1]):
                continue  # unrelated lists make silly foils; "Discrete/Continuous ... Distributions" pair up
            foils = tuple(t for t in texts2 if t.lower() not in {x.lower() for x in texts})
            if len(foils) < 2:
                continue
            heading = HEADING_SEP.join(b.heading_path)
            quote = "\n".join(note.lines[b.start - 1 : b.end])
            out.append(Fact("category", note.rel, heading, (b.start, b.end), (b.start, b.end), b.heading_path[-1],
                            "member", "; ".join(texts), quote, members=tuple(texts), foils=foils,
                            foil_heading=b2.heading_path[-1]))
            break
    return out
