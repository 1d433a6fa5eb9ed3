"""Key terms of a text, for checking a claim against the notes word by word.

Identifiers are read the way a person reads them: `num_class`, `EnableInterContainerTrafficEncryption`,
`SSE-C`, `multi:softprob` and `K-Means` each give their whole (compound) form - "num_class" and
"numclass" match each other - and their parts, stemmed ("enable", "inter", "contain", "traffic",
"encrypt"), so an option written as an API parameter meets the notes' prose about it.

    >>> sorted(keyterms("EnableInterContainerTrafficEncryption"))
    ['contain', 'enabl', 'enableintercontainertrafficencryption', 'encrypt', 'inter', 'traffic']
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?(?:[-_:./][A-Za-z0-9]+)*")
CAMEL_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+(?:\.\d+)?")
SEPARATORS_RE = re.compile(r"[-_:./'’]")
NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
# an English contraction of a function word ("what's", "doesn't", "they're"): grammar, not a name; without this
# "what's" was a key term of every question that opened with it. (A name's possessive, "Bismarck's", is read as
# before.)
CONTRACTION_RE = re.compile(r"^(?P<base>[A-Za-z]+)['’](?:(?<=n['’])t|s|re|ve|ll|d|m)$", re.I)

STOP = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can cannot could did do does doing don't down during each few for from further had has have
having he her here hers herself him himself his how i if in into is isn't it it's its itself just let's me more most
my myself no nor not of off on once only or other ought our ours ourselves out over own same she should so some such
than that that's the their theirs them themselves then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours yourself yourselves
s t e g i.e e.g etc via per vs versus
""".split())
# Words that frame an exam question rather than say anything about its subject.
QUESTION_WORDS = frozenset("""
which what following best most least true false correct incorrect statement statements option options choose
select one ones each two three four five company team teams organization needs need wants want must should
would could use using used uses solution approach way ways fit fits fitting appropriate meet meets requirement
requirements scenario given data scientist scientists engineer engineers specialist analyst analysts developer
developers business customer customers example examples does do make makes help helps provide provides allow
allows
""".split())


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def unaccented(text: str) -> str:
    """The text without its accents: "Détente" -> "Detente" (the letters stay, marks on them go)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=20000)
def keyterms(text: str, drop_question_words: bool = False) -> frozenset[str]:
    """Stemmed content words and identifier compounds of `text` (see the module docstring)."""
    out: set[str] = set()
    if not text.isascii():  # "Détente" is "detente" as a student types it
        text = unaccented(text)
    for tok in TOKEN_RE.findall(text):
        m = CONTRACTION_RE.match(tok)
        if m and (m.group("base").lower() in STOP or tok[-1:].lower() == "t"):
            tok = m.group("base")
        if NUMBER_RE.fullmatch(tok):  # 0.1, 24, 5
            out.add(tok)
            continue
        if any(c.isdigit() for c in tok) and any(c.isalpha() for c in tok):  # S3, EC2, m5.8xlarge
            out.add(tok.lower())
        parts = [p for chunk in SEPARATORS_RE.split(tok) for p in (CAMEL_RE.findall(chunk) or [chunk])]
        if len(parts) > 1 or (tok[:1].isupper() and any(c.isupper() for c in tok[1:])):
            compound = SEPARATORS_RE.sub("", tok).lower()
            if len(compound) > 2:
                out.add(compound)
                out.add(tok.lower().replace("’", "'"))
        for part in parts:
            low = part.lower()
            if low in STOP or (drop_question_words and low in QUESTION_WORDS):
                continue
            if len(low) < 2 and not low.isdigit():
                continue
            out.add(stem(low))
    return frozenset(out)


def document_frequencies(texts) -> tuple[dict[str, int], int]:
    df: dict[str, int] = {}
    n = 0
    for text in texts:
        n += 1
        for t in keyterms(text):
            df[t] = df.get(t, 0) + 1
    return df, n


def idf(df: dict[str, int], n: int, term: str) -> float:
    """Smoothed inverse document frequency; a term absent from the notes gets the highest weight."""
    return math.log((n + 1) / (df.get(term, 0) + 0.5))


ABBR_AFTER_RE = re.compile(r"\(([A-Z][A-Za-z0-9]{1,9})\)")
ABBR_BEFORE_RE = re.compile(r"\b([A-Z][A-Z0-9]{1,9})\s*\(([^)]{3,80})\)")
SMALL = {"of", "for", "and", "the", "to", "in", "on", "a", "an", "with", "by"}


def _within(short: str, long: str) -> bool:
    """The letters of `short` appear in `long` in order."""
    it = iter(long)
    return all(c in it for c in short)


def _initials(words: list[str]) -> str:
    return "".join(w[0].lower() for w in words if w and w.lower() not in SMALL)


def abbreviations(text: str) -> dict[str, str]:
    """Abbreviations a text defines, as abbreviation -> long form: "Principal Component Analysis (PCA)",
    "k-nearest neighbor (KNN)", "MSK (Managed Streaming for Apache Kafka)".

    >>> abbreviations("use k-nearest neighbor (KNN) or Root Mean Square Error (RMSE)")
    {'knn': 'k-nearest neighbor', 'rmse': 'Root Mean Square Error'}
    """
    out: dict[str, str] = {}
    for m in ABBR_AFTER_RE.finditer(text):
        abbr = m.group(1).lower()
        before = re.findall(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*", text[max(0, m.start() - 120) : m.start()])
        pieces: list[str] = []
        for w in reversed(before[-8:]):
            pieces.insert(0, w)
            flat = [p for x in pieces for p in x.split("-")]
            ini = _initials(flat)
            if ini == abbr or ini.endswith(abbr) and len(pieces) >= len(abbr):
                out.setdefault(abbr, " ".join(pieces))
                break
            if ini and ini[0] == abbr[0] and len(ini) < len(abbr) and _within(ini, abbr) and \
                    _within(abbr, "".join(flat).lower()):
                # a short form of a word's own letters: "Acetylcholine (ACh)", "Neuromuscular Junction (NMJ)"
                out.setdefault(abbr, " ".join(pieces))
                break
            if len(ini) > len(abbr) + 1:
                break
    for m in ABBR_BEFORE_RE.finditer(text):
        abbr, inner = m.group(1).lower(), m.group(2)
        words = re.findall(r"[A-Za-z0-9]+", inner)
        ini = _initials(words)
        it = iter(ini)
        if ini and ini[0] == abbr[0] and all(c in it for c in abbr):
            out.setdefault(abbr, inner.strip())
    return out


NAME_PAIR_RE = re.compile(r"\b([A-Z][A-Za-z0-9]+)\b(?=\s+([A-Z][\w-]+))?")
URL_RE = re.compile(r"<?\b(?:https?://|www\.)\S+|\S+\.(?:com|org|io|net)\S*")
WORD_ANY_RE = re.compile(r"\b[A-Za-z][A-Za-z0-9]+\b")


def common_names(texts, min_followers: int = 10, follow_share: float = 0.6, everywhere: float = 0.2) -> frozenset[str]:
    """Capitalised words that name nothing in particular in these notes, lower-cased and stemmed: a
    vendor or project prefix put in front of many names ("Amazon S3", "Amazon SageMaker", "Apache
    Spark") and a name on a large share of the chunks (a platform the whole set of notes is about).
    Only words the notes write capitalised (a name, not "Data" at the start of a line) count.
    A question naming only these asks about nothing specific; a subject phrase is matched without them."""
    followers: dict[str, set[str]] = {}
    capital: dict[str, int] = {}
    followed: dict[str, int] = {}
    anycase: dict[str, int] = {}
    chunks_with: dict[str, set[int]] = {}
    n = 0
    texts = [URL_RE.sub(" ", t) for t in texts]  # "docs.aws.amazon.com" is not the word written in lower case
    for text in texts:
        n += 1
        for w in WORD_ANY_RE.findall(text):
            anycase[w.lower()] = anycase.get(w.lower(), 0) + 1
        here = set()
        for m in NAME_PAIR_RE.finditer(text):
            w = m.group(1)
            capital[w] = capital.get(w, 0) + 1
            here.add(w)
            if m.group(2):
                followers.setdefault(w, set()).add(m.group(2))
                followed[w] = followed.get(w, 0) + 1
        for w in here:
            chunks_with.setdefault(w, set()).add(n)
    out: set[str] = set()
    for w, count in capital.items():
        low = w.lower()
        if low in STOP or len(w) < 2 or count / anycase.get(low, count) < 0.9:
            continue  # written in lower case too: an ordinary word
        prefix = len(followers.get(w, ())) >= min_followers and followed.get(w, 0) / count >= follow_share
        where = chunks_with.get(w, set())
        if n >= 20 and len(where) / n < everywhere and len(where) / n >= everywhere / 4:
            where = where | _spelled_out(w, texts)  # "OS" and "operating system": one name
        ubiquitous = n >= 20 and len(where) / n >= everywhere
        if prefix or ubiquitous:
            out |= {low, stem(low)}
    return frozenset(out)


def _spelled_out(acronym: str, texts: list[str]) -> set[int]:
    """The chunks (numbered from 1) holding an acronym's spelled-out form: the commonest run of words whose
    initials spell it ("operating system" for "OS"), when the notes write it in more than one chunk."""
    if not (acronym.isupper() and acronym.isalpha() and 2 <= len(acronym) <= 5):
        return set()
    found: dict[str, set[int]] = {}
    for n, text in enumerate(texts, 1):
        for phrase in initial_runs(acronym, text):
            found.setdefault(phrase, set()).add(n)
    best = max(found.values(), key=len, default=set())
    return best if len(best) > 1 else set()


def initial_runs(acronym: str, text: str) -> list[str]:
    """The runs of words in `text` whose initials spell `acronym`, lower case ("operating system" for "OS"), none
    opening or ending on a stop word."""
    run = re.compile(r"\b" + r"[a-z]+\W+".join(re.escape(c) for c in acronym.lower()) + r"[a-z]+\b", re.I)
    out = []
    for m in run.finditer(text):
        words = m.group().lower().split()
        if len(words) == len(acronym) and words[0] not in STOP and words[-1] not in STOP:
            out.append(" ".join(words))
    return out
