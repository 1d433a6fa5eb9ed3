"""The exam a notes folder prepares for, read from `exam.yaml` in that folder (optional).

Domains, their weights, their aliases and keywords are data, so any exam can be described; with
no `exam.yaml` the tutor still works and uses the notes' own top-level headings as topics.

    name: AWS Certified Machine Learning - Specialty
    duration_minutes: 170
    questions: 65
    pass_mark: 0.75            # optional: share of questions right that passes
    pass_mark_note: "assumed"  # optional: where that share comes from
    domains:
      - name: Modeling
        weight: 0.36
        aliases: ["Domain 3", "Modelling"]
        keywords: [algorithm, hyperparameter, XGBoost]
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ingest.errors import TutorError
from ingest.text import normalize as _norm

EXAM_FILE = "exam.yaml"


class DomainSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    weight: float = Field(ge=0, le=1)
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


class ExamSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    duration_minutes: int = Field(gt=0)
    questions: int = Field(gt=0)
    formats: tuple[str, ...] = ("single", "multi")
    # the share of questions right that passes (0.75 = 75%); None when the exam gives no such mark
    pass_mark: float | None = Field(None, gt=0, le=1)
    pass_mark_note: str | None = None  # where the share comes from, shown beside every pass probability
    domains: tuple[DomainSpec, ...] = ()

    @model_validator(mode="after")
    def _weights(self) -> "ExamSpec":
        total = sum(d.weight for d in self.domains)
        if self.domains and abs(total - 1.0) > 0.011:
            raise ValueError(f"domain weights add up to {total:.2f}; they must add up to 1.0")
        return self

    def normalize_domain(self, label: str | None) -> str | None:
        """'Domain 2: EDA' / 'Exploratory Data Analysis' / 'Modelling' -> the domain's name."""
        if not label:
            return None
        text = _norm(label)
        for d in self.domains:
            for name in (d.name, *d.aliases):
                n = _norm(name)
                if text == n or re.search(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])", text):
                    return d.name
        return None

    def keyword_hits(self, text: str) -> dict[str, int]:
        """How many times each domain's keywords occur in `text`."""
        low = _norm(text)
        return {d.name: sum(len(re.findall(rf"(?<![a-z0-9]){re.escape(_norm(k))}(?![a-z0-9])", low)) for k in d.keywords)
                for d in self.domains}

    def infer_domain(self, text: str) -> str | None:
        """The domain whose keywords occur most in `text` (None when none occurs)."""
        hits = self.keyword_hits(text)
        best = max(hits, key=lambda n: hits[n], default=None)
        return best if best is not None and hits[best] > 0 else None


class ExamSpecError(TutorError):
    pass


@lru_cache(maxsize=8)
def _load(path: Path, mtime: float) -> ExamSpec | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return ExamSpec.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise ExamSpecError(f"{path} is not a valid exam definition: {exc}") from exc


def load_exam(notes_dir: Path) -> ExamSpec | None:
    path = Path(notes_dir) / EXAM_FILE
    if not path.is_file():
        return None
    return _load(path.resolve(), path.stat().st_mtime)
