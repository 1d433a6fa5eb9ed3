"""Labelled corpora written by other people (the format of `../shared/corpora/README.md`), and the pure
scoring rules the corpora eval applies to them.

A corpora folder holds one folder per corpus with a `questions.yaml` (and usually `notes/`):

    corpus: cs-os
    chat: [{id, kind, question, turns?, points: [{text, evidence: ["file.md:12-14"]}]}]
    not_covered: [{id, question, why}]
    mcq: [{id, stem, options: {A: ...}, answer: [B], answerability, evidence, style}]
    headings: [{line: "file.md:42", path: [...]}]
    sample_questions: [{where: "file.md:3-11", key: [C] | "unknown", key_evidence}]

`corpus: bundled` (with no `notes/`) means the project's own bundled notes.

Scoring rules (each a small pure function, the same for every corpus):
- `point_hit`: an answer states a point when it carries most of the point's words that the notes' evidence
  lines also use (the notes' own words for it; numbers must all be there). The tutor answers in the notes'
  words, so a paraphrase that drops the notes' terms is not credited.
- `same_path`: a heading path is right when every level matches after markup is read as text
  (links by their text, emphasis and code marks dropped) and spacing and case are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tutor.text import terms

PROJECT_ROOT = Path(__file__).resolve().parents[1]
POINT_SHARE = 0.6  # of the point's grounded words the answer must carry


@dataclass
class Corpus:
    name: str
    folder: Path
    notes_dir: Path
    data: dict = field(repr=False)

    @property
    def chat(self) -> list[dict]:
        return self.data.get("chat") or []

    @property
    def not_covered(self) -> list[dict]:
        return self.data.get("not_covered") or []

    @property
    def mcq(self) -> list[dict]:
        return self.data.get("mcq") or []

    @property
    def headings(self) -> list[dict]:
        return self.data.get("headings") or []

    @property
    def sample_questions(self) -> list[dict]:
        return self.data.get("sample_questions") or []


def find_corpora(folder: Path) -> list[Corpus]:
    """Every corpus in `folder` (a sub-folder with a questions.yaml), sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"No corpora folder at {folder}: give the folder that holds one folder per corpus "
                                f"(each with questions.yaml and notes/).")
    out = []
    for sub in sorted(p for p in folder.iterdir() if (p / "questions.yaml").is_file()):
        data = yaml.safe_load((sub / "questions.yaml").read_text(encoding="utf-8")) or {}
        name = str(data.get("corpus") or sub.name)
        notes = sub / "notes" if (sub / "notes").is_dir() else (PROJECT_ROOT / "corpus" if name == "bundled" else None)
        if notes is None:
            continue
        out.append(Corpus(name, sub, notes, data))
    if not out:
        raise FileNotFoundError(f"{folder} holds no corpus (a folder with questions.yaml and notes/).")
    return out


def parse_ref(ref: str) -> tuple[str, int, int]:
    """'Topics/Blob Storage.md:23-25' -> ('Topics/Blob Storage.md', 23, 25)."""
    path, _, span = ref.rpartition(":")
    a, _, b = span.partition("-")
    return path, int(a), int(b or a)


def evidence_text(refs: list[str], lines_of) -> str:
    """The text of the evidence lines; `lines_of(file)` gives a note's lines (1-based numbering)."""
    out = []
    for ref in refs:
        path, a, b = parse_ref(ref)
        out += lines_of(path)[a - 1 : b]
    return "\n".join(out)


def point_words(point_text: str, evidence: str) -> frozenset[str]:
    """The words that make a point: the point's content words that its evidence lines also use (all of the
    point's words when the evidence shares fewer than two, e.g. a point stated in other words)."""
    mine = terms(point_text)
    grounded = mine & terms(evidence) if evidence else frozenset()
    return grounded if len(grounded) >= 2 else mine


NUM_RE = re.compile(r"\b\d+(?:[.,]\d+)?\b")


def point_hit(point_text: str, evidence: str, answer: str, share: float = POINT_SHARE) -> bool:
    """Does `answer` state the point? See the module docstring.

    >>> point_hit("each entry is 4 bytes", "Each page table entry is 4 bytes, 32 bits", "An entry takes 4 bytes [1]")
    True
    >>> point_hit("each entry is 4 bytes", "Each page table entry is 4 bytes, 32 bits", "An entry takes 8 bytes [1]")
    False
    """
    words = point_words(point_text, evidence)
    if not words:
        return False
    said = terms(answer)
    nums = {n for n in NUM_RE.findall(point_text) if n in NUM_RE.findall(evidence)} if evidence else set()
    if nums and not nums <= set(NUM_RE.findall(answer)):
        return False
    return len(words & said) / len(words) >= share


_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_WIKI_RE = re.compile(r"!?\[\[([^\]|#]*)(?:#([^\]|]*))?(?:\|([^\]]*))?\]\]")


def heading_text(text: str) -> str:
    """A heading as a reader sees it: links by their text, emphasis/code marks and escapes dropped,
    spaces collapsed, case folded."""
    t = _WIKI_RE.sub(lambda m: m.group(3) or m.group(2) or m.group(1), text)
    t = _LINK_RE.sub(r"\1", t)
    t = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", r"\1", t)
    t = re.sub(r"(\*\*|__|\*|`|~~)", "", t)
    t = re.sub(r"<[^>]+>", "", t)
    return re.sub(r"\s+", " ", t).strip().rstrip(":").strip().casefold()


def same_path(got: list[str] | tuple[str, ...], want: list[str]) -> bool:
    return [heading_text(x) for x in got] == [heading_text(x) for x in want]
