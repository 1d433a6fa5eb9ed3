"""The tutor's answer: retrieve, decide whether the notes cover it, draft, verify, cite.

Quality does not rest on the language model. The answer always contains sentences extracted from
the retrieved passages (the best evidence for the question), each cited. The model's draft is kept
only sentence by sentence where the support judge finds the cited passage - or another retrieved
passage - supports it; citations that do not resolve are removed or re-pointed, never left
dangling. If the model fails or times out, the student still gets the extracted answer and a
message saying what happened.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from ingest.records import QuestionRecord
from ingest.store import StoreUnavailable
from tutor import prompts
from tutor.config import Settings
from tutor.context import fit_passages
from tutor.index import NotesIndex
from tutor.mcq import McqResult, McqScorer, ParsedMcq, parse_mcq
from tutor.models import BackendError, capabilities, explain, model_label, model_timeout
from tutor.passages import Passage
from tutor.retrieval import Retriever
from tutor.rewrite import Turn, rewrite
from tutor.samples import match_sample
from tutor.support import Judge
from tutor.text import CITE_RE, clean, defuse, split_sentences, terms, windows

MAX_QUESTION_CHARS = 4000
# words too common in questions to show that a sentence is about the question (stemmed forms)
GENERIC_TERMS = frozenset(terms("use using used do does work need make get mean way thing difference "
                                "explain describe happen happens help best good main important"))
COVER_SIM = 0.55  # closest sentence this similar to the question: the notes cover it
COVER_SIM_WITH_TERMS = 0.38
COVER_TERMS = 0.6


@dataclass
class Citation:
    n: int
    passage: Passage


@dataclass
class Answer:
    question: str
    query: str
    kind: str  # answer | not_covered | sample_question | mcq | invalid | unavailable
    text: str
    citations: list[Citation] = field(default_factory=list)
    nearest: list[Passage] = field(default_factory=list)
    draft: str = ""
    notice: str | None = None
    mcq: McqResult | None = None
    sample: QuestionRecord | None = None
    model: str | None = None
    timings: dict = field(default_factory=dict)

    def turn(self) -> Turn:
        """What the conversation remembers of this answer."""
        return Turn(self.question, self.text, self.query)

    def to_dict(self) -> dict:
        out = {
            "question": self.question, "query": self.query, "kind": self.kind, "text": self.text,
            "citations": [{"n": c.n, **c.passage.to_dict()} for c in self.citations],
            "nearest": [x.to_dict() for x in self.nearest], "draft": self.draft, "notice": self.notice,
            "model": self.model, "timings": self.timings,
        }
        if self.mcq:
            out["mcq"] = {"chosen": self.mcq.chosen, "method": self.mcq.method,
                          "scores": {s.letter: s.combined for s in self.mcq.scores}}
        if self.sample:
            out["sample_id"] = self.sample.id
        return out


@dataclass(frozen=True)
class Evidence:
    score: float
    similarity: float
    coverage: float
    sentence: str
    passage: Passage


class Tutor:
    def __init__(self, index: NotesIndex, model: BaseChatModel | None, settings: Settings | None = None,
                 model_error: str | None = None) -> None:
        self.index = index
        self.settings = settings or index.settings
        self.model = model
        self.model_error = model_error
        self.retriever = Retriever(index)
        self.judge = Judge(index.embeddings)
        self.scorer = McqScorer(self.retriever, self.judge, model, self.settings.retrieval.mcq_context_tokens)
        # a weak model's rewrites and drafts were measured to cost more than they give (see evals)
        self.rewrite_with_model = capabilities(model).strength == "strong"

    # -- public ------------------------------------------------------------------------------------
    def ask(self, question: str, history: list[Turn] | None = None, exclude: frozenset = frozenset()) -> Answer:
        final = None
        for event in self.stream(question, history or [], exclude):
            if event["type"] == "final":
                final = event["answer"]
        return final

    def stream(self, question: str, history: list[Turn] | None = None,
               exclude: frozenset = frozenset()) -> Iterator[dict]:
        """Events: {"type": "status"|"passages"|"token"|"final", ...}; always ends with "final"."""
        t0 = time.perf_counter()
        history = history or []
        q = (question or "").strip()
        if not q:
            yield self._final(Answer(question, "", "invalid", "Ask me something about your notes - the question was empty."), t0)
            return
        notice = None
        if len(q) > MAX_QUESTION_CHARS:
            notice = f"Your question is {len(q)} characters long; I used the first {MAX_QUESTION_CHARS}."
            q = q[:MAX_QUESTION_CHARS]
        mcq = parse_mcq(q)
        sample = match_sample(mcq.stem if mcq else q, mcq.options if mcq else None, self.index.bank, self.judge)
        if sample is not None and sample.scorable and not exclude:
            yield self._final(self._sample_answer(question, sample, notice), t0)
            return
        if mcq is not None:
            yield {"type": "status", "text": "Weighing each option against your notes…"}
            try:
                yield self._final(self._mcq_answer(question, mcq, exclude, notice, sample), t0)
            except StoreUnavailable as exc:
                yield self._final(Answer(question, mcq.stem, "unavailable", f"I can't search your notes right now. {exc}"), t0)
            return
        query = rewrite(q, history, self.model if self.rewrite_with_model else None)
        yield {"type": "status", "text": "Searching your notes…"}
        try:
            passages = self.retriever.search(query, k=self.settings.retrieval.k, exclude=exclude)
        except StoreUnavailable as exc:
            yield self._final(Answer(question, query, "unavailable", f"I can't search your notes right now. {exc}"), t0)
            return
        t_retrieved = time.perf_counter()
        yield {"type": "passages", "passages": passages}
        evidence = self.evidence(query, passages)
        if not self.covers(evidence):
            text = ("Your notes don't seem to cover this, so I won't answer from general knowledge. "
                    "The closest passages are listed below; check them, or add a note on the topic.")
            ans = Answer(question, query, "not_covered", text, nearest=passages[:3], notice=notice)
            yield self._final(ans, t0, retrieval_s=t_retrieved - t0)
            return
        draft, model_notice, first_token = "", None, None
        fitted = None
        if self.model is None:
            model_notice = self.model_error
        else:
            fitted = self._fit(q, passages)  # budget for the text the prompt will hold
            try:
                yield {"type": "status", "text": f"Writing with {model_label(self.model)}…"}
                msgs = [SystemMessage(prompts.render("answer", "system")),
                        HumanMessage(prompts.render("answer", "user", passages=fitted.passages, question=q))]
                pieces = []
                for chunk in self.model.stream(msgs):
                    if first_token is None:
                        first_token = time.perf_counter() - t0
                    pieces.append(str(chunk.content))
                    yield {"type": "token", "text": str(chunk.content)}
                draft = "".join(pieces)
            except Exception as exc:  # any backend failure: the student still gets cited passages
                model_notice = explain(exc, model_label(self.model), model_timeout(self.model, self.settings.model.timeout))
                model_notice += " Here is what your notes say instead."
            if fitted.note():
                notice = " ".join(x for x in (notice, fitted.note()) if x)
        ans = self._compose(question, query, passages, evidence, draft, fitted.passages if fitted else passages)
        ans.notice = " ".join(x for x in (notice, model_notice) if x) or None
        yield self._final(ans, t0, retrieval_s=t_retrieved - t0, first_token_s=first_token)

    def choose(self, q: ParsedMcq, exclude: frozenset = frozenset(), use_model: bool = True,
               closed_book: bool = False) -> McqResult:
        """The option(s) the tutor picks for a multiple-choice question, as in chat: a question that is
        one of the notes' sample questions gets the notes' key (unless those passages are held out);
        any other is scored against the notes."""
        if not exclude and not closed_book:
            rec = match_sample(q.stem, q.options, self.index.bank, self.judge)
            if rec is not None and rec.scorable and set(rec.options.values()) == set(q.options.values()):
                letter_of = {v: k for k, v in q.options.items()}
                chosen = sorted(letter_of[rec.options[a]] for a in rec.answer)
                return McqResult(q.stem, q.options, q.n_choose, chosen, [], "the notes' own key")
        return self.scorer.score(q, exclude=exclude, use_model=use_model and self.model is not None,
                                 closed_book=closed_book)

    # -- coverage and evidence ------------------------------------------------------------------------
    def evidence(self, query: str, passages: list[Passage], k: int = 3) -> list[Evidence]:
        qv = self.judge.embed(query)
        qt = terms(query)
        scored: list[Evidence] = []
        for p in passages:
            sents = windows(p.text)
            if not sents:
                continue
            sims = self.judge.embed_many(sents) @ qv
            # a question's scenario is not a statement of fact; its options and explanation can be
            weight = 0.8 if p.kind == "question" else 1.0
            context = terms(p.heading)  # a statement under "Study tips" is about study tips
            for s, sim in zip(sents, sims):
                cov = len(qt & (terms(s) | context)) / len(qt) if qt else 0.0
                fullness = min(len(s.split()) / 25, 1.0)
                score = weight * (0.6 * float(sim) + 0.3 * cov + 0.1 * fullness)
                scored.append(Evidence(round(score, 4), float(sim), cov, s, p))
        scored.sort(key=lambda e: -e.score)
        picked: list[Evidence] = []
        for e in scored:  # maximal marginal relevance: skip near-repeats and overlapping windows
            if any(e.sentence in x.sentence or x.sentence in e.sentence
                   or float(np.dot(self.judge.embed(e.sentence), self.judge.embed(x.sentence))) > 0.88 for x in picked):
                continue
            picked.append(e)
            if len(picked) == k:
                break
        return picked

    @staticmethod
    def covers(evidence: list[Evidence]) -> bool:
        return any(e.similarity >= COVER_SIM or (e.similarity >= COVER_SIM_WITH_TERMS and e.coverage >= COVER_TERMS)
                   for e in evidence)

    # -- composition -----------------------------------------------------------------------------------
    def _fit(self, question: str, passages: list[Passage]):
        cfg = self.settings.model
        count = getattr(self.model, "count_tokens", None)
        if count is None:
            from ingest.tokens import count_tokens

            def count(texts):
                return [int(count_tokens(t) * 1.15) + 1 for t in texts]
        overhead = sum(count([prompts.render("answer", "system"), question])) + 40
        budget = min(self.settings.retrieval.context_tokens, cfg.n_ctx - cfg.max_tokens - overhead)
        return fit_passages(passages, budget, count)

    def _compose(self, question: str, query: str, passages: list[Passage], evidence: list[Evidence],
                 draft: str, prompt_passages: list[Passage]) -> Answer:
        cites = _Citations()
        kept = self.verify_draft(draft, prompt_passages, passages, query)
        lines = [f"{s} [{cites.n(p)}]" for s, p in kept]
        quotes = [e for e in evidence if all(e.sentence != s for s, _ in kept)][: 3 if not kept else 2]
        parts = []
        if lines:
            parts.append(" ".join(lines))
        if quotes:
            header = "From your notes:" if lines else "Here is what your notes say:"
            parts.append(header + "\n" + "\n".join(f"- {defuse(e.sentence)} [{cites.n(e.passage)}]" for e in quotes))
        return Answer(question, query, "answer", "\n\n".join(parts), cites.list(), nearest=passages,
                      draft=draft, model=model_label(self.model) if self.model else None)

    def verify_draft(self, draft: str, prompt_passages: list[Passage], all_passages: list[Passage],
                     query: str = "") -> list[tuple[str, Passage]]:
        """Model sentences that a retrieved passage supports, each paired with that passage."""
        if not draft or "NOT IN NOTES" in draft.upper():
            return []
        out: list[tuple[str, Passage]] = []
        seen: set[frozenset] = set()
        qt = terms(query)
        qv = self.judge.embed(query)
        for raw in split_sentences(draft):
            cited = [int(n) for n in CITE_RE.findall(raw)]
            sentence = clean(re.sub(r"\s*\[\d{1,2}\]", "", raw))  # clean() drops "1." list markers, not "0.5"
            key = terms(sentence)
            if len(sentence.split()) < 4 or not key or key in seen or sentence.endswith(":"):
                continue
            if len(key - qt) < 2 or sentence.endswith("?") or any(key <= k for k in seen):
                continue  # restates the question, asks one, or repeats a kept sentence
            if not (key & (qt - GENERIC_TERMS)) and float(np.dot(self.judge.embed(sentence), qv)) < 0.45:
                continue  # true to some passage, but not about the question
            candidates = [prompt_passages[n - 1] for n in cited if 1 <= n <= len(prompt_passages)]
            candidates += [p for p in all_passages if p not in candidates]
            for p in candidates:
                if self.judge.judge(sentence, p.text).supported:
                    out.append((sentence, p))
                    seen.add(key)
                    break
            if len(out) == 3:
                break
        return out

    def _sample_answer(self, question: str, rec: QuestionRecord, notice: str | None) -> Answer:
        src = rec.source
        lo, hi = min(src.key_lines), max(src.key_lines)
        chunks = self.index.passages_at(src.file, lo, hi)
        cites = _Citations()
        key_text = "\n".join(_file_lines(self.index, src.file, lo, hi))
        if chunks:
            key_passage = chunks[0].lines_slice(lo, hi, key_text)
            marker = f" [{cites.n(key_passage)}]"
        else:
            marker = ""
        letters = ", ".join(rec.answer)
        opts = "\n".join(f"- **{k}.** {defuse(v)}" + (" ✔" if k in rec.answer else "") for k, v in rec.options.items())
        text = (f"This is one of the sample questions in your notes ({src.file}:{src.lines[0]}-{src.lines[1]}). "
                f"The notes give the answer as **{letters}**{marker}.\n\n{opts}")
        if rec.explanation:
            text += f"\n\nThe notes explain: {defuse(clean(rec.explanation))[:600]}"
        return Answer(question, rec.stem, "sample_question", text, cites.list(), notice=notice, sample=rec)

    def _mcq_answer(self, question: str, q: ParsedMcq, exclude, notice: str | None,
                    sample: QuestionRecord | None) -> Answer:
        try:
            result = self.scorer.score(q, exclude=exclude, use_model=self.model is not None)
        except BackendError as exc:
            result = self.scorer.score(q, exclude=exclude, use_model=False)
            notice = " ".join(x for x in (notice, f"{exc} I scored the options from your notes alone.") if x)
        except Exception as exc:
            result = self.scorer.score(q, exclude=exclude, use_model=False)
            label = model_label(self.model) if self.model else "model"
            notice = " ".join(x for x in (notice, explain(exc, label) + " I scored the options from your notes alone.") if x)
        cites = _Citations()
        rows = []
        for s in result.scores:
            mark = "✔" if s.letter in result.chosen else "✘"
            if s.evidence is not None and s.supported:
                why = f"your notes support it: “{defuse(s.sentence[:220])}” [{cites.n(s.evidence)}]"
            elif s.evidence is not None:
                why = f"no passage of your notes supports it (closest: “{defuse(s.sentence[:160])}” [{cites.n(s.evidence)}])"
            else:
                why = "no passage of your notes mentions it"
            rows.append(f"- {mark} **{s.letter}.** {defuse(s.text)} — {why}")
        lead = ""
        if sample is not None:
            lead = ("This is a sample question from your notes, but they do not give its answer; "
                    "this is my best reading of your notes.\n\n")
        plural = "s" if len(result.chosen) > 1 else ""
        text = f"{lead}**Answer{plural}: {', '.join(result.chosen)}** (scored by {result.method})\n\n" + "\n".join(rows)
        return Answer(question, q.stem, "mcq", text, cites.list(), nearest=result.passages, mcq=result,
                      notice=notice, sample=sample, draft=result.model_output or "",
                      model=model_label(self.model) if self.model else None)

    @staticmethod
    def _final(ans: Answer, t0: float, **timings) -> dict:
        ans.timings = {k: round(v, 3) for k, v in {**timings, "total_s": time.perf_counter() - t0}.items()
                       if v is not None}
        return {"type": "final", "answer": ans}


class _Citations:
    """Numbers passages in order of first citation; the same passage keeps its number."""

    def __init__(self) -> None:
        self.order: list[Passage] = []

    def n(self, p: Passage) -> int:
        for i, q in enumerate(self.order, 1):
            if (q.chunk_id, q.start_line, q.end_line) == (p.chunk_id, p.start_line, p.end_line):
                return i
        self.order.append(p)
        return len(self.order)

    def list(self) -> list[Citation]:
        return [Citation(i, p) for i, p in enumerate(self.order, 1)]


def _file_lines(index: NotesIndex, rel: str, lo: int, hi: int) -> list[str]:
    return index.lines(rel)[lo - 1 : hi]
