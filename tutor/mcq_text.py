"""How a scored multiple-choice question is told to a student: the choice (or that the notes do not settle
it, which way they lean and why not), how sure the notes make it, then one sentence per option that quotes
the line of the notes deciding it, with its file:line and citation: it meets what the stem asks, the notes
rule it out, the notes mention it but not for that, or they never mention it. An option gets ✔ only when
the tutor answers."""

from __future__ import annotations

from tutor.mcq import McqResult, OptionScore
from tutor.text import defuse

LEVEL_WORDS = {
    "high": "high confidence: your notes settle it",
    "medium": "medium confidence: your notes point to it but do not settle it beyond doubt",
    "low": "low confidence",
}
SUPPORTED = 0.25  # an option's support (its "pos" signal) from which a line is said to meet the stem
MARKED = 0.3  # how closely a sample question of the notes must match this one for its key to count


def _quote(text: str, limit: int = 200) -> str:
    text = defuse(text.strip())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _needs(result: McqResult) -> str:
    words = result.requirement[:5]
    return "“" + " … ".join(words) + "”" if words else "what the question asks"


def _cited(st, cite, limit: int = 200) -> str:
    return f"“{_quote(st.text, limit)}” ({st.location}) [{cite(st)}]"


def _met(r: OptionScore, result: McqResult) -> str:
    met = [w for w in result.requirement if any(w.lower().startswith(m[:4]) for m in r.met)]
    return "“" + ", ".join(met[:5]) + "”" if met else _needs(result)


def reason(r: OptionScore, result: McqResult, chosen: bool, cite) -> str:
    """One sentence: why this option is (not) the answer, quoting the deciding line of the notes."""
    f = r.features
    marked = r.marked if r.marked is not None and max(f.get("mark_pos", 0), f.get("mark_neg", 0)) >= MARKED else None
    if marked is not None and marked.truth:
        return f"a sample question in your notes gives it as the key: {_cited(marked, cite)}"
    supported = r.evidence is not None and f.get("pos", 0) >= SUPPORTED
    against = r.against is not None and f.get("neg", 0) >= SUPPORTED
    if against and (not supported or f.get("neg", 0) >= f.get("pos", 0) or (chosen and result.negative)):
        return f"your notes rule it out: {_cited(r.against, cite)}"
    if marked is not None:
        return f"a sample question in your notes marks it wrong: {_cited(marked, cite)}"
    if supported:
        if result.negative:
            return f"your notes say it holds: {_cited(r.evidence, cite)}"
        if chosen or result.abstain:
            return f"meets {_met(r, result)}: {_cited(r.evidence, cite)}"
        return f"your notes tie it to {_met(r, result)} too, but less closely: {_cited(r.evidence, cite)}"
    if r.mention is not None:
        if chosen and not result.negative:  # picked for how near its line is to the question, not for a line that says so
            return f"the nearest your notes come, though not in the question's words: {_cited(r.mention, cite, 140)}"
        return f"your notes mention it, but not for {_needs(result)}: {_cited(r.mention, cite, 140)}"
    return "your notes do not mention it"


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
    backed = [r for r in lean if r.evidence is not None and r.features.get("pos", 0) >= SUPPORTED]
    rival = max(others, key=lambda r: r.prob, default=None)
    if not backed:
        if result.negative:
            return "your notes do not say clearly which of the options holds and which does not"
        return f"no line of your notes names {' or '.join(r.letter for r in lean)} for {_needs(result)}"
    if rival is not None and lean and rival.prob >= 0.6 * min(r.prob for r in lean):
        return f"they support {rival.letter} almost as well"
    return f"the line that backs it only partly meets {_needs(result)}"


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
