"""The question bank: every sample question in the notes, with its key, as data (JSONL).

Built on every ingest from the parser's findings plus a small reviewed override file
(`questions.overrides.yaml` in the notes folder) for the cases marks alone cannot decide. Every
override cites a line of the notes and quotes it; an override whose quote is no longer on that
line is reported and not applied (the key stays unknown rather than guessed).

The record format is the documented format for external question files too (see `records.py`).
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from ingest.config import IndexConfig
from ingest.exam import ExamSpec, load_exam
from ingest.questions import FoundQuestion
from ingest.records import QuestionRecord, Source
from ingest.sources import NoteFile
from ingest.text import HEADING_SEP, normalize

OVERRIDES_FILE = "questions.overrides.yaml"
BANK_FILE = "questions.jsonl"


@dataclass
class Override:
    file: str
    stem_contains: str
    answer: list[str]
    because: str
    cites: list[dict]


def bank_path(cfg: IndexConfig) -> Path:
    return cfg.index_dir / BANK_FILE


def question_id(stem: str, options: dict[str, str]) -> str:
    norm = normalize(stem) + "\x1f" + "\x1f".join(normalize(options[k]) for k in sorted(options))
    return "q-" + hashlib.sha1(norm.encode()).hexdigest()[:10]


def build_bank(
    notes_dir: Path, found: dict[str, list[FoundQuestion]], notes: dict[str, NoteFile]
) -> tuple[list[QuestionRecord], list[str]]:
    """Records (duplicates merged) and problems with the override file."""
    exam = load_exam(notes_dir)
    overrides, problems = load_overrides(notes_dir)
    problems += apply_overrides(overrides, found, notes)
    records: dict[str, QuestionRecord] = {}
    for rel in sorted(found):
        for q in found[rel]:
            try:
                rec = to_record(q, exam)
            except ValidationError as exc:  # e.g. options lettered C, A, B: skip it, say where and why
                why = "; ".join(e["msg"] for e in exc.errors())
                problems.append(f"{q.file}:{q.start}: sample question skipped ({why}). Letter its options "
                                "A, B, C ... in order so it can be scored.")
                continue
            old = records.get(rec.id)
            if old is None:
                records[rec.id] = rec
            elif not old.answer and rec.answer:  # the copy that carries the key wins
                rec.also_at = [old.source, *old.also_at]
                records[rec.id] = rec
            else:
                old.also_at.append(rec.source)
    return list(records.values()), problems


def to_record(q: FoundQuestion, exam: ExamSpec | None) -> QuestionRecord:
    options = {o.letter: o.text for o in q.options}
    domain, domain_source = _domain(q, exam)
    return QuestionRecord(
        id=question_id(q.stem, options),
        stem=q.stem,
        options=options,
        answer=list(q.answer),
        multi=q.multi,
        select=q.select_n,
        domain=domain,
        explanation=q.explanation or None,
        source=Source(
            file=q.file,
            lines=(q.start, q.end),
            key_lines=list(q.key_lines),
            heading=HEADING_SEP.join(q.heading_path),
        ),
        key_source=q.key_source,
        domain_source=domain_source,
        note=q.note or None,
    )


def _domain(q: FoundQuestion, exam: ExamSpec | None) -> tuple[str | None, str | None]:
    if exam is None:
        label = q.domain_label or (q.heading_path[0] if q.heading_path else None)
        return label, ("written" if label else None)
    for label in [q.domain_label, *reversed(q.heading_path)]:
        name = exam.normalize_domain(label)
        if name:
            return name, "written"
    text = " ".join([q.stem, *[o.text for o in q.options], q.explanation])
    name = exam.infer_domain(text)
    return name, ("inferred" if name else None)


# ----------------------------------------------------------------------------- overrides


def load_overrides(notes_dir: Path) -> tuple[list[Override], list[str]]:
    path = Path(notes_dir) / OVERRIDES_FILE
    if not path.is_file():
        return [], []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        items = data.get("overrides", [])
        out = []
        for n, item in enumerate(items, 1):
            cites = item.get("cites", [])
            cites = [cites] if isinstance(cites, dict) else list(cites)
            out.append(Override(item["file"], item["stem_contains"], list(item["answer"]),
                                item.get("because", ""), cites))
        return out, []
    except (yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        return [], [f"{path}: not a valid override file ({type(exc).__name__}: {exc}); no overrides applied"]


def apply_overrides(
    overrides: list[Override], found: dict[str, list[FoundQuestion]], notes: dict[str, NoteFile]
) -> list[str]:
    problems: list[str] = []
    for ov in overrides:
        where = f"{OVERRIDES_FILE}: override for {ov.file} «{ov.stem_contains[:40]}»"
        matches = [q for q in found.get(ov.file, []) if ov.stem_contains.lower() in q.stem.lower()]
        if len(matches) != 1:
            problems.append(f"{where} matches {len(matches)} questions (must match exactly one); not applied")
            continue
        q, note = matches[0], notes.get(ov.file)
        bad = [c for c in ov.cites if not _cite_holds(note, c)]
        if not ov.cites or bad:
            problems.append(f"{where}: cited line(s) {[c.get('line') for c in bad] or '(none)'} no longer "
                            "say what the override quotes; not applied - re-check the notes")
            continue
        letters = {o.letter for o in q.options}
        if not set(ov.answer) <= letters:
            problems.append(f"{where}: answer {ov.answer} is not among the options {sorted(letters)}; not applied")
            continue
        q.answer = sorted(ov.answer)
        q.key_lines = sorted(int(c["line"]) for c in ov.cites)
        q.key_source = "override"
        q.note = ov.because
    return problems


def _cite_holds(note: NoteFile | None, cite: dict) -> bool:
    try:
        line = note.lines[int(cite["line"]) - 1]
    except (AttributeError, IndexError, KeyError, ValueError, TypeError):
        return False
    return normalize(str(cite.get("quote", ""))) in normalize(line) and bool(str(cite.get("quote", "")).strip())


# ----------------------------------------------------------------------------- files


def write_bank(cfg: IndexConfig, found: dict[str, list[FoundQuestion]], notes: dict[str, NoteFile],
               keep_sources: set[str] = frozenset()) -> int:
    """Rebuild the bank; files whose chunks were kept (unreadable this run) keep their questions too."""
    records, problems = build_bank(cfg.notes_dir, found, notes)
    if keep_sources:
        have = {r.id for r in records}
        records += [r for r in read_bank(cfg) if r.source.file in keep_sources and r.id not in have]
    write_jsonl(bank_path(cfg), records)
    (cfg.index_dir / "questions.problems.json").write_text(json.dumps(problems, indent=1))
    return len(records)


def write_jsonl(path: Path, records: list[QuestionRecord]) -> None:
    """Atomic: readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:6]}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(rec.model_dump_json(exclude_none=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_bank(cfg: IndexConfig) -> list[QuestionRecord]:
    path = bank_path(cfg)
    if not path.is_file():
        return []
    return [QuestionRecord.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def bank_problems(cfg: IndexConfig) -> list[str]:
    path = cfg.index_dir / "questions.problems.json"
    return json.loads(path.read_text()) if path.is_file() else []
