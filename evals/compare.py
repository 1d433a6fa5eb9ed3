"""What changed between two eval runs, metric by metric and question by question."""

from __future__ import annotations

import json
from pathlib import Path


def _load(run_dir: Path) -> tuple[dict, list[dict]]:
    run_dir = Path(run_dir)
    if not (run_dir / "run.json").is_file():
        raise FileNotFoundError(f"{run_dir} is not a finished eval run (no run.json); pass a run folder.")
    data = json.loads((run_dir / "run.json").read_text())
    rows = [json.loads(x) for x in (run_dir / "results.jsonl").read_text().splitlines() if x.strip()]
    return data, rows


def compare(a: Path, b: Path) -> dict:
    da, ra = _load(a)
    db, rb = _load(b)
    metrics = []
    for key in sorted(set(da["accuracy"]) | set(db["accuracy"])):
        x, y = da["accuracy"].get(key), db["accuracy"].get(key)
        metrics.append({"system_mode": key, "a": x and x["exact"], "b": y and y["exact"],
                        "delta": round(y["exact"] - x["exact"], 4) if x and y else None})
    for name, path in ((f"recall@{da['config']['k']}", ("retrieval", f"recall@{da['config']['k']}")),
                       ("mrr", ("retrieval", "mrr")), ("citation_recall", ("citations", "citation_recall")),
                       ("citation_precision", ("citations", "citation_precision"))):
        x, y = da[path[0]].get(path[1]), db[path[0]].get(path[1])
        metrics.append({"system_mode": name, "a": x, "b": y, "delta": round(y - x, 4) if x is not None and y is not None else None})

    def index(rows):
        return {(r["system"], r["mode"], r["qid"]): r for r in rows if r["kind"] == "mcq" and r.get("chosen") is not None}

    ia, ib = index(ra), index(rb)
    changes = []
    for key in sorted(set(ia) & set(ib)):
        x, y = ia[key], ib[key]
        if x["chosen"] != y["chosen"]:
            verdict = ("fixed" if y["exact"] > x["exact"] else "broken" if y["exact"] < x["exact"] else "changed")
            changes.append({"system": key[0], "mode": key[1], "qid": key[2], "key": x["key"],
                            "a": x["chosen"], "b": y["chosen"], "verdict": verdict})
    return {"a": str(a), "b": str(b), "metrics": metrics, "changes": changes,
            "only_in_a": len(set(ia) - set(ib)), "only_in_b": len(set(ib) - set(ia))}


def format_compare(c: dict) -> str:
    lines = [f"A: {c['a']}", f"B: {c['b']}", "", f"{'metric':<28} {'A':>8} {'B':>8} {'B-A':>8}"]
    for m in c["metrics"]:
        def f(v):
            return "—" if v is None else f"{v:.3f}"
        lines.append(f"{m['system_mode']:<28} {f(m['a']):>8} {f(m['b']):>8} {f(m['delta']):>8}")
    fixed = sum(ch["verdict"] == "fixed" for ch in c["changes"])
    broken = sum(ch["verdict"] == "broken" for ch in c["changes"])
    lines += ["", f"Question by question: {fixed} fixed, {broken} broken, "
                  f"{len(c['changes']) - fixed - broken} changed without effect"]
    for ch in c["changes"]:
        lines.append(f"  {ch['verdict']:<7} {ch['system']}/{ch['mode']} {ch['qid']}: key {','.join(ch['key'])}, "
                     f"A chose {','.join(ch['a']) or '-'}, B chose {','.join(ch['b']) or '-'}")
    if c["only_in_a"] or c["only_in_b"]:
        lines.append(f"  ({c['only_in_a']} items only in A, {c['only_in_b']} only in B: different samples)")
    return "\n".join(lines)
