"""How a scored multiple-choice question is told to a student: the choice and how sure the notes make
it, in words, then one line per option saying which requirement of the stem it meets or fails, cited."""

from __future__ import annotations

from tutor.mcq import McqResult, OptionScore
from tutor.text import defuse

LEVEL_WORDS = {
    "high": "high confidence: your notes settle it",
    "medium": "medium confidence: your notes point to it but do not settle it beyond doubt",
    "low": "low confidence",
}


def _quote(text: str, limit: int = 200) -> str:
    text = defuse(text.strip())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _needs(result: McqResult) -> str:
    words = result.requirement[:5]
    return "“" + " … ".join(words) + "”" if words else "the question"


def option_line(r: OptionScore, result: McqResult, chosen: bool, cite) -> str:
    mark = "✔" if chosen else "✘"
    head = f"- {mark} **{r.letter}.** {defuse(r.text)} — "
    if r.evidence is not None and r.supported and not (result.negative and chosen):
        met = ", ".join(w for w in result.requirement if any(w.lower().startswith(m[:4]) for m in r.met))[:80]
        what = f"meets {('“' + met + '”') if met else _needs(result)}"
        return head + f"{what}: “{_quote(r.evidence.text)}” [{cite(r.evidence)}]"
    if r.against is not None and r.contradicted:
        return head + f"your notes say otherwise: “{_quote(r.against.text)}” [{cite(r.against)}]"
    if r.mention is not None:
        return head + (f"your notes mention it (“{_quote(r.mention.text, 140)}” [{cite(r.mention)}]) "
                       f"but not for {_needs(result)}")
    return head + "your notes do not mention it"


def mcq_markdown(result: McqResult, cite) -> str:
    """`cite(statement) -> n` numbers a statement's lines as a citation."""
    plural = "s" if len(result.chosen) > 1 else ""
    letters = ", ".join(result.chosen)
    if result.method == "the notes' own key":
        head = f"**Answer{plural}: {letters}** — this is one of your notes' sample questions; they give this key."
    elif result.abstain:
        best = max(result.scores, key=lambda r: r.features.get("mention", 0), default=None)
        closest = ""
        ev = best and (best.evidence or best.mention or best.against)
        if ev is not None:
            closest = f" The closest evidence is “{_quote(ev.text, 160)}” [{cite(ev)}]."
        head = (f"**Your notes don't settle this question.**{closest} They lean towards **{letters}** "
                f"({LEVEL_WORDS['low']}; treat it as a guess and check the sources).")
    else:
        head = f"**Answer{plural}: {letters}** — {LEVEL_WORDS[result.level]}."
    if result.negative:
        head += " (The question asks which option is *not* true, so the pick is the one the notes do not support.)"
    rows = [option_line(r, result, r.letter in result.chosen, cite) for r in result.scores]
    return head + ("\n\n" + "\n".join(rows) if rows else "")
