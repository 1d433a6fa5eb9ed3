"""Second read of the hand-written eval sets: print every cited span of the notes beside the label that
cites it, and fail on a label the notes do not bear out.

    .venv/bin/python scripts/check_gold.py [chat|mcq|judge|all] [--quiet]

- chat: every nugget's keys must occur in the lines it cites (after the same normalisation the eval
  uses); a not-covered question's `absent` words must occur nowhere in the notes.
- mcq: every `answerable` question's evidence lines must exist and contain its `evidence_terms`.
- judge: every pair's lines must exist, its split be dev or test, its kind one of the known ones and
  agree with its label.
Exit status 1 lists the labels to fix.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.sources import note_lines  # noqa: E402
from ingest.text import clean, normalize  # noqa: E402

NOTES = ROOT / "corpus"


def span(file: str, a: int, b: int) -> str:
    lines = note_lines(NOTES, file)
    if not (1 <= a <= b <= len(lines)):
        raise ValueError(f"{file}:{a}-{b} is outside the file ({len(lines)} lines)")
    return "\n".join(lines[a - 1 : b])


def key_in(key, text: str) -> bool:
    """A nugget key occurs in `text`: whole words, the last one may be a prefix ('stream' ~ 'streams')."""
    k = normalize(clean(str(key)))
    return bool(k) and f" {k}" in _norm(text)


def _norm(text: str) -> str:
    return f" {normalize(clean(str(text)))} "


def check_chat(quiet: bool) -> list[str]:
    problems = []
    data = yaml.safe_load((ROOT / "evals" / "data" / "chat_gold.yaml").read_text())
    everything = _norm("\n".join("\n".join(note_lines(NOTES, p.name)) for p in sorted(NOTES.glob("*.md"))
                                  + sorted(NOTES.glob("*.txt")) if p.name != "README.md"))
    for item in data["items"]:
        for n in item.get("nuggets", []):
            f, a, b = n["at"]
            try:
                text = span(f, a, b)
            except ValueError as exc:
                problems.append(f"{item['id']}: {exc}")
                continue
            for group in n["keys"]:
                if not any(key_in(k, text) for k in group):
                    problems.append(f"{item['id']}: none of {group} is in {f}:{a}-{b}")
            if not quiet:
                print(f"{item['id']:<24} {n['text'][:60]:<60} {f}:{a}-{b}\n    │ {text[:300]!r}")
        for word in item.get("absent", []):
            if _norm(word) in everything:
                problems.append(f"{item['id']}: {word!r} is labelled absent but occurs in the notes")
    return problems


def check_mcq(quiet: bool) -> list[str]:
    problems = []
    for path in sorted((ROOT / "evals" / "data").glob("mcq_*.yaml")):
        data = yaml.safe_load(path.read_text())
        for q in data["questions"]:
            if q["answerability"] != "answerable":
                continue
            for ev in q.get("evidence", []):
                f, a, b = ev
                try:
                    text = span(f, a, b)
                except ValueError as exc:
                    problems.append(f"{path.name} {q['id']}: {exc}")
                    continue
                if not quiet:
                    print(f"{q['id']:<10} key {','.join(q['answer'])} {f}:{a}-{b}\n    │ {text[:300]!r}")
            terms = q.get("evidence_terms", [])
            joined = _norm("\n".join(span(*ev) for ev in q.get("evidence", [])))
            for t in terms:
                if _norm(t) not in joined:
                    problems.append(f"{path.name} {q['id']}: evidence term {t!r} is not in its evidence lines")
    return problems


SUPPORTED_KINDS = ("paraphrase", "extract", "table row")
UNSUPPORTED_KINDS = ("role swap", "negation", "contradiction", "wrong definition", "wrong entity", "wrong number",
                     "unrelated")


def check_judge(quiet: bool) -> list[str]:
    import json

    problems = []
    for line in (ROOT / "evals" / "data" / "judge_validation.jsonl").read_text().splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        try:
            text = span(r["file"], *r["lines"])
        except ValueError as exc:
            problems.append(f"judge {r['claim'][:40]!r}: {exc}")
            continue
        if r.get("split") not in ("dev", "test"):
            problems.append(f"judge {r['claim'][:40]!r}: split must be dev or test")
        kind = r.get("kind")
        if kind not in SUPPORTED_KINDS + UNSUPPORTED_KINDS:
            problems.append(f"judge {r['claim'][:40]!r}: unknown kind {kind!r}")
        elif (kind in SUPPORTED_KINDS) != bool(r["supported"]):
            problems.append(f"judge {r['claim'][:40]!r}: kind {kind!r} does not go with supported={r['supported']}")
        if not quiet:
            print(f"{'Y' if r['supported'] else 'N'} {r.get('kind', ''):<12} {r['claim'][:70]}\n    │ {text[:200]!r}")
    return problems


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "all"
    quiet = "--quiet" in sys.argv
    problems = []
    for name, fn in (("chat", check_chat), ("mcq", check_mcq), ("judge", check_judge)):
        if which in (name, "all"):
            problems += fn(quiet)
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
