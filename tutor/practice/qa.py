"""Notes written as questions and answers - review sheets, homework, "## What is a kernel trap?" sections -
read as facts: a question that asks what or who something is ("What is humanism?", "Who was Cardinal
Richelieu?", "What does X mean?") names a term, and the answer under it says what the term is.

General to any notes: the question may be a heading, a list item, a bold line or a plain line ending in '?';
the answer is the items nested under it, or the paragraph after it, or the rest of its own line. Only the
first question of a line is read, and its answer only when the answer is about that term (a line asking two
things answers both in one paragraph). The answer's own sentences are the description; the term, and any
other name the question gives it ("portolani, or portolan charts"), is blanked in it (prose.mask), so the
stem never names its answer. The siblings are the other terms the same notes ask about: the student's own
rivals for it.
"""

from __future__ import annotations

import re

from ingest.sources import NoteFile
from ingest.text import clean
from tutor.practice.prose import BLANK, DEFINING, MAX_WORDS, _sentences, _term_ok, _text, mask

ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+•]|\d{1,3}[.)])\s+(?P<text>\S.*)$")
HEAD = re.compile(r"^\s*#{1,6}\s+(?P<text>\S.*)$")
# what or who something is: "What is X?", "Who were the X?", "What does X mean?", "What is meant by X?"
ASKS_WHAT = re.compile(r"^(?:what|who)\s+(?:is|are|was|were)\s+(?:meant by\s+)?(?P<x>[^?]+?)\s*$"
                       r"|^what\s+(?:does|do|did)\s+(?:the\s+(?:term|word)\s+)?(?P<y>[^?]+?)\s+(?:mean|refer to|stand for)\s*$"
                       r"|^(?:define|explain the term)\s+(?P<z>[^?]+?)\s*$", re.I)
LEAD = re.compile(r"^(?:q(?:uestion)?\s*\d*\s*[:.)]\s*|\d{1,3}[.)]\s*)", re.I)
ANSWER_LEAD = re.compile(r"^(?:a(?:nswer)?\s*\d*\s*[:.)]\s*)", re.I)
# a question about one term, not about a part or a property of it ("Machiavelli's view", "the significance of")
# an answer that does not name its term says what it is from its first words: "He was ...", "An intellectual
# movement ...", "English writer who ...", "Provincial law courts ..." - not "Because ...", "Lennon had ..."
SAYS_WHAT = re.compile(r"^(?:he|she|they|it|this|these)\b|^[\w-]+ (?:[\w-]+ )?(?:who|that|which|whose|where|in which)\b", re.I)
NOT_ONE_TERM = re.compile(r"['’]s\b|\b(?:some|main|major|most|significance|relationship|role|purpose|difference|"
                          r"differences|similarities|advantages|accomplishments|causes|effects|results|goals|ideas|"
                          r"reasons|types|kinds|examples|steps|between|first|second|last|two|three|this|that|these)\b", re.I)


def _question(text: str) -> str | None:
    """The first question of a line, without its markup and numbering ("**1. What is X?**" -> "What is X?")."""
    t = clean(re.sub(r"[*_`]+", "", text)).strip()
    t = LEAD.sub("", re.sub(r"^(?:#{1,6}|[-+•]|\d{1,3}[.)])\s+", "", t))
    if "?" not in t:
        return None
    return t.split("?")[0].strip() + "?"


def _terms_asked(question: str) -> list[str]:
    """The term a question asks about, then any other name it gives it: "What are portolani, or portolan
    charts?" -> ["portolani", "portolan charts"]; [] when it asks something else."""
    m = ASKS_WHAT.match(question.rstrip("?").strip())
    if not m:
        return []
    x = (m.group("x") or m.group("y") or m.group("z") or "").strip()
    if NOT_ONE_TERM.search(x) or re.search(r"\b(?:and|where|when|why|how|which|who|in|of the)\b", x, re.I) and \
            not re.fullmatch(r"[\"“][^\"”]+[\"”]", re.sub(r"^(?:an?|the)\s+", "", x, flags=re.I)):
        return []  # "civic humanism and where was it most prominent": two questions in one
    names = []
    for part in re.split(r",?\s+or\s+|,\s*(?:also called|aka|i\.e\.)\s+", x):
        part = re.sub(r"^(?:an?|the)\s+", "", part.strip(), flags=re.I).strip(" \"“”'‘’")
        if part:
            names.append(part)
    return names if names and all(_term_ok(n) for n in names) else []


def _answer_lines(lines: list[str], n: int) -> tuple[int, int, str] | None:
    """Where the answer to the question on line n is, and its text: the items nested under a list item, else
    the paragraph after the line (up to the next heading, item or blank line) - or the rest of its own line."""
    raw = lines[n - 1]
    own = raw.split("?", 1)[1] if raw.count("?") == 1 else ""
    own = clean(re.sub(r"[*_`]+", "", own)).strip()
    if re.match(r"^(?:a(?:nswer)?\s*\d*\s*[:.)]|[:=–—-])\s*", own, re.I) and len(own.split()) >= 5:
        own = re.sub(r"^(?:a(?:nswer)?\s*\d*\s*[:.)]|[:=–—-])\s*", "", own, flags=re.I)
        return n, n, own
    item = ITEM.match(raw)
    if item:  # nested items, one level down
        ind = len(item.group("indent").expandtabs(4))
        kids, last, child = [], n, None
        for k in range(n + 1, min(len(lines), n + 40) + 1):
            line = lines[k - 1]
            if not line.strip():
                continue
            m = ITEM.match(line)
            lead = len(line) - len(line.lstrip())
            if (m and len(m.group("indent").expandtabs(4)) <= ind) or HEAD.match(line) or (not m and lead <= ind):
                break
            if m:
                child = len(m.group("indent").expandtabs(4)) if child is None else child
                if len(m.group("indent").expandtabs(4)) == child:
                    kids.append(m.group("text"))
                    last = k
        if kids:  # each item ends where it ends: "... is needed" and "Zollverein" are two, never one sentence
            return n + 1, last, " ".join(x if x.rstrip()[-1:] in ".!?;:" else x.rstrip() + "." for x in kids)
        return None
    k = n + 1
    while k <= len(lines) and not lines[k - 1].strip():
        k += 1
    start, buf = k, []
    while k <= len(lines) and lines[k - 1].strip() and not HEAD.match(lines[k - 1]) and not ITEM.match(lines[k - 1]):
        if "?" in lines[k - 1] and not buf:
            return None  # another question: no answer here
        buf.append(lines[k - 1].strip())
        k += 1
    if not buf:
        return None
    return start, k - 1, ANSWER_LEAD.sub("", " ".join(buf))


def _description(answer: str) -> str | None:
    """The answer's opening sentence(s) as a description: whole sentences, one more when the first is short."""
    sents = [s if s[-1:] in ".!" else s + "." for s in _sentences(_text(answer)) if s.strip()]
    if not sents or "?" in sents[0] or re.search(r"\$|!\[|https?:|[{}<>|#]", sents[0]):
        return None
    desc = sents[0]
    if len(desc.split()) < 10 and len(sents) > 1 and "?" not in sents[1]:
        desc = f"{desc} {sents[1]}"
    return desc if 5 <= len(desc.split()) <= MAX_WORDS + 10 else None


def qa_candidates(note: NoteFile, skip: set[int], headings: dict[int, str]) -> list[dict]:
    """Terms the notes ask about in their own questions, with the answer's sentences: the same dicts as
    prose.term_candidates (how = "question"), siblings the other terms asked in the same file."""
    lines = note.lines
    found = []
    for n, raw in enumerate(lines, 1):
        if n in skip or "?" not in raw:
            continue
        q = _question(raw)
        names = _terms_asked(q) if q else []
        if not names:
            continue
        where = _answer_lines(lines, n)
        if where is None:
            continue
        first, last, answer = where
        desc = _description(answer)
        if desc is None:
            continue
        person = q.split()[0].lower() == "who"
        if person and len(names[0].split()) >= 2 and re.fullmatch(r"[A-Z][a-z]{2,}", names[0].split()[-1]):
            names = names + [names[0].split()[-1]]  # "John Hus" is "Hus" in the answer
        if desc.count(":") >= 2:
            continue  # labels of a list that did not come along ("Government centralization: Economic ...:")
        masked = desc
        for name in names:
            masked = mask(name, masked) if masked is not None else None
        if masked is None or masked.count(BLANK) > 2 or len(masked.replace(BLANK, "").split()) < 5:
            continue  # the answer hints at its own term (a shared root), or says too little
        if BLANK not in masked and not (SAYS_WHAT.match(masked) or DEFINING.match(masked[:1].lower() + masked[1:])):
            continue  # an answer to another part of the question ("Because ...", "Lennon had ...")
        term = names[0]
        found.append({"term": term[:1].upper() + term[1:] if term[:1].islower() else term, "proper": person,
                      "description": desc, "stem_text": masked, "lines": (n, last), "heading": headings.get(n, ""),
                      "how": "question", "line": n, "asked": q})
    for c in found:
        c["siblings"] = [(o["term"], o["description"], o["line"]) for o in found if o is not c
                         and o["term"].lower() != c["term"].lower() and o["proper"] == c["proper"]]
    return found
