"""Fit the multiple-choice scorer's weights and its confidence calibration on the development split.

    .venv/bin/python -m evals.fit_mcq [--write] [--no-model]

1. Every dev question of the scenario set (`evals/data/mcq_scenarios.yaml`, split: dev) is scored for
   its per-option signals (`tutor.mcq.McqScorer.features`), with the bundled model's log-likelihood
   signal as well unless --no-model.
2. The option weights are fitted by conditional logit (the key's probability under a softmax over the
   options, L2-regularised), once with the model signal and once without: the ablation.
3. The calibration (confidence = sigmoid(a*margin + b*top + c)) is fitted by logistic regression of
   "the choice was right" on the answerable and not-in-notes dev questions; the abstention threshold
   is the one that maximises accuracy with abstentions counted at chance on dev.
4. With --write, tutor/data/mcq_weights.yaml is written with the fitted values and the dev figures.
   The test split is never read here.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import yaml

from tutor.mcq import (AGAINST, FEATURES, SUPPORT, WEIGHTS_FILE, OptionScore, Weights, decision_signals,
                       is_negative_stem, option_logit)

DATA = Path(__file__).parent / "data" / "mcq_scenarios.yaml"


def load_questions(split: str | None) -> list[dict]:
    qs = yaml.safe_load(DATA.read_text())["questions"]
    return [q for q in qs if split in (None, "all") or q["split"] == split]


def collect(session, questions: list[dict], with_model: bool, progress=None) -> list[dict]:
    from ingest.mcq_grammar import PastedQuestion

    scorer = session.tutor.scorer
    out = []
    for i, q in enumerate(questions):
        if progress:
            progress("Scoring options", i, len(questions))
        pq = PastedQuestion(q["stem"], q["options"], len(q["answer"]))
        rows, _, _, _, _ = scorer.features(pq, with_model=with_model and session.model is not None)
        out.append({"id": q["id"], "key": q["answer"], "answerability": q["answerability"],
                    "negative": is_negative_stem(q["stem"]), "n": len(q["answer"]),
                    "options": {r.letter: r.features for r in rows}})
    return out


def _matrix(item: dict, use_model: bool) -> tuple[np.ndarray, list[str]]:
    sign = -1.0 if item["negative"] else 1.0
    letters = list(item["options"])
    rows = []
    for k in letters:
        f = item["options"][k]
        rows.append([sign * f[name] if name in SUPPORT + AGAINST else f.get(name, 0.0) if name != "model" or use_model
                     else 0.0 for name in FEATURES])
    return np.asarray(rows, dtype=np.float64), letters


def fit_weights(items: list[dict], use_model: bool, l2: float = 0.05, steps: int = 3000, lr: float = 0.2) -> dict:
    """Conditional logit: maximise sum over questions of log P(key letters) under softmax(X w)."""
    data = [(_matrix(it, use_model), it["key"]) for it in items]
    w = np.array([Weights.default().w[name] for name in FEATURES], dtype=np.float64)
    if not use_model:
        w[FEATURES.index("model")] = 0.0
    for _ in range(steps):
        grad = -l2 * w
        for (X, letters), key in data:
            z = X @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            for k in key:
                grad += (X[letters.index(k)] - p @ X) / len(key)
        w += lr * grad / len(data)
        if not use_model:
            w[FEATURES.index("model")] = 0.0
    return {name: round(float(v), 4) for name, v in zip(FEATURES, w)}


def decisions(items: list[dict], w: dict) -> list[dict]:
    """Apply weights the way McqScorer.decide does; returns per question chosen, probs, margin, top."""
    out = []
    for it in items:
        rows = []
        for k, f in it["options"].items():
            r = OptionScore(k, "", dict(f))
            rows.append(r)
        for r in rows:
            r.logit = option_logit(r.features, w, it["negative"])
        z = np.array([r.logit for r in rows])
        p = np.exp(z - z.max())
        p /= p.sum()
        order = sorted(range(len(rows)), key=lambda i: (-rows[i].logit, i))
        n = it["n"]
        chosen = sorted(rows[i].letter for i in order[:n])
        ps = [float(p[i]) for i in order]
        margin, top, known = decision_signals(ps, [rows[i].features for i in order], n, it["negative"])
        out.append({**it, "chosen": chosen, "correct": set(chosen) == set(it["key"]), "margin": margin, "top": top,
                    "known": known, "chance": chance(len(rows), n)})
    return out


def chance(n_options: int, n_key: int) -> float:
    return 1.0 / math.comb(n_options, n_key)


def fit_calibration(dec: list[dict], l2: float = 0.01, steps: int = 4000, lr: float = 0.3):
    """(a, b, c, d) of confidence = sigmoid(a*margin + b*top + d*known + c), by logistic regression of
    "right, and the notes could settle it" (a lucky guess on a question the notes do not cover counts as 0)."""
    X = np.array([[d["margin"], d["top"], 1.0, d["known"]] for d in dec])
    y = np.array([1.0 if d["correct"] and d["answerability"] != "not_in_notes" else 0.0 for d in dec])
    w = np.array([1.0, 1.0, -1.0, 0.0])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(X @ w)))
        grad = X.T @ (y - p) / len(y) - l2 * np.array([w[0], w[1], 0.0, w[3]])
        w += lr * grad
    return tuple(round(float(v), 4) for v in w)


def confidence(d: dict, cal) -> float:
    a, b, c, e = cal
    return 1 / (1 + math.exp(-(a * d["margin"] + b * d["top"] + e * d["known"] + c)))


def figures(dec: list[dict], cal, tau: float, high: float = 0.8) -> dict:
    out = {}
    for d in dec:
        d["conf"] = confidence(d, cal)
        d["abstain"] = d["conf"] < tau
    groups = {"all": dec}
    for cls in ("answerable", "partial", "not_in_notes"):
        groups[cls] = [d for d in dec if d["answerability"] == cls]
    for name, g in groups.items():
        if not g:
            continue
        answered = [d for d in g if not d["abstain"]]
        hi = [d for d in g if d["conf"] >= high]
        out[name] = {
            "n": len(g), "correct": round(sum(d["correct"] for d in g) / len(g), 4),
            "coverage": round(len(answered) / len(g), 4),
            "accuracy_when_answering": round(sum(d["correct"] for d in answered) / len(answered), 4) if answered else None,
            "abstained": round(1 - len(answered) / len(g), 4),
            "at_chance": round(sum(d["correct"] if not d["abstain"] else d["chance"] for d in g) / len(g), 4),
            "high_conf_n": len(hi),
            "high_conf_accuracy": round(sum(d["correct"] for d in hi) / len(hi), 4) if hi else None,
        }
    return out


def choose_threshold(dec: list[dict], cal) -> float:
    """The abstention threshold that maximises accuracy with abstentions at chance on dev (ties: higher)."""
    best, best_tau = -1.0, 0.5
    for tau in np.arange(0.05, 0.96, 0.01):
        f = figures([dict(d) for d in dec], cal, float(tau))
        score = f["all"]["at_chance"]
        if score >= best:
            best, best_tau = score, float(tau)
    return round(best_tau, 2)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/mcq-features.json"))
    ap.add_argument("--recompute", action="store_true")
    args = ap.parse_args()
    from tutor.config import load_settings
    from tutor.session import Session

    if args.cache.is_file() and not args.recompute:
        items = json.loads(args.cache.read_text())
    else:
        session = Session(load_settings(), use_model=not args.no_model)
        session.ingest()
        t0 = time.monotonic()
        items = collect(session, load_questions("dev"), with_model=not args.no_model)
        print(f"features for {len(items)} dev questions in {time.monotonic() - t0:.0f} s")
        args.cache.write_text(json.dumps(items))
        session.close()
    has_model = any("model" in f for it in items for f in it["options"].values())
    results = {}
    for use_model in ([False, True] if has_model else [False]):
        w = fit_weights(items, use_model)
        dec = decisions(items, w)
        cal = fit_calibration(dec)
        tau = choose_threshold(dec, cal)
        results["with_model" if use_model else "notes_only"] = {"weights": w, "calibration": cal, "tau": tau,
                                                                 "dev": figures(dec, cal, tau)}
    for name, r in results.items():
        print(name, json.dumps(r["weights"]), "cal", r["calibration"], "tau", r["tau"])
        for cls, f in r["dev"].items():
            print(f"   {cls:<13} {json.dumps(f)}")
    if args.write:
        chosen = "notes_only"
        if "with_model" in results and results["with_model"]["dev"]["all"]["at_chance"] > \
                results["notes_only"]["dev"]["all"]["at_chance"] + 0.01:
            chosen = "with_model"
        r = results[chosen]
        a, b, c, e = r["calibration"]
        doc = {"version": 1, "fitted": time.strftime("%Y-%m-%d"), "on": "evals/data/mcq_scenarios.yaml split dev",
               "by": "python -m evals.fit_mcq --write", "weights": r["weights"],
               "calibration": {"margin": a, "top": b, "bias": c, "known": e}, "abstain_below": r["tau"], "high_at": 0.8,
               "model_weight_fitted": chosen == "with_model",
               "ablation": {k: v["dev"]["all"] for k, v in results.items()},
               "variants": {k: {"weights": v["weights"],
                                "calibration": dict(zip(("margin", "top", "bias", "known"), v["calibration"])),
                                "abstain_below": v["tau"]} for k, v in results.items()}}
        WEIGHTS_FILE.parent.mkdir(parents=True, exist_ok=True)
        WEIGHTS_FILE.write_text("# Fitted weights of the multiple-choice scorer (see tutor/mcq.py, evals/fit_mcq.py).\n"
                                + yaml.safe_dump(doc, sort_keys=False))
        print("wrote", WEIGHTS_FILE, "using", chosen)


if __name__ == "__main__":
    main()
