"""Report of an eval run, as Markdown and as a self-contained HTML page, with plots.

Every accuracy figure is printed in the same table as its baselines (random guess, first option,
retrieval only, closed-book model); a number is never shown alone.
"""

from __future__ import annotations

import base64
import html
import io
import json
import textwrap
from pathlib import Path

from evals.judge import judge_markdown

SYSTEM_LABEL = {
    "tutor": "Tutor (claims checked against the notes)",
    "tutor+model": "Tutor + model log-likelihood (ablation)",
    "langchain-rag": "Plain LangChain RAG (retriever + prompt + model)",
    "retrieval-only": "Retrieval only (most similar passage, no model)",
    "closed-book": "Closed-book model (no notes)",
    "first-option": "Always the first option(s)",
    "random": "Random guess (exact expectation)",
}
MODE_LABEL = {"open": "open notes", "held_out": "held out", "any": "—"}
ORDER = ["tutor|open", "tutor|held_out", "tutor+model|open", "tutor+model|held_out", "retrieval-only|open",
         "retrieval-only|held_out", "langchain-rag|open", "langchain-rag|held_out", "closed-book|any",
         "first-option|any", "random|any"]
CLASS_LABEL = {"all": "all questions", "answerable": "answerable from the notes", "partial": "partly in the notes",
               "not_in_notes": "not in the notes"}


def _rows(data: dict) -> list[dict]:
    acc = data["accuracy"]
    return [acc[k] for k in ORDER if k in acc] + [v for k, v in acc.items() if k not in ORDER]


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _ci(ci: list | None) -> str:
    return "" if not ci else f" ({100 * ci[0]:.0f}–{100 * ci[1]:.0f})"


def plots(data: dict, results: list[dict]) -> dict[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out: dict[str, bytes] = {}
    rows = _rows(data)

    def save(fig, name):
        buf = io.BytesIO()
        fig.tight_layout()
        fig.savefig(buf, format="png", dpi=110)
        plt.close(fig)
        out[name] = buf.getvalue()

    # 1. accuracy beside baselines, with 95% intervals
    fig, ax = plt.subplots(figsize=(7.5, 0.6 + 0.45 * len(rows)))
    labels = [SYSTEM_LABEL.get(r["system"], r["system"]) + (f" — {MODE_LABEL[r['mode']]}" if r["mode"] != "any" else "")
              for r in rows]
    vals = [100 * r["exact"] for r in rows]
    err = [[100 * (r["exact"] - r["exact_ci95"][0]) if r["exact_ci95"] else 0 for r in rows],
           [100 * (r["exact_ci95"][1] - r["exact"]) if r["exact_ci95"] else 0 for r in rows]]
    colors = ["#2563eb" if r["system"] == "tutor" else "#94a3b8" for r in rows]
    y = list(range(len(rows)))[::-1]
    ax.barh(y, vals, xerr=err, color=colors, capsize=3)
    ax.set_yticks(y, labels, fontsize=8)
    for yy, v in zip(y, vals):
        ax.text(v + 1, yy + 0.15, f"{v:.0f}%", fontsize=7)
    ax.set_xlabel("exact-match accuracy % (95% interval)")
    ax.set_xlim(0, 105)
    ax.set_title("Accuracy on the notes' sample questions, beside the baselines", fontsize=10)
    save(fig, "accuracy_vs_baselines.png")

    # 2. by domain
    domains = sorted({d for r in rows for d in r["per_domain"]})
    if domains:
        fig, ax = plt.subplots(figsize=(7.5, 4.2))
        shown = [r for r in rows if r["system"] in ("tutor", "retrieval-only", "closed-book", "random")]
        width = 0.8 / max(len(shown), 1)
        for i, r in enumerate(shown):
            ax.bar([j + i * width for j in range(len(domains))], [100 * r["per_domain"].get(d, 0) for d in domains],
                   width, label=f"{r['system']} {MODE_LABEL.get(r['mode'], '')}")
        ax.set_xticks([j + 0.4 - width / 2 for j in range(len(domains))],
                      ["\n".join(textwrap.wrap(d, 18)) + f"\n(n={rows[0]['per_domain_n'].get(d, 0)})" for d in domains],
                      fontsize=7)
        ax.set_ylabel("% correct")
        ax.set_ylim(0, 105)
        ax.legend(fontsize=7, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.28), frameon=False)
        ax.set_title("Accuracy by exam domain")
        save(fig, "accuracy_by_domain.png")

    # 3. retrieval recall@k curve
    curve = data["retrieval"]["recall_curve"]
    if curve:
        fig, ax = plt.subplots(figsize=(5, 3))
        pts = sorted((int(k), v) for k, v in curve.items())
        ax.plot([k for k, _ in pts], [100 * v for _, v in pts], marker="o")
        ax.set_xlabel("k")
        ax.set_ylabel("recall@k %")
        ax.set_ylim(0, 105)
        ax.set_title("Gold supporting passage in the top k (question held out)")
        save(fig, "retrieval_recall_curve.png")

    # 4. confusion of chosen vs correct (single-answer, tutor held out)
    single = [r for r in results if r.get("kind") == "mcq" and r["system"] == "tutor" and r["mode"] == "held_out"
              and len(r["key"]) == 1 and r.get("chosen")]
    if single:
        letters = sorted({r["key"][0] for r in single} | {c for r in single for c in r["chosen"]})
        m = [[sum(1 for r in single if r["key"][0] == t and p in r["chosen"]) for p in letters] for t in letters]
        fig, ax = plt.subplots(figsize=(3.8, 3.4))
        ax.imshow(m, cmap="Blues")
        ax.set_xticks(range(len(letters)), letters)
        ax.set_yticks(range(len(letters)), letters)
        ax.set_xlabel("chosen")
        ax.set_ylabel("correct")
        for i in range(len(letters)):
            for j in range(len(letters)):
                ax.text(j, i, m[i][j], ha="center", va="center", fontsize=8)
        ax.set_title("Chosen vs correct (held out)", fontsize=9)
        save(fig, "confusion.png")

    # 5. reliability: stated confidence against accuracy
    for key, dec in (data.get("decisions") or {}).items():
        bins = dec["reliability"]
        if not bins:
            continue
        fig, ax = plt.subplots(figsize=(4.4, 3.6))
        ax.plot([0, 1], [0, 1], color="#94a3b8", linestyle="--", linewidth=1, label="perfect calibration")
        xs = [b["confidence"] for b in bins]
        ys = [b["accuracy"] for b in bins]
        ax.plot(xs, ys, marker="o", color="#2563eb", label="tutor")
        for x, y, b in zip(xs, ys, bins):
            ax.annotate(f"n={b['n']}", (x, y), textcoords="offset points", xytext=(4, -10), fontsize=7)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.05)
        ax.set_xlabel("stated confidence")
        ax.set_ylabel("share correct")
        ax.legend(fontsize=7, loc="upper left")
        ax.set_title(f"Reliability ({key.split('|')[0]})", fontsize=9)
        save(fig, f"reliability_{key.split('|')[0]}.png")
        break
    return out


def markdown(data: dict, images: dict[str, str]) -> str:
    cfg, ret, cit = data["config"], data["retrieval"], data["citations"]
    at_k = ret[f"recall@{cfg['k']}"]
    curve = {str(k): v for k, v in ret["recall_curve"].items()}
    lines = [f"# Eval report: {cfg['task']} v{cfg['task_version']}", "",
             f"Model: `{cfg['model'] or 'none (retrieval only)'}` · questions: {data['questions']} · "
             f"k = {cfg['k']} · seed {cfg['seed']} · {data.get('seconds', '?')} s · config `{cfg['hash']}`", "",
             "## Answer accuracy beside its baselines", "",
             "Open notes: the tutor may retrieve everything, including the question's own key. Held out: every "
             "chunk that holds the question or its key is hidden, so the score measures answering from the rest "
             "of the notes. Intervals are 95% (Wilson for exact match, bootstrap for partial credit).", "",
             "| System | Mode | n | Exact match | Partial credit |", "| --- | --- | ---: | ---: | ---: |"]
    for r in _rows(data):
        lines.append(f"| {SYSTEM_LABEL.get(r['system'], r['system'])} | {MODE_LABEL.get(r['mode'], r['mode'])} | "
                     f"{r['n']} | {_pct(r['exact'])}{_ci(r['exact_ci95'])} | {_pct(r['partial'])}{_ci(r['partial_ci95'])} |")
    for name in ("accuracy_vs_baselines.png", "accuracy_by_domain.png"):
        if name in images:
            lines += ["", f"![{name}]({images[name]})"]
    lines += decision_section(data, images)
    domains = sorted({d for r in _rows(data) for d in r["per_domain"]})
    if domains and len(domains) > 1:
        lines += ["", "### By domain", "", "| System | Mode | " + " | ".join(domains) + " |",
                  "| --- | --- | " + " | ".join("---:" for _ in domains) + " |"]
        for r in _rows(data):
            lines.append(f"| {r['system']} | {MODE_LABEL.get(r['mode'], r['mode'])} | "
                         + " | ".join(_pct(r["per_domain"].get(d)) if d in r["per_domain"] else "—" for d in domains) + " |")
    if not ret.get("questions_with_gold"):
        lines += ["", "## Retrieval", "", "No retrieval gold set for these questions, so no recall figures."]
    else:
        lines += ["", "## Retrieval", "",
                  f"Gold supporting passages were annotated by reading the notes (`evals/data/retrieval_gold.jsonl`): "
                  f"{ret['supported']} questions have support elsewhere in the notes, {ret['unsupported']} are marked "
                  f"as not supported. Query: {ret['query']}.", "",
                  f"| recall@{cfg['k']} | MRR | recall@1 | recall@10 |", "| ---: | ---: | ---: | ---: |",
                  f"| {_pct(at_k)} | {ret['mrr']:.3f} | {_pct(curve.get('1'))} | {_pct(curve.get('10'))} |"]
    if "retrieval_recall_curve.png" in images:
        lines += ["", f"![recall curve]({images['retrieval_recall_curve.png']})"]
    jv = cit.get("judge_validation") or {}
    if cit.get("answers"):
        lines += ["", "## Citations", "",
                  f"{cit['answers']} chat answers ({cit['sentences']} cited sentences) to questions from "
                  "the chat gold set, judged offline (ALCE notions):", "",
                  "| Citation recall (sentence supported by its citations) | Citation precision (citations needed) |",
                  "| ---: | ---: |", f"| {_pct(cit['citation_recall'])} | {_pct(cit['citation_precision'])} |", "",
                  f"Judge: {cit['judge']}."]
    if jv and cit.get("answers"):
        lines += judge_markdown(jv)
    if "confusion.png" in images:
        lines += ["", "## Chosen vs correct option", "", f"![confusion]({images['confusion.png']})"]
    v = data["versions"]
    lines += ["", "## Versions", "", ", ".join(f"{k} {val}" for k, val in v.items() if val)]
    return "\n".join(lines) + "\n"


def _load(run_dir: Path) -> tuple[dict, list[dict]]:
    data = json.loads((run_dir / "run.json").read_text())
    results = [json.loads(x) for x in (run_dir / "results.jsonl").read_text().splitlines() if x.strip()]
    return data, results


def _r(x: dict | None) -> str:
    if not x:
        return "—"
    return f"{100 * x['value']:.0f}% ({100 * x['ci95'][0]:.0f}–{100 * x['ci95'][1]:.0f}; {x['k']:g}/{x['n']})"


def decision_section(data: dict, images: dict[str, str]) -> list[str]:
    out = []
    for key, dec in (data.get("decisions") or {}).items():
        cls = dec["classes"]
        out += ["", f"## Answering, abstaining and confidence — {SYSTEM_LABEL.get(dec['system'], dec['system'])}", "",
                "When the notes do not settle a question the tutor says so and only says which way they lean. "
                "*Correct* counts the lean as an answer; *accuracy at chance* scores every abstention as a random "
                "guess, which makes it comparable with the baselines above. Abstention precision and recall are "
                "measured against the *not in the notes* label. 95% intervals, k/n.", "",
                "| Class | n | Correct (lean counted) | Answered | Accuracy when answering | Accuracy at chance "
                "| High-confidence answers correct | Abstention precision | Abstention recall |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for name in ("all", "answerable", "partial", "not_in_notes"):
            c = cls.get(name)
            if not c:
                continue
            ac = c["at_chance"]
            out.append(f"| {CLASS_LABEL[name]} | {c['n']} | {_r(c['correct'])} | {_r(c['coverage'])} | "
                       f"{_r(c['accuracy_when_answering'])} | {100 * ac['value']:.0f}% ({100 * ac['ci95'][0]:.0f}–"
                       f"{100 * ac['ci95'][1]:.0f}) | {_r(c['high_confidence'])} | {_r(c['abstention_precision'])} | "
                       f"{_r(c['abstention_recall'])} |")
        name = f"reliability_{dec['system']}.png"
        if name in images:
            out += ["", f"![reliability]({images[name]})"]
    return out


CHAT_LABEL = {"tutor": "Tutor (as configured)", "tutor+draft": "Tutor drafting with the model (ablation)",
              "langchain-rag": "Plain LangChain RAG (retriever + stuff prompt + model)"}


def chat_plots(data: dict) -> dict[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    chat = data["chat"]
    kinds = sorted({k for v in chat.values() for k in v["nugget_recall_by_kind"]})
    if not kinds:
        return {}
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    width = 0.8 / max(len(chat), 1)
    for i, (system, v) in enumerate(sorted(chat.items())):
        ax.bar([j + i * width for j in range(len(kinds))],
               [100 * v["nugget_recall_by_kind"].get(k, {}).get("recall", 0) for k in kinds], width,
               label=CHAT_LABEL.get(system, system))
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(kinds))], kinds, fontsize=8)
    ax.set_ylabel("nugget recall %")
    ax.set_ylim(0, 105)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    ax.set_title("Nugget recall by kind of question", fontsize=10)
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return {"chat_nuggets_by_kind.png": buf.getvalue()}


def chat_markdown(data: dict, images: dict[str, str]) -> str:
    cfg, chat = data["config"], data["chat"]
    lines = [f"# Eval report: {cfg['task']} v{cfg['task_version']}", "",
             f"Model: `{cfg['model'] or 'none'}` · questions: {data['questions']} · split {cfg['split'] or 'all'} · "
             f"{data.get('seconds', '?')} s · config `{cfg['hash']}`", "",
             "## Chat answers beside the baseline", "",
             "Nugget recall: share of the facts a good answer must state (hand-written, each with its lines) that the "
             "answer states. Abstained: the tutor said the notes do not cover it - right for the not-covered "
             "questions, a false refusal for the others. An unsupported sentence is a cited sentence that is "
             "neither quoted from the lines it cites nor judged supported by them. 95% intervals, k/n.", "",
             "| System | Nugget recall | Not covered: abstained | Covered: refused | Answers with an unsupported "
             "sentence | Latency p50 / p95 | Words per answer |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for system, v in sorted(chat.items()):
        lines.append(f"| {CHAT_LABEL.get(system, system)} | {_r(v['nugget_recall'])} | "
                     f"{_r(v['abstained_when_not_covered'])} | {_r(v['refused_when_covered'])} | "
                     f"{_r(v['answers_with_unsupported_sentence'])} | {v['seconds_p50']} s / {v['seconds_p95']} s | "
                     f"{v['words_per_answer']} |")
    kinds = sorted({k for v in chat.values() for k in v["nugget_recall_by_kind"]})
    if kinds:
        lines += ["", "### Nugget recall by kind of question", "", "| System | " + " | ".join(kinds) + " |",
                  "| --- | " + " | ".join("---:" for _ in kinds) + " |"]
        for system, v in sorted(chat.items()):
            lines.append(f"| {CHAT_LABEL.get(system, system)} | " + " | ".join(
                _pct(v["nugget_recall_by_kind"][k]["recall"]) if k in v["nugget_recall_by_kind"] else "—"
                for k in kinds) + " |")
    if "chat_nuggets_by_kind.png" in images:
        lines += ["", f"![nuggets by kind]({images['chat_nuggets_by_kind.png']})"]
    for system, v in sorted(chat.items()):
        if v.get("quiz_started"):
            lines += ["", f"“Quiz me on X” started a practice set on X: {_r(v['quiz_started'])} ({system})."]
    lines += judge_markdown(data.get("judge_validation") or {})
    v = data["versions"]
    lines += ["", "## Versions", "", ", ".join(f"{k} {val}" for k, val in v.items() if val)]
    return "\n".join(lines) + "\n"


def write_report(run_dir: Path) -> tuple[Path, Path]:
    run_dir = Path(run_dir)
    data, results = _load(run_dir)
    if "summary" in data and "corpora" in data:
        from evals import corpora_report as cr

        pngs = cr.plots(data)
        for name, blob in pngs.items():
            (run_dir / name).write_bytes(blob)
        (run_dir / "report.md").write_text(cr.markdown(data, {n: n for n in pngs}))
        (run_dir / "report.html").write_text(to_html(cr.markdown(data, _inline_images(run_dir, pngs)), "corpora"))
        return run_dir / "report.md", run_dir / "report.html"
    if "chat" in data or "practice" in data:
        kind_plots, kind_md = (chat_plots, chat_markdown) if "chat" in data else (practice_plots, practice_markdown)
        pngs = kind_plots(data)
        for name, blob in pngs.items():
            (run_dir / name).write_bytes(blob)
        (run_dir / "report.md").write_text(kind_md(data, {n: n for n in pngs}))
        (run_dir / "report.html").write_text(to_html(kind_md(data, _inline_images(run_dir, pngs)),
                                                     data["config"]["task"]))
        return run_dir / "report.md", run_dir / "report.html"
    pngs = plots(data, results)
    for name, blob in pngs.items():
        (run_dir / name).write_bytes(blob)
    md = markdown(data, {name: name for name in pngs})
    (run_dir / "report.md").write_text(md)
    (run_dir / "report.html").write_text(to_html(markdown(data, _inline_images(run_dir, pngs)), data["config"]["task"]))
    return run_dir / "report.md", run_dir / "report.html"


def _inline_images(run_dir: Path, names) -> dict[str, str]:
    return {name: "data:image/png;base64," + base64.b64encode((run_dir / name).read_bytes()).decode()
            for name in names if (run_dir / name).is_file()}


def html_fragment(run_dir: Path) -> str:
    """The report of a finished run as HTML to embed in a page, rendered from its run.json and plots."""
    run_dir = Path(run_dir)
    data, _ = _load(run_dir)
    pngs = sorted(p.name for p in run_dir.glob("*.png"))
    if "summary" in data and "corpora" in data:
        from evals.corpora_report import markdown as corpora_markdown

        return body_html(corpora_markdown(data, _inline_images(run_dir, pngs)))
    render = chat_markdown if "chat" in data else practice_markdown if "practice" in data else markdown
    return body_html(render(data, _inline_images(run_dir, pngs)))


def summary_lines(data: dict) -> list[str]:
    """The headline figures of a run, as the command line and the UI print them."""
    if "summary" in data and "corpora" in data:
        from evals.corpora_report import summary

        return summary(data)
    if "chat" in data:
        out = []
        for system, v in sorted(data["chat"].items()):
            r = v["nugget_recall"] or {"value": 0}
            a = v["abstained_when_not_covered"] or {"value": 0}
            f = v["refused_when_covered"] or {"value": 0}
            u = v["answers_with_unsupported_sentence"] or {"value": 0}
            out.append(f"{CHAT_LABEL.get(system, system)}: nugget recall {100 * r['value']:.1f}% · not covered "
                       f"abstained {100 * a['value']:.0f}% · covered refused {100 * f['value']:.0f}% · "
                       f"unsupported {100 * u['value']:.1f}% · p50 {v['seconds_p50']} s")
        return out
    if "practice" in data:
        return practice_summary(data)
    acc = data.get("accuracy", {})
    lines = []
    for key, dec in (data.get("decisions") or {}).items():
        c = dec["classes"]
        parts = []
        for name in ("answerable", "not_in_notes", "all"):
            if name in c:
                x = c[name]
                if name == "not_in_notes":
                    parts.append(f"not in notes abstained {100 * (1 - x['coverage']['value']):.0f}%")
                elif name == "answerable":
                    parts.append(f"answerable correct {100 * x['correct']['value']:.0f}%")
                else:
                    parts.append(f"overall at chance {100 * x['at_chance']['value']:.0f}%"
                                 + (f", high confidence correct {100 * x['high_confidence']['value']:.0f}% "
                                    f"(n={x['high_confidence']['n']})" if x["high_confidence"] else ""))
        lines.append(f"{SYSTEM_LABEL.get(dec['system'], dec['system'])}: " + " · ".join(parts))
    for key in ("tutor|held_out", "tutor|open", "retrieval-only|held_out", "closed-book|any", "random|any"):
        if key in acc:
            a = acc[key]
            lines.append(f"{SYSTEM_LABEL.get(a['system'], a['system'])}, {MODE_LABEL.get(a['mode'], a['mode'])}: "
                         f"exact {100 * a['exact']:.1f}% (n={a['n']})")
    r = data.get("retrieval") or {}
    if r.get("supported"):
        k = data["config"]["k"]
        lines.append(f"retrieval recall@{k} {100 * r.get(f'recall@{k}', 0):.1f}% · MRR {r['mrr']:.3f} "
                     f"({r['supported']} questions with gold passages)")
    c = data.get("citations") or {}
    if c.get("sentences"):
        lines.append(f"citations: recall {100 * c['citation_recall']:.1f}% · precision {100 * c['citation_precision']:.1f}%")
    return lines


def practice_plots(data: dict) -> dict[str, bytes]:
    from evals.practice_eval import plots as pp

    return pp(data)


def practice_markdown(data: dict, images: dict[str, str]) -> str:
    from evals.practice_eval import markdown as pm

    return pm(data, images)


def practice_summary(data: dict) -> list[str]:
    from evals.practice_eval import summary as ps

    return ps(data)


STYLE = ("body,.eval-report{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;"
         "color:#111}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
         "text-align:right}td:first-child,th:first-child{text-align:left}code{background:#f3f4f6;padding:0 3px}")


def to_html(md: str, title: str) -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>{body_html(md)}</body></html>")


def body_html(md: str) -> str:
    """A small Markdown-to-HTML for our own report (tables, headings, images); text is escaped."""
    out, in_table = [], False
    for line in md.split("\n"):
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if set("".join(cells)) <= set("-: "):
                continue
            tag = "th" if not in_table else "td"
            if not in_table:
                out.append("<table>")
                in_table = True
            out.append("<tr>" + "".join(f"<{tag}>{_inline(c)}</{tag}>" for c in cells) + "</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        if line.startswith("!["):
            src = line[line.index("(") + 1 : -1]
            out.append(f'<p><img src="{html.escape(src)}" alt="plot" style="max-width:100%"></p>')
        elif line.startswith("### "):
            out.append(f"<h3>{html.escape(line[4:])}</h3>")
        elif line.startswith("## "):
            out.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("# "):
            out.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.strip():
            out.append(f"<p>{_inline(line)}</p>")
    if in_table:
        out.append("</table>")
    return "".join(out)


def _inline(text: str) -> str:
    import re

    t = html.escape(text)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", t)
