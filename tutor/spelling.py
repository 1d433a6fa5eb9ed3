"""Spelling variants: a question word the notes never use, read as the notes' own word closest to it
("Derivitive suit" -> "derivative" in notes that spell it right; "memorise" -> "memorize"; "fibre" -> "fiber").

The notes' vocabulary is their words as written, counted once per index. A word is replaced only when the
notes never use it (neither as written nor by its stem), it is long enough to be misspelled rather than a
different short word, and one of the notes' words is within a small edit distance of it.
"""

from __future__ import annotations

import difflib
import re
import threading
from collections import Counter

from ingest.terms import stem, unaccented
from tutor.vocabulary import everyday, everyday_slips, one_slip, verb_form

WORD_RE = re.compile(r"[A-Za-z][a-z]{3,}")
CAPS_RE = re.compile(r"\b[A-Z][A-Z0-9]{2,}\b")
ACCENTED_RE = re.compile(r"\w*[À-ÖØ-öø-ÿ]\w*")  # a word with an accented letter
LONG = 6  # letters: a shorter word is read as one of the notes' only when a single slip away ("modle")
CUTOFF = 0.85  # difflib similarity: about one letter off in seven
EVERYDAY_SLIP = 5  # letters: a lower-case word this long a single slip off an everyday English word is that word
LONG_NAME = 10  # letters: a name this long one letter off a word of the notes is their word, spelled otherwise
NAME_PAIR_RE = re.compile(r"\b([A-Z][a-z]{3,})\s+([A-Z][a-z]{2,})\b")  # a two-word name ("Edmund Burke")
_lock = threading.Lock()
# by index (the index is kept with its entry, so its id is not reused by another while cached)
_vocab: dict[int, tuple[object, tuple]] = {}
PAIR_RE = re.compile(r"(?<![A-Za-z])([A-Za-z]{3,})([ -])(?=([A-Za-z]{3,})(?![A-Za-z]))")
# a word of two parts joined by a hyphen ("k-NN", "e-mail"): read as the notes' one word when they write it so
HYPHENED_RE = re.compile(r"(?<![\w-])([A-Za-z]+)-([A-Za-z]+)(?![\w-])")


SHORT_FORM_RE = re.compile(r"\b[A-Z]{2,6}s?\b")  # "FP", "FPs", "LDCs", "SMD": a short form written in capitals
_shorts: dict[int, tuple[object, frozenset[str]]] = {}


def short_forms(index) -> frozenset[str]:
    """The short forms the notes write in capitals ("FPs", "SMD"), lower case: one read of the notes per index."""
    key = id(index)
    with _lock:
        if key not in _shorts or _shorts[key][0] is not index:
            found: set[str] = set()
            try:
                for c in index.store.iter_chunks(with_text=True):
                    found.update(w.lower() for w in SHORT_FORM_RE.findall(c.text))
            except Exception:  # no text to read (a store that went away): no short forms
                return frozenset()
            _shorts[key] = (index, frozenset(found))
        return _shorts[key][1]


def _vocabulary(index) -> tuple[set[str], set[str], list[str], set[tuple[str, str]], dict[str, str], dict[str, str],
                                set[str], dict[str, str]]:
    """The notes' words (as written, by stem, most used first), their numbered names as written
    (("phase", "1"), ("wilhelm", "II")), their two-word names by the word they make joined ("autoscaling":
    "auto scaling", the way the notes write it most) and their one-word forms by the hyphened words that read as
    them ("k-nn": "KNN"; none the notes write with the hyphen themselves), and their accented words by the way
    they read without accents ("detente": "Détente"): one read of the notes per index."""
    key = id(index)
    with _lock:
        if key not in _vocab or _vocab[key][0] is not index:
            counts: Counter = Counter()
            numbered: set[tuple[str, str]] = set()
            pairs: Counter = Counter()
            caps: Counter = Counter()  # "SMOTE", "GAN": a student who types "smote" means the notes' name
            hyphened: set[str] = set()
            accented: Counter = Counter()
            for c in index.store.iter_chunks(with_text=True):
                accented.update(ACCENTED_RE.findall(c.text))
                counts.update(w.lower() for w in WORD_RE.findall(c.text))
                caps.update(CAPS_RE.findall(c.text))
                hyphened.update(m.group(0).lower() for m in HYPHENED_RE.finditer(c.text))
                numbered.update((m.group(1).lower(), m.group(2)) for m in NUMBERED_RE.finditer(c.text))
                pairs.update(f"{m.group(1)}{m.group(2)}{m.group(3)}".lower() for m in PAIR_RE.finditer(c.text))
            words = {w for w, n in counts.items()} | {w.lower() for w in caps}  # (never a correction's target)
            joined: dict[str, str] = {}
            for pair, _ in pairs.most_common():
                joined.setdefault(re.sub(r"[ -]", "", pair), pair)
            one_word = {w.lower(): w for w, _ in reversed(caps.most_common())}  # the capitals written most
            one_word.update({w: w for w in counts if w not in one_word})
            by_plain: dict[str, str] = {}
            for w, _ in accented.most_common():  # (the spelling the notes use most)
                if len(w) >= 4:
                    by_plain.setdefault(unaccented(w).lower(), w)
            _vocab[key] = (index, (words, {stem(w) for w in words}, sorted(words, key=lambda w: -counts[w]), numbered,
                                   joined, one_word, hyphened, by_plain))
        return _vocab[key][1]


ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6", "VII": "7", "VIII": "8", "IX": "9", "X": "10"}
NUMBERED_RE = re.compile(r"\b([A-Za-z]{3,})\s+(\d{1,2}|[IVX]{1,4})\b")


# English chat spelling of question words (not any subject's terms): read as the words they stand for
CHAT = {"wat": "what", "wut": "what", "wats": "what's", "whats": "what's", "wen": "when", "wich": "which",
        "hw": "how", "shud": "should", "shld": "should", "cud": "could", "cld": "could", "wud": "would",
        "abt": "about", "bout": "about", "pls": "please", "plz": "please", "ur": "your", "bc": "because",
        "becuz": "because", "cuz": "because", "coz": "because", "diff": "difference", "tho": "though",
        "thru": "through", "enuf": "enough", "ppl": "people", "gud": "good", "wanna": "want to",
        "dont": "don't", "doesnt": "doesn't", "isnt": "isn't", "cant": "can't", "wont": "won't",
        "l8r": "later", "4ever": "forever", "b4": "before", "gr8": "great", "2day": "today"}
CHAT_RE = re.compile(r"\b(" + "|".join(sorted(CHAT, key=len, reverse=True)) + r")\b", re.I)
# one-letter chat words, read so only in a message written in chat spelling, and only where they stand for a word:
# "r" right after a question word ("wat r kendra"), "n"/"u" between two words ("joinable n detached", "would u
# use") - not before an article ("converge n the error": a clause, not a name joined) - elsewhere a single letter
# is a variable or a grade ("what is n", "size n for"). Two second readers of the answers it moved: better in 6
# ("pthread_mutex_lock n pthread_mutex_trylock", "preempt, schedule n dispatch"), worse in 4
LETTER_R_RE = re.compile(r"\b(what|who|where|how|why|which|when)\s+r\b", re.I)
LETTER_N_RE = re.compile(r"(?<=[A-Za-z]{3}) (n|u) (?!(?:the|a|an)\b)(?=[A-Za-z]{3})", re.I)
# the words a question is framed with, which the notes need not use: "diffrence between" in notes that never
# write "difference" is still a comparison
FRAME_WORDS = ("difference", "differences", "different", "between", "compare", "contrast", "versus", "explain",
               "example", "examples", "describe", "define", "which", "what",
               # and the words that stress a question ("whats disulfiram actualy do": "actually", read as no part of
               # what is asked, `intent.STRESS_RE`)
               "actually", "really", "exactly", "basically", "essentially", "precisely", "literally")


VOWEL_RE = re.compile(r"[aeiouy]")
SOUNDS_RE = re.compile(r"(\w{3,})shun(s?)$")  # a word's "-tion"/"-sion" written as it sounds: "revolushun"


def skeleton(word: str) -> str:
    """A word without its vowels, a doubled letter once: "between" -> "btwn", "messages" -> "msgs"."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiou]", "", word.lower()))


def correct(question: str, index) -> tuple[str, list[tuple[str, str]]]:
    """The question with each word the notes never use replaced by their closest word, if one is close,
    and the (asked, read as) pairs."""
    changed: list[tuple[str, str]] = []
    try:
        words, stems, ranked, have, joined, one_word, hyphened, by_plain = _vocabulary(index)
    except Exception:  # no text to read: leave the question as asked
        return question, changed

    known = ranked + [f for f in FRAME_WORDS if f not in words]  # the notes' words first, then the frame's

    def fix(m: re.Match) -> str:
        w = m.group(0)
        low = w.lower()
        if low in by_plain and low not in words:  # "detente" in notes that write "Détente": their spelling
            out = by_plain[low] if w[0].isupper() else by_plain[low].lower()
            changed.append((w, out))
            return out
        if low in words or stem(low) in stems or everyday(low) or verb_form(low):
            return w  # the notes' own word, or a real English word the notes happen not to use ("revising")
        if low in joined:  # "autoscaling" in notes that write "auto scaling" / "Auto-scaling": their two words
            changed.append((w, joined[low]))
            return joined[low]
        if w[0].isupper() and m.start() > 0 and not re.search(r"[.?!:]\s*$", m.string[: m.start()]):
            # a name in mid-sentence ("Amazon Macie") is what is asked about, not a typo - unless it is a long one
            # a single letter off the notes' own ("Burschenschaften" in notes that write "Burschenshaften")
            near = [x for x in ranked if len(x) >= LONG_NAME and one_slip(low, x)][:1] if len(low) >= LONG_NAME else []
            if near:  # (as the notes write it most: "McCarthyism", not "Mccarthyism")
                out = one_word.get(near[0], near[0].capitalize())
                changed.append((w, out))
                return out
            return w
        if w.islower() and len(low) >= 3 and not VOWEL_RE.search(low):
            # "btwn", "msgs": a word written without its vowels is the notes' word (most used first) that reads so
            near = [x for x in known if len(x) > len(low) and skeleton(x) == low][:1]
            if near:
                changed.append((w, near[0]))
                return near[0]
        said = [x for x in (SOUNDS_RE.sub(r"\1tion\2", low), SOUNDS_RE.sub(r"\1sion\2", low)) if x != low and x in words]
        if said:  # "revolushun", "educashun": "-tion" / "-sion" written as it sounds
            out = said[0].capitalize() if w[0].isupper() else said[0]
            changed.append((w, out))
            return out
        if len(low) < LONG and any(x.startswith(low) and len(x) > len(low) + 1 for x in ranked):
            return w  # the start of a word of the notes is its abbreviation ("comp gov"), not a slip off "come"
        if len(low) < LONG:  # "sprit", "modle": one letter added, dropped or swapped off a word of the notes
            near = [x for x in known if len(x) >= 4 and one_slip(low, x)][:1]
        else:
            near = difflib.get_close_matches(low, [x for x in known if abs(len(x) - len(low)) <= 2 and x[0] == low[0]],
                                             n=1, cutoff=CUTOFF) or \
                [x for x in known if len(x) == len(low) and x[1:] == low[1:]][:1]  # "carlsbad" for "Karlsbad"
        if not near and w.islower() and len(low) >= EVERYDAY_SLIP:
            # "docter", "mesages": a slip off a word of everyday English the notes do not use is that word, not a
            # term the notes lack (the same letters swapped first: "recieve" is "receive", not "relieve")
            near = sorted(everyday_slips(low), key=lambda x: (sorted(x) != sorted(low), x))[:1]
        if not near:
            return w
        out = near[0].capitalize() if w[0].isupper() else near[0]
        changed.append((w, out))
        return out

    def chat(m: re.Match) -> str:
        w = m.group(0)
        if w.lower() in words or w.isupper():
            return w  # the notes' own word ("diff" in notes on Unix tools), or an acronym
        out = CHAT[w.lower()]
        out = out.capitalize() if w[0].isupper() else out
        changed.append((w, out))
        return out

    def plain(m: re.Match) -> str:  # "René" in notes that write "Rene": the notes' spelling, without accents
        w = m.group(0)
        out = unaccented(w)
        if out.lower() in words and w.lower() not in words:
            changed.append((w, out))
            return out
        return w

    def numbered(m: re.Match) -> str:  # "Phase I" in notes that number it "Phase 1", and the other way
        word, n = m.group(1), m.group(2)
        other = ROMAN.get(n) or next((r for r, d in ROMAN.items() if d == n), None)
        if other and (word.lower(), n) not in have and (word.lower(), other) in have:
            changed.append((m.group(0), f"{word} {other}"))
            return f"{word} {other}"
        return m.group(0)

    def named(m: re.Match) -> str:  # "Edmund Burke" in notes that write "Edmond Burke": one name, their spelling
        from tutor.compose import notes_name

        a, b = m.group(1), m.group(2)
        if notes_name(index, [stem(a.lower()), stem(b.lower())]):
            return m.group(0)  # the notes' own name as asked ("World War", "Key Vault")
        for i, w in ((0, a), (1, b)):
            other = (b, a)[i]
            if w.lower() in words or other.lower() not in words:
                continue  # (only a name whose other word is the notes' own is read as theirs)
            for x in known:
                if len(x) >= 4 and one_slip(w.lower(), x) and stem(x) != stem(w.lower()):
                    pair = [stem(x), stem(other.lower())][:: 1 if i == 0 else -1]
                    if notes_name(index, pair):
                        changed.append((w, x.capitalize()))
                        return m.group(0).replace(w, x.capitalize(), 1)
        return m.group(0)

    def unhyphened(m: re.Match) -> str:  # "k-NN" in notes that write "KNN", "e-mail" in notes that write "email"
        w, low = m.group(0), (m.group(1) + m.group(2)).lower()
        if w.lower() in hyphened or low not in one_word:
            return w
        changed.append((w, one_word[low]))
        return one_word[low]

    question = HYPHENED_RE.sub(unhyphened, question)
    question = ACCENTED_RE.sub(plain, question)
    question = NUMBERED_RE.sub(numbered, question)
    question = NAME_PAIR_RE.sub(named, question)
    chatted = CHAT_RE.sub(chat, question)
    if changed:  # written in chat spelling: its one-letter words too
        def letter(m: re.Match, one: str, word: str, out: str) -> str:
            changed.append((one, word))
            return out

        chatted = LETTER_R_RE.sub(lambda m: letter(m, "r", "are", f"{m.group(1)} are"), chatted)
        chatted = LETTER_N_RE.sub(lambda m: letter(m, m.group(1), *(("and", " and ") if m.group(1).lower() == "n"
                                                                    else ("you", " you "))), chatted)
    return WORD_RE.sub(fix, chatted), changed
