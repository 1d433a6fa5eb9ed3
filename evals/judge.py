"""How trustworthy is the offline support judge? Its agreement with hand-labelled (claim, passage)
pairs in data/judge_validation.jsonl, reported beside every citation figure: on the dev split (the pairs
its rules were tuned on) and on the test split (held out), with precision and recall per kind of pair."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.sources import note_lines
from tutor.support import Judge

DATA = Path(__file__).parent / "data"


def validate_judge(judge: Judge, notes_dir: Path, path: Path | None = None, split: str | None = None) -> dict:
    path = path or DATA / "judge_validation.jsonl"
    rows = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
    if split not in (None, "all"):
        rows = [r for r in rows if r.get("split", "dev") == split]
    tp = fp = tn = fn = 0
    mistakes = []
    by_kind: dict[str, dict] = {}
    for r in rows:
        lines = note_lines(Path(notes_dir), r["file"])
        passage = "\n".join(lines[r["lines"][0] - 1 : r["lines"][1]])
        got = judge.judge(r["claim"], passage).supported
        want = bool(r["supported"])
        tp += got and want
        fp += got and not want
        tn += (not got) and (not want)
        fn += (not got) and want
        k = by_kind.setdefault(r.get("kind", "?"), {"pairs": 0, "right": 0, "supported": want})
        k["pairs"] += 1
        k["right"] += got == want
        if got != want:
            mistakes.append({"claim": r["claim"], "labelled": want, "judged": got, "kind": r.get("kind")})
    n = len(rows)
    return {
        "pairs": n, "positives": tp + fn, "negatives": tn + fp,
        "accuracy": round((tp + tn) / n, 3) if n else 0.0,
        "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
        "mistakes": mistakes,
        "split": split or "all",
        # per kind: the share judged right (for unsupported kinds that is the share caught)
        "by_kind": {kind: {**v, "accuracy": round(v["right"] / v["pairs"], 3)} for kind, v in sorted(by_kind.items())},
        "method": "hand-labelled claim/passage pairs read off the notes: paraphrases, extracts, table rows "
                  "(supported); role swaps, negations, contradictions, wrong definitions, wrong entities, wrong "
                  "numbers, unrelated claims (not supported)",
    }


_reports: dict[tuple, dict] = {}


def judge_report(judge: Judge, notes_dir: Path, path: Path | None = None) -> dict:
    """Both splits: {"dev": ..., "test": ...} (see validate_judge). Worked out once per process for the same
    labelled pairs, notes and judge (its common words and embedding model are all its verdicts depend on):
    every eval run reports it, and a process that runs several gets the same answer each time."""
    path = path or DATA / "judge_validation.jsonl"
    key = (str(Path(notes_dir).resolve()), str(path), path.stat().st_mtime_ns, judge.common,
           type(judge.embeddings).__name__, str(getattr(judge.embeddings, "_onnx_file", "")))
    if key not in _reports:
        _reports[key] = {split: validate_judge(judge, notes_dir, path, split) for split in ("dev", "test")}
    return json.loads(json.dumps(_reports[key]))  # a copy: a caller that edits its report edits only its own


def judge_markdown(jv: dict) -> list[str]:
    """The report's paragraph and table on the judge (from judge_report's result)."""
    if not jv:
        return []
    lines = ["", "## The support judge", "",
             "Hand-labelled claim/passage pairs read off the notes: supported (paraphrases, extracts, table rows) "
             "and not (swapped roles, negations, contradictions, wrong definitions, wrong entities, wrong numbers). "
             "Its rules were tuned on dev; test was held out.", "",
             "| Split | Pairs | Precision | Recall | Accuracy |", "| --- | ---: | ---: | ---: | ---: |"]
    for split, v in jv.items():
        lines.append(f"| {split} | {v['pairs']} | {v['precision']:.0%} | {v['recall']:.0%} | {v['accuracy']:.0%} |")
    kinds = sorted({k for v in jv.values() for k in v.get("by_kind", {})})
    if kinds:
        lines += ["", "| Kind of pair | " + " | ".join(f"{s} (judged right)" for s in jv) + " |",
                  "| --- |" + " ---: |" * len(jv)]
        for k in kinds:
            cells = [f"{v['by_kind'][k]['right']}/{v['by_kind'][k]['pairs']}" if k in v.get("by_kind", {}) else "-"
                     for v in jv.values()]
            lines.append(f"| {k} | " + " | ".join(cells) + " |")
    return lines
