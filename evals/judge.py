"""How trustworthy is the offline support judge? Its agreement with hand-labelled (claim, passage)
pairs in data/judge_validation.jsonl, reported beside every citation figure."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.sources import note_lines
from tutor.support import Judge

DATA = Path(__file__).parent / "data"


def validate_judge(judge: Judge, notes_dir: Path, path: Path | None = None) -> dict:
    path = path or DATA / "judge_validation.jsonl"
    rows = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
    tp = fp = tn = fn = 0
    mistakes = []
    for r in rows:
        lines = note_lines(Path(notes_dir), r["file"])
        passage = "\n".join(lines[r["lines"][0] - 1 : r["lines"][1]])
        got = judge.judge(r["claim"], passage).supported
        want = bool(r["supported"])
        tp += got and want
        fp += got and not want
        tn += (not got) and (not want)
        fn += (not got) and want
        if got != want:
            mistakes.append({"claim": r["claim"], "labelled": want, "judged": got, "kind": r.get("kind")})
    n = len(rows)
    return {
        "pairs": n, "positives": tp + fn, "negatives": tn + fp,
        "accuracy": round((tp + tn) / n, 3) if n else 0.0,
        "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
        "mistakes": mistakes,
        "method": "hand-labelled claim/passage pairs read off the notes: paraphrases and extracts (supported); "
                  "contradictions, swapped names, wrong numbers, dropped negations, unrelated claims (not supported)",
    }
