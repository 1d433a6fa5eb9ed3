"""Does a passage support a claim? An offline judge for answer sentences and for citation metrics.

The claim is matched against the passage's statements: each line, sentence and table row, read with the
line it hangs under (a nested bullet's parent, a list's lead-in), so "is held for 24 hours by default"
is read as a statement about the shard above it. Two signals measure support, both computable without
a model that could hallucinate: the share of the claim's content words (stemmed) in the statement, and
their embedding similarity. Then the vetoes, each a way a sentence can share the words and still be
false:

- a name in the claim ("Object2Vec", "EBS") found nowhere near the statement (an entity swap);
- the claim's subject missing from the statement that matched it, though the passage has it elsewhere
  ("Recall tells you how often a yes prediction is correct" against the line about precision);
- the two sides of an asymmetric relation swapped ("ARIMA outperforms DeepAR");
- a number, a number with a different unit, or a different unit of time;
- a negation on one side only, an antonym or an opposite prefix (supervised / unsupervised);
- in a table, a row whose name only starts with the claim's name (S3 Glacier vs S3 Glacier Deep Archive).

Thresholds and vetoes are measured on the hand-labelled pairs in evals/data/judge_validation.jsonl
(`evals.judge`; tuned on the dev split, reported on test).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ingest.terms import stem
from ingest.text import BULLET_RE, SENTENCE_RE, TABLE_SEP_RE, clean, gist, split_cells
from tutor.polarity import ASYMMETRIC, is_negated, negated_words, opposed, words
from tutor.text import entities, numbers, terms

COVERAGE_ALONE = 0.8  # nearly every content word is in the passage
COVERAGE_WITH_SIM = 0.5
SIMILARITY_WITH_COV = 0.55
SIMILARITY_ALONE = 0.8
MIN_WORDS = 4
PREDICATE_COVERAGE = 0.5  # of what the claim says of its subject, this share must be in the statement,
SIMILARITY_WITH_PREDICATE = 0.7  # unless it says it in other words (and at least one is the same)
ARTICLES = frozenset({"the", "a", "an", "in", "for"})

UNIT_WORDS = {"sec": "second", "secs": "second", "seconds": "second", "min": "minute", "mins": "minute",
              "minutes": "minute", "hr": "hour", "hrs": "hour", "hours": "hour", "ms": "millisecond",
              "days": "day", "weeks": "week", "months": "month", "years": "year", "milliseconds": "millisecond"}
DURATIONS = frozenset(stem(w) for w in ("millisecond", "second", "minute", "hour", "day", "week", "month", "year"))
LABEL_RE = re.compile(r"^([^:]{2,60}?):\s")
SUBJECT_STOP = frozenset("""the a an in for with by on of to from at as near into is are was were be been can
could will would should may might must do does did has have had that which who whose when where while and or
but not no it its this these those there their they you your we our i""".split())


@dataclass(frozen=True)
class Support:
    supported: bool
    coverage: float
    similarity: float
    sentence: str  # the passage statement that matches the claim best
    reason: str = ""  # why a claim that shares the words is still not supported

    @property
    def score(self) -> float:
        return round(0.5 * self.coverage + 0.5 * max(self.similarity, 0.0), 4)


@dataclass(frozen=True)
class Unit:
    """One statement of a passage: its own text, what it hangs under, and (for a table row) its name."""
    text: str
    line: int
    context: str = ""
    row_name: str = ""
    label: str = ""  # "Grid Search" of "Grid Search: you can set up a grid ...": what the line is about
    topic: str = ""  # its label, or the label of the bullet it hangs under

    @property
    def full(self) -> str:
        return f"{self.context}: {self.text}" if self.context else self.text


def normalise_units(text: str) -> str:
    """'1000 records / sec', '170 mins' -> '1000 records per second', '170 minute'."""
    text = re.sub(r"(?<=\w)\s*/\s*(?=[A-Za-z])", " per ", text)
    return re.sub(r"\b(" + "|".join(UNIT_WORDS) + r")\b", lambda m: UNIT_WORDS[m.group(1).lower()], text,
                  flags=re.I)


def units(passage_text: str) -> list[Unit]:
    """The passage's statements, each with the line it hangs under."""
    lines = passage_text.split("\n")
    out: list[Unit] = []
    header: list[str] | None = None
    stack: list[tuple[int, str, str]] = []  # (indent, text, label) of the bullets above, and the lead-in (-1)
    for n, raw in enumerate(lines):
        if not raw.strip() or TABLE_SEP_RE.match(raw):
            continue
        if raw.count("|") >= 2 or raw.count("\t") >= 2:
            cells = [clean(c) for c in split_cells(raw)]
            if header is None:
                header = cells
                continue
            row = "; ".join(f"{h}: {c}" if h else c for h, c in zip(header, cells) if c)
            if len(row.split()) >= 2:
                out.append(Unit(row, n, row_name=next((c for c in cells if c), "")))
            continue
        header = None
        text = clean(raw.replace("\t", " "))
        if not text or re.fullmatch(r"image-\d+", text):
            continue
        m = BULLET_RE.match(raw)
        lm = LABEL_RE.match(text)
        label = lm.group(1) if lm and len(lm.group(1).split()) <= 5 else ""
        if m:
            indent = len(m.group(1).expandtabs(4))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            context = ": ".join(gist(t) for _, t, _ in stack)
            topic = label or (stack[-1][2] if stack else "")  # a nested bullet is about its parent's label
            stack.append((indent, text, topic))
        else:
            context, topic = "", label
            stack = [(-1, text, "")]  # a lead-in line: the bullets after it hang under it
        sentences = [x.strip() for x in SENTENCE_RE.split(text) if x.strip()]
        for sentence in sentences:
            if len(sentence.split()) >= MIN_WORDS or (context and len(f"{context} {sentence}".split()) >= MIN_WORDS):
                out.append(Unit(sentence, n, context, label=label, topic=topic))
        for a, b in zip(sentences, sentences[1:]):  # a claim may span two sentences of one line
            out.append(Unit(f"{a} {b}", n, context, label=label, topic=topic))
    return out


def _stems(text: str) -> list[str]:
    return [stem(w) for w in words(normalise_units(text))]


def _subject(claim: str) -> list[str]:
    """The claim's leading content words, stemmed: what it is about ('Random search tries ...' -> random,
    search). It ends at a function word, a number, punctuation, or a lower-case word in -s after the first
    (most often the verb: 'tries', 'scales')."""
    out = []
    for w in re.findall(r"[A-Za-z0-9][\w'-]*|[,;:]", normalise_units(claim)):
        lw = w.lower()
        if lw in ",;:" or re.fullmatch(r"\d+(?:\.\d+)?", lw):
            break
        if lw in SUBJECT_STOP:
            if out:
                break
            continue
        if out and w.islower() and lw.endswith("s") and not lw.endswith("ss"):
            break
        out.append(stem(lw))
        if len(out) == 3:
            break
    return out


def _predicate(claim: str) -> frozenset[str]:
    """What the claim says of its subject: its content terms less the subject's."""
    return terms(normalise_units(claim)) - set(_subject(claim))


def _name_phrase(claim: str, common: frozenset[str] = frozenset()) -> list[str]:
    """The claim's leading run of capitalised words, as stems ('Kinesis Data Streams ...' -> kinesi data stream)."""
    out = []
    for w in re.findall(r"[A-Za-z0-9][\w'-]*", claim):
        if not w[0].isupper() and not w[0].isdigit():
            break
        if w.lower() not in ARTICLES | common:
            out.append(stem(w.lower()))
    return out if len(out) >= 2 else []


def _initialism_in(acronym: str, text: str) -> bool:
    """'EBS' is written out in the text as 'Elastic Block Store'."""
    ws = [w for w in re.findall(r"[A-Za-z][\w-]*", text) if w[0].isupper()]
    n = len(acronym)
    return any("".join(w[0] for w in ws[i : i + n]).lower() == acronym for i in range(len(ws) - n + 1))


def _name_near(name: str, scope: str) -> bool:
    low = scope.lower()
    if name in low or (name.endswith("s") and name[:-1] in low):
        return True
    return name.isalpha() and 2 <= len(name) <= 5 and _initialism_in(name, scope)


def _proper_names(claim: str) -> list[str]:
    """Capitalised words inside the claim (not the first word): names, which the passage must mention."""
    ws = re.findall(r"(?<![.!?:]\s)(?<!^)\b[A-Z][a-z]{2,}\b", claim.strip())
    return [w.lower() for w in ws]


def _quantities(text: str) -> list[tuple[str, str]]:
    """(number, the word after it) pairs: '170 mins' -> ('170', 'minut')."""
    ws = words(normalise_units(text))
    return [(w, stem(ws[i + 1])) for i, w in enumerate(ws[:-1]) if re.fullmatch(r"\d+(?:\.\d+)?", w)
            and ws[i + 1] not in SUBJECT_STOP]


def _relation_swapped(claim: str, statement: str) -> bool:
    """'ARIMA outperforms DeepAR' against 'DeepAR outperforms ARIMA': the same relation, sides swapped."""
    cs, ss = _stems(claim), _stems(statement)
    present = set(ss)
    for i, w in enumerate(cs):
        kind = ASYMMETRIC.get(w)
        if kind is None:
            continue
        before = next((x for x in reversed(cs[:i]) if x in present and x not in SUBJECT_STOP and x not in ASYMMETRIC), None)
        after = next((x for x in cs[i + 1 :] if x in present and x not in SUBJECT_STOP and x not in ASYMMETRIC), None)
        if not before or not after or before == after:
            continue
        for j, v in enumerate(ss):
            if ASYMMETRIC.get(v) == kind:
                if after in ss[:j] and before in ss[j + 1 :] and before not in ss[:j]:
                    return True
    return False


class Judge:
    """Support decisions, and the sentence vectors they rest on (cached per judge, batched)."""

    def __init__(self, embeddings, cache_size: int = 50_000, common=frozenset(), store=None) -> None:
        """`common`: the names that say nothing in particular in these notes (or a function giving them,
        called when first needed): see `NotesIndex.common_words`."""
        self.embeddings = embeddings
        self.store = store  # a persistent vector cache (CachedEmbeddings): read on a miss, written by warm-up
        self._common = common
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    @property
    def common(self) -> frozenset[str]:
        if callable(self._common):
            self._common = frozenset(self._common())
        return self._common

    def embed(self, text: str) -> np.ndarray:
        return self.embed_many([text])[0]

    def embed_many(self, texts: list[str], persist: bool = False) -> np.ndarray:
        """Unit vectors of `texts` (rows in order); texts seen before come from this judge's cache, then
        from the persistent store; `persist` writes newly computed ones there (the notes' own sentences,
        not every question asked)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing and self.store is not None:
            stored = self.store.get_many(missing)
            with self._lock:
                for t, v in stored.items():
                    self._cache[t] = np.asarray(v, dtype=np.float32)
            missing = [t for t in missing if t not in stored]
        if missing:
            batch = getattr(self.embeddings, "embed", None)
            vecs = batch(missing) if callable(batch) else self.embeddings.embed_documents(missing)
            vecs = np.asarray(vecs, dtype=np.float32)
            if persist and self.store is not None:
                self.store.put_many({t: v.tolist() for t, v in zip(missing, vecs)})
            with self._lock:
                for t, v in zip(missing, vecs):
                    self._cache[t] = v
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        with self._lock:
            rows = []
            for t in texts:
                v = self._cache.get(t)
                if v is None:  # evicted by another thread meanwhile
                    v = np.asarray(self.embeddings.embed_documents([t])[0], dtype=np.float32)
                else:
                    self._cache.move_to_end(t)
                rows.append(v)
        return np.stack(rows)

    def prepare(self, passage_texts: list[str]) -> None:
        """Embed the statements `judge` reads in these passages of the notes in one call, and keep them (in this
        judge and in the persistent cache): judging several claims against them then embeds only the claims."""
        texts = [u.full for p in passage_texts for u in _candidates(p)]
        if texts:
            self.embed_many(list(dict.fromkeys(texts)), persist=True)

    def judge(self, claim: str, passage_text: str) -> Support:
        cands = _candidates(passage_text)
        cands = _restrict_rows(claim, cands)
        vecs = self.embed_many([u.full for u in cands] + [claim])
        sims = vecs[:-1] @ vecs[-1]
        lines = passage_text.split("\n")
        claim_n = normalise_units(claim)
        ct, names = terms(claim_n), entities(claim)
        best, fallback = None, None
        for i, (u, sim) in enumerate(zip(cands, sims)):
            cov = len(ct & terms(normalise_units(u.full))) / len(ct) if ct else 0.0
            value = (0.5 * cov + 0.5 * float(sim), -i, cov, float(sim))
            fallback = max(fallback, value) if fallback else value
            # names must be in the statement or the lines right around it ("AUC values near 1 ... /
            # Values near 0.5 ..."): a name found nowhere near is a swapped name
            scope = " ".join([u.full, *lines[max(0, u.line - 1) : u.line + 2]])
            if all(_name_near(e, scope) for e in names):
                best = max(best, value) if best else value
        unknown = [w for w in _proper_names(claim) if not _name_near(w, passage_text)]
        if unknown:
            best = None  # a name the passage never mentions ("Java")
        _, neg_i, cov, sim = best or fallback
        unit = cands[-neg_i]
        ok = best is not None and (
            cov >= COVERAGE_ALONE or (cov >= COVERAGE_WITH_SIM and sim >= SIMILARITY_WITH_COV) or sim >= SIMILARITY_ALONE)
        reason = "" if ok else ("a name in it is not in the passage" if best is None else "the passage does not say it")
        if ok:
            said = _predicate(claim)
            pc = len(said & terms(normalise_units(unit.full))) / len(said) if said else 1.0
            if pc == 0 or (pc < PREDICATE_COVERAGE and sim < SIMILARITY_WITH_PREDICATE):
                reason = "it shares the names, not what is said of them"
            else:
                reason = _veto(claim, unit, passage_text, {u.label for u in cands if u.label}, self.common)
            ok = not reason
        return Support(ok, round(cov, 4), round(sim, 4), unit.full, reason)


def _candidates(passage_text: str) -> list[Unit]:
    """The statements of a passage a claim is judged against (the whole passage when it has none)."""
    return units(passage_text) or [Unit(clean(passage_text.strip()), 0)]


def _restrict_rows(claim: str, cands: list[Unit]) -> list[Unit]:
    """A claim naming a table row exactly ("S3 Glacier") is not judged against a row whose name only
    starts with it ("S3 Glacier Deep Archive")."""
    c = f" {' '.join(words(claim))} "
    named = [u.row_name for u in cands if u.row_name and f" {' '.join(words(u.row_name))} " in c]
    if not named:
        return cands
    exact = max(named, key=len)
    ex = " ".join(words(exact))
    return [u for u in cands if not u.row_name or u.row_name == exact or ex not in " ".join(words(u.row_name))]


def _veto(claim: str, unit: Unit, passage_text: str, labels: set[str], common: frozenset[str] = frozenset()) -> str:
    """Why a claim that shares the statement's words is still not what the statement says ('' if none)."""
    own, full = unit.text, unit.full
    if numbers(claim) - numbers(own) - (numbers(unit.context) if unit.row_name else set()):
        return "a number the statement does not have"
    mine = dict(_quantities(claim))
    theirs = _quantities(full)
    for n, u in theirs:
        if n in mine and mine[n] != u and any(u2 == mine[n] and n2 != n for n2, u2 in theirs):
            return f"{n} {mine[n]} where the notes say {n} {u}"
    cd = {w for w in _stems(claim) if w in DURATIONS}
    sd = {w for w in _stems(full) if w in DURATIONS}
    if cd - sd and sd - cd:
        return "a different unit of time"
    c_scope, c_words = negated_words(claim)
    s_scope, s_words = negated_words(own)
    asserted = {stem(w) for i, w in enumerate(c_words) if i not in c_scope} - SUBJECT_STOP
    denied = {stem(w) for i, w in enumerate(s_words) if i in s_scope} - SUBJECT_STOP
    denied -= {stem(w) for i, w in enumerate(s_words) if i not in s_scope}  # said both ways: not a denial
    if asserted & denied & terms(claim):
        return "the notes deny it"
    claim_denied = {stem(w) for i, w in enumerate(c_words) if i in c_scope} & terms(claim)
    if claim_denied and claim_denied & terms(own) and not is_negated(full):
        return "the claim denies what the notes say"
    flip = next((f for f in (opposed(set(_stems(claim)), set(words(claim)), set(_stems(x)), set(words(x)))
                             for x in (own, full)) if f), None)
    if flip:
        return f"the notes say the opposite ({flip})"
    name = _name_phrase(claim, common)
    if name and " ".join(name) in " ".join(_stems(passage_text)) and " ".join(name) not in " ".join(_stems(full)):
        return f"the statement is not about {' '.join(name)}"  # 'Kinesis Data Streams' is not '... streaming data'
    topic = [t for t in _stems(unit.topic) if t not in ARTICLES | common] if unit.topic else []
    if name and len(topic) >= 2 and not (set(topic) <= set(name) or set(name) <= set(topic)):
        return f"the statement is about {unit.topic}"  # 'Kinesis Data Analytics: ...' is not about Data Streams
    subject = [t for t in _subject(claim) if t in set(_stems(passage_text))]
    if subject and not set(subject) <= set(_stems(full)):
        return "the statement is about something else"
    if unit.label and subject:
        # "Grid Search: ... every combination ..." is about grid search; a claim about random search
        # matches it in words, but the passage has a line labelled for that subject
        mine = terms(unit.label) - set(subject)
        better = [lb for lb in labels if lb != unit.label and set(subject) <= terms(lb)
                  and len(terms(lb) - set(subject)) < len(mine)]
        if mine and not terms(unit.label) <= terms(claim) and better:
            return f"the statement is about {unit.label}, not {better[0]}"
    if _relation_swapped(claim, full):
        return "the sides of the comparison are swapped"
    return ""
