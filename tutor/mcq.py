"""Multiple-choice questions: each option is a claim, checked against the notes.

For every option the scorer looks for statements of the notes (`tutor.statements`) that *name* it -
by its distinctive words, identifiers read as words (`num_class` ~ "num class", CamelCase split) -
and asks of each such statement three things:

1. does it meet what the stem requires (the stem's rarer key terms in the statement or its context,
   and its embedding similarity to the stem)?
2. is the option named *for* it or *against* it - negated ("cannot write data directly to S3",
   "with the exception of InvokeEndpoint"), contrasted ("as opposed to", "unlike"), turned around
   ("Reduce model complexity" against an option that increases it), or marked wrong in one of the
   notes' own sample questions (❌, "(Incorrect)")?
3. for NOT/EXCEPT stems, all of the above count the other way round.

Each option is also looked up over the whole notes on its own (its distinctive words and their other spellings,
and by meaning with the stem's need): the line quoted for an option is one about it - it names the option in its
own words or under its own heading, holds the option's rarest word, and is not a line about another option - found
wherever it is in the notes, not only near the stem.

These signals (and, when a backend offers it, the model's calibrated log-likelihood of the option)
are combined by weights fitted on the development set (`tutor/data/mcq_weights.yaml`, written by
`evals/fit_mcq.py`), a softmax gives each option a probability, and a calibration fitted on the same
set turns the decision into a confidence. When the notes settle no option - no option is named where
the requirement is, or the best is barely ahead - the tutor says so and only says which way the notes
lean.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import yaml

from ingest.mcq_grammar import PastedQuestion, parse_pasted
from ingest.terms import QUESTION_WORDS, idf, keyterms, stem
from tutor import fitted, prompts
from tutor.context import fit_passages
from tutor.polarity import ANTONYMS, NEGATIONS
from tutor.models import capabilities, json_runnable
from tutor.passages import Passage
from tutor.retrieval import Retriever
from tutor.statements import Statement, statements
from tutor.support import Judge

ParsedMcq = PastedQuestion
parse_mcq = parse_pasted
MODEL_NAME = "mcq_model"  # tutor/data/mcq_model.yaml, written by evals/fit_mcq.py
# Exam stems write the negation in capitals ("Which is NOT ...", "... EXCEPT"); a lower-case "not" in the
# scenario ("the team does not want to manage servers") is a requirement, not a NOT question.
NOT_STEM_RE = re.compile(r"\b(?:NOT|EXCEPT|LEAST)\b|(?i:which (?:of the following |one of these |of these )?"
                         r"(?:is|are|does|do|can|would) not\b|\bexcept\s*[:?]?\s*$)")
# "the LEAST effort / operational overhead / amount of code" asks for the best option, not for a false one: LEAST
# before a cost is a superlative of the requirement ("LEAST likely", "LEAST appropriate" stay NOT questions)
LEAST_COST_RE = re.compile(r"\bLEAST\s+(?:\w+\s+){0,2}?(?:effort|overhead|cost|costs|expensive|amount|latency|time|"
                           r"administrative|operational|management|maintenance|development|coding|code|changes?|"
                           r"configuration|infrastructure|downtime|work|steps|disruption|complexity)\b", re.I)
# the one lexicon of words that flip meaning (tutor.polarity); "unlike" is read as a contrast here
NEGATION_CUES = (NEGATIONS - {"unlike"}) | {"none", "only"}
CONTRAST_CUES = ("as opposed to", "unlike", "instead of", "rather than", "not as", "better than", "in contrast to")
# per-option signals computed from the notes (see McqScorer._features); under a NOT stem the signed ones flip
SIGNED = ("pos", "neg", "mention", "mark_pos", "mark_neg", "claim", "jscore", "known", "sim_opt", "sim_both", "cooc",
          "cooc_top", "ret_z", "simq_z", "disc_z", "disc_lex", "own_rel", "own_name")
UNSIGNED = ("generic", "model")
RELATIVE = ("pos", "neg", "mention", "sim_both", "cooc", "cooc_top", "jscore", "own_rel")  # also as "ahead of the best other option"
OPTION_INPUTS = SIGNED + UNSIGNED + tuple(f"rel_{k}" for k in RELATIVE)
# The decision model reads three signals only: how much of the options left out the notes know at all (known), how
# close a line about the stem comes to the chosen option (sim_top), and how much of the stem's requirement the
# passage naming it holds (cooc_top). Those three separate "the notes settle it" from "not in the notes" best
# (leave-one-corpus-out AUC 0.70-0.71 each); the other signals (the margin, the chosen option's probability, the
# stem's NOT, Select TWO, the chance of a guess) fitted each corpus's quirks: with them, held-out corpora abstained
# on fewer not-in-notes questions (73% vs 76%) and on more answerable ones (50% vs 41%). decision_signals still
# computes them all (shrink_to_chance reads stem_known and log_chance; the fit can try the others again).
DECISION_INPUTS = ("known", "sim_top", "cooc_top")
FEATURES = SIGNED + UNSIGNED  # what an option row carries
NOT_SAID = ("the passage does not say it", "a name in it is not in the passage")
CLAIM_STEM_RE = re.compile(r"\b(?:statements?|true|correct|accurate|describes?)\b", re.I)
ABOUT_RE = re.compile(r"\babout\s+(?:the\s+|an?\s+)?(?P<x>[^?,.]+?)\s+(?:is|are|true|correct)\b", re.I)
PRONOUN_START_RE = re.compile(r"^(?:it|they|this|its|their)\b", re.I)


def option_inputs(feats: list[dict], negative: bool) -> np.ndarray:
    """The inputs of the option model for the options of one question (one formula for scorer and fit):
    the signals (signed ones flipped under a NOT stem) and, for a few, how far the option is ahead of the
    best other option."""
    sign = -1.0 if negative else 1.0
    rows = []
    for i, f in enumerate(feats):
        x = [sign * f.get(k, 0.0) for k in SIGNED] + [f.get(k, 0.0) or 0.0 for k in UNSIGNED]
        for k in RELATIVE:
            others = [g.get(k, 0.0) for j, g in enumerate(feats) if j != i]
            x.append(sign * (f.get(k, 0.0) - (max(others) if others else 0.0)))
        rows.append(x)
    return np.asarray(rows, dtype=np.float64)


RULED_OUT = 0.25  # the "neg" signal from which the reason says the notes rule an option out (tutor.mcq_text)


def ruled_out(f: dict) -> bool:
    """The line of the notes that names the option denies it and no line supports it as much, nor does a sample
    question of the notes give it as the key: the option's own reason then says the notes rule it out."""
    neg, pos = f.get("neg", 0.0), f.get("pos", 0.0)
    return neg >= RULED_OUT and (pos < RULED_OUT or neg >= pos) and f.get("mark_pos", 0.0) < 0.3


def unnamed_choice(chosen: list[dict], negative: bool) -> bool:
    """A chosen option no line of the notes names in its own words (or under its own heading), nor a sample question
    of the notes gives as the key: the tutor cannot quote the line that decides it, so it does not answer (for a
    stem that asks what holds; under NOT the pick is the option the notes do not support). On the five labelled
    corpora (leave-one-corpus-out, shipped model) this stops 11 wrong answers and answers 1 more not-in-notes question
    less, for 3 right answers lost, all in bundled and cert-az204."""
    return not negative and any(f.get("own_name", 1.0) == 0 and f.get("mark_pos", 0.0) < 0.3 for f in chosen)


def choice_order(logits, feats: list[dict], negative: bool) -> list[int]:
    """Options from most to least likely under the option model, except that (for a stem that asks what holds)
    an option the notes rule out goes after every other one, and an option no line of the notes names goes after
    every option one does: the tutor never answers, or leans to, an option while quoting the line that proves it
    wrong, nor leans to one it can quote nothing for while another option's own line is there (cs-os-m06 leaned
    to "split into 8-byte pieces", which no line names, over "pinned, not swapped out", which io-management.md:117
    says). Held out, leaning right on answerable questions went from 49% to 52% (evals.fit_mcq, same signals)."""
    demote = [not negative and ruled_out(f) for f in feats]
    unnamed = [not negative and unnamed_choice([f], negative) for f in feats]
    return sorted(range(len(feats)), key=lambda i: (demote[i], unnamed[i], -logits[i], i))


def option_logits(feats: list[dict], w: dict, negative: bool) -> np.ndarray:
    """Each option's score under the fitted option weights."""
    vec = np.array([w.get(k, 0.0) for k in OPTION_INPUTS])
    return option_inputs(feats, negative) @ vec


@dataclass
class OptionScore:
    letter: str
    text: str
    features: dict = field(default_factory=dict)
    logit: float = 0.0
    prob: float = 0.0
    evidence: Statement | None = None  # the statement that best supports the option
    against: Statement | None = None  # the statement that best contradicts it
    mention: Statement | None = None  # the statement that names it best, whatever it says
    marked: Statement | None = None  # the option of a sample question in the notes that is this option, with its key
    met: list[str] = field(default_factory=list)  # the stem's requirement words the evidence meets
    model: float | None = None
    # what the student is shown (tutor.mcq_text): per role ("evidence", "against", "mention"), the line quoted, which
    # names the option in its own words (a line that only sits under a heading with the option's words, or that
    # names a different thing sharing one word, is not a line about the option), how strongly it bears on the
    # stem, and the other options the same line names (a line listing several options does not tell them apart)
    quotes: dict = field(default_factory=dict)  # role -> (Statement, strength, [other letters])
    unknown: list[str] = field(default_factory=list)  # the option's distinctive words the notes never use

    @property
    def supported(self) -> bool:
        return self.evidence is not None and self.features.get("pos", 0) >= 0.25

    @property
    def contradicted(self) -> bool:
        return self.against is not None and self.features.get("neg", 0) >= 0.25


@dataclass
class McqResult:
    stem: str
    options: dict[str, str]
    n_choose: int
    chosen: list[str]
    scores: list[OptionScore]
    method: str
    confidence: float = 0.0
    level: str = "low"  # high | medium | low
    abstain: bool = False
    negative: bool = False  # a NOT/EXCEPT stem
    requirement: list[str] = field(default_factory=list)  # the stem's key words, as written
    passages: list[Passage] = field(default_factory=list)
    model_output: str | None = None
    note: str | None = None
    unknown: list[str] = field(default_factory=list)  # the stem's key words the notes never use

    @property
    def lean(self) -> list[str]:
        """What the notes lean towards when they do not settle it (the chosen letters)."""
        return self.chosen


# ----------------------------------------------------------------------------------- weights


@dataclass(frozen=True)
class Weights:
    """The fitted option model (weights over OPTION_INPUTS) and the fitted decision model: confidence =
    sigmoid(decision . DECISION_INPUTS + bias), the probability that the choice is right; the tutor answers
    at `abstain_below` or more and calls it high confidence at `high_at` or more."""
    w: dict
    decision: dict
    abstain_below: float
    high_at: float
    source: str

    @classmethod
    def load(cls, holdout: str | None = None, variant: str | None = None, name: str = MODEL_NAME) -> "Weights":
        """The parameters fitted without corpus `holdout` when an eval scores it (tutor.fitted), else those fitted
        on every corpus; `variant` picks a fitted variant (e.g. "with_model", the ablation with the 135M model)."""
        data = fitted.load(name, holdout)
        if data is None:
            return cls.default()
        if variant:
            data = (data.get("variants") or {}).get(variant) or data
        return cls({k: float(v) for k, v in data["option"].items()}, {k: float(v) for k, v in data["decision"].items()},
                   float(data["abstain_below"]), float(data["high_at"]),
                   f"tutor/data/{name}.yaml" + (f" without {holdout}" if holdout else ""))

    @classmethod
    def default(cls) -> "Weights":
        """Used only when the fitted file is missing (a broken install): the notes' support decides."""
        return cls({"pos": 4.0, "neg": -3.0, "mention": 1.0, "mark_pos": 2.0, "mark_neg": -2.0, "claim": 1.0},
                   {"margin": 1.0, "top": 2.0, "bias": -2.0}, 0.45, 0.9, "built-in defaults")

    def confidence(self, signals: dict) -> float:
        z = self.decision.get("bias", 0.0) + sum(self.decision.get(k, 0.0) * v for k, v in signals.items())
        return shrink_to_chance(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), signals)


DISC_LINES, DISC_T = 10, 0.05  # the lines of the notes closest to the question, and the softmax temperature on cosines
STEM_COVERED = 0.5  # notes that hold less than this share of the stem's key terms (by weight) may not cover it


def shrink_to_chance(conf: float, signals: dict) -> float:
    """Notes that never use most of what the stem asks about cannot settle it, however well one option
    matches: the fitted confidence moves towards a guess's chance in proportion. (The labelled corpora
    hold almost no such question, so the fit cannot learn it.)"""
    cover = min(1.0, signals.get("stem_known", 1.0) / STEM_COVERED)
    chance = math.exp(signals.get("log_chance", 0.0))
    return chance + (conf - chance) * cover if conf > chance else conf


@lru_cache(maxsize=8)
def default_weights(holdout: str | None = None) -> Weights:
    return Weights.load(holdout)


# ----------------------------------------------------------------------------------- the stem


def is_negative_stem(stem: str) -> bool:
    """A NOT/EXCEPT question: the answer is the option the notes do *not* support."""
    return any(m.group(0) != "LEAST" or not LEAST_COST_RE.match(stem, m.start()) for m in NOT_STEM_RE.finditer(stem))


def requirement_terms(stem_text: str, options: dict[str, str]) -> frozenset[str]:
    """The stem's key terms minus the framing words (which, company, should...) and the NOT cue."""
    negs = {stem(w) for w in ("not", "except", "least", "cannot")}
    return frozenset(x for x in keyterms(stem_text, drop_question_words=True) if x not in negs)


def distinctive(options: dict[str, str]) -> dict[str, frozenset[str]]:
    sets = {k: keyterms(v) for k, v in options.items()}
    shared = frozenset.intersection(*sets.values()) if sets else frozenset()
    return {k: (s - shared) or s for k, s in sets.items()}


TOKEN = re.compile(r"[A-Za-z0-9][\w'’-]*|[,;.:()]")
NEG_AFTER = ("cannot", "can't", "doesn't", "isn't", "aren't", "won't", "don't")


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def _spans(stems: list[str], terms: frozenset[str]) -> list[tuple[int, int]]:
    """Runs of consecutive tokens that name `terms` ("kinesis data analytics")."""
    out, i = [], 0
    while i < len(stems):
        if stems[i] in terms:
            j = i
            while j + 1 < len(stems) and stems[j + 1] in terms:
                j += 1
            out.append((i, j))
            i = j + 1
        else:
            i += 1
    return out


def _negated_span(toks: list[str], a: int, b: int) -> bool:
    """A negation cue shortly before the span in the same clause, or a negated verb right after it
    (skipping coordinated names: "X and Y cannot ...")."""
    back = []
    for t in reversed(toks[max(0, a - 6) : a]):
        if t in (",", ";", ".", ":"):
            break
        back.append(t)
    if any(t in NEGATION_CUES and t != "only" for t in back):
        return True
    k = b + 1
    while k < len(toks) and toks[k] not in (",", ";", ".", ":") and k - b <= 6:
        t = toks[k]
        if t in NEG_AFTER or (t in ("does", "do", "is", "are", "can", "should", "will") and k + 1 < len(toks)
                              and toks[k + 1] in ("not", "never")):
            return True
        if t in ("and", "or", "&") or t[:1].isalpha() and t not in ("is", "are", "does", "do", "can", "will", "should"):
            k += 1
            if t not in ("and", "or", "&") and k - b > 3:
                break
            continue
        break
    return False


def _denied_at(toks: list[str], i: int, width: int = 3) -> bool:
    """A negation cue within `width` words before token i, in the same clause ("..., not real-time")."""
    for t in reversed(toks[max(0, i - width) : i]):
        if t in (",", ";", ".", ":"):
            return False
        if t in NEGATION_CUES and t != "only":
            return True
    return False


def polarity(option_terms: frozenset[str], statement_text: str, req_terms: frozenset[str] = frozenset(),
             option_text: str = "", ignore_negation: bool = False) -> int:
    """-1 when the statement names the option against something - negated, on the losing side of a
    contrast, with the opposite direction word - or denies the stem's requirement ("Retrieval Fee:
    None"); +1 otherwise. `option_terms` should be the option's distinctive key terms."""
    toks = _tokens(statement_text)
    stems = [stem(w_compound(t)) if t[:1].isalnum() else t for t in toks]
    raw = [w_compound(t) for t in toks]
    hits = [i for i, (s_, r_) in enumerate(zip(stems, raw)) if s_ in option_terms or r_ in option_terms]
    spans = _spans(["\x00" if i not in hits else "\x01" for i in range(len(toks))], frozenset({"\x01"}))
    text = " ".join(toks)
    for cue in CONTRAST_CUES:
        pos = text.find(cue)
        if pos < 0:
            continue
        cut = len(text[:pos].split())
        start = cut + len(cue.split())
        if start < len(toks) and toks[start] in ("the", "a", "an"):
            start += 1
        after = set()
        k = start
        while k in hits or (k == start and k < len(toks)):  # the name right after the cue
            after.add(k)
            k += 1
        before_neg = any(t in NEGATION_CUES and t != "only" for t in toks[:cut])
        if any(i in after for i in hits):
            return 1 if before_neg else -1
        if any(i < cut for i in hits) and not before_neg:
            return 1
    if not ignore_negation and any(_negated_span(toks, a, b) for a, b in spans):
        return -1
    if req_terms and not ignore_negation:
        denied, met = 0, 0
        for i, s_ in enumerate(stems):
            if s_ not in req_terms or i in hits:
                continue
            nxt = [t for t in toks[i + 1 : i + 3] if t not in (":", "-")]
            if nxt and nxt[0] in ("none", "no", "never"):
                return -1
            if _denied_at(toks, i):
                denied += 1
            else:
                met += 1
        if denied and not met:  # "X can only do batch loads, not real-time streaming": X fails the requirement
            return -1
    if option_text:
        o_stems = {stem(w) for w in _tokens(option_text)}
        s_stems = set(stems)
        for x_, y_ in ANTONYMS:
            for x, y in ((x_, y_), (y_, x_)):
                if x in o_stems and y in s_stems and x not in s_stems:
                    return -1
    return 1


def w_compound(word: str) -> str:
    return re.sub(r"[-_:./'’]", "", word)


# A stem that itself asks for an absence ("stops ... any network calls", "with no internet access"): the
# notes' "No inbound or outbound network calls" then meets it rather than contradicting it.
NEGATIVE_SENSE = {"stop", "stops", "prevent", "prevents", "block", "blocks", "without", "no", "never", "avoid",
                  "restrict", "restricts", "deny", "denies", "isolate", "isolates", "disable", "disables"}
FRAMING = {"not", "except", "least", "which", "select", "two", "three", "four", "true", "false", "api"}
ENTITY_RE = re.compile(r"(?<![.?!]\s)\b(?:[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Z][a-z]+)(?:[ -](?:[A-Z][A-Za-z0-9-]*|\d+))+"
                       r"|\b[a-z]+_[a-z_]+\b|\b[A-Za-z]+[A-Z][A-Za-z0-9]+\b")
ARTICLES = {"the", "a", "an", "which", "what"}


def stem_entities(stem_text: str, common: frozenset[str] = frozenset()) -> list[frozenset[str]]:
    """Named things the stem is about ("Kinesis Data Streams", "CreateTrainingJob", "num_round"): a statement
    that names none of their words is about something else."""
    out = []
    for m in ENTITY_RE.finditer(stem_text):
        words = [w for w in re.split(r"[ -]", m.group(0)) if w.lower() not in ARTICLES | FRAMING | common]
        t = keyterms(" ".join(words))
        if t and len(" ".join(words)) > 3:
            out.append(t)
    return out


def forms(terms: frozenset[str], aliases: dict[str, frozenset[str]], text: str = "",
          common: frozenset[str] = frozenset()) -> list[frozenset[str]]:
    """An option's key terms, and the same with an abbreviation the notes define swapped for its long form
    or the other way round ("k-nearest neighbors" ~ "knn"), or a multi-word name by its initials
    ("Random Cut Forest" ~ "RCF"); a statement may name it any of these ways."""
    out = [terms]
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text) if w.lower() not in ARTICLES | common | {"of", "for", "and"}]
    if 3 <= len(words) <= 5 and all(w[0].isupper() for w in words):
        out.append(frozenset({"".join(w[0].lower() for w in words)}))
    for abbr, long_terms in aliases.items():
        if len(abbr) < 3 or not long_terms:
            continue
        if abbr in terms:
            out.append((terms - {abbr}) | long_terms)
        elif long_terms <= terms:
            out.append((terms - long_terms) | {abbr})
    loose = loose_terms(terms, text)
    if loose != terms:
        out.append(loose)
    return out


def loose_terms(terms: frozenset[str], text: str) -> frozenset[str]:
    """The option's words as a line may write them apart: a hyphenated compound whose parts are among its words
    is left to its parts ("Static-delay locks" is named by "the static locks ... delay"), and an adverb by its
    adjective ("opens slowly" by "Slow, delayed")."""
    compounds = set()
    for tok in HYPHENATED_RE.findall(text):  # words joined by hyphens only (an identifier stays whole)
        if keyterms(tok.replace("-", " ")) <= terms:
            compounds |= {tok.replace("-", "").lower(), tok.lower()}
    out = set()
    for t in terms - compounds:
        out.add(t[:-2] if len(t) >= 6 and t.endswith("li") and t.isalpha() else t)
    return frozenset(out) or terms


HYPHENATED_RE = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)+\b")


def _root(t: str) -> str:
    return t[:5] if len(t) >= 5 and t.isalpha() else t


def _root_cover(weights: dict[str, float], have: frozenset[str]) -> float:
    """Weight of the terms found in `have`, a term matching any term with the same 5-letter root
    ("spender" ~ "spending", "re-created" ~ "re-creatable")."""
    roots = {_root(h) for h in have}
    return sum(w for t, w in weights.items() if t in have or _root(t) in roots)


def _match(weights: dict[str, float], have: frozenset[str]) -> float:
    """Weight of the option terms in `have`; a long identifier also matches one letter off ("decribe_training_job")."""
    total = 0.0
    for t, w in weights.items():
        if t in have:
            total += w
        elif len(t) >= 8 and any(len(h) >= 8 and abs(len(h) - len(t)) <= 1 and _one_edit(t, h) for h in have):
            total += w
    return total


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


NAMES = 0.5  # share of an option's distinctive words (by weight) a line must hold itself to be quoted as about it
NAMES_SENTENCE = 0.34  # ... for an option of four or more distinctive words (a sentence is rarely written out whole)
# a line of a sample question's explanation that grades one of *its* options ("Option A is incorrect. This is the type
# of EC2 instance...") speaks of that other question's option: it is never quoted for an option of this one
GRADED_RE = re.compile(r"^\W*(?:option|answer|choice)?\s*\(?[A-H]\)?\s+(?:is|was)\s+(?:the\s+)?(?:in)?correct\b", re.I)
ANOTHER = 0.3  # a line that names another option by this much more of its words is about that option, not this one
SHARED_LINE = 0.6  # a line that names other options too counts this much when choosing the line to quote


def _quotes(cands: list[tuple[float, int, int]], oi: int, own_named: np.ndarray, stmts: list, letters: list[str],
            names: float = NAMES) -> dict:
    """The line to quote per role: the strongest line on the stem that names the option in its own words, one that
    names no other option preferred; the roles are "evidence" (for it), "against" (it denies the option) and
    "mention" (either)."""
    out = {}
    for role, ok in (("evidence", lambda p: p > 0), ("against", lambda p: p < 0), ("mention", lambda p: True)):
        best = None
        for value, pol, si in cands:
            if not ok(pol) or own_named[si, oi] < names or GRADED_RE.match(stmts[si].text):
                continue
            if own_named[si].max() >= max(NAMES, own_named[si, oi] + ANOTHER):
                continue  # "SysV Shared Memory: ..." names the shared-memory option, not "SysV or POSIX message queue"
            others = [letters[j] for j in range(own_named.shape[1]) if j != oi and own_named[si, j] >= NAMES]
            key = value * (SHARED_LINE if others else 1.0)
            if best is None or key > best[0]:
                best = (key, stmts[si], value, others)
        if best is not None:
            out[role] = best[1:]
    return out


def about_terms(d0: frozenset[str], df: dict[str, int], n: int) -> list[str]:
    """The words of which a line about the option holds one: for a name (up to three distinctive words) its
    rarest word, even one the notes never use (then no line is about it: "periodic paralysis" is not about
    "hypokalemic periodic paralysis"); for a sentence its three rarest words the notes use."""
    if not d0:  # an option with no distinctive word ("All of the above", "None"): no line is about it
        return []
    if len(d0) <= 3:  # (a one-word name, or its initials "hdi": the word itself)
        return [min(d0, key=lambda t: (df.get(t, 0), t))]
    return sorted((t for t in d0 if df.get(t, 0) > 0), key=lambda t: (-idf(df, n, t), t))[:3]


def _negation_in(text: str) -> bool:
    return bool(NEGATION_CUES & set(_tokens(text)) - {"only"})


# British/American spellings and doubled consonants ("catalogue"/"catalog", "colour", "organise", "analyse", "centre",
# "licence", "modelled"): each pair of word endings, either way round
SPELLINGS = (("ogue", "og"), ("ogues", "ogs"), ("our", "or"), ("ours", "ors"), ("ise", "ize"), ("ised", "ized"),
             ("ises", "izes"), ("ising", "izing"), ("isation", "ization"), ("isations", "izations"), ("yse", "yze"),
             ("ysed", "yzed"), ("ysing", "yzing"), ("tre", "ter"), ("tres", "ters"), ("cence", "cense"),
             ("fence", "fense"), ("lled", "led"), ("lling", "ling"), ("ller", "ler"))


def spelling_variants(word: str) -> list[str]:
    """Other spellings of `word` (lower case): its British/American twin, doubled or single consonant."""
    out = []
    for a, b in SPELLINGS + tuple((b, a) for a, b in SPELLINGS):
        if word.endswith(a) and len(word) - len(a) >= 3:
            out.append(word[: len(word) - len(a)] + b)
    return out


WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def notes_spelling(text: str, df: dict[str, int]) -> str:
    """`text` with each word the notes never use but spell another way written as the notes spell it ("catalogue"
    in an option, "catalog" in the notes), so every signal that matches words matches it."""
    def swap(m: re.Match) -> str:
        w = m.group(0)
        if len(w) < 5 or df.get(stem(w.lower()), 0):
            return w
        for v in spelling_variants(w.lower()):
            if df.get(stem(v), 0):
                return v if w.islower() else v.capitalize() if w[0].isupper() and w[1:].islower() else w
        return w
    return WORD_RE.sub(swap, text)


def leaf_heading(st: Statement) -> str:
    """The innermost heading over the line ("Prazosin" of "Alpha Antagonists > Prazosin"): a line right under a
    heading that names a thing is about that thing ("A1A, A1B, A1D antagonist." under "## Prazosin")."""
    return (st.heading or "").rsplit(" > ", 1)[-1].strip()


OWN_K = 4  # passages the lexical search for one option's own words keeps, and the search by meaning
OWN_SIM_K = 3


def own_queries(q: ParsedMcq) -> list[tuple[str, str]]:
    """Per option, the searches over the whole notes for lines that name it: its distinctive words alone,
    with their other spellings (lexical), and the option said with the stem's need (by meaning)."""
    shared = frozenset.intersection(*(keyterms(v) for v in q.options.values())) if len(q.options) > 1 else frozenset()
    req = keyterms(q.stem, drop_question_words=True)
    out = []
    for text in q.options.values():
        words = [w for w in WORD_RE.findall(text) if (kt := keyterms(w)) and not kt <= shared]
        words += [v for w in words for v in spelling_variants(w.lower())]
        if words:
            out.append(("bm25", " ".join(words)))
        need = [w for w in WORD_RE.findall(q.stem) if (kt := keyterms(w)) and kt <= req and not kt <= shared]
        out.append(("vector", f"{text} {' '.join(need[:12])}"))
    return out


NAMED_LINES = 3  # per option, the lines of the whole notes that name it best (by its words), added to its own search


def named_lines(index, options: dict[str, str]) -> dict[str, list[tuple[float, str, int]]]:
    """Per option, the lines anywhere in the notes that hold most of its distinctive words (by weight, any of its
    forms: `forms`), as (share, file, line): only lines holding the word(s) a line about it must hold (`about_terms`)
    and at least the share that names it (NAMES; NAMES_SENTENCE for an option written as a sentence)."""
    rows, posting = index.line_terms()
    df, n = index.term_df()
    aliases, common = index.aliases(), index.common_words()
    out = {}
    for k, d in distinctive(options).items():
        variants = [f for f in forms(d, aliases, options[k], common) if f]
        need = NAMES_SENTENCE if len(d) >= 4 else NAMES
        best: dict[int, float] = {}
        for f in variants:
            weights = {t: idf(df, n, t) for t in f}
            total = sum(weights.values()) or 1.0
            for li in {i for t in about_terms(f, df, n) for i in posting.get(t, ())}:
                share = _match(weights, rows[li][2]) / total
                if share >= need and share > best.get(li, 0.0):
                    best[li] = share
        top = sorted(best, key=lambda i: (-best[i], len(rows[i][2]), i))[:NAMED_LINES]
        out[k] = [(round(best[i], 4), rows[i][0], rows[i][1]) for i in top]
    return out


# ----------------------------------------------------------------------------------- the scorer


class McqScorer:
    def __init__(self, retriever: Retriever, judge: Judge, model=None, context_tokens: int = 500,
                 weights: Weights | None = None, holdout: str | None = None) -> None:
        self.retriever = retriever
        self.judge = judge
        self.model = model
        self.context_tokens = context_tokens
        self.weights = weights or default_weights(holdout)

    @property
    def index(self):
        return self.retriever.index

    def uses_model(self) -> bool:
        """The model is asked only when the fitted weights give its signal any weight."""
        return self.model is not None and abs(self.weights.w.get("model", 0.0)) > 1e-9

    def features(self, q: ParsedMcq, exclude=frozenset(), with_model: bool = False):
        """Each option's signals (no decision yet): (rows, passages, requirement terms, method, output)."""
        df = self.index.term_df()[0]
        shown = q
        q = PastedQuestion(notes_spelling(q.stem, df), {k: notes_spelling(v, df) for k, v in q.options.items()},
                           q.n_choose)
        rows = [OptionScore(k, v) for k, v in q.options.items()]
        self._embed_question(q, rows)
        named = named_lines(self.index, q.options)
        pool, passages, own = self._pool(q, exclude, named)
        req = requirement_terms(q.stem, q.options)
        self._features(q, rows, pool, req, own)
        for r in rows:  # how well the best line anywhere in the notes names the option by its words (0: none does)
            r.features["named_any"] = max((x[0] for x in named.get(r.letter, ())), default=0.0)
        self._claims(q, rows, passages, exclude)
        self._nearest_signals(q, rows, pool, exclude)
        method, output = "notes", None
        if with_model:
            method, output = self._model_scores(q, rows, passages)
        for r in rows:  # the student reads the options as written
            r.text = shown.options[r.letter]
        return rows, passages, req, method, output

    def _embed_question(self, q: ParsedMcq, rows: list[OptionScore]) -> None:
        """Embed every text of the question that is searched or compared (the stem, the options, each said with
        the stem, the claims, the options' own searches) in one model call, not one call each: the searches find
        them remembered by the index, the comparisons in the judge's cache."""
        texts = [q.stem, *q.options.values(), *(f"{t} {q.stem}" for t in q.options.values()),
                 *(f"{q.stem} {t}" for t in q.options.values()), *(query for _, query in own_queries(q)),
                 *(claim for claim, _ in self._claim_texts(q, rows) if claim)]
        texts = list(dict.fromkeys(t.strip() for t in texts if t.strip()))
        self.index.remember_queries(dict(zip(texts, self.judge.embed_many(texts))))

    def score(self, q: ParsedMcq, exclude: set[str] | frozenset = frozenset(), use_model: bool = True,
              closed_book: bool = False) -> McqResult:
        """Raises whatever the model backend raises when the model is used (the caller falls back)."""
        if closed_book:
            return self._closed_book(q, [OptionScore(k, v) for k, v in q.options.items()])
        rows, passages, req, method, output = self.features(q, exclude, use_model and self.uses_model())
        return self.decide(q, rows, passages, req, method, output)

    def decide(self, q: ParsedMcq, rows: list[OptionScore], passages, req, method="notes", output=None) -> McqResult:
        letters = list(q.options)
        negative = is_negative_stem(q.stem)
        logits = option_logits([r.features for r in rows], self.weights.w, negative)
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        for r, z, p in zip(rows, logits, probs):
            r.logit, r.prob = round(float(z), 4), round(float(p), 4)
        order = choice_order(logits, [r.features for r in rows], negative)
        chosen = sorted(letters[i] for i in order[: q.n_choose])
        conf = self.weights.confidence(decision_signals([float(probs[i]) for i in order],
                                                        [rows[i].features for i in order], q.n_choose, negative))
        wts = self.weights
        abstain = conf < wts.abstain_below or unnamed_choice([rows[i].features for i in order[: q.n_choose]], negative)
        level = "high" if conf >= wts.high_at and not abstain else "medium" if not abstain else "low"
        df = self.index.term_df()[0]
        words = _requirement_words(notes_spelling(q.stem, df), req)
        return McqResult(q.stem, q.options, q.n_choose, chosen, rows, method, round(conf, 4), level,
                         abstain=abstain, negative=negative, requirement=words, passages=passages,
                         model_output=output,
                         unknown=[w for w in words if not df.get(stem(notes_spelling(w, df).lower()), 0)])

    # -- evidence ----------------------------------------------------------------------------------
    def _pool(self, q: ParsedMcq, exclude, named: dict | None = None) -> tuple[list[Statement], list[Passage],
                                                                               list[Statement]]:
        """The statements of the passages found for the stem and for each option said with it (every signal reads
        these), those passages, and the statements of the passages only each option's own search over the whole
        notes found (read only for the lines quoted per option and the own_* signals)."""
        seen: dict[str, Passage] = {}
        queries = [q.stem] + [f"{text} {q.stem}" for text in q.options.values()] + list(q.options.values())
        for i, query in enumerate(queries):
            for p in self.retriever.search(query, k=6 if i == 0 or i > len(q.options) else 4, exclude=exclude):
                seen.setdefault(p.chunk_id, p)
        passages = list(seen.values())
        # each option's own lines anywhere in the notes, not only near the stem
        extra: dict[str, Passage] = {}
        for mode, query in own_queries(q):
            for p in self.retriever.search(query, k=OWN_K if mode == "bm25" else OWN_SIM_K, exclude=exclude, mode=mode):
                if p.chunk_id not in seen:
                    extra.setdefault(p.chunk_id, p)
        # ... and the lines that name it by its own words wherever they are (a search keeps only its best passages)
        for found in (named if named is not None else named_lines(self.index, q.options)).values():
            for _, source, line in found:
                for p in self.index.passages_at(source, line, line):
                    if p.chunk_id not in seen and p.source not in exclude and p.chunk_id not in exclude:
                        extra.setdefault(p.chunk_id, p)
        return self._statements(passages), passages, [s for s in self._statements(extra.values()) if s.is_fact]

    def _statements(self, passages) -> list[Statement]:
        return [s for p in passages for s in statements(p, self.index.lines(p.source))
                if s.is_fact or (s.kind == "option" and s.truth is not None)]

    def _features(self, q: ParsedMcq, rows: list[OptionScore], pool: list[Statement], req: frozenset[str],
                  own_pool: list[Statement] = ()) -> None:
        df, n = self.index.term_df()
        aliases = self.index.aliases()
        common = self.index.common_words()
        dist = {k: forms(v, aliases, q.options[k], common) for k, v in distinctive(q.options).items()}
        counts: dict[str, int] = {}
        for v in q.options.values():
            for t in keyterms(v):
                counts[t] = counts.get(t, 0) + 1
        # words several options repeat ("chart" in "Pie chart", "Stacked column chart") name what is being
        # chosen; a statement that has them does not meet the requirement for it
        need = frozenset(t for t in req if counts.get(t, 0) < 2) or req
        entities = stem_entities(q.stem, common)
        base_n = len(pool)  # statements from base_n on come from the options' own searches only
        pool = list(pool) + list(own_pool)
        texts = [s.text for s in pool]
        letters = list(q.options)
        vecs = self.judge.embed_many(texts + [q.stem] + [q.options[k] for k in letters]) if pool else None
        if vecs is None:
            for r in rows:
                r.features = dict.fromkeys(("pos", "neg", "mention", "mark_pos", "mark_neg"), 0.0) | {"generic": 0.0}
            return
        svecs, stem_vec, ovecs = vecs[: len(pool)], vecs[len(pool)], vecs[len(pool) + 1 :]
        sims = svecs @ stem_vec
        opt_sims = svecs @ ovecs.T  # statement x option
        need_w = {t: idf(df, n, t) for t in need}
        need_total = sum(need_w.values()) or 1.0
        # how much of what the stem asks for the notes know at all (a question on another subject: little)
        stem_w = {t: idf(df, n, t) for t in req}
        stem_known = sum(w for t, w in stem_w.items() if df.get(t, 0) > 0) / (sum(stem_w.values()) or 1.0)
        stem_negative_sense = (bool(NEGATIVE_SENSE & set(_tokens(q.stem))) and not is_negative_stem(q.stem))
        units, leaves = [], []
        for s, sim in zip(pool, sims):
            leaves.append(keyterms(leaf_heading(s)))
            own = keyterms(f"{s.text} {s.subject}")
            ctx = keyterms(f"{s.context} {s.heading}")
            cover = _root_cover(need_w, own | ctx) / need_total
            around = own | ctx | (keyterms(s.passage.text[:1500]) if s.passage is not None else frozenset())
            ent = min((_root_cover({t: 1.0 for t in e}, around) / len(e) for e in entities), default=1.0)
            relevance = (0.6 * cover + 0.4 * max(0.0, float(sim))) * (0.3 + 0.7 * ent)
            units.append((s, own, ctx, relevance, float(sim)))
        # whole passages: how much of the stem's requirement each holds (words of a scenario and of the option
        # that meets it are often a line or two apart)
        chunks = list({s.passage.chunk_id: s.passage for s in pool[:base_n] if s.passage is not None}.values())
        chunk_terms = [keyterms(p.text) for p in chunks]
        chunk_need = [_root_cover(need_w, t) / need_total for t in chunk_terms]
        top_chunks = sorted(range(len(chunks)), key=lambda i: -chunk_need[i])[:3]
        named = np.zeros((len(units), len(rows)))  # how well each statement names each option, by its words
        # ... in the statement's own words or its innermost heading (a line under "## Prazosin" is about Prazosin)
        own_named = np.zeros((len(units), len(rows)))
        cands: dict[int, list[tuple[float, int, int]]] = {}  # option -> (value, polarity, statement) per line naming it
        for oi, r in enumerate(rows):
            variants = [({t: idf(df, n, t) for t in f}, f) for f in dist[r.letter]]
            d = dist[r.letter][0]
            negated_option = bool(NEGATION_CUES & set(_tokens(r.text)) - {"only"})
            best_pos = best_neg = best_mention = mark_pos = mark_neg = 0.0
            # how close the option's own words come to a line of the notes, and to a line that is also about the stem
            sim_opt = max((float(opt_sims[si, oi]) for si in range(base_n)), default=0.0)
            sim_both = max((0.5 * (float(opt_sims[si, oi]) + u[4]) for si, u in enumerate(units[:base_n])), default=0.0)
            for si, (s, own, ctx, relevance, sim) in enumerate(units):
                by_words, m_own = 0.0, 0.0
                for dw, form in variants:
                    total = sum(dw.values()) or 1.0
                    own_part = _match(dw, own) / total
                    ctx_part = _match({t: w for t, w in dw.items() if t not in own}, ctx) / total
                    if min(1.0, own_part + 0.6 * ctx_part) > by_words:
                        by_words, m_own, d = min(1.0, own_part + 0.6 * ctx_part), own_part, form
                by_meaning = max(0.0, (float(opt_sims[si, oi]) - 0.55) / 0.35)
                mention = max(by_words, min(by_meaning, 1.0) if by_words >= 0.2 else 0.0)
                if s.is_fact:
                    named[si, oi] = by_words if si < base_n else 0.0
                    own_named[si, oi] = max(_match(dw, own | leaves[si]) / (sum(dw.values()) or 1.0)
                                            for dw, _ in variants)
                if mention < 0.34:
                    continue
                if s.kind == "option":
                    if s.truth is None or mention < 0.6:
                        continue
                    same_q = float(np.dot(self.judge.embed(s.context or s.text), stem_vec)) if s.context else 0.0
                    strength = mention * max(0.0, (same_q - 0.5) / 0.5)
                    if s.truth and strength > mark_pos:
                        mark_pos, r.marked = strength, s
                    elif not s.truth and strength > mark_neg:
                        mark_neg = strength
                        if strength > mark_pos:
                            r.marked = s
                    continue
                value = relevance * (0.4 + 0.6 * mention)
                said = s.text if m_own else f"{s.context} {s.text}"
                pol = polarity(d, said, need, r.text, ignore_negation=stem_negative_sense)
                if negated_option and pol < 0 and _negation_in(said):
                    pol = 1  # "has no shards" against "no longer have to deal with shards": they agree
                cands.setdefault(oi, []).append((value, pol, si))
                if si >= base_n:  # a line only the option's own search found: quoted for it, no signal of its own
                    continue
                if value > best_mention:
                    best_mention, r.mention = value, s
                if pol < 0:
                    if value > best_neg:
                        best_neg, r.against = value, s
                elif value > best_pos:
                    best_pos, r.evidence = value, s
                    r.met = [t for t in need if t in own or t in ctx]
            covers = [max(_match(dw, t) / (sum(dw.values()) or 1.0) for dw, _ in variants) for t in chunk_terms]
            cooc = max((c * nd for c, nd in zip(covers, chunk_need)), default=0.0)
            cooc_top = max((covers[i] * chunk_need[i] for i in top_chunks), default=0.0)
            base = dist[r.letter][0]
            generic = -math.log1p(sum(df.get(t, 0) for t in base) / max(len(base), 1))
            # how much of the option the notes know at all (an option they never name, they cannot rule out)
            known = max(sum(w for t, w in dw.items() if df.get(t, 0) > 0) / (sum(dw.values()) or 1.0)
                        for dw, _ in variants)
            r.unknown = [w for w in re.findall(r"[A-Za-z0-9][\w'’-]*", r.text)
                         if (kt := keyterms(w) & base) and not any(df.get(t, 0) for t in kt | loose_terms(kt, w))]
            r.features = {"pos": round(best_pos, 4), "neg": round(best_neg, 4), "mention": round(best_mention, 4),
                          "mark_pos": round(mark_pos, 4), "mark_neg": round(mark_neg, 4),
                          "generic": round(generic, 4), "known": round(known, 4), "sim_opt": round(sim_opt, 4),
                          "sim_both": round(sim_both, 4), "stem_known": round(stem_known, 4),
                          "cooc": round(cooc, 4), "cooc_top": round(cooc_top, 4)}
        # a line is about an option only when it holds the option's rarest word (a line on "hyperkalemic periodic
        # paralysis" shares two words with "hypokalemic periodic paralysis", not that one): naming it otherwise counts
        # neither for quoting it nor for saying that the line names it too
        keys = [[about_terms(f, df, n) for f in dist[r.letter]] for r in rows]
        about = np.array([[any(not k or any(_match({t: 1.0}, u[1] | leaves[si]) for t in k) for k in keys[oi])
                           for oi in range(len(rows))] for si, u in enumerate(units)]).reshape(own_named.shape)
        own_about = own_named * about
        for oi, r in enumerate(rows):
            # an option that differs from the others only by a number ("60 hours", "500 RU/s") is named by a line
            # with that number and its unit, not by "60%" or "500 TB"
            d0 = dist[r.letter][0]
            unit = keyterms(r.text) - d0 if all(t.replace(".", "").isdigit() for t in d0) else frozenset()
            ok = [c for c in cands.get(oi, []) if not unit or unit & units[c[2]][1]]
            names = NAMES_SENTENCE if len(d0) >= 4 else NAMES
            r.quotes = _quotes(ok, oi, own_about, [u[0] for u in units], list(q.options), names)
            # the option's own lines, found by its own search over the whole notes: how near the stem's need the best
            # line that names it in its own words comes, and whether any line does
            own_lines = [c for c in ok if own_about[c[2], oi] >= names and not GRADED_RE.match(units[c[2]][0].text)
                         and own_about[c[2]].max() < max(NAMES, own_about[c[2], oi] + ANOTHER)]
            r.features["own_rel"] = round(max((units[c[2]][3] for c in own_lines), default=0.0), 4)
            r.features["own_name"] = float(bool(own_lines))
        # the lines most about the stem, and which option each names and the others do not
        if base_n:
            rel = np.array([u[3] for u in units[:base_n]])
            top = np.argsort(-rel)[:DISC_LINES]
            share = named[top] / np.maximum(named[top].sum(1, keepdims=True), 1e-9)
            lex = (rel[top] / max(rel[top].sum(), 1e-9)) @ share
            for r, v in zip(rows, _z(list(lex))):
                r.features["disc_lex"] = round(float(v), 4)

    @staticmethod
    def _claim_texts(q: ParsedMcq, rows: list[OptionScore]) -> list[tuple[str, bool]]:
        """Per option, the claim it makes ('' for an option of fewer than three words) and whether the stem makes
        it the whole question ("Which TWO statements about X are true?"; an option that starts "It ...")."""
        m = ABOUT_RE.search(q.stem)
        subject = m.group("x").strip() if m else ""
        out = []
        for r in rows:
            text = r.text.strip()
            if len(text.split()) < 3:
                out.append(("", False))
                continue
            claim_stem = bool(CLAIM_STEM_RE.search(q.stem) or PRONOUN_START_RE.match(text))
            out.append((PRONOUN_START_RE.sub(subject, text, count=1) if subject else text, claim_stem))
        return out

    def _claims(self, q: ParsedMcq, rows: list[OptionScore], passages: list[Passage], exclude=frozenset()) -> None:
        """Options that are statements ("Which TWO statements about X are true?", "It needs no shards") are
        claims: +1 when a retrieved passage supports the claim, -1 when the passage that matches it best says
        otherwise (the judge's vetoes: a denial, a swapped subject, another number), else 0."""
        # every option that is a sentence is a claim; a stem that asks which statements are true makes it the
        # whole question, elsewhere the verdict counts half (the option may be true and still not the answer)
        claims = self._claim_texts(q, rows)
        nears: dict[int, list[Passage]] = {}
        for i, (claim, claim_stem) in enumerate(claims):
            if not claim:
                continue
            # a claim question searches the notes again for each claim; elsewhere the passages found already do
            found = self.retriever.search(claim, k=4, exclude=exclude) if claim_stem else []
            nears[i] = list({p.chunk_id: p for p in found + self._nearest(claim, passages, 4 if claim_stem else 2)}
                            .values())
        # the sentences of every passage the claims are judged against, embedded in one call (and kept for the
        # next question and the next process: they are the notes' own)
        self.judge.prepare(list(dict.fromkeys(p.text for near in nears.values() for p in near)))
        for i, r in enumerate(rows):
            r.features["claim"] = r.features["jscore"] = 0.0
            if i not in nears:
                continue
            claim, claim_stem = claims[i]
            best, verdict = None, None
            score = 0.0
            for p in nears[i]:
                v = self.judge.judge(claim, p.text)
                score = max(score, v.score)
                if v.supported:
                    verdict = 1.0
                    break
                if best is None or v.score > best.score:
                    best = v
            r.features["jscore"] = round(score, 4)  # how closely the best line says what the option says
            if verdict is None and best is not None and best.reason and best.reason not in NOT_SAID:
                verdict = -1.0
            r.features["claim"] = (verdict or 0.0) if claim_stem else 0.5 * (verdict or 0.0)

    def _nearest_signals(self, q: ParsedMcq, rows: list[OptionScore], pool: list[Statement], exclude) -> None:
        """How close the notes come to the stem and the option said together: the best passage found for that
        query (the retrieval-only baseline's own signal, searched per option), the best statement among those
        looked at, and how much the lines closest to the question single this option out from the others by
        meaning (disc_z; by words: disc_lex in _features), each as a z-score across the options (scale-free,
        so one weight carries over between notes)."""
        ret = nearest_passage_sims(self.retriever, self.judge, q, exclude)
        facts = list(dict.fromkeys(s.text for s in pool if s.is_fact))
        simq, disc = np.zeros(len(rows)), np.zeros(len(rows))
        if facts:
            svecs = self.judge.embed_many(facts)
            qvecs = self.judge.embed_many([f"{q.stem} {r.text}" for r in rows])
            ovecs = self.judge.embed_many([r.text for r in rows])
            both = svecs @ qvecs.T  # statement x option, each option said with the stem
            simq = both.max(0)
            # the lines closest to the question, and which option each of them singles out: a line on the stem's
            # subject that is close to one option and not the others points at that option
            top = np.argsort(-both.max(1))[:DISC_LINES]
            rel = np.exp((both.max(1)[top] - both.max(1)[top].max()) / DISC_T)
            own = svecs[top] @ ovecs.T
            pick = np.exp((own - own.max(1, keepdims=True)) / DISC_T)
            disc = (rel / rel.sum()) @ (pick / pick.sum(1, keepdims=True))
        for r, a, b, c in zip(rows, _z([ret[r.letter] for r in rows]), _z(list(simq)), _z(list(disc))):
            r.features["ret_z"], r.features["simq_z"] = round(float(a), 4), round(float(b), 4)
            r.features["disc_z"] = round(float(c), 4)

    def _nearest(self, text: str, passages: list[Passage], k: int) -> list[Passage]:
        if not passages:
            return []
        sims = self.judge.embed_many([p.text for p in passages], persist=True) @ self.judge.embed(text)
        return [passages[i] for i in np.argsort(-sims)[:k]]

    # -- the model's signal ----------------------------------------------------------------------------
    def _model_scores(self, q: ParsedMcq, rows: list[OptionScore], passages: list[Passage]) -> tuple[str, str | None]:
        model = self.model
        if capabilities(model).loglik:
            fitted = fit_passages(passages[:3], self.context_tokens, model.count_tokens)
            prefix = prompts.render("mcq", "context", passages=fitted.passages, stem=q.stem)
            conts = [" " + r.text for r in rows]
            cond = model.loglikelihoods(prefix, conts)
            base = model.loglikelihoods("Answer:", conts)
            raw = [lp / max(nn, 1) - blp / max(bn, 1) for (lp, nn), (blp, bn) in zip(cond, base)]
            for r, v in zip(rows, _z(raw)):
                r.model = round(float(v), 4)
                r.features["model"] = r.model
            return "notes + model log-likelihood", None
        schema = {"type": "object", "properties": {"answer": {"type": "array", "minItems": q.n_choose,
                  "maxItems": q.n_choose, "items": {"type": "string", "enum": list(q.options)}}},
                  "required": ["answer"]}
        msgs = [("system", prompts.render("mcq", "choose_system", n=q.n_choose)),
                ("human", prompts.render("mcq", "choose_user", passages=passages[:3], stem=q.stem, options=q.options))]
        text = str(json_runnable(model, schema).invoke(msgs).content)
        picked = parse_letters(text, list(q.options))
        for r in rows:
            r.model = 1.0 if r.letter in picked else 0.0
            r.features["model"] = r.model
        return "notes + model choice", text

    def _closed_book(self, q: ParsedMcq, rows: list[OptionScore]) -> McqResult:
        """The model alone, no notes (an eval baseline)."""
        model = self.model
        if model is None:
            raise ValueError("closed-book scoring needs a model")
        if capabilities(model).loglik:
            conts = [" " + r.text for r in rows]
            cond = model.loglikelihoods(prompts.render("mcq", "closed_book", stem=q.stem), conts)
            base = model.loglikelihoods("Answer:", conts)
            vals = [lp / max(n, 1) - blp / max(bn, 1) for (lp, n), (blp, bn) in zip(cond, base)]
            output = None
        else:
            schema = {"type": "object", "properties": {"answer": {"type": "array", "minItems": q.n_choose,
                      "maxItems": q.n_choose, "items": {"type": "string", "enum": list(q.options)}}}}
            msgs = [("system", prompts.render("mcq", "choose_system", n=q.n_choose)),
                    ("human", prompts.render("mcq", "choose_user", passages=[], stem=q.stem, options=q.options))]
            output = str(json_runnable(model, schema).invoke(msgs).content)
            picked = parse_letters(output, list(q.options))
            vals = [1.0 if r.letter in picked else 0.0 for r in rows]
        for r, v in zip(rows, vals):
            r.model = round(float(v), 4)
            r.logit = r.model
        order = sorted(range(len(rows)), key=lambda i: (-rows[i].logit, i))
        chosen = sorted(rows[i].letter for i in order[: q.n_choose])
        return McqResult(q.stem, q.options, q.n_choose, chosen, rows, "closed-book model", 0.0, "low",
                         model_output=output)


def nearest_passage_sims(retriever: Retriever, judge: Judge, q: ParsedMcq, exclude=frozenset()) -> dict[str, float]:
    """Per option, the cosine between "stem option" and the closest of the passages that query finds (the
    retrieval-only baseline; 0 when nothing is found)."""
    found = {letter: (f"{q.stem} {text}", retriever.search(f"{q.stem} {text}", k=3, exclude=exclude))
             for letter, text in q.options.items()}
    texts = [t for query, hits in found.values() if hits for t in [query] + [h.text[:2000] for h in hits]]
    vecs = dict(zip(texts, judge.embed_many(texts))) if texts else {}  # one model call for all options
    return {letter: float(np.max(np.stack([vecs[h.text[:2000]] for h in hits]) @ vecs[query])) if hits else 0.0
            for letter, (query, hits) in found.items()}


def decision_signals(probs: list[float], feats: list[dict], n: int, negative: bool) -> dict:
    """What the confidence rests on, for options in decreasing order (DECISION_INPUTS): the log-odds margin
    between the last chosen option and the first one left out, the chosen options' probability, how well
    the notes support the choice (for a NOT stem: how well they support the options left out), how much of
    the options left out the notes know at all, how much of the stem they know, the chance of a guess."""
    nth = probs[n - 1]
    nxt = probs[n] if len(probs) > n else 0.0
    margin = math.log(max(nth, 1e-6)) - math.log(max(nxt, 1e-6))
    rest, picked = feats[n:], feats[:n]
    backed = rest if negative else picked  # the options whose support the choice rests on

    def weakest(k: str) -> float:
        return min((f.get(k, 0.0) for f in backed), default=0.0)

    top, sim_top = weakest("pos"), weakest("sim_both")
    return {"margin": min(margin, 10.0), "p_chosen": float(sum(probs[:n])), "top": top,
            "said_top": weakest("jscore"), "cooc_top": weakest("cooc_top"),
            "known": min((f.get("known", 1.0) for f in rest), default=1.0),
            "stem_known": feats[0].get("stem_known", 1.0) if feats else 1.0,
            "log_chance": -math.log(math.comb(len(probs), n)), "negative": float(negative), "multi": float(n > 1),
            "sim_top": sim_top, "own_top": weakest("own_rel"),
            "own_rest": min((f.get("own_name", 0.0) for f in rest), default=0.0),
            "rest_named": min((f.get("named_any", 1.0) for f in rest), default=1.0)}


def _z(values: list[float]) -> np.ndarray:
    a = np.asarray(values, dtype=np.float64)
    sd = a.std()
    return (a - a.mean()) / sd if sd > 1e-9 else np.zeros_like(a)


def _requirement_words(stem_text: str, req: frozenset[str]) -> list[str]:
    """The stem's key words as the student wrote them, in order (for reasons and the abstain message)."""
    out = []
    for w in re.findall(r"[A-Za-z0-9][\w'’-]*", stem_text):
        if w.lower() in QUESTION_WORDS:
            continue
        if stem(w.lower()) in req and w.lower() not in (x.lower() for x in out):
            out.append(w)
    return out


def parse_letters(text: str, allowed: list[str]) -> list[str]:
    try:
        data = json.loads(text)
        got = data.get("answer", []) if isinstance(data, dict) else []
        return sorted({str(x).strip().upper() for x in got} & set(allowed))
    except (json.JSONDecodeError, AttributeError):
        return sorted(set(re.findall(r"\b([A-J])\b", text)) & set(allowed))
