"""Practice-question generation figures with the embedded model.

    .venv/bin/python bench/practice_bench.py [--n 100] [--out bench/results/practice.json]

Prints JSON: time per question, share of candidates that passed verification, share where the
correct option is the longest, answer-position distribution, duplicate rate, domain coverage, share
of stems the model reworded (the rest keep their template wording).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from common import ROOT, emit, peak_rss_mb


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    from tutor.config import load_settings
    from tutor.session import Session
    from tutor.practice.verify import norm

    home = Path(tempfile.mkdtemp(prefix="tutor-practice-bench-"))
    settings = load_settings(notes_dir=ROOT / "corpus", home=home)
    session = Session(settings)
    session.ingest()
    svc = session.practice
    t0 = time.perf_counter()
    pset = svc.practice(args.n, seed=2024, review=False)
    elapsed = time.perf_counter() - t0
    session.close()
    qs, rep = pset.questions, pset.report
    singles = [q for q in qs if len(q.answer) == 1]
    longest = sum(len(q.options[q.answer[0]]) == max(len(v) for v in q.options.values()) for q in singles)
    stems = [norm(q.stem) for q in qs]
    candidates = rep.produced + sum(rep.dropped.values())
    emit({
        "benchmark": "practice_generation",
        "asked": args.n, "produced": len(qs), "facts_available": rep.facts_available,
        "seconds_total": round(elapsed, 1), "seconds_per_question": round(elapsed / max(len(qs), 1), 2),
        "candidates_tried": candidates, "passed_verification_share": round(rep.produced / max(candidates, 1), 3),
        "rejections": rep.dropped,
        "correct_is_longest_share": round(longest / max(len(singles), 1), 3),
        "chance_longest_share": round(sum(1 / len(q.options) for q in singles) / max(len(singles), 1), 3),
        "answer_position_distribution": dict(sorted(Counter(q.answer[0] for q in singles).items())),
        "multi_select_share": round(sum(q.multi for q in qs) / max(len(qs), 1), 3),
        "duplicate_stem_rate": round(1 - len(set(stems)) / max(len(stems), 1), 3),
        "domain_coverage": dict(Counter(q.domain or "Unassigned" for q in qs)),
        "difficulty": dict(Counter(q.difficulty for q in qs)),
        "kinds": dict(Counter(q.key_source for q in qs)),
        "model_worded_share": round(sum((q.note or "") == "worded by the model" for q in qs) / max(len(qs), 1), 3),
        "model": settings.model.label,
        "peak_rss_mb": peak_rss_mb(),
    }, args.out)


if __name__ == "__main__":
    main()
