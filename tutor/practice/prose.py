"""Terms the prose of the notes introduces, with the whole sentence(s) that say what each is - the raw
material of "which term is this?" questions from notes with no tables or definition lists.

Three shapes, each general to any notes (no subject, author or file is assumed):

- a heading and the sentence under it: "## Intravenous" / "Administered to the plasma.";
- a sentence that opens with the term: "Absolutism is the political practice of ...";
- a term the author set in bold inside a sentence: "This is known as a **timeslice**."

The description is always whole sentences as written (never cut mid-phrase); the term, its
abbreviation and any word of the description that shares its root are masked or the fact is dropped,
so the stem cannot name its own answer. A sentence that opens with "This"/"It" takes the sentence
before it along (what "this" is).
"""

from __future__ import annotations

import re

from ingest.blocks import Block
from ingest.chunker import HEADING_SEP
from ingest.sources import NoteFile
from ingest.text import SEE_LINK_RE, SENTENCE_RE, clean

BLANK = "___"
MIN_WORDS, MAX_WORDS = 6, 45
MIN_ROOTS = 5  # content words a description needs to single out one term ("One such mechanism is called ___." has 2)  # a description: a real sentence, short enough to read as a stem
FUNCTION = frozenset("""a an the of to in on at by for from with and or but not no nor is are was were be been being
has have had do does did can could will would shall should may might must this that these those it its they them
their there here which who whom whose what when where why how than then so very only also just more most less least
enough all any each every some such our your my we you i he she his her if as into out up down over under about
without within upon via per""".split())
GENERIC_HEADS = frozenset("""overview introduction summary summaries conclusion conclusions notes note example examples
review questions question answers answer exercise exercises contents background recap references reading readings
misc miscellaneous other others bonus tips tip key takeaways takeaway concepts terms vocabulary glossary outline
definitions definition discussion lecture lesson chapter part section unit topic topics module week crash course
goals objectives agenda quiz exam test practice problem problems solution solutions appendix details general
structure structures function functions type types mechanism mechanisms property properties feature features
organization classification use uses effect effects pros cons advantages disadvantages characteristics
description history importance significance sample samples solution resources links""".split())
PRONOUN_START = re.compile(r"^(?:this|these|that|those|it|they|such)\b", re.I)
OPENING_BAD = re.compile(r"^(?:let'?s|we|you|i|in this|here|now|so|recall|note|see|consider|as|when|if|for example|"
                         r"e\.g|for instance|instead|also|and|but|or|then|next|first|second|finally|however|since|because|although|"
                         r"though|while|after|before|once|unless|until|whether|with|without|by|from|to|on|at|of)\b", re.I)
IS_RE = re.compile(r"^(?:the |an? )?(?P<x>[A-Za-z][\w'’/-]*(?: [\w'’/-]+){0,3}?) (?:is|are|was|were|refers to|means) "
                   r"(?P<y>.{12,})$")
# what a definition says a thing is: an article, or a noun ("belief in ...", "changes in ...", "royal officials"
# is not sure: an adjective opens judgements too - "popular in Britain", "no more successful at ...")
DEFINING = re.compile(r"^(?:an?|the|one of the|any|refers|means)\b|^[a-z]+(?:tion|sion|ment|ness|ism|ity|ance|ence|"
                      r"ief|ship|ure|ogy|ics|cy|age|ery|ist|ists|ers|ors|ants|ents|ions|ments|es)\b")
# how a sentence introduces the term it sets in bold: "known as **X**", "**X** is ...", "**X**, in which ..."
INTRODUCED_BEFORE = re.compile(r"(?:known as|called|referred to as|termed|named|dubbed|defined as)\s+(?:an?\s+|the\s+)?$", re.I)
# "... is **an address space**." / "we call this a **context switch**.": the sentence ends on the term it names
INTRODUCED_LAST = re.compile(r"\b(?:is|are|was|were|(?:we )?call (?:this|it|these|them))\s+(?:an?\s+|the\s+)?$", re.I)
ENDS_SENTENCE = re.compile(r"^(?:\s*\([A-Za-z0-9 ,./-]{1,30}\))?\s*[.!]?\s*$")
INTRODUCED_AFTER = re.compile(r"^(?:\s*\([A-Za-z0-9 ,./-]{1,30}\))?(?:\s+(?:is|are|was|were|refers? to|means?|describes?|denotes?)\b|"
                              r",?\s+(?:which|that|in which|where|whereby)\b)", re.I)
# "**Allopurinol** inhibits ...", "As a construct, **semaphores** allow us to ...": the term opens the sentence (or
# follows a short phrase set off by a comma) and a verb that agrees with it follows - what the term does
OPENS_CLAUSE = re.compile(r"^(?:[A-Z][^,.;:!?]{0,60},\s*)?$")
DOES_AFTER = re.compile(r"^\s+(?P<v>[a-z]{3,})\s+(?P<n>[\w'’-]+)")
AUXILIARY = frozenset("is are was were has have had can could will would may might must should do does did".split())
OPENS_WITH = re.compile(r"^(?:one|another|some|other|both|first|second|third|last|main|each|every|most|many|few|"
                        r"several|all|only|same|following|above|below|next|previous)\b", re.I)
# "X is bad because ...": a judgement, not what X is; a definition opens with an article or a noun
NOT_A_DEFINITION = re.compile(r"^(?:the opposite|the same|the reverse|the other|the first|the last|the next|not|also|very|more|less|too|so|often|usually|always|never|still|only|just|really|"
                              r"quite|much|bad|good|better|worse|best|worst|important|useful|needed|necessary|possible|"
                              r"supported|used|done|called|important|similar|different|true|false|able|likely|unlikely|"
                              r"about|like|going|in|on|at|by|for|with|to|from|then|now|here|there|sometimes|generally|typically|"
                              r"\w+ly|\w+ed|\w+ing)\b", re.I)
# a heading's sentence that describes it without naming it is a fragment: "Administered to the plasma.",
# "Process of releasing the drug ...", "Has a staggered release ..." (a whole sentence with its own subject
# under a heading is often context, not what the heading names)
# (an irregular past participle opens one too: "Made with dried or fresh yeast ...", "Found in the retina ..." -
# none that is also an instruction: "Set the flag ...", "Run the job ...", "Put ..." tell the reader what to do)
PARTICIPLES = ("made|found|kept|built|written|taken|given|held|known|seen|shown|done|grown|drawn|born|worn|sold|told|"
               "brought|bought|caught|taught|begun|struck|stuck|sunk|hidden|driven|thrown|chosen|frozen|broken|spoken|"
               "stolen|woven|forgotten")
FRAGMENT = re.compile(rf"^(?:[A-Z][a-z]+(?:ed|es|s)\b(?<!ss)|[A-Z][a-z]+ (?:of|for|to|that|which|where|in|by|used)\b|"
                      rf"(?i:{PARTICIPLES})\b)")
# a sentence inside a section that says something of the section's term: the term is its subject or its frame
# ("___ are used to convert ...", "A(n) ___ occurs when ...", "In ___, the guest knows ..."); with the term further
# in, the sentences read on the outside were vague ("There are many different types of ___", "Modern systems
# allow for ___ to be enabled")
SAYS_OF_TERM = re.compile(r"^(?:(?:A\(n\)|The|In|In the|With|Using)\s+)?___(?:,|\s+(?!of\b|and\b|or\b)[a-z]+)")
BOLD_RE = re.compile(r"\*\*(?P<t>[^*]{2,60}?)\*\*|__(?P<u>[^_]{2,60}?)__")
WIKI_RE = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")


def _text(raw: str) -> str:
    text = re.sub(r"(?<![*\w])\*(?!\s)([^*]{1,80}?)(?<!\s)\*(?![*\w])", r"\1", WIKI_RE.sub(r"\1", raw))  # *emphasis*
    return clean(re.sub(r"\\([()\[\]*_|#])", r"\1", text))


def _whole(sentence: str) -> bool:
    """A sentence as written, whole and plain: ends as a sentence does, no formula, image or question."""
    s = sentence.strip()
    return (s[-1:] in ".!" and not re.search(r"\$|!\[|https?:|\?|\bimage\b|[{}<>|#]|\.\.\.|…", s)
            and MIN_WORDS <= len(s.split()) <= MAX_WORDS and s[:1].isupper() and s.count("(") == s.count(")")
            and s.count('"') % 2 == 0)


def generic_heading(heading: str) -> bool:
    """A heading that names a part of the notes, not a subject ("Questions", "Key notes from practice exams"):
    every word of it is a function word or a word headings of any subject use."""
    words = [w.lower() for w in re.findall(r"[A-Za-z][\w'’-]*", heading)]
    return all(w in FUNCTION or w in GENERIC_HEADS or w.rstrip("s") in GENERIC_HEADS for w in words)


def _term_ok(term: str) -> bool:
    """A name a question can ask for: 1-4 words, not a phrase of function words or a label."""
    t = term.strip()
    words = re.findall(r"[\w'’-]+", t)
    if not 1 <= len(words) <= 4 or len(t) < 3 or len(t) > 50 or t.endswith(":") or not re.match(r"[A-Za-z]", t):
        return False
    if any(w.lower() in FUNCTION for w in words if w.lower() not in ("of", "and")) or words[0].lower() in FUNCTION:
        return False
    if ":" in t or (len(words) > 1 and words[0].lower() in GENERIC_HEADS | {"benefits", "types", "kinds", "goals",
                                                                             "examples", "ways", "parts", "steps"}):
        return False  # "Memory Management: Goals", "Types of Devices", "Benefits of Virtualization": a label
    if len(words) > 1 and words[0][:1].isupper() and words[0].lower().endswith("ing"):
        return False  # "Comparing Na/K channels", "Measuring Economic Performance": what a section does, a label
    if re.search(r"[.!?;$]|\d{3,}|['’]s\b", t) or all(w.lower() in GENERIC_HEADS for w in words):
        return False
    return True


def _abbrev(term: str, sentence: str) -> str | None:
    """The abbreviation the notes give right after the term: "shortest job first (SJF)" -> "SJF"."""
    m = re.search(re.escape(term) + r"\s*\((?P<a>[A-Z][A-Za-z0-9]{1,7})\)", sentence, re.I)
    return m.group("a") if m else None


def roots(text: str) -> set[str]:
    """The first five letters of each content word: what a stem shares with a term when it shares a root
    ("scaling" / "Scalability", "preempt" / "preemptive")."""
    return {w.lower()[:5] for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", text)
            if len(w) >= 4 and w.lower() not in FUNCTION}


PREFIXES = ("inter", "trans", "multi", "under", "over", "super", "micro", "macro", "anti", "auto", "semi", "hyper",
            "hypo", "para", "poly", "mono", "non", "pre", "sub", "self", "extra", "intra", "counter")


def _same_root(a: str, b: str) -> bool:
    """'scaling' / 'Scalability', 'preempt' / 'preemptive': a common beginning of 4+ letters that is most of the
    shorter word (and not only a prefix such as 'inter-')."""
    a, b = a.lower(), b.lower()
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 4 and n >= min(len(a), len(b)) - 3 and a[:n] not in PREFIXES


def shares_root(term: str, text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", term) if len(w) >= 4 and w.lower() not in FUNCTION]
    other = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", text) if len(w) >= 4 and w.lower() not in FUNCTION]
    return any(_same_root(a, b) for a in words for b in other)


def _named_re(term: str) -> re.Pattern:
    """The term as the text may write it: whole, in the plural, and in the singular ("Pipes": "a pipe" is it too)."""
    one = term[:-1] if re.search(r"[^su]s$", term) and len(term) > 4 else None
    names = re.escape(term) + (f"|{re.escape(one)}" if one else "")
    return re.compile(rf"(?<![\w-])(?:{names})(?:e?s)?(?![\w-])", re.I)


def mask(term: str, text: str) -> str | None:
    """`text` with the term (and its plural, and its abbreviation) blanked; None when a word of what is
    left shares a root with the term (the stem would hint at its own answer)."""
    abbr = _abbrev(term, text)
    out = text
    if abbr:
        out = re.sub(re.escape(term) + r"\s*\(" + re.escape(abbr) + r"\)", BLANK, out, flags=re.I)
        out = re.sub(rf"\b{re.escape(abbr)}s?\b", BLANK, out)
    out = _named_re(term).sub(BLANK, out)
    if BLANK not in out and term.lower() in text.lower():
        return None  # the term sits inside a longer word: cannot be masked cleanly
    out = re.sub(re.escape(BLANK) + r"\s*\([^()]{1,40}\)", BLANK, out)  # "___ (directory entry)": its gloss tells it
    # "a ___" / "an ___": the article before the blank would tell which option fits
    out = re.sub(r"\b([Aa])n? (" + re.escape(BLANK) + ")", lambda m: f"{m.group(1)}(n) {m.group(2)}", out)
    rest = out.replace(BLANK, " ")
    if shares_root(term, rest) or len(roots(rest)) < MIN_ROOTS:
        return None  # hints at its own answer, or says too little to tell one term from another
    return re.sub(r"\s+", " ", out).strip()


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_RE.split(text) if s.strip()]


def paragraphs(lines: list[str], b: Block) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of each paragraph of a prose block (lines joined: a wrapped sentence
    is read whole)."""
    out, start, buf = [], None, []
    for n in range(b.start, b.end + 2):
        line = lines[n - 1] if n <= b.end else ""
        if line.strip():
            start = n if start is None else start
            buf.append(line.strip())
        elif buf:
            out.append((start, n - 1, " ".join(buf)))
            start, buf = None, []
    return out


def _end_of(lines: list[str], first: int, last: int, sentence: str) -> int:
    """The line of a paragraph on which `sentence` ends (a wrapped sentence is cited whole)."""
    tail = " ".join(sentence.rstrip(".!").split()[-2:])
    for n in range(first, last + 1):
        if tail in _text(lines[n - 1]):
            return n
    tail = sentence.rstrip(".!").split()[-1]
    return next((n for n in range(first, last + 1) if tail in _text(lines[n - 1])), last)


def line_of(lines: list[str], first: int, last: int, sentence: str, words: int = 2) -> int:
    """The line of a paragraph on which `sentence` starts (its first `words` words); `first` when none holds them."""
    head = " ".join(sentence.split()[:words])
    for n in range(first, last + 1):
        if head in _text(lines[n - 1]):
            return n
    return first


def term_candidates(note: NoteFile, blocks: list[Block], skip: set[int]) -> list[dict]:
    """Candidate terms with their description, in file order: dicts with term, description (the whole
    sentences, unmasked), stem_text (masked), lines, heading, how (heading | opens | bold)."""
    lines = note.lines
    out: list[dict] = []
    seen: set[str] = set()
    mentioned: set[str] = set()
    described: set[str] = set()  # headings whose section opens on what the heading is
    prev_heading: Block | None = None
    whole = " ".join(_text(x) for x in lines if x.strip() and not x.lstrip().startswith("#"))
    lowered = whole
    lowered = " ".join(w for w in re.findall(r"[\w'’-]+", lowered) if w[:1].islower())  # the words written in lower case

    def add(term: str, desc: str, first: int, last: int, heading: str, how: str, sibs=()) -> None:
        term = term.strip(" ,.:;'\"“”")
        paren = re.match(r"^(?P<t>[^()]+?)\s*\((?P<a>[^()]{1,12})\)$", term)  # "Peripheral Nervous System (PNS)"
        if paren:
            term = paren.group("t")
            if re.search(rf"\b{re.escape(paren.group('a'))}\b", desc):
                desc_abbr = paren.group("a")
                if roots(desc_abbr) & roots(desc) or re.search(rf"\b{re.escape(desc_abbr)}\b", desc):
                    return  # the stem would say the abbreviation of its own answer
        if "(" in term or ")" in term:
            return
        key = term.lower()
        if key in seen or not _term_ok(term):
            return
        masked = mask(term, desc)
        if masked is None or len(masked.replace(BLANK, "").split()) < MIN_WORDS:
            return
        if (how != "heading" and BLANK not in masked) or masked.count(BLANK) > 1:
            return  # two blanks: a sentence about the term, not one that says what it is
        seen.add(key)
        # a name (a person, a place, a named thing) or a common term: what options of the same kind share
        proper = all(w[:1].isupper() for w in re.findall(r"[A-Za-z][\w'’-]*", term) if w.lower() not in ("of", "and", "de", "von", "the"))
        proper = proper and term.lower() not in lowered and (len(term.split()) > 1 or bool(
            re.search(rf"\b[a-z]+,? {re.escape(term)}\b", whole)))  # one word: capitalised mid-sentence somewhere
        out.append({"term": term, "proper": proper, "siblings": list(sibs), "description": desc, "stem_text": masked, "lines": (first, last),
                    "heading": heading, "how": how})

    # every heading's name and the first words under it: the siblings a heading's term is asked among
    sections: dict[tuple[str, ...], tuple[int, str]] = {}
    # a section that only points to another note ("See here: [[Drug Metabolism]]") names its heading, but says
    # nothing of it: a rival, never described by the link
    pointers: set[str] = set()
    for b in blocks:
        if b.kind == "heading":
            sections.setdefault(tuple(b.heading_path), (b.start, ""))
        elif b.kind in ("prose", "list") and tuple(b.heading_path) in sections and not sections[tuple(b.heading_path)][1]:
            sections[tuple(b.heading_path)] = (sections[tuple(b.heading_path)][0],
                                               " ".join(_text(x) for x in lines[b.start - 1 : b.end])[:400])
            if all(SEE_LINK_RE.match(x) for x in lines[b.start - 1 : b.end] if x.strip()):
                pointers.add(sections[tuple(b.heading_path)][1])

    def names_only(s: str, first: int, last: int) -> None:
        """The proper names a sentence sets in bold, as options only (the sentence itself asks nothing)."""
        raw_s = next((r for r in _sentences(WIKI_RE.sub(r"\1", lines[first - 1 : last] and " ".join(
            x.strip() for x in lines[first - 1 : last]))) if _text(r) == s), "")
        for bm in BOLD_RE.finditer(raw_s):
            t = clean(bm.group("t") or bm.group("u"))
            if _term_ok(t) and _proper_name(t, lowered) and t.lower() not in seen | mentioned:
                mentioned.add(t.lower())
                n = line_of(lines, first, last, s)
                out.append({"term": t, "proper": True, "siblings": [], "description": s, "stem_text": s,
                            "lines": (n, n), "heading": heading, "how": "bold", "mention": True})

    def section_siblings(path: tuple[str, ...]) -> list[tuple[str, str, int]]:
        """Siblings (same parent), then cousins (same grandparent: another drug class's drugs)."""
        sibs = [(_name(p[-1]), text, line) for p, (line, text) in sections.items()
                if len(p) == len(path) and p[:-1] == path[:-1] and p != path and _term_ok(_name(p[-1]))]
        return sibs + [(_name(p[-1]), text, -line) for p, (line, text) in sections.items()
                       if len(p) == len(path) >= 2 and p[:-2] == path[:-2] and p[:-1] != path[:-1]
                       and _term_ok(_name(p[-1]))]

    heading_names = [_named_re(_name(p[-1])) for p in sections if p and _term_ok(_name(p[-1]))]

    def titled(t: str) -> bool:
        """A word the notes both set in bold and give a section of its own ("**semaphores**" / "## Semaphores"):
        a term of the notes, not emphasis."""
        return any(r.fullmatch(t) for r in heading_names)

    def mention(t: str, s: str, first: int, last: int) -> None:
        mentioned.add(t.lower())
        n = line_of(lines, first, last, s)
        out.append({"term": t, "proper": False, "siblings": [], "description": s, "stem_text": s,
                    "lines": (n, n), "heading": heading, "how": "bold", "mention": True})

    heading = ""
    for b in blocks:
        heading = HEADING_SEP.join(b.heading_path)
        if b.kind == "heading":
            prev_heading = b
            continue
        if b.kind not in ("prose", "list") or any(n in skip for n in range(b.start, b.end + 1)):
            if b.kind not in ("prose", "list"):
                prev_heading = None
            continue
        paras = paragraphs(lines, b) if b.kind == "prose" else [(n, n, lines[n - 1]) for n in range(b.start, b.end + 1)
                                                                  if lines[n - 1].strip()]
        for i, (first, last, raw) in enumerate(paras):
            sents = _sentences(_text(raw))
            raw_sents = _sentences(WIKI_RE.sub(r"\1", re.sub(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+", "", raw)))
            # a heading and the sentence right under it: "## Intravenous" / "Administered to the plasma."
            if prev_heading is not None and i == 0 and b.kind == "prose" and sents and b.heading_path:
                term = _name(b.heading_path[-1])
                desc = sents[0]
                if len(desc.split()) < 10 and len(sents) > 1 and _whole(sents[1]) and not PRONOUN_START.match(sents[1]):
                    desc = f"{desc} {sents[1]}"
                named = (mask(term, desc) or "").count(BLANK) > 0
                if _whole(sents[0]) and not OPENING_BAD.match(desc) and desc.split()[0].lower() not in FUNCTION and not PRONOUN_START.match(desc) and \
                        ":" not in term and "," not in term and (named or FRAGMENT.match(desc)):
                    described.add(term.lower())  # (a rival even when its description names it: "Soda bread")
                    add(term, desc, prev_heading.start, _end_of(lines, first, last, desc), heading, "heading",
                        section_siblings(tuple(b.heading_path)))
            for j, s in enumerate(sents):
                if not _whole(s):
                    continue
                # a section's heading named by a later sentence of its section ("### Pipes" / "One popular use
                # of pipes is to connect ..."): what the notes say of it, asked among its sibling headings
                if b.heading_path and not PRONOUN_START.match(s) and not OPENING_BAD.match(s):
                    term = _name(b.heading_path[-1])
                    masked = mask(term, s) or ""
                    if term.lower() not in seen and ":" not in term and "," not in term and _term_ok(term) and \
                            masked.count(BLANK) == 1 and SAYS_OF_TERM.match(masked):
                        n = line_of(lines, first, last, s)
                        add(term, s, n, _end_of(lines, n, last, s), heading, "heading section",
                            section_siblings(tuple(b.heading_path)))
                desc = s
                if PRONOUN_START.match(s):
                    if j == 0 or not _whole(sents[j - 1]) or PRONOUN_START.match(sents[j - 1]):
                        names_only(s, first, last)  # "This model is adapted by **Xen** ...": still options
                        continue
                    desc = f"{sents[j - 1]} {s}"
                    if len(desc.split()) > MAX_WORDS:
                        continue
                m = IS_RE.match(s)
                if m and not PRONOUN_START.match(s) and not OPENING_BAD.match(s) and not OPENS_WITH.match(m.group("x")) \
                        and not NOT_A_DEFINITION.match(m.group("y")) and DEFINING.match(m.group("y")) \
                        and len(roots(m.group("y"))) >= 5 and not re.search(r"\b[a-z]+ed\b", m.group("x")) \
                        and not re.search(r"\b(?:and|but)\b[^,]*\b(?:is|are|was|were)\b", m.group("y")):
                    x = m.group("x")
                    if x[:1].isupper() or _bold(raw, x):
                        n = line_of(lines, first, last, s)
                        add(x, desc, n, _end_of(lines, n, last, s), heading, "opens")
                raw_s = next((r for r in raw_sents if _text(r) == s), None)
                for bm in BOLD_RE.finditer(raw_s or ""):
                    t = clean(bm.group("t") or bm.group("u"))
                    before, after = (raw_s or "")[: bm.start()], (raw_s or "")[bm.end():]
                    if re.match(r"^\s*[:=]", after):
                        continue  # "**Bioavailability**: 5%": a label and its value, not a term in a sentence
                    if not (INTRODUCED_BEFORE.search(before) or INTRODUCED_AFTER.match(after)
                            or (INTRODUCED_LAST.search(before) and ENDS_SENTENCE.match(after))
                            or (OPENS_CLAUSE.match(before) and _does(t, after))):
                        # bold for emphasis, or a term used rather than introduced: never asked, but a term the
                        # notes stress is an option of the right kind for another term's question
                        if _term_ok(t) and t.lower() not in seen and t.lower() not in mentioned and \
                                (len(re.findall(rf"(?<![\w-]){re.escape(t)}(?![\w-])", whole, re.I)) >= 2 and (len(t.split()) > 1 or
                                re.search(r"\w[A-Z0-9]", t)) or titled(t) or _proper_name(t, lowered)) and not re.search(
                                r"\b\w+ed\b|\b(?:is|are|was|were|has|have|had)\b", t, re.I):
                            mention(t, s, first, last)
                        continue
                    n = line_of(lines, first, last, s)
                    add(t, desc, n if desc == s else line_of(lines, first, last, sents[j - 1]), _end_of(lines, n, last, s),
                        heading, "bold")
                    if t.lower() not in seen and _term_ok(t) and t.lower() not in mentioned:
                        mention(t, s, first, last)  # introduced, but its sentence cannot ask it: still an option
        prev_heading = None
    # a cousin (negative line: under another parent) only when it is itself a term the notes describe, not a
    # sub-topic ("Size and Myelination" is no kind of nervous system); a sibling when it is one, or when its own
    # section names it ("### Message queues" / "... through a message queue channel"): a section that neither
    # describes nor names its heading is on a topic ("Security", "API Models"), no rival of "Stored procedures"
    named = {c["term"].lower() for c in out if c["how"].startswith("heading") and not c.get("mention")}
    for c in out:
        c["siblings"] = [(n, "" if t in pointers else t, abs(line)) for n, t, line in c["siblings"] if n.lower() in named
                         or (line > 0 and (n.lower() in described or bool(_named_re(n).search(t))))]
    return [c for c in out if not c.get("mention") or c["term"].lower() not in seen]


def _does(term: str, after: str) -> bool:
    """Does a verb that agrees with `term` follow it ("Allopurinol inhibits", "Serializers make")? A word after a
    singular term that ends in -s, or after a plural one that does not, when no auxiliary follows it in turn
    ("**Muscular** receptors are ...": the bold word qualifies the noun after it)."""
    m = DOES_AFTER.match(after)
    if not m or m.group("v") in FUNCTION or m.group("n").lower() in AUXILIARY:
        return False
    plural = bool(re.search(r"[^su]s$", term.split()[-1]))
    return plural != bool(re.search(r"[^su]s$", m.group("v")))


def _name(heading: str) -> str:
    """A heading as a name: "1. Liberation" -> "Liberation", "Peripheral Nervous System (PNS)" kept whole."""
    name = re.sub(r"^(?:\d+[.)]?\s+|[IVX]+\.\s+)", "", clean(heading).strip())
    return re.sub(r"\s*\([^()]{1,30}\)$", "", name)  # "Alpha 1 (Sympathetic)" -> "Alpha 1": options in one shape


def _proper_name(term: str, lowered: str) -> bool:
    """One capitalised word the notes never write in lower case ("Xen", "ESX"): a name, not emphasis."""
    return bool(re.fullmatch(r"[A-Z][\w-]{1,20}", term)) and not re.search(rf"\b{re.escape(term.lower())}\b", lowered)


def _bold(raw: str, term: str) -> bool:
    return any(clean(m.group("t") or m.group("u")).lower() == term.lower() for m in BOLD_RE.finditer(raw))


def heading_categories(note: NoteFile, blocks: list[Block]) -> list[dict]:
    """Headings as categories: the sub-headings under one heading ("Muscarinic Agonists": Carbachol,
    Pilocarpine, ...) are its members, those under a sibling heading ("Muscarinic Antagonists") its foils -
    for "Which TWO of these do your notes place under ...?". A name under both is neither."""
    spans: dict[tuple[str, ...], list[int]] = {}
    for b in blocks:
        for k in range(1, len(b.heading_path) + 1):
            p = tuple(b.heading_path[:k])
            span = spans.setdefault(p, [b.start, b.end])
            span[0], span[1] = min(span[0], b.start), max(span[1], b.end)
    children: dict[tuple[str, ...], list[str]] = {}
    for p in spans:
        if len(p) >= 2 and _term_ok(_name(p[-1])):
            children.setdefault(p[:-1], []).append(_name(p[-1]))
    out = []
    for p, kids in children.items():
        if len(kids) < 2 or not p or not _term_ok(_name(p[-1])):
            continue
        for q, others in children.items():
            if q == p or len(q) != len(p) or q[:-1] != p[:-1] or len(others) < 2:
                continue
            both = {k.lower() for k in kids} & {o.lower() for o in others}
            members = [k for k in kids if k.lower() not in both]
            foils = [o for o in others if o.lower() not in both]
            if len(members) >= 2 and len(foils) >= 2:
                out.append({"subject": _name(p[-1]), "members": members, "foils": foils, "foil_heading": _name(q[-1]),
                            "lines": tuple(spans[p]), "heading": HEADING_SEP.join(p)})
                break
    return out
