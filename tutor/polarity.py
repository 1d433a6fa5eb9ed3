"""Words that flip what a sentence says: negations, antonym pairs, opposite prefixes, asymmetric relations.

One lexicon for the support judge (tutor.support) and the multiple-choice scorer (tutor.mcq). Nothing
here knows the subject of the notes: these are English, not AWS.
"""

from __future__ import annotations

import re

NEGATIONS = frozenset({"not", "no", "never", "cannot", "can't", "doesn't", "don't", "isn't", "aren't", "won't",
                       "without", "nor", "neither", "except", "exception", "excluding", "unlike"})
# stems of words with opposite meanings; either way round
ANTONYMS = (("increas", "decreas"), ("increas", "reduc"), ("increas", "lower"), ("more", "fewer"), ("more", "less"),
            ("higher", "lower"), ("larger", "smaller"), ("add", "remov"), ("enabl", "disabl"), ("high", "low"),
            ("long", "short"), ("fast", "slow"), ("maxim", "minim"), ("increas", "drop"), ("legal", "illeg"),
            ("tight", "loos"), ("before", "after"), ("first", "last"), ("insid", "outsid"), ("accept", "reject"),
            ("requir", "option"), ("discret", "continu"), ("supervis", "unsupervis"))
# stems of the words for what counts against a thing and for it ("downsides" is what a "Cons" heading lists): a
# word of either set is met by any word of the same set, and opposed by the other
AGAINST = frozenset({"downsid", "disadvantag", "drawback", "con", "pitfal", "shortcom"})
FOR = frozenset({"upsid", "advantag", "benefit", "pro", "pros", "merit"})
EVALUATIVE = {**{t: AGAINST for t in AGAINST}, **{t: FOR for t in FOR}}
OPPOSED = {**{t: FOR for t in AGAINST}, **{t: AGAINST for t in FOR}}
# a prefix that turns a word into its opposite: supervised/unsupervised, couple/decouple, legal/illegal
OPPOSITE_PREFIXES = ("un", "non", "non-", "de", "dis", "il", "ir", "in", "im")
# "in"/"im" make opposites of adjectives (incorrect, invalid, impossible), not of nouns (information)
ADJECTIVE_END = ("ent", "ant", "ive", "ect", "ate", "ble", "ete", "ure", "id", "ial", "ous", "ar")
# "X outperforms Y" is not "Y outperforms X": cue words of relations whose sides cannot be swapped
ASYMMETRIC = {
    "outperform": "better", "beat": "better", "better": "better", "superior": "better", "than": "better",
    "over": "prefer", "instead": "prefer", "rather": "prefer", "prefer": "prefer",
    "before": "order", "after": "order", "precede": "order", "follow": "order",
}
WORD_RE = re.compile(r"[a-z0-9][\w'-]*")


def words(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


def comparative_not(ws: list[str], i: int) -> bool:
    """'not as real-time as': a comparison ('less real-time than'), not a denial."""
    return ws[i] == "not" and i + 1 < len(ws) and ws[i + 1] == "as"


def negated_words(text: str, width: int = 4) -> tuple[set[int], list[str]]:
    """Positions of the words within `width` after a negation (not past a comma, colon or dash), and the
    words: "DON'T use multiple GPU - LDA only supports ..." denies "use multiple GPU", not "LDA"."""
    tokens = re.findall(r"[a-z0-9][\w'-]*|[,;:.!?()]|\s-\s", text.lower())
    ws: list[str] = []
    scoped: set[int] = set()
    left = 0
    for i, t in enumerate(tokens):
        if not t[0].isalnum():
            left = 0
            continue
        if left:
            scoped.add(len(ws))
            left -= 1
        ws.append(t)
        if t in NEGATIONS and not (t == "not" and i + 1 < len(tokens) and tokens[i + 1] == "as"):
            left = width
        elif i and (tokens[i - 1], t) in (("rather", "than"), ("instead", "of")):
            left = width  # "tiny rather than zero": zero is what it is not
    return scoped, ws


def is_negated(text: str) -> bool:
    ws = words(text)
    return any(w in NEGATIONS and not comparative_not(ws, i) for i, w in enumerate(ws))


def opposed(claim_stems: set[str], claim_words: set[str], stmt_stems: set[str], stmt_words: set[str]) -> str | None:
    """A word of the claim whose opposite the statement says instead (and not the word itself)."""
    for a, b in ANTONYMS:
        for x, y in ((a, b), (b, a)):
            if x in claim_stems and y in stmt_stems and x not in stmt_stems and y not in claim_stems:
                return f"{x}/{y}"
    theirs = stmt_stems  # stems: "decouple" and "coupled" are decoupl / coupl; "usually" is not "unusual"
    for w in claim_stems:
        if w in theirs:
            continue
        for pre in OPPOSITE_PREFIXES:
            if _flips(pre, w) and pre + w in theirs:  # claim "supervised", statement "unsupervised"
                return f"{w}/{pre + w}"
            base = w[len(pre):]
            if w.startswith(pre) and _flips(pre, base) and base in theirs:  # and the other way round
                return f"{w}/{base}"
    return None


def _flips(prefix: str, base: str) -> bool:
    if len(base) < 5:
        return False
    return prefix not in ("in", "im") or base.endswith(ADJECTIVE_END)
