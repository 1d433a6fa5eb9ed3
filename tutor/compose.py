"""Compose an answer from the notes' own statements, shaped by the kind of question.

Coverage first: the notes cover a question when they talk about its subject - the subject's words appear,
in order, in a statement that is not a sample-question scenario ("Feature Store" is not covered by notes that
say "feature" and "store" apart), and no word of the subject is unknown to the notes ("HyperPod").
Questions without a named subject are covered when a statement meets enough of their key terms.

Then, by kind (`tutor.intent`):
- definition: the statement that defines the subject ("X is ...", "X: ...", the subject's table row), first;
- comparison: the two subjects side by side - their rows of the same table when the notes have one, else
  the best statement about each;
- list: the items of the list the notes give under the subject or the question's terms;
- number: the statement that carries the number, with its unit and context;
- when: the condition ("when to use" columns, "use cases", "when ..." statements);
- how, example, general: the two or three statements that best answer it.
Sentences are the notes' own words cut to the statement that answers (a table row keeps only the columns
the question asks for); each is cited to its exact lines.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace

import numpy as np

from ingest.chunker import HEADING_SEP
from ingest.plain_text import MD_HEADING_RE
from ingest.terms import QUESTION_WORDS, STOP, idf, initial_runs, keyterms, stem
from ingest.text import BULLET_RE, clean, indent_of, is_table_row
from tutor.intent import EXAMPLE_RE, KINDS_OF_RE, OWN_DOING_RE, Intent, asking_part, eponyms, quoted, set_aside, told
from tutor.passages import Passage
from tutor.polarity import EVALUATIVE, OPPOSED
from tutor.spelling import short_forms
from tutor.vocabulary import everyday, everyday_slips
from tutor.vocabulary import one_slip as _one_slip
from tutor.statements import Statement, one_word_items, statements
from tutor.text import ADDING_RE, BACK_REFERENCE, GENERIC_TERMS
from tutor.text import stems as _stems

ARTICLES = frozenset({"the", "a", "an"})
ASKS_WHAT_RE = re.compile(r"\bwhat\s+(?:is|are|does|do)\b(?!.*\bwhat\s+(?:is|are)\s+.+\s+used\s+for\b).*\band\s+when\b", re.I)
WHEN_HEADS = ("when", "use case", "use cases", "best used", "best for", "ml use case", "primary ml use case")
DEFN_HEADS = ("description", "definition", "primary function", "purpose", "key features", "type")
WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
COVER_TERMS = 0.5  # a question with no named subject: this share of its key terms in one statement
COVER_SIM = 0.62  # ... or a statement this similar to it


@dataclass
class Picked:
    text: str
    statement: Statement
    role: str = "lead"  # lead | support | a | b | item | part
    name: str = ""  # a part of an outline: the sub-section's title


@dataclass
class Composition:
    covered: bool
    picked: list[Picked] = field(default_factory=list)
    table: list[list[str]] | None = None  # comparison: header row then one row per subject
    table_statements: list[Statement] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # subjects the notes do not talk about
    absent: list[str] = field(default_factory=list)  # the question's words that no line of the notes uses
    unknown: list[str] = field(default_factory=list)  # words of the question the notes never use
    unmeasured: bool = False  # a measure asked of a subject whose lines give no number at all
    idle: frozenset[str] = frozenset()  # ... that say nothing about coverage (everyday, chat spelling, "comp")
    best_similarity: float = 0.0
    scored: list = field(default_factory=list, repr=False)  # (statement, similarity, focus cover, subject scores)
    foreign: list[str] = field(default_factory=list)  # question words neither the notes' nor everyday English
    unused: list[str] = field(default_factory=list)  # a subject's kind-words the notes never use ("lottery")
    unnamed: list[str] = field(default_factory=list)  # a name of words the notes use, but never together
    # compared "sides" in the student's everyday words that no line names ("one big segment" vs "lots of smaller
    # ones"): answered as a question, never with a side's label over a line that only shares a word ("big")
    unlabelled: bool = False
    asked: tuple[str, ...] = ()  # the subjects as the student wrote them (before the part the notes know)
    rule_covered: bool = True  # what the subject/term rules alone say (one feature of the fitted coverage model)
    question_idf: dict = field(default_factory=dict, repr=False)  # the question's key terms, each with its idf
    titles: dict = field(default_factory=dict, repr=False)  # a file's title, its one top heading, by file ("" if none)
    max_idf: float = 1.0  # the idf of a term the notes never use
    outline: str = ""  # the section the answer outlines (its sub-sections, each with its first lines)


_stemmed: dict[int, tuple[object, str]] = {}
_stemmed_lock = threading.Lock()


def _two_names(index, phrase: str, common: frozenset[str]) -> bool:
    """Is the phrase two of the notes' names in a row ("Cosmos DB SQL": "Cosmos DB", then "SQL"), each a name of
    two words or more or a short form in capitals? The notes use both, so "they never use it" would mislead; a name
    that only ends on one of their words ("Human Development Index") is not."""
    words = phrase.split()

    def name(part: list[str]) -> bool:
        return (len(part) >= 2 or (len(part) == 1 and part[0].isupper() and len(part[0]) >= 2)) and \
            notes_name(index, subject_stems(" ".join(part), common))

    return any(name(words[:k]) and name(words[k:]) for k in range(1, len(words)))


def notes_name(index, phrase: list[str]) -> bool:
    """Do the notes anywhere name `phrase` (stems, in order, next to each other)? The whole notes, not only
    what was retrieved: read once per index."""
    with _stemmed_lock:
        got = _stemmed.get(id(index))
        if got is None or got[0] is not index:
            text = " | ".join(" ".join(_stems(c.text)) for c in index.store.iter_chunks(with_text=True))
            got = _stemmed[id(index)] = (index, f" {text} ")
    return bool(phrase) and f" {' '.join(phrase)} " in got[1]


MARKER_RE = re.compile(r"\b([A-Za-z]{3,})\s+(\d{1,2}|[ivx]{1,4}|[A-Za-z])\b(?![.\-/])", re.I)
SIBLING = 0.3  # a line under a numbered sibling's heading comes after the lines about the one asked


class Scored(list):
    """The scored statements of one question, with those under a numbered sibling's heading of what it asks about
    (`numbered`, `under_a_sibling`), read once per question."""

    def __init__(self, items, markers: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(items)
        self.siblings = frozenset(id(x[0]) for x in self if under_a_sibling(x[0].heading, markers))


def numbered(question: str) -> tuple[tuple[str, str], ...]:
    """The numbered things a question names ("phase 2 reactions" -> (phase, 2); "Type II" -> (type, ii))."""
    return tuple((stem(w.lower()), n.lower()) for w, n in MARKER_RE.findall(question) if w.lower() not in STOP and (
                 n.isdigit() or re.fullmatch(r"[ivx]{2,4}", n, re.I) or (n.isupper() and (n != "I" or w[0].isupper()))))


def under_a_sibling(heading: str, markers) -> bool:
    """The line sits under a heading that names a numbered sibling of what was asked and not the thing itself
    ("Phase 1: Increased reactivity" when phase 2 is asked about): what it says is that sibling's, even when it
    names the one asked ("Makes the drug more reactive for Phase 2")."""
    if not markers or not heading:
        return False
    named = {(stem(w.lower()), n.lower()) for w, n in MARKER_RE.findall(heading)}
    return any(w == mw and n != mn for w, n in named for mw, mn in markers) and not set(markers) & named


def joined_apart(question: str, df: dict) -> frozenset[str]:
    """The joined forms of a hyphenated word of the question that the notes write apart ("fight-or-flight",
    "fightorflight" where the notes say "Fight or flight"): no word of the notes, and no word the question asks
    about beyond its parts, which stay."""
    out: set[str] = set()
    for tok in re.findall(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+", question):
        if any(len(w) < 2 or not w.isalpha() or (w.isupper() and len(w) > 1) for w in tok.split("-")):
            continue  # a name with a letter, a number or an acronym in it ("C-SCAN", "MP-8"): one name, not words
        forms = {tok.lower(), tok.replace("-", "").lower()}
        parts = keyterms(tok.replace("-", " "))
        if parts and all(df.get(f, 0) == 0 for f in forms) and all(df.get(p, 0) > 0 for p in parts):
            out |= forms
    return frozenset(out)


def subject_stems(subject: str, common: frozenset[str] = frozenset()) -> list[str]:
    """The subject's words as matched in the notes, without articles and the notes' common names
    ("SageMaker Neo" -> neo in notes on SageMaker)."""
    # (an article inside a hyphenated word is a word of it, "first-past-the-post", as the notes write it; not
    # the letter ending "GABA-A")
    words = []
    for w in subject.split():
        ts = _stems(POSSESSIVE_RE.sub("", w))  # ("Burke's conservatism": Burke, as the notes name him)
        words += [t for k, t in enumerate(ts) if t not in ARTICLES or "-" in w.strip("-") and 0 < k < len(ts) - 1]
    # (common names only at its ends: one inside is a word of the phrase, "Managed Service for Apache Flink")
    lo, hi = 0, len(words)
    while lo < hi and words[lo] in common:
        lo += 1
    while hi > lo and words[hi - 1] in common:
        hi -= 1
    return words[lo:hi] or words


def side_phrases(a: str, b: str, common: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
    """The words that tell two compared things apart: 'L1 regularization' / 'L2 regularization' -> [l1] / [l2]."""
    pa, pb = subject_stems(a, common), subject_stems(b, common)
    da = [t for t in pa if t not in pb] or pa
    db = [t for t in pb if t not in pa] or pb
    # words that tell them apart only with the words between ("Factory Act of 1833" / "Ten Hours Act of 1847":
    # 'factory ... 1833' is no phrase of the notes): the whole name
    da = da if _run_of(da, pa) else pa
    db = db if _run_of(db, pb) else pb
    n = next((i for i, (x, y) in enumerate(zip(pa, pb)) if x != y), min(len(pa), len(pb)))
    if 0 < n < min(len(pa), len(pb)) and (len(da[0]) < 2 or len(db[0]) < 2):
        # 'Type 1' / 'type 2 hypervisors': a number or letter tells them apart only after the word it numbers
        # ('type 1', 'type 2'; 'Phase I', 'Phase II'), and what follows is the head they share
        return pa[: n + 1], pb[: n + 1]
    return da, db


def _split_another(s: Statement, i: int, subjects) -> bool:
    """The line names side i only inside another side's one-word name written in two ("Hyper parameter: values
    set BEFORE the learning process" is the hyperparameter's line, not the parameter's)."""
    words = re.findall(r"[a-z0-9]+", s.text.lower())
    own = _stems(subjects[i])
    for j, other in enumerate(subjects):
        name = re.sub(r"[^a-z0-9]", "", other.lower())
        if j == i or len(other.split()) != 1 or not name:
            continue
        pairs = [k for k in range(len(words) - 1) if words[k] + words[k + 1] in (name, name + "s")]
        if pairs and own and all(stem(w) != own[-1] for k, w in enumerate(words) if not any(k in (p, p + 1) for p in pairs)):
            return True
    return False


def _apart(a: str, b: str) -> tuple[str, str]:
    """Two names without the last words they share: "kernel-level memory allocators" / "user-level memory
    allocators" -> "kernel-level" / "user-level"."""
    wa, wb = a.split(), b.split()
    n = 0
    while n < min(len(wa), len(wb)) - 1 and wa[-1 - n].lower() == wb[-1 - n].lower():
        n += 1
    return " ".join(wa[: len(wa) - n]), " ".join(wb[: len(wb) - n])


def _run_of(part: list[str], whole: list[str]) -> bool:
    """`part` stands in `whole` as one run of consecutive words."""
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


OPENER_RE = re.compile(r"^\W*(?P<name>[^:–—()]{1,40}?)\W*\s*(?::|\s[–—-])\s")


def _capitalised(name: str) -> list[str]:
    """The name's own words, before any lower-case word that says what kind of thing it is ("Northern Renaissance
    art" -> ["Northern", "Renaissance"])."""
    words = name.split()
    n = next((i for i, w in enumerate(words) if not w[:1].isupper()), len(words))
    return words[:n] if all(not w[:1].isupper() for w in words[n:]) else []


def side_opening(text: str, subjects) -> int | None:
    """The compared side a line opens on as its label ("GRS: LRS + async copy ..." -> GRS's index); None when
    it opens on no side's name."""
    m = OPENER_RE.match(text)
    if not m:
        return None
    name = subject_stems(m.group("name"))
    return next((j for j, x in enumerate(subjects) if name and name == subject_stems(x)), None)


def under_another(st: Statement, side: int, subjects, common: frozenset[str] = frozenset()) -> bool:
    """Is the line under a heading that names another compared side and not this one ("Microkernel > Cons" for
    "monolithic", below a heading naming all three): it is about that side, whatever its own words say."""
    stems = [set(subject_stems(x, common)) for x in subjects]
    telling = [s_ - set().union(*(o for j, o in enumerate(stems) if j != i)) or s_ for i, s_ in enumerate(stems)]
    for part in (st.heading or "").split(HEADING_SEP):
        words = set(_stems(part)) - ARTICLES
        if words & telling[side]:
            continue
        # a heading that is another side's name and nothing more ("Microkernel", "Kinesis Data Firehose"), not
        # one that only shares a word with it ("Streaming Services")
        if any(words and words <= stems[j] and words & telling[j] for j in range(len(stems)) if j != side):
            return True
    return False


def _enclosing(lines: list[str], n: int) -> list[tuple[int, list[str]]]:
    """The headings line n sits under, outermost first: each as (its level, the texts of its sibling headings -
    those of the same level under the same parent - itself first)."""
    fenced, code = False, set()  # a "# comment" in a code block is no heading
    for k, t in enumerate(lines, start=1):
        if t.lstrip().startswith("```"):
            fenced = not fenced
        elif fenced:
            code.add(k)
    heads = [(len(m.group(1)), m.group(2), k) for k, t in enumerate(lines[: max(0, n - 1)], start=1)
             if k not in code and (m := MD_HEADING_RE.match(t))]
    chain: list[tuple[int, str, int]] = []
    for h in heads:
        while chain and chain[-1][0] >= h[0]:
            chain.pop()
        chain.append(h)
    out = []
    for depth, (level, text, at) in enumerate(chain):
        start = chain[depth - 1][2] if depth else 0
        sibs = []
        for k, t in enumerate(lines[start:], start=start + 1):
            m = MD_HEADING_RE.match(t) if k not in code else None
            if not m or k == start:
                continue
            if len(m.group(1)) < level or (depth and len(m.group(1)) <= chain[depth - 1][0]):
                break
            if len(m.group(1)) == level and k != at:
                sibs.append(m.group(2))
        out.append((level, [text] + sibs))
    return out


def under_a_third(st: Statement, lines: list[str], subjects, common: frozenset[str] = frozenset()) -> bool:
    """Is the line under a heading of the notes that names no compared side while a heading beside it does
    ("Microkernel > Cons" beside "Monolithic" and "Modular", for monolithic vs modular): it is about a third
    thing of the sides' kind, whatever its own words say ("Bad portability" is no con of the modular design)."""
    stems = [set(subject_stems(x, common)) for x in subjects]
    telling = [s_ - set().union(*(o for j, o in enumerate(stems) if j != i)) or s_ for i, s_ in enumerate(stems)]

    def named(heading: str) -> set[int]:
        words = set(_stems(heading)) - ARTICLES
        return {j for j, t in enumerate(telling) if words & t}

    def is_side(heading: str) -> set[int]:  # a heading that is a side's name and nothing more ("Modular"), not one
        words = set(_stems(heading)) - ARTICLES  # sharing a word with one ("Linux Kernel Allocators", "Data Transit")
        return {j for j, t in enumerate(telling) if words and words <= stems[j] and words & t}

    chain = _enclosing(lines, st.start_line)
    for depth in range(len(chain) - 1, -1, -1):
        own, *beside = chain[depth][1]
        if named(own):
            return False
        # a heading above that is one side's alone ("Smooth Muscle") makes its parts that side's ("Multiunit
        # smooth muscle" beside "Contraction" is no third thing); one naming them all ("Contrast monolithic,
        # modular and microkernel designs") does not
        theirs = {next(iter(n)) for n in (named(o) for _, (o, *_) in chain[:depth]) if len(n) == 1}
        if any(is_side(b) - theirs for b in beside):
            return True
    return False


LEANING = 0.1  # how much less a line opening on an earlier line ("This technique ...") is worth as an answer's line
SECTION_OPENING = 0.3  # how much a line opening the section its heading names reads as saying what that is
SIDE_FLOOR = 0.75  # a side's line in the pair shown first is worth at least this share of its best
POSSESSIVE_RE = re.compile(r"['’]s$")
DEFAULT_KIND = frozenset({"normal", "regular", "ordinary", "usual", "typical", "plain"})  # the thing itself
BARE_ITEM_WORDS = 4  # a list item this short, with no colon or full stop, names a thing and says nothing of it
SUB_ITEMS = 12  # the lines under such an item read for its sub-items, at most
THIRD_PAIR = 0.97  # a third pair of lines, one per side, when it is this close to the best pair
BOTH_RE = re.compile(r"^\W*(?:both|each|all|either|neither)\b", re.I)  # "Both planes use ...": said of every side
ALL_SIDES_RANK = 12  # a line naming every compared side is looked for among this many of the likeliest lines


def _names_only(st: Statement, subject: str, common: frozenset[str] = frozenset()) -> bool:
    """A line that only names the side ("The Truman Doctrine", the item its points hang under): it says nothing
    of it, so it is never the side's line (what hangs under it may be)."""
    return st.kind != "table" and set(subject_stems(st.text, common)) <= set(subject_stems(subject, common))


def phrase_in(phrase: list[str], text: str) -> bool:
    """The subject's words, in order and next to each other, in the text ("kinesis data stream")."""
    if not phrase:
        return False
    words = _stems(text)
    n = len(phrase)
    hits = [i for i in range(len(words) - n + 1) if words[i : i + n] == phrase]
    if n < 2 or not hits or not re.search(r"\w[-_/]\w", text):
        return bool(hits)
    # a name of several words is not named from the middle of a longer compound: "test-and-set" is not in
    # "test_and_test_and_set", which is another lock
    starts = [not inner for token in re.findall(r"[A-Za-z0-9]+(?:[-_/][A-Za-z0-9]+)*", text.lower())
              for inner in [False] + [True] * (len(re.findall(r"[a-z0-9]+", token)) - 1)]
    return any(i >= len(starts) or starts[i] for i in hits)


def idle_words(question: str, df: dict) -> frozenset[str]:
    """Terms of the question that say nothing about whether the notes cover it: everyday English words the
    notes never use ("roughly", "actually", "grown-up's", "stiff"). A question's wording is the asker's, not
    the notes'; a specialist word the notes never use ("Schlieffen", "dantrolene") is kept - that is what a
    question the notes do not answer looks like."""
    out: set[str] = set()
    named = set(eponyms(question))  # (a word that owns what is asked of is its name: "the banker's algorithm")
    for word in WORD_RE.findall(question):
        base = re.sub(r"['’]s$", "", word)
        variants = keyterms(word) | keyterms(base)
        if variants and all(df.get(t, 0) == 0 for t in variants) and base.lower() not in named and (
                all(everyday(x) for x in re.split(r"[-'’]", base) if x) or re.fullmatch(r"[a-z]{2,4}", base)):
            out |= variants  # (a short lower-case word of neither is chat spelling: "shud", "abt", "pls")
    for m in OWN_DOING_RE.finditer(question):  # "I'm revising ...": the student's studying, whatever word it takes
        out |= keyterms(m.group(1))
    return frozenset(out)


NOT_FUNCTION_WORDS = {"true", "false"}  # words of the stop list that start names ("false positive": "FP")
INITIALISM_WORDS = (2, 3)  # a run of this many words of the question may be written by its initials in the notes
INITIALISM_PASSAGES = 3  # passages a lexical search with those short forms adds


def initialisms(question: str, df: dict, capitals: frozenset[str] | None = None) -> dict[str, str]:
    """The short forms the notes use for runs of the question's words ("false positives" -> "FPs", "machine
    learning" -> "ML"), each with its run, and the plural the notes write a short form in ("LDCs" for "LDC"):
    notes written in haste abbreviate, and a search for the words alone misses those lines. With `capitals` (the
    short forms the notes write in capitals, `spelling.short_forms`), only those: "nature different" is no "ND"."""
    out: dict[str, str] = {}
    # (a run stays within its phrase: "bare-metal (type 1)" holds no "metal type")
    phrases = [re.findall(r"[A-Za-z][a-z]*", p) for p in re.split(r"[^A-Za-z\s-]+", question)]
    for size in INITIALISM_WORDS:
        for words, i in ((w, i) for w in phrases for i in range(len(w) - size + 1)):
            run = words[i:i + size]
            if any(len(w) < 3 or w.lower() in (STOP | QUESTION_WORDS) - NOT_FUNCTION_WORDS for w in run):
                continue
            short = "".join(w[0] for w in run).lower()
            plural = short + "s" if run[-1].lower().endswith("s") else None
            for form in (plural, short):
                if form and df.get(form, 0) and form not in out and (capitals is None or form in capitals):
                    out[form] = " ".join(run)
                    break
    for short in re.findall(r"\b[A-Z]{2,6}\b", question):
        # "LDC" where the notes only ever write "LDCs": their plural is the word to look for
        if df.get(short.lower() + "s", 0) and not df.get(short.lower(), 0) and \
                (capitals is None or short.lower() + "s" in capitals):
            out[short.lower() + "s"] = short
    return out


FORM_ROOT = 5  # a question word's stem this long that starts a word of the notes is a form of that word


def foreign_words(question: str, df: dict) -> list[str]:
    """Words of the question that are neither the notes' nor everyday English, nor a slip of either's
    spelling: "ballooning", "gerrymandering", "dantrolene" in notes that never use them. A compound whose
    parts the notes use ("one-level", "wake-up") is theirs; a word a letter or two off one of theirs ("modle")
    or off an everyday word ("shuold") is a typo of it; "weakest", "cheapest" are everyday words' degrees."""
    import difflib

    from tutor.spelling import CUTOFF

    def used(word: str) -> bool:
        return any(df.get(t, 0) for t in keyterms(word))

    def plain(word: str) -> bool:
        low = word.lower()
        return everyday(low) or any(low.endswith(e) and everyday(low[: -len(e)] + r)
                                    for e, r in (("iest", "y"), ("ier", "y"), ("ily", "y"), ("est", ""),
                                                 ("er", ""), ("ly", ""), ("est", "e"), ("er", "e")))

    def typo(low: str, words) -> bool:
        near = [t for t in words if t[:1] == low[:1] and abs(len(t) - len(low)) <= 2]
        return bool(difflib.get_close_matches(low, near, n=1, cutoff=CUTOFF))

    known = [t for t, n in df.items() if n and t.isalpha()]
    out: list[str] = []
    for word in WORD_RE.findall(question):
        base = re.sub(r"['’]s$", "", word).strip("'’-")
        if len(base) < 4 or re.search(r"['’]", base) or used(base) or plain(base):
            continue
        parts = [x for x in re.split(r"[-_]", base) if x]
        if len(parts) > 1 and all(used(x) or plain(x) for x in parts):
            continue
        low = base.lower()
        if any((low[:k] in PREFIXES or (k >= 3 and plain(low[:k]))) and plain(low[k:])
               for k in range(2, len(low) - 3)):
            continue  # a word written as one of two ("rundown") or a prefix and a word ("subtypes"), each known
        if typo(stem(base.lower()), known) or everyday_slips(base.lower()):
            continue
        root = stem(base.lower())
        if len(root) >= FORM_ROOT and any(t.startswith(root) for t in known):
            continue  # another form of a word the notes use: "rearming" where they write "rearmament"
        if base not in out:
            out.append(base)
    return out


PREFIXES = frozenset("sub re un pre non multi inter intra over under out super co de mis anti semi micro macro "
                     "hyper hypo auto".split())  # a word's prefix: "subtypes" is sub + types


class Composer:
    def __init__(self, index, judge) -> None:
        self.index = index
        self.judge = judge

    @property
    def common(self) -> frozenset[str]:
        return self.index.common_words()

    # -- statements and their scores -----------------------------------------------------------------
    def candidates(self, passages: list[Passage]) -> list[Statement]:
        out, seen = [], set()
        for p in passages:
            lines = self.index.lines(p.source)
            found = statements(p, lines)
            parents = {s.context for s in found if s.context}
            for s in found:
                if s.kind == "option" and s.truth and s.context:
                    # the notes' key to one of their sample questions: an answer to that question (kept only
                    # for a question close to its stem, `compose`), quoted as theirs
                    s = replace(s, kind="explanation")
                elif s.kind in ("stem", "option"):  # a scenario or a wrong option is not something the notes assert
                    continue
                if PROMPT_RE.match(s.text) and (s.text in parents or _has_items(lines, s.end_line)):
                    continue  # "Briefly summarize ... what caused ...": the notes' prompt; its answer is the item under it
                s = _before_code(s, lines)
                if not usable(s):
                    continue
                key = (s.source, s.start_line, s.text)
                if key not in seen:
                    seen.add(key)
                    out.append(s)
        return out

    def compose(self, intent: Intent, query: str, passages: list[Passage]) -> Composition:
        asked = intent.subjects  # as the student wrote them (the known part of each is read below)
        cands = self.candidates(passages)
        keyed = [c for c in cands if c.kind == "explanation" and c.truth]
        if keyed:  # a sample question's key answers only a question much like that sample's stem
            v = self.judge.embed_many([c.context for c in keyed] + [query])
            near = {id(c) for c, sim in zip(keyed, v[:-1] @ v[-1])
                    if sim >= (KEYED_STEM_SIM if len(c.context.split()) >= SCENARIO_WORDS else KEYED_SHORT_SIM)}
            cands = [c for c in cands if not (c.kind == "explanation" and c.truth) or id(c) in near]
        if not cands:
            return Composition(False, missing=list(intent.subjects))
        df, n = self.index.term_df()
        joined = joined_apart(intent.question, df)
        if joined:  # ("fight-or-flight", where the notes write "Fight or flight": read as its words)
            intent = replace(intent, focus=intent.focus - joined)
        idle = idle_words(intent.question, df)
        if not intent.subjects:
            # a name written in lower case that the notes never use: what owns the thing asked of names it ("how does
            # the banker's algorithm decide ...", as "the Banker's algorithm" would be read); one they use is what
            # the thing asked of belongs to ("the papacy's reputation"), and the question is read as it stands
            unused = [m.group(0) for w in eponyms(intent.question) if all(df.get(t, 0) == 0 for t in keyterms(w))
                      for m in [re.search(rf"\b{re.escape(w)}(?:['’]s|s['’])\s+[\w-]+", intent.question, re.I)] if m]
            intent = replace(intent, subjects=tuple(unused[:1])) if unused else intent
        terms = set(quoted(intent.question))  # a term the student quotes is read whole
        asked = intent.subjects
        # (the common noun every compared side ends on, "hyperparameters" of "alpha and lambda hyperparameters", tells
        # none apart; a name's words, "Reserved Instances", "Standard tiers", are the notes' own and stay)
        heads = {x.split()[-1] for x in intent.subjects if x.split()}
        shared = heads if len(intent.subjects) >= 2 and len(heads) == 1 and \
            all(x.islower() and len(x.split()) >= 2 for x in intent.subjects) else set()
        known = tuple(x if x in terms else self._known_part(x, cands, df, n, idle, shared) for x in intent.subjects)
        intent = replace(intent, subjects=known) if known != intent.subjects else intent
        vecs = self.judge.embed_many([s.text for s in cands] + [set_aside(query)])  # not like what is set aside
        sims = vecs[:-1] @ vecs[-1]
        focus_w = {t: idf(df, n, t) for t in sorted(intent.focus)}  # sorted: sums the same in every process
        focus_total = sum(focus_w.values()) or 1.0
        scored = []
        short = initialisms(intent.question, df, short_forms(self.index))
        if short:  # a line writing the question's words by their initials ("To decrease FPs, increase threshold")
            # is as near the question as the line with those words spelled out
            spelled = [i for i, s in enumerate(cands) if keyterms(s.text) & short.keys()]
            if spelled:
                out = [re.sub(r"\b[A-Za-z]+\b", lambda m: short.get(m.group(0).lower(), m.group(0)), cands[i].text)
                       for i in spelled]
                sims[spelled] = np.maximum(sims[spelled], self.judge.embed_many(out) @ vecs[-1])
        for s, sim in zip(cands, sims):
            own = keyterms(f"{s.text} {s.subject}")
            own |= {t for x in own & short.keys() for t in keyterms(short[x])}  # "FPs" says "false positives"
            ctx = keyterms(f"{s.context} {s.heading}")
            roots = {t[:5] for t in own | ctx if len(t) >= 5}
            clipped = {t for t in own | ctx if len(t) == 4 and t.isalpha()}  # "algo", "info", "spec"
            subj = [self._subject_score(subject, s, intent) for subject in intent.subjects]
            side = self._evaluative(focus_w, s, own, intent.subjects, subj)
            cover = sum(w for t, w in focus_w.items() if t in own or t in ctx or (len(t) >= 5 and t[:5] in roots)
                        or (len(t) >= 7 and t[:4] in clipped) or side.get(t, 0) > 0)
            cover -= sum(w for t, w in focus_w.items() if side.get(t, 0) < 0)
            scored.append((s, float(sim), cover / focus_total, subj))
        comp = Composition(True, best_similarity=float(max(sims)), scored=scored, max_idf=idf({}, n, "_"), asked=asked)
        comp.question_idf = {t: idf(df, n, t) for t in sorted(keyterms(intent.question, True))
                             if t not in self.common and t not in idle and t not in joined}
        # words of the question the notes never use, everyday ones too
        comp.absent = [u for u in self._unknown(intent, df) if u not in joined]
        comp.idle = idle
        comp.unknown = [u for u in comp.absent if u not in idle]
        comp.foreign = [w for w in foreign_words(intent.question, df) if not keyterms(w) <= idle]  # (not "revising")
        # the word right before a short subject's head ("lottery scheduling"), when the notes never use it
        # (not the ordinary kind: "a regular (neutral) antagonist" is an antagonist, whether or not the notes say
        # "regular")
        comp.unused = [x.split()[-2] for x in asked if 2 <= len(x.split()) <= 3 and
                       _unused_modifier(x.split()[-2], df) and x.split()[-2] not in comp.foreign and
                       x.split()[-2].lower() not in DEFAULT_KIND]
        # a subject the notes only name ("- Decembrist Revolt in Russia", an item of a list of prompts) is missing
        # (a bare name with items under it is what the notes say of it under its name: "- Edmond Burke" over "- wrote
        # Reflections on the Revolution in France, ...")
        titles = {s.context for s, *_ in scored if s.kind == "list" and s.context}
        comp.missing = [subject for i, subject in enumerate(intent.subjects)
                        if not any(x[3][i] >= 0.6 and (not bare_name(x[0].text) or x[0].text in titles) for x in scored)]
        # whose things the missing subjects are: a long question whose asking sentence names nothing ("Is that a good
        # choice?") had its subjects read from the story, where students name their own things too (their app, their
        # 'country' field, the beaker); and a name the student calls their own ("for my APEU homework"), beside what
        # they ask about ("Columbian Exchange"), is theirs. A story name no retrieved line names, or a word of the
        # story the notes never use, is not what the notes are asked about - whether the notes cover it is left to
        # what they hold
        story = told(intent.question)
        asks, around = asking_part(intent.question)
        # (and a name only the sentences around the asking one give, beside what is asked: "My APEU unit test ... is
        # Friday and the review sheet says I need to know 'enlightened absolutism' ... What does the term mean?")
        theirs = comp.missing if story else \
            [x for x in comp.missing if re.search(rf"\b(?:my|our)\s+{re.escape(x)}\b", intent.question, re.I) or
             (asks and x in around and x not in asks)]
        if story or (theirs and len(intent.subjects) - len(theirs) >= (2 if intent.kind == "comparison" else 1)):
            keep = [i for i, x in enumerate(intent.subjects) if x not in theirs]
            intent = replace(intent, subjects=tuple(intent.subjects[i] for i in keep))
            scored = [(s, sim, cover, [subj[i] for i in keep]) for s, sim, cover, subj in scored]
            comp.scored, comp.missing = scored, [x for x in comp.missing if x not in theirs]
            comp.unknown = [u for u in comp.unknown if any(u in subject_stems(x, self.common) for x in intent.subjects)]
            if intent.kind == "comparison" and len(intent.subjects) < 2:
                # a side read from the story ("They also mention top half vs bottom half", before "why is it a net
                # win?") was the student's telling: with one side left there is nothing to compare, and the question
                # is asked as it stands (it had crashed the answer)
                intent = replace(intent, kind="general")
        # a name of two or more words the notes each use but never together ("Human Development Index")
        # "Francis Bacon and René Descartes", "Scientific Revolution for AP Euro": each name is read on its own
        # ("AMPED vs AMTED" read as one subject is two names, each the notes' own)
        # ("Northern Renaissance art in the Low Countries" is two names, each with the notes: "Northern Renaissance",
        # "Low Countries"; a lower-case word after a name is what kind of thing it is, "art", not part of it)
        parts = [y for x in comp.missing for z in re.split(r"\s+(?:vs\.?|versus)\s+", x, flags=re.I)
                 for y in (re.split(r"\s+(?:and|for|in(?:\s+the)?)\s+(?=[A-Z])", z) if z[:1].isupper() else [z])]
        comp.unnamed = [x for x in parts if len(subject_stems(x, self.common)) >= 2
                        and all(re.fullmatch(r"[A-Za-z][A-Za-z'’-]+", w) for w in x.split())
                        and sum(len(w) >= 3 for w in x.split()) >= 2
                        and all(w[0].isupper() for w in x.split() if len(w) >= 4)
                        and not notes_name(self.index, subject_stems(x, self.common))
                        and not (len(_capitalised(x)) >= 2 and
                                 notes_name(self.index, subject_stems(" ".join(_capitalised(x)), self.common)))
                        and not _two_names(self.index, x, self.common)]
        if not self._covered(intent, comp, scored):
            comp.covered = comp.rule_covered = False
            return comp
        if intent.kind in OUTLINED and self._outline(intent, scored, comp):
            return comp
        if intent.kind == "list" and not intent.subjects and self._listed_section(intent, scored, comp):
            return comp
        if intent.kind == "comparison" and self._student_sides(asked, scored):
            comp.unlabelled = True
            intent = replace(intent, kind="general")
        shape = getattr(self, f"_{intent.kind}", self._general)
        shape(intent, Scored(scored, numbered(intent.question)), comp)
        if not comp.picked and not comp.table:
            comp.covered = False
        return comp

    def _outline(self, intent: Intent, scored, comp: Composition) -> bool:
        """A subject the notes name only as a section whose sub-sections are its parts ("Explain the MANIA causes of
        World War I": "MANIA" is a list title over "Militarism", "Alliances", ...; no line says "MANIA") is
        answered by that outline: each sub-section in the notes' order, with its first lines. A subject some line
        names in its own words is answered from those lines as before."""
        for i, subject in sorted(enumerate(intent.subjects), key=lambda x: -max(
                (comp.question_idf.get(t, 0.0) for t in keyterms(x[1])), default=0.0)):
            if any(subj[i] >= 1.0 and not bare_name(s.text) for s, *_, subj in scored):
                continue  # (a line that is only the title, "- MRS GREN", says nothing of it)
            phrase = subject_stems(subject, self.common)
            under = [s for s, *_, subj in scored if subj[i] >= 0.6]
            for st in under:
                path = _path(st.heading)
                at = next((k for k, h in enumerate(path) if phrase and phrase_in(phrase, h)
                           and len(h.split()) <= OUTLINE_TITLE_WORDS), None)
                if not at or at == len(path) - 1:
                    continue  # a leaf has no parts; a file's title names the whole file, not a part of the notes
                prefix = path[: at + 1]
                if any(cover >= OUTLINE_FOCUSED and _path(x.heading)[: at + 1] == prefix
                       for x, _, cover, _ in scored):
                    return False  # a line of the section says what else was asked ("deleted items" in the change
                    # feed's lines): the question is about that, not about the section as a whole
                return self._set_out(intent, st.source, prefix, comp)
        return False

    def _set_out(self, intent: Intent, source: str, prefix: list[str], comp: Composition) -> bool:
        """The sub-sections of the section `prefix` of `source` as the answer's parts, each with its first lines
        (False, nothing picked, when it has fewer than two)."""
        parts: dict[str, list[Statement]] = {}
        chunks = sorted(self.index.passages_at(source, 1, 10 ** 7), key=lambda p: p.start_line)
        for p in chunks:
            hp = _path(p.heading)
            if len(hp) > len(prefix) and hp[: len(prefix)] == prefix:
                parts.setdefault(hp[len(prefix)], []).extend(  # not the titles themselves, nor a sample question's
                    x for x in self.candidates([p]) if not bare_name(x.text) and x.kind != "explanation")  # lines
        if len(parts) < 2:
            return False
        for name, stmts in list(parts.items())[:OUTLINE_PARTS]:
            stmts = sorted(stmts, key=lambda x: x.start_line)
            if not stmts:
                continue
            shown = [stmts[0]] + [x for x in stmts[1:3] if len(x.text.split()) <= OUTLINE_SHORT
                                  and len(stmts[0].text.split()) <= OUTLINE_SHORT]
            deeper = _path(shown[0].heading)[len(prefix) + 1:]
            text = "; ".join(cut(x, intent) for x in shown)
            text = f"{' › '.join(deeper)}: {text}" if deeper else text  # "Nationalism": "Germany: ..."
            comp.picked.append(Picked(text, _span(shown), "part", name))
        comp.outline = prefix[-1]
        return bool(comp.picked)

    def _listed_section(self, intent: Intent, scored, comp: Composition) -> bool:
        """A list asked for without a name the notes use ("what are the antimuscarinic drugs?"), whose best line
        is the lead of a section with sub-sections ("# Muscarinic Antagonists" / "Also known as antimuscarinics
        ..." / "## Atropine", "## Scopolamine", ...): the sub-sections are the list."""
        ranked = sorted(scored, key=lambda x: -x[1])
        if not ranked:
            return False
        top = ranked[0][0]
        if top.kind not in ("prose", "list") or top.context or ANNOUNCES_PARTS_RE.search(top.text) or \
                len(ranked) > 1 and ranked[1][1] >= ranked[0][1] - LEAD_MARGIN:
            return False  # (the section's own opening line, clearly the nearest: not one of several alike; one that
            # announces its parts, "a three-step process", is answered with them by the list as before)
        path = _path(top.heading)
        return bool(path) and self._set_out(intent, top.source, path, comp)

    def _column_table(self, intent: Intent, scored, sides, comp: Composition) -> bool:
        """A table whose columns are the compared sides ("| Comparison Criteria | Storage Queues | Service Bus
        Queues |"): the rows the question asks about (their criterion names a word of its focus: "lease",
        "receive"), side by side as the notes have them."""
        own = {w for p in sides for w in p}
        want = {t for t in intent.focus if t not in own}
        if not want:
            return False  # (how they differ at all: the notes' own words on it, not one of their tables alone)
        best, seen = None, set()
        for s, *_ in sorted(scored, key=lambda x: -x[1]):
            if s.kind != "table" or not s.context:
                continue
            header = [h.strip() for h in s.context.split(" | ")]
            cols = [next((j for j in range(1, len(header)) if phrase_in(side, header[j])), None) for side in sides]
            if None in cols or cols[0] == cols[1]:
                continue
            if (s.source, s.start_line) in seen:
                continue  # a row of a table already read
            rows = self._table_rows(s)
            seen |= {(r.source, r.start_line) for r in rows}
            asked = [r for r in rows if want & set(_stems(r.subject))]
            if asked and (best is None or len(asked) > len(best[2])):
                best = (header, cols, asked)
        if best is None:
            return False  # no table of the sides, or none that says what is asked
        header, cols, asked = best
        table = [[header[0], header[cols[0]], header[cols[1]]]]
        for r in asked[:COLUMN_TABLE_ROWS]:
            values = dict(_pairs(r.text))
            table.append([r.subject, values.get(header[cols[0]], ""), values.get(header[cols[1]], "")])
        comp.table = table
        comp.table_statements = asked[:COLUMN_TABLE_ROWS]
        return True

    def _kinds_section(self, intent: Intent, scored) -> list[Statement]:
        """Asked for the kinds of a thing, the top items of a section titled with its kinds ("## Types of Authoritarian
        Regimes" for "what kinds of authoritarian regimes are there?"), in the notes' order: the notes' own list of
        them, where a chapter on the thing may name a few in passing."""
        phrases = [p for p in (subject_stems(x, self.common) for x in intent.subjects) if p]
        for s, *_ in scored:
            title = s.heading.split(" > ")[-1] if s.heading else ""
            m = KINDS_OF_RE.search(title)
            if s.kind != "list" or not m or not any(phrase_in(p, title[m.end():]) for p in phrases):
                continue
            # (with its one-word items, too short to score alone: "- theocracy")
            read = statements(s.passage, short_items=True) if s.passage is not None else []
            items = {x.start_line: x for x in [*read, *(x for x, *_ in scored)] if x.kind == "list" and not x.context
                     and x.source == s.source and x.heading == s.heading}
            return [items[n] for n in sorted(items)]
        return []

    def _table_rows(self, row: Statement) -> list[Statement]:
        """Every row of the table `row` is a row of, in the notes' order (a passage may hold only part of it)."""
        lines = self.index.lines(row.source)
        lo = hi = row.start_line
        while lo > 1 and lines[lo - 2].lstrip().startswith("|"):
            lo -= 1
        while hi < len(lines) and lines[hi].lstrip().startswith("|"):
            hi += 1
        rows = [x for x in self.candidates(self.index.passages_at(row.source, lo, hi))
                if x.kind == "table" and x.context == row.context and lo <= x.start_line <= hi]
        return sorted({x.start_line: x for x in rows}.values(), key=lambda x: x.start_line)

    def _evaluative(self, focus_w: dict, s: Statement, own: frozenset, subjects, subj) -> dict[str, int]:
        """"The downsides of X": a line of X's under a "Cons" heading lists them (+1), one under X's "Pros" is the
        other way round (-1). A heading counts when the heading above it names a subject (every design's "Pros" sits
        under a contrast of all of them); the line's own word when the line is about a subject."""
        out: dict[str, int] = {}
        asked = [t for t in focus_w if t in EVALUATIVE]
        if not asked:
            return out
        path = [keyterms(h) for h in _path(s.heading)]
        stems = [set(subject_stems(x, self.common)) for x in subjects]
        for t in asked:
            if EVALUATIVE[t] & own and (not subjects or max(subj) >= 0.6):
                out[t] = 1
                continue
            for k, terms in enumerate(path):
                whose = not subjects or bool(k) and any(x & path[k - 1] for x in stems)
                if whose and EVALUATIVE[t] & terms:
                    out[t] = 1
                elif whose and OPPOSED[t] & terms and not EVALUATIVE[t] & terms:
                    out[t] = -1
        return out

    def _known_part(self, subject: str, cands: list[Statement], df: dict, n: int, idle: frozenset[str],
                    shared: set[str] = frozenset()) -> str:
        """A subject read with words of the question around it ("Nernst equation actually calculate", "how a
        baby's drug metabolism can") is the longest part of it that the retrieved statements name, as long as
        that part keeps its rarest word and drops only lower-case words (so "Decembrist Revolt" never shrinks
        to "Revolt", nor "SageMaker Feature Store" to "Store"). The whole subject
        is kept when the statements name it, or when no such part exists."""
        words = subject.split()
        texts = [f"{c.subject} {c.text} | {c.context} | {c.heading}" for c in cands]

        def named(phrase: str) -> bool:
            stems = subject_stems(phrase, self.common)
            return bool(stems) and any(phrase_in(stems, t) for t in texts)

        def under(phrase: str, dropped: list[str]) -> bool:
            # "ext2 group descriptor": a word dropped that the heading over the lines naming the rest holds is
            # where the notes name it ("group descriptor" under "ext2: Second Extended Filesystem")
            stems = subject_stems(phrase, self.common)
            return any(phrase_in(stems, f"{c.subject} {c.text} | {c.context}") and
                       all(keyterms(w) <= keyterms(c.heading) for w in dropped) for c in cands)

        if named(subject):
            return subject
        numbered = _numbered_initials(subject)
        if numbered is not None:  # "ww1", "WWII": the name whose initials and number they are ("World War I")
            found = next((m.group(0) for t in texts for m in [numbered.search(t)] if m), None)
            if found:
                return found
        if len(words) < 2:
            return subject
        weights = {}
        for w in words:
            ts = [t for t in keyterms(POSSESSIVE_RE.sub("", w)) if t not in idle and t not in self.common]
            if ts:
                weights[w] = max(idf(df, n, t) for t in ts)
        if not weights:
            return subject
        own = {w: x for w, x in weights.items() if w.lower() not in shared} or weights
        # ("a normal context switch": the ordinary kind is the thing itself, however rarely the notes say "normal")
        own = {w: x for w, x in own.items() if w.lower() not in DEFAULT_KIND} or own
        rarest = max(own, key=own.get)
        for size in range(len(words) - 1, 0, -1):
            for i in range(len(words) - size + 1):
                part = words[i : i + size]
                dropped = words[:i] + words[i + size:]
                if all(w[:1].islower() for w in dropped) and named(" ".join(part)) and \
                        (rarest in part or under(" ".join(part), dropped)):
                    return " ".join(part)
        # "SPICE in QuickSight": a thing asked within another the notes know ("quick sight's in-memory engine")
        m = re.match(r"^(?P<x>.+?)\s+(?:in|on|within|inside)\s+(?P<y>(?:[A-Z][\w.-]*\s*)+)$", subject)
        # (within a name, "QuickSight", "SageMaker": "encryption in transit" is a thing of its own)
        if m and named(m.group("x")) and all(df.get(t, 0) for t in keyterms(m.group("y"))):
            return m.group("x")
        return subject

    def _subject_score(self, subject: str, s: Statement, intent: Intent | None = None) -> float:
        # "Kinesis Producer Library (KPL)" is named by its name, and by its short form ("KPL: ... to write")
        m = re.fullmatch(r"\s*(?P<name>[^()]+?)\s*\((?P<short>[A-Za-z0-9][\w-]{1,9})\)\s*", subject)
        if m:
            return max(self._phrase_score(subject, s, intent), self._phrase_score(m.group("name"), s),
                       self._phrase_score(m.group("short"), s))
        score = self._phrase_score(subject, s, intent)
        if score < 1.0 and hasattr(self.index, "alias_of"):
            # ... and by the other name the notes give it: "ACh" is "Acetylcholine" where they write "Acetylcholine
            # (ACh)" ("Pentamer (5): Nicotinic Acetylcholine" answers how many subunits the ACh receptor has)
            for other in self.index.alias_of(subject):
                score = max(score, self._phrase_score(other, s))
        if score < 1.0 and intent is not None:
            # ... and by the words the student spells it out in ("split the process control block ... one big PCB")
            for other in spelled_out(subject, intent.question):
                score = max(score, self._phrase_score(other, s))
        return score

    def _phrase_score(self, subject: str, s: Statement, intent: Intent | None = None) -> float:
        phrase = subject_stems(subject, self.common)
        if intent is not None and intent.kind == "comparison" and len(intent.subjects) == 2:
            sides = side_phrases(*intent.subjects[:2], common=self.common)
            phrase = sides[intent.subjects.index(subject)] if subject in intent.subjects[:2] else phrase
        if not phrase:
            return 0.0
        # (a time the student puts on it, "theater in 17th-century France", is when, not what: the notes' "theater
        # in France", in a chapter on the 17th century, names it)
        bare = [t for t in phrase if not TIME_WORD_RE.fullmatch(t)]
        for words in (phrase, bare) if bare and bare != phrase else (phrase,):
            if phrase_in(words, f"{s.subject} {s.text}"):
                return 1.0
            if phrase_in(words, f"{s.context} {s.heading}"):
                return 0.6
        return 0.0

    def _unknown(self, intent: Intent, df: dict) -> list[str]:
        words = set()
        raw: dict[str, set[str]] = {}  # a stem's words as written: "MINIs" is in the notes as "minis", not "mini"
        for subject in intent.subjects:
            words |= set(subject_stems(subject, self.common))
            for w in re.findall(r"[A-Za-z0-9]+", subject):
                for t in _stems(w):
                    raw.setdefault(t, set()).update(keyterms(w))
        words |= set(intent.focus)
        for w in re.findall(r"[A-Za-z0-9]+", intent.question):  # (each word as typed, too: "deeplens")
            for t in _stems(w):
                raw.setdefault(t, set()).add(w.lower())
        # ("LDC" in notes that write only "LDCs": their plural of it)
        return sorted(w for w in words if len(w) >= 3 and not w.isdigit() and df.get(w, 0) == 0
                      and df.get(w + "s", 0) == 0
                      and keyterms(w) and all(df.get(t, 0) == 0 for t in keyterms(w) | raw.get(w, set())))

    def _covered(self, intent: Intent, comp: Composition, scored) -> bool:
        subjects_unknown = [u for u in comp.unknown if any(u in subject_stems(s, self.common) for s in intent.subjects)]
        if subjects_unknown:
            return False
        if intent.kind == "comparison":
            return len(comp.missing) < len(intent.subjects)  # at least one side; the other is said to be missing
        if intent.subjects and len(comp.missing) == len(intent.subjects):
            return False
        focus_unknown = [u for u in comp.unknown if u in intent.focus]
        best = max(scored, key=lambda x: 0.5 * x[1] + 0.5 * x[2])
        if len(focus_unknown) >= 2 and best[1] < COVER_SIM:
            return False  # "proof ... dough ... baking": several of its words are nowhere in the notes
        if not intent.subjects:
            return best[2] >= COVER_TERMS or best[1] >= COVER_SIM
        # a named subject the notes mention: the question must still be about something they say of it
        with_subject = [x for x in scored if max(x[3]) >= 0.6]
        measure = keyterms(measured(intent.question))  # (any of them: "retention period" is met by "retention: 7 days")
        if intent.kind == "number" and MEASURE_RE.search(intent.question) and with_subject and \
                not any(NUMBER_RE.search(x[0].text) and (not measure or BOUND_RE.search(x[0].text) or measure & keyterms(
                    f"{x[0].text} {x[0].context} {x[0].heading}")) for x in with_subject):
            # "the maximum size of a secret value": no line on secret values gives a number; nor does a line giving a
            # number of something else, that neither names what is asked nor states a bound ("reading a 1-KB document
            # costs 1 RU" is no maximum item size; "Block blobs can store up to about 190.7 TiB" is)
            comp.unmeasured = True
            return False
        # (a number asked of it, "how much faster does Neo make a model": a line on it that gives a number, though
        # in other words, "ML models will run upto 2x better performance")
        return any(x[2] >= 0.34 or x[1] >= 0.5 or not intent.focus or
                   (intent.kind == "number" and NUMBER_RE.search(x[0].text)) for x in with_subject)

    # -- shapes ---------------------------------------------------------------------------------------
    def _rank(self, scored, subject_index: int | None = None, boost=None) -> list[tuple[float, Statement]]:
        ranked = []
        for s, sim, cover, subj in scored:
            sv = subj[subject_index] if subject_index is not None and subj else (max(subj) if subj else 0.0)
            value = 0.5 * sim + 0.3 * cover + 0.2 * sv - 0.1 * (s.kind == "explanation")
            # "This technique is important on 64-bit architectures": a line opening on what the line before it said
            # does not say what it is about, and a student reading it first cannot tell
            # (nor does one adding to it: "In addition, the scheduler ... makes no fairness guarantees" is the O(1)
            # scheduler's, said after a line on it)
            value -= LEANING * bool(s.kind == "prose" and (ANAPHOR_RE.match(s.context or s.text) or ADDING_RE.match(s.text)
                                                           or CONSEQUENCE_RE.match(s.text)))
            if subject_index is not None and sv == 0.0:
                continue
            if boost:
                value += boost(s)
            if id(s) in getattr(scored, "siblings", ()):
                value -= SIBLING
            ranked.append((value, s))
        ranked.sort(key=lambda x: -x[0])
        return ranked

    def _diverse(self, ranked, k: int, min_value: float = 0.0, relative: float = 0.8) -> list[Statement]:
        """Up to k statements, best first, none a near-repeat of another, none far below the best."""
        chosen: list[Statement] = []
        vecs: list[np.ndarray] = []
        top = ranked[0][0] if ranked else 0.0
        for value, s in ranked:
            if value < min_value or len(chosen) >= k or (chosen and value < relative * top):
                break
            v = self.judge.embed(s.text)
            if any(float(v @ w) > 0.9 for w in vecs) or any(s.text in c.text or c.text in s.text for c in chosen):
                continue
            chosen.append(s)
            vecs.append(v)
        return chosen

    def _add(self, comp: Composition, stmts, intent: Intent, role: str = "lead") -> None:
        stmts = _antecedent_first(list(stmts))
        for s in stmts:
            s = _said_under(s, comp.scored)
            if any(s.text in p.text for p in comp.picked):
                continue  # shown already, as part of a line picked before it (a lead shown with the sentence after it)
            comp.picked.append(Picked(cut(s, intent), s, role))
            role = "support"


    def _definition(self, intent: Intent, scored, comp: Composition) -> None:
        asked = frozenset(_stems(intent.question))  # (a longer label in the question's own words is the subject's)
        if len(intent.subjects) > 1:  # "What do sp, st and se mean?": what each one is, in the order asked
            for i, subject in enumerate(intent.subjects):
                ranked = self._rank(scored, i, lambda s, x=subject: defines(x, s, self.common, asked=asked))
                self._add(comp, self._diverse(ranked, 1), intent, role="lead" if i == 0 else "support")
            return
        subject = intent.subject
        # (only when what is asked is what the subject is: "what are the downsides of a microkernel design?" is
        # answered by its "Cons", not by what the "Microkernel" section says first)
        phrase = subject_stems(subject, self.common) if _asks_what_it_is(intent.question, subject) else []
        ranked = self._rank(scored, 0 if intent.subjects else None,
                            lambda s: defines(subject, s, self.common, asked=asked) + 0.05 * (s.kind in ("prose", "list"))
                            + SECTION_OPENING * self._opens_its_section(s, phrase))
        best = self._diverse(ranked, 2, relative=0.85)
        # a second statement only when it also says what the subject is (not what a longer name is)
        best = best[:1] + [s for s in best[1:] if defines(subject, s, self.common, asked=asked) >= 0.35]
        self._add(comp, best, intent)

    def _opens_its_section(self, s: Statement, phrase: list[str]) -> bool:
        """The statement is the first line under a heading that names the subject ("## Miniature spontaneous
        synaptic events (MINIs)", then "There is the possibility the post-synaptic cell can experience spontaneous
        depolarization ..."): what the section says first is what the thing is, whatever words it uses."""
        last = s.heading.split(HEADING_SEP)[-1] if s.heading else ""
        if not phrase or s.kind != "prose" or (s.context and s.context != s.text) or not phrase_in(phrase, last):
            return False
        lines = self.index.lines(s.source)
        k = s.start_line - 2  # the line above it (lines are numbered from 1)
        while 0 <= k < len(lines) and not lines[k].strip():
            k -= 1
        return 0 <= k < len(lines) and bool(MD_HEADING_RE.match(lines[k]))

    def _comparison(self, intent: Intent, scored, comp: Composition) -> None:
        asked = frozenset(_stems(intent.question))  # (a longer label in the question's own words is the subject's)
        a, b = intent.subjects[:2]
        sides = side_phrases(a, b, self.common)
        # the head both sides share ("signals" of "synchronous and asynchronous signals"): a line that names a
        # side's own word but nowhere the thing compared is about something else ("For synchronous operations, the
        # calling thread will block" is about I/O; the table row "Alpha | Smooth muscle ..." of adrenergic receptors
        # is no "alpha phase" of a drug's elimination)
        # (only a head of one or two words after one word of each side's own: "view of human nature" of "Hobbes's
        # view of human nature" is the question's frame, said in other words in the notes)
        # (the sides as asked: "direct coercion" / "indirect coercion" in notes that write neither whole are read as
        # "direct" / "indirect", and the head they share is still what is asked about)
        aw, bw = (x.lower().split() for x in (comp.asked if len(comp.asked) == 2 else (a, b)))
        head = set(subject_stems(" ".join(aw[1:]), self.common)) if len(aw) == len(bw) and 2 <= len(aw) <= 3 \
            and aw[1:] == bw[1:] and not re.search(r"['’]s$", aw[0] + " " + bw[0]) else set()

        full = [subject_stems(x, self.common) for x in (a, b)]  # each side's whole name

        def of_the_head(s: Statement, i: int) -> bool:
            # (the side's word and the head apart in one line, "states are sovereign political institutions", is no
            # "state institutions": the side is named whole, or its word under a heading or lead-in naming the head)
            if not head:
                return True
            if not head <= set(full[i]):  # the notes name the side without the head: the head anywhere around it
                # ("indirect democracy" is no indirect coercion; "coercion: ... indirectly (surveillance)" is)
                return head <= set(_stems(f"{s.subject} {s.text} {s.context} {s.heading}"))
            return phrase_in(full[i], f"{s.subject} {s.text}") or head <= set(_stems(f"{s.context} {s.heading}"))

        rows = {}
        for i, phrase in enumerate(sides):
            for s, *_ in scored:
                if s.kind == "table" and phrase_in(phrase, s.subject or s.text[:60]) and of_the_head(s, i):
                    rows.setdefault(i, s)
        if len(rows) == 2 and rows[0].context == rows[1].context and rows[0].context:
            # every other side compared in a row of the same table ("Glue vs Glue DataBrew vs Glue Data Quality"),
            # or no table: one that leaves out a side asked about reads as all there is
            for i, subject in enumerate(intent.subjects[2:], start=2):
                phrase = subject_stems(subject, self.common)
                row = next((s for s, *_ in scored if s.kind == "table" and s.context == rows[0].context
                            and s.source == rows[0].source and s not in rows.values()
                            and phrase_in(phrase, s.subject or s.text[:60])), None)
                if row is not None:
                    rows[i] = row
            if len(rows) == len(intent.subjects):
                header = [h.strip() for h in rows[0].context.split(" | ")]
                values = [dict(_pairs(rows[i].text)) for i in range(len(rows))]
                if any(rows[i].subject and rows[i].subject not in values[i].values() for i in range(len(rows))):
                    # the column that names each row has no header ("| | Location | Function |"): the rows would
                    # be shown without what they are
                    header = [""] + header
                    for i in range(len(rows)):
                        values[i][""] = rows[i].subject
                table = [header]
                for i in range(len(rows)):
                    table.append([values[i].get(h, "") for h in header])
                keep = [j for j in range(len(header)) if any(r[j] for r in table[1:])]
                comp.table = [[r[j] for j in keep] for r in table]
                comp.table_statements = [rows[i] for i in range(len(rows))]
                return
            rows = {i: r for i, r in rows.items() if i < 2}
        if len(rows) < 2 and len(intent.subjects) == 2 and self._column_table(intent, scored, sides, comp):
            return
        ranked_sides = []
        # the sides as asked without the words they end on together ("kernel-level" / "user-level" of "... memory
        # allocators"): the headings they sit under are told apart by these, not by a shared word that only one
        # side kept when the part the notes name was read ("Memory Allocation" is neither side's alone)
        apart = _apart(*comp.asked) if len(comp.asked) == 2 == len(intent.subjects) else None
        apart = apart if apart and apart != tuple(comp.asked) else None
        for i, subject in enumerate((a, b)):
            other = (b, a)[i]

            def about_this(s: Statement, subject=subject, other=other, side=sides[i], i=i) -> float:
                if self._not_its_line(s, i, intent.subjects, apart):
                    return -1.0  # "faster than simple diffusion" is about the other thing
                if not of_the_head(s, i):
                    return -1.0
                says = max(defines(subject, s, self.common, asked=asked, side=True),
                           0.35 * _labelled_as(s, subject_stems(subject, self.common), side))
                mixed = phrase_in(subject_stems(other, self.common), s.text) and says < 0.35
                return says - 0.3 * mixed - 0.1 * (len(s.text.split()) > 50)

            ranked_sides.append([] if subject in comp.missing else self._rank(scored, i, about_this)[:6])
        names = frozenset(subject_stems(a, self.common)) | frozenset(subject_stems(b, self.common)) | ARTICLES | self.common

        def attributes(st: Statement) -> frozenset[str]:  # the question's own words are said of every side alike
            return keyterms(st.text) - names - GENERIC_TERMS - intent.focus

        pairs = []
        # (a side's best is among the lines found for that side alone: "statements about a political statement can
        # be either empirical or normative", found for both, is not the normative side's own)
        found = [{s.text for _, s in r} for r in ranked_sides]
        tops = [max((v for v, s in r if s.text not in found[1 - i]), default=0.0) for i, r in enumerate(ranked_sides)]
        for va, sa in ranked_sides[0] or [(0.0, None)]:
            for vb, sb in ranked_sides[1] or [(0.0, None)]:
                if sa is not None and sb is not None and sa.text == sb.text:
                    continue
                if any(0 < top and v < SIDE_FLOOR * top for v, top in zip((va, vb), tops)):
                    continue  # a pair that shares a word ("USSR") is no reason to lead a side with a line far below its
                    # own ("He also created a new state presidency" for perestroika over "The cornerstone of his
                    # reforms was perestroika, 'restructuring'")
                together = sa is not None and sb is not None and sa.source == sb.source and \
                    abs(sa.start_line - sb.start_line) <= 3 and sa.kind == sb.kind
                shared = 0.0
                if sa is not None and sb is not None:  # the two say something about the same thing ("shards")
                    ta, tb = attributes(sa), attributes(sb)
                    shared = min(len(ta & tb), 2) / 2
                contrast = sum(bool(CONTRAST_RE.search(x.text)) for x in (sa, sb) if x is not None)
                # the notes often set compared things side by side, or say how one differs from the other
                pairs.append((va + vb + 0.15 * together + 0.6 * min(shared, 0.5) + 0.1 * contrast, shared, sa, sb))
        pairs.sort(key=lambda x: -x[0])
        best_pair = pairs[0][2:] if pairs else (None, None)
        # a second point of difference, when the notes give one on the same thing for both sides
        # (a line of the second that names its side less fully than the first pair's line does is no more of that
        # side: "states are sovereign political institutions" after "state institutions create and enforce ...")

        def as_fully(pair) -> bool:
            return all(phrase_in(full[j], f"{x.subject} {x.text}") or not phrase_in(full[j], f"{y.subject} {y.text}")
                       for j, (x, y) in enumerate(zip(pair, best_pair)) if y is not None)

        def bare(pair) -> bool:  # a side read as an item with its sub-items: they are its lines, all of them
            return any(x is not None and self._sub_items(x, full[j]) is not None for j, x in enumerate(pair))

        best_bare = bare(best_pair)
        second = next(((sa, sb) for v, shared, sa, sb in pairs[1:] if sa is not None and sb is not None
                       and shared > 0 and v >= 0.9 * pairs[0][0] and sa not in best_pair and sb not in best_pair
                       and as_fully((sa, sb)) and not best_bare and not bare((sa, sb))), None)
        for role, st, ranked in zip(("a", "b"), best_pair, ranked_sides):
            if st is None:
                continue
            kids = self._sub_items(st, full["ab".index(role)])
            if kids is not None:  # a side named by a bare item of a list: what the notes say of it is its sub-items
                comp.picked.append(Picked(kids.text, kids, role))
                continue
            comp.picked.append(Picked(self._side_cut(st, intent, comp, role), st, role))
            top = ranked[0][0] if ranked else 0.0
            more = [x for v, x in ranked[1:4] if v >= 0.8 * top and x.source == st.source and x is not st
                    and abs(x.start_line - st.start_line) <= 3 and x.text not in st.text and not _leans_back(x.text)]
            if more:  # the next line says more of the same thing ("$$Precision = TP / (TP + FP)$$")
                comp.picked.append(Picked(cut(more[0], intent), more[0], role))
        if second and not any(p.statement in second for p in comp.picked):
            for role, st in zip(("a", "b"), second):
                comp.picked.append(Picked(cut(st, intent), st, role))
            # a third point of difference as strong as the second (the notes set "shards" against "no shards" as
            # well as "cannot write to S3" against "delivers into S3"): both are the notes' own contrasts
            third = next(((sa, sb) for v, shared, sa, sb in pairs[1:] if sa is not None and sb is not None
                          and shared > 0 and v >= THIRD_PAIR * pairs[0][0]
                          and not {sa, sb} & {p.statement for p in comp.picked}), None)
            if third:
                for role, st in zip(("a", "b"), third):
                    comp.picked.append(Picked(cut(st, intent), st, role))
        self._more_sides(intent, scored, comp)
        self._all_sides(intent, scored, comp)
        self._side_examples(intent, scored, comp)

    def _side_examples(self, intent: Intent, scored, comp: Composition) -> None:
        """A comparison that also asks for an example ("uniport vs symport vs antiport, and give an example of
        one"): a side with no example among its lines gets the notes' line that gives one and names it ("The
        sodium pump exchanges 3 Na+ ... This is an example of an antiporter"), read with what it leans on."""
        if not EXAMPLE_RE.search(intent.question):
            return
        shown = {p.statement.text for p in comp.picked}
        for i, subject in enumerate(intent.subjects):
            role = "ab"[i] if i < 2 else f"s{i}"
            if subject in comp.missing or any(p.role == role and EXAMPLE_MARK_RE.search(p.statement.text)
                                              for p in comp.picked):
                continue
            found = [(sim, st) for st, sim, _cover, subj in scored if i < len(subj) and subj[i] >= 0.6
                     and EXAMPLE_MARK_RE.search(st.text) and st.text not in shown and sim >= EXAMPLE_FLOOR]
            if found:
                st = max(found, key=lambda t: t[0])[1]
                comp.picked.append(Picked(cut(st, intent), st, role))
                shown.add(st.text)

    def _all_sides(self, intent: Intent, scored, comp: Composition) -> None:
        """Three or more compared things that one line of the notes names all together ("The transform method is
        ... The predict method is ... The deploy method ... The fit method ..."): that line is the notes' own
        comparison, shown first and under no one side's label (role "all"), and it stands for the sides' lines that
        do not open on their side ("Amazon EFS has the benefit of ..." stays; "machine translation (... predict what
        ...)" found for "predict" goes)."""
        if len(intent.subjects) < 2:
            return
        stems = [subject_stems(x, self.common) for x in intent.subjects]
        for s, *_ in sorted(scored, key=lambda x: -x[1])[:ALL_SIDES_RANK]:
            # (two sides: a line that sets one against the other - "X occurs when ..., while Y occurs when ..." -
            # not one that names both in passing)
            if s.kind != "explanation" and all(phrase_in(st, s.text) for st in stems if st) and \
                    (len(intent.subjects) >= 3 or TWO_SIDES_RE.search(s.text)):
                # each side's own line stays only when it says what that side is ("Pipe mode: streams ..."): one
                # found for a side by a word of it ("predict what that sentence would be") says less than this line
                side = {"a": 0, "b": 1} | {f"s{i}": i for i in range(2, len(intent.subjects))}
                comp.picked[:] = [Picked(cut(s, intent), s, "all")] + [
                    p for p in comp.picked if p.statement.text != s.text and (
                        p.role not in side or _opens_with(intent.subjects[side[p.role]], p.statement, self.common))]
                return

    def _student_sides(self, sides, scored) -> bool:
        """Every compared side, as the student wrote it, is in everyday words, and no retrieved line (nor its
        heading) names one: whole, or by the words before a head the sides share."""
        heads = [subject_stems(x, self.common)[-1:] for x in sides]

        def own(x: str, head: list[str]) -> list[str]:  # "first-order elimination": "first order" tells it apart
            words = subject_stems(x, self.common)
            return words[:-1] if len(words) >= 2 and sum(h == head for h in heads) >= 2 else words

        if any(phrase_in(own(x, h), f"{s.subject} {s.text} {s.heading}")
               for x, h in zip(sides, heads) for s, *_ in scored):
            return False
        return all(everyday(w) for x in sides for w in re.findall(r"[A-Za-z]+", x))

    def _sub_items(self, st: Statement, side: list[str]) -> Statement | None:
        """A list item that only names a thing ("* Mach microkernel") with items under it ("memory management",
        "thread scheduling", "IPC"): the item read with its sub-items, as one line of the notes. None for any other
        line: alone, the bare name says nothing of the side, and the whole list shown for it reads as that side's."""
        if st.kind != "list":
            return None
        lines = self.index.lines(st.source)
        if not lines or st.end_line > len(lines) or not BULLET_RE.match(lines[st.start_line - 1]):
            return None
        if st.context and names_only(st.context) and phrase_in(side, st.context) and not phrase_in(side, st.text):
            # one of those sub-items ("memory management" under "Mach microkernel"): its item, read whole (not an item
            # naming the side itself, "Dedicated Instances: ..." under "EC2 Instances Purchasing Options")
            at = indent_of(lines[st.start_line - 1])
            for n in range(st.start_line - 1, max(0, st.start_line - SUB_ITEMS) - 1, -1):
                t = lines[n - 1]
                if not BULLET_RE.match(t):
                    return None
                if indent_of(t) < at:
                    if clean(t).strip() != st.context:
                        return None
                    st = replace(st, text=st.context, start_line=n, end_line=n, context="")
                    break
            else:
                return None
        if not names_only(st.text) or not phrase_in(side, st.text):
            return None
        own, kids, last = indent_of(lines[st.start_line - 1]), [], st.end_line
        for n in range(st.end_line + 1, min(len(lines), st.end_line + SUB_ITEMS) + 1):
            t = lines[n - 1]
            if not t.strip():
                break
            if not BULLET_RE.match(t) or indent_of(t) <= own:
                break
            if indent_of(t) == indent_of(lines[st.end_line]):  # (the first sub-item's level: not deeper ones)
                kids.append(clean(t).strip())
            last = n
        if not kids:
            return None
        return replace(st, text=f"{st.text}: " + "; ".join(kids), end_line=last, subject=st.text)

    def _side_cut(self, st: Statement, intent: Intent, comp: Composition, role: str) -> str:
        """A side's line from where it starts: a later sentence of a line ("The end-to-end task must pass through
        all the layers.") is said of what the line's first sentence names ("A layered model of multithreading is
        ..."), unless that one names another side or is shown already."""
        text = cut(st, intent)
        if st.kind != "prose" or not st.context or st.context == st.text or st.context in text:
            return text
        before = _run_up_to(st)
        if before != st.context:
            return text  # (a third sentence or later: the run up to it is a paragraph, not what it is said of)
        i = "ab".index(role)
        others = [subject_stems(x, self.common) for j, x in enumerate(intent.subjects) if j != i]
        shown = {p.statement.text for p in comp.picked} | {p.text for p in comp.picked}
        if any(phrase_in(o, before) for o in others) or BOTH_RE.match(before) or st.context in shown \
                or len(f"{before} {text}") > LONG_LINE or phrase_in(subject_stems(intent.subjects[i], self.common), text):
            return text  # (... and a sentence that names its side itself leans on nothing before it: "We can also
            # see that the dynamic delay alternatives perform better" is no more of "test_and_test_and_set")
        return f"{before} {text}"

    def _not_its_line(self, s: Statement, i: int, subjects, asked=None) -> bool:
        """A line that is not compared side i's own: it names the side only as the other's yardstick ("faster
        than simple diffusion"), sits under another side's heading, or only names the side. `asked`: the sides
        as the student wrote them, for the headings ("Memory Allocation" is no heading of the user-level side
        only, when the question compares kernel-level and user-level memory allocators)."""
        subject = subjects[i]
        headed = asked if asked and len(asked) == len(subjects) else subjects
        return _only_as_yardstick(subject_stems(subject, self.common), s.text) or _split_another(s, i, subjects) or \
            under_another(s, i, headed, self.common) or _names_only(s, subject, self.common) or \
            self._names_another(s, i, subjects) or _another_form(subject, s) or \
            under_a_third(s, self.index.lines(s.source), headed, self.common) or self._after_both(s, subjects)

    def _after_both(self, s: Statement, subjects) -> bool:
        """A later sentence of a line whose first sentence names two compared sides, naming none itself: which
        side it is said of cannot be told ("... while physiological antagonism occurs when ... An example would
        be a beta-adrenergic agonist ..." is no example of the pharmacological side)."""
        if s.kind != "prose" or not s.context or s.context == s.text:
            return False
        sides = [subject_stems(x, self.common) for x in subjects]
        return not any(phrase_in(x, s.text) for x in sides if x) and sum(phrase_in(x, s.context) for x in sides if x) >= 2

    def _names_another(self, s: Statement, i: int, subjects) -> bool:
        """The line names another compared side in its own words, and not this one (except as a yardstick: "faster
        than EFS" is said of the side it is under): "Amazon EFS has the benefit of ..." under the notes' item "Amazon
        S3 with Amazon EFS" is EFS's line, not S3's."""
        own = f"{s.subject} {s.text}" if s.kind == "table" else s.text  # (a row's name is its own words)
        opener = side_opening(s.text, subjects)
        if opener is not None:  # "GRS: LRS + async copy to a secondary region" is GRS's line, not LRS's
            return opener != i
        if phrase_in(subject_stems(subjects[i], self.common), own):
            return False
        others = [subject_stems(x, self.common) for j, x in enumerate(subjects) if j != i]
        return any(st and phrase_in(st, s.text) and not _only_as_yardstick(st, s.text) for st in others)

    def _more_sides(self, intent: Intent, scored, comp: Composition) -> None:
        """A comparison of three or more ("pipes, message queues and sockets"): each side after the first two gets
        the line that says most of what it is, one no other side's line already is (role "s2", "s3" ...)."""
        asked = frozenset(_stems(intent.question))
        for i, subject in enumerate(intent.subjects[2:], start=2):
            if subject in comp.missing:
                continue
            others = [subject_stems(x, self.common) for x in intent.subjects if x != subject]

            def about_this(s: Statement, subject=subject, i=i) -> float:
                if self._not_its_line(s, i, intent.subjects):
                    return -1.0
                says = defines(subject, s, self.common, asked=asked, side=True)
                mixed = any(phrase_in(o, s.text) for o in others) and says < 0.35
                return says - 0.3 * mixed - 0.1 * (len(s.text.split()) > 50)

            shown = {p.statement.text for p in comp.picked}
            best = next((st for _, st in self._rank(scored, i, about_this)[:6] if st.text not in shown), None)
            if best is not None:
                comp.picked.append(Picked(cut(best, intent), best, f"s{i}"))

    def _list(self, intent: Intent, scored, comp: Composition, ranked=None) -> None:
        # a list under a heading that names what is asked ("Required", "Use Cases") is the list asked for
        subject_terms = frozenset().union(*(keyterms(x) for x in intent.subjects)) if intent.subjects else frozenset()

        phrases = [subject_stems(x) for x in intent.subjects]

        def opens_on_subject(s: Statement) -> bool:  # "Amazon Polly: Lexicons, SSML, Speech Marks" for Polly's list
            words = [w for w in _stems(s.text.split(":")[0]) if w not in ARTICLES] if ":" in s.text[:60] else []
            return any(p and len(words) <= len(p) + 2 and phrase_in(p, " ".join(words)) for p in phrases)

        def listish(s: Statement) -> float:
            under = keyterms(s.heading or "")
            # (a line that lists in itself, "are PCA, K-means, LDA ...", unless it is an item of a list: its commas
            # are what it says of its own item, "web, mobile and gaming applications", and the list is its siblings)
            return (0.25 * _heading_hits(s, intent.focus) + 0.15 * bool(subject_terms and subject_terms <= under)
                    + 0.3 * bool(INLINE_LIST_RE.search(s.text) and not (s.kind == "list" and s.context))
                    + 0.2 * (opens_on_subject(s) and "," in s.text.split(":", 1)[-1]))

        ranked = ranked or self._rank(scored, None, listish)
        if not ranked:
            return
        kinds_of = self._kinds_section(intent, scored) if KINDS_OF_RE.search(intent.question) else []
        if len(kinds_of) >= 2:  # "Types of Authoritarian Regimes" for "what kinds of authoritarian regimes are there?"
            comp.picked += [Picked(cut(s, intent), s, "item") for s in kinds_of[:LIST_ITEMS]]
            return
        lead = ranked[0][1]
        if lead.kind != "list":  # a lead-in or title line: the list items of its section are the list
            near = [x for _, x in ranked[:4] if x.kind == "list" and x.heading == lead.heading and x.source == lead.source]
            lead = near[0] if near else lead
        # a line the items hang under ("Diamond states every democracy possesses 4 basic characteristics"):
        # its own items are the list, not their sub-items nor its siblings
        # (with its one-word items, too short to score alone: "- Security")
        children = sorted([s for s, *_ in scored if s.kind == "list" and s.source == lead.source
                           and s.context == lead.text and s is not lead] + one_word_items(lead, lead.text),
                          key=lambda s: s.start_line)
        if len(children) >= 2:
            comp.picked.append(Picked(cut(lead, intent), lead, "lead"))
            comp.picked += [Picked(cut(s, intent), s, "item") for s in children[:LIST_ITEMS]]
            return
        if lead.kind == "table":  # a row of a table: the table's rows are the list ("types of glial cells")
            rows = self._table_rows(lead)
            around = keyterms(f"{lead.heading} {lead.context}")
            # ... unless the question asks for some rows only ("which algorithms support Pipe mode"): a word of it
            # that some rows hold and others do not picks rows, and the best ones answer, as before
            picks = any(0 < sum(t in keyterms(f"{r.subject} {r.text}") for r in rows) < len(rows)
                        for t in intent.focus if t not in around)
            if len(rows) >= 2 and not picks:
                comp.picked += [Picked(cut(s, intent), s, "item") for s in rows[:LIST_ITEMS]]
                return
        if INLINE_LIST_RE.search(lead.text) or (opens_on_subject(lead) and "," in lead.text.split(":", 1)[-1]):
            # the list is in the line itself ("are PCA, K-means, LDA, ...", "Amazon Polly: Lexicons, SSML, ...")
            self._add(comp, [lead], intent)
            return
        # the items of the list the best statement belongs to (same parent, or same heading, consecutive)
        siblings = [s for s, *_ in scored if s.kind == "list" and s.source == lead.source and
                    (s.context and s.context == lead.context or (s.heading == lead.heading
                     and abs(s.start_line - lead.start_line) <= 12))] + \
            (one_word_items(lead, lead.context) if lead.kind == "list" else [])
        if lead.kind == "list" and len(siblings) >= 2:
            items = sorted(siblings, key=lambda s: s.start_line)[:10]
            if lead.context and all(s.context == lead.context for s in items) and \
                    not any(s.text == lead.context for s in items):
                parent = next((s for s, *_ in scored if s.text == lead.context), None)
                if parent is not None:
                    comp.picked.append(Picked(cut(parent, intent), parent, "lead"))
            for s in items:
                comp.picked.append(Picked(cut(s, intent), s, "item"))
            return
        self._add(comp, self._diverse(ranked, 3), intent)

    def _table_rows(self, row: Statement) -> list[Statement]:
        """Every row of the table `row` is in, in the notes' order: the rows under the same header, in consecutive
        lines of the same file (read from every passage of the file, since a long table spans several)."""
        near = self.index.passages_at(row.source, max(1, row.start_line - TABLE_SPAN), row.end_line + TABLE_SPAN)
        got = sorted((s for s in self.candidates(near) if s.kind == "table" and s.context == row.context
                      and s.heading == row.heading), key=lambda s: s.start_line)
        i = next((k for k, s in enumerate(got) if s.start_line == row.start_line), None)
        if i is None:
            return []
        a = b = i  # the run of rows around this one with no gap of more than a line between them
        while a > 0 and got[a].start_line - got[a - 1].end_line <= 2:
            a -= 1
        while b + 1 < len(got) and got[b + 1].start_line - got[b].end_line <= 2:
            b += 1
        return got[a: b + 1]

    def _number(self, intent: Intent, scored, comp: Composition) -> None:
        def has_number(s: Statement) -> float:
            value = 0.3 if NUMBER_RE.search(s.text) else -0.2
            q = intent.question.lower()
            if re.search(r"\bhow long\b|\bhow many (?:days|hours|minutes)", q) and TIME_UNIT_RE.search(s.text):
                value += 0.15
            m = re.search(r"\bhow many\s+([a-z]+)", q)
            if m and re.search(rf"\b\d[\d.,]*\s*(?:\w+\s+)?{re.escape(stem(m.group(1))[:5])}", s.text.lower()):
                value += 0.15
            return value

        ranked = self._rank(scored, 0 if intent.subjects and intent.subject not in comp.missing else None, has_number)
        self._add(comp, self._diverse(ranked, 2), intent)

    def _when(self, intent: Intent, scored, comp: Composition) -> None:
        def conditional(s: Statement) -> float:
            text = s.text.lower()
            where = f"{s.context} {s.heading}".lower()
            return (0.15 * bool(re.search(r"\bwhen\b|\bif\b|\buse\b|\bfor\b|\bneed|\bbenefit", text))
                    + 0.2 * any(h in where or h in text[:40] for h in WHEN_HEADS))

        subject_index = 0 if intent.subjects and intent.subject not in comp.missing else None
        if subject_index is not None and ASKS_WHAT_RE.search(intent.question or ""):
            # "What does Pipe mode do and when should I use it?": what it is first, then when
            first = len(comp.picked)
            self._definition(intent, scored, comp)
            said = [p.statement for p in comp.picked[first:]][:1]
            del comp.picked[first + 1:]
            ranked = [(v, st) for v, st in self._rank(scored, subject_index, conditional) if st not in said]
            self._add(comp, self._diverse(ranked, 1), intent, role="support")
            return
        ranked = self._rank(scored, subject_index, conditional)
        if not ranked and subject_index is not None:
            ranked = self._rank(scored, None, conditional)
        lead = ranked[0][1] if ranked else None
        if lead is not None and lead.kind == "list" and any(h in lead.heading.lower() for h in WHEN_HEADS):
            self._list(intent, scored, comp, ranked)  # "Use Cases for Elastic Inference": give the list
            return
        self._add(comp, self._diverse(ranked, 2), intent)

    def _example(self, intent: Intent, scored, comp: Composition) -> None:
        # a line that gives an example is worth more only when it is about what was asked: "Example: If can't
        # measure the interstitial compartment ..." shares no word with a question on blood volume and does not
        # lead its answer
        cover = {id(s): c for s, _sim, c, _subj in scored}

        def example(s: Statement) -> float:
            marked = EXAMPLE_MARK_RE.search(s.text) or IN_PASSING_RE.search(s.text)
            return 0.2 if marked and cover[id(s)] > 0 else 0.0

        ranked = self._rank(scored, None, example)
        self._add(comp, self._diverse(ranked, 3), intent)

    def _how(self, intent: Intent, scored, comp: Composition) -> None:
        def advice(s: Statement) -> float:
            return 0.1 if re.match(r"\s*(?:\d+\.\s*)?(?:use|add|increase|decrease|reduce|remove|enable|create|set|"
                                   r"try|choose|deploy|store|convert|attach|associate|disable)\b", s.text, re.I) else 0.0

        ranked = self._rank(scored, None, advice)
        if ranked and ranked[0][1].kind == "list":
            top = ranked[0][0]
            lead = ranked[0][1]
            near = [s for v, s in ranked if v >= 0.75 * top and s.kind == "list" and s.source == lead.source
                    and (s.context == lead.context) and abs(s.start_line - lead.start_line) <= 8]
            if len(near) >= 2:
                self._list(intent, scored, comp, ranked)
                return
        self._add(comp, self._diverse(ranked, 3), intent)

    def _general(self, intent: Intent, scored, comp: Composition) -> None:
        # a question about a named subject is answered first from what is said of it by name (a line that
        # only shares a word of the question, "the downside of this approach ... the queue", comes after)
        # or by its most telling word in a section that names it in full ("Firehose" under "Streaming
        # Services", where "Kinesis Firehose" is named; not "the queue" of another topic's section)
        # a line naming more of what was asked comes first: "What started the Hundred Years' War, and how did
        # France win it?" is not answered by a line on another war that names France
        count = {id(s): sum(x >= 0.6 for x in subj) for s, *_, subj in scored if subj and max(subj) >= 0.6}
        sections = {(s.source, s.heading) for s, *_ in scored if id(s) in count}
        short = [max(st, key=lambda t: comp.question_idf.get(t, 0.0)) for st in
                 (subject_stems(x, self.common) for x in intent.subjects) if len(st) >= 2]
        for s, *_ in scored:
            if short and (s.source, s.heading) in sections and any(t in _stems(f"{s.subject} {s.text}") for t in short):
                count.setdefault(id(s), 1)
        most = max(count.values(), default=1)
        self._add(comp, self._diverse(self._rank(scored, None, lambda s: 0.15 * count.get(id(s), 0) / most), 2), intent)

    _quiz = _general


LIST_ITEMS = 12  # items of a list (rows of a table) shown at most
TABLE_SPAN = 40  # lines around a table row searched for the rest of its table
OUTLINED = ("general", "definition", "list")  # the kinds of question a section's outline can answer
OUTLINE_TITLE_WORDS = 6  # a section title this short can name a subject ("MANIA", "Causes of the war")
OUTLINE_PARTS = 8  # sub-sections shown at most
ANNOUNCES_PARTS_RE = re.compile(r":\s*$|\b(?:following|as follows|include[sd]?|consists?\s+of|made\s+up\s+of)\b|"
                                r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten)[- ](?:step|part|stage|phase|way|"
                                r"kind|type)s?\b", re.I)  # a line that announces the parts after it (answer.ANNOUNCES_RE
# wants a sentence's end and a list word; a section's opening is often unstopped: "... is a three-step process")
LEAD_MARGIN = 0.08  # a section's opening line answers a list question when it is this much nearer than the next line
OUTLINE_FOCUSED = 0.5  # a line of the section holding this share of the question's other words answers it itself
OUTLINE_SHORT = 12  # lines this short are shown together, up to three of a sub-section ("Triple Entente of ...")


ROMAN = {"1": "i", "2": "ii", "3": "iii", "4": "iv", "5": "v"}
NUMBER_WORDS = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five"}


def _numbered_initials(short: str) -> re.Pattern | None:
    """A pattern for the name a short form of initials and a number stands for ("ww1", "WW2", "WWII" -> "World War
    I" / "World War 2" / "World War Two"), None for any other word."""
    m = re.fullmatch(r"([A-Za-z]{2,4}?)(\d|I{1,3}|IV|V)", short.strip())
    if not m or (m.group(2).isalpha() and not m.group(1).isupper()):
        return None
    digit = m.group(2) if m.group(2).isdigit() else {v: k for k, v in ROMAN.items()}[m.group(2).lower()]
    words = NUMBER_WORDS.get(digit, digit)
    number = "|".join(re.escape(x) for x in (digit, ROMAN.get(digit, digit).upper(), words, words.capitalize()))
    # (a name's capitalised words: "World War I", never "which was one")
    # (or the notes' own short form, written another way: "WWII" for "ww2")
    return re.compile(r"\b(?:" + "".join(rf"{re.escape(c)}[a-z]+\W+" for c in m.group(1).upper()) +
                      rf"|{re.escape(m.group(1).upper())}[\s-]?)(?:{number})\b")


def spelled_out(short: str, question: str) -> list[str]:
    """The question's runs of words whose first letters spell the short form `short` ("process control block" for
    "PCB"), not the short form itself ("OS split" for "OS")."""
    if not re.fullmatch(r"[A-Z]{2,6}s?", short):
        return []
    letters = short.rstrip("s")
    return [x for x in initial_runs(letters, question) if letters.lower() not in x.split()]


def _asks_what_it_is(question: str, subject: str) -> bool:
    """The question asks what the subject is, naming it right after its "what is" ("And what are MINIs, ...",
    "What's a 'quantum' of ...", "what does X mean", "define X")."""
    words = subject.split()
    if not words:
        return False
    name = re.escape(words[0])
    return bool(re.search(rf"\bwhat(?:\s+(?:is|are|was|were)|['’]s)\s+(?:(?:a|an|the)\s+)?['‘\"“]?{name}\b|"
                          rf"\bwhat\s+(?:does|do)\s+(?:(?:a|an|the)\s+)?['‘\"“]?{name}\b.*\bmean|"
                          rf"\bdefine\s+(?:(?:a|an|the)\s+)?['‘\"“]?{name}\b", question, re.I))


LEANING_KINDS = ("prose", "explanation")  # lines of running text (a sample question's explanation is one too)
LEANS_BACK_LINES = 3  # a line leaning back ("In addition, ...") goes on from a line this close above it


def _antecedent_first(stmts: list[Statement]) -> list[Statement]:
    """The lines picked, with one whose line opens leaning back ("In addition, we can configure how many pages
    ... Linux also categorizes ...") after a picked line it goes on from, right above it in the notes ("In Linux,
    a number of parameters are available ..."): shown first, it reads as adding to nothing."""
    if len(stmts) < 2:
        return stmts
    first = stmts[0]
    opening = first.context if first.kind == "prose" and first.context else first.text
    if first.kind not in LEANING_KINDS or not _leans_back(opening or ""):
        return stmts
    before = next((s for s in stmts[1:] if s.source == first.source and s.kind == first.kind and
                   0 < first.start_line - s.end_line <= LEANS_BACK_LINES), None)
    return stmts if before is None else [before] + [s for s in stmts if s is not before]


def _path(heading: str) -> list[str]:
    """A heading path's parts ("Chapter > MANIA > Militarism")."""
    return [h.strip() for h in heading.split(HEADING_SEP)] if heading else []


def _span(stmts: list[Statement]) -> Statement:
    """One statement for consecutive lines shown together: its first to its last line."""
    first, last = stmts[0], stmts[-1]
    return replace(first, end_line=max(first.end_line, last.end_line),
                   text="; ".join(x.text for x in stmts)) if len(stmts) > 1 else first


INLINE_LIST_RE = re.compile(r"(?:[^,;]{1,40},){3,}")  # "are PCA, K-means, LDA, ...": a list in one line
# a quantity measured, not counted ("how many types ..." may be answered by the list of them)
MEASURE_RE = re.compile(r"\b(?:max(?:imum)?|min(?:imum)?|limits?|size|how\s+(?:much|long|big|large|fast|often)|"
                        r"default\s+value)\b", re.I)
# what a maximum or minimum is of: "the maximum size a single item can be" (size), "the minimum storage duration"
# (duration), "the max number of subscriptions" (subscriptions)
MEASURED_RE = re.compile(r"\b(?:max(?:imum)?|min(?:imum)?|largest|smallest|biggest|longest|shortest)\s+"
                         r"(?:(?:allowed|possible|supported|total)\s+)?(?P<x>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})", re.I)
COUNT_WORDS = {"number", "amount", "count", "quantity"}
# where the words a measure is of end ("the maximum size a single item ...": size)
STOP_AFTER_MEASURE = {"a", "an", "the", "of", "for", "in", "on", "per", "that", "which", "i", "you", "we", "can",
                      "is", "are", "does", "do", "before", "to", "with", "when", "if"}
BOUND_RE = re.compile(r"\b(?:up\s*to|max(?:imum|imal)?|min(?:imum|imal)?|at\s+(?:most|least)|limit(?:s|ed)?|no\s+(?:more|less|"
                      r"fewer)\s+than|exceed\w*|cap(?:ped|s)?|largest|smallest|longest|shortest|as\s+(?:much|many|long|"
                      r"large|little|few)\s+as)\b", re.I)  # a line stating a bound of what it gives a number for


def measured(question: str) -> str:
    """The words a maximum or minimum is asked of ("size", "storage duration"), or "" when the question names
    none (a number itself is asked: "the maximum?")."""
    m = MEASURED_RE.search(question)
    if not m:
        return ""
    words = m.group("x").lower().split()
    if words[0] in COUNT_WORDS:  # "the maximum number of subscriptions": of subscriptions
        words = words[2:3] if len(words) >= 3 and words[1] == "of" else []
    else:
        words = words[:next((i for i, w in enumerate(words) if w in STOP_AFTER_MEASURE), len(words))]
    return " ".join(words)

TIME_WORD_RE = re.compile(r"\d+(?:st|nd|rd|th)|centur\w*|\d{3,4}s?")  # "17th", "century", "1878", "1500s"
# (or what the two share: "Zwingli and Martin Luther both began their reforms through ... preaching")
TWO_SIDES_RE = re.compile(r"\b(?:while|whereas|unlike|as opposed to|in contrast|rather than|but|both|in common|alike|"
                          r"similar(?:ly)?|the same)\b", re.I)
CONTRAST_RE = re.compile(r"\b(?:as opposed to|unlike|whereas|instead of|rather than|in contrast|not as)\b", re.I)
NUMBER_RE = re.compile(r"(?<![A-Za-z])\d+(?:[.,]\d+)?(?![A-Za-z]*\d)")
TIME_UNIT_RE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:ms|milliseconds?|s|sec|secs|seconds?|mins?|minutes?|h|hrs?|hours?|days?|"
                          r"weeks?|months?|years?)\b|\b\d+\s*mins\b|\d+mins\b", re.I)
OPTION_REF_RE = re.compile(r"^\s*option\s+[A-J]\s+is\s+(?:in)?correct", re.I)
YARDSTICK_RE = re.compile(r"\b(?:than|unlike|compared\s+(?:to|with)|versus|vs\.?)\s+", re.I)


def _forms(word: str) -> set[str]:
    """A word and its inflected forms ("predict": predicts, predicted, predicting; "fit": fitting; "query":
    queries) - never a word derived from it ("prediction")."""
    w = word.lower()
    out = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "'s", w + "’s", w + w[-1] + "ing", w + w[-1] + "ed"}
    if w.endswith("e"):
        out |= {w[:-1] + "ing"}
    if w.endswith("y"):
        out |= {w[:-1] + "ies", w[:-1] + "ied"}
    return out


def _another_form(subject: str, s: Statement) -> bool:
    """A one-word side the line names only in a word derived from it: "predictions" in "Precision is the proportion
    of positive predictions" is no line of the SDK's "predict" (the stems agree, the words do not)."""
    words = re.findall(r"[A-Za-z][\w'’-]*", subject)
    if len(words) != 1 or not re.fullmatch(r"[a-z]{3,}", words[0]):
        return False
    own = f"{s.subject} {s.text}" if s.kind == "table" else s.text
    tokens = {t.lower() for t in re.findall(r"[A-Za-z][\w'’]*", own)}
    same = {t for t in tokens if stem(t) == stem(words[0].lower())}
    # (the side may be written inflected itself: "semaphores" names "semaphore")
    return bool(same) and not any(t in _forms(words[0]) or words[0].lower() in _forms(t) for t in same)


def _only_as_yardstick(stems: list[str], text: str) -> bool:
    """Does `text` name the subject only as what something else is measured against ("Will be faster than
    simple diffusion because of the carrier")?"""
    m = YARDSTICK_RE.search(text)
    return bool(m and stems) and phrase_in(stems, text[m.end():m.end() + 80]) and not phrase_in(stems, text[:m.start()])


ANAPHOR_RE = re.compile(rf"^(?:this|these|that|those|it|they|using this|using these|such|{BACK_REFERENCE})\b", re.I)
EXAMPLE_MARK_RE = re.compile(r"\bexamples?\b|\be\.g\.|\bfor instance\b", re.I)  # a line that gives an example
# ... or names some in passing ("Ex: ...", "linkage institutions such as political parties"): good enough for an
# example question, not a compared side's example (fresh60 hist-2 then showed a "such as" line under "state")
IN_PASSING_RE = re.compile(r"\bex:|\bsuch as\b", re.I)
EXAMPLE_FLOOR = 0.35  # cosine of an example line to the question at which it is worth adding to a compared side
def _leans_back(text: str) -> bool:
    """The line opens on the line before it ("This ...", "In addition, ...", "Thus, ..."): shown alone it is torn."""
    return bool(ANAPHOR_RE.match(text) or ADDING_RE.match(text) or CONSEQUENCE_RE.match(text))


# a line drawing its conclusion from the line before it ("As a result, each application can interface with the
# operating system ..." after "Anything not included can be added, as a module")
CONSEQUENCE_RE = re.compile(r"^\W*(?:as\s+a\s+result|therefore|thus|hence|consequently)\b", re.I)


SUPERLATIVE_RE = re.compile(r"[a-z]{2,}(?:est|iest)")  # biggest, largest, cheapest (not "interest": no longer word "inter")


def _unused_modifier(word: str, df: dict) -> bool:
    """A word right before a subject's head that the notes never use ("lottery" of "lottery scheduling"): it
    says which kind is asked about, so what the notes say of the head alone may not be about the subject. A
    possessive ("a baby's") or a word the notes use is no such modifier."""
    if not re.fullmatch(r"[a-z][a-z-]{3,}", word) or word.lower() in QUESTION_WORDS:
        return False
    if SUPERLATIVE_RE.fullmatch(word) and everyday(word):
        return False  # "the biggest message": the measure asked of it (its "max size"), not a kind of message
    terms = keyterms(word)
    return bool(terms) and all(df.get(t, 0) == 0 for t in terms)


def _heading_hits(s: Statement, focus: frozenset[str]) -> float:
    """How much of what is asked the statement's own heading names: 0 when nothing, more the more it names
    ("Techniques to reduce underfitting" over "... overfitting" for a question about underfitting)."""
    last = s.heading.split(" > ")[-1] if s.heading else ""
    hits = len(keyterms(last) & focus) if focus else 0
    return 0.0 if not hits else 1.0 + 0.4 * (hits - 1) / len(focus)


INCOMPLETE_END = re.compile(r"\b(?:that|the|a|an|of|to|and|or|with|is|are)\s*$|[:(]\s*$", re.I)


NAME_PARTICLES = {"von", "van", "de", "der", "den", "da", "di", "du", "la", "le", "of", "the", "and", "bin", "ibn", "al", "in"}


def names_only(text: str) -> bool:
    """A list item that names a thing and says nothing of it ("Mach microkernel", "Amazon FSx for Lustre"): a few
    words, no colon or full stop. (Looser than `bare_name`: the words need not be capitalised.)"""
    return len(text.split()) <= BARE_ITEM_WORDS and not re.search(r"[:.;]", text)


def bare_name(text: str) -> bool:
    """A line that is only a name ("Klemens von Metternich", "Toussaint L'Ouverture"): every word capitalised
    but for the particles of names, six words at most."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", text)
    # (a word with a capital inside is a name's too: "t-Distributed Stochastic Neighbor Embedding (t-SNE)")
    return 0 < len(words) <= 6 and all(w[0].isupper() or w.lower() in NAME_PARTICLES or
                                       re.match(r"[a-z]{1,2}-[A-Z]", w) for w in words) and \
        not any(c in text for c in ":=;")


# a question this close to a sample question's stem is answered by its key too: over the outside readers' 840
# questions (evals/data/outside_chat.yaml) and the corpora's, the keys a reader cited as the answer came at 0.62-0.71
# from the question (one at 0.55), those not cited at 0.55 and below (0.75 had admitted none of them)
KEYED_STEM_SIM = 0.58
# ... for a scenario's stem; a short, generic one ("Which of the following event schema properties requires a
# value?") comes that close to many questions - the Azure notes' ticked keys, let through in a trial, were within 0.7
# of questions the notes do not cover - so it needs what it always needed
SCENARIO_WORDS = 20
KEYED_SHORT_SIM = 0.75
# a line that asks the reader to do something (study notes written as questions and answers)
PROMPT_RE = re.compile(r"^\W*(?:briefly\s+)?(?:explain|describe|summari[sz]e|list|identify|discuss|compare|contrast|define|"
                       r"outline|name|give|trace|analy[sz]e|evaluate|assess|examine|fill\s+in|complete\s+the)\b", re.I)


def _has_items(lines: list[str], n: int) -> bool:
    """Whether line `n` (1-based) of a note has items under it: the next line that says something is a list
    item indented deeper than it, or a table ("Fill in the chart on the Columbian Exchange." and the chart): its
    answer, in notes written as prompts and answers."""
    if not 0 < n <= len(lines):
        return False
    for line in lines[n : n + 3]:
        if line.strip():
            return (bool(BULLET_RE.match(line)) and indent_of(line) > indent_of(lines[n - 1])) or is_table_row(line)
    return False


LEAD_IN_START = re.compile(r"^\W*(?:if|when|whenever|while|because|since|although|for|to|in|on|with|e\.g|example|"
                           r"examples|question|answer|note|output|result|usage|syntax)\b", re.I)


def _before_code(s: Statement, lines: list[str]) -> Statement:
    """A whole sentence that leads into a code block or a formula ("Queries that have an ORDER BY clause with two or more
    properties require a composite index:" above the index's JSON) says its point before the colon: it is a
    statement, read without the colon. A clause that needs what follows ("If the token is missing:", "Example of
    an event:") is not."""
    text = s.text.rstrip()
    if s.kind not in ("prose", "list") or not text.endswith(":") or len(text.split()) < 6 or LEAD_IN_START.match(text) \
            or INCOMPLETE_END.search(text[:-1]):
        return s
    after = next((x for x in lines[s.end_line:s.end_line + 3] if x.strip()), "")
    # (a code block, or a formula set apart: "A smaller value indicates better predictive accuracy:" above
    # "$$FPR = \frac{FP}{FP + TN}$$")
    return replace(s, text=text[:-1].rstrip() + ".") if after.lstrip().startswith(("```", "~~~", "$$", "\\[")) else s


ASKED_THEN_RE = re.compile(r"^[A-Z][^?]{6,}\?\s+(?=[A-Z0-9])")  # a question of the notes, then a sentence


def usable(s: Statement) -> bool:
    """Worth quoting as an answer: a complete statement, not a question, not a two-word fragment."""
    text = s.text.strip()
    # (a "?" in a query string counts too: letting "GET .../{secret-version}?api-version=7.4" through answered one
    # REST question, but such lines then answered two questions the notes do not cover and showed video embeds'
    # links as empty lines - a second reader found those worse)
    # (the notes' own short question read with the sentence answering it, "What about average time to complete an
    # order? For the boss/workers problem, the first five orders took 120ms to complete.", is that answer)
    asked = ASKED_THEN_RE.match(text)
    if asked and PROMPT_RE.match(text[asked.end():]):
        asked = None  # "What is vernacular? Name some authors who wrote in it.": a study prompt, the question goes on
    if "?" in (text[asked.end():] if asked else text) or INCOMPLETE_END.search(text) or OPTION_REF_RE.match(text):
        return False  # a question, a cut-off fragment, or "Option F is correct" (meaningless without the question)
    if text.startswith(("//", "/*")):
        return False  # a comment of code left outside a code block ("// Read events from a partition")
    words = re.findall(r"[A-Za-z0-9][\w'-]*", text)
    if text.startswith("=>") and len(words) < 6:
        return False  # "=> use Elastic Inference": a conclusion cut off from what it concludes
    return len(words) >= (2 if s.kind == "list" or re.search(r"\w\s*[:=]\s*\S", text) else 4)


def _opens_with(subject: str, s: Statement, common: frozenset[str] = frozenset()) -> bool:
    """The statement's first words name the subject ("Amazon EFS has ...", "Ways to deploy: ...")."""
    phrase = subject_stems(subject, common)
    head = _stems(f"{s.subject} {s.text}" if s.kind == "table" else s.text)[: len(phrase) + 3]
    return bool(phrase) and any(head[i : i + len(phrase)] == phrase for i in range(0, 3))


def defines(subject: str, s: Statement, common: frozenset[str] = frozenset(), phrase: list[str] | None = None,
            asked: frozenset[str] = frozenset(), side: bool = False) -> float:
    """How much a statement reads as saying what `subject` is: it opens with the subject (or with `phrase`,
    the words that tell it from what it is compared with) and then 'is', ':', '=>', ' - '
    ("Normalization => scale from 0 to 1"), or it is the subject's table row. `side`: the subject is a compared
    side, whose own entry is wanted: a line that opens with it and a verb counts too, less, and a row named by a
    longer name is another thing's (a question on one thing asks more often for a part of it, "the downsides of a
    microkernel", than for what it does in general, and a related row, "Amazon Comprehend Medical", says more of it
    than an unrelated one)."""
    phrase = phrase or subject_stems(subject, common)
    if not phrase:
        return 0.0
    head = _stems(s.text)[: len(phrase) + 3]
    opens = any(head[i : i + len(phrase)] == phrase for i in range(0, 3)) and not longer_label(phrase, s.text, common | asked)
    pattern = re.search(r"\b(is|are|refers to|means|measures|helps|allows|provides)\b|:|=>| - ", s.text[:200]) or \
        re.match(r"\s*in\s+[*_]*[\w-]+(?:\s+[\w-]+){0,3}[*_]*\s*,", s.text, re.I)  # "In Pipe mode, your job streams ..."
    # (a row named by a longer thing that holds the subject's words, "AWS Glue DataBrew" for Glue, is another thing's)
    row = s.kind == "table" and phrase_in(phrase, s.subject) and not (side and longer_label(phrase, f"{s.subject}:",
                                                                                          common | asked))
    short = len(s.text.split()) <= 45
    # a line whose own first words are the subject, then what it does ("Message queues understand the notion of
    # messages ..."): the notes' entry for it, short of a definition's "is", above a line that only holds its words;
    # not a step of a sequence ("Delayed rectifier potassium channels close → Return to -70 mV")
    first_words = r"[^\w(]*(?:[\w'’-]+\s+){%d}[\w'’-]+[*_]*\s+[a-z]" % (len(phrase) - 1)  # the subject, then a word
    acts = side and not (opens and pattern) and head[: len(phrase)] == phrase and len(head) > len(phrase) and \
        head[len(phrase)] not in STOP and re.match(first_words, s.text) is not None \
        and not longer_label(phrase, s.text, common | asked) and not STEP_RE.search(s.text)
    return 0.35 * bool(opens and pattern) + ACTS * acts + 0.15 * row + 0.05 * short


STEP_RE = re.compile(r"→|->|⟶")  # a line that is a step of a process or a cause and its effect
ACTS = 0.2  # how much a line opening on the subject and a verb says what the subject is (a definition: 0.35)
LABEL_RE = re.compile(r"^[\s*_#>-]*([^:;.,=()]{1,80}?)[\s*_]*(?::|=>|\s[-–—]\s|\s(?:is|are|was|were|refers\s+to|means)\b)")
LABEL_WORDS = 6  # a line's words before its ':' or 'is' are a label up to this many; more are a sentence's start


def longer_label(phrase: list[str], text: str, known: frozenset[str] = frozenset()) -> bool:
    """The line's label names a longer thing that holds the subject's words: "The program counter is ..." says
    what the program counter is, "authoritarian regimes: ..." what one kind of regime is, neither what a
    program or a regime is. (The subject's words must stand together in the label; words around them that are
    the notes' common names, "Amazon EFS is", say nothing in particular, "Ways to deploy:", or are the question's
    own, "liberal democracies:" for the liberal side of "liberal vs illiberal democracy", add nothing.)"""
    m = LABEL_RE.match(text)
    if not m:
        return False
    label = [t for t in _stems(m.group(1)) if t not in ARTICLES]
    if not phrase or len(label) > LABEL_WORDS or not _run_of(phrase, label):
        return False
    return any(t not in phrase and t not in known and t not in GENERIC_TERMS and t not in STOP and len(t) > 1
               and not t.isdigit() for t in label)


def _labelled_as(s: Statement, subject: list[str], side: list[str]) -> bool:
    """The statement opens with a shorter name of the subject ("Kinesis Firehose: ..." for Kinesis Data
    Firehose): its label's words are all the subject's, and include the word that tells it apart."""
    m = re.match(r"^\s*([^:]{2,60}?)(?::|\s+(?:is|are)\b)", s.text)
    if not m:
        return False
    label = [t for t in _stems(m.group(1)) if t not in ARTICLES]
    return bool(label) and len(label) <= len(subject) and set(label) <= set(subject) and bool(set(side) & set(label))


def _pairs(row_text: str) -> list[tuple[str, str]]:
    out = []
    for part in row_text.split(" | "):
        if ": " in part:
            h, v = part.split(": ", 1)
            out.append((h.strip(), v.strip()))
    return out


COLUMN_TABLE_ROWS = 10  # rows of a table of the compared sides shown at most (the rows asked about, or all)
LONG_LINE = 600  # characters: a line longer than this is shown in part (about five sentences of notes)
WHOLE_ROW = 300  # characters: a row the question names, this short, is shown whole (else the columns asked about)


def _said_under(s: Statement, scored) -> Statement:
    """A list item that is only a title for the items under it ("First and Second Balkan War") says nothing itself:
    what it holds is said by its items, so its likest item stands for it (shown under it)."""
    if s.kind != "list" or not bare_name(s.text) or s.text.rstrip().endswith((".", ":")):
        return s
    items = [(sim, x) for x, sim, *_ in scored if x.kind == "list" and x.context == s.text and x.source == s.source
             and x.start_line > s.start_line]
    return max(items, key=lambda t: t[0])[1] if items else s


def _run_up_to(s: Statement) -> str:
    """The sentences of its line before a later sentence: what "This ..." leans on is the sentence right before
    it, and that one may lean on the first ("... a steady state target. You'll see some cyclical variation
    before it. This only occurs with F < 1": without the middle one, "this" would be the steady state)."""
    if s.passage is None:
        return s.context
    run = [x.text for x in statements(s.passage) if x.kind == s.kind and x.start_line == s.start_line]
    return " ".join(run[: run.index(s.text)]) if s.text in run and run.index(s.text) >= 1 and run[0] == s.context \
        else s.context


def row_named(st: Statement, question: str) -> bool:
    """The question names the table row: every word of its name ("Algo: Linear Learner (S)" -> linear learner),
    or a run of its words spells the name's capitals ("random cut forest" for "RCF (U)")."""
    first = st.text.split(" | ", 1)[0]
    name = re.sub(r"\s*\([^)]*\)", "", first.split(": ", 1)[-1]).strip()
    words = keyterms(name)
    if words and words <= keyterms(question):
        return True
    return bool(re.fullmatch(r"[A-Z]{2,6}", name) and initial_runs(name, question))


def cut(s: Statement, intent: Intent) -> str:
    """The part of a statement that answers: a table row keeps its name and the columns the question asks
    about; a long bullet keeps its first sentences."""
    if s.kind == "table":
        pairs = _pairs(s.text)
        if not pairs:
            return s.text
        first = s.text.split(" | ", 1)[0]
        # the row's name: its first cell with its header ("Algorithm: XGBoost"), or alone when the table's first
        # header is empty ("Microglia | Location: CNS | ...") - a row shown without it says nothing of what it is
        name, rest = (f"{pairs[0][0]}: {pairs[0][1]}", pairs[1:]) if ": " in first else (first, pairs)
        if len(s.text) <= WHOLE_ROW and row_named(s, intent.question):
            return s.text  # a short row the question names is read whole: "what does the alpha row say? where are
            # they, what activates them and what do they do" named only "Activation" of its three columns
        wanted = {"when": WHEN_HEADS, "definition": DEFN_HEADS}.get(intent.kind, ())
        keep = [p for p in rest if any(w in p[0].lower() for w in wanted)]
        focus = intent.focus
        keep += [p for p in rest if p not in keep and keyterms(p[0]) & focus]
        if not keep:
            keep = rest[:3]
        return " | ".join([name] + [f"{h}: {v}" for h, v in keep])
    text = own = re.sub(r"\s*\(See the [^)]*\)", "", s.text)
    if ANAPHOR_RE.match(text) and s.kind == "prose" and s.context and s.context != text:
        text = f"{_run_up_to(s)} {text}"  # "Using this format ..." needs the sentence that names the format
    # the sentence with the number (a "when" stays whole, and so does a line read with the sentence it leans on:
    # "The Linux O(1) scheduler gets its name ... It is a preemptive scheduler, with 140 priority levels" cut to a
    # clause would lose either what "it" is or the number)
    sents = [x for x in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(])", text) if x]
    if intent.kind == "number" and len(text.split()) > 28 and text == own:
        clauses = [c.strip() for c in re.split(r"(?<=[,;])\s+|\.\s+", text) if len(c.split()) >= 3]
        # (the subject's words too: "how many Armenians died" is answered by the Armenians' count in a line that
        # opens on the war's soldiers, not by the soldiers')
        want = intent.focus | {t for x in intent.subjects for t in keyterms(x)}
        best = max(clauses, key=lambda c: (bool(NUMBER_RE.search(c)), len(keyterms(c) & want)),
                   default=text)
        if best[:1].islower() and not (s.subject or "").strip():
            best = text  # "and as a result are often more sparse": a clause that has lost its subject is no answer
        # a question asking two numbers ("how many soldiers died ..., and how many Armenians were killed?") gets
        # the clause with each, in the line's order: the clause with the most of what is still asked, and a number
        said, more = keyterms(best) & want, []
        while best != text and len(more) < 2:
            rest = [c for c in clauses if c != best and c not in more and NUMBER_RE.search(c)
                    and (keyterms(c) & want) - said and not c[:1].islower()]
            if not rest:
                break
            # (a count before a year: "600,000 Armenians had been killed", not "In 1915 ... began to kill")
            nxt = max(rest, key=lambda c: (len((keyterms(c) & want) - said),
                                           bool(NUMBER_RE.search(YEAR_RE.sub(" ", c)))))
            more.append(nxt)
            said |= keyterms(nxt) & want
        if more:
            picked = sorted([best] + more, key=text.find)
            best = " … ".join(c.rstrip(",;") for c in picked)
        if best != text and len(sents) > 2 and re.search(r"\b(?:why|who|whom)\b", intent.question, re.I) and \
                any((keyterms(x) & want) - said for x in sents if x not in best):
            # the question asks who or why as well as how many ("how many electors chose the king, and who were
            # they? Why did that make the kings weak?"), and another sentence of the line says more of it: the
            # line's sentences that say most of what is asked, not the number's clause alone
            return _window(sents, intent)
        if best != text:
            best = best.rstrip(",;") + " …" if not best.endswith(".") else best
            # a clause keeps what its line is about ("subsample: … Default is 1", never "Default is 1" alone)
            term = (s.subject or "").strip()
            return f"{term}: {best}" if term and term.lower() not in best.lower() else best
    if len(text) > LONG_LINE:
        if len(sents) > 2:
            return _window(sents, intent)
        cut_at = text.rfind(". ", 0, LONG_LINE - 20)
        text = text[: cut_at + 1] if cut_at > 80 else text[:LONG_LINE - 20].rsplit(" ", 1)[0] + " …"
    return text


YEAR_RE = re.compile(r"\b(?:1[0-9]{3}|20[0-9]{2})s?\b")


def _window(sents: list[str], intent: Intent, budget: int = 0) -> str:
    """A long line shown in part: its first sentence (what it is about) and the sentences that say most of
    what the question asks, in the line's order, a gap marked "…" ("Her role came to an end when ...")."""
    budget = budget or LONG_LINE
    want = set(intent.focus) | {t for x in intent.subjects for t in keyterms(x)}
    hits = {i: len(keyterms(sents[i]) & want) for i in range(1, len(sents))}
    ranked = sorted(hits, key=lambda i: (-hits[i], i))
    if not ranked or hits[ranked[0]] == 0:  # nothing asked for in particular: the line's first sentences
        ranked = list(hits)
    keep, used = {0}, len(sents[0])
    for n, i in enumerate(ranked):
        if n and (used + len(sents[i]) > budget or (hits[ranked[0]] and not hits[i])):
            continue  # the sentence that says most of what is asked is kept whatever its length
        keep.add(i)
        used += len(sents[i]) + 1
    out, last = [], -1
    for i in sorted(keep):
        out.append(("… " if i > last + 1 else "") + sents[i])
        last = i
    return " ".join(out) + (" …" if last < len(sents) - 1 else "")
