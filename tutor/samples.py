"""Recognise a question that is one of the notes' own sample questions."""

from __future__ import annotations

import numpy as np

from ingest.records import QuestionRecord
from tutor.support import Judge
from tutor.text import terms

MIN_JACCARD = 0.45
MIN_COSINE = 0.85
MIN_CONTAINED = 0.85  # a pasted part of a stem: this share of its words are in the bank stem...
MIN_PART_TERMS = 10  # ...and it is long enough to be specific
# a question typed without options is one of the notes' own only when it is nearly word for word the stem:
# "When would I choose a Storage queue instead of Service Bus?" is not "What is a key consideration when
# choosing Service Bus queues over Storage queues?", whose key answers the opposite question
ALONE_JACCARD = 0.7
ALONE_COSINE = 0.93


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def match_sample(stem: str, options: dict[str, str] | None, bank: list[QuestionRecord],
                 judge: Judge) -> QuestionRecord | None:
    """The bank question this text is (same stem, and same options when options are given), or None."""
    st = terms(stem)
    if len(st) < 4:
        return None
    best, best_j, best_c = None, 0.0, 0.0
    for rec in bank:
        bt = terms(rec.stem)
        j, c = _jaccard(st, bt), len(st & bt) / len(st)
        if max(j, c) > max(best_j, best_c):
            best, best_j, best_c = rec, j, c
    if best is None:
        return None
    min_j, min_c = (MIN_JACCARD, MIN_COSINE) if options else (ALONE_JACCARD, ALONE_COSINE)
    whole = best_j >= min_j and float(np.dot(judge.embed(stem), judge.embed(best.stem))) >= min_c
    part = best_c >= MIN_CONTAINED and len(st) >= MIN_PART_TERMS
    if not (whole or part):
        return None
    if options and best.options:
        mine = {terms(t) for t in options.values()}
        theirs = {terms(t) for t in best.options.values()}
        if len(mine & theirs) < max(2, len(theirs) // 2):
            return None  # same scenario, different options: not the same question
    return best
