"""Text units for extraction and judging: sentences/lines of a passage, content terms of a claim."""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.keyword import tokenize
from ingest.text import CITE_RE, SENTENCE_RE, TABLE_SEP_RE, clean, split_cells, split_sentences  # noqa: F401 (re-exported)

NEGATIONS = {"not", "no", "never", "cannot", "can't", "doesn't", "don't", "isn't", "aren't", "won't", "without",
             "nor", "neither", "except", "exception", "excluding", "unlike"}


def defuse(text: str) -> str:
    """Note text quoted in an answer: a "[3]" written in the notes must not pose as a citation."""
    return CITE_RE.sub(r"(\1)", text)


ENTITY_RE = re.compile(r"\b(?:[A-Za-z]+[A-Z0-9_][\w-]*|[A-Z]{2,}-[A-Z]{2,}\w*)\b")


def _line_units(passage_text: str, min_words: int = 4) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    header: list[str] | None = None
    for n, line in enumerate(passage_text.split("\n")):
        if TABLE_SEP_RE.match(line):
            continue
        if line.count("|") >= 2 or line.count("\t") >= 2:
            cells = [clean(c) for c in split_cells(line)]
            if header is None:
                header = cells
                continue
            pairs = [f"{h}: {c}" if h else c for h, c in zip(header, cells) if c]
            row = "; ".join(pairs)
            if len(row.split()) >= min_words:
                out.append((n, row))
            continue
        line = clean(line.replace("\t", " "))
        if len(line.split()) < min_words or re.fullmatch(r"image-\d+", line):
            continue
        out.extend((n, s.strip()) for s in SENTENCE_RE.split(line) if len(s.split()) >= min_words)
    return out


def windows(passage_text: str) -> list[str]:
    """Each statement, and each pair of consecutive sentences of one line (a claim may span two);
    never two bullets or two rows glued together."""
    return [w for w, _ in windows_with_lines(passage_text)]


def windows_with_lines(passage_text: str) -> list[tuple[str, int]]:
    """(window, index of its line in the passage)."""
    u = _line_units(passage_text)
    pairs = [(f"{a} {b}", la) for (la, a), (lb, b) in zip(u, u[1:]) if la == lb]
    return [(s, n) for n, s in u] + pairs


def negation_scope(text: str, width: int = 4) -> frozenset[str]:
    """Content terms within `width` words after a negation ("does NOT handle outliers" -> handl, outlier)."""
    words = re.findall(r"[\w'-]+", text.lower())
    scoped = [w for i, w in enumerate(words) if any(words[j] in NEGATIONS for j in range(max(0, i - width), i))]
    return terms(" ".join(scoped)) if scoped else frozenset()


def entities(text: str) -> set[str]:
    """Distinctive names a supporting sentence must contain: 'Object2Vec', 'SageMaker', 'SSE-KMS', 'num_class'."""
    found = {m.group(0).lower() for m in ENTITY_RE.finditer(text)}
    found |= {w.lower() for w in re.findall(r"\b\w+_\w+\b", text)}
    return {e for e in found if len(e) > 2}


# Function words the BM25 stopword list keeps but that carry no content (stemmed forms included).
EXTRA_STOP = frozenset("""what whi which who whom whose when where why how doe does do did done should would could can
may might must shall will wa was were been be am is are has have had having let lets also just very much many
more most less least one two so than too onli only such own same other some ani any each both all few into onto
upon about abov above below over under again further then once here there those these this that them they their
what's it's i'm you're we we're our your yours my mine me us its it him her his she he""".split())


@lru_cache(maxsize=4096)
def terms(text: str) -> frozenset[str]:
    """Stemmed content words (stopwords and question words dropped), in BM25's vocabulary."""
    return frozenset(t for t in tokenize([text])[0] if t not in EXTRA_STOP)


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\b\d+(?:\.\d+)?\b", text))


def negated(text: str) -> bool:
    return bool(NEGATIONS & set(re.findall(r"[a-z']+", text.lower())))
