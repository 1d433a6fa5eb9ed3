"""Checks a generated question must pass before a student sees it.

Each check reads the cited lines from the note file again (not the strings the generator kept), so a
key is accepted only if the notes, as they are now, state it:

- key: the correct option (and what the stem asks about) is in the cited line(s);
- distractors: no distractor is stated by the key's line(s), and each distractor's own line says
  something different (so "all options correct" cannot happen);
- options are distinct; the stem does not give the answer away;
- not a near-duplicate of one of the notes' sample questions or of another question in the set.
"""

from __future__ import annotations

import re

import numpy as np

from ingest.sources import note_lines

from ingest.records import QuestionRecord
from tutor.support import Judge

NEAR_DUPLICATE = 0.9
NEAR_STEM = 0.93  # two stems this close ask the same question (the practice eval counts them as duplicates)


# a list's numbers at the start of a cell or after a comma ("1. Tyrosine Hydroxylase, 2. DOPA ..."): the facts
# read the cell without them (tutor.practice.facts._plain), so a check against the line reads it without them too
LIST_NUMBER_RE = re.compile(r"(?:^|(?<=[,;→|]))\s*\d{1,2}[.)]\s+")


def norm(text: str) -> str:
    text = re.sub(r"<[^>]+>|\*\*|__|`", " ", text.lower())
    return re.sub(r"[^a-z0-9]+", " ", LIST_NUMBER_RE.sub(" ", text)).strip()


LABEL_PREFIX_RE = re.compile(r"^[^:]{1,40}:\s+")


def said(option: str) -> str:
    """What an option states, without a "Column: " label ("Access Time: Minutes" -> "Minutes")."""
    m = LABEL_PREFIX_RE.match(option)
    return option[m.end():] if m and len(option[: m.end()].split()) <= 4 else option


def contains(haystack: str, needle: str) -> bool:
    n = norm(needle)
    return bool(n) and n in norm(haystack)


def file_lines(notes_dir, rel: str, cache: dict) -> list[str]:
    if rel not in cache:
        cache[rel] = note_lines(notes_dir, rel)
    return cache[rel]


def lines_text(lines: list[str], a: int, b: int) -> str:
    return "\n".join(lines[a - 1 : b])


def check_options(q: QuestionRecord) -> list[str]:
    texts = [norm(said(t)) for t in q.options.values()]
    labels = [norm(m.group()) if (m := LABEL_PREFIX_RE.match(t)) else "" for t in q.options.values()]
    problems = []
    if len(set(texts)) != len(texts) and (not all(labels) or len(set(labels)) < len(labels)):
        # (options that each name their own label say different things however alike their values:
        # "Push-style API: No" and "Ordering guarantee: No")
        problems.append("options not distinct")
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            sa, sb = set(a.split()), set(b.split())
            if sa and sb and len(sa & sb) / len(sa | sb) >= 0.9 and a != b:
                problems.append("options nearly identical")
    if any(t in ("all of the above", "none of the above") for t in texts):
        problems.append("all/none of the above")
    for letter in q.answer:
        if len(norm(q.options[letter])) > 3 and contains(q.stem, q.options[letter]):
            problems.append("stem gives the answer away")
    return sorted(set(problems))


def check_not_duplicate(q: QuestionRecord, judge: Judge, sample_stems: list[str], accepted: list[QuestionRecord]
                        ) -> list[str]:
    problems = []
    v = judge.embed(q.stem)
    if sample_stems and float(np.max(judge.embed_many(sample_stems) @ v)) >= NEAR_DUPLICATE:
        problems.append("near-duplicate of a notes sample question")
    for other in accepted:
        same_key = {other.options[a] for a in other.answer} == {q.options[a] for a in q.answer}
        if float(np.dot(judge.embed(other.stem), v)) >= NEAR_STEM or (same_key and other.topic == q.topic
                                                               and norm(other.stem) == norm(q.stem)):
            problems.append("duplicate of another question in the set")
            break
        if _number_key(q) is not None and _number_key(q) == _number_key(other) and q.source and other.source and \
                (q.source.file, q.source.heading) == (other.source.file, other.source.heading):
            # one number of one section asked twice ("over ___ gigabytes of messages", "larger than ___ in size": 80
            # both times): the same fact, and the one question tells the other's answer
            problems.append("duplicate of another question in the set")
            break
    return problems


def _number_key(q: QuestionRecord) -> str | None:
    """The number a question's one key is ("80", "80 GB" -> "80"), or None (a name with a digit in it, "Seq2Seq", is
    no number)."""
    if len(q.answer) != 1:
        return None
    m = re.fullmatch(r"\W*(\d+(?:[.,]\d+)?)\s*(?:[A-Za-z%]{1,8})?\W*", q.options.get(q.answer[0], ""))
    return m.group(1) if m else None
