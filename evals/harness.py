"""Run an eval task: answer accuracy (open notes and held out) beside its baselines, retrieval recall
and MRR against annotated gold passages, and ALCE-style citation quality.

Every computed item is appended to `results.jsonl` in the run folder as soon as it exists (and
fsynced), so an interrupted run loses nothing: running again with the same configuration skips what
is done. Model calls go through a response cache keyed by a hash of the request.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import random
import re
import subprocess
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from evals import metrics as M
from evals.baselines import langchain_rag_choice, nearest_passage_choice
from evals.cache import CachedModel, ResponseCache
from evals.judge import judge_report
from ingest.chunker import CHUNKER_VERSION
from ingest.embeddings import model_id
from ingest.records import QuestionRecord, check_file, is_warning
from tutor.answer import Tutor
from tutor.mcq import ParsedMcq
from ingest.text import CITE_RE, clean


def claim_of(raw: str) -> str:
    """The claim of one cited line of an answer, without its citations and without the label the answer puts
    in front of it ("**Tyramine**: ...", "- *What was the significance ...?* Their significance ..."): the
    label is the notes' own heading or parent line, not something the cited passage has to say."""
    claim = clean(CITE_RE.sub("", raw)).strip(" -")
    if raw.lstrip().startswith("**"):
        claim = re.sub(r"^\*?\*?[^*:]{1,60}\*?\*?:\s+", "", claim)
    if re.match(r"^\s*(?:- )?\*(?!\*)", raw):
        claim = re.sub(r"^\*(?!\*)[^*]{2,200}\*\s+", "", claim)
    return claim

EVALS_DIR = Path(__file__).parent
SYSTEMS_NEEDING_MODEL = {"closed-book", "langchain-rag", "tutor+model"}
CLASSES = ("answerable", "partial", "not_in_notes")



def hash_config(config: dict) -> str:
    """A run's identity: the same configuration resumes the same run folder."""
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()[:16]

class EvalTask(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    version: int
    kind: str = "mcq"  # mcq | chat | practice: which runner (evals.runners) scores it
    description: str = ""
    questions: str = "bank"  # "bank", or a labelled set under evals/ (YAML with answerability and split)
    split: str | None = None  # dev | test | all, for labelled sets (the run's --split wins)
    modes: list[str] = ["open", "held_out"]
    systems: list[str] = ["tutor", "retrieval-only", "closed-book", "first-option", "random"]
    k: int = 5
    retrieval_gold: str | None = None
    chat_gold: str | None = None
    chat_sample: int = 8
    judge_validation: str | None = None
    context_tokens: int = 500
    sets: int = 3  # practice tasks: how many practice sets to generate (plus one mock exam)
    set_size: int = 20
    audit: str | None = None  # practice tasks: the hand-labelled audit file under evals/
    corpora: str | None = None  # corpora tasks: the folder of labelled corpora (the run's --corpora wins)
    sections: list[str] | None = None  # corpora tasks: which parts to score (the run's --only wins)
    include_bundled: bool = True  # corpora tasks: score the bundled notes too (a corpus named "bundled")


def load_task(name: str = "notes-sample-questions") -> EvalTask:
    path = Path(name)
    if not path.is_file():
        path = EVALS_DIR / "tasks" / f"{name.replace('-', '_')}.yaml"
    if not path.is_file():
        known = sorted(p.stem.replace("_", "-") for p in (EVALS_DIR / "tasks").glob("*.yaml"))
        raise FileNotFoundError(f"No eval task {name!r}; known tasks: {', '.join(known)}")
    return EvalTask.model_validate(yaml.safe_load(path.read_text()))


@dataclass
class RunOptions:
    sample: int | None = None
    seed: int = 0
    modes: list[str] | None = None
    k: int | None = None
    questions_file: Path | None = None
    chat_sample: int | None = None
    split: str | None = None  # dev | test | all: which part of a task's own set (tasks that have splits)
    corpora: Path | None = None  # corpora tasks: the folder of labelled corpora
    only: list[str] | None = None  # corpora tasks: the sections to score


@dataclass
class Results:
    """results.jsonl: append-only, one JSON object per computed item."""

    path: Path
    rows: list[dict] = field(default_factory=list)
    done: set[tuple] = field(default_factory=set)

    @classmethod
    def open(cls, path: Path) -> "Results":
        r = cls(path)
        if path.is_file():
            for line in path.read_text().splitlines():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut by the interruption: recomputed
                r.rows.append(row)
                r.done.add(_key(row))
        return r

    @classmethod
    def start(cls, run_dir: Path, config: dict) -> "Results":
        """The run folder's results, resumed; a folder holding a run of another configuration is refused."""
        run_dir.mkdir(parents=True, exist_ok=True)
        cfg_path = run_dir / "config.json"
        if cfg_path.is_file() and json.loads(cfg_path.read_text()).get("hash") != config["hash"]:
            raise ValueError(f"{run_dir} holds a run with another configuration; choose a new --out folder.")
        cfg_path.write_text(json.dumps(config, indent=2))
        return cls.open(run_dir / "results.jsonl")

    def add(self, row: dict) -> None:
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self.rows.append(row)
        self.done.add(_key(row))


def _key(row: dict) -> tuple:
    return (row.get("kind"), row.get("system"), row.get("mode"), row.get("qid"))


class EvalRun:
    """The multiple-choice runner: the tutor and its baselines on a question set."""

    def __init__(self, session, model, task: EvalTask, run_dir: Path, options: RunOptions | None = None,
                 cache: ResponseCache | None = None) -> None:
        index = session.index
        self.index = index
        self.task = task
        self.opt = options or RunOptions()
        self.run_dir = Path(run_dir)
        self.cache = cache or ResponseCache(index.settings.data_dir / "eval-cache.sqlite")
        self.model = CachedModel(model, self.cache) if model is not None else None
        retrieval = session.settings.retrieval.model_copy(update={"mcq_context_tokens": task.context_tokens})
        self.settings = session.settings.model_copy(update={"retrieval": retrieval})
        self.tutor = Tutor(index, self.model, self.settings)
        self.ablation = None
        if self.model is not None and "tutor+model" in task.systems:
            from tutor.mcq import McqScorer, Weights

            self.ablation = McqScorer(self.tutor.retriever, self.tutor.judge, self.model,
                                      self.settings.retrieval.mcq_context_tokens, Weights.load(variant="with_model"))
        self.k = self.opt.k or task.k
        self.modes = self.opt.modes or task.modes

    # -- configuration ---------------------------------------------------------------------------
    def config(self) -> dict:
        return {
            "task": self.task.name, "task_version": self.task.version, "modes": self.modes, "k": self.k,
            "sample": self.opt.sample, "seed": self.opt.seed,
            "questions": str(self.opt.questions_file or self.task.questions),
            "model": self.model.label if self.model else None,
            "notes_dir": str(self.index.settings.index.notes_dir),
            "chat_sample": self.opt.chat_sample if self.opt.chat_sample is not None else self.task.chat_sample,
            "context_tokens": self.task.context_tokens, "split": self.split,
            "systems": self.task.systems,
        }

    def config_hash(self) -> str:
        return hash_config(self.config())

    @property
    def split(self) -> str | None:
        return self.opt.split or self.task.split

    def questions(self) -> list[QuestionRecord]:
        self.labels: dict[str, dict] = {}
        if not self.opt.questions_file and self.task.questions.endswith((".yaml", ".yml")):
            return self._labelled()
        if self.opt.questions_file:
            records, problems = check_file(self.opt.questions_file)
            errors = [p for p in problems if not is_warning(p)]
            if errors:  # scoring part of a file, or none of a missing one, would report a misleading number
                raise ValueError("The question file has problems; fix them and run again:\n  " + "\n  ".join(errors[:20]))
            qs = [q for q in records if q.scorable]
        else:
            qs = [q for q in self.index.bank if q.scorable]
        if self.opt.sample and self.opt.sample < len(qs):
            keep = set(random.Random(self.opt.seed).sample(range(len(qs)), self.opt.sample))
            qs = [q for i, q in enumerate(qs) if i in keep]
        return qs

    def _labelled(self) -> list[QuestionRecord]:
        """A labelled question set: each question with its answerability class and split."""
        data = yaml.safe_load((EVALS_DIR / self.task.questions).read_text())
        qs = []
        for item in data["questions"]:
            if self.split not in (None, "all") and item["split"] != self.split:
                continue
            rec = QuestionRecord(id=item["id"], stem=item["stem"], options={k: str(v) for k, v in item["options"].items()},
                                 answer=item["answer"], multi=len(item["answer"]) > 1)
            self.labels[rec.id] = {"answerability": item["answerability"], "split": item["split"],
                                   "tags": item.get("tags", [])}
            qs.append(rec)
        if self.opt.sample and self.opt.sample < len(qs):
            keep = set(random.Random(self.opt.seed).sample(range(len(qs)), self.opt.sample))
            qs = [q for i, q in enumerate(qs) if i in keep]
        return qs

    # -- running ---------------------------------------------------------------------------------
    def run(self, progress=None) -> dict:
        progress = progress or (lambda stage, done, total: None)
        results = Results.start(self.run_dir, {"hash": self.config_hash(), **self.config()})
        started = time.monotonic()
        qs = self.questions()
        systems = [s for s in self.task.systems if self.model is not None or s not in SYSTEMS_NEEDING_MODEL]
        for n, q in enumerate(qs):
            progress("Answering sample questions", n, len(qs))
            self._mcq_rows(q, systems, results)
        progress("Answering sample questions", len(qs), len(qs))
        self._retrieval_rows(qs, results, progress)
        self._citation_rows(results, progress)
        data = self.summarize(results.rows, qs)
        data["seconds"] = round(time.monotonic() - started, 1)
        data["cache"] = {"hits": self.cache.hits, "misses": self.cache.misses}
        (self.run_dir / "run.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
        return data

    def held_out(self, q: QuestionRecord) -> frozenset[str]:
        """Ids of every chunk holding the question or its key (all places it is written)."""
        spans = []
        for src in [q.source, *q.also_at]:
            if src is None:
                continue
            spans.append((src.file, src.lines[0], src.lines[1]))
            spans += [(src.file, k, k) for k in src.key_lines]
        ids = {p.chunk_id for f, a, b in spans for p in self.index.passages_at(f, a, b)}
        if not spans:  # an external question: hide chunks that contain its stem
            head = re.sub(r"\s+", " ", q.stem[:80]).lower()
            for c in self.index.store.iter_chunks(with_text=True):
                if head[:60] in re.sub(r"\s+", " ", c.text).lower():
                    ids.add(c.id)
        return frozenset(ids)

    def _mcq_rows(self, q: QuestionRecord, systems: list[str], results: Results) -> None:
        parsed = ParsedMcq(q.stem, q.options, max(1, len(q.answer)))
        label = getattr(self, "labels", {}).get(q.id, {})
        base = {"kind": "mcq", "qid": q.id, "domain": q.domain or "Unassigned", "key": q.answer,
                "n_options": len(q.options), "answerability": label.get("answerability"),
                "tags": label.get("tags", [])}
        for system in systems:
            modes = self.modes if system in ("tutor", "retrieval-only") else ["any"]
            for mode in modes:
                if ("mcq", system, mode, q.id) in results.done:
                    continue
                t0 = time.perf_counter()
                row = {**base, "system": system, "mode": mode}
                exclude = self.held_out(q) if mode == "held_out" else frozenset()
                if system == "random":
                    row.update(chosen=None, exact=M.random_expectation(len(q.options), len(q.answer), "exact"),
                               partial=M.random_expectation(len(q.options), len(q.answer), "partial"))
                elif system == "first-option":
                    row["chosen"] = M.first_options(list(q.options), len(q.answer))
                elif system == "retrieval-only":
                    row.update(chosen=nearest_passage_choice(self.tutor, parsed, exclude), excluded=len(exclude))
                elif system == "langchain-rag":
                    chosen, output = langchain_rag_choice(self.index, self.model, parsed, exclude)
                    row.update(chosen=chosen, model_output=output, excluded=len(exclude))
                else:
                    if system == "tutor+model" and self.ablation is not None:
                        res = self.ablation.score(parsed, exclude=exclude, use_model=True)
                    else:
                        res = self.tutor.choose(parsed, exclude=exclude, use_model=system == "tutor",
                                                closed_book=system == "closed-book")
                    row.update(
                        chosen=res.chosen, method=res.method, confidence=res.confidence, level=res.level,
                        abstain=res.abstain,
                        scores={s.letter: {**s.features, "prob": s.prob, "model": s.model} for s in res.scores},
                        passages=sorted({p.location for p in res.passages}),
                        passage_ids=sorted({p.chunk_id for p in res.passages}),
                        evidence={s.letter: s.evidence.location for s in res.scores if s.evidence},
                        excluded=len(exclude), model_output=res.model_output,
                    )
                if row.get("chosen") is not None:
                    row.update(exact=M.exact(row["chosen"], q.answer), partial=M.partial(row["chosen"], q.answer))
                row["seconds"] = round(time.perf_counter() - t0, 3)
                results.add(row)

    def _retrieval_rows(self, qs: list[QuestionRecord], results: Results, progress) -> None:
        gold = self._gold()
        for n, q in enumerate(qs):
            g = next((g for g in gold if g["file"] == (q.source.file if q.source else None)
                      and g["stem_contains"].lower() in q.stem.lower()), None)
            if g is None or ("retrieval", "hybrid", "held_out", q.id) in results.done:
                continue
            progress("Scoring retrieval", n, len(qs))
            hits = []
            if g["supported"]:
                query = q.stem + "\n" + "\n".join(f"{k}. {v}" for k, v in q.options.items())
                found = self.tutor.retriever.search(query, k=10, exclude=self.held_out(q))
                hits = [M.overlaps(p.source, p.start_line, p.end_line, g["support"]) for p in found]
            results.add({"kind": "retrieval", "system": "hybrid", "mode": "held_out", "qid": q.id,
                         "domain": q.domain or "Unassigned", "supported": g["supported"], "hits": hits})

    def _gold(self) -> list[dict]:
        if not self.task.retrieval_gold or self.opt.questions_file:
            return []
        path = EVALS_DIR / self.task.retrieval_gold
        return [json.loads(x) for x in path.read_text().splitlines() if x.strip()]

    def _citation_rows(self, results: Results, progress) -> None:
        if not self.task.chat_gold:
            return
        n = self.opt.chat_sample if self.opt.chat_sample is not None else self.task.chat_sample
        gold = [json.loads(x) for x in (EVALS_DIR / self.task.chat_gold).read_text().splitlines() if x.strip()]
        picked = random.Random(self.opt.seed).sample(gold, min(n, len(gold)))
        for i, g in enumerate(picked):
            qid = "chat-" + hashlib.sha1(g["question"].encode()).hexdigest()[:8]
            if ("citations", "tutor", "open", qid) in results.done:
                continue
            progress("Judging citations", i, len(picked))
            ans = self.tutor.ask(g["question"])
            results.add({"kind": "citations", "system": "tutor", "mode": "open", "qid": qid,
                         "question": g["question"], "answer": ans.text, "draft": ans.draft,
                         "sentences": self.judge_citations(ans)})

    def judge_citations(self, ans) -> list[dict]:
        by_n = {c.n: c.passage for c in ans.citations}
        out = []
        for raw in re.split(r"\n+|(?<=\.)\s+(?=[A-Z])", ans.text):
            cited = [int(x) for x in CITE_RE.findall(raw) if int(x) in by_n]
            claim = claim_of(raw)
            if not cited or len(claim.split()) < 4 or claim.endswith(":"):
                continue
            texts = [by_n[c].text for c in cited]
            all_ok = self.tutor.judge.judge(claim, "\n".join(texts)).supported
            needed = []
            for i, t in enumerate(texts):
                alone = self.tutor.judge.judge(claim, t).supported
                rest = "\n".join(texts[:i] + texts[i + 1:])
                rest_ok = bool(rest) and self.tutor.judge.judge(claim, rest).supported
                needed.append(alone or not rest_ok)
            out.append({"claim": claim, "cites": [by_n[c].location for c in cited], "supported": all_ok,
                        "needed": needed})
        return out

    # -- aggregation -----------------------------------------------------------------------------
    def summarize(self, rows: list[dict], qs: list[QuestionRecord]) -> dict:
        ids = {q.id for q in qs}
        mcq = [r for r in rows if r["kind"] == "mcq" and r["qid"] in ids]
        table = {}
        for (system, mode) in sorted({(r["system"], r["mode"]) for r in mcq}):
            sel = [r for r in mcq if r["system"] == system and r["mode"] == mode]
            ex = [r["exact"] for r in sel]
            pa = [r["partial"] for r in sel]
            per_domain = {}
            for r in sel:
                d = per_domain.setdefault(r["domain"], [0.0, 0])
                d[0] += r["exact"]
                d[1] += 1
            table[f"{system}|{mode}"] = {
                "system": system, "mode": mode, "n": len(sel),
                "exact": round(sum(ex) / len(ex), 4) if ex else 0.0,
                "exact_ci95": [round(x, 4) for x in M.wilson(sum(ex), len(ex))] if system != "random" else None,
                "partial": round(sum(pa) / len(pa), 4) if pa else 0.0,
                "partial_ci95": [round(x, 4) for x in M.bootstrap(pa, self.opt.seed)] if system != "random" else None,
                "per_domain": {d: round(v[0] / v[1], 4) for d, v in sorted(per_domain.items())},
                "per_domain_n": {d: v[1] for d, v in sorted(per_domain.items())},
            }
        decisions = decision_metrics(mcq, self.opt.seed)
        ret = [r for r in rows if r["kind"] == "retrieval" and r["qid"] in ids]
        sup = [r for r in ret if r["supported"]]
        curve = {k: round(sum(M.recall_at_k(r["hits"], k) for r in sup) / len(sup), 4) if sup else 0.0
                 for k in range(1, 11)}
        cit = [s for r in rows if r["kind"] == "citations" for s in r["sentences"]]
        judge = judge_report(self.tutor.judge, self.index.settings.index.notes_dir,
                             EVALS_DIR / self.task.judge_validation) if self.task.judge_validation else None
        return {
            "config": {"hash": self.config_hash(), **self.config()},
            "versions": versions(self.model.label if self.model else None),
            "questions": len(qs),
            "accuracy": table,
            "decisions": decisions,
            "retrieval": {"questions_with_gold": len(ret), "supported": len(sup), "unsupported": len(ret) - len(sup),
                          f"recall@{self.k}": curve.get(self.k, 0.0), "recall_curve": curve,
                          "mrr": round(sum(M.reciprocal_rank(r["hits"]) for r in sup) / len(sup), 4) if sup else 0.0,
                          "query": "the question as pasted (stem and options); its own chunks and key lines hidden"},
            "citations": {"answers": len([r for r in rows if r["kind"] == "citations"]), "sentences": len(cit),
                          "citation_recall": round(M.citation_recall([s["supported"] for s in cit]), 4),
                          "citation_precision": round(M.citation_precision([(s["supported"], s["needed"]) for s in cit]), 4),
                          "judge": "tutor.support.Judge (offline: content-word overlap + MiniLM similarity, "
                                   "vetoes for swapped names, numbers, negation)",
                          "judge_validation": judge},
            "metrics": {name: {"higher_is_better": m.higher_is_better, "meaning": m.meaning}
                        for name, m in M.REGISTRY.items()},
        }


def decision_metrics(mcq: list[dict], seed: int = 0) -> dict:
    """For each system that can abstain (the tutor), per answerability class and overall: coverage (share
    answered), accuracy when answering, the lean's accuracy, abstention precision/recall against the
    not-in-notes label, accuracy with abstentions scored at chance, and accuracy of high-confidence
    answers; plus reliability bins (confidence against accuracy). 95% Wilson intervals throughout."""
    out: dict = {}
    for (system, mode) in sorted({(r["system"], r["mode"]) for r in mcq if "confidence" in r}):
        sel = [r for r in mcq if r["system"] == system and r["mode"] == mode]
        groups = {"all": sel, **{c: [r for r in sel if r.get("answerability") == c] for c in CLASSES}}
        table = {}
        for name, g in groups.items():
            if not g:
                continue
            answered = [r for r in g if not r["abstain"]]
            high = [r for r in g if r.get("level") == "high"]
            chance = [r["exact"] if not r["abstain"] else M.random_expectation(r["n_options"], len(r["key"]), "exact")
                      for r in g]
            should = [r for r in g if r.get("answerability") == "not_in_notes"]
            abstained = [r for r in g if r["abstain"]]
            hit = sum(1 for r in abstained if r.get("answerability") == "not_in_notes")
            table[name] = {
                "n": len(g),
                "correct": _rate(sum(r["exact"] for r in g), len(g)),
                "coverage": _rate(len(answered), len(g)),
                "accuracy_when_answering": _rate(sum(r["exact"] for r in answered), len(answered)),
                "at_chance": {"value": round(sum(chance) / len(chance), 4),
                              "ci95": [round(x, 4) for x in M.bootstrap(chance, seed)]},
                "high_confidence": _rate(sum(r["exact"] for r in high), len(high)),
                "abstention_precision": _rate(hit, len(abstained)) if any(r.get("answerability") for r in g) else None,
                "abstention_recall": _rate(hit, len(should)) if should else None,
            }
        bins = []
        for lo in (0.0, 0.2, 0.4, 0.6, 0.8):
            b = [r for r in sel if lo <= r["confidence"] < lo + 0.2 or (lo == 0.8 and r["confidence"] == 1.0)]
            if b:
                bins.append({"from": lo, "to": round(lo + 0.2, 1), "n": len(b),
                             "confidence": round(sum(r["confidence"] for r in b) / len(b), 4),
                             "accuracy": round(sum(r["exact"] for r in b) / len(b), 4)})
        out[f"{system}|{mode}"] = {"system": system, "mode": mode, "classes": table, "reliability": bins}
    return out


def _rate(k: float, n: int) -> dict | None:
    if not n:
        return None
    lo, hi = M.wilson(k, n)
    return {"value": round(k / n, 4), "k": round(k, 2), "n": n, "ci95": [round(lo, 4), round(hi, 4)]}


def versions(model_label: str | None) -> dict:
    def v(pkg: str) -> str | None:
        try:
            return metadata.version(pkg)
        except metadata.PackageNotFoundError:
            return None

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=EVALS_DIR, timeout=5).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {"python": platform.python_version(), "git_commit": commit, "chunker": CHUNKER_VERSION,
            "embedding_model": model_id(), "model": model_label,
            **{p: v(p) for p in ("llama-cpp-python", "chromadb", "langchain-core", "sentence-transformers", "bm25s")}}
