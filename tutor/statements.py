"""Statements: the units of the notes that an answer quotes and an option is checked against.

A passage (a chunk) is cut into statements with their exact line numbers in the note file:

- a prose line gives one statement per sentence;
- a list item gives one statement, with its parent item as context ("- is held for 24 hours by
  default" under "- **Kinesis Data Streams:** ..." is about Kinesis Data Streams);
- a table row gives "Row: Column: value; Column: value" with the header row as context;
- in a sample question, the stem is a scenario (not a fact), each option line is a claim *marked*
  right or wrong when the notes mark it (✅/❌, "(Correct)", an "Answer: B" line), and the explanation
  lines are statements.

Headings, URLs, image placeholders and code are never statements.
"""

from __future__ import annotations

import re
from itertools import zip_longest
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ingest.questions import RULE_RE
from ingest.mcq_grammar import (ANSWER_RE, IS_CORRECT_RE, LETTERS, is_marked_option, letters_in,
                                parse_option_text)
from ingest.text import (BULLET_RE, IMAGE_RE, SEE_LINK_RE, SENTENCE_RE, TABLE_SEP_RE, URL_LINE_RE, cells, clean, gist,
                         html_table_rows, indent_of, is_table_row, is_title_like, normalize, shown_heading)
from tutor.code import FENCE_RE, blocks as code_blocks
from tutor.passages import Passage

LABELLED_RE = re.compile(r"^\W*[A-Z][\w ]{0,24}:\s")  # a line under a label of its own ("Answer: ...", "Note: ...")
MIN_WORDS = 3
# a prose sentence shorter than this is no statement on its own ("4 by default."): a whole one (ending in a full
# stop) goes on the sentence before it; a stray piece of one ("It", cut off by a line break) is dropped
FRAGMENT_WORDS = 4
ASKED_WORDS = 15  # a question of the notes' prose this short is answered by the sentence after it
FIELD_WORDS = 8  # a "Field: value" line this short is a value given, not a lead-in
# a line of its own that gives a term and its value ("Precision: TP/(TP+FP)") says something whole in two words
TERM_VALUE_RE = re.compile(r"^\s*[^\s:][^:]{0,40}:\s*\S{3,}")
FORMULA_RE = re.compile(r"\$[^$]*=[^$]*\$|\S\s*=\s*\S")  # "$E = ...$", "CO = HR x SV"
MD_HEADING_RE = re.compile(r"^\s*#{1,6}\s")
MARKER_LINE_RE = re.compile(r"^\s*\**\((correct|incorrect)\)\**\s*$", re.I)
EXPLANATION_RE = re.compile(r"^\s*(?:\*\*)?(?:explanation|notes?)(?:\*\*)?\s*(?::-|:–|:|-|–)?\s*", re.I)
BULLET_MARK_RE = re.compile(r"^\s*(?:[-*+•●▪◦]|\d{1,3}[.)])\s+")
OUTLINE_MARK_RE = re.compile(r"^(?:[IVX]{1,5}|[A-Z])\.\s+(?=\S)")  # "IV. Peak ...", "B. ...": a step of an outline
OPTION_VERDICT_RE = re.compile(r"^\s*(?:\*\*)?option\s+([A-J])\s+is\s+(correct|incorrect)", re.I)


@dataclass(frozen=True)
class Statement:
    text: str  # what the statement says, cleaned ("Row: Column: value" for a table row)
    source: str
    start_line: int
    end_line: int
    heading: str
    kind: str  # prose | list | table | option | stem | explanation
    context: str = ""  # parent list item or table header: who/what the statement is about
    truth: bool | None = None  # options only: marked right (True) or wrong (False) by the notes
    subject: str = ""  # table rows: the row name; list items "**Term**: ..." the term
    passage: Passage | None = field(default=None, compare=False, hash=False)

    @property
    def location(self) -> str:
        a, b = self.start_line, self.end_line
        return f"{self.source}:{a}" if a == b else f"{self.source}:{a}-{b}"

    @property
    def is_fact(self) -> bool:
        """Something the notes assert (a scenario stem or an unmarked option is not)."""
        return self.kind in ("prose", "list", "table", "explanation") or (self.kind == "option" and self.truth)

    def as_passage(self) -> Passage:
        """The statement's own lines, citable on their own (file, heading, exact lines)."""
        base = self.passage
        raw = self.text
        if base is not None:
            return Passage(base.chunk_id, self.source, self.heading, self.start_line, self.end_line, base.kind, raw)
        return Passage("", self.source, self.heading, self.start_line, self.end_line, self.kind, raw)




def passage_lines(p: Passage, file_lines: list[str]) -> list[tuple[int, str]]:
    """(line number, text) of the passage, read from the note file when it still matches, else from the
    chunk text itself (a table piece repeats its header row above its first line)."""
    if file_lines and 1 <= p.start_line <= p.end_line <= len(file_lines):
        out = [(n, file_lines[n - 1]) for n in range(p.start_line, p.end_line + 1)]
        if "\n".join(t for _, t in out).strip() and _same_text(p.text, out):
            h = p.header_line
            if h and h < p.start_line and h <= len(file_lines):  # a table piece: its header row comes first
                out = [(h, file_lines[h - 1])] + out
            return out
    rows = p.text.split("\n")
    body = rows[-(p.end_line - p.start_line + 1):] if len(rows) > p.end_line - p.start_line else rows
    head = rows[: len(rows) - len(body)]
    return [(p.start_line, h) for h in head] + [(p.start_line + i, t) for i, t in enumerate(body)]


def _same_text(chunk_text: str, lines: list[tuple[int, str]]) -> bool:
    want = re.sub(r"\s+", " ", chunk_text).strip()
    have = re.sub(r"\s+", " ", "\n".join(t for _, t in lines)).strip()
    return bool(have) and have in want or want.endswith(have[-200:])


def statements(p: Passage, file_lines: list[str] | None = None, short_items: bool = False) -> list[Statement]:
    """Every statement of passage `p` (see the module docstring). `short_items`: one-word list items too ("-
    Security"): too short to say anything alone, but an item of the list a shown list would leave out."""
    bare = replace(p, similarity=0.0, score=0.0, ranks={})  # one cache entry per chunk, whatever its rank
    return list(_statements(bare, tuple(file_lines or ()), short_items))


def one_word_items(st: Statement, context: str) -> list[Statement]:
    """The one-word items ("- Security") of the list under `context` in the passage `st` was read from: to show
    with the rest of that list."""
    if st.passage is None or not context:
        return []
    return [x for x in statements(st.passage, short_items=True)
            if x.kind == "list" and x.context == context and len(x.text.split()) < 2]


def _row_text(header: list[str], row: list[str]) -> str:
    """A table row as a statement: "Header: cell | ..." over its filled cells (a cell under no header alone);
    `compose._pairs` reads it back."""
    return " | ".join(f"{h}: {c}" if h else c for h, c in zip(header, row) if c)


@lru_cache(maxsize=4096)
def _statements(p: Passage, file_lines: tuple[str, ...], short_items: bool = False) -> tuple[Statement, ...]:
    lines = passage_lines(p, list(file_lines)) + _items_cut_off(p, file_lines)
    if p.kind == "question":
        return tuple(_question_statements(p, lines))
    out: list[Statement] = []
    header: list[str] | None = None
    last_row: tuple[int, list[str]] | None = None  # the line and cells of the table row read last
    # (indent, text) of the enclosing list items; a passage cut inside a list starts under the items above it
    parents: list[tuple[int, str]] = _parents_above(file_lines, lines)
    # a passage that starts inside a code block (a chunk cut in a long one) starts in code
    first = lines[0][0] if lines else p.start_line
    in_code = sum(1 for t in file_lines[: max(0, first - 1)] if t.strip().startswith("```")) % 2 == 1
    joined: set[int] = set()  # lines read as the end of a paragraph above them
    tables_read: set[int] = set()
    for i, (n, raw) in enumerate(lines):
        if i in joined:
            continue
        line = raw.rstrip()
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code or not line.strip() or TABLE_SEP_RE.match(line) or URL_LINE_RE.match(line) or \
                SEE_LINK_RE.match(line):
            continue
        if MD_HEADING_RE.match(line):
            parents = []
            head = clean(MD_HEADING_RE.sub("", line))
            if FORMULA_RE.search(head) and len(head.split()) >= MIN_WORDS:
                # a formula set as a heading ("### Simplified: $E = 60/z * log(...)$") is what the notes say
                out.append(Statement(head, p.source, n, n, _heading_above(p, file_lines, n, line), "prose", passage=p))
            continue
        # an HTML table on one line: its rows, as a Markdown table's ("Contributions from Bacon: ..."), read from
        # the note's line (a chunk holds a piece of a long one, its tags gone)
        whole = file_lines[n - 1] if 0 < n <= len(file_lines) and "<table" in file_lines[n - 1].lower() else ""
        rows = html_table_rows(whole) if n not in tables_read else []
        if whole:
            tables_read.add(n)
        if whole and not rows:
            continue
        if rows:
            head, *body = rows
            for row in body:
                text = _row_text(head, row)
                if len(text.split()) >= MIN_WORDS:
                    out.append(Statement(text, p.source, n, n, p.heading, "table", " | ".join(h for h in head if h),
                                         subject=next((c for c in row if c), ""), passage=p))
            continue
        if is_table_row(line):
            row = [c for c in cells(IMAGE_RE.sub(" ", line))]  # an image says nothing: a row of images is no row
            if header is None:
                header = row
                continue
            if row and not row[0] and 0 < sum(1 for c in row if c) * 2 <= len(header) and last_row is not None \
                    and out and out[-1].start_line == last_row[0]:
                # a row with nothing in its first cell and few cells at all goes on with the row above it (cells
                # wrapped onto a line of their own, "S3DataDistributionType = FullyReplicated" under the Linear
                # Learner row): alone it reads as the next row's. (A row of a group, "| | Apache ORC | Binary | ...",
                # fills most of its cells: a row of its own.)
                merged = [f"{a} {b}".strip() for a, b in zip_longest(last_row[1], row, fillvalue="")]
                last_row = (last_row[0], merged)
                out[-1] = replace(out[-1], text=_row_text(header, merged), end_line=n)
                continue
            text = _row_text(header, row)  # a cell may itself hold "a; b" (an HTML list)
            subject = next((c for c in row if c), "")
            last_row = None
            if len(text.split()) >= MIN_WORDS and n != p.header_line:
                out.append(Statement(text, p.source, n, n, p.heading, "table", " | ".join(h for h in header if h),
                                     subject=subject, passage=p))
                last_row = (n, row)
            continue
        header = None  # a line that is no row ends the table: the next table has its own header
        if IMAGE_RE.search(line) and len(clean(IMAGE_RE.sub(" ", line)).split()) < MIN_WORDS:
            continue
        if BULLET_RE.match(line):
            ind = indent_of(line)
            while parents and parents[-1][0] >= ind:
                parents.pop()
            text, end, j = clean(line), n, i + 1
            while j < len(lines) and _lazy(lines[j - 1][1], lines[j][1]):
                # a line going on in lower case right under an item ("* KMS is accepted by ... and / tmp" / "can
                # be encrypted with a KMS key") is the rest of that item, not a title over the items after it
                text, end = f"{text} {clean(lines[j][1])}", lines[j][0]
                joined.add(j)
                j += 1
            context = parents[-1][1] if parents else ""
            parents.append((ind, text))
            if len(text.split()) >= 2 or (short_items and text.strip()):
                out.append(Statement(text, p.source, n, end, p.heading, "list", context, subject=_term(line), passage=p))
            continue
        if is_title_like(line) and not line.rstrip().endswith((".", "?")) and not _bold_term(line) \
                and not re.match(r"^\s*\*\*[^*]+\*\*\s+[a-z(]", line) and not _alone(lines, i) \
                and not (i + 1 < len(lines) and _goes_on(line, lines[i + 1][1])):
            # (a bold opening going on in lower case, "**Electrolytes dissociate** when dissolved ...", is a
            # sentence, not a title; nor is a line whose sentence goes on in lower case on the next line,
            # "Facilitated by X. Processes N-acetyl-para-quinone" / "imine (NAPQI), ...": a wrapped paragraph)
            # a title line ("**Na+ (more OUTSIDE)**") names what the list under it is about
            parents = [(-1, clean(line).strip(" *_:"))]
            continue
        # a paragraph wrapped over several lines ("The savings in the" / "mutex enter/exit path is about 12
        # instructions.") is read whole: a line going on in lower case continues the sentence above it
        parts = [(n, clean(_unquote(line).replace("\t", " ")))]
        j = i + 1
        while j < len(lines) and _goes_on(lines[j - 1][1], lines[j][1]):
            parts.append((lines[j][0], clean(_unquote(lines[j][1]).replace("\t", " "))))
            joined.add(j)
            j += 1
        text = " ".join(t for _, t in parts if t)
        ends, at = [], 0  # where each line's text ends in the paragraph
        for ln, t in parts:
            at += len(t) + 1 if t else 0
            ends.append((at, ln))
        parents = [(-1, _lead_in(text))] if _leads_in(text) else []  # a lead-in: the list items after it hang under it
        first, pos, made = "", 0, len(out)
        # an outline's mark ("III. Depolarization to -55 mV ...") stays with the sentence it numbers: a student
        # reading one step of a sequence sees which step it is
        mark = OUTLINE_MARK_RE.match(text)
        sentences = SENTENCE_RE.split(text[mark.end():] if mark else text)
        if mark:
            sentences[0] = text[:mark.end()] + sentences[0]
        for sent in sentences:
            start = text.find(sent, pos)
            pos = start + len(sent)
            b = next(ln for end, ln in ends if pos <= end or end == ends[-1][0])
            if len(sent.split()) < FRAGMENT_WORDS and len(out) > made and (
                    re.search(r"[.!)][\"”’*_]*$", sent.strip()) or _line_ends_on(file_lines, b, sent)) \
                    and "?" not in sent and not TERM_VALUE_RE.match(sent):
                # "They serve as commit logs ... in the order received. 4 by default.": the fragment says more
                # of what the sentence before it is about, and is read with it ("Passive tension: Driven by the
                # inherent flexibility of the muscle fiber. Highest when compressed" - unstopped, at the end)
                if out[-1].text == first:
                    first = f"{first} {sent.strip()}"  # the later sentences are about the first one, as it now reads
                out[-1] = replace(out[-1], text=f"{out[-1].text} {sent.strip()}", end_line=b)
                continue
            # (or the question is a paragraph of its own right above this one: "What if an A1 agonist was given and
            # then atropine?" / "The baroreceptor signal would still be sensed ...")
            asked_above = len(out) == made and made > 0 and not first and out[-1].kind == "prose" and \
                out[-1].end_line < n and _blank_between(file_lines, out[-1].end_line, n) and \
                out[-1].start_line == out[-1].end_line and \
                clean(out[-1].text).lower() != clean(p.heading.split(" > ")[-1]).lower() and \
                not LABELLED_RE.match(sent)  # (a plain-text title; "Answer: ..." under "Bonus question: ...?" is
            # the answer to the question before that one)
            if (len(out) > made or asked_above) and out[-1].text.endswith("?") and not sent.strip().endswith("?") and \
                    len(out[-1].text.split()) <= ASKED_WORDS and len(sent.split()) >= MIN_WORDS:
                # "Are you comparing two hardware platforms? Make sure the software is consistent.": the sentence
                # answers the question right before it, and is read with it (alone it says what holds in general)
                out[-1] = replace(out[-1], text=f"{out[-1].text} {sent.strip()}", end_line=b)
                continue
            if len(sent.split()) >= MIN_WORDS or (len(parts) == 1 and TERM_VALUE_RE.match(sent)):
                a = next(ln for end, ln in ends if start < end or end == ends[-1][0])
                # a later sentence of the same line is about what the first one named
                out.append(Statement(sent.strip(), p.source, a, b, p.heading, "prose", context=first, passage=p,
                                     subject="" if first else _bold_term(line)))
                first = first or sent.strip()
        if len(out) > made and file_lines:
            out[made:] = _with_code(out[made:], file_lines, parts[0][0], parts[-1][0])
    return tuple(_answers_of_questions_above(out, file_lines))


def _answers_of_questions_above(out: list[Statement], file_lines: tuple[str, ...]) -> list[Statement]:
    """A line "Answer: ..." in a passage of its own, the sample question it answers in the passage before it (the
    index cut them apart, or a "Bonus question: ..." stands between): that question's explanation, shown under it.
    Alone under the file's title, "allocate an individual partition for each ward" means nothing."""
    found: dict[int, str] = {}
    for i, st in enumerate(out):
        n = st.start_line
        if st.kind != "prose" or not 1 <= n <= len(file_lines) or not ANSWER_LEAD_RE.match(file_lines[n - 1]):
            continue
        if n not in found:
            found[n] = _question_above(file_lines, n)
        if found[n]:
            out[i] = replace(st, kind="explanation", context=found[n], subject="")
    return out


def _question_above(file_lines: tuple[str, ...], n: int) -> str:
    """The sample question ("Question: ...", "Q3. ...") that the answer line n goes with: the nearest one above,
    within QUESTION_REACH lines and its own section (no heading, rule or other answer between); "" if none."""
    for k in range(n - 1, max(0, n - QUESTION_REACH), -1):
        t = file_lines[k - 1]
        if MD_HEADING_RE.match(t) or RULE_RE.match(t) or ANSWER_LEAD_RE.match(t):
            return ""
        if QUESTION_LEAD_RE.match(t):
            return clean(t)[:300]
    return ""


# a short code block is read with the prose around it: "Mutexes can be destroyed (freed) with" + the call is one
# statement, and so is the call + "Unlike pthread_mutex_lock ..., this function will return immediately ..."
SHORT_CODE = 3  # content lines
POINTS_AT_CODE_RE = re.compile(r"\b(?:this|these|the above|the following)\s+(?:(?:two|three)\s+)?(?:function|call|command|"
                               r"method|statement|operation|query|snippet|code|line|declaration|signature|macro)s?\b", re.I)
LEADS_INTO_RE = re.compile(r"(?:[:,]|\b(?:with|is|are|was|were|call|calls|use|using|run|function|command|method|"
                           r"following|as|by|via|like|to|the|a|an|of)\b)\s*$", re.I)


def _short_code(file_lines: tuple[str, ...], fence: int) -> tuple[int, int, str] | None:
    """The short code block whose fence is on line `fence` (opening or closing): its content lines, inline."""
    if not (1 <= fence <= len(file_lines) and FENCE_RE.match(file_lines[fence - 1])):
        return None
    for a, b, _ in code_blocks(list(file_lines)):
        if fence in (a - 1, b + 1):
            body = [x.strip() for x in file_lines[a - 1 : b] if x.strip()]
            if not body or len(body) > SHORT_CODE or any("`" in x for x in body):
                return None
            return a, b, "; ".join(f"`{x}`" for x in body)
    return None


def _with_code(made: list[Statement], file_lines: tuple[str, ...], first: int, last: int) -> list[Statement]:
    """A paragraph's statements with the short code block right above or below it read into them."""
    def fence_near(n: int, step: int) -> int:
        k = n + step
        while 1 <= k <= len(file_lines) and not file_lines[k - 1].strip():
            k += step
        return k

    above = _short_code(file_lines, fence_near(first, -1))
    m = POINTS_AT_CODE_RE.search(made[0].text) if above else None
    if m:  # "this function" after the function's signature: named where it points
        head = made[0]
        made[0] = replace(head, text=f"{head.text[: m.end()]} ({above[2]}){head.text[m.end():]}", start_line=above[0])
        # (the later sentences of its line stay of one line with it: "If you pass it the same arguments ..." comes
        # with "This function (`ftok(...)`) generates a token ...", not alone)
        made[1:] = [replace(x, context=made[0].text, start_line=above[0] if x.start_line == head.start_line
                            else x.start_line) if x.context == head.text else x for x in made[1:]]
    fence = fence_near(last, 1)
    below = _short_code(file_lines, fence)
    tail = made[-1].text.rstrip()
    if not tail.endswith((".", "!", "?")) and LEADS_INTO_RE.search(tail):
        if below:  # "Mutexes can be destroyed (freed) with" and the call under it: one sentence
            made[-1] = replace(made[-1], text=f"{tail} {below[2]}.", end_line=below[1])
        elif len(made) > 1 and 1 <= fence <= len(file_lines) and FENCE_RE.match(file_lines[fence - 1]):
            # "Thus the average time per order was" and a computation too long to read inline: alone the sentence
            # says nothing and reads as cut off (an outside reader), so the paragraph ends before it
            made = made[:-1]
    return made


QUOTE_RE = re.compile(r"^\s*(?:>\s?)+")


def _line_ends_on(file_lines: tuple[str, ...], n: int, sent: str) -> bool:
    """The note's line n ends on this sentence of two words or more: its last words, not where a passage was cut
    in the line, nor a word left over from a paste ("... it uses Docker compose and NVIDIA Docker. It")."""
    return len(sent.split()) >= 2 and 0 < n <= len(file_lines) and clean(file_lines[n - 1]).rstrip().endswith(sent.strip())


def _blank_between(file_lines: tuple[str, ...], a: int, b: int) -> bool:
    """Are the note's lines between line a and line b (1-based, both excluded) one or two blank ones?"""
    between = file_lines[a:b - 1] if file_lines else ()
    return 1 <= len(between) <= 2 and all(not t.strip() for t in between)


def _unquote(line: str) -> str:
    return QUOTE_RE.sub("", line.rstrip())


# a line that is one formula and nothing else ("$I_{Na} + I_K = 0$", "$$V_m = ...$$")
MATH_LINE_RE = re.compile(r"^\s*\${1,2}[^$]+\${1,2}\s*$")


def _goes_on(above: str, line: str) -> bool:
    """Does `line` carry on the sentence of the line above it (a soft-wrapped paragraph)? A formula on its own line
    carries on the sentence leading into it ("At steady state for the ions Na2+ and K+, the following would be the
    derived equation:"): alone it reads as a law that always holds."""
    text = _unquote(line)
    if MATH_LINE_RE.match(text) and _unquote(above).rstrip().endswith(":") and not BULLET_RE.match(_unquote(above)) \
            and not MD_HEADING_RE.match(_unquote(above)):
        return True
    return (bool(re.match(r"[a-z]", text.lstrip())) and bool(_unquote(above).strip())
            and not _unquote(above).rstrip().endswith((".", "!", "?", ":")) and not BULLET_RE.match(text)
            and not is_table_row(text) and not MD_HEADING_RE.match(text) and not text.strip().startswith("```")
            and not BULLET_RE.match(_unquote(above)) and not is_table_row(above)
            and not any(re.search(r"[;{}(]\s*$|^\s*(?:var|let|const|def|return)\s", x) for x in (above, line)))  # code


def _lazy(above: str, line: str) -> bool:
    """Does `line` carry on the list item above it (a soft-wrapped item, CommonMark's lazy continuation)?"""
    return (bool(re.match(r"[a-z]", line.lstrip())) and bool(BULLET_RE.match(above))
            and not above.rstrip().endswith((".", "!", "?", ":")) and not BULLET_RE.match(line)
            and not is_table_row(line) and not MD_HEADING_RE.match(line) and not line.strip().startswith("```"))


def _title(line: str) -> str:
    """A heading line's title as the ingest writes it in heading paths: its numbering kept ("5. Elimination", which
    clean() would read as a list item's marker and drop, making another path for the same section)."""
    raw = MD_HEADING_RE.sub("", line).strip()
    number = re.match(r"\d{1,3}[.)]\s+", raw)
    return shown_heading(raw[:number.end()] + clean(raw[number.end():]) if number else clean(raw))


def _heading_above(p: Passage, file_lines: tuple[str, ...], n: int, line: str) -> str:
    """The section a heading line belongs to: the nearest heading above it of a higher level, read from the
    file (a chunk may carry the next section's heading when the formula heading has no lines of its own)."""
    def depth(t: str) -> int:
        return len(t.lstrip()) - len(t.lstrip().lstrip("#"))

    level = depth(line)
    path: list[str] = []
    for k in range(n - 1, 0, -1):
        t = file_lines[k - 1] if k <= len(file_lines) else ""
        if MD_HEADING_RE.match(t.rstrip()):
            lv = depth(t)
            if lv < level:
                path.insert(0, _title(t))
                level = lv
                if lv <= 1:
                    break
    if path:
        return " > ".join(path)
    parts = p.heading.split(" > ")
    return " > ".join(parts[:-1]) if len(parts) > 1 else p.heading


def _items_cut_off(p: Passage, file_lines: tuple[str, ...], limit: int = 8) -> list[tuple[int, str]]:
    """The rest of a list item's sub-items when the passage ends among them (a question in the notes and the
    first of its answers in one chunk, the second answer in the next): they belong with their item."""
    if not file_lines or p.kind == "question" or p.end_line >= len(file_lines):
        return []
    last = file_lines[p.end_line - 1]
    if not BULLET_RE.match(last) or indent_of(last) == 0:
        return []
    out = []
    for n in range(p.end_line + 1, min(len(file_lines), p.end_line + limit) + 1):
        t = file_lines[n - 1]
        if not BULLET_RE.match(t) or indent_of(t) < indent_of(last):
            break
        out.append((n, t))
    return out


def _lead_in(text: str) -> str:
    """A lead-in paragraph as the context of the items under it: its gist, still saying it leads in when it ends on
    a colon its gist leaves out ("Event subscriptions support custom headers ... Can be applied to events sent to:")."""
    short = gist(text)
    return f"{short} …:" if text.rstrip().endswith(":") and not short.rstrip().endswith(":") else short


def _leads_in(text: str) -> bool:
    """Can a line of prose be the lead-in of the list right after it? Not a field and its value ("Endpoint:
    `https://queue.core.windows.net`"): that is complete in itself and introduces nothing."""
    return not (TERM_VALUE_RE.match(text) and not text.rstrip().endswith(":") and len(text.split()) <= FIELD_WORDS)


def _parents_above(file_lines: tuple[str, ...], lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The list items a passage's first (indented) item hangs under, read from the lines above the passage."""
    first = next(((n, t) for n, t in lines if t.strip()), None)
    if not file_lines or first is None or not BULLET_RE.match(first[1]):
        return []
    if indent_of(first[1]) == 0:  # a list cut from its lead-in line ("Event handlers:"): the items hang under it
        return _lead_in_above(file_lines, first[0])
    want, out = indent_of(first[1]), []
    for n in range(first[0] - 1, max(0, first[0] - 200), -1):
        t = file_lines[n - 1] if n <= len(file_lines) else ""
        if MD_HEADING_RE.match(t.rstrip()):
            break
        if BULLET_RE.match(t) and indent_of(t) < want:
            out.append((indent_of(t), clean(t)))
            want = indent_of(t)
            if want == 0:
                # ... and the list's lead-in above its top item, as a passage starting there has it: the later
                # top-level items of this passage ("**Kinesis Firehose:** ...") hang under it too
                out.extend(_lead_in_above(file_lines, n))
                break
    return out[::-1]


def _lead_in_above(file_lines: tuple[str, ...], n: int) -> list[tuple[int, str]]:
    """The lead-in line ("Event handlers:", a title line "Streaming Services") of the list whose top-level item is
    line n, as a parent: [] when the list has none."""
    for k in range(n - 1, max(0, n - 60), -1):
        t = file_lines[k - 1] if k <= len(file_lines) else ""
        if not t.strip() or BULLET_RE.match(t) or (k >= 2 and _lazy(file_lines[k - 2], t)):
            continue  # (a line going on from the item above it is that item's: the list goes on above it)
        if MD_HEADING_RE.match(t.rstrip()) or is_table_row(t) or t.strip().startswith("```"):
            return []
        return [(-1, _lead_in(clean(t)))] if _leads_in(clean(t)) else []
    return []


def _alone(lines: list[tuple[int, str]], i: int) -> bool:
    """Nothing hangs under line i: the next line with text is a heading, or there is none. A short line
    alone under its heading ("## Nernst equation" / "Measuring the equilibrium potential for an ion") is
    what the notes say on it, not a title."""
    nxt = next((t for _, t in lines[i + 1:] if t.strip()), None)
    return nxt is None or bool(MD_HEADING_RE.match(nxt.rstrip()))


def _bold_term(line: str) -> str:
    """The term a line defines when it opens with it in bold: "**M1 (q)**: Higher cognitive functions", "**M line**.
    Attachment point for myosin." (the term set off by a full stop)."""
    m = re.match(r"^\s*\*\*([^*]{1,60}?)(?::\*\*\s*\S|:?\*\*\s*[:–.-])", line)  # ("**Mole:** Molecular weight ...")
    return clean(m.group(1)).rstrip(":") if m else ""


def _term(line: str) -> str:
    m = re.match(r"^\s*(?:[-*+•●▪◦]|\d{1,3}[.)])\s+\*\*([^*]{2,60}?):?\*\*", line)
    if m:
        return clean(m.group(1)).rstrip(":")
    m = re.match(r"^\s*(?:[-*+•●▪◦]|\d{1,3}[.)])\s+([A-Z][\w/().+&' -]{1,45}?)\s*:\s+\S", line)
    return clean(m.group(1)) if m else ""


# the label an explanation may open on ("Answer: Checkpointing is ...", "**Explanation** - ..."): no part of what it says
ANSWER_LEAD_RE = re.compile(r"^\s*(?:\*\*)?(?:answer|explanation)(?:\*\*)?\s*[:.-]\s*", re.I)
QUESTION_LEAD_RE = re.compile(r"^\s*(?:\*\*)?(?:question|q)\s*\d*\s*(?:\*\*)?\s*[:.)]\s*\S", re.I)
QUESTION_REACH = 30  # lines above an answer its question may be


def _option_opening(text: str, options: list[tuple[int, str, bool | None, str]]) -> str:
    """The option of its question an explanation line opens on ("Append blobs are optimized for data append
    operations" after the options "Block blobs", "Append blobs", "Page blobs"): what the line is said of, which may
    not be the question's answer."""
    low = f"{normalize(ANSWER_LEAD_RE.sub('', text, count=1))} "  # (after its label: "Answer: Checkpointing is ...")
    named = [o for _, o, _, _ in options if len(normalize(o)) >= 3 and low.startswith(f"{normalize(o)} ")]
    return max(named, key=len) if named else ""


def _question_statements(p: Passage, lines: list[tuple[int, str]]) -> list[Statement]:
    """A sample question: the stem is context, options are marked claims, explanations are statements."""
    out: list[Statement] = []
    stem_parts: list[str] = []
    options: list[tuple[int, str, bool | None, str]] = []  # line, text, truth, letter
    explanation = False
    keyed: set[str] = set()
    for n, raw in lines:
        s = raw.strip()
        if not s or s == "-" or (not stem_parts and MD_HEADING_RE.match(s)):
            continue  # (the section's heading above the question's first line is not part of its stem)
        marker = MARKER_LINE_RE.match(s)
        if marker:
            if options:  # "(Correct)" on its own line marks the option above it
                ln, text, _, letter = options[-1]
                options[-1] = (ln, text, marker.group(1).lower() == "correct", letter)
            continue
        m = ANSWER_RE.match(clean(s)) or IS_CORRECT_RE.match(s)
        if m and options:
            keyed |= set(letters_in(m.group("letters")))
            continue
        verdict = OPTION_VERDICT_RE.match(BULLET_MARK_RE.sub("", s, count=1))  # "- Option A is incorrect. ..."
        if EXPLANATION_RE.match(s) and (options or stem_parts) and not is_marked_option(s):
            explanation = True
            rest = clean(EXPLANATION_RE.sub("", s, count=1))
            if len(rest.split()) >= MIN_WORDS:
                out.append(Statement(rest, p.source, n, n, p.heading, "explanation", " ".join(stem_parts)[:300], passage=p))
            continue
        if verdict:
            text = clean(s)
            out.append(Statement(text, p.source, n, n, p.heading, "explanation", " ".join(stem_parts)[:300], passage=p))
            continue
        # options go on after an explanation written between them ("- ✔ A ... Explanation: ... - B ... - C"): a
        # bullet there is another option of the question, never a claim of the notes
        if (not explanation or options) and (BULLET_RE.match(raw) or is_marked_option(s)) and stem_parts:
            text, info = parse_option_text(raw)
            letter = info["letter"] or LETTERS[min(len(options), len(LETTERS) - 1)]
            truth = info["truth"]
            if truth is None and info["checked"]:
                truth = None  # ticked boxes may be the author's own wrong attempt: not evidence
            options.append((n, clean(text), truth, letter))
            continue
        if explanation or options:
            text = clean(s)
            if len(text.split()) >= MIN_WORDS and not is_marked_option(s):
                out.append(Statement(text, p.source, n, n, p.heading, "explanation", " ".join(stem_parts)[:300],
                                     subject=_option_opening(text, options), passage=p))
            continue
        stem_parts.append(clean(s))
    stem = " ".join(stem_parts)
    if stem:
        first = lines[0][0] if lines else p.start_line
        out.insert(0, Statement(stem[:600], p.source, first, first, p.heading, "stem", passage=p))
    right = set()
    for n, text, truth, letter in options:
        if keyed:
            truth = letter in keyed
        if truth:
            right.add(text)
        if len(text.split()) >= 1:
            out.append(Statement(text, p.source, n, n, p.heading, "option", stem[:300], truth=truth, passage=p))
    out = _options_in_turn(out, [text for _, text, _, _ in options])
    # (a line opening on the option the notes mark right is that answer's explanation, often of others too:
    # "Stemming is ... Stop words are ...": it is named for an option only when that may be a wrong one)
    return [replace(x, subject="") if x.kind == "explanation" and x.subject in right else x for x in out]


def _options_in_turn(out: list[Statement], options: list[str]) -> list[Statement]:
    """An explanation of one line per option, in the options' order ("Checkpointing is ...", "Scale covers ...",
    "Increase or reduce the consumers dynamically ..."): a line that opens on no option is the one in its place -
    shown alone, the third read as checkpointing's own explanation, not "Load balance"'s."""
    lines = [i for i, x in enumerate(out) if x.kind == "explanation"]
    if len(lines) != len(options) or len(options) < 3 or \
            any(out[i].subject and out[i].subject != o for i, o in zip(lines, options)) or \
            sum(bool(out[i].subject) for i in lines) < 2:
        return out
    out = list(out)
    for i, o in zip(lines, options):
        out[i] = replace(out[i], subject=out[i].subject or o)
    return out
