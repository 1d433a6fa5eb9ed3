"""How a scored multiple-choice question is told to a student: the choice (or that the notes do not settle
it, which way they lean and why not), how sure the notes make it, then one sentence per option that quotes
the line of the notes deciding it, with its file:line and citation: it meets what the stem asks, the notes
rule it out, the notes mention it but not for that, or they never mention it. An option gets ✔ only when
the tutor answers."""

from __future__ import annotations

import re

from ingest.terms import keyterms
from tutor.mcq import McqResult, OptionScore, leaf_heading
from tutor.text import defuse

LEVEL_WORDS = {
    "high": "high confidence: your notes settle it",
    "medium": "medium confidence: your notes point to it but do not settle it beyond doubt",
    "low": "low confidence",
}
SUPPORTED = 0.25  # an option's support (its "pos" signal) from which a line is said to meet the stem
MARKED = 0.3
COMMON = {"that", "this", "with", "from", "into", "because", "which", "their", "there", "have", "only", "must", "should",
          "will", "would", "when", "each", "every", "after", "before", "data", "use", "using"}  # how closely a sample question of the notes must match this one for its key to count


def _quote(text: str, limit: int = 200, focus: str = "") -> str:
    """The line, cut to `limit` characters around the first word of `focus` (the option) it holds, so a long line
    that names the option late still shows the name."""
    text = defuse(text.strip())
    if len(text) <= limit:
        return text
    low = text.lower()
    words = [w for w in re.findall(r"[a-z0-9][\w-]{3,}", focus.lower()) if w not in COMMON]
    at = min((low.find(w) for w in words if low.find(w) >= 0), default=0)
    start = 0 if at < limit - 60 else max(0, text.rfind(" ", 0, at - 60) + 1)
    cut = text[start : start + limit - 1]
    if start + limit - 1 < len(text):
        cut = cut.rsplit(" ", 1)[0] + "…"
    return ("…" if start else "") + cut


NEED = "what the question asks"


def _cited(st, cite, limit: int = 200, focus: str = "") -> str:
    text = st.text
    if st.subject and st.subject.lower() not in text.lower():  # "Prazosin" for its row "A1A, A1B, A1D antagonist."
        text = f"{st.subject}: {text}"
    leaf = leaf_heading(st)
    if focus and leaf and not keyterms(focus) & keyterms(text) and keyterms(focus) & keyterms(leaf):
        text = f"{leaf}: {text}"  # the line under "## Prazosin" names it by its heading
    return f"“{_quote(text, limit, focus)}” ({st.location}) [{cite(st)}]"


def _together(others: list[str]) -> str:
    return " and ".join(", ".join(others).rsplit(", ", 1))


def reason(r: OptionScore, result: McqResult, chosen: bool, cite) -> str:
    """One sentence: why this option is (not) the answer, quoting the line of the notes that decides it. Only a
    line that names the option in its own words is quoted for it (OptionScore.quotes); "rule it out" only when
    such a line denies it; an option no line names is "not mentioned" (with the words of it the notes never use)."""
    f = r.features
    marked = r.marked if r.marked is not None and max(f.get("mark_pos", 0), f.get("mark_neg", 0)) >= MARKED else None
    if marked is not None and marked.truth:
        return f"a sample question in your notes gives it as the key: {_cited(marked, cite)}"
    ev, ag, mn = (r.quotes.get(k) for k in ("evidence", "against", "mention"))
    supported = ev is not None and ev[1] >= SUPPORTED
    against = ag is not None and ag[1] >= SUPPORTED
    if against and (not supported or ag[1] >= ev[1] or (chosen and result.negative)):
        return f"your notes rule it out: {_cited(ag[0], cite, focus=r.text)}"
    if marked is not None:
        return f"a sample question in your notes marks it wrong: {_cited(marked, cite)}"
    if supported:
        st, _, others = ev
        if result.negative:
            return f"your notes say it holds: {_cited(st, cite, focus=r.text)}"
        if others:
            return (f"your notes name it for {NEED}, but in the same line as {_together(others)}, so the line does not "
                    f"single it out: {_cited(st, cite, focus=r.text)}")
        if chosen or result.abstain:
            return f"meets {NEED}: {_cited(st, cite, focus=r.text)}"
        return f"your notes tie it to {NEED} too, but less closely: {_cited(st, cite, focus=r.text)}"
    if mn is not None:
        if chosen and not result.negative:  # picked for how near its line is to the question, not for a line that says so
            return (f"the line nearest the question that names it, though it does not state the answer outright: "
                    f"{_cited(mn[0], cite, 140, r.text)}")
        return f"your notes mention it, but less near {NEED}: {_cited(mn[0], cite, 140, r.text)}"
    if r.unknown and f.get("known", 1.0) < 0.5:  # the words that set it apart are not in the notes at all
        return "your notes never use " + " or ".join(f"“{defuse(w)}”" for w in r.unknown[:3])
    return "no line of your notes names it"


def option_line(r: OptionScore, result: McqResult, chosen: bool, cite) -> str:
    if result.abstain:
        mark = "→" if chosen else "·"
    else:
        mark = "✔" if chosen else "✘"
    return f"- {mark} **{r.letter}.** {defuse(r.text)} — {reason(r, result, chosen, cite)}"


def why_not_settled(result: McqResult) -> str:
    """Why the notes do not settle the question, from what the scorer found."""
    by = {r.letter: r for r in result.scores}
    lean = [by[x] for x in result.chosen if x in by]
    others = [r for r in result.scores if r.letter not in result.chosen]
    if result.unknown and len(result.unknown) >= max(1, len(result.requirement) // 2):
        words = ", ".join(f"“{w}”" for w in result.unknown[:4])
        return f"your notes never use {words}, so they may not cover what the question asks"
    backed = [r for r in lean if r.quotes.get("evidence") and r.quotes["evidence"][1] >= SUPPORTED]
    rival = max(others, key=lambda r: r.prob, default=None)
    if not backed:
        if result.negative:
            return "your notes do not say clearly which of the options holds and which does not"
        return f"no line of your notes ties {' or '.join(r.letter for r in lean)} to {NEED}"
    unnamed = [r.letter for r in others if not r.quotes and not result.negative]
    if unnamed:
        return f"no line of your notes is about {' or '.join(unnamed)}, so they cannot rule it out"
    shared = [x for r in backed for x in r.quotes["evidence"][2]]
    if shared:
        return f"the line that backs it names {_together(sorted(set(shared)))} too"
    if rival is not None and lean and rival.prob >= 0.6 * min(r.prob for r in lean):
        return f"they support {rival.letter} almost as well"
    return f"the line that backs it only partly meets {NEED}"


def mcq_markdown(result: McqResult, cite) -> str:
    """`cite(statement) -> n` numbers a statement's lines as a citation."""
    plural = "s" if len(result.chosen) > 1 else ""
    letters = ", ".join(result.chosen)
    if result.method == "the notes' own key":
        head = f"**Answer{plural}: {letters}** — this is one of your notes' sample questions; they give this key."
    elif result.abstain:
        head = (f"**Your notes don't settle this question.** They lean towards **{letters}** "
                f"(confidence {result.confidence:.0%}; treat it as a guess and check the sources), "
                f"but {why_not_settled(result)}.")
    else:
        head = f"**Answer{plural}: {letters}** — {LEVEL_WORDS[result.level]} ({result.confidence:.0%})."
    if result.negative:
        head += " (The question asks which option is *not* true, so the pick is the one the notes do not support.)"
    rows = [option_line(r, result, r.letter in result.chosen, cite) for r in result.scores]
    return head + ("\n\n" + "\n".join(rows) if rows else "")
