"""Answer speed and retrieval quality, against a plain LangChain baseline run in the same script.

    .venv/bin/python bench/answer_bench.py [--answers 10] [--out bench/results/answer.json]

Ours: hybrid retrieval (BM25 + vector, RRF), verified cited answers, embedded SmolLM2-135M.
Baseline: LangChain vector-only retriever (k=5) | stuff prompt | the same model | StrOutputParser.
Figures: recall@5 and MRR on evals/data/chat_gold.jsonl (30 questions, support spans read off the
notes), time to first token and total answer time, and the share of answer sentences a retrieved
passage supports (the offline judge of tutor.support). Ratios ours/baseline are printed too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from common import ROOT, emit, peak_rss_mb

GOLD = ROOT / "evals" / "data" / "chat_gold.jsonl"


def load_gold() -> list[dict]:
    return [json.loads(x) for x in GOLD.read_text().splitlines() if x.strip()]


def hit(source: str, start: int, end: int, support: list) -> bool:
    return any(source == f and start <= b and a <= end for f, a, b in support)


def retrieval_scores(rows: list[list[tuple[str, int, int]]], gold: list[dict]) -> dict:
    recall, rr = [], []
    for got, g in zip(rows, gold):
        ranks = [i for i, (s, a, b) in enumerate(got, 1) if hit(s, a, b, g["support"])]
        recall.append(1.0 if ranks else 0.0)
        rr.append(1.0 / ranks[0] if ranks else 0.0)
    return {"recall@5": round(statistics.mean(recall), 3), "mrr": round(statistics.mean(rr), 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--answers", type=int, default=10, help="questions answered with the model (each side)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    from langchain_core.output_parsers import StrOutputParser
    from langchain_core.prompts import ChatPromptTemplate
    from langchain_core.runnables import RunnablePassthrough

    from tutor.config import load_settings
    from tutor.session import Session
    from ingest.text import split_sentences

    gold = load_gold()
    home = Path(tempfile.mkdtemp(prefix="tutor-answer-bench-"))
    settings = load_settings(notes_dir=ROOT / "corpus", home=home)
    session = Session(settings)
    session.ingest()
    tutor = session.tutor
    store = tutor.index.store

    ours = [[(p.source, p.start_line, p.end_line) for p in tutor.retriever.search(g["question"], k=5)] for g in gold]
    lc_retriever = store.langchain.as_retriever(search_kwargs={"k": 5})
    base = [[(d.metadata["source"], d.metadata["start_line"], d.metadata["end_line"])
             for d in lc_retriever.invoke(g["question"])] for g in gold]

    prompt = ChatPromptTemplate.from_messages([
        ("system", "Answer the question using the context."),
        ("human", "Context:\n{context}\n\nQuestion: {question}"),
    ])
    chain = ({"context": lc_retriever | (lambda docs: "\n\n".join(d.page_content for d in docs)),
              "question": RunnablePassthrough()} | prompt | tutor.model | StrOutputParser())

    def supported_share(text: str, passages: list[str]) -> float:
        sents = [s for s in split_sentences(text) if len(s.split()) >= 4]
        if not sents:
            return 0.0
        return sum(any(tutor.judge.judge(s, p).supported for p in passages) for s in sents) / len(sents)

    tutor.ask("warm up the model")
    o_ttft, o_total, o_support, b_ttft, b_total, b_support, b_errors = [], [], [], [], [], [], 0
    for g in gold[: args.answers]:
        t0 = time.perf_counter()
        final, first = None, None
        for ev in tutor.stream(g["question"]):
            if first is None and ev["type"] in ("token", "final"):
                first = time.perf_counter() - t0
            if ev["type"] == "final":
                final = ev["answer"]
        o_total.append(time.perf_counter() - t0)
        o_ttft.append(first)
        o_support.append(supported_share(re_strip(final.text), [c.passage.text for c in final.citations]))

        t0, first, pieces = time.perf_counter(), None, []
        try:
            for piece in chain.stream(g["question"]):
                first = first or time.perf_counter() - t0
                pieces.append(piece)
        except Exception:
            b_errors += 1
        b_total.append(time.perf_counter() - t0)
        b_ttft.append(first or b_total[-1])
        docs = [d.metadata.get("text", d.page_content) for d in lc_retriever.invoke(g["question"])]
        b_support.append(supported_share("".join(pieces), docs))
    tutor.model.close()

    def med(x):
        return round(statistics.median(x), 3) if x else None

    r_ours, r_base = retrieval_scores(ours, gold), retrieval_scores(base, gold)
    reranked = [[(p.source, p.start_line, p.end_line) for p in sentence_rerank(tutor, g["question"])[:5]]
                for g in gold]
    result = {
        "benchmark": "answer",
        "gold_questions": len(gold),
        "answered_each": len(o_total),
        "ours": {**r_ours, "ttft_s_median": med(o_ttft), "total_s_median": med(o_total),
                 "supported_sentence_share": round(statistics.mean(o_support), 3)},
        "langchain_baseline": {**r_base, "ttft_s_median": med(b_ttft), "total_s_median": med(b_total),
                               "supported_sentence_share": round(statistics.mean(b_support), 3),
                               "errors": b_errors},
        "ratio_ours_over_baseline": {
            "recall@5": round(r_ours["recall@5"] / max(r_base["recall@5"], 1e-9), 3),
            "mrr": round(r_ours["mrr"] / max(r_base["mrr"], 1e-9), 3),
            "ttft": round(med(o_ttft) / max(med(b_ttft), 1e-9), 3),
            "total_time": round(med(o_total) / max(med(b_total), 1e-9), 3),
        },
        "rerank_experiment": {
            "what": "re-order the top 15 hybrid hits by 0.5 * best-sentence MiniLM similarity + 0.5 / rank",
            **retrieval_scores(reranked, gold),
            "kept": False,
            "why": "no gain over plain hybrid on this gold set (no offline cross-encoder package exists)",
        },
        "model": tutor.settings.model.label,
        "peak_rss_mb": peak_rss_mb(),
    }
    emit(result, args.out)


def sentence_rerank(tutor, question: str):
    import numpy as np

    from tutor.support import units

    qv = tutor.judge.embed(question)
    cands = tutor.retriever.search(question, k=15)
    scored = []
    for rank, p in enumerate(cands):
        best = float(np.max(tutor.judge.embed_many([u.full for u in units(p.text)] or [p.text]) @ qv))
        scored.append((0.5 * best + 0.5 / (rank + 1), p))
    return [p for _, p in sorted(scored, key=lambda x: -x[0])]


def re_strip(text: str) -> str:
    import re

    return re.sub(r"\s*\[\d+\]", "", text.replace("Here is what your notes say:", "").replace("From your notes:", ""))


if __name__ == "__main__":
    main()
