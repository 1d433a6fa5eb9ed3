"""The notes' own code as an answer.

Notes for a programming exam keep much of what they know in code blocks: a call and the comment above it
("// If you attempt to delete a blob that has snapshots, the operation will fail unless ..." over
`DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots)`). Statements never come from code, so a question
that only code answers was declined, or answered without the line that shows how. Here the code blocks of the
retrieved passages are cut into small pieces (a comment and the lines it heads, or a run of lines between blank
ones), and a piece is worth showing when it holds most of the weight of the question's key terms (identifiers are
read word by word: `DeleteSnapshotsOption` is "delete snapshots option").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.terms import keyterms
from tutor.intent import FRAME_RE
from tutor.passages import Passage

FENCE_RE = re.compile(r"^\s*(```+|~~~+)\s*([\w+#.-]*)")
# a comment line: //, # (not a C directive), -- (SQL, not a command-line flag "--as-user"), /* *, <!--, ;
COMMENT_RE = re.compile(r"^\s*(?://|#(?![a-z]*\s*(?:include|region|endregion|define|pragma)\b)|--(?=\s|$)|/\*|\*|<!--|;)")
MAX_LINES = 8  # a piece longer than this is shown as its best window
PAIR_LINES = 12  # two neighbouring pieces read together: at most this many lines
CODE_COVER = 0.45  # the share of the question's key-term weight a piece must hold to answer it (no question the
# notes do not cover came near it in the readers' sets: at most 0.34; the covered ones answered only by code 0.41-0.73)
CODE_TERMS = 2  # ... and at least this many of the question's key terms
CODE_PASSAGES = 5  # the best-ranked passages whose code is read
CODE_WORDS = keyterms("code command commands cli syntax snippet script sdk")  # what asks for code: any piece is one
LEAD_RATIO = 2.0  # a piece holding this many times the weight an answer's sentences hold leads the answer
# ... or any more than they hold, when the question asks how to do something: then the notes' code is the way
HOW_TO_RE = re.compile(r"^\W*(?:(?:show|tell)\s+me\s+)?how\s+(?:to|do\s+(?:i|you|we)|can\s+(?:i|you|we)|would\s+(?:i|you|we)|"
                       r"should\s+(?:i|you|we))\b", re.I)


@dataclass(frozen=True)
class Snippet:
    source: str
    heading: str
    start_line: int
    end_line: int
    lines: tuple[str, ...]
    lang: str
    cover: float  # share of the question's key-term weight the piece holds
    terms: frozenset[str]  # the question's key terms it holds

    def as_passage(self) -> Passage:
        return Passage("", self.source, self.heading, self.start_line, self.end_line, "code", "\n".join(self.lines))

    def render(self) -> str:
        """A fenced block (the notes' text shown as code, never as markup), its indentation kept."""
        body = _dedent(list(self.lines))
        fence = "````" if any("```" in x for x in body) else "```"
        return f"{fence}{self.lang}\n" + "\n".join(body) + f"\n{fence}"


def _dedent(lines: list[str]) -> list[str]:
    pad = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    return [x[pad:].rstrip() for x in lines]


def blocks(lines: list[str]) -> list[tuple[int, int, str]]:
    """The fenced code blocks of a file: (first, last) content line (1-based) and the language named."""
    out, open_at, lang, fence = [], None, "", ""
    for n, raw in enumerate(lines, 1):
        m = FENCE_RE.match(raw)
        if not m:
            continue
        if open_at is None:
            open_at, lang, fence = n, m.group(2), m.group(1)[0]
        elif m.group(1)[0] == fence and not m.group(2):
            if n - 1 > open_at:
                out.append((open_at + 1, n - 1, lang))
            open_at = None
    return out


def pieces(lines: list[str], first: int, last: int) -> list[tuple[int, int]]:
    """A block cut at its blank lines, and before a comment that follows code (a comment heads what it says) -
    unless no code comes after the comment before a blank line: then it says what the code above it does
    ("BlobClient blobClient = containerClient.GetBlobClient(fileName);" / "// Getting a blob reference does not
    make any calls to Azure Storage ...")."""
    def heads_code(n: int) -> bool:  # code follows the comment starting at line n before a blank line
        for k in range(n, last + 1):
            if not lines[k - 1].strip():
                return False
            if not COMMENT_RE.match(lines[k - 1]):
                return True
        return False

    out: list[tuple[int, int]] = []
    start, prev_code = None, False
    for n in range(first, last + 1):
        raw = lines[n - 1]
        if not raw.strip():
            if start is not None:
                out.append((start, n - 1))
            start, prev_code = None, False
            continue
        comment = bool(COMMENT_RE.match(raw))
        if start is not None and comment and prev_code and heads_code(n):
            out.append((start, n - 1))
            start = None
        if start is None:
            start = n
        prev_code = not comment
    if start is not None:
        out.append((start, last))
    return out


def held(text: str, weights: dict[str, float], code: bool = False) -> frozenset[str]:
    """The question's key terms `text` holds; a piece of `code` also holds the words that ask for code ("is
    there a CLI command?")."""
    own = keyterms(text) | (CODE_WORDS if code else frozenset())
    roots = {t[:5] for t in own if len(t) >= 5}
    return frozenset(t for t in weights if t in own or (len(t) >= 5 and t[:5] in roots))


def find(index, passages: list[Passage], weights: dict[str, float]) -> list[Snippet]:
    """The pieces of the retrieved passages' code that hold the question's key terms, best first."""
    total = sum(weights.values())
    if not total:
        return []
    found: dict[tuple[str, int], Snippet] = {}
    for p in passages[:CODE_PASSAGES]:
        lines = index.lines(p.source)
        if not lines:
            continue
        for a, b, lang in blocks(lines):
            if b < p.start_line or a > p.end_line:
                continue  # a block the passage does not reach
            cut = pieces(lines, a, b)
            spans = [(s, e, e, s, MAX_LINES) for s, e in cut]  # (start, end, last window start, least window end)
            for (s1, e1), (s2, e2) in zip(cut, cut[1:]):
                # two neighbouring pieces each holding a term of the question the other does not (a question of
                # two parts: a lifecycle rule's actions for append blobs, and its `prefixMatch` filter): read
                # together, in a window that takes something of both
                one, two = (held(" ".join(lines[x - 1 : y]), weights, code=True) for x, y in ((s1, e1), (s2, e2)))
                if one - two and two - one:
                    spans.append((s1, e2, e1, s2, PAIR_LINES))
            for s, e, last_start, first_end, size in spans:
                best = None
                for w in range(s, min(last_start, max(s, e - size + 1)) + 1):  # a long piece: its best window
                    w1 = min(e, w + size - 1)
                    if w1 < first_end:
                        continue  # (a pair's window reaches into its second piece)
                    got = held(" ".join(lines[w - 1 : w1]), weights, code=True)
                    cover = sum(weights[t] for t in got) / total
                    if best is None or cover > best[0]:
                        best = (cover, got, w, w1)
                if best is None:
                    continue
                cover, got, w0, w1 = best
                key = (p.source, w0)
                if key not in found or found[key].cover < cover:
                    found[key] = Snippet(p.source, p.heading, w0, w1, tuple(lines[w0 - 1 : w1]), lang, cover, got)
    return sorted(found.values(), key=lambda x: -x.cover)


def answering(index, passages: list[Passage], weights: dict[str, float]) -> Snippet | None:
    """The piece of code that answers the question, when one holds most of what it asks."""
    best = next(iter(find(index, passages, weights)), None)
    if best is None or best.cover < CODE_COVER or len(best.terms) < CODE_TERMS:
        return None
    return best


def place(snippet: Snippet, shown: list[str], weights: dict[str, float], question: str = "") -> str | None:
    """Where a piece of code goes in an answer whose lines are `shown`, when it holds at least two key terms of
    the question that none of them does: "lead" when it holds at least twice the question's weight they hold
    together, "add" when it holds more than they do; else nowhere (the sentences say it). A question asking how
    to do something takes the code on one such term, and leads with it when it holds any more: lines that each
    hold a word of it ("Customer-Managed Keys ... stored in Azure Key Vault", "Standard for software encryption")
    are no way to encrypt and decrypt with a key."""
    total = sum(weights.values()) or 1.0
    theirs = held(" ".join(shown), weights)
    share = sum(weights[t] for t in theirs) / total
    # (after the frame naming where it is asked: "In C#, how do I read events from one partition?")
    how_to = bool(HOW_TO_RE.match(FRAME_RE.sub("", question.strip(), count=1)))
    if len(snippet.terms - theirs) < (1 if how_to else CODE_TERMS):
        return None  # one word more ("kinds" of blobs against a `--kind` flag) is no more of the answer
    ratio = 1.0 if how_to else LEAD_RATIO
    return "lead" if snippet.cover >= ratio * share and snippet.cover > share else \
        "add" if snippet.cover > share else None
