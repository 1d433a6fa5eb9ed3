"""How a multiple-choice question is written down: option lines and their letters, truth marks and
ticked boxes, answer lines ("Answer: B", "Answers: D and F", "C is correct") and "Select TWO".

Used by the question bank (reading the notes' own sample questions) and by chat (reading a question a
student pastes), so both read the same grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text import clean

LETTERS = "ABCDEFGHIJ"
BOXES_CHECKED = "☒☑"
BOXES = "☐" + BOXES_CHECKED
TRUE_MARKS = "✅✓✔"
FALSE_MARKS = "❌✗✘"
NOISE_MARKS = "☹"

BULLET_ITEM_RE = re.compile(r"^(\s*)[-*•+]\s+(\S.*)$")
# A GitHub task-list box at the start of an option: "[x] right", "[ ] wrong" (the key is what is ticked)
TASK_BOX_RE = re.compile(r"^\[([ xX])\]\s+")
LETTER_PREFIX_RE = re.compile(r"^([A-J])[.)]\s+(.*)$")
BOLD_OPTION_RE = re.compile(r"^(?:\*\*|__)([^*_].*?)(?:\*\*|__)$")
# A <details> answer: "<details><summary>Answer</summary>B. Enable encryption</details>" -> B
DETAILS_ANSWER_RE = re.compile(r"^\s*(?:(?:the\s+)?(?:correct\s+)?answers?\s*(?:is|are)?\s*[:\-]?\s*)?"
                               r"(?P<letters>[A-J](?:\s*(?:,|and|&)\s*[A-J])*)(?=$|[\s.,;:)])", re.I)
ANSWER_RE = re.compile(
    r"^\s*(?:the\s+)?(?:correct\s+)?answers?\s*(?:is|are)?\s*[:\-]\s*"
    r"(?P<letters>[A-J](?:\s*(?:,|and|&|/)\s*[A-J])*)(?=\s*(?:$|[.,;)(]|for\b))",
    re.I,
)
IS_CORRECT_RE = re.compile(r"^\s*(?P<letters>[A-J](?:\s*(?:,|and|&)\s*[A-J])*)\s+(?:is|are)\s+correct\.?\s*$")
SELECT_RE = re.compile(
    r"(?:select|choose|pick)\s+(?P<n>two|three|four|five|2|3|4|5)\b|\bwhich\s+(?P<n2>two|three|four)\b", re.I
)
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}
_TRAILING_MARKS = (
    (r"\s*\**\(correct\)\**$", "truth", True),
    (r"\s*\**\(incorrect\)\**$", "truth", False),
    (r"\s*\**selected\**$", "selected", True),
    (r"\s*[✅✓✔]$", "truth", True),
    (r"\s*[❌✗✘]$", "truth", False),
)
# A pasted option: "A. text", "(b) text", "- C) text", "☐ D: text", or "1. text"
PASTED_OPTION_RE = re.compile(r"^\s*(?:[-*•]\s*)?(?:[☐☒☑✅❌✓✗✔]\s*)*\(?([A-Ja-j])[\).:]\s+(.+?)\s*$")
PASTED_NUMBERED_RE = re.compile(r"^\s*(\d)[.)]\s+(.+?)\s*$")
PASTED_TASK_RE = re.compile(r"^\s*[-*+]\s+\[[ xX]\]\s+(.+?)\s*$")  # "- [ ] text": lettered by its place


def parse_option_text(raw: str) -> tuple[str, dict]:
    """Strip bullets, boxes, marks and tags from an option line; return its text and what was found.

    >>> parse_option_text("- ☒ B. Enable encryption (Correct)")
    ('Enable encryption', {'truth': True, 'checked': True, 'boxed': True, 'selected': False, 'letter': 'B', 'bold': False})
    """
    text = raw.strip()
    info = {"truth": None, "checked": False, "boxed": False, "selected": False, "letter": None, "bold": False}
    m = BULLET_ITEM_RE.match(text)
    if m:
        text = m.group(2).strip()
    first_box = True
    task = TASK_BOX_RE.match(text)
    if task:
        info["checked"], info["boxed"], first_box = task.group(1) != " ", True, False
        text = text[task.end():].strip()
    while text and (text[0] in BOXES + TRUE_MARKS + FALSE_MARKS + NOISE_MARKS):
        ch = text[0]
        if ch in BOXES:
            if first_box:
                info["checked"] = ch in BOXES_CHECKED
                info["boxed"] = True
                first_box = False
        elif ch in TRUE_MARKS:
            info["truth"] = True
        elif ch in FALSE_MARKS:
            info["truth"] = False
        text = text[1:].strip()
    changed = True
    while changed and text:
        changed = False
        for pattern, key, value in _TRAILING_MARKS:
            new = re.sub(pattern, "", text, flags=re.I)
            if new != text:
                text, changed = new.strip(), True
                info[key] = value
    bold = BOLD_OPTION_RE.match(text)  # "**B. Enable encryption**": an option marked as the answer by bold
    if bold:
        info["bold"], text = True, bold.group(1).strip()
    m = LETTER_PREFIX_RE.match(text)
    if m:
        info["letter"], text = m.group(1), m.group(2).strip()
    return text.strip(), info


def is_marked_option(line: str) -> bool:
    """A line that carries a box or a truth mark, as the options of a sample question do."""
    s = line.strip()
    if not s:
        return False
    body = BULLET_ITEM_RE.match(s)
    head = body.group(2) if body else s
    if body and TASK_BOX_RE.match(head):
        return True
    return head[:1] in BOXES + TRUE_MARKS + FALSE_MARKS or bool(
        re.search(r"(?:[✅❌✓✗✔]|\((?:in)?correct\)\**)\s*$", s, re.I)
    )


def letters_in(spec: str) -> list[str]:
    """'A and C' -> ['A', 'C'] (the 'and' must not contribute its capital letters)."""
    return sorted(set(re.findall(r"(?<![A-Za-z])[A-J](?![A-Za-z])", spec)))


def select_count(text: str) -> int | None:
    """How many options the stem asks for ("Select TWO", "Which three ..."), or None."""
    m = SELECT_RE.search(text)
    if not m:
        return None
    word = (m.group("n") or m.group("n2") or "").lower()
    return NUMBER_WORDS.get(word) or (int(word) if word.isdigit() else None)


@dataclass(frozen=True)
class PastedQuestion:
    stem: str
    options: dict[str, str]
    n_choose: int


def parse_pasted(text: str) -> PastedQuestion | None:
    """A question pasted into chat: a stem and at least two options lettered A, B, C... (or numbered 1, 2,
    3..., or a task list's `- [ ]` items, lettered by their place) in order. A wrapped option continues on the
    next line. None when the text is not one."""
    lines = text.strip().split("\n")
    opts: dict[str, str] = {}
    first = None
    for i, ln in enumerate(lines):
        task = PASTED_TASK_RE.match(ln)
        if task and len(opts) < len(LETTERS):
            first = i if first is None else first
            opts[LETTERS[len(opts)]] = parse_option_text(task.group(1))[0]
            continue
        m = PASTED_OPTION_RE.match(ln) or PASTED_NUMBERED_RE.match(ln)
        if not m:
            if opts and ln.strip():
                last = list(opts)[-1]
                opts[last] += " " + ln.strip()
            continue
        key = m.group(1).upper()
        letter = key if key.isalpha() else (LETTERS[int(key) - 1] if key != "0" else None)
        if letter != LETTERS[len(opts)]:
            if not opts:
                continue
            break
        first = i if first is None else first
        opts[letter] = parse_option_text(m.group(2))[0]
    if len(opts) < 2 or first is None:
        return None
    stem = clean(" ".join(lines[:first]))
    if len(stem.split()) < 3:
        return None
    n = select_count(stem) or 1
    return PastedQuestion(stem, opts, min(max(n, 1), len(opts) - 1))
