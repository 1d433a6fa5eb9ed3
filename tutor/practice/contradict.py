"""Whether the rest of the notes contradict a fact before it is keyed.

A fact read off one line (a table cell, a list under a heading) can be a slip the notes correct elsewhere:
"Gustavus Adolphus | France" in a table, "The Swedish lead by Gustavus Adolphus" five lines later; KNN in
a "Clustering" row, while other lines call it a supervised classification/regression algorithm. A key
drawn from such a line would drill the slip.

The check, for a thing T keyed with a value V of some property (a column, a category): read every other
statement of the notes that names T (not the fact's own table or list, not the options of the notes' own
sample questions) and ask whether it names V, or instead a rival value of the same property - one of the
other values the notes give for it (another row's cell, another category), or a word of the same kind
by meaning ("Swedish" among "Denmark, France, Netherlands"). A thing the notes place under a rival and
never, outside the fact's own lines, under V is contradicted: the fact is not asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.questions import find_questions
from ingest.sources import NoteFile, discover, read_note
from ingest.text import SENTENCE_RE
from tutor.practice.quality import echoed
from tutor.practice.verify import norm
from tutor.text import terms

SAME_KIND = 0.5  # cosine of a statement's word to one of the property's other values: a value of that kind
KIND_MARGIN = 0.08  # ... and this much nearer to that rival value than to the key's own value
MAX_STATEMENTS = 40  # a thing named more often than this is a topic of the notes, not one row's subject


@dataclass(frozen=True)
class Statement:
    source: str
    line: int
    text: str


class NotesStatements:
    """Every sentence of the notes with its file and line, for finding the statements that name a thing."""

    def __init__(self, notes_dir: Path, exclude: tuple[Path, ...] = (), max_mb: float = 10) -> None:
        self.items: list[tuple[Statement, str]] = []
        for path in discover(Path(notes_dir), exclude=exclude):
            note = read_note(path, Path(notes_dir), max_mb)
            if not isinstance(note, NoteFile):
                continue
            found = find_questions(note.rel, note.lines)
            options = {o.line for q in found for o in q.options}  # an option of a sample question may be wrong
            for n, line in enumerate(note.lines, 1):
                if n in options or not line.strip():
                    continue
                for s in SENTENCE_RE.split(line) if not line.lstrip().startswith("|") else [line]:
                    if s.strip():
                        self.items.append((Statement(note.rel, n, s.strip()), " " + norm(s) + " "))

    def naming(self, thing: str) -> list[Statement]:
        name = norm(re.sub(r"\s*\([^)]*\)\s*$", "", thing))  # "Archduke Ferdinand (Emperor Ferdinand II)"
        if len(name) < 2:
            return []
        needle = f" {name} "
        return [st for st, text in self.items if needle in text]


def contradiction(statements: NotesStatements, embed, thing: str, value: str, rivals: list[str],
                  own: tuple[str, int, int], by_kind: bool = True) -> Statement | None:
    """A statement elsewhere in the notes that places `thing` under a rival of `value` (see the module), when
    such statements outnumber those outside `own` (file, first line, last line: the fact's table or list)
    that place it under `value`; else None. `by_kind`: also count a name of the rivals' kind by meaning
    (for values that are names, like a table's cells; not for categories of a list)."""
    rivals = [r for r in dict.fromkeys(rivals) if norm(r) and norm(r) != norm(value)
              and not (terms(r) & terms(value))]
    if not rivals or not terms(value):
        return None
    src, a, b = own
    said = [st for st in statements.naming(thing) if not (st.source == src and a <= st.line <= b)]
    if not said or len(said) > MAX_STATEMENTS:
        return None
    mine, thing_terms = terms(value), terms(thing)
    support, against = 0, []
    vecs = None
    for st in said:
        words = terms(st.text) - thing_terms
        if echoed(mine, words):
            support += 1  # the notes say it elsewhere too
            continue
        if any(terms(r) and terms(r) <= words for r in rivals):
            against.append(st)
            continue
        cands = list(dict.fromkeys(w for w in re.findall(r"\b[A-Z][\w-]{3,}", st.text) if terms(w) and terms(w) <= words))
        if by_kind and cands:  # a name of the same kind as the property's values ("Swedish" among countries)
            if vecs is None:
                vecs = embed([value] + rivals)
            wv = embed(cands)
            to_rival = (wv @ vecs[1:].T).max(axis=1)
            to_value = wv @ vecs[0]
            if bool(np.any((to_rival >= SAME_KIND) & (to_rival - to_value >= KIND_MARGIN))):
                against.append(st)
    return against[0] if len(against) > support else None


def row_disagreement(rows: list[tuple[str, int, dict[str, str]]], mine: int) -> tuple[str, int] | None:
    """A thing listed in several rows of one table (KNN under Classification, Regression, Recommendation and
    Clustering), where the rows' other cells say what sort each row is (Supervised ... Unsupervised): when
    most of the thing's other rows give another value than row `mine` in some column, the table itself
    places it elsewhere. `rows`: (row name, line, {column: cell} of its other cells) for every row listing the thing. Returns
    (the disagreeing cell, its line) or None."""
    here = next((r for r in rows if r[1] == mine), None)
    others = [r for r in rows if r[1] != mine]
    if here is None or not others:
        return None
    for col, cell in here[2].items():
        if not terms(cell):
            continue
        differ = [r for r in others if terms(r[2].get(col, "")) and not terms(r[2][col]) & terms(cell)]
        if len(differ) > len(others) / 2:
            return differ[0][2][col], differ[0][1]
    return None
