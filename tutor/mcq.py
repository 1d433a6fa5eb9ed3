"""Multiple-choice questions: read one pasted in chat, and score its options.

Scoring does not trust a small model's free text. Two signals per option, each z-normalised over
the options and then combined:

- retrieval evidence: how well the best passage found for (stem + option) supports the option's
  *distinctive* words (the words it does not share with every other option), weighted by how
  relevant that passage is to the stem;
- the model's log-likelihood of the option text after the passages and the stem, per token, minus
  its log-likelihood with no context (calibrated, as in lm-evaluation-harness `acc_norm`/PMI).
  Backends without log-likelihoods (servers) instead pick letters through a JSON-constrained call.

`closed_book=True` scores with the model alone and no passages (an eval baseline);
`use_model=False` scores with retrieval alone (another baseline).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from ingest.mcq_grammar import PastedQuestion, parse_pasted
from tutor import prompts
from tutor.context import fit_passages
from tutor.models import capabilities, json_runnable
from tutor.passages import Passage
from tutor.retrieval import Retriever
from tutor.support import Judge
from tutor.text import terms

W_RETRIEVAL, W_MODEL = 0.6, 0.4


ParsedMcq = PastedQuestion


@dataclass
class OptionScore:
    letter: str
    text: str
    retrieval: float = 0.0
    model: float | None = None
    combined: float = 0.0
    evidence: Passage | None = None
    sentence: str = ""
    supported: bool = False


@dataclass
class McqResult:
    stem: str
    options: dict[str, str]
    n_choose: int
    chosen: list[str]
    scores: list[OptionScore]
    method: str
    passages: list[Passage] = field(default_factory=list)
    model_output: str | None = None
    note: str | None = None


parse_mcq = parse_pasted


def _z(values: list[float]) -> np.ndarray:
    a = np.asarray(values, dtype=np.float64)
    sd = a.std()
    return (a - a.mean()) / sd if sd > 1e-9 else np.zeros_like(a)


def distinctive_terms(options: dict[str, str]) -> dict[str, frozenset[str]]:
    sets = {k: terms(v) for k, v in options.items()}
    shared = frozenset.intersection(*sets.values()) if sets else frozenset()
    return {k: (s - shared) or s for k, s in sets.items()}


class McqScorer:
    def __init__(self, retriever: Retriever, judge: Judge, model: BaseChatModel | None,
                 context_tokens: int = 700) -> None:
        self.retriever = retriever
        self.judge = judge
        self.model = model
        self.context_tokens = context_tokens

    def score(self, q: ParsedMcq, exclude: set[str] | frozenset = frozenset(), use_model: bool = True,
              closed_book: bool = False) -> McqResult:
        letters = list(q.options)
        rows = [OptionScore(k, v) for k, v in q.options.items()]
        stem_hits = [] if closed_book else self.retriever.search(q.stem, k=4, exclude=exclude)
        if not closed_book:
            self._retrieval_scores(q, rows, stem_hits, exclude)
        method, output = "retrieval", None
        if use_model and self.model is not None:
            method, output = self._model_scores(q, rows, stem_hits, closed_book)
        zr = _z([r.retrieval for r in rows]) if not closed_book else np.zeros(len(rows))
        has_model = any(r.model is not None for r in rows)
        zm = _z([r.model or 0.0 for r in rows]) if has_model else np.zeros(len(rows))
        w_r = 0.0 if closed_book else (W_RETRIEVAL if has_model else 1.0)
        w_m = (1.0 if closed_book else W_MODEL) if has_model else 0.0
        for r, a, b in zip(rows, zr, zm):
            r.combined = round(float(w_r * a + w_m * b), 4)
        order = sorted(range(len(rows)), key=lambda i: (-rows[i].combined, i))
        chosen = sorted(letters[i] for i in order[: q.n_choose])
        if closed_book:
            method = "closed-book model"
        elif method != "retrieval":
            method = f"retrieval + {method}"
        return McqResult(q.stem, q.options, q.n_choose, chosen, rows, method, stem_hits, output)

    # -- signals -------------------------------------------------------------------------------
    def _retrieval_scores(self, q: ParsedMcq, rows: list[OptionScore], stem_hits: list[Passage],
                          exclude) -> None:
        distinct = distinctive_terms(q.options)
        stem_vec = self.judge.embed(q.stem)
        for r in rows:
            pool = {p.chunk_id: p for p in stem_hits}
            for p in self.retriever.search(f"{q.stem} {r.text}", k=3, exclude=exclude):
                pool.setdefault(p.chunk_id, p)
            best = (-1.0, None, "", False)
            for p in pool.values():
                s = self.judge.judge(r.text, p.text)
                d = distinct[r.letter]
                dcov = len(d & terms(p.text)) / len(d) if d else 0.0
                relevance = float(np.dot(stem_vec, self.judge.embed(p.text[:2000])))
                value = (0.5 * dcov + 0.5 * max(s.similarity, 0.0)) * (0.5 + 0.5 * max(relevance, 0.0))
                if value > best[0]:
                    # "supported": the passage names what is distinctive about this option, in a
                    # statement close to the option's wording
                    best = (value, p, s.sentence, dcov >= 0.6 and s.similarity >= 0.35)
            r.retrieval, r.evidence, r.sentence, r.supported = round(best[0], 4), best[1], best[2], best[3]

    def _model_scores(self, q: ParsedMcq, rows: list[OptionScore], stem_hits: list[Passage],
                      closed_book: bool) -> tuple[str, str | None]:
        model = self.model
        if capabilities(model).loglik:
            if closed_book:
                prefix = prompts.render("mcq", "closed_book", stem=q.stem)
            else:
                fitted = fit_passages(stem_hits[:3], self.context_tokens, model.count_tokens)
                prefix = prompts.render("mcq", "context", passages=fitted.passages, stem=q.stem)
            conts = [" " + r.text for r in rows]
            cond = model.loglikelihoods(prefix, conts)
            base = model.loglikelihoods("Answer:", conts)
            for r, (lp, n), (blp, bn) in zip(rows, cond, base):
                r.model = round(lp / max(n, 1) - blp / max(bn, 1), 4)
            return "model log-likelihood", None
        schema = {"type": "object", "properties": {"answer": {"type": "array", "minItems": q.n_choose,
                  "maxItems": q.n_choose, "items": {"type": "string", "enum": list(q.options)}}},
                  "required": ["answer"]}
        msgs = [SystemMessage(prompts.render("mcq", "choose_system", n=q.n_choose)),
                HumanMessage(prompts.render("mcq", "choose_user", passages=[] if closed_book else stem_hits[:3],
                                            stem=q.stem, options=q.options))]
        text = str(json_runnable(model, schema).invoke(msgs).content)
        picked = parse_letters(text, list(q.options))
        for r in rows:
            r.model = 1.0 if r.letter in picked else 0.0
        return "model choice", text


def parse_letters(text: str, allowed: list[str]) -> list[str]:
    try:
        data = json.loads(text)
        got = data.get("answer", []) if isinstance(data, dict) else []
        return sorted({str(x).strip().upper() for x in got} & set(allowed))
    except (json.JSONDecodeError, AttributeError):
        return sorted(set(re.findall(r"\b([A-J])\b", text)) & set(allowed))
