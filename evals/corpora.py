"""The corpora eval: every figure measured on notes and questions written by other people.

    tutor eval --task corpora --corpora ../shared/corpora [--only headings,chat,mcq,practice,samples]

For each corpus in the folder (format: `evals/corpora_format.py`), the notes are indexed into the eval's own
home (`TUTOR_HOME/evals/corpora-home`, so a re-run reuses the index and says it embedded nothing), and scored:

- headings: the heading path of the passage that holds each labelled line, against the reader's path;
- chat: nugget recall (points stated, `point_hit`), covered questions refused, not-covered questions
  declined, follow-ups resolved, answers with a sentence the cited lines do not support, latency;
- mcq: answerable answered right / abstained, not-in-notes abstained, wrong at high confidence, calibration
  (ECE and a reliability plot), overall with abstentions scored at chance — beside retrieval-only,
  first-option and random baselines in the same run;
- practice: three sets of 20 as a student takes them: delivered vs asked, note files with substance that
  contribute, multi-select and scenario shares, defects the automatic checks find, facts asked twice;
- samples: the notes' own sample questions found with the reader's key (where the labels list them), and
  the bank's keyed questions answered with their keys when pasted;
- ingest time (first run into a fresh home is the first-time figure).

Each corpus is scored with `Settings.holdout` set to its name, so anything fitted (`tutor.fitted`) is the
fit that never saw that corpus's labels (leave-one-corpus-out). Figures are per corpus and pooled, with 95%
Wilson intervals. Rows are appended to results.jsonl as they are made: an interrupted run resumes.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from pathlib import Path

from evals import metrics as M
from evals.corpora_format import (PROJECT_ROOT, Corpus, evidence_text, find_corpora, parse_ref, point_hit,
                                  same_path)
from evals.harness import EvalTask, Results, RunOptions, hash_config, versions

SECTIONS = ("headings", "chat", "mcq", "practice", "samples")
MCQ_SYSTEMS = ("tutor", "retrieval-only", "first-option", "random")
DEFAULT_CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"
SUBSTANCE_WORDS = 150  # a note file "with substance": at least this many words outside code


class CorporaEvalRun:
    def __init__(self, session, model, task: EvalTask, run_dir: Path, options: RunOptions | None = None,
                 cache=None) -> None:
        self.base = session
        self.model = model
        self.task = task
        self.opt = options or RunOptions()
        self.run_dir = Path(run_dir)
        self.folder = Path(self.opt.corpora or task.corpora or DEFAULT_CORPORA).resolve()
        self.sections = [s for s in (self.opt.only or task.sections or SECTIONS) if s in SECTIONS]
        self.home = session.settings.data_dir / "evals" / "corpora-home"

    def config(self) -> dict:
        return {"task": self.task.name, "task_version": self.task.version, "corpora": str(self.folder),
                "sections": self.sections, "seed": self.opt.seed, "sets": self.task.sets,
                "set_size": self.task.set_size, "model": getattr(self.model, "label", None) if self.model else None,
                "include_bundled": self.task.include_bundled}

    def corpora(self) -> list[Corpus]:
        found = find_corpora(self.folder)
        if not self.task.include_bundled:
            return [c for c in found if c.name != "bundled"]
        for c in found:
            if c.name == "bundled" and not c.chat:
                c.data["chat"], c.data["not_covered"] = bundled_chat()
        return found

    # -- running ---------------------------------------------------------------------------------------
    def run(self, progress=None) -> dict:
        progress = progress or (lambda stage, done, total: None)
        results = Results.start(self.run_dir, {"hash": hash_config(self.config()), **self.config()})
        started = time.monotonic()
        corpora = self.corpora()
        for n, corpus in enumerate(corpora):
            progress(f"Corpus {corpus.name}", n, len(corpora))
            self.run_corpus(corpus, results, progress)
        progress("Corpora", len(corpora), len(corpora))
        data = {"config": {"hash": hash_config(self.config()), **self.config()},
                "versions": versions(self.config()["model"]),
                "corpora": [c.name for c in corpora],
                "summary": summarize(results.rows, [c.name for c in corpora]),
                "seconds": round(time.monotonic() - started, 1)}
        (self.run_dir / "run.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
        return data

    def session_for(self, corpus: Corpus):
        from tutor.session import Session

        base = self.base.settings
        index = base.index.model_copy(update={"notes_dir": corpus.notes_dir.resolve(), "data_dir": self.home,
                                              "collection": None})
        settings = base.model_copy(update={"index": index, "holdout": corpus.name})
        return Session(settings, model=self.model, use_model=self.model is not None)

    def run_corpus(self, corpus: Corpus, results: Results, progress) -> None:
        session = self.session_for(corpus)
        try:
            if ("ingest", "tutor", corpus.name, "ingest") not in results.done:
                fresh = not (session.settings.index.index_dir / "chroma").exists()
                t0 = time.perf_counter()
                report = session.ingest()  # as the student's tutor does it: index, then the sentence cache
                total = time.perf_counter() - t0
                results.add({"kind": "ingest", "system": "tutor", "mode": corpus.name, "qid": "ingest",
                             "first_time": fresh, "seconds": round(report.seconds, 2),
                             "warm_seconds": round(max(0.0, total - report.seconds), 2),
                             "chunks": report.chunks_total, "embedded": report.embedded,
                             "problems": [str(p) for p in report.problems][:50]})
            for section in self.sections:
                getattr(self, f"_{section}")(corpus, session, results, progress)
        finally:
            session.close()

    # -- headings ------------------------------------------------------------------------------------------
    def _headings(self, corpus: Corpus, session, results: Results, progress) -> None:
        index = session.index
        for h in corpus.headings:
            if ("heading", "tutor", corpus.name, h["line"]) in results.done:
                continue
            file, line, _ = parse_ref(h["line"])
            held = [p for p in index.passages_at(file, line, line)]
            got = held[0].heading.split(" > ") if held and held[0].heading else []
            results.add({"kind": "heading", "system": "tutor", "mode": corpus.name, "qid": h["line"],
                         "want": h["path"], "got": got if held else None, "right": bool(held) and same_path(got, h["path"])})

    # -- chat ----------------------------------------------------------------------------------------------
    def _chat(self, corpus: Corpus, session, results: Results, progress) -> None:
        from evals.chat_eval import check_sentences, nugget_hit

        tutor = session.tutor
        index = session.index
        items = [(i, True) for i in corpus.chat] + [(i, False) for i in corpus.not_covered]
        for n, (item, covered) in enumerate(items):
            if ("chat", "tutor", corpus.name, item["id"]) in results.done:
                continue
            progress(f"{corpus.name}: chat", n, len(items))
            turns = item.get("turns") or [item["question"]]
            history = []
            t0 = time.perf_counter()
            for q in turns[:-1]:
                history.append(tutor.ask(q, history).turn())
            t1 = time.perf_counter()
            ans = tutor.ask(turns[-1], history)
            secs = time.perf_counter() - t1
            refused = ans.kind == "not_covered"
            hits = []
            for p in item.get("points") or []:
                ev = evidence_text(p.get("evidence") or [], index.lines)
                hits.append(not refused and point_hit(p["text"], ev, ans.text))
            for nug in item.get("nuggets") or []:  # the bundled notes' own chat set (keys, not points)
                hits.append(not refused and nugget_hit(nug, ans.text))
            results.add({"kind": "chat", "system": "tutor", "mode": corpus.name, "qid": item["id"],
                         "covered": covered, "item_kind": item.get("kind", "not_covered"),
                         "question": turns[-1], "turns": len(turns), "answer_kind": ans.kind, "refused": refused,
                         "text": ans.text, "points": hits,
                         "citations": [c.passage.location for c in ans.citations],
                         "sentences": check_sentences(index, tutor.judge, ans) if ans.kind == "answer" else [],
                         "seconds": round(secs, 3), "seconds_with_history": round(time.perf_counter() - t0, 3),
                         "words": len(ans.text.split())})

    # -- multiple choice -----------------------------------------------------------------------------------
    def _mcq(self, corpus: Corpus, session, results: Results, progress) -> None:
        from evals.baselines import nearest_passage_choice
        from tutor.mcq import ParsedMcq

        tutor = session.tutor
        for n, item in enumerate(corpus.mcq):
            progress(f"{corpus.name}: multiple choice", n, len(corpus.mcq))
            options = {str(k): str(v) for k, v in item["options"].items()}
            key = [str(a) for a in item["answer"]]
            q = ParsedMcq(item["stem"], options, max(1, len(key)))
            base = {"kind": "mcq", "mode": corpus.name, "qid": item["id"], "key": key, "n_options": len(options),
                    "answerability": item.get("answerability"), "style": item.get("style")}
            for system in MCQ_SYSTEMS:
                if ("mcq", system, corpus.name, item["id"]) in results.done:
                    continue
                t0 = time.perf_counter()
                row = {**base, "system": system}
                if system == "random":
                    row.update(chosen=None, exact=M.random_expectation(len(options), len(key), "exact"))
                elif system == "first-option":
                    row["chosen"] = M.first_options(list(options), len(key))
                elif system == "retrieval-only":
                    row["chosen"] = nearest_passage_choice(tutor, q)
                else:
                    res = tutor.choose(q)
                    row.update(chosen=res.chosen, confidence=res.confidence, level=res.level, abstain=res.abstain,
                               method=res.method,
                               evidence={s.letter: s.evidence.location for s in res.scores if s.evidence})
                if row.get("chosen") is not None:
                    row["exact"] = M.exact(row["chosen"], key)
                row["seconds"] = round(time.perf_counter() - t0, 3)
                results.add(row)

    # -- practice ------------------------------------------------------------------------------------------
    def _practice(self, corpus: Corpus, session, results: Results, progress) -> None:
        from evals.practice_eval import PracticeEvalRun

        if ("practice-files", "tutor", corpus.name, "files") in results.done:
            return
        checker = PracticeEvalRun(session, None, EvalTask(name="corpora-practice", version=1, kind="practice"),
                                  self.run_dir)
        gen = session.practice.generator
        taken, seen_stems = [], []
        for i in range(self.task.sets):
            progress(f"{corpus.name}: practice set {i + 1}", i, self.task.sets)
            t0 = time.perf_counter()
            pset = gen.make_set(self.task.set_size, seed=self.opt.seed + i, phrase=False, seen=taken)
            secs = time.perf_counter() - t0
            taken += pset.questions
            results.add({"kind": "practice-set", "system": "tutor", "mode": corpus.name, "qid": f"set{i}",
                         "asked": self.task.set_size, "delivered": len(pset.questions), "seconds": round(secs, 2),
                         "report": _set_report(pset)})
            for q in pset.questions:
                row = checker.check(q, "practice", i, pset, seen_stems, [])
                row.update(kind="practice", system="tutor", mode=corpus.name, qid=f"set{i}:{q.id}",
                           rationales=q.rationales, citations=[c.model_dump() for c in q.citations][:3]
                           if q.citations and hasattr(q.citations[0], "model_dump") else [])
                results.add(row)
            seen_stems += [q.stem for q in pset.questions if q.origin == "generated"]
        results.add({"kind": "practice-files", "system": "tutor", "mode": corpus.name, "qid": "files",
                     "substance": substantive_files(session)})

    # -- the notes' own sample questions ------------------------------------------------------------------
    def _samples(self, corpus: Corpus, session, results: Results, progress) -> None:
        from tutor.mcq import ParsedMcq

        bank = session.index.bank
        for lab in corpus.sample_questions:
            key = lab.get("key")
            if not isinstance(key, list) or ("sample-found", "tutor", corpus.name, lab["where"]) in results.done:
                continue
            file, a, b = parse_ref(lab["where"])
            rec = next((r for r in bank if r.source and r.source.file == file
                        and r.source.lines[0] <= b and r.source.lines[1] >= a), None)
            results.add({"kind": "sample-found", "system": "tutor", "mode": corpus.name, "qid": lab["where"],
                         "found": rec is not None, "key": key, "got": rec.answer if rec else None,
                         "right": rec is not None and sorted(rec.answer) == sorted(key)})
        tutor = session.tutor
        keyed = [r for r in bank if r.scorable]
        for n, rec in enumerate(keyed):
            if ("sample-answer", "tutor", corpus.name, rec.id) in results.done:
                continue
            progress(f"{corpus.name}: the notes' sample questions", n, len(keyed))
            res = tutor.choose(ParsedMcq(rec.stem, rec.options, max(1, len(rec.answer))))
            results.add({"kind": "sample-answer", "system": "tutor", "mode": corpus.name, "qid": rec.id,
                         "right": sorted(res.chosen or []) == sorted(rec.answer) and not res.abstain})


def bundled_chat() -> tuple[list[dict], list[dict]]:
    """The bundled notes' chat set, held-out split only (`evals/data/chat_gold.yaml`, written by this project,
    so weaker evidence than the outside corpora): covered items keep their nugget keys."""
    import yaml

    from evals.harness import EVALS_DIR

    items = yaml.safe_load((EVALS_DIR / "data" / "chat_gold.yaml").read_text())["items"]
    items = [i for i in items if i.get("split") == "test" and i.get("kind") != "quiz"]
    chat, uncovered = [], []
    for i in items:
        turns = [*i.get("history", []), i["question"]]
        row = {"id": i["id"], "kind": "follow-up" if len(turns) > 1 else i["kind"], "question": i["question"],
               "turns": turns, "nuggets": i.get("nuggets", [])}
        (chat if i.get("covered", True) else uncovered).append(row)
    return chat, uncovered


def _set_report(pset) -> list[str]:
    rep = getattr(pset, "report", None)
    notes = getattr(rep, "notes", None) if rep is not None else None
    return list(notes or [])[:10]


def substantive_files(session) -> list[str]:
    """Note files with at least SUBSTANCE_WORDS words outside code blocks (from the index's chunks)."""
    words: dict[str, int] = {}
    for c in session.index.store.iter_chunks(with_text=True):
        if c.meta.get("kind") == "code":
            continue
        src = c.meta.get("source", "")
        words[src] = words.get(src, 0) + len(str(c.meta.get("text", "")).split())
    return sorted(f for f, w in words.items() if w >= SUBSTANCE_WORDS)


# -- summaries ------------------------------------------------------------------------------------------------
def summarize(rows: list[dict], names: list[str]) -> dict:
    out = {}
    for name in [*names, "pooled"]:
        sel = [r for r in rows if name == "pooled" or r.get("mode") == name]
        out[name] = {"headings": _headings(sel), "chat": _chat(sel), "mcq": _mcq(sel), "practice": _practice(sel, name),
                     "samples": _samples(sel), "ingest": _ingest(sel)}
    return out


def _headings(rows):
    h = [r for r in rows if r["kind"] == "heading"]
    return {"right": M.rate(sum(r["right"] for r in h), len(h))} if h else None


def _chat(rows):
    c = [r for r in rows if r["kind"] == "chat"]
    if not c:
        return None
    cov = [r for r in c if r["covered"]]
    unc = [r for r in c if not r["covered"]]
    pts = [h for r in cov for h in r["points"]]
    fol = [r for r in cov if r.get("turns", 1) > 1]
    answered = [r for r in c if r["answer_kind"] == "answer"]
    bad = [r for r in answered if any(not s["supported"] for s in r["sentences"])]
    secs = sorted(r["seconds"] for r in c)
    by_kind = {}
    for k in sorted({r["item_kind"] for r in cov}):
        g = [h for r in cov if r["item_kind"] == k for h in r["points"]]
        by_kind[k] = M.rate(sum(g), len(g))
    return {"nugget_recall": M.rate(sum(pts), len(pts)), "nugget_recall_by_kind": by_kind,
            "covered_refused": M.rate(sum(r["refused"] for r in cov), len(cov)),
            "not_covered_declined": M.rate(sum(r["refused"] for r in unc), len(unc)),
            "followups_resolved": M.rate(sum(_resolved(r) for r in fol), len(fol)),
            "answers_with_unsupported_sentence": M.rate(len(bad), len(answered)),
            "words_per_answer": round(statistics.mean(r["words"] for r in answered), 1) if answered else None,
            "seconds_p50": secs[len(secs) // 2] if secs else None,
            "seconds_p95": secs[max(0, math.ceil(0.95 * len(secs)) - 1)] if secs else None}


def _resolved(r: dict) -> bool:
    return not r["refused"] and bool(r["points"]) and sum(r["points"]) >= len(r["points"]) / 2


def _mcq(rows):
    m = [r for r in rows if r["kind"] == "mcq"]
    if not m:
        return None
    t = [r for r in m if r["system"] == "tutor"]
    ans = [r for r in t if r["answerability"] == "answerable"]
    nin = [r for r in t if r["answerability"] == "not_in_notes"]
    high = [r for r in t if r.get("level") == "high" and not r.get("abstain")]
    answered = [r for r in t if not r.get("abstain")]

    def chance(r):
        return r["exact"] if not r.get("abstain") else M.random_expectation(r["n_options"], len(r["key"]), "exact")

    at_chance = [chance(r) for r in t]
    out = {"n": len(t),
           "answerable_right": M.rate(sum(r["exact"] for r in ans if not r.get("abstain")), len(ans)),
           "answerable_abstained": M.rate(sum(bool(r.get("abstain")) for r in ans), len(ans)),
           "not_in_notes_abstained": M.rate(sum(bool(r.get("abstain")) for r in nin), len(nin)),
           "high_confidence_wrong": M.rate(sum(1 - r["exact"] for r in high), len(high)),
           "accuracy_when_answering": M.rate(sum(r["exact"] for r in answered), len(answered)),
           "overall_at_chance": {"value": round(sum(at_chance) / len(at_chance), 4),
                                 "ci95": [round(x, 4) for x in M.bootstrap(at_chance)]} if at_chance else None,
           "ece": ece(t), "ece_if_calibrated": ece_if_calibrated(t), "reliability": reliability(t),
           "baselines": {}}
    for system in MCQ_SYSTEMS[1:]:
        b = [r for r in m if r["system"] == system]
        if b:
            out["baselines"][system] = {"exact": round(sum(r["exact"] for r in b) / len(b), 4), "n": len(b)}
    return out


def _lean_right(r: dict) -> float:
    return float(r.get("exact", 0.0))


def ece(rows: list[dict], bins: int = 10) -> float | None:
    """Expected calibration error of the tutor's confidence in the option(s) it leans to (answered or not)."""
    rows = [r for r in rows if r.get("confidence") is not None]
    if not rows:
        return None
    return round(_ece([r["confidence"] for r in rows], [_lean_right(r) for r in rows], bins), 4)


def _ece(conf: list[float], right: list[float], bins: int = 10) -> float:
    total = 0.0
    for b in range(bins):
        g = [i for i, c in enumerate(conf) if b / bins <= c < (b + 1) / bins or (b == bins - 1 and c >= 1.0)]
        if g:
            total += abs(sum(conf[i] for i in g) - sum(right[i] for i in g)) / len(conf)
    return total


def ece_if_calibrated(rows: list[dict], bins: int = 10, draws: int = 400) -> float | None:
    """The ECE a perfectly calibrated tutor would still show on these questions: each lean right with exactly its
    stated confidence, averaged over seeded draws. On 15 questions it is about 0.15-0.25 (the bins hold one or two
    questions each), so a corpus's ECE is only evidence of miscalibration where it is well above this."""
    import random

    conf = [r["confidence"] for r in rows if r.get("confidence") is not None]
    if not conf:
        return None
    rng = random.Random(0)
    return round(sum(_ece(conf, [float(rng.random() < c) for c in conf], bins) for _ in range(draws)) / draws, 4)


def reliability(rows: list[dict], bins: int = 5) -> list[dict]:
    out = []
    rows = [r for r in rows if r.get("confidence") is not None]
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        g = [r for r in rows if lo <= r["confidence"] < hi or (b == bins - 1 and r["confidence"] >= 1.0)]
        if g:
            out.append({"from": lo, "to": hi, "n": len(g),
                        "confidence": round(sum(r["confidence"] for r in g) / len(g), 4),
                        "accuracy": round(sum(_lean_right(r) for r in g) / len(g), 4)})
    return out


def _practice(rows, name):
    sets = [r for r in rows if r["kind"] == "practice-set"]
    if not sets:
        return None
    qs = [r for r in rows if r["kind"] == "practice" and r.get("origin") == "generated"]
    files = [r for r in rows if r["kind"] == "practice-files"]
    substance = {(r["mode"], f) for r in files for f in r["substance"]}
    contributing = {(r["mode"], r["file"]) for r in qs if r.get("file")}
    facts = [(r["mode"], r["fact"]) for r in qs]
    return {"asked": sum(r["asked"] for r in sets), "delivered": sum(r["delivered"] for r in sets),
            "sets_in_full": M.rate(sum(r["delivered"] >= r["asked"] for r in sets), len(sets)),
            "files_with_substance_contributing": M.rate(len(substance & contributing), len(substance)),
            "multi_select": M.rate(sum(bool(r["multi"]) for r in qs), len(qs)),
            "scenario": M.rate(sum(r.get("style") == "scenario" for r in qs), len(qs)),
            "defects_found_by_checks": M.rate(sum(bool(r["defects"]) for r in qs), len(qs)),
            "facts_asked_twice": len(facts) - len(set(facts))}


def _samples(rows):
    f = [r for r in rows if r["kind"] == "sample-found"]
    a = [r for r in rows if r["kind"] == "sample-answer"]
    if not f and not a:
        return None
    return {"found_with_right_key": M.rate(sum(r["right"] for r in f), len(f)),
            "found": M.rate(sum(r["found"] for r in f), len(f)),
            "bank_answered_with_key": M.rate(sum(r["right"] for r in a), len(a))}


def _ingest(rows):
    g = [r for r in rows if r["kind"] == "ingest"]
    if not g:
        return None
    return {"seconds": round(sum(r["seconds"] for r in g), 2), "warm_seconds": round(sum(r["warm_seconds"] for r in g), 2),
            "first_time": all(r["first_time"] for r in g), "chunks": sum(r["chunks"] for r in g),
            "embedded": sum(r["embedded"] for r in g)}
