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
# a sample question retold in the student's words, options and all ("Practice question from my notes: a startup
# ... The options were: sync into its own bucket, Requester Pays, ... I picked cross-account access."): a third
# of the words of its stem and options are in the student's text, and the two mean much the same as a whole
RETOLD_CONTAINED = 0.3
RETOLD_STEM = 0.25  # (of its stem's alone: the student retells the scenario, if loosely)
RETOLD_COSINE = 0.7
RETOLD_WORDS = 25  # a retelling is long: a short question naming two options ("System-assigned or user-assigned
# managed identity: how do they differ?") is asked in its own right


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
        return None if options else _retold(stem, st, bank, judge)
    if options and best.options:
        mine = {terms(t) for t in options.values()}
        theirs = {terms(t) for t in best.options.values()}
        if len(mine & theirs) < max(2, len(theirs) // 2):
            return None  # same scenario, different options: not the same question
    return best


def _retold(text: str, words: frozenset, bank: list[QuestionRecord], judge: Judge) -> QuestionRecord | None:
    """The bank question a student's text retells with its options, or None."""
    def said(rec: QuestionRecord) -> str:
        return " ".join([rec.stem, *(rec.options or {}).values()])

    scored = [(len(words & full) / len(full), rec) for rec in bank if rec.options for full in [terms(said(rec))] if full]
    if not scored:
        return None
    share, rec = max(scored, key=lambda x: x[0])
    stem_share = len(words & terms(rec.stem)) / max(1, len(terms(rec.stem)))
    if len(text.split()) < RETOLD_WORDS or share < RETOLD_CONTAINED or stem_share < RETOLD_STEM or \
            float(np.dot(judge.embed(text), judge.embed(said(rec)))) < RETOLD_COSINE:
        return None
    return rec
