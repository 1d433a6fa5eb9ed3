"""Numbers the notes state in a sentence - "It is a preemptive, priority-based scheduler, with 140 priority levels",
"One unit permits 1 MB or 1000 events per second", "Required framework memory is reduced 10x" - the raw material of
"which number completes this line of your notes?" questions from prose and lists of any subject.

A sentence gives a question only when the number is a quantity of something it names (a unit or a noun right
after it, or a symbol such as %, x, KB), when it is the sentence's only number (no other number to give it away or
to be confused with), and when the sentence is whole and says what it is about (not "It ..." cut from the sentence
before). Distractors are other values of the same unit that the notes give elsewhere (each wrong here, since this
line gives the key), and values scaled from the key (half, double, ten times) when the notes have too few.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from ingest.blocks import Block
from ingest.chunker import HEADING_SEP
from ingest.sources import NoteFile
from ingest.text import BULLET_RE, SENTENCE_RE, clean, indent_of

from tutor.practice.prose import BLANK, FUNCTION, PRONOUN_START

MIN_WORDS, MAX_WORDS = 6, 40
WORKED_SPAN = 8  # lines above a number (under the same heading) that may set up a worked example
# a number: digits with an optional decimal part, not part of a word, an identifier, a version, a range or a formula
NUMBER_RE = re.compile(r"(?<![\w.$^/(\-–+*=<>#:])(?P<n>-?\d{1,7}(?:,\d{3})*(?:\.\d+)?)(?P<sym>\s?(?:%|x\b|KB|MB|GB|TB|ms\b))?"
                       r"(?![\w.,]\d|[\w^/)\-–(*=:])")
UNIT_AFTER = re.compile(r"^\s+(?P<u>[A-Za-z][\w-]{1,}(?:\s+[a-z][a-z-]{2,}){0,2})")
# the same unit written out or short: "80 gigabytes" and "80 GB" are one value
UNIT_WORDS = {"gigabyte": "gb", "megabyte": "mb", "kilobyte": "kb", "terabyte": "tb", "percent": "%", "per": "%",
              "millisecond": "ms", "second": "sec", "secs": "sec", "minute": "min", "mins": "min", "hour": "hour",
              "hrs": "hour"}
ANY_NUMBER = re.compile(r"\d")
# a value the notes make up to work an example through ("Suppose a request for 8 units comes in", "Let's consider two
# tasks that each take 10 seconds"): arbitrary, nothing to learn
SUPPOSED = re.compile(r"\b(?:let'?s|let us|suppose|supposing|consider|imagine|assume|assuming|say|for example|"
                      r"for instance|e\.g|shown above|shown below|in this example|in our example|example|figure|"
                      r"a certain|we'll|we will)\b", re.I)
# a number that names rather than counts: "Chapter 3", "Step 2", "HTTP 200", "Option 1"
NAMING_BEFORE = re.compile(r"(?:chapter|step|section|part|option|question|figure|fig|table|version|v|level|type|"
                           r"phase|stage|article|amendment|http|error|code|status|port|id|no|number|lecture|week|"
                           r"day|unit|class|grade|page|pg|pp|p\.|line|item|rule|case|example)\s*$", re.I)


@dataclass(frozen=True)
class Quantity:
    line: int
    sentence: str  # as written (cleaned)
    number: str  # as written: "140", "1.5", "64KB", "10x", "50%"
    unit: str  # what it counts: "priority levels", "KB", "x"
    masked: str  # the sentence with the number blanked
    heading: str


def _value(text: str) -> float:
    sign = -1.0 if text.strip().startswith("-") else 1.0
    return sign * float(re.sub(r"[^\d.]", "", text) or 0)


def quantities(note: NoteFile, blocks: list[Block], skip: set[int]) -> list[Quantity]:
    """Every sentence of the note's prose and lists that states one quantity (see the module docstring)."""
    out: list[Quantity] = []
    for b in blocks:
        if b.kind not in ("prose", "list"):
            continue
        heading = HEADING_SEP.join(b.heading_path)
        for n in range(b.start, b.end + 1):
            raw = note.lines[n - 1]
            if n in skip or not raw.strip() or "|" in raw or "`" in raw or "$" in raw or _worked(note.lines, n) or \
                    _works_through(raw):
                continue
            for sentence in SENTENCE_RE.split(clean(raw)):
                q = _quantity(sentence.strip(), n, heading)
                if q is not None:
                    lead = _lead(note.lines, n, b.start)
                    # a lead that is a sentence of its own ("Explain the theater scene.") is followed; a phrase is introduced
                    joined = f"{lead} {q.masked}" if lead.endswith(("?", ".", "!")) else f"{lead.rstrip(':')}: {q.masked}"
                    out.append(replace(q, masked=joined) if lead else q)
                    break  # one question per line of the notes
    return out


# the notes' own prompt ("Explain at least 4 features of ..."), not something they say
PROMPT = re.compile(r"^\W*(?:explain|describe|list|identify|name|discuss|compare|contrast|summari[sz]e|give|define|"
                    r"outline|analy[sz]e|evaluate|assess)\b", re.I)
# a number also spelled out ("four humors that represented the 4 different elements") gives the key away
SPELLED = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|dozen|"
                     r"half|double|twice|triple)\b", re.I)
WORKED = re.compile(r"^\W*(?:problem|example|exercise|solution|practice|worked example|question|answer)s?\b", re.I)


def _lead(lines: list[str], n: int, first: int) -> str:
    """What a list item hangs under, said before it in the stem ("Advantages of Neo: ML models will run upto ___
    better performance"): the item it is indented under, or the line leading its list. "" for prose."""
    if not BULLET_RE.match(lines[n - 1]):
        return ""
    want = indent_of(lines[n - 1])
    for k in range(n - 1, max(0, first - 2), -1):
        t = lines[k - 1]
        if not t.strip():
            continue
        if BULLET_RE.match(t):
            if indent_of(t) < want:
                return clean(t) if len(clean(t).split()) <= 12 else ""
            continue
        return clean(t) if want == 0 and clean(t).endswith(":") and len(clean(t).split()) <= 12 else ""
    return ""


def _worked(lines: list[str], n: int) -> bool:
    """Line n is part of a worked problem or example: a label such as "Problem", "Example" or "Solution" opens
    one of the lines just above it (or it), or a line of its paragraph or list above it sets one up ("Let's look
    at the following sequence of requests", "Consider a system that ...")."""
    if any(WORKED.match(clean(lines[k - 1])) for k in range(max(1, n - 3), n + 1)):
        return True
    for k in range(n - 1, max(0, n - WORKED_SPAN - 1), -1):  # up to the heading above it
        if lines[k - 1].lstrip().startswith("#"):
            return False
        if SUPPOSED.search(clean(lines[k - 1])):
            return True
    return False


WORKING_VALUES = 3  # a line giving this many values of one unit works something through
UNIT_VALUE = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?\s?([A-Za-z%]{1,12})\b")


def _works_through(line: str) -> bool:
    """A line giving several values of one unit ("the first order took 120ms ... waited 20ms ... then took 120ms")
    works an example through: its numbers are steps of a sum, not facts to learn."""
    units = [m.group(1).lower() for m in UNIT_VALUE.finditer(line)]
    return any(units.count(u) >= WORKING_VALUES for u in set(units))


# a sentence about someone it does not name ("He drafted peasants for ___ year services", "The Struggle for Power: He
# began to appoint some ___ regional secretaries"): the stem would not say whose number it is
UNNAMED = re.compile(r"^(?:[^.:]{1,60}:\s+)?(?:he|she|his|her|we|our)\b", re.I)


def _quantity(sentence: str, line: int, heading: str) -> Quantity | None:
    sentence = re.sub(r"(?<!\w)_(\S(?:[^_]*\S)?)_(?!\w)", r"\1", sentence)  # "_up to 24 hours_": emphasis
    words = sentence.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS or PRONOUN_START.match(sentence) or UNNAMED.match(sentence) \
            or sentence.endswith((":", "?")) \
            or SUPPOSED.search(sentence) or PROMPT.match(sentence) or SPELLED.search(sentence):
        return None
    found = list(NUMBER_RE.finditer(sentence))
    if len(found) != 1 or len(ANY_NUMBER.findall(sentence)) != len(re.sub(r"\D", "", found[0].group(0))):
        return None  # the sentence's only number, and no digit elsewhere ("x86", "O(1)", "2^32")
    m = found[0]
    before = sentence[: m.start()].split()
    if NAMING_BEFORE.search(sentence[: m.start()]) or (len(before) >= 2 and before[-1][:1].isupper()):
        return None  # a number that names: "Chapter 3", "Alpha 1", "Windows 10"
    sym = (m.group("sym") or "").strip()
    unit = sym
    if not sym:
        after = UNIT_AFTER.match(sentence[m.end():])
        if after is None:
            return None
        unit = " ".join(w for w in after.group("u").split() if w not in FUNCTION)
        if not unit or unit.split()[0] in FUNCTION or re.match(r"[A-Z][a-z]", unit):
            return None  # (a capital after it makes a name: "the 30 Years' War")
    if re.match(r"[^.;]*:\s*\w+(?:\s+\w+)?,", sentence[m.end():]):
        return None  # "identified 3 types: traditional, charismatic, and ...": the list after it counts it out
    value = _value(m.group("n"))
    if abs(value) in (0, 1) or len(m.group("n").split(".")[-1]) >= 2 and "." in m.group("n"):
        return None  # "on 1 server", "___ hour": the singular tells; "0": nothing to count and no sign to keep;
        # "99.999%": a ladder of such values is absurd
    if 1000 <= value <= 2100 and "." not in m.group("n") and "," not in m.group("n") and not sym:
        return None  # a year ("In 1988, ...") is a date, not a quantity of its unit word
    # the option carries its symbol ("64KB", "10x"); a unit word stays in the stem ("___ priority levels")
    masked = sentence[: m.start()] + BLANK + sentence[m.end():] if sym else \
        sentence[: m.start("n")] + BLANK + sentence[m.end("n"):]
    return Quantity(line, sentence, m.group(0).strip(), unit, masked.strip(), heading)


def rivals(q: Quantity, pool: list[tuple[Quantity, str]], k: int = 3) -> list[tuple[str, str, int | None]]:
    """Up to k wrong values for q, as (text, rationale, line): the notes' own values of the same unit first (each
    with where it is given: (quantity, "file:line")), then values of a ladder the key stands on (never a value the
    sentence holds)."""
    key = _value(q.number)
    fmt = _formatter(q.number)
    out: list[tuple[str, str, int | None]] = []
    seen = {key}
    for other, where in pool:
        v = _value(other.number)
        if unit_key(other.unit) != unit_key(q.unit) or v in seen or _value(fmt(v)) != v or fmt(v) in q.sentence:
            continue  # (a value the key's way of writing would change, 0.1 written as "0", is not offered)
        if not (_fits(v, key, q) and _same_scale(v, key)):
            continue  # "4500" for "___ million slaves" (10), "5" for "over ___ small states" (300): no one would pick it
        seen.add(v)
        said = f"{fmt(v)} {_unit_words(other.unit)}" if not _symbol(q.unit) else fmt(v)
        out.append((fmt(v), f"Your notes give {said} for something else ({where}): “{_clip(other.sentence)}”.", None))
        if len(out) >= k:
            return out
    for v in _ladder(q):
        text = fmt(v)
        if len(out) >= k:
            break
        if v in seen or _value(text) in seen or text in q.sentence or abs(v) == 1 != abs(key):
            continue  # ("1 days": one does not fit the plural the key's unit is written in)
        seen.add(_value(text))
        out.append((text, f"Not what your notes say: they give {q.number} (line {q.line}).", None))
    return out


def _clip(sentence: str, chars: int = 90) -> str:
    """A sentence quoted in a rationale, cut after a whole word ("the remainder were sent…", never "in wea")."""
    if len(sentence) <= chars:
        return sentence
    return sentence[:chars].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _ladder(q: Quantity) -> list[float]:
    """Values around the key in even steps, the key at a place of the ladder fixed by its sentence (not always in
    the middle: a key that the other options are built around would give itself away): steps of a round size
    for counts, percentages (kept within 0-100) and negative values; doublings for sizes and factors."""
    key = _value(q.number)
    decimals = len(q.number.split(".")[1].rstrip("%xKMGTBms ")) if "." in q.number else 0
    place = int(hashlib.sha1(q.sentence.encode()).hexdigest(), 16) % 4
    usual = USUAL.get(unit_key(q.unit), ())
    if key in usual and not decimals:  # "90 days" among 50, 70 and 110 is the only usual period: its neighbours
        i = usual.index(key)  # on the unit's own scale (30, 60, 90, 180 days) are as usual as it is
        ladders = [list(usual[j:j + 4]) for j in range(max(0, i - 3), min(i, len(usual) - 4) + 1)]
        if ladders:
            return [v for v in ladders[place % len(ladders)] if v != key]
    if q.unit in ("KB", "MB", "GB", "TB", "x") and key > 0:
        ladders = [[key * 2 ** (i - j) for i in range(5)] for j in range(5)]
    else:
        unit = 10 ** -decimals
        step = max(unit, _round_step(abs(key) / 4))
        ladders = [[key + step * (i - j) for i in range(5)] for j in range(5)]
    ok = [lad for lad in ladders if all(_fits(v, key, q) for v in lad)]
    if not ok:
        return []
    lad = ok[place % len(ok)]
    return [round(v, decimals + 2) for v in lad if v != key]


# the values a period or a duration is usually given in: a key on its unit's scale has its neighbours there as
# distractors (the key alone a usual value among unusual ones gives itself away)
USUAL = {"ms": (1, 5, 10, 20, 50, 100, 200, 500, 1000), "sec": (1, 5, 10, 15, 30, 60, 90, 120, 300, 600),
         "min": (1, 5, 10, 15, 30, 45, 60, 90, 120), "hour": (1, 2, 4, 6, 8, 12, 24, 48, 72, 168),
         "day": (1, 3, 7, 14, 30, 60, 90, 180, 365), "week": (1, 2, 4, 6, 8, 12, 26, 52),
         "month": (1, 3, 6, 12, 18, 24, 36), "year": (1, 2, 3, 5, 7, 10, 15, 20, 25, 50, 100)}


SCALE = 10  # a value of the notes' own further than this factor from the key stands out as no answer


def _round_step(x: float) -> float:
    """The round number (1, 2, 5, 10, 20, 50, ...) nearest below x, at least a tenth."""
    best = 0.1
    for base in (1, 2, 5):
        p = base
        while p <= x:
            best = max(best, p)
            p *= 10
    return best


def _fits(v: float, key: float, q: Quantity) -> bool:
    """A value that could be the answer: the sign of the key, a whole number where the key is one, a share
    within 0-100."""
    if (v <= 0 < key) or (v >= 0 > key):
        return False
    if "." not in q.number and abs(v - round(v)) > 1e-9:
        return False
    return not (unit_key(q.unit) == "%" and not 0 < v <= 100)


def _same_scale(v: float, key: float) -> bool:
    """Within an order of magnitude of the key (either way): a value a student could take for it."""
    if key == 0 or v == 0:
        return abs(v - key) <= SCALE
    return 1 / SCALE < v / key < SCALE


def unit_key(unit: str) -> str:
    """What a unit counts, singular, in lower case, short: the noun of "priority levels", "non-virtualizable
    hardware instructions" and "instructions" is "instruction"; of "units comes" "unit"; "gigabytes" is "gb"."""
    words = _unit_words(unit).split()
    if not words:
        return ""
    word = words[-1].lower()
    word = word[:-1] if word.endswith("s") and len(word) > 3 else word
    return UNIT_WORDS.get(word, word)


def _unit_words(unit: str) -> str:
    """The unit as said, up to its noun (its first plural word): "SPARC instructions", "units" (not "units
    comes"); the first word when none is plural."""
    words = unit.split()
    end = next((i for i, w in enumerate(words) if w.lower().endswith("s") and len(w) > 3), 0)
    return " ".join(words[: end + 1])


def _symbol(unit: str) -> bool:
    return unit in ("%", "x", "KB", "MB", "GB", "TB", "ms")


def _formatter(example: str):
    """Write a value the way `example` is written: its decimals, its thousands commas, its symbol."""
    sym = re.sub(r"^-?[\d.,]+\s?", "", example)
    space = " " if re.search(r"\d\s+\S", example) else ""
    decimals = len(example.split(".")[1].rstrip("%xKMGTBms ")) if "." in example else 0

    def fmt(v: float) -> str:
        body = f"{v:,.{decimals}f}" if "," in example else f"{v:.{decimals}f}"
        return f"{body}{space}{sym}" if sym else body

    return fmt
