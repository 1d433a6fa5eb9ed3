"""The embedded llama.cpp model, served from a child process.

Native code can segfault (the -march=native build did on AVX-512 CPUs) or spin; in a child process
that costs one answer, not the whole app. The parent (`LlamaCppChat`) starts this file as a script
(`python llama_worker.py MODEL N_CTX N_THREADS SEED`), so the child imports only the standard library,
numpy and llama_cpp - none of the tutor's packages.

Protocol: one JSON object per line. Requests arrive on stdin; replies leave on the stdout the process
was started with (the C libraries' own prints are sent to stderr). The first reply is
{"type": "ready", "n_ctx": N} or {"type": "error", ...}; after that each request gets zero or more
{"type": "token"} messages and then exactly one {"type": "done"} or {"type": "error"} message.
"""

from __future__ import annotations

import json
import math
import os
import sys
import traceback


class _Channel:
    def __init__(self) -> None:
        # keep the real stdout for replies; anything else that writes to fd 1 (llama.cpp, print) goes to stderr
        self._out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    def send(self, msg: dict) -> None:
        self._out.write(json.dumps(msg, ensure_ascii=False) + "\n")
        self._out.flush()

    @staticmethod
    def requests():
        for line in sys.stdin:
            if line.strip():
                yield json.loads(line)


def serve(model_path: str, n_ctx: int, n_threads: int | None, seed: int) -> None:
    chan = _Channel()
    os.environ.setdefault("OMP_NUM_THREADS", str(n_threads or os.cpu_count() or 2))
    try:
        from llama_cpp import Llama
        from llama_cpp.llama_grammar import LlamaGrammar

        llm = Llama(model_path=model_path, n_ctx=n_ctx, n_threads=n_threads, logits_all=True,
                    seed=seed, verbose=False)
    except Exception as exc:  # unreadable or invalid GGUF, broken llama_cpp install
        chan.send({"type": "error", "message": f"cannot load {model_path}: {exc}"})
        return
    chan.send({"type": "ready", "n_ctx": llm.n_ctx()})
    grammars: dict[str, object] = {}
    for req in chan.requests():
        try:
            op = req["op"]
            if op == "chat":
                _chat(chan, llm, req, grammars, LlamaGrammar)
            elif op == "loglik":
                chan.send({"type": "done", "result": _loglik(llm, req["prefix"], req["continuations"])})
            elif op == "tokens":
                chan.send({"type": "done",
                           "result": [len(llm.tokenize(t.encode(), add_bos=False)) for t in req["texts"]]})
            else:
                chan.send({"type": "error", "message": f"unknown op {op!r}"})
        except Exception as exc:
            chan.send({"type": "error", "message": f"{type(exc).__name__}: {exc}",
                       "trace": traceback.format_exc(limit=3)})


def _chat(chan: _Channel, llm, req: dict, grammars: dict, grammar_cls) -> None:
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
            chan.send({"type": "token", "text": piece})
        finish = choice.get("finish_reason") or finish
    chan.send({"type": "done", "text": "".join(text), "finish_reason": finish})


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


if __name__ == "__main__":
    path, ctx, threads, seed_ = sys.argv[1:5]
    serve(path, int(ctx), int(threads) or None, int(seed_))
