"""Prompts are data: YAML files next to this module, rendered with Jinja2 StrictUndefined so a
missing variable fails loudly instead of producing a silently broken prompt."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import Environment, StrictUndefined

from tutor.text import defuse

_env = Environment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False)
# note text inside a prompt: a "[7]" written in the notes must not pose as one of the numbered passages
_env.filters["defuse"] = defuse


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    data = yaml.safe_load((Path(__file__).parent / f"{name}.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "version" not in data:
        raise ValueError(f"prompt file {name}.yaml must be a mapping with a version")
    return data


def render(name: str, part: str, **variables) -> str:
    return _env.from_string(load(name)[part]).render(**variables).strip()
