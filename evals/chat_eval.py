"""The chat eval: answers to the chat gold set (evals/data/chat_gold.yaml) scored for what a student needs.

Per answer:
- nugget recall: each nugget's key words (every group, any alternative) appear in the answer;
- abstained: the tutor said the notes do not cover it (right for `covered: false`, a false refusal otherwise);
- unsupported sentences: every cited sentence of the answer is checked against the lines it cites - a
  sentence quoted from those lines is supported; any other must pass the support judge; a sentence quoted
  from a sample question's scenario or from an option the notes do not mark right is counted as misleading;
- latency: seconds to the complete answer.
Systems in the same run: the tutor as configured; the tutor drafting with the model ("+draft", the
ablation that decides whether the bundled model is used in chat); a plain LangChain RAG pipeline
(vector retriever, stuff prompt, the model writes the answer).
"""

from __future__ import annotations

import json
import re
import statistics
import time
from pathlib import Path

import yaml

from evals import metrics as M
from evals.cache import CachedModel, ResponseCache
from evals.harness import EVALS_DIR, EvalTask, Results, RunOptions, claim_of, hash_config, versions
from ingest.text import CITE_RE, clean, normalize
from tutor.answer import CODE_ANSWER, CODE_LEAD, CODE_MORE, TABLE_LEAD, Tutor
from tutor.rewrite import Turn

RAG_PROMPT = ("Answer the question using only the notes below. If the notes do not contain the answer, say "
              "\"The notes do not cover this.\"\n\nNotes:\n{notes}\n\nQuestion: {question}\nAnswer:")
REFUSAL_RE = re.compile(r"notes do not cover|don't seem to cover|not in (?:the|your) notes|i don't know", re.I)


def key_in(key, text: str) -> bool:
    """A nugget key occurs in `text`: whole words, the last one may be a prefix ('stream' ~ 'streams');
    an identifier counts as its words too ('EnableInterContainerTrafficEncryption' ~ 'inter container')."""
    k = normalize(clean(str(key)))
    split = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    return bool(k) and (f" {k}" in f" {normalize(clean(text))} " or f" {k}" in f" {normalize(clean(split))} ")


def nugget_hit(nugget: dict, text: str) -> bool:
    return all(any(key_in(k, text) for k in group) for group in nugget["keys"])


class ChatEvalRun:
    def __init__(self, session, model, task: EvalTask, run_dir: Path, options: RunOptions | None = None,
                 cache: ResponseCache | None = None) -> None:
        self.session = session
        self.index = session.index
        self.task = task
        self.opt = options or RunOptions()
        self.run_dir = Path(run_dir)
        self.cache = cache or ResponseCache(self.index.settings.data_dir / "eval-cache.sqlite")
        self.model = CachedModel(model, self.cache) if model is not None else None
        practice = lambda: session.practice  # noqa: E731 - "quiz me" needs the practice generator
        self.tutor = Tutor(self.index, self.model, session.settings, practice=practice)
        self.drafting = Tutor(self.index, self.model, session.settings, practice=practice, draft=True) \
            if self.model is not None else None

    @property
    def split(self) -> str | None:
        return self.opt.split or self.task.split

    def items(self) -> list[dict]:
        data = yaml.safe_load((EVALS_DIR / self.task.questions).read_text())
        items = [i for i in data["items"] if self.split in (None, "all") or i["split"] == self.split]
        if self.opt.sample and self.opt.sample < len(items):
            import random

            keep = set(random.Random(self.opt.seed).sample(range(len(items)), self.opt.sample))
            items = [x for n, x in enumerate(items) if n in keep]
        return items

    def config(self) -> dict:
        return {"task": self.task.name, "task_version": self.task.version, "split": self.split,
                "sample": self.opt.sample, "seed": self.opt.seed, "systems": self.task.systems,
                "model": self.model.label if self.model else None,
                "notes_dir": str(self.index.settings.index.notes_dir), "k": self.task.k}

    def config_hash(self) -> str:
        return hash_config(self.config())

    def run(self, progress=None) -> dict:
        progress = progress or (lambda stage, done, total: None)
        results = Results.start(self.run_dir, {"hash": self.config_hash(), **self.config()})
        started = time.monotonic()
        items = self.items()
        systems = [s for s in self.task.systems if self.model is not None or s == "tutor"]
        for n, item in enumerate(items):
            progress("Answering chat questions", n, len(items))
            for system in systems:
                if ("chat", system, "open", item["id"]) in results.done:
                    continue
                results.add(self.answer_row(system, item))
        progress("Answering chat questions", len(items), len(items))
        from evals.judge import judge_report

        judge = None
        if self.task.judge_validation:
            judge = judge_report(self.tutor.judge, self.index.settings.index.notes_dir,
                                 EVALS_DIR / self.task.judge_validation)
        data = {"config": {"hash": self.config_hash(), **self.config()},
                "versions": versions(self.model.label if self.model else None),
                "questions": len(items), "chat": summarize(results.rows, {i["id"] for i in items}, self.opt.seed),
                "judge_validation": judge, "seconds": round(time.monotonic() - started, 1),
                "cache": {"hits": self.cache.hits, "misses": self.cache.misses}}
        (self.run_dir / "run.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
        return data

    # -- one answer --------------------------------------------------------------------------------
    def answer_row(self, system: str, item: dict) -> dict:
        covered = item.get("covered", True)
        row = {"kind": "chat", "system": system, "mode": "open", "qid": item["id"], "item_kind": item["kind"],
               "covered": covered, "question": item["question"]}
        t0 = time.perf_counter()
        if system == "langchain-rag":
            text = self._rag(item)
            row.update(text=text, abstained=bool(REFUSAL_RE.search(text)), sentences=[])
        else:
            tutor = self.drafting if system == "tutor+draft" else self.tutor
            history: list[Turn] = []
            for h in item.get("history", []):
                history.append(tutor.ask(h, history).turn())
            ans = tutor.ask(item["question"], history)
            row.update(text=ans.text, answer_kind=ans.kind, abstained=ans.kind == "not_covered",
                       intent=ans.intent, draft=ans.draft,
                       citations=[c.passage.location for c in ans.citations],
                       sentences=self.check_sentences(ans) if ans.kind == "answer" else [])
            if item["kind"] == "quiz":
                row["quiz_ok"] = quiz_ok(ans, item)
        row["seconds"] = round(time.perf_counter() - t0, 3)
        nuggets = item.get("nuggets", [])
        row["nuggets"] = [nugget_hit(n, row["text"]) for n in nuggets] if not row["abstained"] else [False] * len(nuggets)
        return row

    def _rag(self, item: dict) -> str:
        from langchain_core.prompts import ChatPromptTemplate

        question = item["question"]
        if item.get("history"):  # plain RAG keeps no conversation: the follow-up goes in as it is
            question = item["question"]
        retriever = self.index.store.langchain.as_retriever(search_kwargs={"k": 4})
        docs = retriever.invoke(question)
        chain = ChatPromptTemplate.from_messages([("human", RAG_PROMPT)]) | self.model
        out = chain.invoke({"notes": "\n\n".join(d.metadata.get("text", d.page_content) for d in docs),
                            "question": question})
        return str(out.content).strip()

    def check_sentences(self, ans) -> list[dict]:
        return check_sentences(self.index, self.tutor.judge, ans)


def check_sentences(index, judge, ans) -> list[dict]:
    """Every cited sentence of an answer against the lines it cites: quoted from them, or supported by the judge."""
    by_n = {c.n: c.passage for c in ans.citations}
    out = []
    text = ans.text
    for m in CODE_BLOCK_RE.finditer(text):
        # a piece of the notes' code: the line that introduces it claims nothing; its lines must be the cited ones'
        cited = [int(x) for x in CITE_RE.findall(m.group("lead")) if int(x) in by_n]
        source = "\n".join(x for n in cited for x in index.lines(by_n[n].source)[by_n[n].start_line - 1 : by_n[n].end_line])
        body = [x.strip() for x in m.group("body").split("\n") if x.strip()]
        quoted = bool(cited) and all(x in source for x in body)
        out.append({"claim": m.group("body")[:300], "cites": [by_n[n].location for n in cited], "quoted": quoted,
                    "supported": quoted})
    text = CODE_BLOCK_RE.sub("", text)
    for raw in re.split(r"\n+", text):
        if raw.lstrip().startswith("|") or not CITE_RE.search(raw) or raw.startswith(TABLE_LEAD):
            continue  # a side-by-side table: its rows are checked below, not the line that introduces them
        cited = [int(x) for x in CITE_RE.findall(raw) if int(x) in by_n]
        claim = claim_of(raw)
        if not cited or len(claim.split()) < 3:
            continue
        lines = []
        for n in cited:
            p = by_n[n]
            lines += index.lines(p.source)[p.start_line - 1 : p.end_line]
        source_text = "\n".join(lines)
        quoted = _quoted(claim, source_text)
        supported = quoted or judge.judge(claim, source_text).supported
        out.append({"claim": claim[:300], "cites": [by_n[n].location for n in cited], "quoted": quoted,
                    "supported": supported})
    return out


# "Your notes show this in code [1]:" (the tutor's own introductions) and the fenced piece under it (tutor/code.py)
CODE_BLOCK_RE = re.compile(r"^(?P<lead>(?:" + "|".join(re.escape(t.split("[{n}]")[0]) for t in (CODE_ANSWER, CODE_LEAD, CODE_MORE))
                           + r")\[\d+\]:)\n\n(?P<fence>`{3,})[^\n]*\n(?P<body>.*?)\n(?P=fence)[ \t]*$", re.M | re.S)


def _quoted(claim: str, source_text: str) -> bool:
    """The sentence is the notes' own words (allowing the answer's cut marks and cleaned markup)."""
    c = normalize(clean(claim.replace("…", " ")))
    s = normalize(clean(source_text))
    parts = [p.strip() for p in re.split(r"\s*(?:;|\s\|\s|•)\s*", claim) if p.strip()]
    if c and c in s:
        return True
    code = re.findall(r"`([^`]+)`", claim)
    if code:  # a short code block read into its sentence ("this function (`int f(void);`) returns ..."): the
        # sentence's own words in order, and each line of the code, are the notes'
        bare = re.sub(r"\s*\(?`[^`]+`(?:;\s*`[^`]+`)*\)?", " ", claim)
        return _quoted(bare, source_text) and all(normalize(clean(x)) in s for x in code)
    # a table row is shown as "Header: value | Header: value" - each value must be in the row
    return bool(parts) and all(normalize(clean(p.split(": ", 1)[-1])) in s for p in parts)


def quiz_ok(ans, item: dict) -> bool:
    from ingest.terms import keyterms

    state = ans.quiz or {}
    qs = state.get("questions", [])
    topic = keyterms(item.get("topic", ""))
    return ans.kind == "quiz" and bool(qs) and any(
        topic & keyterms(json.dumps(q.get("citations", [])) + " " + q.get("stem", "") + " " + " ".join(q["options"].values()))
        for q in qs)


def summarize(rows: list[dict], ids: set[str], seed: int = 0) -> dict:
    out = {}
    for system in sorted({r["system"] for r in rows if r["kind"] == "chat"}):
        sel = [r for r in rows if r["kind"] == "chat" and r["system"] == system and r["qid"] in ids]
        covered = [r for r in sel if r["covered"] and r["item_kind"] != "quiz"]
        uncovered = [r for r in sel if not r["covered"]]
        nug = [h for r in covered for h in r["nuggets"]]
        per_answer = [sum(r["nuggets"]) / len(r["nuggets"]) for r in covered if r["nuggets"]]
        sentences = [s for r in sel for s in r.get("sentences", [])]
        bad_answers = [r for r in sel if any(not s["supported"] for s in r.get("sentences", []))]
        answered = [r for r in sel if not r["abstained"]]
        secs = [r["seconds"] for r in sel]
        quiz = [r for r in sel if r["item_kind"] == "quiz"]
        by_kind = {}
        for kind in sorted({r["item_kind"] for r in covered}):
            g = [h for r in covered if r["item_kind"] == kind for h in r["nuggets"]]
            if g:
                by_kind[kind] = {"n": len(g), "recall": round(sum(g) / len(g), 4)}
        out[system] = {
            "answers": len(sel),
            "nugget_recall": M.rate(sum(nug), len(nug)),
            "nugget_recall_per_answer": round(statistics.mean(per_answer), 4) if per_answer else None,
            "nugget_recall_by_kind": by_kind,
            "abstained_when_not_covered": M.rate(sum(r["abstained"] for r in uncovered), len(uncovered)),
            "refused_when_covered": M.rate(sum(r["abstained"] for r in covered), len(covered)),
            "answers_with_unsupported_sentence": M.rate(len(bad_answers), len(answered)),
            "sentences_checked": len(sentences),
            "sentences_quoted": sum(s["quoted"] for s in sentences),
            "sentences_unsupported": sum(not s["supported"] for s in sentences),
            "quiz_started": M.rate(sum(r.get("quiz_ok", False) for r in quiz), len(quiz)),
            "seconds_p50": round(statistics.median(secs), 3) if secs else None,
            "seconds_p95": round(sorted(secs)[max(0, int(0.95 * len(secs)) - 1)], 3) if secs else None,
            "words_per_answer": round(statistics.mean(len(r["text"].split()) for r in answered), 1) if answered else None,
        }
    return out



