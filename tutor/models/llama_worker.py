"""The embedded llama.cpp model, served from a child process.

Native code can segfault (the -march=native build did on AVX-512 CPUs) or spin; in a child process
that costs one answer, not the whole app. The parent (`LlamaCppChat`) talks to this loop over a
multiprocessing pipe; each request gets zero or more {"type": "token"} messages and then exactly one
{"type": "done"} or {"type": "error"} message.
"""

from __future__ import annotations

import json
import math
import os
import traceback


def serve(conn, model_path: str, n_ctx: int, n_threads: int | None, seed: int) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", str(n_threads or os.cpu_count() or 2))
    from llama_cpp import Llama
    from llama_cpp.llama_grammar import LlamaGrammar

    try:
        llm = Llama(model_path=model_path, n_ctx=n_ctx, n_threads=n_threads, logits_all=True,
                    seed=seed, verbose=False)
    except Exception as exc:  # unreadable or invalid GGUF
        conn.send({"type": "error", "message": f"cannot load {model_path}: {exc}"})
        return
    conn.send({"type": "ready", "n_ctx": llm.n_ctx()})
    grammars: dict[str, LlamaGrammar] = {}
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        try:
            op = req["op"]
            if op == "chat":
                _chat(conn, llm, req, grammars, LlamaGrammar)
            elif op == "loglik":
                conn.send({"type": "done", "result": _loglik(llm, req["prefix"], req["continuations"])})
            elif op == "tokens":
                conn.send({"type": "done", "result": [len(llm.tokenize(t.encode(), add_bos=False)) for t in req["texts"]]})
            else:
                conn.send({"type": "error", "message": f"unknown op {op!r}"})
        except Exception as exc:
            conn.send({"type": "error", "message": f"{type(exc).__name__}: {exc}",
                       "trace": traceback.format_exc(limit=3)})


def _chat(conn, llm, req: dict, grammars: dict, grammar_cls) -> None:
    grammar = None
    if req.get("json_schema"):
        key = json.dumps(req["json_schema"], sort_keys=True)
        if key not in grammars:
            grammars[key] = grammar_cls.from_json_schema(key, verbose=False)
        grammar = grammars[key]
    stream = llm.create_chat_completion(
        messages=req["messages"],
        max_tokens=req.get("max_tokens", 160),
        temperature=req.get("temperature", 0.0),
        stop=req.get("stop") or None,
        seed=req.get("seed", 0),
        grammar=grammar,
        stream=True,
    )
    text, finish = [], None
    for chunk in stream:
        choice = chunk["choices"][0]
        piece = choice.get("delta", {}).get("content")
        if piece:
            text.append(piece)
            conn.send({"type": "token", "text": piece})
        finish = choice.get("finish_reason") or finish
    conn.send({"type": "done", "text": "".join(text), "finish_reason": finish})


def _loglik(llm, prefix: str, continuations: list[str]) -> list[list[float]]:
    """[sum log p(continuation | prefix), n tokens] for each continuation; the prefix is evaluated once."""
    import numpy as np

    pre = llm.tokenize(prefix.encode(), add_bos=True, special=True)
    llm.reset()
    llm.eval(pre)
    out = []
    for cont in continuations:
        toks = llm.tokenize(cont.encode(), add_bos=False, special=False)
        if not toks:
            out.append([0.0, 0])
            continue
        llm.n_tokens = len(pre)  # roll back to the shared prefix; eval() drops the stale cache
        llm.eval(toks)
        rows = np.asarray(llm.scores[len(pre) - 1 : len(pre) - 1 + len(toks)], dtype=np.float64)
        rows -= rows.max(axis=1, keepdims=True)
        logz = np.log(np.exp(rows).sum(axis=1))
        lp = float(sum(rows[i, t] - logz[i] for i, t in enumerate(toks)))
        out.append([lp if math.isfinite(lp) else -1e9, len(toks)])
    return out
