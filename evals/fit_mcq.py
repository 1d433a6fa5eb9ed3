"""Fit the multiple-choice scorer on labelled corpora written by others, leave-one-corpus-out.

    .venv/bin/python -m evals.fit_mcq --corpora ../shared/corpora [--write] [--cache /tmp/fit_mcq]
        [--recompute] [--diagnose] [--drop ret_z,disc_z] [--l2 0.02]

--diagnose prints, per corpus, for the answerable questions right and wrong, whether the labelled evidence lines
were retrieved at all and whether the key's own supporting statement lies on them (retrieval failure vs scoring
failure); --drop leaves option inputs out (an ablation); both read the cached signals.

1. Every `mcq` question of every corpus under --corpora (`bundled-mcq` is scored against the project's own
   `corpus/`) is scored for its per-option signals (`tutor.mcq.McqScorer.features`, notes only), each corpus
   indexed in its own home under --cache; the signals are cached there as JSON.
2. The option model: weights over `tutor.mcq.OPTION_INPUTS` fitted by conditional logit (the key's probability
   under a softmax over the options, L2-regularised).
3. The decision model: logistic regression of "the choice is right" on `tutor.mcq.DECISION_INPUTS`, fitted on
   choices made by option models that did not see the question's corpus (nested leave-one-corpus-out), so its
   confidence is what the choice is worth on notes the option model was not fitted on. The tutor answers when
   that confidence beats a threshold chosen on the same out-of-corpus choices (the best accuracy with
   abstentions scored at chance, while abstaining on most questions the notes do not cover), and calls it
   high confidence where those choices were right at least 95% of the time.
4. Every figure printed is leave-one-corpus-out: corpus C is scored by parameters fitted without C.
   With --write, tutor/data/mcq_model.yaml gets `all` (fitted on every corpus) and `without: {C: ...}`,
   read through `tutor.fitted.load("mcq_model", settings.holdout)`.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import yaml

from tutor.mcq import (DECISION_INPUTS, MODEL_NAME, OPTION_INPUTS, Weights, choice_order, decision_signals,
                       is_negative_stem, option_inputs, unnamed_choice)

ROOT = Path(__file__).resolve().parents[1]
HIGH_ACCURACY = 0.95  # "high confidence" means right at least this often on corpora the model was not fitted on
NOT_COVERED_ABSTAIN = 0.75  # the threshold must abstain on at least this share of not-in-notes questions


# ----------------------------------------------------------------------------------- signals


def corpus_dirs(root: Path) -> list[tuple[str, Path, Path]]:
    """(name, notes folder, questions.yaml) of every corpus with multiple-choice questions."""
    out = []
    for qfile in sorted(root.glob("*/questions.yaml")):
        data = yaml.safe_load(qfile.read_text())
        if not data.get("mcq"):
            continue
        notes = qfile.parent / "notes"
        if not notes.is_dir():
            notes = ROOT / "corpus"  # bundled-mcq: questions on the project's own notes
        out.append((data.get("corpus", qfile.parent.name), notes, qfile))
    return out


def collect(name: str, notes: Path, qfile: Path, home: Path, progress=print) -> list[dict]:
    from ingest.mcq_grammar import PastedQuestion
    from tutor.config import load_settings
    from tutor.session import Session

    session = Session(load_settings(notes_dir=notes, home=home), use_model=False)
    try:
        session.ingest()
        scorer = session.tutor.scorer
        items = []
        for i, q in enumerate(yaml.safe_load(qfile.read_text())["mcq"]):
            if i % 20 == 0:
                progress(f"{name}: scoring options of question {i + 1}")
            rows, passages, _, _, _ = scorer.features(PastedQuestion(q["stem"], q["options"], len(q["answer"])))
            items.append({"id": q["id"], "corpus": name, "key": q["answer"], "answerability": q["answerability"],
                          "negative": is_negative_stem(q["stem"]), "n": len(q["answer"]),
                          "options": {r.letter: r.features for r in rows},
                          "diag": diagnosis(q.get("evidence") or [], rows, passages)})
        return items
    finally:
        session.close()


def collect_model(name: str, notes: Path, qfile: Path, home: Path, items: list[dict], out_path: Path,
                  progress=print) -> None:
    """The cached signals of one corpus with the bundled model's signal added (`model`: the z-scored
    log-likelihood of each option's text after the notes' passages and the stem, as the tutor computes it),
    written to out_path after every question (a slow model can be stopped: the file holds those done so far and a
    re-run goes on from there)."""
    from ingest.mcq_grammar import PastedQuestion
    from tutor.config import load_settings
    from tutor.mcq import OptionScore
    from tutor.session import Session

    session = Session(load_settings(notes_dir=notes, home=home), use_model=True)
    try:
        session.ingest()
        scorer = session.tutor.scorer
        if scorer.model is None:
            raise SystemExit(f"the bundled model could not be loaded: {session.model_error}")
        by_id = {it["id"]: it for it in items}
        out = json.loads(out_path.read_text()) if out_path.is_file() else []
        done = {it["id"] for it in out}
        for i, q in enumerate(yaml.safe_load(qfile.read_text())["mcq"]):
            if q["id"] in done:
                continue
            if i % 20 == 0:
                progress(f"{name}: the model reads the options of question {i + 1}")
            pq = PastedQuestion(q["stem"], q["options"], len(q["answer"]))
            rows = [OptionScore(k, v) for k, v in pq.options.items()]
            _, passages, _ = scorer._pool(pq, frozenset())
            scorer._model_scores(pq, rows, passages)
            it = json.loads(json.dumps(by_id[q["id"]]))
            for r in rows:
                it["options"][r.letter]["model"] = r.features.get("model", 0.0)
            out.append(it)
            out_path.write_text(json.dumps(out))
    finally:
        session.close()


def _overlaps(refs: list[tuple[str, int, int]], source: str, a: int, b: int) -> bool:
    return any(f == source and a <= hi and b >= lo for f, lo, hi in refs)


def diagnosis(evidence: list[str], rows, passages) -> dict:
    """Where the labelled evidence lines are in what the scorer looked at: in a retrieved passage at all, and
    which option's best supporting / contradicting / naming statement lies on them (for the failure analysis)."""
    from evals.corpora_format import parse_ref

    refs = [parse_ref(r) for r in evidence]
    on = {}
    for r in rows:
        for role in ("evidence", "against", "mention", "marked"):
            s = getattr(r, role)
            if s is not None and _overlaps(refs, s.source, s.start_line, s.end_line):
                on.setdefault(r.letter, []).append(role)
    return {"retrieved": any(_overlaps(refs, p.source, p.start_line, p.end_line) for p in passages),
            "on_evidence": on, "where": {r.letter: {k: getattr(r, k).location for k in ("evidence", "against")
                                                    if getattr(r, k) is not None} for r in rows}}


def load_items(root: Path, cache: Path, recompute: bool = False, cached_only: bool = False) -> list[dict]:
    items = []
    for name, notes, qfile in corpus_dirs(root):
        path = cache / "feat" / f"{name}.json"
        if cached_only and not path.is_file():
            continue
        if recompute or not path.is_file():
            t0 = time.monotonic()
            got = collect(name, notes, qfile, cache / f"home-{name}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(got))
            print(f"{name}: signals of {len(got)} questions in {time.monotonic() - t0:.0f} s")
        items += json.loads(path.read_text())
    return items


# ----------------------------------------------------------------------------------- fitting


DROPPED: set[str] = set()  # option inputs left out of the fit (--drop: the ablation of a signal)


def _matrix(item: dict, use_model: bool) -> tuple[np.ndarray, list[str]]:
    letters = list(item["options"])
    X = option_inputs([item["options"][k] for k in letters], item["negative"])
    for k in DROPPED | (set() if use_model else {"model"}):
        X[:, OPTION_INPUTS.index(k)] = 0.0
    return X, letters


L2 = 0.02  # the option model's penalty per question on |w|^2


def fit_option(items: list[dict], use_model: bool = False, l2: float | None = None, steps: int = 400) -> dict:
    """Conditional logit: maximise the mean over questions of log P(key letters) under softmax(X w) - l2 |w|^2,
    by Newton steps (the problem is convex)."""
    l2 = L2 if l2 is None else l2
    data = [(_matrix(it, use_model), it["key"]) for it in items]
    d = len(OPTION_INPUTS)
    w = np.zeros(d)
    for _ in range(steps):
        grad = -2 * l2 * w * len(data)
        hess = -2 * l2 * np.eye(d) * len(data)
        for (X, letters), key in data:
            z = X @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            mean = p @ X
            for k in key:
                grad += (X[letters.index(k)] - mean) / len(key)
            hess -= (X.T * p) @ X - np.outer(mean, mean)
        step = np.linalg.solve(hess - 1e-6 * np.eye(d), grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return {k: round(float(v), 4) for k, v in zip(OPTION_INPUTS, w)}


def choices(items: list[dict], w: dict) -> list[dict]:
    """Each question's choice under option weights w, with its decision signals."""
    vec = np.array([w.get(k, 0.0) for k in OPTION_INPUTS])
    out = []
    for it in items:
        X, letters = _matrix(it, use_model=abs(w.get("model", 0.0)) > 0)
        z = X @ vec
        p = np.exp(z - z.max())
        p /= p.sum()
        order = choice_order(z, [it["options"][k] for k in letters], it["negative"])
        chosen = sorted(letters[i] for i in order[: it["n"]])
        sig = decision_signals([float(p[i]) for i in order], [it["options"][letters[i]] for i in order], it["n"],
                               it["negative"])
        out.append({"id": it["id"], "corpus": it["corpus"], "answerability": it["answerability"], "chosen": chosen,
                    "unnamed": unnamed_choice([it["options"][letters[i]] for i in order[: it["n"]]], it["negative"]),
                    "correct": set(chosen) == set(it["key"]), "signals": sig,
                    "chance": 1.0 / math.comb(len(letters), it["n"])})
    return out


# the direction each decision input must push the confidence (more support, more margin: more sure); an input
# whose fitted weight comes out the other way is fitting noise of these few corpora and is left out
MONOTONE = {"margin": 1, "p_chosen": 1, "top": 1, "known": 1, "stem_known": 1, "sim_top": 1, "said_top": 1,
            "cooc_top": 1}


def fit_decision(dec: list[dict], C: float = 0.5) -> dict:
    from sklearn.linear_model import LogisticRegression

    y = np.array([int(d["correct"]) for d in dec])
    if len(set(y)) < 2:
        return {"bias": 0.0}
    names = list(DECISION_INPUTS)
    while True:
        X = np.array([[d["signals"][k] for k in names] for d in dec])
        mu, sd = X.mean(0), X.std(0) + 1e-9
        lr = LogisticRegression(C=C, max_iter=2000).fit((X - mu) / sd, y)
        coef = lr.coef_[0] / sd
        wrong = [k for k, v in zip(names, coef) if MONOTONE.get(k, 0) * v < 0]
        if not wrong:
            break
        names.remove(min(wrong, key=lambda k: MONOTONE[k] * coef[names.index(k)] / sd[names.index(k)]))
    bias = float(lr.intercept_[0] - (coef * mu).sum())
    out = dict.fromkeys(DECISION_INPUTS, 0.0)
    out.update({k: round(float(v), 4) for k, v in zip(names, coef)})
    return {**out, "bias": round(bias, 4)}


def confidence(d: dict, decision: dict) -> float:
    return Weights({}, decision, 0.0, 1.0, "fit").confidence(d["signals"])  # the tutor's own formula


def wilson_low(k: int, n: int, z: float = 1.645) -> float:
    """The lower end of the Wilson interval of k successes in n (one-sided 95%)."""
    p = k / n
    return (p + z * z / (2 * n) - z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n)


def thresholds(dec: list[dict]) -> tuple[float, float]:
    """(abstain_below, high_at) from out-of-corpus choices with their confidence in d["conf"]."""
    best, tau = -1.0, 0.5
    cover = [d for d in dec if d["answerability"] == "not_in_notes"]
    for t in np.arange(0.10, 0.91, 0.01):
        if cover and sum(d["conf"] < t for d in cover) / len(cover) < NOT_COVERED_ABSTAIN:
            continue
        score = sum(d["correct"] if d["conf"] >= t else d["chance"] for d in dec) / len(dec)
        if score > best + 1e-9:
            best, tau = score, float(t)
    high = 0.99
    for t in np.arange(0.60, 0.991, 0.01):
        above = [d for d in dec if d["conf"] >= t]
        # a handful of lucky choices above a threshold is no evidence: the lower 90% bound of their accuracy must
        # reach the target (all of 15 right does, all of 5 does not)
        if above and wilson_low(sum(d["correct"] for d in above), len(above)) >= HIGH_ACCURACY - 0.1:
            high = float(t)
            break
    return round(tau, 2), round(max(high, tau), 2)


def fit(items: list[dict], use_model: bool = False) -> dict:
    """Option weights on all of `items`; the decision model and thresholds on out-of-corpus choices."""
    w = fit_option(items, use_model)
    corpora = sorted({it["corpus"] for it in items})
    dec = []
    for c in corpora:
        inner = fit_option([it for it in items if it["corpus"] != c], use_model) if len(corpora) > 1 else w
        dec += choices([it for it in items if it["corpus"] == c], inner)
    decision = fit_decision(dec)
    for d in dec:
        d["conf"] = confidence(d, decision)
    tau, high = thresholds(dec)
    return {"option": w, "decision": decision, "abstain_below": tau, "high_at": high}


def apply(items: list[dict], params: dict) -> list[dict]:
    dec = choices(items, params["option"])
    for d in dec:
        d["conf"] = confidence(d, params["decision"])
        d["abstain"] = d["conf"] < params["abstain_below"] or d["unnamed"]
        d["high"] = d["conf"] >= params["high_at"]
    return dec


# ----------------------------------------------------------------------------------- figures


def figures(dec: list[dict]) -> dict:
    """The corpora eval's figures for these choices; ece_calib is the ECE that exactly calibrated confidences would
    still show on as few questions (evals.corpora.ece_if_calibrated)."""
    from evals.corpora import ece_if_calibrated

    def share(k, n):
        return round(k / n, 3) if n else None

    ans = [d for d in dec if d["answerability"] == "answerable"]
    nin = [d for d in dec if d["answerability"] == "not_in_notes"]
    high = [d for d in dec if d["high"] and not d["abstain"]]
    bins = {}
    for d in dec:
        bins.setdefault(min(int(d["conf"] * 5), 4), []).append(d)
    ece = sum(len(b) * abs(sum(x["conf"] for x in b) / len(b) - sum(x["correct"] for x in b) / len(b))
              for b in bins.values()) / max(len(dec), 1)
    return {
        "n": len(dec),
        "answerable_right": share(sum(d["correct"] and not d["abstain"] for d in ans), len(ans)),
        "answerable_abstained": share(sum(d["abstain"] for d in ans), len(ans)),
        "lean_right_answerable": share(sum(d["correct"] for d in ans), len(ans)),
        "not_in_notes_abstained": share(sum(d["abstain"] for d in nin), len(nin)),
        "high_n": len(high), "high_wrong": share(sum(not d["correct"] for d in high), len(high)),
        "ece": round(ece, 3),
        "ece_calib": ece_if_calibrated([{"confidence": d["conf"]} for d in dec], bins=5),
        "at_chance": share(sum(d["correct"] if not d["abstain"] else d["chance"] for d in dec), len(dec)),
        "chance": share(sum(d["chance"] for d in dec), len(dec)),
    }


def loco(items: list[dict], use_model: bool = False) -> tuple[dict, dict, list[dict]]:
    """Per-corpus parameters fitted without that corpus, the figures each gets, and every scored choice."""
    without, table, scored = {}, {}, []
    for c in sorted({it["corpus"] for it in items}):
        params = fit([it for it in items if it["corpus"] != c], use_model)
        dec = apply([it for it in items if it["corpus"] == c], params)
        without[c], table[c] = params, figures(dec)
        scored += dec
    table["pooled"] = figures(scored)
    return without, table, scored


def print_table(table: dict) -> None:
    cols = ("n", "answerable_right", "answerable_abstained", "lean_right_answerable", "not_in_notes_abstained",
            "high_n", "high_wrong", "ece", "ece_calib", "at_chance",
            "chance")
    print(f"{'corpus':<18}" + "".join(f"{c[:14]:>15}" for c in cols))
    for name, f in table.items():
        print(f"{name:<18}" + "".join(f"{'-' if f[c] is None else f[c]:>15}" for c in cols))


def diagnose(items: list[dict], scored: list[dict]) -> None:
    """For answerable questions, right and wrong: were the evidence lines retrieved at all, and did the key's
    own statement land on them (found) or not (missed by the option matching)?"""
    by = {(it["corpus"], it["id"]): it for it in items}
    table: dict = {}
    for d in scored:
        it = by[(d["corpus"], d["id"])]
        if it["answerability"] != "answerable" or "diag" not in it:
            continue
        g = it["diag"]
        key_roles = {r for k in it["key"] for r in g["on_evidence"].get(k, [])}
        kind = ("not retrieved" if not g["retrieved"] else
                "key supported on evidence" if key_roles & {"evidence", "marked"} else
                "key only named/against on evidence" if key_roles else "retrieved, key not tied to it")
        row = table.setdefault(d["corpus"], {})
        row.setdefault(kind, [0, 0])[0 if d["correct"] else 1] += 1
    for c, row in table.items():
        print(c, {k: f"{v[0]} right / {v[1]} wrong" for k, v in sorted(row.items())})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/fit_mcq"))
    ap.add_argument("--recompute", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--cached-only", action="store_true", help="use only the corpora whose signals are cached")
    ap.add_argument("--dump", type=Path, help="write every leave-one-corpus-out choice here (JSON)")
    ap.add_argument("--model-signals", type=Path,
                    help="folder of <corpus>.json signals computed with the bundled model's log-likelihood "
                         "(the ablation: fitted and reported leave-one-corpus-out on those corpora)")
    ap.add_argument("--collect-model", type=Path,
                    help="compute the bundled model's signal for every cached question and write <corpus>.json "
                         "here (then pass the folder as --model-signals)")
    ap.add_argument("--drop", default="", help="comma-separated option inputs to leave out (an ablation)")
    ap.add_argument("--diagnose", action="store_true", help="where the evidence lines were, per corpus")
    ap.add_argument("--l2", type=float, default=None, help="the option model's L2 penalty")
    args = ap.parse_args()
    DROPPED.update(x for x in args.drop.split(",") if x)
    if args.l2 is not None:
        global L2
        L2 = args.l2
    if not args.corpora.is_dir():
        raise SystemExit(f"{args.corpora} not found: pass --corpora <folder with <corpus>/questions.yaml>")
    items = load_items(args.corpora, args.cache, args.recompute, args.cached_only)
    if args.collect_model:
        args.collect_model.mkdir(parents=True, exist_ok=True)
        # the smallest corpora first: stopped early, the ablation still has several corpora to leave out in turn
        for name, notes, qfile in sorted(corpus_dirs(args.corpora),
                                         key=lambda c: sum(it["corpus"] == c[0] for it in items)):
            own = [it for it in items if it["corpus"] == name]
            if not own:
                continue
            t0 = time.monotonic()
            collect_model(name, notes, qfile, args.cache / f"home-{name}", own, args.collect_model / f"{name}.json")
            print(f"{name}: the model's signal for {len(own)} questions in {time.monotonic() - t0:.0f} s")
    without, table, scored = loco(items)
    print("Leave-one-corpus-out (each corpus scored by parameters fitted without it):")
    print_table(table)
    if args.diagnose:
        diagnose(items, scored)
    if args.dump:
        args.dump.write_text(json.dumps(scored, indent=1))
    variants, ablation = {}, {}
    if args.model_signals:
        with_model = [it for f in sorted(args.model_signals.glob("*.json")) for it in json.loads(f.read_text())]
        names = sorted({it["corpus"] for it in with_model})
        for label, use in (("notes_only", False), ("with_model", True)):
            _, tab, _ = loco(with_model, use)
            ablation[label] = tab["pooled"]
            print(f"Ablation on {', '.join(names)} ({label}), leave-one-corpus-out:")
            print_table(tab)
        variants = {"all": fit(with_model, True),
                    "without": {c: fit([it for it in with_model if it["corpus"] != c], True) for c in names}}
    if args.write:
        names = sorted({it["corpus"] for it in items})
        doc = {"fitted_on": names, "by": "python -m evals.fit_mcq --write", "fitted": time.strftime("%Y-%m-%d"),
               "inputs": {"option": list(OPTION_INPUTS), "decision": list(DECISION_INPUTS)},
               "loco_figures": table, "ablation": ablation, "all": fit(items), "without": without}
        if variants:  # the bundled model's variant, for the eval's ablation (tutor.mcq.Weights.load(variant=...))
            doc["all"]["variants"] = {"with_model": variants["all"]}
            for c, params in doc["without"].items():
                params["variants"] = {"with_model": variants["without"].get(c, variants["all"])}
        out = ROOT / "tutor" / "data" / f"{MODEL_NAME}.yaml"
        out.write_text("# The multiple-choice scorer's fitted option and decision models (tutor/mcq.py);\n"
                       "# written by evals/fit_mcq.py, read through tutor.fitted.load.\n"
                       + yaml.safe_dump(doc, sort_keys=False))
        print("wrote", out)


if __name__ == "__main__":
    main()
