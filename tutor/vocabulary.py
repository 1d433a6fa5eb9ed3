"""Everyday English: the whole words of the bundled embedding model's word-piece vocabulary, and their
comparatives, superlatives and adverbs. A word of the student's that is everyday English says nothing about
whether the notes cover a question; a word that is not is a name or a term of the subject."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Whole words of the embedding model's word-piece vocabulary: everyday English."""
    try:
        from tokenizers import Tokenizer

        from ingest.embeddings import bundled_model_dir

        vocab = Tokenizer.from_file(str(bundled_model_dir() / "tokenizer.json")).get_vocab()
    except Exception:  # no tokenizer: every word counts as specialist
        return frozenset()
    return frozenset(w for w in vocab if w.isalpha())


# comparatives, superlatives and adverbs of everyday words; not "-ing"/"-ed" forms, which name techniques
# ("thrashing", "ballooning", "paging")
INFLECTION_RE = re.compile(r"(?:iest|ier|est|ly)$")


def everyday(word: str) -> bool:
    """A word of everyday English: in the word-piece vocabulary, or a comparative, superlative or adverb of
    a word there ("cheapest", "biggest", "happier", "roughly")."""
    w = word.lower()
    vocab = _vocabulary()
    if w in vocab or (w.endswith("s") and w[:-1] in vocab):
        return True
    m = INFLECTION_RE.search(w)
    if not m or len(w) - len(m.group(0)) < 3:
        return False
    stem = w[: m.start()]
    return any(x in vocab for x in (stem, stem + "e", stem + "y" if m.group(0)[0] == "i" else stem,
                                    stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else stem))


VERB_FORM_RE = re.compile(r"(?:ing|ed)$")


def verb_form(word: str) -> bool:
    """An -ing or -ed form of a word of the word-piece vocabulary ("revising": "revised"; "tripping": "trip"): a real
    word, so no misspelling of one of the notes' ("rising"). Not counted as everyday elsewhere: such forms also
    name techniques ("thrashing", "paging")."""
    w = word.lower()
    m = VERB_FORM_RE.search(w)
    if not m or len(w) - len(m.group(0)) < 3:
        return False
    base = w[: m.start()]
    forms = {base, base + "e", base + "s", base + "es", base + "ed", base + "ing"} - {w}
    if len(base) > 3 and base[-1] == base[-2]:
        forms.add(base[:-1])  # "tripp" -> "trip"
    return bool(forms & _vocabulary())


COMPOUND_PART = 4  # each half of a closed compound this long at least: "downside", "drawback", "workload"


def everyday_compound(word: str) -> bool:
    """Two everyday words written as one ("downside", "drawback", "shortcoming"): everyday in what it says of a
    thing, though technical names are built the same way ("spinlock", "filesystem") - so it is read as everyday
    only where it is not what the question is about (see `select.coverage_features`)."""
    w, vocab = word.lower(), _vocabulary()
    return any(w[:i] in vocab and w[i:] in vocab
               for i in range(COMPOUND_PART, len(w) - COMPOUND_PART + 1))


def everyday_slips(word: str) -> list[str]:
    """Words of everyday English a single slip (a letter added, dropped, changed or two swapped) off `word`,
    with the same first letter ("docter" -> "doctor")."""
    w = word.lower()
    return [x for x in _by_initial().get(w[:1], ()) if one_slip(w, x)]


@lru_cache(maxsize=1)
def _by_initial() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for x in sorted(_vocabulary()):
        out.setdefault(x[:1], []).append(x)
    return {k: tuple(v) for k, v in out.items()}


def one_slip(a: str, b: str) -> bool:
    """a and b differ by one letter added, dropped, changed, or two neighbours swapped ("shuold", "should")."""
    if a == b or abs(len(a) - len(b)) > 1 or a[:1] != b[:1]:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return (a[i + 1:] == b[i + 1:] or a[i + 1:] == b[i:] or a[i:] == b[i + 1:] or
            (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1]))
