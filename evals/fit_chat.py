"""Fit the chat answer's two small models (`tutor/select.py`) on the labelled corpora, leave-one-corpus-out.

    .venv/bin/python -m evals.fit_chat --corpora ../shared/corpora [--homes /tmp/fit-homes] [--write]

For every corpus (`<c>/questions.yaml` + `<c>/notes/`, see `evals/corpora_format.py`) the notes are indexed
into `<homes>/<corpus>` when not indexed yet, and every question is read the way the tutor reads it
(`Tutor.prepare`: intent, follow-up resolution, retrieval, the statements of the best passages):

- sentence model: one row per statement of the best passages, labelled 1 when its lines overlap the
  evidence lines of one of the question's points;
- coverage model: one row per question, labelled 1 for a `chat` question (the notes answer it), 0 for a
  `not_covered` one.

The bundled notes' own chat gold set (`evals/data/chat_gold.yaml`) is a fifth group, `bundled` (its
questions label coverage; its nuggets' lines are too thin to label sentences, so it is left out of that model).

`--outside score` also scores, leave-one-corpus-out, the 840 chat questions outside readers wrote for the corpora
(`evals/data/outside_chat.yaml`: turns, covered or not, evidence lines); `--outside fit` fits on them as well
(an evidence range wider than OUTSIDE_SPAN lines labels coverage only).

Both are L2 logistic regressions on standardised features. The sentence threshold and the coverage threshold
are chosen on the training corpora only (statement F-score; most not-covered questions declined while almost
no covered one is refused). Figures are printed per held-out corpus (GroupKFold by corpus = leave-one-
corpus-out); `--write` stores `all` and `without: {corpus: ...}` in tutor/data/chat_select.yaml, read through
`tutor.fitted.load("chat_select", settings.holdout)`.
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

import numpy as np
import yaml

from evals.corpora_format import find_corpora, parse_ref
from tutor.fitted import DATA_DIR
from tutor.select import COVERAGE_FEATURES, SENTENCE_FEATURES, coverage_features, sentence_features

OUT = DATA_DIR / "chat_select.yaml"
MAX_SENTENCES = 10
REFUSE_AT_MOST = 0.02  # of covered training questions (0.03: 8/184 refused, 35/44 declined held out; 0.02: 6/184, 33/44)
# the sentence threshold maximises F-beta: recall counts more than precision (a missed answering line costs the
# student more than an extra one) but not so much that answers fill with lines about something else; 1.5 rather
# than 2 raised statement precision 3-7 points on every held-out corpus for 0-4 points of recall
BETA = 1.5


def _session(corpus, homes: Path):
    from tutor.config import load_settings
    from tutor.index import IndexNotReady
    from tutor.session import Session

    settings = load_settings(notes_dir=str(corpus.notes_dir), home=str(homes / corpus.name))
    session = Session(settings, use_model=False)
    try:
        session.index  # noqa: B018
    except IndexNotReady:
        print(f"indexing {corpus.name} into {homes / corpus.name} ...", flush=True)
        session.ingest()
    return session


def bundled_corpus():
    """The project's own chat gold set (evals/data/chat_gold.yaml, on the bundled notes) in the corpora format:
    its covered questions with their nuggets' lines as evidence, and its not-covered and off-topic ones."""
    from evals.corpora_format import PROJECT_ROOT, Corpus

    data = yaml.safe_load((Path(__file__).parent / "data" / "chat_gold.yaml").read_text())
    chat, not_covered = [], []
    for it in data["items"]:
        turns = [*it.get("history", []), it["question"]]
        if it.get("covered") is False:
            not_covered.append({"id": it["id"], "question": it["question"]})
        elif it.get("nuggets") and it.get("kind") != "quiz":
            points = [{"text": n["text"], "evidence": [f"{n['at'][0]}:{n['at'][1]}-{n['at'][2]}"]}
                      for n in it["nuggets"] if n.get("at")]
            chat.append({"id": it["id"], "kind": it.get("kind"), "question": it["question"], "turns": turns,
                         "points": points})
    return Corpus("bundled", PROJECT_ROOT / "corpus", PROJECT_ROOT / "corpus",
                  {"corpus": "bundled", "chat": chat, "not_covered": not_covered})


OUTSIDE = Path(__file__).parent / "data" / "outside_chat.yaml"
# an outside reader's evidence wider than this many lines ("virtualization.md:52-90" for a two-part comparison)
# labels a whole section: such a question teaches coverage, not which of its sentences answer
OUTSIDE_SPAN = 20


def outside_corpora(corpora: list, path: Path = OUTSIDE) -> dict:
    """The outside readers' questions (evals/data/outside_chat.yaml) as one corpus per notes folder, named
    like the corpus whose notes they ask about: covered ones with their evidence, the others not covered."""
    from evals.corpora_format import Corpus

    if not path.exists():
        return {}
    by_name = {c.name: c for c in corpora}
    out: dict = {}
    for it in yaml.safe_load(path.read_text())["items"]:
        base = by_name.get(it["corpus"])
        if base is None:
            continue
        c = out.setdefault(it["corpus"], Corpus(base.name, base.folder, base.notes_dir,
                                                {"corpus": base.name, "chat": [], "not_covered": []}))
        q = {"id": it["id"], "question": it["turns"][-1], "turns": it["turns"]}
        if it["covered"]:
            refs = it.get("evidence") or []
            wide = any(b - a + 1 > OUTSIDE_SPAN for _, a, b in map(parse_ref, refs))
            c.data["chat"].append({**q, "points": [] if wide else [{"evidence": refs}], "coverage_only": wide})
        else:
            c.data["not_covered"].append(q)
    return out


def _overlaps(st, refs: list[tuple[str, int, int]]) -> bool:
    return any(st.source == f and st.start_line <= b and st.end_line >= a for f, a, b in refs)


def collect(corpus, session) -> tuple[list, list]:
    """(sentence rows, coverage rows); each row (features, label, question id)."""
    tutor = session.tutor
    sent_rows, cov_rows = [], []
    items = [(it, 1) for it in corpus.chat] + [(it, 0) for it in corpus.not_covered]
    for it, covered in items:
        turns = it.get("turns") or [it["question"]]
        history = []
        for q in turns[:-1]:
            history.append(tutor.ask(q, history).turn())
        intent, _query, passages, comp = tutor.prepare(turns[-1], history)
        stmts, X = sentence_features(comp, passages)
        refs = [parse_ref(r) for p in it.get("points", []) for r in p.get("evidence", [])]
        labels = [int(_overlaps(s, refs)) for s in stmts]
        if not it.get("coverage_only"):
            for x, y in zip(X, labels):
                sent_rows.append((x, y, it["id"]))
        cov_rows.append(((intent, comp, passages, stmts, X), covered, it["id"]))
    return sent_rows, cov_rows


def _fit_lr(X: np.ndarray, y: np.ndarray, C: float = 1.0) -> dict:
    from sklearn.linear_model import LogisticRegression

    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale = np.where(scale < 1e-9, 1.0, scale)
    lr = LogisticRegression(C=C, max_iter=2000, class_weight="balanced").fit((X - mean) / scale, y)
    return {"mean": [round(float(v), 6) for v in mean], "scale": [round(float(v), 6) for v in scale],
            "coef": [round(float(v), 6) for v in lr.coef_[0]], "intercept": round(float(lr.intercept_[0]), 6)}


def _prob(model: dict, X: np.ndarray) -> np.ndarray:
    from tutor.select import _logit

    return _logit(model, X)


def _sentence_threshold(model: dict, rows) -> float:
    """The threshold that maximises the F-score of 'this statement answers' on the training rows, counting
    only the statements an answer could show (the best MAX_SENTENCES of each question)."""
    by_q: dict[str, list] = {}
    for x, y, qid in rows:
        by_q.setdefault(qid, []).append((x, y))
    cands = []
    for pairs in by_q.values():
        X = np.asarray([x for x, _ in pairs])
        p = _prob(model, X)
        order = np.argsort(-p)[:MAX_SENTENCES]
        cands += [(p[i], pairs[i][1]) for i in order]
    positives = sum(y for _, y, _ in rows)
    best, best_t = -1.0, 0.5
    for t in np.arange(0.2, 0.9, 0.025):
        tp = sum(1 for p, y in cands if p >= t and y)
        fp = sum(1 for p, y in cands if p >= t and not y)
        prec, rec = tp / max(tp + fp, 1), tp / max(positives, 1)
        b2 = BETA ** 2
        f = (1 + b2) * prec * rec / max(b2 * prec + rec, 1e-9)
        if f > best:
            best, best_t = f, float(t)
    return round(best_t, 3)


def _coverage_rows(sent_model: dict, cov_rows) -> tuple[np.ndarray, np.ndarray, list[str]]:
    X, y, ids = [], [], []
    for (intent, comp, passages, stmts, SX), label, qid in cov_rows:
        probs = _prob(sent_model, SX) if len(SX) else np.zeros(0)
        X.append(coverage_features(intent, comp, passages, probs, stmts))
        y.append(label)
        ids.append(qid)
    return np.asarray(X), np.asarray(y), ids


def _coverage_threshold(model: dict, X: np.ndarray, y: np.ndarray) -> float:
    """The highest threshold that still refuses at most REFUSE_AT_MOST of the covered training questions
    (a refused covered question costs the student more than an answered uncovered one)."""
    p = _prob(model, X)
    pos = np.sort(p[y == 1])
    k = int(np.floor(REFUSE_AT_MOST * len(pos)))
    return round(float(pos[k]) - 1e-6, 4) if len(pos) else 0.5


def fit(groups: dict[str, tuple[list, list]], train: list[str], outside: dict | None = None) -> dict:
    # the sentence model learns from the outside corpora's evidence lines and the outside readers' (the bundled
    # gold set's nuggets cite a line or two for a short definition: weaker evidence); coverage learns from all
    outside = outside or {}
    rows = [r for g in train if g != "bundled" for r in groups[g][0]] + [r for g in train if g in outside
                                                                         for r in outside[g][0]]
    X = np.asarray([x for x, _, _ in rows])
    y = np.asarray([lab for _, lab, _ in rows])
    sent = _fit_lr(X, y)
    sent["threshold"] = _sentence_threshold(sent, rows)
    sent["max_sentences"] = MAX_SENTENCES
    sent["features"] = list(SENTENCE_FEATURES)
    cov_rows = [r for g in train for r in groups[g][1]] + [r for g in train if g in outside for r in outside[g][1]]
    CX, cy, _ = _coverage_rows(sent, cov_rows)
    cov = _fit_lr(CX, cy, C=0.5)
    cov["threshold"] = _coverage_threshold(cov, CX, cy)
    cov["features"] = list(COVERAGE_FEATURES)
    return {"sentence": sent, "coverage": cov}


def evaluate(params: dict, group: tuple[list, list]) -> dict:
    sent_rows, cov_rows = group
    s = params["sentence"]
    by_q: dict[str, list] = {}
    for x, y, qid in sent_rows:
        by_q.setdefault(qid, []).append((x, y))
    tp = fp = pos = 0
    for pairs in by_q.values():
        X = np.asarray([x for x, _ in pairs])
        p = _prob(s, X)
        order = [i for i in np.argsort(-p)[: s["max_sentences"]] if p[i] >= s["threshold"]]
        tp += sum(pairs[i][1] for i in order)
        fp += sum(1 - pairs[i][1] for i in order)
        pos += sum(y for _, y in pairs)
    CX, cy, _ = _coverage_rows(s, cov_rows)
    covered = _prob(params["coverage"], CX) >= params["coverage"]["threshold"]
    return {"statement_precision": tp / max(tp + fp, 1), "statement_recall": tp / max(pos, 1),
            "covered_refused": f"{int(((~covered) & (cy == 1)).sum())}/{int((cy == 1).sum())}",
            "not_covered_declined": f"{int(((~covered) & (cy == 0)).sum())}/{int((cy == 0).sum())}"}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "corpora"))
    ap.add_argument("--homes", default="/tmp/notes-tutor-fit")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--no-bundled", action="store_true", help="leave out the bundled notes' chat gold set")
    ap.add_argument("--outside", choices=("no", "score", "fit"), default="no",
                    help="the outside readers' questions (evals/data/outside_chat.yaml): left out (default), scored "
                         "leave-one-corpus-out beside the corpora's, or also fitted on (measured 2026-12-05: fitting "
                         "on them moved held-out recall 390 -> 384 of 485 points and a blind re-read of 20 changed "
                         "answers preferred the model without them 8 to 6)")
    a = ap.parse_args(argv)
    groups = {}
    corpora = [c for c in find_corpora(Path(a.corpora)) if c.chat and c.name != "bundled"]
    for corpus in corpora + ([] if a.no_bundled else [bundled_corpus()]):
        session = _session(corpus, Path(a.homes))
        groups[corpus.name] = collect(corpus, session)
        print(f"{corpus.name}: {len(groups[corpus.name][0])} statements, {len(groups[corpus.name][1])} questions",
              flush=True)
    outside = {}
    for name, corpus in (outside_corpora(corpora + ([] if a.no_bundled else [bundled_corpus()])).items()
                         if a.outside != "no" else ()):
        outside[name] = collect(corpus, _session(corpus, Path(a.homes)))
        print(f"{name} (outside readers): {len(outside[name][0])} statements, {len(outside[name][1])} questions",
              flush=True)
    names = sorted(groups)
    out = {"version": 1, "fitted": datetime.date.today().isoformat(), "by": "python -m evals.fit_chat --write",
           "fitted_on": names + ([f"{n} (outside readers)" for n in sorted(outside)] if a.outside == "fit" else []),
           "without": {}}
    print("leave-one-corpus-out (fitted without the corpus, scored on it):")
    for held in names:  # GroupKFold with one group per fold
        params = fit(groups, [g for g in names if g != held], outside if a.outside == "fit" else {})
        out["without"][held] = params
        for label, group in ((held, groups[held]), (f"{held} (outside)", outside.get(held))):
            if group is None:
                continue
            figures = evaluate(params, group)
            print(f"  {label:28s} " + "  ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}"
                                               for k, v in figures.items()))
    out["all"] = fit(groups, names, outside if a.outside == "fit" else {})
    if a.write:
        OUT.write_text("# Fitted by evals/fit_chat.py: the chat answer's sentence and coverage models "
                       "(tutor/select.py).\n" + yaml.safe_dump(out, sort_keys=False, width=120))
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
