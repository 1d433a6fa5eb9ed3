"""Parameters fitted on labelled corpora (weights, thresholds, small models), stored as data.

A fitted artefact is `tutor/data/<name>.yaml`:

    fitted_on: [cs-os, med-physio-pharm, ...]   # the corpora whose labels were used
    all: {...}                                   # fitted on every corpus: what the tutor uses
    without:                                     # leave-one-corpus-out: fitted on all but that corpus
      cs-os: {...}

`load(name, holdout)` returns `without[holdout]` when an eval scores the corpus `holdout` (so no figure is
measured on the labels it was fitted on), and `all` otherwise (any other notes, which were never fitted on).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=64)
def _read(path: Path, mtime: float) -> dict:
    return yaml.safe_load(path.read_text()) or {}


def load(name: str, holdout: str | None = None, path: Path | None = None) -> dict | None:
    """The parameters of fitted artefact `name` (None when it does not exist: callers use their defaults)."""
    path = path or DATA_DIR / f"{name}.yaml"
    if not path.is_file():
        return None
    data = _read(path, path.stat().st_mtime)
    if holdout and holdout in (data.get("fitted_on") or []):
        without = (data.get("without") or {}).get(holdout)
        if without is None:
            raise ValueError(f"{path.name} was fitted on {holdout!r} but has no parameters fitted without it; "
                             f"refit it leave-one-corpus-out.")
        return without
    return data.get("all", data)
