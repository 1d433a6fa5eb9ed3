"""Baselines the tutor is measured beside, in the same run.

- retrieval only: the option whose text (with the stem) is most similar to a passage retrieved for it;
  no claim checking, no polarity, no model - what plain semantic search gives a student;
- plain LangChain RAG: LangChain's Chroma retriever (vector search, top 4) stuffed into a prompt, and the
  model asked for the letter(s) in JSON - the textbook RAG pipeline, with whatever model is configured.
"""

from __future__ import annotations

from tutor.mcq import ParsedMcq, nearest_passage_sims, parse_letters
from tutor.models import json_runnable

RAG_PROMPT = ("Answer the multiple-choice question using the notes below. Reply in JSON as "
              '{{"answer": [letters]}} with exactly {n} letter(s).\n\nNotes:\n{notes}\n\nQuestion: {stem}\n{options}')


def nearest_passage_choice(tutor, q: ParsedMcq, exclude=frozenset()) -> list[str]:
    sims = nearest_passage_sims(tutor.retriever, tutor.judge, q, exclude)
    scores = sorted(((v, letter) for letter, v in sims.items()), key=lambda x: (-x[0], x[1]))
    return sorted(letter for _, letter in scores[: q.n_choose])


def langchain_rag_choice(index, model, q: ParsedMcq, exclude=frozenset()) -> tuple[list[str], str]:
    from langchain_core.prompts import ChatPromptTemplate

    retriever = index.store.langchain.as_retriever(search_kwargs={"k": 4 + len(exclude)})
    docs = [d for d in retriever.invoke(q.stem) if d.id not in exclude][:4]
    prompt = ChatPromptTemplate.from_messages([("human", RAG_PROMPT)])
    schema = {"type": "object", "properties": {"answer": {"type": "array", "minItems": q.n_choose,
              "maxItems": q.n_choose, "items": {"type": "string", "enum": list(q.options)}}}, "required": ["answer"]}
    chain = prompt | json_runnable(model, schema)
    out = chain.invoke({"n": q.n_choose, "notes": "\n\n".join(d.metadata.get("text", d.page_content) for d in docs),
                        "stem": q.stem, "options": "\n".join(f"{k}. {v}" for k, v in q.options.items())})
    text = str(out.content)
    picked = parse_letters(text, list(q.options))[: q.n_choose]
    return (picked or sorted(q.options)[: q.n_choose]), text
