"""Which of the retrieved statements answer the question, and do the notes cover it at all: two small
logistic models fitted on labelled corpora (`evals/fit_chat.py`), read from `tutor/data/chat_select.yaml`.

Rules about question wording kept needing exceptions on notes written by other people ("Explain ...",
"Roughly how ...", a spelling the notes do not share), so both decisions rest on a few measurements that
mean the same on any notes:

- a statement answers when it is close to the question (embedding similarity, absolute and relative to the
  best statement), carries the question's key terms (idf-weighted, in the statement or what it hangs
  under), names the question's subject, sits in a highly ranked passage, and near that passage's best
  statement (the notes explain a thing in consecutive lines);
- the notes cover a question when their best statements answer it that well, the question's own words are
  known to the notes, and its named subject is found.

Statements are shown whole, in the notes' order within each passage, the best passage first: "never worse
than the best passage" - when retrieval ranks a passage that holds the answer, its answering lines are shown.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from ingest.terms import keyterms, stem
from tutor import fitted
from tutor.intent import LONG_WORDS, Intent, asking_part, eponyms, told
from tutor.passages import Passage
from tutor.statements import Statement
from tutor.text import ADDING, BACK_REFERENCE, stems
from tutor.vocabulary import everyday, everyday_compound

TOP_PASSAGES = 8  # statements are chosen from the best-ranked passages only
SENTENCE_FEATURES = ("sim", "rel_sim", "cover", "subject", "passage_rank", "passage_sim", "near_best",
                     "is_best", "log_words", "table", "list", "picked", "checkbox", "scenario", "neighbour_sim",
                     "question_terms")
COVERAGE_FEATURES = ("top_p", "mean_top3_p", "top_sim", "top_cover", "passage_sim", "subject_missing",
                     "terms_in_top", "rarest_missing", "special_missing", "name_missing")
# used when no fitted file exists (a fresh checkout before `python -m evals.fit_chat`)
DEFAULTS = {
    "sentence": {"features": list(SENTENCE_FEATURES), "mean": [0.0] * len(SENTENCE_FEATURES),
                 "scale": [1.0] * len(SENTENCE_FEATURES),
                 "coef": [6.0, 4.0, 2.0, 0.5, 1.0, 1.0, 1.0, 0.5, 0.0, 0.0, 0.0, 1.0, -1.0, -1.0, 1.0, 1.0], "intercept": -6.0,
                 "threshold": 0.5, "max_sentences": 6},
    "coverage": {"features": list(COVERAGE_FEATURES), "mean": [0.0] * len(COVERAGE_FEATURES),
                 "scale": [1.0] * len(COVERAGE_FEATURES),
                 "coef": [4.0, 2.0, 2.0, 1.0, 1.0, -1.0, 2.0, -1.0, -2.0, -2.0], "intercept": -3.0,
                 "threshold": 0.5},
}


# a sentence that leans on the one before it: shown only after it
# (a line opening on an arrow, "=> Attach tags to ...", draws its conclusion from the line above it)
ANAPHOR_RE = re.compile(r"^\s*(?:=>|->|→|⇒)|^\W*(?:this|that|these|those|it|its|they|their|them|he|she|his|her|such|here|"
                        r"there(?!\s+(?:is|are|was|were|will|can|may|might|must|should|could|would|has|have|had)\b)|"
                        r"therefore|thus|hence|however|otherwise|instead|so|also|then|but|and|or|because of (?:this|that|it)|since (?:this|that|then)|"
                        r"if (?:so|not|yes|no)(?=\s*[,.;])|"  # ("Are you comparing two software implementations? If so, keep ...")
                        r"in (?:this|that|such|either|both) (?:case|way)|as a result|note that|for (?:this|that) reason|"
                        rf"{BACK_REFERENCE}|{ADDING})\b", re.I)
CHECKBOX_RE = re.compile(r"^\s*(?:[-*+]\s+)?\[[ xX]\]")
UNCHECKED_RE = re.compile(r"^\s*(?:[-*+]\s+)?\[ \]")
SCENARIO_RE = re.compile(r"^\s*(?:\*\*)?(?:question|scenario|q)\s*\d*\s*(?:\*\*)?\s*[:.)]", re.I)


def is_name(phrase: str) -> bool:
    """A proper name rather than words of a sentence: a capitalised word that is no everyday English word
    ("HyperPod", "CYP3A4", "Belady's"), or two or more capitalised words ("Feature Store", "James Watt")."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", phrase) if w != "I"]
    caps = [w for w in words if w[0].isupper() or any(c.isupper() for c in w[1:])]
    odd = [w for w in caps if not all(everyday(x) for x in re.split(r"[-']", w.lower()) if x and x != "s")]
    return bool(odd) or (len(caps) >= 2 and len(caps) == len(words))


def asserts(s: Statement) -> bool:
    """Something the notes state: not a question they ask, not the scenario of a sample question, not an option
    they leave unticked or do not mark right (a wrong option of a quiz reads as a fact when quoted alone)."""
    text = s.text.strip()
    if s.kind == "stem" or (s.kind == "option" and s.truth is not True):
        return False
    return not text.endswith("?") and not UNCHECKED_RE.match(text)


@dataclass
class Selection:
    covered: bool
    coverage: float
    chosen: list[Statement] = field(default_factory=list)  # in reading order
    probs: dict = field(default_factory=dict)  # id(statement) -> probability it answers


def _logit(model: dict, X: np.ndarray) -> np.ndarray:
    mean, scale = np.asarray(model["mean"]), np.asarray(model["scale"])
    z = ((X - mean) / np.where(scale == 0, 1.0, scale)) @ np.asarray(model["coef"]) + float(model["intercept"])
    return 1.0 / (1.0 + np.exp(-z))


def sentence_features(comp, passages: list[Passage]) -> tuple[list[Statement], np.ndarray]:
    """(statements of the best passages, one feature row each, in SENTENCE_FEATURES order)."""
    rank = {p.chunk_id: i for i, p in enumerate(passages[:TOP_PASSAGES])}
    psim = {p.chunk_id: p.similarity for p in passages}
    rows = [(s, sim, cover, subj) for s, sim, cover, subj in comp.scored
            if s.passage is not None and s.passage.chunk_id in rank and asserts(s)]
    if not rows:
        return [], np.zeros((0, len(SENTENCE_FEATURES)))
    top = max(sim for _, sim, _, _ in rows)
    picked = {(p.statement.source, p.statement.start_line, p.statement.text) for p in comp.picked}
    by_passage: dict[str, list[int]] = {}
    for i, (s, *_rest) in enumerate(rows):
        by_passage.setdefault(s.passage.chunk_id, []).append(i)
    value = [0.5 * sim + 0.5 * cover for _, sim, cover, _ in rows]
    near, best, neighbour = [0.0] * len(rows), [0.0] * len(rows), [0.0] * len(rows)
    for idx in by_passage.values():
        b = max(idx, key=lambda i: value[i])
        pos = {i: k for k, i in enumerate(idx)}
        for k, i in enumerate(idx):  # the notes explain a thing over consecutive lines
            neighbour[i] = max([rows[j][1] for j in (idx[k - 1] if k else None, idx[k + 1] if k + 1 < len(idx)
                                                     else None) if j is not None] or [0.0])
        for i in idx:
            near[i] = 1.0 / (1 + abs(pos[i] - pos[b]))
            best[i] = float(i == b)
    q = comp.question_idf
    q_total = sum(q.values()) or 1.0
    X = []
    for i, (s, sim, cover, subj) in enumerate(rows):
        own = keyterms(f"{s.context} {s.text}")
        qshare = sum(w for t, w in q.items() if t in own) / q_total
        X.append([sim, sim - top, cover, max(subj) if subj else 0.0, 1.0 / (1 + rank[s.passage.chunk_id]),
                  psim.get(s.passage.chunk_id, 0.0), near[i], best[i], math.log1p(len(s.text.split())),
                  float(s.kind == "table"), float(s.kind == "list"),
                  float((s.source, s.start_line, s.text) in picked), float(bool(CHECKBOX_RE.match(s.text))),
                  float(bool(SCENARIO_RE.match(s.text))), neighbour[i], qshare])
    return [r[0] for r in rows], np.asarray(X, dtype=float)


def coverage_features(intent: Intent, comp, passages: list[Passage], probs: np.ndarray,
                      stmts: list[Statement]) -> np.ndarray:
    sorted_p = np.sort(probs)[::-1] if len(probs) else np.zeros(1)
    sims = [sim for _, sim, _, _ in comp.scored] or [0.0]
    covers = [c for _, _, c, _ in comp.scored] or [0.0]
    missing = len(comp.missing) / len(intent.subjects) if intent.subjects else 0.0
    # the question's own key terms in the best passages: a rare term of the question that none of them uses
    # ("Schlieffen", "thrashing") is what a question the notes do not answer looks like
    top = keyterms(" ".join(f"{p.heading} {p.text}" for p in passages[:3]))
    roots = {t[:5] for t in top if len(t) >= 5}
    q = comp.question_idf
    found = {t for t in q if t in top or (len(t) >= 5 and t[:5] in roots)}
    share = sum(q[t] for t in sorted(found)) / (sum(q.values()) or 1.0)
    rarest = max((q[t] for t in q if t not in found), default=0.0) / (comp.max_idf or 1.0)
    # a specialist word of the question (not an everyday English word: "Schlieffen", "dantrolene", "cgroups")
    # that the best passages never use; everyday words ("roughly", "stiff") say nothing about coverage
    text = " ".join(f"{p.heading} {p.text}" for p in passages[:3]).lower()
    # (nor a short word of the student's own the notes never use, "comp gov", "shud": see `idle_words`)
    idle = getattr(comp, "idle", frozenset())
    # (two everyday words written as one, "downside", "drawback", say what is asked of the subject, not what it is;
    # the subject itself is kept whatever it is made of: "spinlock", "filesystem")
    named = {stem(w) for x in intent.subjects for w in re.findall(r"[a-z][a-z0-9]{3,}", x.lower())}
    special = [w for w in re.findall(r"[a-z][a-z0-9]{3,}", intent.question.lower())
               if not everyday(w) and stem(w) not in idle and (stem(w) in named or not everyday_compound(w))]
    # (a word that owns the thing asked of is its name, everyday or not: "the banker's algorithm", "Peterson's
    # algorithm"; not a generic owner, "someone's blood volume", "my teammate's version", "a drug's half-life")
    special += [w for w in eponyms(intent.question) if w not in special and stem(w) not in idle]
    if told(intent.question):
        # a story around a question that names nothing ("Why would you give both together?"): a word of the story
        # the notes never use is the student's telling ("shadowing", "anesthesiologist"), and the story's other
        # specialist words may be met by any passage retrieved for it, not only the best three
        absent = set(getattr(comp, "absent", ()))
        special = [w for w in special if stem(w) not in absent]
        text = " ".join(f"{p.heading} {p.text}" for p in passages).lower()
    elif len(intent.question.split()) > LONG_WORDS:
        # a long question whose asking sentence names what it asks ("which of these are coercion and which are
        # cooptation?"): a word of the story around it that the notes never use is the student's telling (the
        # made-up country 'Veridia' of a class exercise), not something the notes should hold
        absent = set(getattr(comp, "absent", ()))
        asks = set(re.findall(r"[a-z][a-z0-9]{3,}", asking_part(intent.question)[0].lower()))
        special = [w for w in special if w in asks or stem(w) not in absent]
        # ... and a word of the story the notes do use may be in any passage retrieved for it (the student's own
        # chart of the other writers, before "What should I put for Chaucer?"), not only in the best three
        text = " ".join(f"{p.heading} {p.text}" for p in passages).lower()
    special_missing = sum(1 for w in special if w[:5] not in text)
    # words the notes never use are not counted as such: most are everyday words ("roughly", "stiff") that say
    # nothing about coverage; the specialist ones are (special_missing)
    return np.asarray([float(sorted_p[0]), float(np.mean(sorted_p[:3])), float(max(sims)), float(max(covers)),
                       float(passages[0].similarity) if passages else 0.0, missing, share, rarest,
                       float(min(special_missing, 2)), float(any(is_name(x) for x in comp.missing))], dtype=float)


def _section(st: Statement) -> tuple[str, str]:
    return (st.source, st.heading)


def _plain(text: str) -> str:
    text = re.sub(r"\$[^$]*\$|[*_`#\[\]]", " ", text)
    return " ".join(re.sub(r"^(?:the|an?)\s+", "", re.sub(r"[^\w\s'-]", " ", text.lower()).strip()).split())


def titles(intent: Intent, heading: str) -> bool:
    """Is the last heading above a passage the question's subject ("Nernst equation", "## The Nernst
    equation")? Every compared side must be one for a comparison; a question without a subject has none."""
    if not heading or not intent.subjects or intent.kind == "comparison":
        return False
    last = heading.split(" > ")[-1]
    # "## Miniature spontaneous synaptic events (MINIs)" is titled by its name and by its short form
    m = re.fullmatch(r"\s*(?P<name>[^()]+?)\s*\((?P<short>[^()]{2,40})\)\s*", last)
    names = {_plain(last)} | ({_plain(m.group("name")), _plain(m.group("short"))} if m else set())
    return _plain(intent.subjects[0]) in names - {""}


def _entry_of(intent: Intent, st: Statement) -> bool:
    """Does the line hang under an item that is the question's subject, word for word ("- The Hungry 40's" over
    "- Cost of food higher, famine ..." for "What were the Hungry Forties?"): the notes' entry for it, as a
    heading is."""
    if not st.context or not intent.subjects or intent.kind == "comparison":
        return False
    return bool(_words(intent.subjects[0])) and _words(intent.subjects[0]) == _words(st.context)


def _words(text: str) -> list[str]:
    """A name's words as an entry of the notes is matched: stemmed, without articles or a possessive's "s"."""
    return [w for w in stems(text) if w not in ("the", "a", "an", "s")]


def _own_terms(intent: Intent, stmts: list[Statement]) -> list[int]:
    """A comparison whose every side is the term of a line of its own ("**Glioblastoma**: Aggressive form of
    cancer ...", "**Schwannoma**: Benign tumor ..."): those lines' places in `stmts` (none unless every side has
    one). The notes' entries for the things compared, as a heading is for one thing."""
    if intent.kind != "comparison" or len(intent.subjects) < 2:
        return []
    sides = [_words(x) for x in intent.subjects]
    found = {i: k for i, st in enumerate(stmts) for k, side in enumerate(sides)
             if side and st.subject and _names(_words(st.subject), side, st.subject)}
    return list(found) if set(found.values()) == set(range(len(sides))) else []


def _term_of(intent: Intent, stmts: list[Statement]) -> bool:
    """A question asking what a thing is, and a line of the notes whose own term is that thing ("**LDCs (Least
    Developed Countries)**: significant poverty ..." for "what does LDC mean?"): the notes' entry for it, as a
    heading is."""
    return intent.kind == "definition" and bool(intent.subjects) and \
        any(term_is(intent.subjects[0], st) and says_of_term(st) for st in stmts)


TERM_SAYS = 3  # words a line says after its own term, at least, to be the notes' entry for it (not the name alone)


def says_of_term(st: Statement) -> bool:
    """Does the line say something of its own term ("LDCs (...): deep poverty and few resources ..."), beyond
    naming it (a bare "t-Distributed Stochastic Neighbor Embedding (t-SNE)" in a list of names)?"""
    rest = st.text.split(st.subject, 1)[1] if st.subject and st.subject in st.text else ""
    return len(re.findall(r"\w+", rest)) >= TERM_SAYS


def term_is(subject: str, st: Statement) -> bool:
    """Is the line's own term (`Statement.subject`) the thing asked about - by its name or by the short form in
    brackets after it, in the singular or the plural?"""
    asked = [w.rstrip("s") for w in _words(subject)]
    m = re.fullmatch(r"\s*(?P<name>[^()]+?)\s*\((?P<short>[^()]{2,60})\)\s*", st.subject or "")
    names = [m.group("name"), m.group("short")] if m else [st.subject] if st.subject else []
    return bool(asked) and any([w.rstrip("s") for w in _words(x)] == asked for x in names)


def _names(term: list[str], side: list[str], written: str) -> bool:
    """The line's term is the side: word for word, or with a maker's name before it that the student leaves out
    ("Amazon Comprehend Medical" for "Comprehend Medical"): up to two capitalised words, the side the rest."""
    if term == side:
        return True
    extra = len(term) - len(side)
    lead = [w for w in written.split() if w.lower() not in ("the", "a", "an")][:extra]  # as `_words` reads it
    return 0 < extra <= 2 and term[extra:] == side and all(w[:1].isupper() for w in lead)


class Selector:
    def __init__(self, holdout: str | None = None) -> None:
        params = fitted.load("chat_select", holdout) or DEFAULTS
        same = [params[k].get("features") == list(names) for k, names in
                (("sentence", SENTENCE_FEATURES), ("coverage", COVERAGE_FEATURES))]
        if not all(same):  # fitted for other features: refit with `python -m evals.fit_chat --write`
            params = DEFAULTS
        self.sentence = params["sentence"]
        self.coverage = params["coverage"]

    def select(self, intent: Intent, comp, passages: list[Passage]) -> Selection:
        stmts, X = sentence_features(comp, passages)
        if not stmts:
            return Selection(False, 0.0)
        probs = _logit(self.sentence, X)
        cov = float(_logit(self.coverage, coverage_features(intent, comp, passages, probs, stmts)[None, :])[0])
        order = np.argsort(-probs)
        # a heading of the notes that is the question's subject: the notes do not lack it, whatever the model says
        # a heading that is the subject, or - for a question asking what the subject is - an item of the notes
        # that is the subject with its points under it (an item named "Germany" is no answer to a question on
        # Germany's electoral system)
        titled = [i for i in order if titles(intent, stmts[i].passage.heading)
                  or (intent.kind == "definition" and _entry_of(intent, stmts[i]))]
        covered = cov >= float(self.coverage["threshold"]) or bool(titled) or bool(_own_terms(intent, stmts)) or \
            _term_of(intent, [s for s, *_ in comp.scored])
        k = int(self.sentence.get("max_sentences", 6))
        threshold = float(self.sentence["threshold"])
        chosen = [stmts[i] for i in order[:k] if probs[i] >= threshold]
        if titled and not any(titles(intent, s.passage.heading) or (intent.kind == "definition" and _entry_of(intent, s))
                              for s in chosen):
            chosen = [stmts[titled[0]]] + chosen[:k - 1]
        if covered and not chosen:
            chosen = [stmts[order[0]]]  # covered: at least the best statement
        # reading order: the best statement's passage first, then in the notes' own line order
        # (a section cut into several passages is read as one: its lines in the notes' order)
        first_seen: dict[tuple[str, str], int] = {}
        for i in order:
            first_seen.setdefault(_section(stmts[i]), len(first_seen))
        # the notes' order: `stmts` is in reading order, so two sentences of one line keep theirs ("Note that,
        # this cannot always happen" stays after what it qualifies). The point first: the statement most likely
        # to answer leads, unless it leans on the sentence before it ("This ...", "Otherwise ...")
        place = {id(s): i for i, s in enumerate(stmts)}
        lead = stmts[order[0]] if chosen and not ANAPHOR_RE.match(stmts[order[0]].text) else None
        chosen.sort(key=lambda s: (s is not lead, first_seen[_section(s)], s.start_line, place[id(s)]))
        return Selection(covered, cov, chosen, {id(s): float(p) for s, p in zip(stmts, probs)})
