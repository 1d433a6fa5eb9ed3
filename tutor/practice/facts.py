"""Facts the notes state in a checkable shape, read off their structure - the raw material of
practice questions whose key can be verified against the cited lines.

- table rows: (row name, column, value), with the other rows of the same table as distractors;
- definitions: list items "**Term**: definition" / "Term: definition", with the sibling items;
- categories: a short list under a heading, paired with a neighbouring list under another heading
  (e.g. discrete vs continuous distributions), for "Which TWO ..." multi-select questions;
- uses: what a named thing is for, from prose ("Use X to Y", "X is used for Y", "To Y, use X", "X is a
  service that lets you Y") and from a table's use-case column ("Use Cases", "When to Use"), for
  scenario questions ("A team needs to Y. Which ... should it use?"). Lines that are options of the
  notes' own sample questions are never read as facts (an option may be wrong).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.chunker import HEADING_SEP
from ingest.plain_text import MD_HEADING_RE
from ingest.questions import find_questions
from ingest.sources import discover, read_note, NoteFile
from ingest.structure import Block, parse_blocks
from ingest.text import SENTENCE_RE, clean, joined_items, split_cells
from tutor.practice.numbers import quantities, unit_key
from tutor.practice.prose import heading_categories, roots, term_candidates
from tutor.practice.qa import qa_candidates
from tutor.text import terms

DEF_BOLD_RE = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+\*\*(?P<term>[^*]{2,60}?)\s*:?\*\*\s*(?:[:=–-]+>?|=>)?\s*(?P<defn>\S.{12,})$")
DEF_PLAIN_RE = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+(?P<term>[A-Z][\w/().+&' -]{1,45}?)\s*:\s+(?P<defn>\S.{12,})$")
ITEM_RE = re.compile(r"^(?P<indent>\s*)(?:[-*+•]|\d{1,2}[.)])\s+(?P<text>\S.*)$")
TRANSPOSED_HEADS = {"", "feature", "features", "aspect", "criteria", "property", "modes"}
CRITERIA_RE = re.compile(r"\b(?:criteri(?:a|on)|comparison)\b", re.I)  # "Comparison criteria", "Criterion"
DESCRIBED_RE = re.compile(r"^\s*(?:descriptions?|definitions?|meaning|explanation|what it (?:is|does))\s*$", re.I)
USE_COLUMN_RE = re.compile(r"\buse\s*cases?\b|\bwhen to use\b|\bbest used when\b|\bused for\b|\bpurpose\b", re.I)
NAME = r"(?P<x>(?:[A-Z][\w\-/.+]*|[a-z]+_[a-z_]+)(?:[ -](?:[A-Z][\w\-/.+]*|[a-z]+_[a-z_]+|\d+|for|of|in|on|and))*)"
USE_PATTERNS = [
    re.compile(rf"^(?:you can |you should |we can )?use (?:the |an? )?{NAME} (?:to|for) (?P<y>[^.;]{{8,}})", re.I),
    re.compile(rf"^to (?P<y>[^,]{{8,}}), (?:you can |you should |we can )?use (?:the |an? )?{NAME}(?=[ .,]|$)", re.I),
    re.compile(rf"^(?:the )?{NAME}(?: (?P<kind>[a-z]+))? (?:is|are) (?:used|useful|best suited|suited|ideal|designed|meant)"
               rf" (?:to|for) (?P<y>[^.;]{{8,}})"),
    re.compile(rf"^(?:the )?{NAME} (?:is|are) an? (?P<kind>[\w -]{{3,40}}?) (?:that|which) (?:helps you |lets you |allows you to |"
               rf"makes it easy to |enables you to )?(?P<y>[^.;]{{8,}})"),
    re.compile(rf"^(?:the )?{NAME} (?:helps you|lets you|allows you to|enables you to|makes it easy to) (?P<y>[^.;]{{8,}})"),
    re.compile(rf"^when (?P<y>[^,]{{8,}}), use (?:the |an? )?{NAME}(?=[ .,]|$)", re.I),
]
NOT_A_NAME = re.compile(r"^(?:this|that|these|those|the same|same|using|which|what|it|they|you|we|then)\b", re.I)
WEAK_USE = re.compile(r"^(?:then|can be|is|are|be|also|so)\b", re.I)


@dataclass(frozen=True)
class Sibling:
    subject: str
    value: str
    line: int
    source: str = ""  # another file's (uses are compared across files); "" for the fact's own file


@dataclass(frozen=True)
class Fact:
    kind: str  # table | definition | category | use | term | mention | number
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
    masked: str = field(default="", compare=False)  # term: the description with the term blanked (prose.py)
    asked: str = field(default="", compare=False)  # term: the notes' own question that names it (qa.py)
    across: bool = field(default=False, compare=False)  # table: its columns are the things compared, rows criteria

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
    facts = _one_per_value(facts)
    uses = [f for f in facts if f.kind == "use"]  # what things are for: comparable across files
    return [f if f.kind != "use" else replace(f, siblings=f.siblings + tuple(
        Sibling(u.subject, u.value, u.lines[0], u.source) for u in uses
        if u.source != f.source and u.subject.lower() != f.subject.lower())) for f in facts]


def _one_per_value(facts: list[Fact]) -> list[Fact]:
    """One number of one unit is one fact ("kept for the last 90 days", "90 days - the default trail"): asked once,
    from where the notes say it first."""
    seen: set[tuple[str, str]] = set()
    out = []
    for f in facts:
        if f.kind == "number":
            value = (f.subject, unit_key(f.predicate))
            if value in seen:
                continue
            seen.add(value)
        out.append(f)
    return out


def facts_in(note: NoteFile) -> list[Fact]:
    found = find_questions(note.rel, note.lines)
    blocks = parse_blocks(note.lines, found)
    options = {o.line for q in found for o in q.options} | {n for q in found for n in range(q.start, q.start + 1)}
    headings = {n: HEADING_SEP.join(b.heading_path) for b in blocks for n in range(b.start, b.end + 1)}
    out: list[Fact] = _use_facts(note, options, headings) + _prose_definitions(note, options, headings)
    lists: list[tuple[Block, list[tuple[int, str]]]] = []
    for b in blocks:
        if b.kind == "table":
            out.extend(_table_facts(note, b))
        elif b.kind == "list":
            items = _top_items(note.lines, b)
            out.extend(_definition_facts(note, b, items))
            lists.append((b, items))
            groups = _item_groups(note.lines, b)
            for (parent, _), group in groups.items():
                if parent is not None:  # "- **strong**: ..." one level down: terms side by side all the same
                    out.extend(_definition_facts(note, b, group))
            out.extend(_named_items(note, b, groups))
    out.extend(_category_facts(note, lists))
    terms_here = term_candidates(note, blocks, options)
    named = {c["term"].lower() for c in terms_here if c["how"].startswith("heading") and not c.get("mention")}
    for c in heading_categories(note, blocks):  # sub-headings of sibling headings (prose.py)
        c["members"] = [m for m in c["members"] if m.lower() in named]  # things the notes say what they are,
        c["foils"] = [m for m in c["foils"] if m.lower() in named]  # not sub-topics ("Contraction", "Regulation")
        if len(c["members"]) < 2 or len(c["foils"]) < 2:
            continue
        a, b = c["lines"]
        out.append(Fact("category", note.rel, c["heading"], (a, b), (a, b), c["subject"], "heading member",
                        "; ".join(c["members"]), "\n".join(note.lines[a - 1 : b]), members=tuple(c["members"]),
                        foils=tuple(c["foils"]), foil_heading=c["foil_heading"]))
    for q in quantities(note, blocks, options):  # numbers the prose and lists state (numbers.py)
        out.append(Fact("number", note.rel, q.heading, (q.line, q.line), (q.line, q.line), q.number, q.unit,
                        q.sentence, note.lines[q.line - 1], masked=q.masked))
    asked = {f.subject.lower() for f in out if f.kind in ("definition", "table")}
    questioned = qa_candidates(note, options, headings)  # the notes' own "What is X?" and its answer (qa.py)
    answered = {n for q in questioned for n in range(q["lines"][0], q["lines"][1] + 1)}
    terms_here = [c for c in terms_here if c["term"].lower() not in {q["term"].lower() for q in questioned}
                  and not answered & set(range(c["lines"][0], c["lines"][1] + 1))] + questioned  # one thing, one fact
    for c in terms_here:  # terms the prose introduces (prose.py)
        if c["term"].lower() in asked:
            continue  # a list or table already asks for it
        a, b = c["lines"]
        out.append(Fact("mention" if c.get("mention") else "term", note.rel, c["heading"], (a, b), (a, b), c["term"],
                        c["how"] + (" name" if c["proper"] else ""), c["description"],
                        "\n".join(note.lines[a - 1 : b]), masked=c["stem_text"], asked=c.get("asked", ""),
                        siblings=tuple(Sibling(n, t, line) for n, t, line in c["siblings"])))
    return out


# ----------------------------------------------------------------------------- tables


def row_cells(line: str) -> list[str]:
    """A table row's cells as the facts read them (pipes or tabs, markup gone)."""
    return [_plain(joined_items(p)).strip(" •;") for p in split_cells(line)]


EMPHASIS_RE = re.compile(r"(?<![\w*])([*_])(?!\s)([^*_]{1,80}?)(?<!\s)\1(?![\w*])")
# the numbers of a list written inside one cell ("1. Tyrosine Hydroxylase, 2. DOPA Decarboxylase"): the first goes
# as a list marker, the others would be left in the text ("Tyrosine Hydroxylase, 2. DOPA ...")
ENUMERATOR_RE = re.compile(r"(?:^|(?<=[\s,;→>]))\d{1,2}[.)]\s+")


def _plain(text: str) -> str:
    """A cell or item as words: markup escapes ("\\(") and single-mark emphasis ("_hierarchical data_", also
    around a link: "*[[Primer#GPCRs\\|GPCR]]*") go, and the numbers of a list written inside it."""
    text = re.sub(r"\\([()\[\]*_|#])", r"\1", text)
    listed = len(ENUMERATOR_RE.findall(text.strip())) >= 2
    text = EMPHASIS_RE.sub(r"\2", clean(EMPHASIS_RE.sub(r"\2", text)))
    return ENUMERATOR_RE.sub("", text) if listed else text


def _table_rows(lines: list[str], b: Block) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header cells and whole rows. A row whose cells wrapped onto following lines (a continuation
    starts with a tab or a lower-case letter) is dropped with its continuation: its cells are cut."""
    header = row_cells(b.header[0]) if b.header else []
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
        cells = row_cells(line)
        if len(cells) >= len(header) >= 2:
            rows.append((n, cells[: len(header)]))
    return header, [(n, r) for n, r in rows if n not in broken]


def _table_facts(note: NoteFile, b: Block) -> list[Fact]:
    header, rows = _table_rows(note.lines, b)
    if len(header) < 2 or not header[0] and len(rows) < 4:
        return []
    compares = across(header, [r[0] for _, r in rows])  # the things compared run across the header (S3 | EFS | FSx)
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
                            note.lines[n - 1], siblings, header=tuple(header), across=compares))
    return out


def across(header: list[str] | tuple[str, ...], first: list[str]) -> bool:
    """The things a table compares run across its header ("Feature | S3 | EFS", " | Type 1 | Type 2"), its rows
    (`first`: their first cells) being their criteria: a first header that names criteria over two or more
    columns, or an empty one over a header that reads less like attribute names than the rows do ("Location |
    Function" over "Astrocytes" rows is a table of things; "Type 1 | Type 2" over "Color" rows compares the two).
    A two-column "Feature | Description" table lists named things with what each is."""
    if len(header) < 3 or any(DESCRIBED_RE.match(h) for h in header[1:]):
        return False  # a column that describes each row ("Aspect | Description | Key points"): rows are the things
    if header[0]:
        return header[0].lower() in TRANSPOSED_HEADS or bool(CRITERIA_RE.search(header[0]))
    return _attribute_share(first) > _attribute_share([h for h in header[1:] if h])


def _attribute_share(cells: list[str]) -> float:
    """The share of cells that read as an attribute's name: one to three words, none but the first capitalised,
    no digit or bracket ("Location", "Opening/Closing speed"; not "Thomas More", "Type 1", "L (V1)")."""
    def attribute(cell: str) -> bool:
        words = cell.split()
        return 1 <= len(words) <= 3 and not re.search(r"[\d()\[\]]", cell) and \
            not any(w[:1].isupper() for w in re.split(r"[\s/-]+", cell)[1:] if w)
    return sum(attribute(c) for c in cells) / len(cells) if cells else 0.0


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


def _item_groups(lines: list[str], b: Block) -> dict[tuple[int | None, int], list[tuple[int, str]]]:
    """A list's items in sibling groups: (the parent item's line or None at the top, indentation) -> items."""
    groups: dict[tuple[int | None, int], list[tuple[int, str]]] = {}
    stack: list[tuple[int, int]] = []
    for n in range(b.start, b.end + 1):
        m = ITEM_RE.match(lines[n - 1])
        if not m:
            continue
        ind = len(m.group("indent").expandtabs(4))
        while stack and stack[-1][0] >= ind:
            stack.pop()
        groups.setdefault((stack[-1][1] if stack else None, ind), []).append((n, lines[n - 1]))
        stack.append((ind, n))
    return groups


NAMED_ITEM_WORDS = 8  # an item this short with a sentence under it is a name and what it is


def _named_items(note: NoteFile, b: Block, groups: dict) -> list[Fact]:
    """Items that name a thing, each with the sentence(s) one level under it ("- Civil Constitution of the Clergy"
    / "  - This was a law passed ..."): the siblings of one group are the same kind of thing by the outline."""
    children: dict[int, list[tuple[int, str]]] = {}
    for (parent, _), group in groups.items():
        if parent is not None:
            children.setdefault(parent, []).extend(group)
    vocab = _lowercase_vocabulary(note.lines)
    heading = HEADING_SEP.join(b.heading_path)
    out = []
    for group in groups.values():
        named = []
        for n, line in group:
            name = clean(ITEM_RE.match(line).group("text")).strip()
            kids = children.get(n, [])
            if not kids or not 1 <= len(name.split()) <= NAMED_ITEM_WORDS or name[-1:] in ".:?!;," or \
                    not name[:1].isupper() or _generic_label(name, vocab) or "*" in name or "[" in name:
                continue
            first, text = kids[0]
            desc = _plain(ITEM_RE.match(text).group("text")).strip()
            if len(desc.split()) >= 6 and desc[-1:] in ".!":
                named.append((n, first, name, desc))
        if len(named) < 4:
            continue
        for n, first, name, desc in named:
            siblings = tuple(Sibling(t, d, m) for m, _, t, d in named if m != n)
            out.append(Fact("definition", note.rel, heading, (n, first), (b.start, b.end), name, "definition", desc,
                            "\n".join(note.lines[n - 1 : first]), siblings))
    return out


def _definition_facts(note: NoteFile, b: Block, items: list[tuple[int, str]]) -> list[Fact]:
    defs: list[tuple[int, str, str]] = []
    vocab = _lowercase_vocabulary(note.lines)
    for n, line in items:
        m = DEF_BOLD_RE.match(line) or DEF_PLAIN_RE.match(line)
        if m:
            term = clean(m.group("term")).rstrip(":").strip()
            defn = _plain(m.group("defn")).lstrip(":=>- ").strip()
            if 1 <= len(term.split()) <= 6 and len(defn.split()) >= 3 and not SENTENCE_TERM_RE.search(term) and \
                    (not _generic_label(term, vocab) or _named_again(term, note.lines, n)):
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


LEAD_IN_WORDS = 12  # a line that introduces a list ("The kernel sees:", "For embedded operating systems:")


def _lead_in(lines: list[str], b: Block) -> str | None:
    """The line right above a list that introduces it, ending in a colon: the list's own label."""
    n = b.start - 1
    while n >= 1 and not lines[n - 1].strip():
        n -= 1
    if n < 1 or b.start - n > 2:
        return None
    text = clean(lines[n - 1]).strip()
    if not text.endswith(":") or ITEM_RE.match(lines[n - 1]) or text.startswith("#") or \
            not 2 <= len(text.split()) <= LEAD_IN_WORDS or "|" in text:
        return None
    return text


def _lead_in_categories(note: NoteFile, lists: list[tuple[Block, list[tuple[int, str]]]]) -> list[Fact]:
    """Lists of one section, each introduced by its own line ("The kernel sees:" / "The user level library
    sees:"): the items of one are the others' rivals - the same kind of thing, by the notes' own layout."""
    labelled = []
    for b, items in lists:
        label = _lead_in(note.lines, b)
        texts = [clean(ITEM_RE.match(t).group("text")) for _, t in items]
        every = [clean(ITEM_RE.match(note.lines[n - 1]).group("text")) for n in range(b.start, b.end + 1)
                 if ITEM_RE.match(note.lines[n - 1])]  # nested items too ("Unix-based systems" > "Linux")
        if label and b.heading_path and 2 <= len(texts) <= 8 and all(3 <= len(t) and len(t.split()) <= 6 for t in every):
            labelled.append((b, label, texts, every))
    out = []
    for b, label, texts, _ in labelled:
        mine = {t.lower() for t in texts}
        foils, foil_labels = [], []
        for b2, label2, _, every2 in labelled:
            if b2 is b or b2.heading_path != b.heading_path or abs(b2.start - b.start) > 60 or \
                    not roots(label) & roots(label2):
                continue  # parallel lead-ins ("The kernel sees:" / "The user level library sees:"), not "For example:"
            new = [t for t in every2 if t.lower() not in mine and t not in foils]
            foils += new
            foil_labels += [label2] if new else []
        if len(foils) >= 2 and len(texts) >= 2:
            heading = HEADING_SEP.join(b.heading_path)
            out.append(Fact("category", note.rel, heading, (b.start, b.end), (b.start, b.end), label, "lead-in member",
                            "; ".join(texts), "\n".join(note.lines[b.start - 1 : b.end]), members=tuple(texts),
                            foils=tuple(foils), foil_heading=" / ".join(foil_labels)))
    return out


def _category_facts(note: NoteFile, lists: list[tuple[Block, list[tuple[int, str]]]]) -> list[Fact]:
    """Short-item lists under different headings close together: each is a category, the other its foil.
    Lists of one section that each have their own lead-in line come first (their rivals sit beside them)."""
    out = _lead_in_categories(note, lists)
    done = {f.block for f in out}
    lists = [(b, items) for b, items in lists if (b.start, b.end) not in done]
    cats = []
    for b, items in lists:
        texts = [clean(ITEM_RE.match(t).group("text")) for _, t in items]
        if len(texts) < 3 or any(len(t.split()) > 8 or len(t) < 3 for t in texts) or not b.heading_path:
            continue
        cats.append((b, items, texts))
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


# ----------------------------------------------------------------------------- uses


def _use_facts(note: NoteFile, skip: set[int], headings: dict[int, str]) -> list[Fact]:
    """What named things are for, stated in a sentence. Siblings are the other uses of the same file."""
    found: list[tuple[int, str, str, str, str]] = []
    for n, raw in enumerate(note.lines, 1):
        if n in skip or not raw.strip():
            continue
        text = clean(raw)
        for sentence in SENTENCE_RE.split(text):
            sentence = sentence.strip().rstrip(".")
            for pat in USE_PATTERNS:
                m = pat.match(sentence)
                if not m:
                    continue
                x = re.sub(r"^(?:the|an?)\s+", "", re.sub(r"\s+(?:is|are|for|of|in|on|and)$", "", m.group("x").strip()),
                           flags=re.I)
                y = re.split(r"\s*(?:=>|;|\(|, (?:but|however|and then|which))\s*", m.group("y").strip())[0]
                kind = (m.groupdict().get("kind") or "").strip()
                if NOT_A_NAME.match(x) or WEAK_USE.match(y) or len(x) < 2 or len(x.split()) > 6 or x.islower() \
                        or not 3 <= len(y.split()) <= 18:
                    break
                if re.search(r"\bto\s+$", sentence[: m.start("y")]) and not re.match(r"to\b", y):
                    y = "to " + y  # "Use X to distribute traffic": a verb, said as one ("needs to distribute ...")
                found.append((n, x, y.rstrip(" ,"), kind, sentence))
                break
    out = []
    for n, x, y, kind, sentence in found:
        siblings = tuple(Sibling(x2, y2, m) for m, x2, y2, _, _ in found if x2.lower() != x.lower())
        out.append(Fact("use", note.rel, headings.get(n, ""), (n, n), (n, n), x, kind or "use", y, note.lines[n - 1],
                        siblings))
    return out


PROSE_DEF_RE = re.compile(r"^(?P<x>[A-Z][\w-]*(?: [\w-]+){0,3}) (?:is|are|refers to|means) (?:the |a |an )?(?P<y>[^.;]{20,200})$")
NOT_A_TERM = re.compile(r"^(?:this|that|these|those|it|there|here|the|a|an|you|we|they|which|what|one|each|all|some|"
                        r"so|if|when|in|for|to|as|but|and|or|also|most|many)\b", re.I)


def _prose_definitions(note: NoteFile, skip: set[int], headings: dict[int, str]) -> list[Fact]:
    """'Precision is the proportion of positive predictions that are actually correct': a term defined by
    the sentence that opens a line. Its siblings are the terms defined near it (within 60 lines)."""
    found: list[tuple[int, str, str]] = []
    for n, raw in enumerate(note.lines, 1):
        if n in skip or not raw.strip() or ITEM_RE.match(raw) or "|" in raw or "\t" in raw.strip():
            continue
        first = SENTENCE_RE.split(clean(raw))[0].strip().rstrip(".")
        m = PROSE_DEF_RE.match(first)
        if not m or NOT_A_TERM.match(m.group("x")) or len(m.group("x")) < 3:
            continue
        y = re.sub(r"image-\d+", "", m.group("y")).strip()
        if len(y.split()) >= 5:
            found.append((n, m.group("x").strip(), y))
    out = []
    for n, x, y in found:
        siblings = tuple(Sibling(x2, y2, m) for m, x2, y2 in found
                         if x2.lower() != x.lower() and abs(m - n) <= 60 and headings.get(m) == headings.get(n))
        if len(siblings) >= 3:
            out.append(Fact("definition", note.rel, headings.get(n, ""), (n, n), (n, n), x, "definition", y,
                            note.lines[n - 1], siblings))
    return out


def _lowercase_vocabulary(lines: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in lines:
        for w in re.findall(r"\b[a-z][a-z]{2,}\b", line):
            counts[w] = counts.get(w, 0) + 1
    return counts


SENTENCE_TERM_RE = re.compile(r"\b(?:is|are|was|were)\b|[.!?]$")  # "Option A is incorrect.": a sentence, no term


def _named_again(term: str, lines: list[str], n: int) -> bool:
    """A name of two or more words that the notes use again on another line ("consumer group", "Partition Key"):
    a term of the subject, though each of its words is an everyday one; a label over a group ("Skill Level",
    "Secure Storage") names nothing the notes speak of again. A name that is also the title of a section of the
    same notes ("**Partitions**: ..." and "## Partitions") is a thing the notes speak of, in one word too."""
    if any(_same_name(term, h) for h in _titles(lines)):
        return True
    if len(term.split()) < 2:
        return False
    rx = re.compile(r"(?<![\w-])" + re.escape(term) + r"s?(?![\w-])", re.I)
    return any(rx.search(line) for k, line in enumerate(lines, 1) if k != n)


def _titles(lines: list[str]) -> list[str]:
    """The text of each Markdown heading of a file, its links read as their words ("## [Features](https://...)")."""
    return [clean(m.group(2)) for line in lines if (m := MD_HEADING_RE.match(line))]


def _same_name(a: str, b: str) -> bool:
    """One name, written the same but for case and a plural s ("Partitions" / "Partition")."""
    x, y = a.strip().lower(), b.strip().lower()
    return bool(x) and (x == y or x + "s" == y or x == y + "s")


def _generic_label(term: str, vocab: dict[str, int]) -> bool:
    """'Ways to deploy', 'Skill Level', 'Deployement': a label over a group of notes, made of words the
    notes use in lower case - not a named thing a question can ask for ('Rekognition', 'num_class')."""
    if re.search(r"\d|_|[a-z][A-Z]|[A-Z]{2}", term) or term[:1].islower():
        return False  # a term the list itself writes in lower case ("alpha", "political party") is a word of the
        # subject, named as the notes use it: lower-case use elsewhere says nothing of it being a label
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", term)]
    content = [w for w in words if len(w) >= 3 and w not in ("and", "the", "for", "with")]
    return bool(content) and len(words) <= 4 and all(vocab.get(w, 0) >= 1 or vocab.get(w.rstrip("s"), 0) >= 1
                                                      or w.endswith("ment") for w in content)
