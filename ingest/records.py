"""The question record format (JSONL, one question per line) and a checker for external files.

Documented format - the same the bank uses, so a student can drop in a question set from elsewhere:

    {"id": "q1", "stem": "Which service ...?", "options": {"A": "...", "B": "..."},
     "answer": ["B"], "multi": false, "domain": "Modeling", "explanation": "..."}

`answer` lists the correct letters (empty: the key is unknown and the question is not scored);
`multi` is true for multiple-response questions. `domain` and `explanation` are optional. Bank
records add provenance (`source`, `also_at`, `key_source`, `note`); generated practice questions
add `rationales` (one line per option), `citations` (the passages that prove the key), `origin`
("notes" | "generated" | "external"), `difficulty` and `topic`.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ingest.mcq_grammar import LETTERS


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str
    lines: tuple[int, int]
    key_lines: list[int] = Field(default_factory=list)
    heading: str = ""
    quote: str | None = None  # the cited text, for citations of generated questions

    @property
    def location(self) -> str:
        a, b = self.lines
        return f"{self.file}:{a}" if a == b else f"{self.file}:{a}-{b}"


class QuestionRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    stem: str = Field(min_length=1)
    options: dict[str, str]
    answer: list[str] = Field(default_factory=list)
    multi: bool = False
    select: int | None = Field(None, ge=1, le=10)
    domain: str | None = None
    explanation: str | None = None
    source: Source | None = None
    also_at: list[Source] = Field(default_factory=list)
    key_source: str | None = None
    domain_source: str | None = None
    note: str | None = None
    rationales: dict[str, str] = Field(default_factory=dict)
    citations: list[Source] = Field(default_factory=list)
    origin: str | None = None
    difficulty: str | None = None
    topic: str | None = None
    style: str | None = None  # generated questions: scenario | multi | recall

    @field_validator("stem")
    @classmethod
    def _stem(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the stem is empty")
        return v

    @field_validator("options")
    @classmethod
    def _options(cls, v: dict[str, str]) -> dict[str, str]:
        letters = list(v)
        if letters != list(LETTERS[: len(letters)]):
            raise ValueError(f"option letters must be A, B, C... in order; got {', '.join(letters) or 'none'}")
        empty = [k for k, t in v.items() if not str(t).strip()]
        if empty:
            raise ValueError(f"option(s) {', '.join(empty)} have no text")
        return v

    @model_validator(mode="after")
    def _answer(self) -> "QuestionRecord":
        if len(set(self.answer)) != len(self.answer):
            raise ValueError(f"answer repeats a letter: {self.answer}")
        if self.options:
            stray = [a for a in self.answer if a not in self.options]
            if stray:
                raise ValueError(
                    f"answer letter(s) {', '.join(stray)} are not among the options "
                    f"{', '.join(self.options)}"
                )
        if len(self.answer) > 1 and not self.multi:
            raise ValueError(f"{len(self.answer)} correct letters but multi is false; set \"multi\": true")
        return self

    @property
    def key_known(self) -> bool:
        return bool(self.answer)

    @property
    def scorable(self) -> bool:
        return len(self.options) >= 2 and self.key_known



def check_lines(lines: list[str], name: str = "<questions>") -> tuple[list[QuestionRecord], list[str]]:
    """Parse JSONL question lines; one clear message per problem, each naming its line."""
    records: list[QuestionRecord] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    fields = list(QuestionRecord.model_fields)
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        where = f"{name}:{n}"
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(data, dict):
            problems.append(f"{where}: expected a JSON object {{...}}, got {type(data).__name__}")
            continue
        try:
            rec = QuestionRecord.model_validate(data)
        except ValidationError as exc:
            problems.extend(f"{where}: {_explain(err, fields)}" for err in exc.errors())
            continue
        if len(rec.options) < 2:
            problems.append(f"{where}: needs at least two options, has {len(rec.options)}")
            continue
        if rec.id in seen:
            problems.append(f"{where}: id {rec.id!r} is already used on line {seen[rec.id]}")
            continue
        seen[rec.id] = n
        if not rec.answer:
            problems.append(f"{where}: no answer given; the question is kept but not scored")
        records.append(rec)
    if not records and not problems:
        problems.append(f"{name}: no questions found (expected one JSON object per line)")
    return records, problems


def check_file(path: Path) -> tuple[list[QuestionRecord], list[str]]:
    """A JSONL question file (or a JSON array of the same records; then ':n' is the n-th entry)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], [f"{path}: no such file"]
    except UnicodeDecodeError as exc:
        return [], [f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save it as UTF-8"]
    except OSError as exc:
        return [], [f"{path}: cannot be read ({exc.strerror})"]
    if text.lstrip().startswith("["):
        try:
            entries = json.loads(text)
        except json.JSONDecodeError as exc:
            return [], [f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})"]
        return check_lines([json.dumps(x) for x in entries], str(path))
    return check_lines(text.split("\n"), str(path))


def is_warning(problem: str) -> bool:
    return problem.endswith("not scored")


def _explain(err: dict, fields: list[str]) -> str:
    loc = ".".join(str(p) for p in err.get("loc", ()))
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(loc, fields, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (allowed: {', '.join(fields[:7])})"
        return f"unknown field {loc!r}{hint}"
    if kind == "missing":
        return f"missing required field {loc!r}"
    msg = err.get("msg", "invalid").removeprefix("Value error, ")
    return f"field {loc!r}: {msg}" if loc else msg
