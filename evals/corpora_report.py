"""The corpora eval's report: one table per part, a row per corpus and the pooled row, every figure with its
95% interval and n; the multiple-choice baselines beside the tutor; a reliability (calibration) plot."""

from __future__ import annotations

import io

TARGETS = {
    "headings": "≥ 95% pooled, ≥ 90% each",
    "chat": "recall ≥ 75% pooled / 65% each · refused ≤ 3% · declined ≥ 90% · follow-ups ≥ 90%",
    "mcq": "answerable right ≥ 70%, abstained ≤ 20% · not in notes abstained ≥ 75% · high-conf wrong ≤ 5% · "
           "ECE ≤ 0.10 · at chance ≥ 50%",
    "practice": "sets in full · files ≥ 75% · multi-select ≥ 15% · scenario ≥ 30% · no fact twice",
    "samples": "Azure keys ≥ 95% · bundled bank 100%",
}


def r(x: dict | None) -> str:
    if not x:
        return "—"
    k = x["k"] if isinstance(x["k"], int) else round(x["k"], 1)
    return f"{100 * x['value']:.0f}% ({100 * x['ci95'][0]:.0f}–{100 * x['ci95'][1]:.0f}; {k}/{x['n']})"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + ["| " + " | ".join(x) + " |" for x in rows]


def markdown(data: dict, images: dict[str, str]) -> str:
    s = data["summary"]
    names = [*data["corpora"], "pooled"]
    out = ["# Corpora eval", "", f"Corpora: `{data['config']['corpora']}` — {', '.join(data['corpora'])}. "
           "Each corpus is scored with parameters fitted without its labels (leave-one-corpus-out). "
           "Intervals are 95% Wilson (k/n).", ""]

    def part(key, title, head, cells):
        rows = [[n, *cells(s[n][key])] for n in names if s[n].get(key)]
        if rows:
            out.extend([f"## {title}", "", f"Target: {TARGETS.get(key, '—')}", "", *_table(["corpus", *head], rows), ""])

    part("headings", "Heading paths", ["exactly right"], lambda h: [r(h["right"])])
    part("chat", "Chat answers", ["nugget recall", "covered refused", "not covered declined", "follow-ups resolved",
                                  "answers with an unsupported sentence", "words/answer", "p50 s", "p95 s"],
         lambda c: [r(c["nugget_recall"]), r(c["covered_refused"]), r(c["not_covered_declined"]),
                    r(c["followups_resolved"]), r(c["answers_with_unsupported_sentence"]),
                    str(c["words_per_answer"]), str(c["seconds_p50"]), str(c["seconds_p95"])])
    part("mcq", "Multiple choice", ["answerable right", "answerable abstained", "not in notes abstained",
                                    "high-confidence wrong", "ECE", "ECE if exactly calibrated",
                                    "overall, abstentions at chance",
                                    "retrieval only", "first option", "random"],
         lambda m: [r(m["answerable_right"]), r(m["answerable_abstained"]), r(m["not_in_notes_abstained"]),
                    r(m["high_confidence_wrong"]), str(m["ece"]), str(m.get("ece_if_calibrated", "—")),
                    _v(m["overall_at_chance"]),
                    *[_pct(m["baselines"].get(b, {}).get("exact")) for b in ("retrieval-only", "first-option", "random")]])
    if "reliability.png" in images:
        out += [f"![reliability]({images['reliability.png']})", ""]
    part("practice", "Practice (three sets of 20 per corpus)",
         ["delivered / asked", "sets in full", "files with substance contributing", "multi-select", "scenario",
          "defects the checks find", "facts asked twice"],
         lambda p: [f"{p['delivered']}/{p['asked']}", r(p["sets_in_full"]), r(p["files_with_substance_contributing"]),
                    r(p["multi_select"]), r(p["scenario"]), r(p["defects_found_by_checks"]), str(p["facts_asked_twice"])])
    part("samples", "The notes' own sample questions", ["found with the reader's key", "found", "bank answered with its key"],
         lambda x: [r(x["found_with_right_key"]), r(x["found"]), r(x["bank_answered_with_key"])])
    part("ingest", "Ingest", ["seconds", "first time", "chunks", "embedded", "sentence cache s"],
         lambda i: [str(i["seconds"]), str(i["first_time"]), str(i["chunks"]), str(i["embedded"]), str(i["warm_seconds"])])
    v = data["versions"]
    out += ["## Versions", "", ", ".join(f"{k} {val}" for k, val in v.items() if val), ""]
    return "\n".join(out)


def _pct(x) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def _v(x) -> str:
    return "—" if not x else f"{100 * x['value']:.0f}% ({100 * x['ci95'][0]:.0f}–{100 * x['ci95'][1]:.0f})"


def plots(data: dict) -> dict[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = data["summary"]
    fig, ax = plt.subplots(figsize=(5, 4.5))
    ax.plot([0, 1], [0, 1], "--", color="#999", label="perfectly calibrated")
    any_line = False
    for name in [*data["corpora"], "pooled"]:
        m = s[name].get("mcq")
        if not m or not m["reliability"]:
            continue
        pts = m["reliability"]
        ax.plot([p["confidence"] for p in pts], [p["accuracy"] for p in pts], "o-" if name == "pooled" else ".-",
                lw=2.5 if name == "pooled" else 1, label=f"{name} (ECE {m['ece']})")
        any_line = True
    if not any_line:
        plt.close(fig)
        return {}
    ax.set_xlabel("confidence in the option(s) it leans to")
    ax.set_ylabel("share right")
    ax.set_title("Multiple choice: calibration per corpus")
    ax.legend(fontsize=7)
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return {"reliability.png": buf.getvalue()}


def summary(data: dict) -> list[str]:
    s = data["summary"]
    lines = []
    for name in [*data["corpora"], "pooled"]:
        x = s[name]
        bits = []
        if x.get("headings"):
            bits.append(f"headings {r(x['headings']['right'])}")
        if x.get("chat"):
            c = x["chat"]
            bits.append(f"chat recall {r(c['nugget_recall'])}, refused {r(c['covered_refused'])}, "
                        f"declined {r(c['not_covered_declined'])}")
        if x.get("mcq"):
            m = x["mcq"]
            bits.append(f"mcq answerable right {r(m['answerable_right'])}, not-in-notes abstained "
                        f"{r(m['not_in_notes_abstained'])}, at chance {_v(m['overall_at_chance'])}, ECE {m['ece']}")
        if x.get("practice"):
            p = x["practice"]
            bits.append(f"practice {p['delivered']}/{p['asked']}, files {r(p['files_with_substance_contributing'])}")
        if x.get("samples") and x["samples"]["found_with_right_key"]:
            bits.append(f"sample keys {r(x['samples']['found_with_right_key'])}")
        lines.append(f"{name}: " + " · ".join(bits))
    return lines
