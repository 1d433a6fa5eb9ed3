"""What makes a generated question not worth a student's time, as checks the generator runs before a
question is kept and the practice eval runs on every set it generates.

- broken option: a list label or caption read as a term ("Careful", "Optional:"), a cut or garbled
  cell ("*P*.xl)", "S3 One -IA"), markup, an option too long to be an option;
- ambiguous: a distractor is also right - the same value in other words or order ("CPU GPU" / "GPU or
  CPU"), a superset or subset of the key's value, or the same meaning by embedding;
- giveaway: the key is the only option sharing a content word with the stem, the key is at least twice
  as long as the average distractor, or in a multi-select the keys share a word no distractor has;
- duplicate: the same fact, or a near-identical stem, within a set, across sets, or against the history.

Each check returns the defect class and a reason, so the generator can drop the candidate and the eval
can count the classes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ingest.records import QuestionRecord
from tutor.practice.verify import NEAR_STEM, said
from tutor.text import terms

LABEL_WORDS = frozenset("""careful note notes tip tips warning important example examples optional required
summary overview visualization diagram figure image caption see also remember todo misc other others ex eg
ie etc""".split())
SAME_MEANING = 0.9  # cosine above which two option texts say the same thing
GIVEAWAY_LENGTH = 2.0
MEANING_MARGIN = 0.15  # the key this much closer in meaning to the stem than every distractor: guessable


@dataclass(frozen=True)
class Defect:
    kind: str  # broken | ambiguous | giveaway | duplicate
    reason: str


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def broken_option(text: str) -> str | None:
    """Why an option text is not a usable option (None when it is)."""
    t = text.strip()
    if len(t) < 2 or not re.search(r"[A-Za-z0-9]", t):
        return "empty option"
    if len(t) <= 2 and not t.isupper():
        return f"a fragment, not an answer: “{t}”"
    if t.endswith(":") or t.lower().rstrip(":") in LABEL_WORDS:
        return f"a label, not an answer: “{t}”"
    if re.search(r"\*|\||image-\d|</?[a-z]+[^>]*>|\[\d+\]|\{|\}", t):
        return f"markup in the option: “{t[:40]}”"
    if t.count("(") != t.count(")") or t.count("[") != t.count("]") or t.count("“") != t.count("”"):
        return f"a cut cell: “{t[:40]}”"
    if re.search(r"\s-[A-Za-z]", t) and not re.search(r"\s-\s", t):
        return f"a garbled name: “{t[:40]}”"  # "S3 One -IA": part of the name is missing
    if re.match(r"^[a-z]{1,4}\s", t) and t.split()[0] not in ("a", "an", "the", "to", "use", "add", "run", "set"):
        return f"starts mid-word: “{t[:40]}”"
    if len(t) > 220 or len(t.split()) > 35:
        return "too long to be an option"
    if t.endswith(("…", "...")) or re.search(r"[,;]\s*$", t):
        return f"cut short: “{t[-30:]}”"
    return None


def _tokens(text: str) -> frozenset[str]:
    return frozenset(w for w in _words(text) if w not in ("or", "and", "the", "a", "an", "of", "for", "with", "to"))


def same_value(a: str, b: str, embed=None, subsets: bool = True) -> bool:
    """Two values that a careful reader would call the same: equal as word sets, one containing the other
    (`subsets`: right for values, not for names - "S3 Standard" is not "S3 Standard-IA"), or (with
    `embed`, for texts of three words or more) the same meaning."""
    ta, tb = _tokens(a), _tokens(b)
    if ta and tb and (ta == tb or (subsets and len(ta) >= 2 and len(tb) >= 2 and (ta <= tb or tb <= ta))):
        return True
    if embed is not None and min(len(ta), len(tb)) >= 3:
        va, vb = embed([a, b])
        return float(np.dot(va, vb)) >= SAME_MEANING
    return False


def giveaway(q: QuestionRecord) -> str | None:
    """Why the key can be guessed without knowing anything (None when it cannot)."""
    stem = terms(q.stem)
    keys = [q.options[a] for a in q.answer]
    others = [v for k, v in q.options.items() if k not in q.answer]
    if not others:
        return None
    theirs = frozenset().union(*(terms(o) for o in others))
    for k in keys:
        tell = frozenset(t for t in echoed(terms(k), stem) if not echoed({t}, theirs))
        if tell:  # "AWS Glue Data Quality" for "... ensuring data quality": no distractor says "quality"
            shown = sorted({next((w for w in _words(k) if w.startswith(t[:4])), t) for t in tell})
            return f"only the key shares “{', '.join(shown)}” with the stem"
    stem_words = _stem_words(q.stem)
    for k in keys:  # "muscle" in the stem, "Intramuscular" the key; "hydrolyzed" / "Hydrolysis"
        inside = {s for s in stem_words if any(_root_inside(s, w) for w in re.findall(r"[A-Za-z]{4,}", k))}
        if inside and not any(_root_inside(s, w) for o in others for w in re.findall(r"[A-Za-z]{4,}", o) for s in inside):
            return f"only the key has a word of the stem's root (“{sorted(inside)[0]}”) inside it"
    initials = _initials(q.stem)
    for k in keys:  # "infrequently accessed" in the stem, "S3 Standard-IA" the key
        mine = initials & set(re.findall(r"[A-Z]{2,4}", k))
        if mine and not any(mine & set(re.findall(r"[A-Z]{2,4}", o)) for o in others):
            return f"only the key carries “{sorted(mine)[0]}”, the initials of the stem's words"
    mean = sum(len(o) for o in others) / len(others)
    if any(len(k) >= GIVEAWAY_LENGTH * mean and len(k) - mean > 15 for k in keys):
        return "the key is much longer than the distractors"
    if len(keys) >= 2:
        firsts = {(_words(k) or [""])[0] for k in keys}
        if len(firsts) == 1 and firsts != {""} and not any((_words(o) or [""])[0] in firsts for o in others):
            return f"the keys alone start with “{next(iter(firsts))}”"
        common = frozenset.intersection(*(terms(k) for k in keys))
        if common and not any(terms(o) & common for o in others):
            return f"the keys alone share “{', '.join(sorted(common))}”"
    return None


def meaning_giveaway(q: QuestionRecord, embed) -> str | None:
    """The key is by far the option nearest in meaning to the stem ("infrequently accessed" -> Standard-IA,
    "pupils dilate" -> Eyes): a student can pick it from the stem's words without knowing the notes."""
    keys = [a for a in q.answer if a in q.options]
    others = [k for k in q.options if k not in keys]
    if not keys or not others:
        return None
    letters = keys + others
    vecs = embed([q.stem] + [q.options[k] for k in letters])
    sims = vecs[1:] @ vecs[0]
    key_sim, other_sim = float(min(sims[: len(keys)])), float(max(sims[len(keys):]))
    if key_sim - other_sim > MEANING_MARGIN:
        return f"the key is much closer in meaning to the stem than any distractor ({key_sim:.2f} vs {other_sim:.2f})"
    return None


def _initials(text: str) -> set[str]:
    """The initials of each run of two or three words of a text, in capitals ("infrequently accessed" -> IA)."""
    words = [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in ("a", "an", "the", "of", "and", "or", "to")]
    return {"".join(w[0] for w in words[i:i + n]).upper() for n in (2, 3) for i in range(len(words) - n + 1)}


def _root_inside(word: str, other: str) -> bool:
    """`word`'s root somewhere in `other`: a stretch of `other` that begins like `word` for 4+ letters and all but
    its last three ("muscle" in "Intramuscular", "hydrolyzed" in "Hydrolysis")."""
    word, other = word.lower(), other.lower()
    need = max(4, len(word) - 3)
    return any(other[p:p + need] == word[:need] for p in range(0, len(other) - need + 1))


def _stem_words(text: str) -> set[str]:
    stop = {"which", "these", "there", "their", "about", "under", "notes", "describe", "following", "according",
            "select", "would", "should", "could", "other", "another", "where", "while", "blank", "fills", "terms",
            "team", "needs", "fits", "best", "what", "this", "that", "your", "with", "from", "have", "they", "were",
            "been", "into", "then", "than", "when", "does", "term", "used", "uses", "only", "also", "more", "most"}
    return {w for w in re.findall(r"[A-Za-z]{5,}", text) if w.lower() not in stop}


def _roots(text: str) -> set[str]:
    stop = {"which", "these", "there", "their", "about", "under", "notes", "describe", "following", "according",
            "select", "would", "should", "could", "other", "another", "where", "while", "blank", "fills", "terms"}
    return {w.lower()[:5] for w in re.findall(r"[A-Za-z]{5,}", text) if w.lower() not in stop}


def echoed(words, stem) -> set[str]:
    """The words of `words` the stem repeats, counting one word as the start of another ("debug" in the
    stem and "Debugger" in the key)."""
    out = set()
    for w in words:
        for s in stem:
            if w == s or (min(len(w), len(s)) >= 4 and (w.startswith(s) or s.startswith(w))):
                out.add(w)
                break
    return out


def near_duplicate(stem: str, others: list[str], embed) -> bool:
    if not others:
        return False
    vecs = embed([stem, *others])
    return bool(np.max(vecs[1:] @ vecs[0]) >= NEAR_STEM)


def defects(q: QuestionRecord, embed=None, values: dict[str, str] | None = None) -> list[Defect]:
    """The defects a question shows on its own. `values` maps each option letter to what the notes say of
    that option for the property the stem asks about (the key's own value included), for the ambiguity
    check; without it, options are compared with each other."""
    out = []
    for k, v in q.options.items():
        why = broken_option(v)
        if why:
            out.append(Defect("broken", f"{k}: {why}"))
    why = giveaway(q) or (meaning_giveaway(q, embed) if embed is not None else None)
    if why:
        out.append(Defect("giveaway", why))
    keys = [a for a in q.answer if a in q.options]
    for k, v in q.options.items():
        if k in keys:
            continue
        for a in keys:
            mine, theirs = (values or {}).get(k), (values or {}).get(a)
            if mine and theirs and same_value(mine, theirs, embed):
                out.append(Defect("ambiguous", f"{k} has the same value as the key {a}: “{mine[:60]}”"))
            elif not values and said(v) != v and said(q.options[a]) != q.options[a] and \
                    v.split(":")[0] != q.options[a].split(":")[0]:
                continue  # statements about different columns ("Access Time: …" / "Retrieval Fee: …")
            elif not values and same_value(said(v), said(q.options[a]), embed, subsets=False):
                out.append(Defect("ambiguous", f"{k} says the same as the key {a}"))
    return out
