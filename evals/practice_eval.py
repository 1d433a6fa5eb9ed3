"""The practice eval: are generated questions worth a student's time?

Two parts, in one run:

1. Fresh sets. `sets` practice sets of `set_size` (seeds from the run's seed) and one mock exam are
   generated from the notes, and every generated question is checked automatically
   (`tutor.practice.quality`): broken options, ambiguity (a distractor says the same as a key, by words
   or meaning), giveaways (stem/key overlap, length, shared first word of the keys), a key that is not
   in its cited lines, duplicates within a set, across sets and against the attempt history; and the
   set's shape: scenario share, multi-select share, note files that contribute, repeated facts, and the
   mock exam's domain shares against the exam's weights.
2. The audit (`audit`: evals/data/practice_audit.yaml): questions generated once and read by hand
   against the notes, each labelled with its defects. Reported: the hand-labelled rates (the figures a
   student would meet), how well the automated checks find the labelled defects (their precision and
   recall per class), and the domain tagger's accuracy against the hand-given domains.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import yaml

from evals import metrics as M
from evals.harness import EVALS_DIR, EvalTask, Results, RunOptions, hash_config, versions
from ingest.records import QuestionRecord
from ingest.sources import discover
from tutor.practice.generate import _display
from tutor.practice.verify import norm
from tutor.text import terms
from tutor.practice.quality import NEAR_STEM, defects
from tutor.practice.verify import contains

CLASSES = ("ambiguous", "giveaway", "broken", "duplicate")


class PracticeEvalRun:
    def __init__(self, session, model, task: EvalTask, run_dir: Path, options: RunOptions | None = None,
                 cache=None) -> None:
        self.session = session
        self.task = task
        self.opt = options or RunOptions()
        self.run_dir = Path(run_dir)
        self.model = model

    def config(self) -> dict:
        return {"task": self.task.name, "task_version": self.task.version, "seed": self.opt.seed,
                "sets": self.task.sets, "set_size": self.task.set_size, "audit": self.task.audit,
                "notes_dir": str(self.session.index.settings.index.notes_dir)}

    def config_hash(self) -> str:
        return hash_config(self.config())

    # -- running ------------------------------------------------------------------------------------
    def run(self, progress=None) -> dict:
        progress = progress or (lambda stage, done, total: None)
        results = Results.start(self.run_dir, {"hash": self.config_hash(), **self.config()})
        started = time.monotonic()
        svc = self.session.practice
        sets = []
        taken: list[QuestionRecord] = []
        for i in range(self.task.sets):  # as a student takes them: each set knows the ones before
            progress("Generating practice sets", i, self.task.sets + 1)
            pset = svc.generator.make_set(self.task.set_size, seed=self.opt.seed + i, phrase=False, seen=taken)
            taken += pset.questions
            sets.append(("practice", pset))
        progress("Generating the mock exam", self.task.sets, self.task.sets + 1)
        sets.append(("mock", svc.mock(seed=self.opt.seed, seen=taken)))
        history = self._history()
        seen_stems: list[str] = []
        for n, (kind, pset) in enumerate(sets):
            for q in pset.questions:
                key = ("question", kind, str(n), q.id)
                if key in results.done:
                    continue
                results.add(self.check(q, kind, n, pset, seen_stems, history))
            seen_stems += [q.stem for q in pset.questions if q.origin == "generated"]
        progress("Generating practice sets", self.task.sets + 1, self.task.sets + 1)
        fresh = summarize_fresh([r for r in results.rows if r["kind"] == "question"], self._files(),
                                sets[-1][1], self._exam())
        audit = self.audit() if self.task.audit else None
        data = {"config": {"hash": self.config_hash(), **self.config()},
                "versions": versions(None), "practice": {"fresh": fresh, "audit": audit},
                "seconds": round(time.monotonic() - started, 1)}
        (self.run_dir / "run.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
        return data

    def _files(self) -> list[str]:
        cfg = self.session.index.settings.index
        notes = Path(cfg.notes_dir)
        return sorted(p.relative_to(notes).as_posix() for p in discover(notes, exclude=(cfg.data_dir,)))

    def _exam(self):
        return self.session.practice.generator.exam

    def _history(self) -> list[str]:
        try:
            return [q.stem for q in self.session.practice.store.seen_questions(limit=100_000)]
        except Exception:  # no readable history: nothing to compare with
            return []

    def _embed(self, texts):
        return self.session.tutor.judge.embed_many(list(texts))

    def check(self, q: QuestionRecord, kind: str, n: int, pset, earlier: list[str], history: list[str]) -> dict:
        generated = q.origin == "generated"
        found = [d.kind + ": " + d.reason for d in defects(q, self._embed)] if generated else []
        cited = "\n".join(c.quote or "" for c in q.citations)
        if generated and q.citations and not all(contains(cited, _key_text(q.options[a])) for a in q.answer):
            found.append("wrong key: a key is not in its cited lines")
        others = [x.stem for x in pset.questions if x.id != q.id and x.origin == "generated"]
        if generated and _near(q.stem, others, self._embed):
            found.append("duplicate: another question of the same set asks the same")
        again = (q.note or "").startswith("again")  # a repeat the generator labels as one (the notes ran out)
        across = generated and not again and _near(q.stem, earlier, self._embed)
        in_history = generated and _near(q.stem, history, self._embed)
        if in_history:
            found.append("duplicate: asked before in the attempt history")
        return {"kind": "question", "system": kind, "mode": str(n), "qid": q.id, "set": n, "set_kind": kind,
                "origin": q.origin, "style": q.style, "multi": q.multi, "domain": q.domain,
                "file": q.citations[0].file if q.citations else (q.source.file if q.source else None),
                "fact": _fact_key(q), "stem": q.stem, "options": q.options, "answer": q.answer,
                "defects": found, "repeats_earlier_set": bool(across), "labelled_repeat": generated and again}

    # -- the hand audit ---------------------------------------------------------------------------------
    def audit(self) -> dict:
        data = yaml.safe_load((EVALS_DIR / self.task.audit).read_text())
        items = data["questions"]
        per_class = {c: {"labelled": 0, "found": 0, "both": 0} for c in CLASSES}
        labelled_any = wrong_keys = 0
        domain_right = domain_n = 0
        gen = self.session.practice.generator
        rows = []
        for it in items:
            q = QuestionRecord.model_validate(it["question"])
            labels = set(it.get("defects") or [])
            auto = {d.kind for d in defects(q, self._embed)}
            for c in CLASSES:
                per_class[c]["labelled"] += c in labels
                per_class[c]["found"] += c in auto
                per_class[c]["both"] += c in labels and c in auto
            labelled_any += bool(labels)
            wrong_keys += bool(it.get("wrong_key"))
            if it.get("domain"):
                domain_n += 1
                got = _domain_now(gen, q)
                domain_right += got == it["domain"]
                rows.append({"id": q.id, "labelled": it["domain"], "tagged": got})
        n = len(items)
        checks = {c: {"precision": M.rate(v["both"], v["found"]), "recall": M.rate(v["both"], v["labelled"]),
                      "labelled": v["labelled"]} for c, v in per_class.items()}
        styles = [it["question"].get("style") for it in items]
        repeats = sum(bool(it.get("repeat")) for it in items)
        return {"questions": n, "with_any_defect": M.rate(labelled_any, n), "wrong_keys": M.rate(wrong_keys, n),
                "labelled_repeats": M.rate(repeats, n),
                "by_class": {c: M.rate(per_class[c]["labelled"], n) for c in CLASSES},
                "scenario": M.rate(sum(s == "scenario" for s in styles), n),
                "multi": M.rate(sum(bool(it["question"].get("multi")) for it in items), n),
                "checks": checks, "domain_accuracy": M.rate(domain_right, domain_n), "domains": rows,
                "read_by": data.get("read_by", ""), "generated_with": data.get("generated_with", "")}


def _key_text(option: str) -> str:
    """What of a key must be in the cited lines: a 'Column: value' statement's value."""
    return option.split(": ", 1)[1] if ": " in option and option.index(": ") < 40 else option


def _fact_key(q: QuestionRecord) -> str:
    s = q.source
    return f"{s.file}:{s.lines[0]}" if s else q.id


def _near(stem: str, others: list[str], embed) -> bool:
    if not others:
        return False
    vecs = embed([stem, *others])
    return bool(np.max(vecs[1:] @ vecs[0]) >= NEAR_STEM)


def _domain_now(gen, q: QuestionRecord) -> str | None:
    """The domain today's tagger gives the fact an audited question was made from: the notes' fact on its
    cited line whose subject or value is the key (else one built from the citation)."""
    from tutor.practice.facts import Fact

    c = q.source or (q.citations[0] if q.citations else None)
    if c is None:
        return None
    keys = {norm(q.options[a]) for a in q.answer}
    here = [f for f in gen.facts if f.source == c.file and f.lines[0] == c.lines[0]]
    said = terms(q.stem + " " + " ".join(q.rationales.get(a, "") for a in q.answer))
    mine = [f for f in here if norm(_display(f.subject)) in keys or norm(f.subject) in keys or norm(f.value) in keys] or here
    # of the row's facts, the one the question asks about: its value is what the stem and rationale say
    fact = max(mine, key=lambda f: len(terms(f.value) & said)) if mine else None
    if fact is None:
        key = q.options[q.answer[0]] if q.answer else ""
        fact = Fact("audit", c.file, c.heading or "", tuple(c.lines), tuple(c.lines), key, "", c.quote or q.stem, c.quote or "")
    return gen._find_domain(fact)


def summarize_fresh(rows: list[dict], files: list[str], mock, exam) -> dict:
    gen = [r for r in rows if r["origin"] == "generated"]
    n = len(gen)
    by_class = {c: M.rate(sum(any(d.startswith(c) for d in r["defects"]) for r in gen), n) for c in CLASSES}
    by_class["wrong key"] = M.rate(sum(any(d.startswith("wrong key") for d in r["defects"]) for r in gen), n)
    repeated = 0
    for s in {r["set"] for r in gen}:
        facts = [r["fact"] for r in gen if r["set"] == s]
        repeated += len(facts) - len(set(facts))
    contributing = sorted({r["file"] for r in gen if r["file"]})
    mock_rows = [r for r in rows if r["set_kind"] == "mock"]
    shares = {}
    if exam and exam.domains and mock_rows:
        total = sum(d.weight for d in exam.domains)
        for d in exam.domains:
            got = sum(r["domain"] == d.name for r in mock_rows) / len(mock_rows)
            shares[d.name] = {"weight": round(d.weight / total, 4), "share": round(got, 4),
                              "points_off": round(100 * (got - d.weight / total), 1)}
    return {"generated": n, "sets": len({r["set"] for r in rows}),
            "with_any_defect": M.rate(sum(bool(r["defects"]) for r in gen), n), "by_class": by_class,
            "scenario": M.rate(sum(r["style"] == "scenario" for r in gen), n),
            "multi": M.rate(sum(bool(r["multi"]) for r in gen), n),
            "files": {"contributing": contributing, "all": files},
            "repeated_facts_within_sets": repeated,
            "repeating_an_earlier_set": M.rate(sum(r["repeats_earlier_set"] for r in gen), n),
            "labelled_repeats": M.rate(sum(bool(r.get("labelled_repeat")) for r in gen), n),
            "mock_domains": shares, "mock_report": (mock.report.notes if mock.report else [])}


# -- report -------------------------------------------------------------------------------------------
def _r(x: dict | None) -> str:
    if not x:
        return "—"
    return f"{100 * x['value']:.0f}% ({100 * x['ci95'][0]:.0f}–{100 * x['ci95'][1]:.0f}; {x['k']:g}/{x['n']})"


def plots(data: dict) -> dict[str, bytes]:
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = {}
    shares = data["practice"]["fresh"].get("mock_domains") or {}
    if shares:
        names = list(shares)
        x = np.arange(len(names))
        fig, ax = plt.subplots(figsize=(7, 3.2))
        ax.bar(x - 0.2, [100 * shares[k]["weight"] for k in names], 0.4, label="exam weight")
        ax.bar(x + 0.2, [100 * shares[k]["share"] for k in names], 0.4, label="mock exam")
        ax.set_xticks(x, [k.replace(" and ", " &\n") for k in names], fontsize=8)
        ax.set_ylabel("% of questions")
        ax.legend(fontsize=8)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110)
        plt.close(fig)
        out["mock_domains.png"] = buf.getvalue()
    return out


def markdown(data: dict, images: dict[str, str]) -> str:
    p = data["practice"]
    f, a = p["fresh"], p.get("audit")
    lines = [f"# Eval report: {data['config']['task']} v{data['config']['task_version']}", "",
             f"{f['generated']} generated questions in {data['config']['sets']} practice sets and one mock exam · "
             f"seed {data['config']['seed']} · {data['seconds']} s", ""]
    if a:
        lines += ["## Hand audit (read against the notes)", "",
                  f"{a['questions']} generated questions ({a['generated_with']}), each read against its cited "
                  f"lines ({a['read_by']}).", "",
                  "| Figure | Value |", "| --- | ---: |",
                  f"| wrong keys | {_r(a['wrong_keys'])} |", f"| questions with any defect | {_r(a['with_any_defect'])} |",
                  f"| repeats labelled 'again' (the notes had no new fact left) | {_r(a['labelled_repeats'])} |"]
        lines += [f"| {c} | {_r(v)} |" for c, v in a["by_class"].items()]
        lines += [f"| exam-style scenario questions | {_r(a['scenario'])} |", f"| multi-select | {_r(a['multi'])} |",
                  f"| domain tags right | {_r(a['domain_accuracy'])} |", "",
                  "How well the automated checks find the defects the audit found:", "",
                  "| Defect | Labelled | Check precision | Check recall |", "| --- | ---: | ---: | ---: |"]
        lines += [f"| {c} | {v['labelled']} | {_r(v['precision'])} | {_r(v['recall'])} |" for c, v in a["checks"].items()]
    lines += ["", "## Fresh sets, checked automatically", "",
              "| Figure | Value |", "| --- | ---: |",
              f"| questions with a defect the checks find | {_r(f['with_any_defect'])} |"]
    lines += [f"| {c} | {_r(v)} |" for c, v in f["by_class"].items()]
    lines += [f"| exam-style scenario questions | {_r(f['scenario'])} |", f"| multi-select | {_r(f['multi'])} |",
              f"| note files that contribute | {len(f['files']['contributing'])} of {len(f['files']['all'])} |",
              f"| repeated facts within a set | {f['repeated_facts_within_sets']} |",
              f"| questions repeating one of an earlier set, unlabelled | {_r(f['repeating_an_earlier_set'])} |",
              f"| repeats labelled 'again' (the notes had no new fact left) | {_r(f['labelled_repeats'])} |", ""]
    missing = sorted(set(f["files"]["all"]) - set(f["files"]["contributing"]))
    if missing:
        lines += [f"Files that gave no question: {', '.join(missing)}.", ""]
    if f["mock_domains"]:
        lines += ["## Mock exam domains", "", "| Domain | Exam weight | Mock exam | Points off |", "| --- | ---: | ---: | ---: |"]
        lines += [f"| {d} | {100 * v['weight']:.0f}% | {100 * v['share']:.0f}% | {v['points_off']:+.1f} |"
                  for d, v in f["mock_domains"].items()]
        if "mock_domains.png" in images:
            lines += ["", f"![mock exam domains]({images['mock_domains.png']})"]
        lines += [""] + [f"- {x}" for x in f["mock_report"]]
    lines += ["", "## Versions", "", ", ".join(f"{k} {v}" for k, v in data["versions"].items() if v)]
    return "\n".join(lines) + "\n"


def summary(data: dict) -> list[str]:
    f, a = data["practice"]["fresh"], data["practice"].get("audit")
    out = [f"Fresh sets: {f['generated']} generated · with a defect the checks find {_r(f['with_any_defect'])} · "
           f"scenario {_r(f['scenario'])} · multi-select {_r(f['multi'])} · files {len(f['files']['contributing'])} "
           f"of {len(f['files']['all'])} · repeated facts within a set {f['repeated_facts_within_sets']} · repeats of "
           f"earlier sets: unlabelled {_r(f['repeating_an_earlier_set'])}, labelled 'again' {_r(f['labelled_repeats'])}"]
    if f["mock_domains"]:
        worst = max(f["mock_domains"].items(), key=lambda kv: abs(kv[1]["points_off"]))
        out.append(f"Mock exam: largest domain gap {worst[0]} {worst[1]['points_off']:+.1f} points")
    if a:
        out.append(f"Hand audit of {a['questions']}: wrong keys {_r(a['wrong_keys'])} · any defect "
                   f"{_r(a['with_any_defect'])} · scenario {_r(a['scenario'])} · multi {_r(a['multi'])} · "
                   f"domain tags right {_r(a['domain_accuracy'])} · labelled repeats {_r(a['labelled_repeats'])}")
    return out
