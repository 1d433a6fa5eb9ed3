"""Small line-level predicates shared by the structure parser and the question parser."""

from __future__ import annotations

import re

URL_LINE_RE = re.compile(r"^\s*<?(?:https?://|www\.)\S+>?\s*$")
IMAGE_RE = re.compile(r"\bimage-\d{8,}\b|!\[[^\]]*\]\([^)]*\)")
BULLET_RE = re.compile(r"^(\s*)(?:[-*+•●▪◦]|\d{1,3}[.)])\s+\S")
WORD_RE = re.compile(r"[A-Za-z0-9][\w'’&/+.-]*")


def indent_of(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def is_blank(line: str) -> bool:
    return not line.strip()


def strip_md(text: str) -> str:
    """Drop inline Markdown emphasis/HTML so predicates see the words."""
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"[*_`]+", "", text).strip()


def is_title_like(line: str, max_words: int = 9) -> bool:
    """A short standalone line that reads like a section title, e.g. 'Batch processing'.

    Not: bullets, sentences ending in '.', URLs, image placeholders, formulas, arrows, lone letters.
    """
    raw = line.strip()
    if not raw or raw.startswith(("=>", "$$", "|", ">", "<http", "[", "!", "(", "```")):
        return False
    if "\t" in line or BULLET_RE.match(line) or URL_LINE_RE.match(raw) or IMAGE_RE.search(raw):
        return False
    text = strip_md(raw)
    if len(text) < 3 or len(text) > 90 or text[-1] in ".,;!" or not text[0].isalnum():
        return False
    if text[0].islower():
        return False
    words = WORD_RE.findall(text)
    if text.endswith(":") and len(words) > 5:  # "There are ... algorithms for X:" introduces a list
        return False
    return 1 <= len(words) <= max_words and sum(c.isalpha() for c in text) >= 3
