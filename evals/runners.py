"""Which runner scores which kind of eval task."""

from __future__ import annotations


def runner_for(spec):
    if spec.kind == "mcq":
        from evals.harness import EvalRun

        return EvalRun
    if spec.kind == "chat":
        from evals.chat_eval import ChatEvalRun

        return ChatEvalRun
    if spec.kind == "practice":
        from evals.practice_eval import PracticeEvalRun

        return PracticeEvalRun
    if spec.kind == "corpora":
        from evals.corpora import CorporaEvalRun

        return CorporaEvalRun
    raise ValueError(f"Eval task {spec.name!r} has kind {spec.kind!r}; known kinds: mcq, chat, practice, corpora")
