"""Words of a claim for matching and judging: content terms, names, numbers; and quoting note text safely."""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.keyword import tokenize
from ingest.terms import stem
from ingest.text import CITE_RE


def defuse(text: str) -> str:
    """Note text quoted in an answer: a "[3]" written in the notes must not pose as a citation."""
    return CITE_RE.sub(r"(\1)", text)


# a sentence opening on what the one before it said, beyond its first word ("At this point, the OS copies the page",
# "The downside of this approach is ..."): regex alternatives, for the patterns of leaning lines
BACK_REFERENCE = (r"at\s+(?:this|that)\s+(?:point|stage|time|moment)|"
                  r"(?:the|a|one|another)\s+(?:[a-z]+\s+){0,2}(?:of|to|with|for|in)\s+(?:this|these|those)|"
                  # ... or on doing what it said ("We can achieve this by having the threading library ...", "To do
                  # this, the kernel ...": achieve what, an outside reader asked)
                  r"(?:to\s+|(?:we|you|one)\s+(?:can\s+|could\s+|may\s+|might\s+|will\s+|would\s+|must\s+)?)"
                  r"(?:do|achieve|accomplish|implement|support|solve|fix|avoid|prevent|handle|address)\s+(?:this|that|it)"
                  r"(?=\s*,|\s+(?:by|through|with|using|via|is|we|the)\b)")

# a sentence that adds one more point to the one before it ("In addition, the scheduler ...")
ADDING = r"in addition|additionally|moreover|furthermore|also|likewise|similarly|besides"
ADDING_RE = re.compile(rf"^\W*(?:{ADDING})\b", re.I)

ENTITY_RE = re.compile(r"\b(?:[A-Za-z]+[A-Z0-9_][\w-]*|[A-Z]{2,}-[A-Z]{2,}\w*)\b")


def entities(text: str) -> set[str]:
    """Distinctive names a supporting sentence must contain: 'Object2Vec', 'SageMaker', 'SSE-KMS', 'num_class'."""
    found = {m.group(0).lower() for m in ENTITY_RE.finditer(text)}
    found |= {w.lower() for w in re.findall(r"\b\w+_\w+\b", text)}
    return {e for e in found if len(e) > 2}


# Function words the BM25 stopword list keeps but that carry no content (stemmed forms included).
EXTRA_STOP = frozenset("""what whi which who whom whose when where why how doe does do did done should would could can
may might must shall will wa was were been be am is are has have had having let lets also just very much many
more most less least one two so than too onli only such own same other some ani any each both all few into onto
upon about abov above below over under again further then once here there those these this that them they their
what's it's i'm you're we we're our your yours my mine me us its it him her his she he""".split())


@lru_cache(maxsize=4096)
def terms(text: str) -> frozenset[str]:
    """Stemmed content words (stopwords and question words dropped), in BM25's vocabulary."""
    return frozenset(t for t in tokenize([text])[0] if t not in EXTRA_STOP)


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\b\d+(?:\.\d+)?\b", text))


# Words of a question that say how it asks, not what it is about.
GENERIC_TERMS = frozenset(terms("use using used do does work need make get mean way thing difference "
                                "explain describe happen happens help best good main important"))


NUMBER_WORDS = {w: str(i) for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), 1)}  # ("zero-order" is a term)
# a decade written as a word is its digits ("the Hungry Forties" is the notes' "Hungry 40's")
NUMBER_WORDS |= {w + end: str(10 * i) for i, w in enumerate("twent thirt fort fift sixt sevent eight ninet".split(), 2)
                 for end in ("ies", "y")}


# the plural of an abbreviation or a code, written with a lower-case s ("VMs", "GPUs", "P450s"): the stemmer keeps
# the s (no vowel before it), so the student's "P450s" never matched the notes' "P450". (Only here, where a question's
# subject is matched to the notes: in `keyterms`, which multiple choice scores by, it measured worse on the outside
# questions - 45 -> 44 right, and 28 -> 26 of 37 abstained where the notes are silent.)
ACRONYM_PLURAL_RE = re.compile(r"\b([A-Z][A-Z0-9]+|[A-Za-z]+[0-9]+)s\b")


def singular_codes(text: str) -> str:
    """"VMs" -> "VM", "P450s" -> "P450" (not "AWS", "OS" or "Ps")."""
    return ACRONYM_PLURAL_RE.sub(r"\1", text)


def stems(text: str) -> list[str]:
    """The stemmed words of a text, a number written as a word read as its digits ("Ten Hours Act" is the notes'
    "10 Hours Act")."""
    # (a possessive's "s" is no word: "The White Man's Burden" is the phrase white man burden, as a subject is read)
    text = re.sub(r"(?<=\w)['’]s\b", "", singular_codes(text))
    return [NUMBER_WORDS.get(w) or stem(w) for w in re.findall(r"[a-z0-9]+", re.sub(r"[-_/]", " ", text.lower()))]
