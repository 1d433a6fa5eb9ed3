"""Find the sample exam questions written in a note file and read their answer keys.

Notes mark answers inconsistently, and getting the key right matters more than finding every
option, so each key carries where it came from (`key_source`) and the lines that state it:

- ``answer-line``: an explicit statement ("Answer: B", "Answers: D and F", "Correct answers are: A
  and C for below problem", "C is correct") - the strongest evidence;
- ``marks``: per-option truth marks (✅ ✓ ✔ "(Correct)");
- ``elimination``: a single-answer question whose other options are all marked wrong (❌ ✗);
- ``marks`` also: options wholly in bold when only some are (``**B. Enable encryption**``);
- ``answer-line`` also: a ``<details><summary>Answer</summary>B ...</details>`` block after the options;
- ``checkbox``: ticked boxes (☒, or a GitHub task list's ``- [x]`` beside ``- [ ]``; options with no letters are
  lettered A, B, C in order), trusted only when nothing says the ticks are the author's own,
  wrong attempt ("Incorrect", "Marked as review Incorrect", an option tagged "Selected");
- ``unknown``: nothing above applies; the question is kept, never guessed.

Three ways a question starts: a label line ("QUESTION 41", "Question 46: **Incorrect**", "Q23)", "Question: <stem>"),
a top-level numbered item under a "Sample Questions" heading, or an unlabeled stem ending in '?'
directly above an option list that carries marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.mcq_grammar import (ANSWER_RE, BULLET_ITEM_RE, DETAILS_ANSWER_RE, IS_CORRECT_RE, LETTERS, TASK_BOX_RE,
                                is_marked_option, letters_in as _letters, parse_option_text,
                                select_count as _select_n)
from ingest.text import IMAGE_RE, indent_of, is_blank, is_title_like, normalize, strip_md

LABEL_RE = re.compile(r"^\s*(?:#+\s*)?(?:QUESTION|Question)\s+\d+\b(?P<rest>.*)$|^\s*Q\d+\)\s*(?P<stem>.*)$"
                      r"|^\s*(?:#+\s*)?(?:\*\*)?(?:QUESTION|Question)(?:\s+\d+)?\s*:(?:\*\*)?\s*(?P<stem2>\S.*)$")
# "Answer: <why>" after the options: the explanation, when what follows is not the key's letters
ANSWER_TEXT_RE = re.compile(r"^\s*(?:\*\*)?answers?(?:\*\*)?\s*:(?:\*\*)?\s*(?P<rest>.*)$", re.I)
RULE_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")  # a thematic break ends a question
FENCE_LINE_RE = re.compile(r"^\s*(```|~~~)")
SECTION_RE = re.compile(r"^\s*(?:#+\s*)?(?:sample|practice|review|exam)\s+questions?\s*:?\s*$", re.I)
NUM_ITEM_RE = re.compile(r"^(\s*)(\d{1,3})[.)]\s+(\S.*)$")
EXPLANATION_RE = re.compile(r"^\s*(?:\*\*)?(?:explanation|notes?)(?:\*\*)?\s*(?P<sep>:-|:–|:|-|–|$)\s*(?P<rest>.*)$", re.I)
DOMAIN_LINE_RE = re.compile(r"^\s*Domain\s*:\s*(?P<name>.+?)\s*$")
ATTEMPT_LINE_RE = re.compile(r"^\s*(?:marked as review\s+)?(?P<verdict>correct|incorrect)\s*$", re.I)
MARKER_LINE_RE = re.compile(r"^\s*\**\((?P<verdict>correct|incorrect)\)\**\s*$", re.I)
ANS_IMAGE_RE = re.compile(r"^\s*ANS\s*:", re.I)


@dataclass
class Option:
    letter: str
    text: str
    line: int
    truth: bool | None = None  # explicit ✅/✓/(Correct) -> True, ❌/✗/(Incorrect) -> False
    truth_line: int | None = None
    checked: bool = False  # the first box on the line is ☒
    selected: bool = False  # tagged "Selected": the author's own pick, not the truth
    bold: bool = False  # the whole option in bold: marked as the answer when only some options are


@dataclass
class FoundQuestion:
    """One question as written in one place of one file (line numbers are 1-based)."""

    file: str
    start: int
    end: int
    stem: str
    options: list[Option] = field(default_factory=list)
    select_n: int | None = None
    explanation: str = ""
    answer: list[str] = field(default_factory=list)
    key_lines: list[int] = field(default_factory=list)
    key_source: str = "unknown"
    note: str = ""
    domain_label: str | None = None
    heading_path: tuple[str, ...] = ()  # set by the structure parser

    @property
    def multi(self) -> bool:
        return (self.select_n or 0) > 1 or len(self.answer) > 1


# ----------------------------------------------------------------------------- anchors


def find_questions(rel: str, lines: list[str]) -> list[FoundQuestion]:
    """All sample questions in one file, in file order."""
    found: list[FoundQuestion] = []
    covered: set[int] = set()
    label_starts = [i for i, ln in enumerate(lines) if LABEL_RE.match(ln)]
    section_items = _section_items(lines)
    starts = sorted(set(label_starts) | {i for i, _ in section_items})
    item_indent = dict(section_items)
    for n, i in enumerate(starts):
        hard_end = (starts[n + 1] - 1) if n + 1 < len(starts) else len(lines) - 1
        if i in item_indent:
            q = _parse_numbered_item(rel, lines, i, item_indent[i])
        else:
            q = _parse_labelled(rel, lines, i, hard_end)
        if q is not None:
            found.append(q)
            covered.update(range(q.start - 1, q.end))
    found.extend(_unlabelled(rel, lines, covered))
    found.extend(_answer_only(rel, lines, covered | _covered(found)))
    for q in found:
        _decide_key(q, lines)
    return sorted(found, key=lambda q: q.start)


def _covered(qs: list[FoundQuestion]) -> set[int]:
    return {i for q in qs for i in range(q.start - 1, q.end)}


def _section_items(lines: list[str]) -> list[tuple[int, int]]:
    """(line index, indent) of top-level numbered items under a 'Sample Questions' heading."""
    items: list[tuple[int, int]] = []
    in_section, level = False, None
    for i, ln in enumerate(lines):
        if SECTION_RE.match(ln):
            in_section, level = True, None
            continue
        if not in_section or is_blank(ln):
            continue
        m = NUM_ITEM_RE.match(ln)
        ind = indent_of(ln)
        if m and (level is None or ind == level):
            level = ind
            items.append((i, ind))
        elif level is not None and ind <= level and not m:
            in_section = False  # dedented non-item text: the section is over
        elif level is None and not m and ind == 0 and is_title_like(ln):
            in_section = False
    return items


# ----------------------------------------------------------------------------- numbered items


def _parse_numbered_item(rel: str, lines: list[str], i: int, ind: int) -> FoundQuestion:
    """A question written as an indented numbered item; everything indented deeper belongs to it."""
    end = i
    j = i + 1
    while j < len(lines) and (is_blank(lines[j]) or indent_of(lines[j]) > ind):
        if not is_blank(lines[j]):
            end = j
        j += 1
    body = list(range(i + 1, end + 1))
    stem_parts = [NUM_ITEM_RE.match(lines[i]).group(3).strip()]
    q = FoundQuestion(file=rel, start=i + 1, end=end + 1, stem="")
    image_before_options = False
    opt_style: str | None = None
    notes: list[str] = []
    mode = "stem"
    for j in body:
        ln = lines[j]
        if is_blank(ln):
            continue
        s = ln.strip()
        style = "num" if NUM_ITEM_RE.match(ln) else "bullet" if BULLET_ITEM_RE.match(ln) else None
        if mode in ("stem", "options") and style and (opt_style in (None, style)):
            opt_style = style
            mode = "options"
            text, info = parse_option_text(re.sub(r"^\s*\d{1,3}[.)]\s+", "", ln) if style == "num" else ln)
            _add_option(q, text, info, j)
            continue
        if EXPLANATION_RE.match(s) and mode != "stem" or s.lower().rstrip(":") in ("notes", "note"):
            mode = "notes"
            rest = EXPLANATION_RE.match(s).group("rest") if EXPLANATION_RE.match(s) else ""
            if rest:
                notes.append(rest)
            continue
        if ANS_IMAGE_RE.match(s) or IMAGE_RE.search(s):
            if mode == "stem":
                image_before_options = True
            if ANS_IMAGE_RE.match(s):
                q.note = "the answer is in an image the notes do not contain"
            continue
        if mode == "stem":
            stem_parts.append(s)
        else:
            notes.append(s)
    # Unmarked bullets after an image are the author's remarks on options that live in the image.
    if image_before_options and q.options and not any(
        o.truth is not None or o.checked for o in q.options
    ):
        notes = [o.text for o in q.options] + notes
        q.options = []
        q.note = "the options are in an image the notes do not contain"
    elif not q.options:
        q.note = q.note or "the options are not in the notes"
    q.stem = " ".join(stem_parts)
    q.explanation = "\n".join(notes)
    q.select_n = _select_n(q.stem)
    return q


# ----------------------------------------------------------------------------- labelled blocks


def _parse_labelled(rel: str, lines: list[str], i: int, hard_end: int) -> FoundQuestion | None:
    m = LABEL_RE.match(lines[i])
    q = FoundQuestion(file=rel, start=i + 1, end=i + 1, stem="")
    stem_parts: list[str] = []
    rest = (m.group("stem") or m.group("stem2") or "").strip()
    header = strip_md(m.group("rest") or "")
    if rest:
        stem_parts.append(rest)
    elif len(header.lstrip(":.) ").split()) >= 3 and not re.search(r"\bcorrect\b|\bincorrect\b", header, re.I):
        stem_parts.append(header.lstrip(":.) "))  # "Question 1: Which service ...?" has its stem on the label line
    if re.search(r"\bincorrect\b", header, re.I):
        q.note = "attempt:incorrect"
    elif re.search(r"\bcorrect\b", header, re.I):
        q.note = "attempt:correct"
    j = i + 1
    # header lines: attempt verdicts and "Domain : X"
    while j <= hard_end:
        s = lines[j].strip()
        if not s:
            j += 1
            continue
        am, dm = ATTEMPT_LINE_RE.match(s), DOMAIN_LINE_RE.match(s)
        if am:
            q.note = f"attempt:{am.group('verdict').lower()}"
        elif dm:
            q.domain_label = dm.group("name")
        else:
            break
        j += 1
    j = _task_list_stem(lines, j, hard_end, stem_parts) or _read_stem(lines, j, hard_end, stem_parts)
    q.stem = " ".join(stem_parts)
    if not q.stem:
        return None
    q.end = j
    q.select_n = _select_n(q.stem)
    _read_body(q, lines, j, hard_end)
    return q


def _read_stem(lines: list[str], j: int, hard_end: int, parts: list[str]) -> int:
    """Collect stem lines until the first option line; returns the index of that line."""
    while j <= hard_end:
        ln = lines[j]
        if is_blank(ln):
            j += 1
            continue
        if BULLET_ITEM_RE.match(ln) or is_marked_option(ln):
            return j
        if parts and _asks(parts) and _is_bare_option(lines, j, hard_end):
            return j
        parts.append(strip_md(ln.strip()))
        j += 1
    return j


def _task_list_stem(lines: list[str], j: int, hard_end: int, parts: list[str]) -> int | None:
    """Options written as a task list (`- [ ]` / `- [x]`): everything before the first box is the stem, code
    blocks and plain bullets included; returns the index of the first option line, or None."""
    for k in range(j, hard_end + 1):
        if RULE_RE.match(lines[k]) or ANSWER_TEXT_RE.match(lines[k]):
            return None
        if BULLET_ITEM_RE.match(lines[k]) and TASK_BOX_RE.match(BULLET_ITEM_RE.match(lines[k]).group(2)):
            parts += [strip_md(ln.strip()) for ln in lines[j:k] if ln.strip() and not FENCE_LINE_RE.match(ln)]
            return k
    return None


def _asks(parts: list[str]) -> bool:
    text = " ".join(parts)
    return "?" in text or _select_n(text) is not None


def _is_bare_option(lines: list[str], j: int, hard_end: int) -> bool:
    """A short unmarked line after the question sentence, followed by options/verdicts/more of the same
    (not a label such as 'Options:')."""
    s = lines[j].strip()
    if len(s.split()) > 14 or EXPLANATION_RE.match(s) or s.endswith(("?", ":")):
        return False
    k = j + 1
    while k <= hard_end and is_blank(lines[k]):
        k += 1
    if k > hard_end:
        return False
    nxt = lines[k].strip()
    return bool(MARKER_LINE_RE.match(nxt)) or is_marked_option(nxt) or len(nxt.split()) <= 14


def _names_options(q: FoundQuestion, lines: list[str], j: int, hard_end: int) -> bool:
    """The first line after j that says anything is an item opening on one of the question's options
    ("- **Create an application proxy**: Used for ..."): what the explanation says of the other options."""
    while j <= hard_end and not lines[j].strip():
        j += 1
    m = BULLET_ITEM_RE.match(lines[j]) if j <= hard_end else None
    if not m:
        return False
    item = normalize(strip_md(m.group(2)))
    return any(o.text and item.startswith(normalize(strip_md(o.text))) for o in q.options)


def _read_body(q: FoundQuestion, lines: list[str], j: int, hard_end: int) -> None:
    """Options, verdict lines, explanation, and options written after the explanation."""
    explanation: list[str] = []
    state = "options"
    last = q.end - 1
    bare_ok = not q.options  # bare-line options (no bullet/box) only in a list made of them
    bullets_ok = False
    in_fence = False
    while j <= hard_end:
        ln = lines[j]
        s = ln.strip()
        fence = state == "explanation" and bool(FENCE_LINE_RE.match(ln))
        in_fence ^= fence
        if fence or in_fence:  # code in an explanation is part of it, whatever its lines look like
            explanation.append(s)
            last = j
            j += 1
            continue
        if not s or s == "-":
            j += 1
            continue
        if RULE_RE.match(s) and (q.options or state != "options"):
            break
        marker = MARKER_LINE_RE.match(s)
        expl = EXPLANATION_RE.match(s)
        if marker and q.options:
            opt = q.options[-1]
            opt.truth = marker.group("verdict").lower() == "correct"
            opt.truth_line = j + 1
            last = j
        elif expl and (expl.group("sep") or not expl.group("rest")):
            rest = expl.group("rest").strip(" -–")
            if rest:
                explanation.append(rest)
                state = "after-explanation"
                # options continuing after a one-line explanation may be plain bullets only when
                # the list before it was cut short (one option, as when the key comes first)
                bullets_ok = len(q.options) < 2
                last = j
            else:
                state = "explanation"
                last = j
        elif state == "explanation" and not is_marked_option(ln):
            if is_title_like(s) and not ANSWER_RE.match(s) and not _names_options(q, lines, j + 1, hard_end):
                break  # (a title over items that name the question's options - "Incorrect options:" - goes on)
            explanation.append(s)
            last = j
        elif state == "options" and (is_marked_option(ln) or BULLET_ITEM_RE.match(ln)):
            text, info = parse_option_text(ln)
            _add_option(q, text, info, j)
            bare_ok, last = False, j
        elif state == "options" and bare_ok and _is_bare_option(lines, j, hard_end):
            text, info = parse_option_text(ln)
            _add_option(q, text, info, j)
            last = j
        elif state == "explanation" and is_marked_option(ln):
            text, info = parse_option_text(ln)
            _add_option(q, text, info, j)
            state, last = "after-explanation", j
        elif (state == "options" and q.options and ANSWER_RE.match(strip_md(s))
              and "below" not in s.lower()):  # "Answer: B" right after the options ends the question
            last = j
            break
        elif state == "after-explanation" and (
            is_marked_option(ln) or (BULLET_ITEM_RE.match(ln) and bullets_ok)
        ):
            text, info = parse_option_text(ln)
            _add_option(q, text, info, j)
            last = j
        elif q.options and s.lower().startswith("<details"):
            close = next((k for k in range(j, hard_end + 1) if "</details>" in lines[k].lower()), None)
            if close is None:
                break
            explanation.append(re.sub(r"\s+", " ", strip_md(" ".join(lines[j : close + 1]))))
            last = j = close
            state = "after-explanation"
        elif state == "options" and ANSWER_TEXT_RE.match(s) and not ANSWER_RE.match(strip_md(s)):
            rest = ANSWER_TEXT_RE.match(s).group("rest").strip()  # "Answer: <why>", the key being the ticks
            explanation += [rest] if rest else []
            state, last = "explanation", j
        else:
            break
        j += 1
    q.end = last + 1
    q.explanation = "\n".join(explanation)


def _add_option(q: FoundQuestion, text: str, info: dict, j: int) -> None:
    if len(q.options) >= len(LETTERS):  # a list this long is not an exam question's options
        return
    letter = info["letter"] or LETTERS[len(q.options)]
    q.options.append(
        Option(
            letter=letter,
            text=text,
            line=j + 1,
            truth=info["truth"],
            truth_line=j + 1 if info["truth"] is not None else None,
            checked=info["checked"],
            selected=info["selected"],
            bold=info["bold"],
        )
    )


# ----------------------------------------------------------------------------- unlabelled


def _unlabelled(rel: str, lines: list[str], covered: set[int]) -> list[FoundQuestion]:
    """A stem asking a question directly above an option list with marks."""
    out: list[FoundQuestion] = []
    i = 0
    while i < len(lines):
        if i in covered or not is_marked_option(lines[i]) or not BULLET_ITEM_RE.match(lines[i]):
            i += 1
            continue
        stem_parts, start, key_line = _walk_back_stem(lines, i, covered)
        task_list = bool(TASK_BOX_RE.match(BULLET_ITEM_RE.match(lines[i]).group(2)))
        if not stem_parts or not (_asks(stem_parts) or task_list and stem_parts[-1].endswith(":")):
            i += 1
            continue
        q = FoundQuestion(file=rel, start=start + 1, end=i + 1, stem=" ".join(stem_parts))
        q.select_n = _select_n(q.stem)
        if key_line is not None:
            q.note = f"answer-before:{key_line + 1}"
        nxt = i
        while nxt < len(lines) and nxt not in covered:
            nxt += 1
        _read_body(q, lines, i, nxt - 1)
        out.append(q)
        covered.update(range(q.start - 1, q.end))
        i = q.end
    return out


def _walk_back_stem(lines: list[str], i: int, covered: set[int]) -> tuple[list[str], int, int | None]:
    paragraphs: list[list[int]] = []
    j = i - 1
    key_line = None
    while j >= 0 and len(paragraphs) < 3 and j not in covered:
        if is_blank(lines[j]):
            j -= 1
            continue
        if RULE_RE.match(lines[j]):  # a thematic break: what is above belongs to something else
            break
        if ANSWER_RE.match(lines[j]):
            key_line = j
            break
        k = j
        while k >= 0 and not is_blank(lines[k]) and k not in covered:
            k -= 1
        block = list(range(k + 1, j + 1))
        if any(BULLET_ITEM_RE.match(lines[b]) for b in block) or (
            len(block) == 1 and is_title_like(lines[block[0]]) and "?" not in lines[block[0]]
        ):
            break
        paragraphs.insert(0, block)
        j = k
    if key_line is None and j >= 0 and j not in covered and not is_blank(lines[j]) and ANSWER_RE.match(lines[j]):
        key_line = j
    if not paragraphs:
        return [], i, None
    parts = [strip_md(lines[b].strip()) for p in paragraphs for b in p]
    start = key_line if key_line is not None else paragraphs[0][0]
    return parts, start, key_line


def _answer_only(rel: str, lines: list[str], covered: set[int]) -> list[FoundQuestion]:
    """'C is correct' under a quoted scenario whose options are not in the notes (e.g. an image)."""
    out: list[FoundQuestion] = []
    for i, ln in enumerate(lines):
        m = IS_CORRECT_RE.match(ln)
        if i in covered or not m:
            continue
        for j in range(i - 1, max(-1, i - 14), -1):
            s = lines[j].strip()
            if j in covered:
                break
            if s.startswith(("“", '"')) or (s.endswith("?") and len(s.split()) > 6):
                q = FoundQuestion(file=rel, start=j + 1, end=i + 1, stem=strip_md(s.strip("“”\" ")))
                q.answer, q.key_lines, q.key_source = _letters(m.group("letters")), [i + 1], "answer-line"
                q.note = "the options are not in the notes (likely an image)"
                out.append(q)
                break
    return out


# ----------------------------------------------------------------------------- keys


def _decide_key(q: FoundQuestion, lines: list[str]) -> None:
    if q.key_source != "unknown":
        return
    letters = {o.letter for o in q.options}
    attempt = q.note if q.note.startswith("attempt:") else ""
    q.note = "" if attempt else q.note
    stated = _stated_answer(q, lines)
    if stated and (not letters or set(stated[0]) <= letters):
        q.answer, q.key_lines, q.key_source = stated[0], [stated[1]], "answer-line"
    elif any(o.truth for o in q.options):
        right = [o for o in q.options if o.truth]
        q.answer = sorted(o.letter for o in right)
        q.key_lines = sorted(o.truth_line or o.line for o in right)
        q.key_source = "marks"
    elif _bold_marked(q):
        right = [o for o in q.options if o.bold]
        q.answer, q.key_lines, q.key_source = sorted(o.letter for o in right), sorted(o.line for o in right), "marks"
    elif _eliminated(q):
        right = [o for o in q.options if o.truth is None]
        q.answer, q.key_lines, q.key_source = [right[0].letter], sorted(
            o.line for o in q.options if o.truth is False), "elimination"
    elif any(o.checked for o in q.options):
        if attempt == "attempt:incorrect":
            q.note = "the ticks are the author's attempt, marked incorrect, and no answer is given"
        elif any(o.selected for o in q.options):
            q.note = "the ticks mix the author's own selection with the key"
        else:
            checked = [o for o in q.options if o.checked]
            q.answer = sorted(o.letter for o in checked)
            q.key_lines = sorted(o.line for o in checked)
            q.key_source = "checkbox"
    if q.key_source == "unknown" and not q.note:
        q.note = "the notes do not say which option is correct"


def _stated_answer(q: FoundQuestion, lines: list[str]) -> tuple[list[str], int] | None:
    if q.note.startswith("answer-before:"):
        n = int(q.note.split(":")[1])
        q.note = ""
        return _letters(ANSWER_RE.match(lines[n - 1]).group("letters")), n
    for n in range(q.start, q.end + 1):
        ln = lines[n - 1]
        m = ANSWER_RE.match(strip_md(ln)) or IS_CORRECT_RE.match(ln)
        if m:
            return _letters(m.group("letters")), n
    return _details_answer(q, lines)


def _bold_marked(q: FoundQuestion) -> bool:
    """Some options, not all, written wholly in bold: the bold ones are the key."""
    n = sum(o.bold for o in q.options)
    return len(q.options) >= 2 and 0 < n < len(q.options) and n <= (q.select_n or 1)


def _details_answer(q: FoundQuestion, lines: list[str]) -> tuple[list[str], int] | None:
    """A key hidden in <details>: the letters the revealed text starts with (after the <summary>)."""
    for n in range(q.start, q.end + 1):
        if not lines[n - 1].strip().lower().startswith("<details"):
            continue
        for k in range(n, q.end + 1):
            text = strip_md(re.sub(r"<summary>.*?</summary>", " ", lines[k - 1], flags=re.I))
            m = DETAILS_ANSWER_RE.match(text)
            if text and m:
                return _letters(m.group("letters")), k
            if "</details>" in lines[k - 1].lower():
                break
    return None


def _eliminated(q: FoundQuestion) -> bool:
    if (q.select_n or 1) != 1 or len(q.options) < 3:
        return False
    unmarked = [o for o in q.options if o.truth is None]
    return len(unmarked) == 1 and all(o.truth is False for o in q.options if o.truth is not None)
