"""Generate practice questions from the notes' facts, verify them, and balance the set.

The key of every question is a fact the notes state in a checkable shape (see `facts.py`); the
distractors are the fact's siblings (other rows of the table, other terms of the list, items of a
contrasting list), so they are plausible and verifiably wrong. The language model, when present,
only rewords the stem, and its wording is used only if it passes the same checks. A candidate that
fails a check is dropped and the next fact is tried; the report says how many were asked for, how
many passed, and why the others did not.
"""

from __future__ import annotations

import hashlib
from collections import Counter
import json
import logging
import random
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from ingest.exam import ExamSpec, load_exam
from ingest.records import LETTERS, QuestionRecord, Source
from ingest.sources import NoteUnreadable
from ingest.text import clean
from tutor import prompts
from tutor.models import json_runnable
from ingest.chunker import HEADING_SEP
from tutor.practice.contradict import NotesStatements, contradiction, row_disagreement
from tutor.practice.facts import DESCRIBED_RE, USE_COLUMN_RE, Fact, Sibling, extract_facts, row_cells
from tutor.practice.quality import (blank_text, broken_option, defects, echoed, far_from_key, modifier_slot, number, phrase_form,
                                    same_shape, same_value, slot_number)
from tutor.practice.prose import BLANK, generic_heading, line_of, roots
from tutor.practice.model import GenerationReport, PracticeSet
from tutor.practice.numbers import Quantity, rivals
from tutor.practice.verify import check_not_duplicate, check_options, contains, file_lines, lines_text, norm
from tutor.support import Judge, units
from tutor.text import terms

log = logging.getLogger(__name__)
DIFFICULTIES = ("easy", "medium", "hard")
# What each difficulty asks (README "Practice"): easy - recall one fact, distractors drawn at random;
# medium - recall, with the distractors closest in meaning to the key; hard - a scenario (a need the
# student must match to what the notes say a thing is for) or a multi-select.
ANSWER_SAME_FILE = 0.1  # an answer of the key's own file is its natural rival: ranked this much higher
ROW_FITS = 0.55  # cosine of a need to a distractor's own statement (any cell of its row) at which it fits the need too
CLOSE_VALUE = 0.75  # cosine at which another row's value would also answer a "what is the X of Y" question
KEYWORD_WEIGHT = 0.1  # per keyword of a domain the fact names
 # how much each such passage under a domain heading counts, times its similarity
NEW_LEFT_CAP = 150  # facts tried when telling how many new questions are left
SEEN_STEMS = 200  # the student's most recent questions a new stem must not repeat
SCENARIO_SHARE = 0.5  # of a mixed set, aimed at (the notes may hold fewer): the rest multi-select and recall
MULTI_SHARE = 0.3
# at most this share of a set asks for a number of a sentence ("___ provinces", "took ___ to complete"): outside
# readers found 39 of 90 such questions not worth asking or defective (76 of 369, 21%, of the other kinds), so
# the rest of a set the notes cannot fill otherwise is left short, and the student is told why
NUMBER_SHARE = 0.25
HARD_RETRIES = 2  # more draws of a multi-select whose first draw failed a check
CATEGORY_SHARE = 0.75  # a foil less like the members than this share of how alike each list is: another kind
TERM_FITS = 0.8  # cosine of a stem to another term's description at which that term would fit it as well
TERM_MARGIN = 0.12  # ... or a fit this close to the key's own description's
TERM_SAME_SORT = 0.2  # the first words of two terms' descriptions at least this alike: the same sort of thing
SORT_NEAR = 0.4  # two sort nouns ("belief", "philosophy") this alike in meaning: the same kind of thing
TERM_NEIGHBOUR = 0.5  # a term of the key's own section whose description is this like the key's: the same kind
TERM_RELATED = 0.3  # a distractor term at least this related (meaning of names and descriptions): the same kind
RIVAL_MIN = 0.2  # a structural sibling at least this much a rival of the key (rivalry): of its kind (the 10-25th
# percentile of heading siblings and same-section terms on the five corpora)
RIVAL_WORDS = 12  # the first words of a description that say what sort of thing it is
# a term from another file or section: at least as much a rival as the 90th percentile of unrelated pairs (terms of
# different files: 0.21-0.33 on each of the five corpora), i.e. about as alike as two terms of one section (median 0.24-0.52)
RIVAL_WIDE = 0.3
# a sentence with its term blanked mid-way ("Catecholamines are transported into vesicles by ___") shows what kind of
# word fits: distractors of another kind stand out ("Tamsulosin", "Binding"). Outside readers found 15.5 of 29 such
# questions defective; those whose distractors are on average at least this much rivals of the key (rivalry) 1 of 9,
# the threshold fitted leaving each corpus out (0.46-0.48 on the others; the outside readers' labels of 2026-12-04 to
# 12-07 over the four outside corpora and the bundled notes, kept with the readings outside this repository)
FILL_RIVAL = 0.46
EASY_SPREAD = 0.05  # an easy question's distractors: drawn among rivals within this of the k-th likest to the key
SHAPE_RATIO = 2.8  # an option this much longer or shorter than the key stands out (the whole set is checked too)
TIER_BONUS = {-1: 0.15, 0: 0.1, 1: 0.05, 2: 0.0, 3: -0.05}  # heading siblings, same parent, same grandparent, file, other
TERM_SHARED = 0.4  # a distractor whose own description shares this share of its words with the stem fits it too
SHARED_MIN = 3  # ... and at least this many words (two words of the subject itself, "operating system", say nothing)
SECTION_MARGIN = 0.2  # a rival whose section fits a sentence from inside the key's section this much better than
# the key's own section's other lines do: the sentence does not say what is particular to the key's section
CODE_SUFFIX_RE = re.compile(r"\s*\((?:S|U|S/U|U/S)\)\s*$")  # "K-Means (U)": the notes' own answer key


@dataclass
class Draft:
    fact: Fact
    form: str
    stem: str
    correct: list[str]
    wrong: list[tuple[str, str, int | None]]  # (text, rationale, line)
    rationale: str
    difficulty: str
    key_lines: list[int] | None = None  # more than the fact's own line (a multi-select's second key)
    key_rationales: list[str] | None = None  # one per key, when they differ
    near: bool | None = None  # a distractor is a rival from the key's own part of the notes (None: by lines)


RECALL_FORMS = ("name", "value", "term", "answer", "number", "column")  # the kinds of an easy or medium question


def _as_quantity(f: Fact) -> Quantity:
    return Quantity(f.lines[0], f.value, f.subject, f.predicate, f.masked, f.heading)


class Generator:
    def __init__(self, notes_dir: Path, judge: Judge, bank: list[QuestionRecord] | None = None,
                 model: BaseChatModel | None = None, exam: ExamSpec | None = None,
                 exclude: tuple[Path, ...] = (), max_mb: float = 10, retriever=None) -> None:
        self.notes_dir = Path(notes_dir)
        self._scan = (tuple(exclude), max_mb)
        self._domains: dict[str, str | None] = {}
        self.judge = judge
        self.retriever = retriever  # for checks against the whole notes (optional)
        self.model = model
        self.exam = exam if exam is not None else load_exam(self.notes_dir)
        self.sample_stems = [q.stem for q in (bank or [])]
        self._facts: list[Fact] | None = None
        self._rows: dict[tuple[str, int], list[Fact]] | None = None
        self._domain_vecs = None
        self._lines: dict[str, list[str]] = {}
        self._terms: tuple[list[Fact], np.ndarray, np.ndarray] | None = None
        self._rival_vecs: np.ndarray | None = None
        self._statements: NotesStatements | None = None
        self.check_contradictions = True
        self._repeated: frozenset[str] | None = None

    # -- facts ---------------------------------------------------------------------------------
    @property
    def _uses(self) -> list[Fact]:
        return [f for f in self.facts if f.kind == "use"]

    @property
    def facts(self) -> list[Fact]:
        if self._facts is None:
            self._facts = extract_facts(self.notes_dir, *self._scan)
        return self._facts

    @property
    def repeated_titles(self) -> frozenset[str]:
        """Section titles (lower case) that more than one section of the notes has: "Use Cases" in two files."""
        if self._repeated is None:
            paths = set()  # every section a fact sits in, and the sections above it
            for f in self.facts:
                parts = [h.strip() for h in f.heading.split(HEADING_SEP)]
                paths |= {(f.source, tuple(parts[:k])) for k in range(1, len(parts) + 1)}
            seen = Counter(path[-1].lower() for _, path in paths if path[-1])
            self._repeated = frozenset(t for t, n in seen.items() if n > 1)
        return self._repeated

    def domain_of(self, fact: Fact) -> str | None:
        if fact.id not in self._domains:
            self._domains[fact.id] = self._find_domain(fact)
        return self._domains[fact.id]

    def _find_domain(self, fact: Fact) -> str | None:
        """The exam domain a fact belongs to: the domain its heading names ("Domain 2: EDA"), else the domain
        whose description (name and keywords in exam.yaml) is nearest in meaning to the fact and its heading."""
        if self.exam is None or not self.exam.domains:
            return fact.heading.split(" > ")[0] if fact.heading else None
        for part in reversed(fact.heading.split(" > ")):
            name = self.exam.normalize_domain(part)
            if name:
                return name
        if self._domain_vecs is None:
            self._domain_vecs = self.judge.embed_many(
                [f"{d.name}: {', '.join(d.keywords)}" for d in self.exam.domains])
        text = f"{fact.heading}. {_display(fact.subject)}: {fact.value}"
        scores = self._domain_vecs @ self.judge.embed(text)
        names = [d.name for d in self.exam.domains]
        # the exam's own words for each domain, said outright, count on top of the likeness in meaning
        hits = self.exam.keyword_hits(text)
        scores = scores + KEYWORD_WEIGHT * np.array([hits.get(n, 0) for n in names], dtype=np.float32)
        return names[int(np.argmax(scores))]

    def select(self, topic: str | None = None, domain: str | None = None, file: str | None = None) -> list[Fact]:
        out = []
        tv = self.judge.embed(topic) if topic else None
        for f in self.facts:
            if f.kind == "mention":
                continue  # a term the notes use without saying what it is: an option, not a question
            if file and file not in f.source:
                continue
            if domain and (self.domain_of(f) or "").lower() != domain.lower():
                continue
            if topic:
                text = f"{f.heading} {f.subject} {f.value}"
                if not contains(text, topic) and float(np.dot(self.judge.embed(f"{f.heading} {f.subject}"), tv)) < 0.45:
                    continue
            out.append(f)
        return out

    # -- a set ---------------------------------------------------------------------------------
    def make_set(self, n: int, topic: str | None = None, domain: str | None = None, difficulty: str | None = None,
                 file: str | None = None, seed: int = 0, review: list[QuestionRecord] | None = None,
                 due_topics: list[str] | None = None, progress=None, phrase: bool = True,
                 avoid: list[QuestionRecord] | None = None, seen: list[QuestionRecord] | None = None,
                 new_only: bool = True) -> PracticeSet:
        """`avoid`: questions already given elsewhere (a mock exam's other domains): none is asked again.
        `seen`: questions the student has answered before: facts behind them come last, so a new set asks
        new things while the notes have them (review of missed questions is `review`)."""
        started = time.monotonic()
        rng = random.Random(seed)
        report = GenerationReport(asked=n)
        facts = self.select(topic, domain, file)
        report.facts_available = len(facts)
        rng.shuffle(facts)
        if difficulty in (None, "hard"):
            facts = self._mix(facts, rng)
        asked = {(q.source.file, q.source.lines[0]) for q in seen or [] if q.source}
        if asked:
            facts = sorted(facts, key=lambda f: (f.source, f.lines[0]) in asked)  # stable: the mix order stays
        due = {t.lower() for t in (due_topics or [])}
        due_facts = [f for f in facts if f.heading.lower() in due]
        other_facts = [f for f in facts if f.heading.lower() not in due]
        due_share = max(1, n // 3) if due_facts else 0  # weak topics come back, but fill at most a third
        due_made = 0

        def candidates():
            """Facts on due topics until they gave `due_share` questions, then the rest, then the leftovers."""
            leftovers: list[Fact] = []
            for i, f in enumerate(due_facts):
                if due_made >= due_share:
                    leftovers = due_facts[i:]
                    break
                yield f
            yield from other_facts
            yield from leftovers
            yield from deferred  # (appended to as the set is made: facts to try again, their other kinds)

        questions: list[QuestionRecord] = []
        # a missed question comes back only into a set it belongs in: a "hard" set stays hard
        review = [q for q in review or [] if (difficulty is None or q.difficulty == difficulty)
                  and (domain is None or q.domain == domain)]
        for q in review[: max(0, n // 3)]:
            questions.append(q.model_copy(update={"note": "review: you missed this before"}))
        if review:
            report.notes.append(f"{len(questions)} question(s) you missed before came back for review.")
        used_facts: set[str] = set()
        used_subjects: set[str] = set()
        made = {"scenario": 0, "multi": 0, "number": 0}
        numbers_at_most = max(1, int(NUMBER_SHARE * n))
        numbers_held = 0
        deferred: list[Fact] = []  # facts whose scheduled kind failed: their recall kinds, if the set is still short
        tried: set[str] = set()
        for fact in candidates():
            if len(questions) >= n:
                break
            if fact.id in used_facts or _asked(fact) in used_subjects:
                continue  # one question per fact and per thing asked about ("Page Tables" and "Page table": one)
            if new_only and (fact.source, fact.lines[0]) in asked:
                continue  # a mock: never a repeat passed off as new (it says it is short instead)
            if fact.kind == "number" and made["number"] >= numbers_at_most:
                numbers_held += 1
                continue
            retry = fact.id in tried  # a deferred fact's second turn
            tried.add(fact.id)
            form = None
            if difficulty in (None, "hard") and not retry:  # (a hard set is scenarios and multi-selects: both, on schedule)
                forms = self.forms(fact)
                k = len(questions) + 1  # keep each kind on schedule through the set, not only by its end
                behind = {"scenario": SCENARIO_SHARE * k - made["scenario"], "multi": MULTI_SHARE * k - made["multi"]}
                able = [x for x in ("scenario", "multi") if behind[x] > 0 and (
                    x in forms if x == "scenario" else {"multi", "category"} & set(forms))]
                if able:
                    pick = max(able, key=lambda x: behind[x])
                    form = pick if pick == "scenario" else ("multi" if "multi" in forms else "category")
                elif difficulty is None:  # (a hard set's fact off schedule gives its own hard kind, drawn)
                    recall = [f for f in forms if f in RECALL_FORMS]
                    hard = [f for f in forms if f in ("scenario", "multi", "category")]
                    # a fact with no recall form still gives its hard kind (a list's "Select TWO")
                    form = rng.choice(recall) if recall else (hard[0] if hard else None)
            level = difficulty or ("hard" if form in ("scenario", "multi", "category") else rng.choice(("easy", "medium")))
            # an earlier set's question on another fact with the same stem ("topic modeling": NTM, then LDA)
            earlier = [s for s in (seen or [])[:SEEN_STEMS] if s.source
                       and (s.source.file, s.source.lines[0]) != (fact.source, fact.lines[0])]
            first: list[str] | None = None
            made_one = None
            for lvl, kind in self._attempts(fact, form, level, difficulty, rng, retry):
                draft = self.draft(fact, lvl, rng, kind)
                if draft is None:
                    continue
                q, problems = self._checked(fact, draft, lvl, rng, seed, (avoid or []) + questions, earlier)
                if not problems:
                    made_one = (draft, q)
                    break
                first = problems if first is None else first
                if not retry:
                    break  # the first pass verifies one draft a fact; its other kinds wait for the second
            if made_one is None:  # every kind tried failed: the first one's reasons are the fact's
                if not retry:
                    for p in first or ["too few verifiable distractors"]:
                        report.drop(p)
                    if difficulty != "hard" and fact not in deferred:
                        deferred.append(fact)
                continue
            draft, q = made_one
            if phrase and self.model is not None:
                q = self.rephrase(q, draft, questions)
            if (fact.source, fact.lines[0]) in asked:  # the notes ran out of new facts: say this one is not new
                q = q.model_copy(update={"note": "again: asked before (the notes have no new fact left for this set)"})
                report.repeats += 1
            questions.append(q)
            used_facts.add(fact.id)
            used_subjects |= {_asked(fact)} | {_thing(t) for t in q.options.values()
                                                     if q.options and t in [q.options[k] for k in q.answer]}
            made["scenario"] += draft.form == "scenario"
            made["multi"] += len(draft.correct) > 1  # a Select TWO of any kind
            made["number"] += draft.form == "number"
            due_made += fact.heading.lower() in due
            if progress:
                progress("Generating questions", len(questions), n)
        questions = balance_positions(questions, seed)
        if numbers_held and len(questions) < n:
            report.notes.append(f"What else your notes hold for this selection are numbers from sentences (counts, "
                                f"sizes, durations); a set asks at most {numbers_at_most} of those, so it is shorter.")
        if report.repeats:
            report.notes.append(f"{report.repeats} question(s) ask again about things you practised before: your "
                                "notes have nothing new left for them in this selection.")
        report.new_left = self._new_left(facts, questions, asked, rng)
        log.info("practice set: %s", report.details())
        report.produced = len(questions)
        report.seconds = round(time.monotonic() - started, 2)
        title = "Practice: " + ", ".join(x for x in (domain, topic, difficulty) if x) if (domain or topic or difficulty) else "Practice set"
        return PracticeSet(questions, kind="practice", title=title, report=report,
                           config={"n": n, "topic": topic, "domain": domain, "difficulty": difficulty,
                                   "file": file, "seed": seed})

    def _attempts(self, fact: Fact, form: str | None, level: str, difficulty: str | None, rng: random.Random,
                  retry: bool = False):
        """The kinds of question to try on a fact, in order: the one the set's schedule wants, the other hard
        kind, a drawn one; on a second pass (the set still short), each recall kind the fact gives - a fact
        whose first kind failed a check can still give another ("true of Storage queues" after its Select TWO)."""
        if retry:
            recall = [f for f in self.forms(fact) if f in RECALL_FORMS]
            for kind in rng.sample(recall, len(recall)):
                yield difficulty or rng.choice(("easy", "medium")), kind
            return
        yield level, form
        if form in ("scenario", "multi") and difficulty in (None, "hard"):
            other = "multi" if form == "scenario" else "scenario"
            if other in self.forms(fact):
                yield level, other
        if form is not None and difficulty in (None, "hard"):
            yield level, None

    def _checked(self, fact: Fact, draft: Draft, level: str, rng: random.Random, seed: int,
                 accepted: list[QuestionRecord], earlier: list[QuestionRecord]) -> tuple[QuestionRecord, list[str]]:
        """A draft assembled and verified; a multi-select that fails is drawn again (other cells, other foils)."""
        q = self.assemble(draft, rng, seed)
        problems = self.verify(q, draft, accepted + [s for s in earlier if s.style == q.style])
        for _ in range(HARD_RETRIES if problems and draft.form in ("multi", "listed", "true-of", "category", "column") else 0):
            same = draft.form == "category" or (draft.form == "column" and len(draft.correct) == 1)
            again = self.draft(fact, level, rng, draft.form if same else "multi")
            if again is None:
                break
            q2 = self.assemble(again, rng, seed)
            p2 = self.verify(q2, again, accepted + [s for s in earlier if s.style == q2.style])
            if not p2:
                return q2, []
        return q, problems

    def _new_left(self, facts: list[Fact], questions: list[QuestionRecord], asked: set, rng: random.Random) -> int:
        """About how many new questions the selection still holds: the facts neither asked before nor in this
        set that give a question passing the same checks (capped)."""
        done = {(q.source.file, q.source.lines[0]) for q in questions if q.source} | asked
        left = [f for f in {f.id: f for f in facts}.values() if (f.source, f.lines[0]) not in done][:NEW_LEFT_CAP]
        lines = set()
        for f in left:
            d = self.draft(f, "medium", rng) or self.draft(f, "hard", rng)
            if d is not None and not self.verify(self.assemble(d, rng, 0), d, []):
                lines.add((f.source, f.lines[0]))
        return len(lines)

    def _mix(self, facts: list[Fact], rng: random.Random) -> list[Fact]:
        """A mixed set's order of facts: scenario-capable, multi-select-capable and the rest interleaved
        (about 45/25/30), and within each, the note files taken in turn, so every file contributes. A number
        comes after every other kind: outside readers found a third of the number questions not worth asking
        (an incidental figure: "the first order took ___ to complete"), against about one in six of the others."""
        groups: dict[str, list[Fact]] = {"scenario": [], "multi": [], "rest": [], "number": []}
        for f in facts:
            forms = self.forms(f)
            key = "scenario" if "scenario" in forms else "multi" if {"multi", "category"} & set(forms) else \
                "number" if forms == ["number"] else "rest"
            groups[key].append(f)
        for key, fs in groups.items():
            by_file: dict[str, list[Fact]] = {}
            for f in fs:
                by_file.setdefault(f.source, []).append(f)
            files = list(by_file)
            rng.shuffle(files)
            ordered = []
            while any(by_file.values()):
                for name in files:
                    if by_file[name]:
                        ordered.append(by_file[name].pop(0))
            groups[key] = ordered
        # multi-selects whose draw works first: a multi-capable fact that gives none would spend a multi slot
        able = {f.id for f in groups["multi"] if self.draft(f, "hard", random.Random(0),
                                                             "multi" if "multi" in self.forms(f) else "category")}
        groups["multi"].sort(key=lambda f: f.id not in able)
        pattern = ["scenario", "multi", "rest", "scenario", "multi", "scenario", "rest", "multi", "scenario", "rest"]
        out: list[Fact] = []
        while any(groups[key] for key in pattern):
            for key in pattern:
                if groups[key]:
                    out.append(groups[key].pop(0))
        return out + groups["number"]

    # -- one question --------------------------------------------------------------------------
    def forms(self, fact: Fact) -> list[str]:
        """The kinds of question this fact can give: scenario, multi (select TWO), category, name, value."""
        out = []
        under_uses = bool(fact.heading and USE_COLUMN_RE.search(fact.heading.split(HEADING_SEP)[-1]))
        if fact.kind == "use" or (fact.kind == "table" and USE_COLUMN_RE.search(fact.predicate)) or (
                fact.kind in ("definition", "table") and _does(fact.value) and not under_uses):
            # (items under "Use Cases" are needs themselves, not things to choose)
            out.append("scenario")  # what it is for, or what it does ("Specifies the S3 path for ..."): a need
        if fact.kind == "table" and (self._sharing(fact)[0] or len(self._row(fact)) >= 2 or len(self._members(fact)[0]) >= 2):
            out.append("multi")
        if fact.kind == "category":
            out.append("category")
        if fact.kind == "term":
            out.append("term")
            if fact.asked:  # the notes' own question, their answer among their answers to its like
                out.append("answer")
        if fact.across:
            out.append("column")  # "Which of these is true of Storage queues?"
        if fact.kind in ("table", "definition") and not fact.across:
            # (a compared thing's cell is asked as what is true of it: "which feature of Versioning do your notes
            # give as 'Unique version ID'?" is a row-label lookup a reader answers by the words, and "the fuel of
            # Type 1?" among Fat, Less, Red by the sort of value)
            out += ["name", "value"] if fact.kind == "table" and len(fact.value.split()) <= 12 else ["name"]
        if fact.kind == "number":
            out.append("number")
        return out

    def draft(self, fact: Fact, difficulty: str, rng: random.Random, form: str | None = None) -> Draft | None:
        forms = self.forms(fact)
        if not forms:
            return None
        if form is None:
            hard = [f for f in forms if f in ("scenario", "multi", "category")]
            recall = [f for f in forms if f in RECALL_FORMS]
            if difficulty == "hard" and not hard:
                return None  # "hard" means a scenario or a multi-select, never a recall question made harder
            pool = hard if difficulty == "hard" else recall  # easy and medium are recall questions
            if not pool:
                return None
            form = rng.choice(pool)
            if form in ("term", "answer") and {"term", "answer"} <= set(pool):  # a term: the other way when one fails
                first, then = (self._term, self._answer) if form == "term" else (self._answer, self._term)
                return first(fact, difficulty, rng) or then(fact, difficulty, rng)
        if form == "scenario":
            return self._scenario(fact, difficulty, rng)
        if form == "multi":
            return self._multi(fact, rng)
        if form == "category":
            return self._category(fact, difficulty, rng)
        if form == "term":
            return self._term(fact, difficulty, rng)
        if form == "answer":
            return self._answer(fact, difficulty, rng)
        if form == "number":
            return self._number(fact, difficulty, rng)
        if form == "column":
            return self._column(fact, 1, rng)
        return self._single(fact, form, difficulty, rng)

    # -- numbers of the prose: which number completes the line? ---------------------------------------
    def _number(self, fact: Fact, difficulty: str, rng: random.Random) -> Draft | None:
        """"Which number completes this line of your notes?": the key is the number as written, the distractors
        the notes' other values of the same unit (where they say them) and values scaled from the key."""
        mine = _as_quantity(fact)
        pool = [(_as_quantity(g), f"{g.source}:{g.lines[0]}") for g in self.facts
                if g.kind == "number" and g.id != fact.id]
        rng.shuffle(pool)
        pool.sort(key=lambda x: x[1].split(":")[0] != fact.source)  # the same file's values first
        wrong = rivals(mine, pool)
        if len(wrong) < 3:
            return None
        place = _place(fact.heading, self.repeated_titles)
        under = f"Under “{place}” in your notes" if place else "In your notes"
        asked = re.match(rf"^(?P<q>[^?]{{8,}}\?)\s+(?P<a>[^?]*{re.escape(BLANK)}[^?]*)$", fact.masked)
        if asked:  # a line under the notes' own question ("What is a mass society ...?"): asked as their answer to it
            stem = f"{under}, your notes answer “{asked['q']}” with: “{asked['a']}”. Which number fills the blank?"
        else:
            stem = f"{under}, which number completes this line: “{fact.masked}”?"
        return Draft(fact, "number", stem, [fact.subject], wrong,
                     f"Your notes: “{fact.value}” (line {fact.lines[0]}).", difficulty, near=True)

    # -- scenarios: a need, and the thing the notes say is for it ----------------------------------
    def _scenario(self, fact: Fact, difficulty: str, rng: random.Random) -> Draft | None:
        need = _need(fact.value)
        if not need or broken_option(fact.subject):
            return None
        pool = [sb for sb in fact.siblings if norm(sb.subject) != norm(fact.subject) and not broken_option(sb.subject)
                and not same_value(sb.value, fact.value, self.judge.embed_many)
                and not (_need(sb.value) and same_value(_need(sb.value), need, self.judge.embed_many))
                and not terms(need) <= terms(sb.value)]
        seen, uniq = {norm(_display(fact.subject))}, []
        for sb in pool:
            if norm(_display(sb.subject)) not in seen:
                seen.add(norm(_display(sb.subject)))
                uniq.append((_display(sb.subject), sb))
        if fact.kind == "use":  # prose uses: distractors of the same kind, about the same sort of thing
            if fact.predicate != "use":  # "X is a service that ...": the distractors are services too
                uniq = [(t, sb) for t, sb in uniq
                        if any(f.subject == sb.subject and f.predicate.split()[-1] == fact.predicate.split()[-1]
                               for f in self._uses)]
            v = self.judge.embed(fact.value)
            sims = sorted((float(x) for x in self.judge.embed_many([sb.value for _, sb in uniq]) @ v), reverse=True)
            if len(sims) < 3 or sims[2] < 0.25:
                return None
        if len(uniq) < 3:
            return None
        # a distractor the notes say meets the need too would be right as well: drop it, keep looking
        ok = [(t, sb) for t, sb in self._plausible(_display(fact.subject), uniq)[:8] if not self._meets(t, sb, fact, need)
              and not self._fits_by_row(sb, fact, need)]
        if len(ok) < 3:
            return None
        chosen = self._pick(_display(fact.subject), ok, 3, "medium" if difficulty == "easy" else difficulty, rng)
        kind = _kind(fact)
        where = f"{fact.source}:{fact.lines[0]}"
        rationale = f"Your notes give {_display(fact.subject)} for this: “{_short(fact.value)}” ({where})."
        wrong = [(t, f"Your notes give {t} for something else: “{_short(sb.value)}” ({sb.source or fact.source}:{sb.line}); "
                     "they do not give it for this need.", None if sb.source else sb.line) for t, sb in chosen]
        # (the need is the notes' own words, a verb phrase or not: "not for support standard AMQP 1.0" reads broken)
        stem = _scenario_stem(need, kind)
        return Draft(fact, "scenario", stem, [_display(fact.subject)], wrong, rationale, "hard")

    def rivalry(self, name: str, value: str, others: list[tuple[str, str]]) -> np.ndarray:
        """How much each of `others` (name, what the notes say of it) is a rival of the key: the cosine of
        "name: first words of its description" - what it is called and what sort of thing it is - so two
        kernel designs are close and a kernel design and a section on OS services are not."""
        if not others:
            return np.zeros(0)
        vecs = self.judge.embed_many([_rival_text(n, v) for n, v in others])
        return vecs @ self.judge.embed(_rival_text(name, value))

    def _same_sort(self, sort: str | None, cands: list, sort_of, said_of=None) -> list:
        """The candidates of the key's own sort, when the notes say what sort of thing the key is ("a construct
        called a mutex", "Mutexes are synchronization constructs that ..."): each distractor must be said to be one too (`said_of`:
        the words the notes say of it), or a sort near it in meaning ("the belief" / "a philosophy"). A candidate
        whose sort cannot be told is not of the key's sort. Fewer left than a question needs means the question is
        not asked: it is never filled with another kind."""
        if not sort:
            return cands
        theirs = [sort_of(c) for c in cands]
        words = sorted({t for t in theirs if t})
        near = dict(zip(words, (self.judge.embed_many(words) @ self.judge.embed(sort)).tolist())) if words else {}
        return [c for c, t in zip(cands, theirs) if (said_of is not None and terms(sort) <= terms(said_of(c)))
                or near.get(t or "", 0.0) >= SORT_NEAR]

    def _plausible(self, correct: str, cands: list) -> list:
        """Candidates ordered by closeness in meaning to the right answer."""
        v = self.judge.embed(correct)
        sims = self.judge.embed_many([t for t, _ in cands]) @ v
        return [cands[i] for i in np.argsort(-sims)]

    def _meets(self, name: str, sb: Sibling, fact: Fact, need: str) -> bool:
        """Whether the notes say `name` meets `need`, or one part of it ("data cleaning" of "feature
        engineering and data cleaning"): on its own line, or in a statement anywhere else that names it."""
        own = file_lines(self.notes_dir, sb.source or fact.source, self._lines)[sb.line - 1]
        parts = [need] + [p.strip() for p in re.split(r",|;| and ", need) if len(p.split()) >= 2 and p.strip() != need]
        return any(_says(name, p, own) or self._elsewhere(name, p) for p in parts)

    def _fits_by_row(self, sb: Sibling, fact: Fact, need: str) -> bool:
        """Whether what the notes say of a distractor - any cell of its own table row, or any point of a cell
        ("• When ...") - means the need nearly as the key's does: "Real-time streaming data delivery" (Firehose)
        for "real-time data processing" (Flink's use case) would be defended as right."""
        if sb.source:
            cells = [sb.value]
        else:
            row = self._by_row().get((fact.source, sb.line), [])
            cells = [sb.value] + [g.value for g in row]
        parts = {p.strip() for c in cells for p in re.split(r"\s*[•●▪;]\s*", c) + [c] if len(p.split()) >= 2}
        if not parts:
            return False
        parts = sorted(parts)
        return float(np.max(self.judge.embed_many(parts) @ self.judge.embed(need))) >= ROW_FITS

    def _elsewhere(self, name: str, need: str) -> bool:
        """Anywhere in the notes (by retrieval, when the generator has a retriever), a statement that names
        `name` and says it does `need` ("Glue: ... clean it, enrich it" for "data cleaning")."""
        if self.retriever is None:
            return False
        return any(_says(name, need, u.full) for p in self.retriever.search(f"{name} {need}", k=4) for u in units(p.text))

    def _does_too(self, name: str, need: tuple[str, str]) -> bool:
        """Anywhere in the notes (by retrieval), a sentence where `name` does what the blank does, in so many words:
        the two words of `need` right after the name, a few words apart at most ("Event sources send events to ..."
        for "send events"; not "The false positive rate (FPR) measures the false alarm rate or the fraction ...")."""
        if self.retriever is None:
            return False
        w1, w2 = (re.escape(w[:max(4, len(w) - 2)]) for w in need)
        said = re.compile(rf"(?<![\w-]){re.escape(name)}\W+(?:[\w'-]+\W+){{0,4}}?{w1}\w*\W+(?:[\w'-]+\W+){{0,2}}?{w2}", re.I)
        return any(said.search(clean(u.full)) for p in self.retriever.search(f"{name} {' '.join(need)}", k=4)
                   for u in units(p.text))

    # -- multi-select: the rows that share a value ---------------------------------------------------
    def _sharing(self, fact: Fact) -> tuple[list[Sibling], list[Sibling]]:
        """For a short categorical cell: the other rows with the same value, and rows whose value shares no
        word with it (the possible distractors)."""
        if fact.kind != "table" or len(fact.value.split()) > 4 or re.search(r"\d", fact.value):
            return [], []
        mine = set(norm(fact.value).split())
        usable = [sb for sb in fact.siblings if not broken_option(_display(sb.subject))]
        same = [sb for sb in usable if set(norm(sb.value).split()) == mine]
        other = [sb for sb in usable if not set(norm(sb.value).split()) & mine and
                 (not fact.across or same_shape(sb.value, fact.value))]  # criteria rows: the key's sort of value
        if len(same) < 1 or len(other) < 3:
            return [], []
        return same, other

    def _row(self, fact: Fact) -> list[Fact]:
        """The facts of the same table row with short cells (one per column): the true statements about it."""
        if fact.kind != "table":
            return []
        return [f for f in self._by_row().get((fact.source, fact.lines[0]), [])
                if len(f.value.split()) <= 8 and not broken_option(f"{f.predicate}: {f.value}")]

    def _by_row(self) -> dict[tuple[str, int], list[Fact]]:
        if self._rows is None:
            rows: dict[tuple[str, int], list[Fact]] = {}
            for f in self.facts:
                if f.kind == "table":
                    rows.setdefault((f.source, f.lines[0]), []).append(f)
            self._rows = rows
        return self._rows

    def _true_of(self, fact: Fact, rng: random.Random) -> Draft | None:
        """"Which TWO are true of X?": two of X's own cells, and other rows' cells of X's other columns."""
        row = self._row(fact)
        if len(row) < 2:
            return None
        right = rng.sample(row, 2)
        wrong = []
        # distractors from the row's other columns: a key and a distractor on the same column would tell
        # the student that one of the two is right
        others = [f for f in row if f not in right]
        if not others:
            return None
        for f in rng.sample(others, len(others)) * 3:
            if len(wrong) == 3:
                break
            mine = set(norm(f.value).split())
            close = dict(zip([sb.line for sb in f.siblings],
                             (self.judge.embed_many([sb.value for sb in f.siblings]) @ self.judge.embed(f.value)).tolist()))
            foils = [sb for sb in f.siblings if len(sb.value.split()) <= 8 and not set(norm(sb.value).split()) & mine
                     and close.get(sb.line, 1.0) < CLOSE_VALUE
                     and f"{f.predicate}: {sb.value}" not in [w[0] for w in wrong]
                     and not broken_option(f"{f.predicate}: {sb.value}")]
            if foils:
                sb = rng.choice(foils)
                wrong.append((f"{f.predicate}: {sb.value}", f"That is {_display(sb.subject)}'s {f.predicate.lower()} "
                               f"({f.source}:{sb.line}); {_display(fact.subject)}'s is “{_short(f.value, 12)}”.", sb.line))
        if len(wrong) < 3:
            return None
        kind = _kind(fact)
        of = f"the {kind} " if kind != "option" else ""  # a table with no first header names no kind
        stem = f"Which TWO of these are true of {of}{_display(fact.subject)}, according to your notes? (Select TWO.)"
        texts = [f"{f.predicate}: {f.value}" for f in right]
        rats = [f"{_display(fact.subject)}: {f.predicate} is “{_short(f.value, 12)}” ({f.source}:{f.lines[0]})."
                for f in right]
        return Draft(fact, "true-of", stem, texts, wrong, rats[0], "hard", key_lines=[fact.lines[0]],
                     key_rationales=rats)

    def _column(self, fact: Fact, keys: int, rng: random.Random) -> Draft | None:
        """A table comparing things column by column ("Comparison criteria | Storage queues | Service Bus
        queues"): "Which of these is true of Storage queues?" - its own cell on a criterion (two for a Select
        TWO), and the other things' cells on other criteria, each false of it because its own cell there says
        otherwise. Only criteria on which the things differ (their cells share no word) are used, and the key's
        value is never the only one of its kind among the options (four "Yes" and a lone "No" would tell)."""
        def differs(g: Fact) -> list[Fact] | None:  # the other things' cells on g's criterion, when all differ from g's
            row = [h for h in self._by_row().get((g.source, g.lines[0]), []) if h.predicate != g.predicate]
            mine = set(norm(g.value).split())
            if not row or len(g.value.split()) > 8 or broken_option(f"{g.subject}: {g.value}") or any(
                    set(norm(h.value).split()) & mine or len(h.value.split()) > 8 for h in row):
                return None
            return row

        if not fact.across or differs(fact) is None:
            return None
        column = [g for g in self.facts if g.kind == "table" and g.source == fact.source and g.header == fact.header
                  and g.predicate == fact.predicate and norm(g.subject) != norm(fact.subject) and differs(g)]
        mates = rng.sample(column, len(column))
        right = [fact] + [g for g in mates if g.block == fact.block][: keys - 1]  # (its own table: cited under its heading)
        if len(right) < keys:
            return None
        asked = {norm(g.subject) for g in right}  # foils: this table's rows first, then the comparison's other tables
        foils = [(g, h) for g in sorted(mates, key=lambda g: g.block != fact.block) for h in differs(g) or []
                 if norm(g.subject) not in asked]
        values = {norm(g.value) for g in right}

        polars = {_polarity(g.value) for g in right} - {None}

        def pick(foils: list) -> list:  # a foil with a key's own value (or its own yes or no) first
            alike = [c for c in foils if norm(c[1].value) in values or _polarity(c[1].value) in polars]
            rest = [c for c in foils if norm(c[1].value) not in values]
            wrong: list = []
            for g, h in alike[:1] + rest + alike[1:]:
                if len(wrong) < 3 and norm(g.subject) not in {norm(w[0].subject) for w in wrong}:
                    wrong.append((g, h))
            return wrong

        wrong = pick([c for c in foils if c[0].block == fact.block])  # its own table's, when it has enough
        if len(wrong) < 3:
            wrong = pick(foils)
        if len(wrong) < 3:
            return None
        texts = [norm(g.value) for g in right] + [norm(h.value) for _, h in wrong]
        if len(set(texts)) < len(texts) and any(texts.count(norm(g.value)) == 1 for g in right):
            return None  # the values repeat, and a key's is the odd one out
        said = [_polarity(g.value) for g in right] + [_polarity(h.value) for _, h in wrong]
        if any(p and said.count(p) == 1 for p in said[: len(right)]):
            return None  # the only "No" among "Yes (by using sessions)" and "FIFO": picked as the odd one out
        thing = _display(fact.predicate)
        others = [_display(h) for h in fact.header[1:] if h and h != fact.predicate]
        # the table's heading only when every option is from that table: foils from the comparison's other tables
        # under it would be struck by where they are not (an outside reader: "only the key is a row of that table")
        place = _place(fact.heading, self.repeated_titles) if all(g.block == fact.block for g, _ in wrong) else ""
        under = f"Under “{place}”, your" if place else "Your"  # "Type 1" of what?
        compare = f"{under} notes compare {thing} with {' and '.join(others)}. " if others else ""
        which = "Which TWO of these are" if keys == 2 else "Which of these is"
        stem = f"{compare}{which} true of {thing}?" + (" (Select TWO.)" if keys == 2 else "")
        rats = [f"{thing}: {g.subject} is “{_short(g.value, 12)}” ({g.source}:{g.lines[0]})." for g in right]
        wrong_r = [(f"{g.subject}: {h.value}", f"That is {_display(h.predicate)}'s {g.subject.lower()} "
                    f"({g.source}:{g.lines[0]}); {thing}'s is “{_short(g.value, 12)}”.", g.lines[0]) for g, h in wrong]
        return Draft(fact, "column", stem, [f"{g.subject}: {g.value}" for g in right], wrong_r, rats[0],
                     "hard" if keys == 2 else "medium", key_lines=[g.lines[0] for g in right], key_rationales=rats)

    @staticmethod
    def _members(fact: Fact) -> tuple[list[str], list[tuple[str, Sibling]]]:
        """A cell that lists things ("Linear Learner; XGBoost; KNN"): its items, and the other rows' items
        that are not among them (with the row they come from)."""
        def items(value: str) -> list[str]:
            return [re.sub(r"\s*\([^)]*\)$", "", x).strip() for x in value.split("; ") if x.strip()]

        mine = items(fact.value) if "; " in fact.value else []
        if len(mine) < 2 or any(len(x.split()) > 4 for x in mine):
            return [], []
        have = {norm(x) for x in mine}
        foils, seen = [], set()
        for sb in fact.siblings:
            for x in items(sb.value):
                if norm(x) not in have and norm(x) not in seen and len(x.split()) <= 4:
                    seen.add(norm(x))
                    foils.append((x, sb))
        return mine, foils

    def _listed(self, fact: Fact, rng: random.Random) -> Draft | None:
        """"Which TWO of these algorithms do your notes list for Classification?" """
        mine, foils = self._members(fact)
        if len(mine) < 2 or len(foils) < 3:
            return None
        # a foil the notes say elsewhere is one of them too ("BlazingText ... Text Classification", listed under
        # another row of the table) would be defended as right (an outside reader)
        foils = [(x, sb) for x, sb in foils if not self._elsewhere(x, _display(fact.subject))]
        if len(foils) < 3:
            return None
        right = rng.sample(mine, 2)
        wrong = rng.sample(foils, 3)
        pred = fact.predicate.lower()
        stem = f"Which TWO of these {pred} do your notes list for {_display(fact.subject)}? (Select TWO.)"
        where = f"{fact.source}:{fact.lines[0]}"
        rats = [f"Listed for {_display(fact.subject)} ({where})."] * 2
        wrong_r = [(x, f"Listed for {_display(sb.subject)} ({fact.source}:{sb.line}), not for {_display(fact.subject)}.",
                    sb.line) for x, sb in wrong]
        return Draft(fact, "listed", stem, right, wrong_r, rats[0], "hard", key_rationales=rats)

    def _multi(self, fact: Fact, rng: random.Random) -> Draft | None:
        if len(self._members(fact)[0]) >= 2 and rng.random() < 0.6:
            d = self._listed(fact, rng)
            if d is not None:
                return d
        same, other = self._sharing(fact)
        if not same:
            return self._column(fact, 2, rng) if fact.across else self._true_of(fact, rng)
        mate = rng.choice(same)
        foils = rng.sample(other, 3)
        names = [_display(fact.subject), _display(mate.subject)] + [_display(sb.subject) for sb in foils]
        if len({norm(n) for n in names}) < 5 or any(broken_option(n) for n in names):
            return None
        kind = _plural(_kind(fact))
        these = "these" if kind == "options" else f"these {kind}"  # a table with no first header names no kind
        pred, value = fact.predicate, fact.value
        if fact.across:
            stem = f"For {pred}, which TWO of {these} do your notes give as “{value}”? (Select TWO.)"
        elif norm(value) in norm(pred):
            stem = f"Which TWO of {these} are {value.lower()} according to your notes? (Select TWO.)"
        elif "/" in pred:  # "Cath./Prot.", "From/Dynasty": the column names two things; quote the value
            stem = f"For which TWO of {these} do your notes give “{value}” under “{pred}”? (Select TWO.)"
        else:
            stem = f"Which TWO of {these} have “{value}” as their {pred.lower()}? (Select TWO.)"
        where = fact.source
        rationale_key = f"{pred}: “{value}” (line {fact.lines[0]})."
        wrong = [(_display(sb.subject), f"{pred}: “{_short(sb.value, 12)}”, not “{value}” ({where}:{sb.line}).", sb.line)
                 for sb in foils]
        return Draft(fact, "multi", stem, [_display(fact.subject), _display(mate.subject)], wrong, rationale_key, "hard",
                     key_lines=[fact.lines[0], mate.line],
                     key_rationales=[f"{pred}: “{value}” ({where}:{fact.lines[0]}).",
                                     f"{pred}: “{mate.value}” ({where}:{mate.line})."])

    def _single(self, fact: Fact, form: str, difficulty: str, rng: random.Random) -> Draft | None:
        pool = [s for s in fact.siblings if norm(s.value) != norm(fact.value) and norm(s.subject) != norm(fact.subject)]
        if fact.across:  # rows are criteria of one thing: a row holding another sort
            pool = [s for s in pool if same_shape(s.value, fact.value)]  # of value ("Yes" / "Lock-based") is told apart
        if form == "value" and pool:  # a value close in meaning to the key's would also be right
            v = self.judge.embed(fact.value)
            close = self.judge.embed_many([s.value for s in pool]) @ v
            pool = [s for s, c in zip(pool, close) if float(c) < CLOSE_VALUE]
        if form == "name":
            if broken_option(_display(fact.subject)):
                return None  # the notes' own name is cut or garbled ("S3 One -IA"): not an answer to show
            if any(norm(s.value) == norm(fact.value) for s in fact.siblings) or len(fact.value.split()) > 30:
                return None  # the value is not unique (several rows would be right), or too long to ask
            # someone among things, or a thing among people, is picked by its kind alone: "Journalist and
            # politician ... He was ..." (Marat) among the Reign of Terror and the levée en masse
            someone = _describes_person(fact.value)
            cands = [(_display(s.subject), s) for s in pool if _describes_person(s.value) == someone]
            correct = _display(fact.subject)
        else:
            cands = [(s.value, s) for s in pool]
            correct = fact.value
        seen, uniq = {norm(correct)}, []
        for text, s in cands:
            if norm(text) not in seen and not broken_option(text):
                seen.add(norm(text))
                uniq.append((text, s))
        if len(uniq) < 3:
            return None
        v = self.judge.embed(fact.value)
        sims = self.judge.embed_many([s.value for _, s in uniq]) @ v
        plausible = [c for c, x in zip(uniq, sims) if float(x) >= 0.3]
        if len(plausible) < 2:
            return None  # the list mixes unrelated things: its other items would be giveaway distractors
        # three options rather than a silly fourth, when only two others are of the same sort
        chosen = self._pick(correct, plausible, min(3, len(plausible)), difficulty, rng)
        what = fact.predicate.lower()
        if form == "name":
            wrong = [(t, f"{s.subject}: {fact.predicate} is “{_short(s.value)}”, not “{_short(fact.value)}” "
                         f"(line {s.line}).", s.line) for t, s in chosen]
            rationale = f"{fact.subject}: {fact.predicate} is “{_short(fact.value)}” (line {fact.lines[0]})."
        else:
            wrong = [(t, f"That is the {what} of {s.subject} (line {s.line}), not of {fact.subject}.", s.line)
                     for t, s in chosen]
            rationale = f"Your notes give the {what} of {fact.subject} as this (line {fact.lines[0]})."
        return Draft(fact, form, self._stem(fact, form, self.repeated_titles), [correct], wrong, rationale, difficulty)

    # -- terms of the prose: which term is described so? ---------------------------------------------
    def _term_pool(self) -> tuple[list[Fact], np.ndarray, np.ndarray]:
        """Every term the notes' prose introduces, with the vectors of its description and of what sort of
        thing the description says it is (its first words: "an anatomist who", "the kingdom that")."""
        if self._terms is None:
            pool = [f for f in self.facts if f.kind in ("term", "mention")]  # mentions: options, never asked
            # the notes' other named things are options too (never asked here): the terms a list defines ("- **X**:
            # ...") and the short items of a list - the rivals of a term often sit in its own section's list
            names = {norm(f.subject) for f in pool}
            for f in self.facts:
                if f.kind == "definition" and norm(f.subject) not in names and len(f.subject.split()) <= 4:
                    names.add(norm(f.subject))
                    pool.append(replace(f, kind="mention", masked=f.value))
                elif f.kind == "category" and f.predicate == "member":
                    for m in f.members:
                        if norm(m) not in names and len(m.split()) <= 4 and not broken_option(m):
                            names.add(norm(m))
                            pool.append(Fact("mention", f.source, f.heading, f.lines, f.block, m, "item", "", "", masked=""))
            self._terms = (pool, self.judge.embed_many([f.value for f in pool]),
                           self.judge.embed_many([_head(f) for f in pool]))
            self._rival_vecs = self.judge.embed_many([_rival_text(f.subject, f.value) for f in pool])
        return self._terms

    def _term(self, fact: Fact, difficulty: str, rng: random.Random) -> Draft | None:
        """"Which term do your notes describe as ...?": the key is the term, the stem its own sentence(s) with
        the term blanked; distractors are other terms of the notes, of the same kind (the nearest by the
        meaning of their own descriptions and names, the same file and section first), never one whose own
        description also fits the stem, one the cited lines name, or one whose name is a part of the key's."""
        pool, dvecs, nvecs = self._term_pool()
        under = True
        i = next((k for k, g in enumerate(pool) if g.id == fact.id), None)
        if i is None:
            return None
        stem_v = self.judge.embed(fact.masked)
        fit_key = float(dvecs[i] @ stem_v)
        key_words = set(norm(fact.subject).split())
        seen = {norm(fact.subject)}
        cands = []

        above = {norm(re.sub(r"^(?:\d+[.)]?\s+|[IVX]+\.\s+)", "", h)) for h in fact.heading.split(HEADING_SEP)}

        def usable(g_subject: str, g_value: str, fit: float) -> bool:
            name = norm(g_subject)
            words = set(name.split())
            if name in above:
                return False  # a heading the key's own section sits under: it "describes" the key's text as well
            if not name or name in seen or words <= key_words or key_words <= words or contains(fact.quote, g_subject) \
                    or contains(g_value, fact.subject) or broken_option(g_subject):
                return False  # a part of the key's name, named by the cited lines, or said of the key itself
            if fit >= TERM_FITS or fit >= fit_key - TERM_MARGIN:
                return False  # its own description fits the stem too: it would be right as well
            if g_value and (len(roots(g_value) & roots(fact.masked)) >= max(SHARED_MIN, TERM_SHARED * len(roots(g_value))) or any(
                    len(c) >= 2 and c <= roots(g_value) for c in clauses)):
                return False  # its own description says what the stem (or one clause of it) says: "Increase in secretions"
            return 1 / SHAPE_RATIO <= (len(g_subject) + 4) / (len(fact.subject) + 4) <= SHAPE_RATIO  # another shape stands out

        clauses = [roots(c) for c in re.split(r",|;|:|\band\b|\bbut\b|\bwhile\b|\bwhich\b", fact.masked.replace(BLANK, " "))]
        # a heading's siblings (the other headings under the same parent) are its rivals in the notes' own
        # outline - ranked by how like the key they are (name and what the notes say of it), and only those
        # of its kind by the same measure: "OS Elements" is a sibling of "Microkernel" but no rival of it
        sibs = [sb for sb in fact.siblings if sb.value or sb.subject]
        sib_vecs = self.judge.embed_many([sb.value or sb.subject for sb in sibs])
        sib_rival = self.rivalry(fact.subject, fact.value, [(sb.subject, sb.value) for sb in sibs])
        for n, (sb, v, r) in enumerate(zip(sibs, sib_vecs, sib_rival)):
            if r >= RIVAL_MIN and usable(sb.subject, sb.value, float(v @ stem_v)):
                seen.add(norm(sb.subject))
                g = Fact("term", fact.source, fact.heading, (sb.line, sb.line), (sb.line, sb.line), sb.subject,
                         fact.predicate, sb.value, sb.value)
                cands.append((float(r) + TIER_BONUS[-1], g, -1))  # siblings first, the likest to the key first
        desc_sim = dvecs @ dvecs[i]
        name_sim = nvecs @ nvecs[i]
        fit = dvecs @ stem_v  # how well each term's own description fits the stem
        rival = self._rival_vecs @ self.judge.embed(_rival_text(fact.subject, fact.value))
        parent = fact.heading.split(HEADING_SEP)[:-1]
        sort = _sort_noun(fact)
        person = _person(fact)
        for k, g in enumerate(pool):
            if k == i or not usable(g.subject, g.value, float(fit[k])):
                continue
            if (g.predicate.split()[0] == "heading") != (fact.predicate.split()[0] == "heading"):
                continue  # a section's heading against a word of prose ("AWS Solutions" for "Batch processing"): another
                # kind of answer, in any file - the heading names a part of the notes, the word a thing
            near = g.source == fact.source and g.heading == fact.heading and float(desc_sim[k]) >= TERM_NEIGHBOUR
            if (float(name_sim[k]) < TERM_SAME_SORT and not near) or _person(g) != person:
                continue  # its description opens on another sort of thing ("a chancellor who" / "the belief");
                # a term of the same section said of the same thing is the natural rival (afterload / preload)
            score = 0.6 * float(desc_sim[k]) + 0.4 * float(name_sim[k])
            # the same sort said outright ("... is a service that"), a name against a name: the same kind
            score += 0.1 * bool(sort and sort in terms(g.value))
            score += 0.1 * (("name" in g.predicate.split()) == ("name" in fact.predicate.split()))
            seen.add(norm(g.subject))
            gp = g.heading.split(HEADING_SEP)[:-1]
            tier = 3 if g.source != fact.source else 0 if gp == parent else 1 if gp[:-1] == parent[:-1] and parent[:-1] else 2
            # a term of the key's own section or parent is its rival in the notes' structure when it is of its
            # kind (RIVAL_MIN); one from further away only when it is as alike as terms of one section are
            # (RIVAL_WIDE); the nearer in the outline and the likelier, the sooner
            r = float(rival[k])
            if score < TERM_RELATED or r < (RIVAL_MIN if tier <= 1 else RIVAL_WIDE):
                continue
            cands.append((r + TIER_BONUS[tier], g, tier))
        cands.sort(key=lambda c: -c[0])
        kept: list = []
        for c in cands:  # "Luther" and "Martin Luther": one person, never two options
            w = set(norm(c[1].subject).split())
            if not any(w <= set(norm(o.subject).split()) or set(norm(o.subject).split()) <= w for _, o, _ in kept):
                kept.append(c)
        if fact.predicate.startswith("heading"):  # a heading among headings of its own notes, or not at all
            kept = [c for c in kept if c[2] <= 2]
            if _under(fact):  # a stem that names the parent heading ("under “Combined A1 and Beta Antagonists”") names
                # the key's group: its rivals are then the others of that group, never things of other groups; with
                # fewer than two of them, the stem does not name the group and the rivals of other groups stay
                group = self._heading_group(fact, kept, _under(fact))
                under = len(group) >= 2
                kept = group if under else kept
        if fact.predicate.startswith("heading section"):
            # a sentence from inside a section: a rival whose own section says what it says as well as the
            # key's does (the lines around it) would fit it too ("Which ___ can occur depends on the platform")
            lines = file_lines(self.notes_dir, fact.source, self._lines)
            a, b = fact.lines
            before, after = [], []
            for n in range(a - 2, max(-1, a - 8), -1):  # the section's own lines, up to its heading
                if lines[n].lstrip().startswith("#"):
                    break
                before.insert(0, lines[n])
            for n in range(b, min(len(lines), b + 6)):
                if lines[n].lstrip().startswith("#"):
                    break
                after.append(lines[n])
            around = " ".join(x.strip() for x in before + after if x.strip() and not x.lstrip().startswith(("!", "`", "|")))
            if not around:
                return None
            own = float(self.judge.embed(around) @ stem_v)
            theirs = self.judge.embed_many([c[1].value or c[1].subject for c in kept]) @ stem_v if kept else []
            kept = [c for c, t in zip(kept, theirs) if float(t) < own + SECTION_MARGIN]
        shown: dict[int, str] = {}  # a rival's name as the blank reads it, when not as the notes write it
        slot = blank_text(_term_stem(fact, under))
        if slot is not None:  # the words around the blank: every option must read right in it
            if modifier_slot(slot):
                return None  # "a ___ thread": only kinds of thread fit, and the notes' terms are not sorted so
            form = phrase_form(fact.subject)  # an adjective among nouns ("Non-cache-coherent" for "a(n) ___")
            kept = [c for c in kept if phrase_form(c[1].subject) == form]
            want = slot_number(slot)
            if want and number(_cap(fact.subject)) == want:
                # a rival of the other number reads right in the blank in the blank's number ("Protection bit" for
                # "a(n) ___ which gets set", the notes' "protection bits"), when its name can be put in it
                for c in kept:
                    if number(_cap(c[1].subject)) not in (want, None) and self._common(c[1]) and (
                            name := inflected(c[1].subject, want)):
                        shown[id(c[1])] = name
                kept = [c for c in kept if number(_cap(shown.get(id(c[1]), c[1].subject))) in (want, None)]
        named = None if person else _slot_sort(fact)  # people: already matched as people (_person)
        kept = self._same_sort(named, kept, lambda c: _slot_sort(c[1]), lambda c: c[1].value)
        everyone, cands = kept, kept[:8]
        least = 2 if fact.predicate.startswith("heading") or named else 3
        own = self._own_group(fact, kept)
        if len(own) >= 2:  # options from one group only (three of one kind rather than four of two kinds)
            everyone, cands, least = own, own[:8], 2
        if len(cands) < least:
            return None  # (two of its kind and the key: three options rather than a fourth of another kind)
        k = min(3, len(cands))
        # easy: drawn at random, but only among the rivals about as much of the key's kind as the k-th likest
        # (the sixth of a list of headings is often a section of another sort: "System Call Flow" for "Microkernel")
        alike = [c for c in cands[:6] if c[0] >= cands[k - 1][0] - EASY_SPREAD]
        chosen = rng.sample(alike, k) if difficulty == "easy" else cands[:k]

        def near(c: tuple) -> bool:  # a heading sibling, a term under the same parent heading, or a few lines away
            _, g, tier = c
            return g.source == fact.source and (tier <= 0 or not far_from_key(fact.lines, [g.lines[-1]]))

        if not any(near(c) for c in chosen):  # a rival from the key's own part of the notes, when it has one
            mine = next((c for c in everyone if near(c)), None)
            if mine is not None:
                chosen = chosen[:k - 1] + [mine]
        stem = _term_stem(fact, under)
        if BLANK in stem and not named and not re.match(rf"\W*{re.escape(BLANK)}", fact.masked):
            # a blank mid-sentence that says no sort of thing the options were held to ("a construct called ___" holds
            # them to constructs; a blank opening the sentence is its subject, asked as a definition is): the
            # likest rivals, if they are rivals enough to fit
            def rivalry(c: tuple) -> float:  # what a candidate was ranked by, less its place in the outline
                return c[0] - TIER_BONUS[c[2]]
            if np.mean([rivalry(c) for c in chosen]) < FILL_RIVAL:
                best = sorted(everyone, key=rivalry, reverse=True)[:k]
                if np.mean([rivalry(c) for c in best]) < FILL_RIVAL:
                    return None  # no question rather than one whose distractors do not fit the blank as the key does
                chosen = [c for c in everyone if c in best]
        need = _after_subject_blank(fact.masked)
        said: dict[str, bool] = {}  # (one search of the notes per rival)

        def does_too(c: tuple) -> bool:
            if c[1].subject not in said:
                said[c[1].subject] = self._does_too(c[1].subject, need)
            return said[c[1].subject]

        if need and any(does_too(c) for c in chosen):
            # a rival the notes say the same of elsewhere ("Event sources send events to Event Grid" for "___ send
            # events without needing to know ... subscribers"): it would fill the blank as well - another in its place
            keep = [c for c in chosen if not does_too(c)]
            spare = (c for c in everyone if c not in chosen and not does_too(c))
            chosen = keep + [c for _, c in zip(range(len(chosen) - len(keep)), spare)]
            if len(chosen) < least:
                return None
        close = any(near(c) for c in chosen)
        chosen = [(sc, g) for sc, g, _ in chosen]
        where = f"{fact.source}:{self._quoted_at(fact.source, fact.lines[0], fact.value)}"
        rationale = f"Your notes: “{_short(fact.value, 40)}” ({where})."
        wrong = [(_cap(shown.get(id(g), g.subject)), (f"Your notes describe {g.subject} otherwise: “{_short(g.value, 20)}” " if g.value
                                    else f"{g.subject} is another section of your notes ") +
                  f"({g.source}:{self._quoted_at(g.source, g.lines[0], g.value) if g.value else g.lines[-1]}).",
                  g.lines[-1] if g.source == fact.source else None)
                 for _, g in chosen]
        return Draft(fact, "term", stem, [_cap(fact.subject)], wrong, rationale, difficulty, near=close)

    def _common(self, g: Fact) -> bool:
        """Is `g`'s name a common noun, one whose number can be changed? Its words after the first are lower case
        and its file writes its last word in lower case at least as often as with a capital ("semaphores"; not
        "Anabaptists", written so but once, "AWS Glue")."""
        words = g.subject.split()
        if not words or any(w[:1].isupper() for w in words[1:]):
            return False
        text = "\n".join(file_lines(self.notes_dir, g.source, self._lines))
        uses = re.findall(rf"(?<![\w-]){re.escape(_singular(words[-1].lower()))}(?:s|es)?(?![\w-])", text, re.I)
        lower = sum(u.islower() for u in uses)
        return lower > 0 and lower >= len(uses) - lower

    def _heading_group(self, fact: Fact, rivals: list[tuple], parent: str | None) -> list[tuple]:
        """The rivals (score, Fact, tier) of a heading that sit under the heading `parent`, as the key does: terms of
        the same parent (tier 0) and the heading siblings whose own parent it is (tier -1 also holds cousins, the
        headings of the parent's siblings: another drug class's drugs)."""
        lines = file_lines(self.notes_dir, fact.source, self._lines)
        return [c for c in rivals if c[2] == 0 or (c[2] == -1 and _same_heading(_parent_heading(lines, c[1].lines[0]),
                                                                                parent))]

    def _own_group(self, fact: Fact, rivals: list[tuple]) -> list[tuple]:
        """The rivals of the key's own group in the notes' outline: a heading's siblings under its parent, a term's
        fellow terms of its own section. Two of its group beside one from elsewhere let a student strike the outsider
        by its kind ("Beta 1" among the catecholamines): outside readers found 12 of 26 such mixed questions
        defective, against 15 of 67 whose distractors were all of the key's group."""
        if fact.predicate.startswith("heading"):
            parent = [h for h in fact.heading.split(HEADING_SEP)[:-1] if h.strip()]
            return self._heading_group(fact, rivals, parent[-1]) if parent else []
        return [c for c in rivals if c[1].source == fact.source and c[1].heading == fact.heading]

    def _answer(self, fact: Fact, difficulty: str, rng: random.Random) -> Draft | None:
        """The notes' own question ("Who was John Hus?"), their own answer the key; the distractors are the
        answers the notes give to their other questions of the same kind (who / what is), the same file's
        first - none that names the key or is named by the key's answer, none that says what the key's says."""
        correct = _answer_option(fact.masked)
        if correct is None:
            return None
        cands, seen = [], {norm(correct)}
        person = _someone(fact, correct)
        for g in self.facts:
            if g.kind != "term" or not g.asked or g.id == fact.id or norm(g.subject) == norm(fact.subject):
                continue  # the answers to the notes' other questions: what the student set beside it
            text = _answer_option(g.masked)
            if text is None or norm(text) in seen or contains(text, fact.subject) or contains(fact.value, g.subject) or \
                    _someone(g, text) != person or contains(text, g.subject) or \
                    {_count(fact.subject), _count(g.subject)} == {"sg", "pl"}:  # one thing among groups of them
                continue  # names the key, is named by the key's answer, another kind (a person / a thing), names itself
            seen.add(norm(text))
            cands.append((text, g))
        if len(cands) < 3:
            return None
        v = self.judge.embed(correct)
        sims = self.judge.embed_many([t for t, _ in cands]) @ v
        # of the key's kind: named like it (an edict and a peace, two people) and said to be the same sort of
        # thing by their answers' first words ("provincial law courts" / "a royal council"), not a leaflet
        kind = 0.5 * (self.judge.embed_many([g.subject for _, g in cands]) @ self.judge.embed(fact.subject)) + \
            0.5 * (self.judge.embed_many([_opening(t) for t, _ in cands]) @ self.judge.embed(_opening(correct)))
        cands = [(c, float(k) + ANSWER_SAME_FILE * (c[1].source == fact.source)) for c, x, k in zip(cands, sims, kind)
                 if float(x) < CLOSE_VALUE]  # (an answer this close would answer it too)
        pool = [c for c, _ in sorted(cands, key=lambda c: -c[1])][:4]
        if len(pool) < 3:
            return None
        chosen = rng.sample(pool, 3)
        where = f"{fact.source}:{fact.lines[0]}"
        rationale = f"Your notes say so of {fact.subject}: “{_short(fact.value, 40)}” ({where})."
        wrong = [(t, f"That is what your notes say of {g.subject} ({g.source}:{g.lines[0]}).",
                  g.lines[0] if g.source == fact.source else None) for t, g in chosen]
        near = any(g.source == fact.source for _, g in chosen)
        asked = fact.asked or f"{'Who' if person else 'What'} {'are' if _count(fact.subject) == 'pl' else 'is'} {fact.subject}?"
        stem = f"According to your notes, {asked[0].lower() + asked[1:]}"
        return Draft(fact, "answer", stem, [correct], wrong, rationale, difficulty, near=near)

    def _category(self, fact: Fact, difficulty: str, rng: random.Random) -> Draft | None:
        if len(fact.members) < 2 or len(fact.foils) < 2:
            return None
        right = rng.sample(list(fact.members), 2)

        def words(t: str) -> set[str]:
            return {w.rstrip("s") for w in norm(t).split()}

        # "thread stacks" against "stack": one names the other, both would fit
        foils = [f for f in fact.foils if not any(words(f) <= words(m) or words(m) <= words(f) for m in fact.members)]
        if len(foils) < 3:
            return None  # a multi-select has five options: two keys, three foils
        # foils of another kind than the members ("religious factors" among regime types) give the keys away
        vm, vf = self.judge.embed_many(list(fact.members)), self.judge.embed_many(foils)
        inner = min((vm @ vm.T)[~np.eye(len(vm), dtype=bool)].mean(), (vf @ vf.T)[~np.eye(len(vf), dtype=bool)].mean())
        if fact.predicate not in ("heading member", "lead-in member"):  # one kind by the notes' own layout
            foils = [f for f, x in zip(foils, (vf @ vm.T).mean(axis=1)) if float(x) >= CATEGORY_SHARE * inner]
        if len(foils) < 3:
            return None  # a multi-select has five options: two keys, three foils
        rng.shuffle(foils)
        if fact.predicate == "lead-in member":  # lists side by side, each with its own lead-in line
            wrong = [(t, f"Listed after “{fact.foil_heading}”, not after “{fact.subject}”.", None) for t in foils[:3]]
            stem = f"Which TWO of the following do your notes list after “{fact.subject}”? (Select TWO.)"
            rationale = f"Listed after “{fact.subject}” (lines {fact.lines[0]}-{fact.lines[1]})."
            return Draft(fact, "category", stem, right, wrong, rationale, "hard" if difficulty == "hard" else difficulty)
        wrong = [(t, f"Listed under “{fact.foil_heading}”, not “{fact.subject}”.", None) for t in foils[:3]]
        stem = f"Which TWO of the following do your notes list under “{fact.subject}”? (Select TWO.)"
        rationale = f"Listed under “{fact.subject}” (lines {fact.lines[0]}-{fact.lines[1]})."
        return Draft(fact, "category", stem, right, wrong, rationale, "hard" if difficulty == "hard" else difficulty)

    def _pick(self, correct: str, cands: list, k: int, difficulty: str, rng: random.Random) -> list:
        if difficulty == "easy":
            picked = rng.sample(cands, k)
        else:  # plausible: the siblings closest in meaning to the right answer
            picked = self._plausible(correct, cands)[: k + 1]
            rng.shuffle(picked)
            picked = picked[:k]
        # the right answer must not be the only long option: swap in a longer sibling if there is one
        if all(len(t) < len(correct) for t, _ in picked):
            longer = [c for c in cands if len(c[0]) >= len(correct) and c not in picked]
            if longer:
                picked[-1] = rng.choice(longer)
        return picked

    @staticmethod
    def _stem(fact: Fact, form: str, repeated: frozenset[str] = frozenset()) -> str:
        place = _place(fact.heading, repeated)
        kind = _kind(fact)
        which = f"which {kind}" if kind != "option" else "which of these"
        if fact.across:  # rows are criteria, columns the things compared
            if form == "name":
                return f"For {fact.predicate}, {which} do your notes give as “{fact.value}”?"
            return f"For {fact.predicate}, what do your notes give as the {_display(fact.subject).lower()}?"
        # a column header that is no plain noun ("Name of works", "Years (born-died)", "When to use") is quoted
        # as the notes' header, never fitted into a sentence ("What are the name of works of ...")
        odd = bool(re.search(r"/| of |[()]|^\s*(?:when|how|why|what|where|which|who|use)\b", fact.predicate, re.I))
        value = re.sub(r"\s*[•●▪]\s*", " ", fact.value).strip()
        if fact.kind == "table" and form == "name" and odd:
            return f"For {which} do your notes give “{value}” under “{fact.predicate}”?"  # "Name of works"
        if fact.kind == "table" and form == "name" and DESCRIBED_RE.match(fact.predicate):
            return f"{which.capitalize()} do your notes describe as “{value}”?"  # "Feature | Description": what each is
        if fact.kind == "table" and form == "name":
            # (no pronoun: "Which humanist has ... as its major works?" - a person's is theirs, a thing's its own)
            return f"For {which} do your notes give “{value}” as the {fact.predicate.lower()}?"
        if fact.kind == "table" and odd:
            return f"What do your notes give under “{fact.predicate}” for {_display(fact.subject)}?"
        if fact.kind == "table":
            pred = fact.predicate.lower()
            verb = "are" if pred.endswith("s") and not pred.endswith("ss") else "is"
            return f"What {verb} the {pred} of {_display(fact.subject)}?"
        under = f"Under “{place}” in your notes" if place else "In your notes"
        if form == "name":
            masked = _mask(fact.value, fact.subject)
            if masked != fact.value:  # the description names the term itself: a blank to fill, not a definition
                return f"{under}, which term fills the blank: “{masked.replace('…', BLANK)}”?"
            return f"{under}, which term is defined as “{masked}”?"
        return f"{under}, what is {fact.subject}?"

    def assemble(self, d: Draft, rng: random.Random, seed: int) -> QuestionRecord:
        key_rats = d.key_rationales or [d.rationale] * len(d.correct)
        items = [(t, True, r) for t, r in zip(d.correct, key_rats)] + [(t, False, r) for t, r, _ in d.wrong]
        rng.shuffle(items)
        options = {LETTERS[i]: t for i, (t, _, _) in enumerate(items)}
        answer = [LETTERS[i] for i, (_, ok, _) in enumerate(items) if ok]
        rationales = {LETTERS[i]: r for i, (_, _, r) in enumerate(items)}
        f = d.fact
        cites = [Source(file=f.source, lines=f.lines, heading=f.heading, quote=f.quote[:1500])]
        if f.kind == "table" and f.header:
            cites.append(Source(file=f.source, lines=(f.block[0], f.block[0]), heading=f.heading,
                                quote=self._line(f.source, f.block[0])))
        if f.kind == "category":
            cites.append(Source(file=f.source, lines=f.block, heading=f.heading, quote=f.quote[:1500]))
        for n in (d.key_lines or [])[1:]:
            cites.append(Source(file=f.source, lines=(n, n), heading=f.heading, quote=self._line(f.source, n)))
        qid = "g-" + hashlib.sha1(f"{f.id}|{d.form}|{sorted(options.values())}".encode()).hexdigest()[:10]
        return QuestionRecord(
            id=qid, stem=d.stem, options=options, answer=sorted(answer), multi=len(answer) > 1,
            select=len(answer) if len(answer) > 1 else None, domain=self.domain_of(f),
            explanation=d.rationale, citations=cites, rationales=rationales, origin="generated",
            difficulty=d.difficulty, topic=f.heading or f.source, key_source="notes-structure",
            style="scenario" if d.form == "scenario" else "multi" if len(answer) > 1 else "recall",
            source=Source(file=f.source, lines=f.lines, key_lines=sorted(set(range(f.lines[0], f.lines[1] + 1))
                                                                       | set(d.key_lines or ())),
                          heading=f.heading),
        )

    def _line(self, rel: str, n: int) -> str:
        return file_lines(self.notes_dir, rel, self._lines)[n - 1]

    def _quoted_at(self, rel: str, first: int, quote: str, span: int = 6) -> int:
        """The line a rationale's quote is on: a heading's description is on a line under the heading (a citation
        of the heading line opens the line before the words quoted); `first` when no line near it holds them.
        (Six words: a description often opens on the heading's own name, "AWS Glue" / "AWS Glue is ...".)"""
        lines = file_lines(self.notes_dir, rel, self._lines)
        return line_of(lines, first, min(len(lines), first + span), quote, words=6)

    # -- verification --------------------------------------------------------------------------
    def verify(self, q: QuestionRecord, d: Draft, accepted: list[QuestionRecord]) -> list[str]:
        f = d.fact
        try:
            lines = file_lines(self.notes_dir, f.source, self._lines)
        except NoteUnreadable:
            return ["cited note file unreadable"]
        key_text = lines_text(lines, *f.lines)
        problems = check_options(q)
        right = [q.options[a] for a in q.answer]
        wrong = [t for k, t in q.options.items() if k not in q.answer]
        if d.form == "listed":
            if not all(contains(key_text, t) for t in right):
                problems.append("key not in the cited passage")
            if any(contains(key_text, t) for t in wrong):
                problems.append("a distractor is also in the cited passage")
        elif d.form == "true-of":
            if not all(contains(key_text, t.split(": ", 1)[1]) for t in right):
                problems.append("key not in the cited passage")
            if any(contains(key_text, t.split(": ", 1)[1]) for t in wrong):
                problems.append("a distractor is also in the cited passage")
        elif d.form == "column":  # each option against its own row, read again from the notes: the key's
            # column says what a key says, and does not say what a distractor says
            col = list(f.header).index(f.predicate)

            def cell(n: int | None, name: str) -> str | None:  # the column's cell of line n, if it is name's row
                cells = row_cells(lines[n - 1]) if n else []
                return cells[col] if len(cells) >= len(f.header) and norm(cells[0]) == norm(name) else None

            for t in right:
                name, value = t.split(": ", 1)
                if not any((c := cell(n, name)) is not None and contains(c, value) for n in d.key_lines or []):
                    problems.append("key not in the cited passage")
            for t, _, line in d.wrong:
                name, value = t.split(": ", 1)
                if (c := cell(line, name)) is None or contains(c, value):
                    problems.append("a distractor is also in the cited passage")
        elif f.kind == "category":
            if not all(contains(key_text, t) for t in right):
                problems.append("key not in the cited passage")
            if any(contains(key_text, t) for t in wrong):
                problems.append("a distractor is also in the cited passage")
        else:
            if not (contains(key_text, f.subject) and contains(key_text, f.value[:120])):
                problems.append("key not in the cited passage")
            for text, _, line in d.wrong:
                if text.lower() == "" or (len(norm(text)) > 3 and contains(key_text, text) and not contains(f.subject, text)
                                          and not contains(f.value, text)):
                    problems.append("a distractor is also in the cited passage")
                if line is not None:
                    own = lines[line - 1]
                    if d.form == "name" and contains(own, f.value) and not contains(f.value, text):
                        problems.append("a distractor's own line also states the fact")
            if d.form in ("term", "name", "value", "scenario", "answer") and (d.near is False or (
                    d.near is None and far_from_key(f.lines, [line for _, _, line in d.wrong]))):
                problems.append("giveaway: no distractor from the key's own part of the notes")
        for n in (d.key_lines or [])[1:] if d.form != "column" else []:  # a multi-select's second key: its own line says it too
            mate = next((t for t in right if contains(lines[n - 1], t)), None)
            if mate is None or not contains(lines[n - 1], f.value):
                problems.append("key not in the cited passage")
        values = None
        if d.form in ("name", "scenario", "multi"):
            values = {k: f.value if k in q.answer else next(
                (sb.value for sb in f.siblings if _display(sb.subject) == t), "") for k, t in q.options.items()}
        if d.form == "term":
            values = {k: f.value if k in q.answer else next(
                (g.value for g in self._term_pool()[0] if norm(g.subject) == norm(t)), "") for k, t in q.options.items()}
        problems += [f"{x.kind}: {x.reason}" for x in defects(q, self.judge.embed_many, values)]
        problems += self.contradicted(q, d)
        problems += check_not_duplicate(q, self.judge, self.sample_stems, accepted)
        return sorted(set(problems))

    def keyed_claims(self, q: QuestionRecord, d: Draft) -> list[tuple[str, str, list[str]]]:
        """What a question's key asserts, as (thing, value, rival values of the same property): "KNN" is
        listed for "Clustering" (rivals: the table's other rows); "Gustavus Adolphus" has "France" (rivals:
        the column's other cells). Facts whose value is a description, not a short value, give none."""
        f = d.fact
        right = [q.options[a] for a in q.answer]
        short = lambda v: 1 <= len(v.split()) <= 4 and bool(re.search(r"[A-Za-z]{2}", v))  # noqa: E731
        if d.form == "listed":  # rivals: the other rows, except those that list the thing too (several may)
            return [(t, f.subject, [sb.subject for sb in f.siblings if not _lists(sb.value, t)]) for t in right]
        if f.kind == "category":
            return [(t, f.subject, [f.foil_heading]) for t in right]
        if d.form == "true-of":
            row = {f"{g.predicate}: {g.value}": g for g in self._row(f)}
            return [(_display(f.subject), g.value, [sb.value for sb in g.siblings]) for t in right
                    if (g := row.get(t)) is not None and short(g.value)]
        if f.kind == "table" and short(f.value) and not f.across:
            things = right if d.form == "multi" else [_display(f.subject)]
            return [(t, f.value, [sb.value for sb in f.siblings]) for t in things]
        return []

    def contradicted(self, q: QuestionRecord, d: Draft) -> list[str]:
        """The key is contradicted elsewhere in the notes (contradict.py): the fact is not asked."""
        if not self.check_contradictions:
            return []
        claims = self.keyed_claims(q, d)
        if not claims:
            return []
        if self._statements is None:
            self._statements = NotesStatements(self.notes_dir, *self._scan)
        f = d.fact
        for thing, value, rivals in claims:
            if d.form == "listed":  # the table's own rows that list the thing: what sort of row each is
                rows = [(g.subject, g.lines[0], {h.predicate: h.value for h in self._by_row().get((g.source, g.lines[0]), [])
                                                 if h.predicate != f.predicate})
                        for g in self.facts if g.kind == "table" and g.source == f.source and g.block == f.block
                        and g.predicate == f.predicate and _lists(g.value, thing)]
                other = row_disagreement(rows, f.lines[0])
                if other is not None:
                    log.info("not asked: %s under %r, but its other rows say %r (line %d)", thing, value, *other)
                    return ["wrong key: the notes contradict it elsewhere"]
            st = contradiction(self._statements, self.judge.embed_many, thing, value, rivals, (f.source, *f.block),
                               by_kind=f.kind == "table" and d.form != "listed")
            if st is not None:
                log.info("not asked: %s as %r, but %s:%d says %r", thing, value, st.source, st.line, st.text[:120])
                return ["wrong key: the notes contradict it elsewhere"]
        return []

    # -- wording by the model ------------------------------------------------------------------------
    def rephrase(self, q: QuestionRecord, d: Draft, accepted: list[QuestionRecord]) -> QuestionRecord:
        schema = {"type": "object", "properties": {"stem": {"type": "string", "minLength": 20, "maxLength": 400}},
                  "required": ["stem"]}
        msgs = [SystemMessage(prompts.render("practice", "system")),
                HumanMessage(prompts.render("practice", "user", quote=_short(d.fact.quote, 60), stem=q.stem))]
        try:
            data = json.loads(str(json_runnable(self.model, schema).invoke(msgs, max_tokens=90).content))
            stem = re.sub(r"\s+", " ", str(data.get("stem", ""))).strip()
        except Exception:
            return q
        stem = re.sub(r"^(?:question|q)\s*\d*\s*[:.)-]\s*", "", stem, flags=re.I)  # the prompt's own label, echoed
        if norm(stem) == norm(q.stem):
            return q  # nothing reworded: no note that says it was
        candidate = q.model_copy(update={"stem": stem})
        ok = (stem.endswith("?") and 8 <= len(stem.split()) <= 60 and not check_options(candidate)
              and not any(contains(stem, t) for t in q.options.values() if len(norm(t)) > 3)
              and _keeps_cue(stem, d) and not check_not_duplicate(candidate, self.judge, self.sample_stems, accepted))
        return candidate.model_copy(update={"note": "worded by the model"}) if ok else q


def _lists(cell: str, item: str) -> bool:
    """A cell that lists things ("K-means (distributed); KNN") names `item` among them."""
    return norm(item) in {norm(re.sub(r"\s*\([^)]*\)$", "", x)) for x in cell.split("; ")}


def _keeps_cue(stem: str, d: Draft) -> bool:
    """The reworded stem still asks about the fact: it keeps the asked value/subject's words."""

    cue = d.fact.value if d.form == "name" else d.fact.subject
    if d.fact.kind == "category":
        cue = d.fact.subject
    t = terms(cue)
    return bool(t) and len(t & terms(stem)) / len(t) >= 0.6


def balance_positions(questions: list[QuestionRecord], seed: int) -> list[QuestionRecord]:
    """Re-letter single-answer questions so the key sits at each position about equally often."""
    rng = random.Random(seed + 1)
    out = []
    counts: dict[int, int] = {}
    for q in questions:
        if q.multi or q.origin != "generated" or len(q.answer) != 1:
            out.append(q)
            continue
        n = len(q.options)
        least = min(range(n), key=lambda i: (counts.get(i, 0), rng.random()))
        counts[least] = counts.get(least, 0) + 1
        texts = [q.options[k] for k in q.options]
        key_text = q.options[q.answer[0]]
        rats = [q.rationales.get(k, "") for k in q.options]
        key_rat = q.rationales.get(q.answer[0], "")
        others = [(t, r) for t, r in zip(texts, rats) if t != key_text]
        rng.shuffle(others)
        ordered = others[:least] + [(key_text, key_rat)] + others[least:]
        options = {LETTERS[i]: t for i, (t, _) in enumerate(ordered)}
        out.append(q.model_copy(update={"options": options, "answer": [LETTERS[least]],
                                        "rationales": {LETTERS[i]: r for i, (_, r) in enumerate(ordered)}}))
    return out


def _short(text: str, words: int = 25) -> str:
    w = text.split()
    return " ".join(w[:words]) + ("…" if len(w) > words else "")


def _mask(text: str, term: str) -> str:
    out = re.sub(re.escape(term), "…", text, flags=re.I)
    return out


def _singular(word: str) -> str:
    w = word.strip()
    low = w.lower()
    if low.endswith(("sses", "xes", "shes")):
        return w[:-2]
    if low.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


UNCOUNTED_RE = re.compile(r"(?:ing|ness|ity|ism|ics|ship|dom|tion|sion|ment|ence|ance|ure|age|ware|ia|data)$")


def inflected(name: str, want: str) -> str | None:
    """`name` with its last word in the number `want` ('sg' or 'pl'), or None when that word cannot be put in it
    safely: an acronym, a hyphenated or coined form ("Copy-on-Write"), a word of a kind that has no plural
    ("paging", "fidelity")."""
    m = re.search(r"([A-Za-z]+)$", name.strip())
    if not m or not re.fullmatch(r"[A-Z]?[a-z]{2,}", m.group(1)) or name.strip()[m.start() - 1:m.start()] in ("-", "'"):
        return None
    word = m.group(1)
    if want == "sg":
        new = _singular(word)
    elif UNCOUNTED_RE.search(word.lower()) or word.lower().endswith("s"):
        return None
    else:
        new = _plural(word)
    return None if new == word else name.strip()[:m.start()] + new


def _display(name: str) -> str:
    """An option's text: the name without the notes' own answer codes ("K-Means (U)" -> "K-Means")."""
    return CODE_SUFFIX_RE.sub("", name).strip()


def _kind(fact: Fact) -> str:
    """What the options are, for the stem: the table's first column ("Storage Classes" -> storage class),
    the noun a prose use names ("AWS Glue is a serverless ETL service ..." -> service), else "option"."""
    if fact.kind == "table" and fact.header and fact.header[0] and len(fact.header[0]) >= 3:
        noun = _singular(fact.header[0].split("/")[0]).lower()
        return CLIPPED.get(noun, noun)
    if fact.kind == "use" and fact.predicate and fact.predicate != "use":
        return fact.predicate.split()[-1].lower()
    return "option"


def _plural(noun: str) -> str:
    if noun.endswith(("ia", "data")):  # "criteria", "data": plural already
        return noun
    if noun.endswith(("s", "x", "sh", "ch")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


BASE_VERB = {w: (w[:-3] + "y" if w.endswith("ies") else w[:-2] if w.endswith(("sses", "ches", "shes", "xes")) else w[:-1])
             for w in """identifies makes allows lets helps enables provides supports runs creates improves detects
             builds stores generates translates transforms converts analyzes analyses monitors automates manages
             processes extracts offers gives reduces increases ensures protects trains deploys predicts finds
             classifies discovers prepares combines moves queries scales secures simplifies speeds accelerates
             delivers collects groups loads captures tracks visualizes labels""".split()}


def _need(value: str) -> str:
    """The need a use states, cut to its first clause: 'You have existing scripts ...; • For customizing
    ...' -> 'You have existing scripts ...'; a cell of run-on lines 'Anomaly detection Low score is normal'
    -> 'Anomaly detection' (where its lines met is not written, so only the first is sure)."""
    v = re.split(r"\s*(?:;|•|\. |, and so forth| and so forth| etc\b|\bEx:)\s*", value.strip())[0].strip(" .,")
    parts = re.split(r"(?<=[a-z)]) (?=[A-Z][a-z])", v)
    if len(parts) > 1:
        v = parts[0]  # where one line of the cell ends and the next begins is not written: the first is sure
    # "monitor system bottlenecks, Profile model operations": a capital after a comma starts no sentence
    v = re.sub(r"(?<=, )([A-Z])(?=[a-z]+\b)", lambda m: m.group(1).lower(), v)
    words = v.split()
    if not 1 <= len(words) <= 20 or (len(words) == 1 and not words[0].isalpha()):
        return ""
    if re.search(r"\b(?:like|with|such as|as|including|e\.g|i\.e|for|to|and|or|the|an?|of|in|on|by|from|than)$", v, re.I) \
            or re.search(r"\b(?:doesn't|does not|don't|do not|isn't|is not|aren't|are not|cannot|can't)\b", v, re.I) \
            or re.search(r"\b(?:that|which|who) \w+$|\b(?:use|uses|using|make|makes|let|lets)$", v, re.I):
        return ""  # a need cut mid-phrase ("aligns with", "applications that use") or one said by what it is not
    first = words[0].lower()
    if first in BASE_VERB:
        words[0] = BASE_VERB[first]
    return " ".join(words)


def _does(value: str) -> bool:
    """A value that says what something does, opening with a verb ("Specifies ...", "Monitor system ...")."""
    w = value.split()
    return len(w) >= 4 and (w[0].lower() in BASE_VERB or w[0].lower() in BASE_VERB.values())


def _keeps_case(text: str) -> bool:
    """'ETL', 'SQL', 'Amazon S3': the first word is a name or an acronym, not a word starting a sentence."""
    w = text.split()[0] if text.split() else ""
    return len(w) > 1 and (w.isupper() or any(c.isupper() for c in w[1:]) or any(c.isdigit() for c in w))


CLIPPED = {"algo": "algorithm", "algos": "algorithms", "config": "configuration", "param": "parameter",
           "spec": "specification", "info": "information"}


def _after_subject_blank(masked: str) -> tuple[str, str] | None:
    """What a blank that is its sentence's subject does: the first two words of weight after it ("___ send events
    without needing ..." -> "send events"), or None when the blank is not the subject."""
    m = re.match(rf"^(?:[A-Z][^,.;:]{{0,60}},\s*)?(?:(?:A\(n\)|An?|The)\s+)?{re.escape(BLANK)}\s+(?P<rest>[^,.;:]+)", masked)
    if not m:
        return None
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", m.group("rest")) if terms(w)]
    return (words[0], words[1]) if len(words) >= 2 else None


def _says(name: str, need: str, text: str) -> bool:
    """Whether `text` names `name` and, after it, says (nearly) every word of `need`: "AWS Glue, an ETL
    service ... to categorize your data, clean it" says "data cleaning"; a sentence that names Redshift
    after "ad hoc analysis with Athena" does not say Redshift does ad hoc analysis."""
    if not contains(text, name):
        return False
    m = re.search(re.escape(name), text, re.I)
    tail = text[m.start():] if m else text
    tail = re.split(r"(?<=[.!?])\s+(?=[A-Z])", tail)[0]
    want = set(terms(need)) - set(terms(name)) - {"use", "need", "ml"}
    return bool(want) and len(echoed(want, terms(tail))) >= 0.75 * len(want)


def _rival_text(name: str, value: str) -> str:
    """What a term is called and what sort of thing its notes say it is: the text rivals are compared by."""
    return f"{name}: {' '.join(value.split()[:RIVAL_WORDS])}" if value else name


def _head(fact: Fact) -> str:
    """What sort of thing a term's description says it is: its first words, the blank and verb left out
    ("___ is an anatomist who studied ..." -> "an anatomist who studied")."""
    text = re.sub(rf"^(?:(?:an?|a\(n\)|the) )?{re.escape(BLANK)} (?:is|are|was|were|refers to|means) ", "", fact.masked, flags=re.I)
    return " ".join(text.replace(BLANK, "").split()[:6])


# what follows a sort noun: a relative word or preposition, a participle or an adjective ("law courts responsible
# for", "a flag marking")
AFTER_SORT = r"(?:that|which|who|whose|where|wherein|of|for|to|used|with|in|on|by|from|\w+ed|\w+(?:ible|able)|\w+ing)\b"
SORT_RE = re.compile(rf"^(?:(?:an?|a\(n\)|the) )?{re.escape(BLANK)} (?:(?:is|are|was|were) (?:an?|the|one of the) |"
                     # a plural said without an article ("___ are synchronization constructs that ..."): a plural noun
                     rf"(?:are|were) (?=(?:[\w-]+ ){{0,4}}?[a-z][\w-]*[^s\W]s {AFTER_SORT}))"
                     rf"(?P<np>(?:[\w-]+ ){{0,4}}?)(?P<noun>[a-z][\w-]*[^d\W])(?= {AFTER_SORT}|[,.;])", re.I)


def _person(fact: Fact) -> bool:
    """A term its notes describe as someone ("___ was a swiss peasant who ...", "___ was the daughter of ...",
    "___ was a strict Catholic but after studying the Bible he ...": "he" or "she" doing something in its own
    sentence; "his" may be another's: "a treaty that let each prince choose the faith of his own land")."""
    first = re.split(r"(?<=[.!?])\s+", fact.masked.strip())[0] if fact.masked else ""
    if BLANK in first and re.search(r"\b(?:he|she)\b", first.split(BLANK, 1)[1], re.I):
        return True
    return bool(re.search(r"^(?:(?:an?|a\(n\)|the) )?(?:[\w-]+ ){0,8}?(?:who|whose)\b|^(?:the )?(?:son|daughter|wife|husband|"
                          r"king|queen|father|mother|leader|founder)\b", _head(fact) + " " + " ".join(
                              _head_rest(fact).split()[:4]), re.I))


PERSON_RE = re.compile(r"^(?:(?:an?|the)\s+)?(?:[\w'’-]+\s+){0,6}?(?:who|whose)\b|(?:^|[.;!?]\s+)(?:he|she)(?:\s|['’]s\s)", re.I)


def _describes_person(description: str) -> bool:
    """A description of someone: "a monk who ...", or a sentence of it about "he"/"she" ("Journalist and
    politician during the French Revolution. He was a vigorous defender of the sans-culottes", "He's described
    as ...")."""
    return bool(PERSON_RE.search(description[:400]))


def _head_rest(fact: Fact) -> str:
    text = re.sub(rf"^(?:(?:an?|a\(n\)|the) )?{re.escape(BLANK)} (?:is|are|was|were|refers to|means) ", "", fact.masked, flags=re.I)
    return " ".join(text.replace(BLANK, "").split()[6:])


def _sort_noun(fact: Fact) -> str | None:
    """The sort of thing a definition says its term is ("___ is a fully managed data labeling service that ..." ->
    service), stemmed; distractors must be said to be the same sort."""
    m = SORT_RE.match(fact.masked)
    if not m:
        return None
    t = terms(m.group("noun"))
    return next(iter(t)) if len(t) == 1 else None


CALLED_RE = re.compile(rf"\b(?:an?|a\(n\)|the|some|special)\s+(?:[\w-]+\s+){{0,3}}?(?P<noun>[a-z][\w-]{{2,}})\s*,?\s+"
                       rf"(?:called|named|known as|referred to as)\s+(?:an?\s+|a\(n\)\s+|the\s+)?{re.escape(BLANK)}", re.I)


def _slot_sort(fact: Fact) -> str | None:
    """The sort of thing the key's own sentence says it is: "___ is an event-driven web server that" -> server;
    "a hardware emulator called ___" -> emulator; "a construct called a(n) ___" -> construct."""
    m = SORT_RE.match(fact.masked) or CALLED_RE.search(fact.masked)
    if not m or len(terms(m.group("noun"))) != 1:
        return None
    return m.group("noun").lower()


def _asked(fact: Fact) -> str:
    """What a question on the fact asks about: the thing it names, or - for a number - that number in its
    section ("over 80 gigabytes" and "larger than 80 GB", two lines of one section: one fact said twice)."""
    if fact.kind == "number":
        m = re.search(r"\d[\d,.]*", fact.subject)
        return f"number {fact.source} {fact.heading} {m.group().replace(',', '') if m else fact.subject}"
    return _thing(fact.subject)


def _thing(name: str) -> str:
    """A name as the thing it names, whatever its number: "Page Tables" and "page table" are one thing."""
    words = norm(name).split()
    return " ".join(words[:-1] + [_singular(words[-1])]) if words else ""


ANSWER_OPENING = re.compile(rf"^(?:(?:an?|a\(n\)|the) )?{re.escape(BLANK)} (?:is|are|was|were|refers to|means) ", re.I)


def _answer_option(masked: str) -> str | None:
    """An answer of the notes as an option: its first sentence, without the term it is about ("___ was a greek
    physician who ..." -> "A greek physician who ..."); None when the term is still in it elsewhere."""
    first = re.split(r"(?<=[.!])\s+(?=[A-Z])", masked.strip())[0]
    text = ANSWER_OPENING.sub("", first).strip()
    text = re.sub(r"^(?:this|these|it|they) (?:is|are|was|were) (?=(?:an?|the) )", "", text, flags=re.I)  # "This was a ..."
    # "He was secretary of ...", "She founded ...": the person's pronoun tells a woman's answers from a man's (an
    # outside reader: "He was ..." options under "Who was Mary Wollstonecraft?"); the description says the same
    text = re.sub(r"^(?:he|she)\s+(?:(?:is|was)\s+)?(?=\w)", "", text, flags=re.I)
    if BLANK in text or not 4 <= len(text.split()) <= 30 or re.search(r"\s\d{1,2}[.)](?:\s|$)|\d$", text) or \
            re.match(r"(?:of|in|to|for|by|with|from|at|on|as|when|if|because|since|after|before|while|although)\b|\w+ly,", text, re.I) \
            or re.match(r"(?:we|you|i|there|it|one of)\b|(?:the|an?)(?: [\w-]+){1,4} (?:is|are|was|were|had|has|may|can|will|"
                        r"must|should|does|do)\b", text, re.I):  # a clause with its own subject, not what the term is
        return None  # the term still in it, a list cut by the sentence split ("... Women 1. women ... 2"), a fragment
    return _cap(text.rstrip("."))


def _count(name: str) -> str | None:
    """Singular or plural by the name's head ("Diet of Worms" is one diet)."""
    return number(re.split(r"\s+(?:of|in|for|at)\s+", name)[0])


def _asks_who(fact: Fact) -> bool:
    return fact.asked.lower().startswith("who")


AGENT_RE = re.compile(r"^(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,3}?(?![Oo]ther|[Uu]nder|[Oo]rder|[Pp]ower|[Nn]umber|[Mm]ajor|[Mm]inor)"
                      r"[A-Za-z]{3,}(?:er|or|ist|ian)s?\b")


def _someone(fact: Fact, text: str) -> bool:
    """A term the notes say is a person: asked "Who ...?", described as one who ..., or a name said to be an
    agent ("An English philosopher best known ...")."""
    if fact.asked:
        return _asks_who(fact)  # the notes' own question says which
    return _person(fact) or ("name" in fact.predicate.split() and bool(AGENT_RE.match(text)))


def _opening(text: str) -> str:
    """What sort of thing an answer says its term is: its first words ("Provincial law courts responsible")."""
    return " ".join(text.split()[:4])


def _cap(name: str) -> str:
    """Options in one format: a term the notes write in lower case starts with a capital like the others."""
    return name[:1].upper() + name[1:] if name[:1].islower() else name


def _parent_heading(lines: list[str], n: int) -> str | None:
    """The text of the heading a Markdown heading at line `n` sits under (None when line `n` is no such heading)."""
    m = re.match(r"^(#+)\s", lines[n - 1]) if 0 < n <= len(lines) else None
    if not m:
        return None
    for k in range(n - 2, -1, -1):
        up = re.match(r"^(#+)\s+(.*?)\s*#*\s*$", lines[k])
        if up and len(up.group(1)) < len(m.group(1)):
            return up.group(2)
    return None


def _same_heading(a: str | None, b: str | None) -> bool:
    """Two headings' texts name the same heading, a link's target aside ("[API Models](https://...)")."""
    def plain(h: str) -> str:
        return norm(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", h))

    return a is not None and b is not None and plain(a) == plain(b)


POLARITY_RE = re.compile(r"^\W*(?:(?P<no>no|not|none|never|false|unsupported)|(?P<yes>yes|true|supported))\b", re.I)


def _polarity(value: str) -> str | None:
    """"no" or "yes" for a cell that opens with one ("No", "Yes (up to 32 messages)"), else None."""
    m = POLARITY_RE.match(value)
    return None if m is None else "no" if m.group("no") else "yes"


def _place(heading: str, repeated: frozenset[str] = frozenset()) -> str:
    """The heading a question is asked under, for context: the line's own heading, or when that names only a part
    of the notes ("Structure", "Key takeaways") the nearest heading above it that names a subject ("" if none).
    A title the notes give more than one section (`repeated`: "Use Cases" of Cosmos DB and of the queues) comes
    with the heading above it, which says whose section it is ("Azure Cosmos DB › Use Cases")."""
    parts = [h.strip() for h in (heading or "").split(HEADING_SEP) if h.strip()]
    for i in range(len(parts) - 1, -1, -1):
        if not generic_heading(parts[i]):
            if i and parts[i].lower() in repeated:
                return f"{parts[i - 1]} › {parts[i]}"
            return parts[i]
    return ""


def _under(fact: Fact) -> str | None:
    """The parent heading a heading's sentence is asked under, for context (None when it is asked without)."""
    parent = [h for h in fact.heading.split(HEADING_SEP)[:-1] if h.strip()]
    if not parent or not fact.predicate.startswith("heading") or BLANK in fact.masked or generic_heading(parent[-1]):
        return None  # (a sentence with the blank in it is asked as it stands; "Questions" says nothing of it)
    return parent[-1]


# what follows "___ is" that no "which do your notes describe as ..." can take: a phrase opening on a preposition
# ("is of salvation and justification by grace"), or a story going on with a clause of its own ("was a strict
# Catholic but after studying the Bible he created his own position"); such a sentence keeps its blank
NOT_A_DESCRIPTION = re.compile(r"^(?:of|in|on|at|by|for|from|with|to|into|about)\b|"
                               r"\b(?:but|and|so|because|although|while|when|after|until)\b[^.;]*\b(?:he|she|they|we)\b",
                               re.I)


def _term_stem(fact: Fact, under: bool = True) -> str:
    """The term's own sentence(s), its name blanked: "___ is the X" asks "defined as", a blank elsewhere asks
    to fill it, a heading's sentence asks which term it describes (`under` the heading above it, for context,
    when the options are all of that heading's group)."""
    text = fact.masked
    under = f" under “{_under(fact)}”" if under and _under(fact) else ""
    m = re.match(rf"(?i)^(?:(?:an?|a\(n\)|the) )?{re.escape(BLANK)} (?:is|are|was|were|refers to|means|describes|denotes) (?P<y>.+)$", text)
    if m and BLANK not in m.group("y") and not NOT_A_DESCRIPTION.search(m.group("y")):
        y = m.group("y").rstrip(".")
        return f"Which of these do your notes describe as {y}?"
    if BLANK in text:
        return f"Which term fills the blank in your notes: “{text}”?"
    return f"Which of these do your notes{under} describe this way: “{text}”?"


def _scenario_stem(need: str, kind: str) -> str:
    which = f"Which {kind}" if kind != "option" else "Which of these"
    if need.lower().startswith("to "):  # "Use X to distribute traffic": the notes' own verb
        return f"A team needs {need[0].lower() + need[1:]}. {which} should it use?"
    need = re.sub(r"^(?:needs?|requires?)\s+(?:to\s+)?", "", need, flags=re.I) or need
    low = need if _keeps_case(need) else need[0].lower() + need[1:]
    which = f"Which {kind}" if kind != "option" else "Which of these"
    first = need.split()[0].lower()
    if first in ("when", "if", "you", "your", "during", "while"):
        cond = need if first in ("when", "if", "during", "while") else f"When {low}"
        return f"{cond[0].upper() + cond[1:]}, {which.lower()} should you use?"
    if first == "for":
        return f"{which} would you choose {low}?"
    if first.endswith("ing") or first in BASE_VERB.values() or first in (
            "analyze", "set", "monitor", "build", "store", "find", "train", "deploy", "run", "protect", "encrypt",
            "discover", "containerize", "apply", "convert", "query", "load", "ingest", "process", "detect"):
        verb = low if not first.endswith("ing") else low
        return f"A team needs to {verb}. {which} should it use?" if not first.endswith("ing") else \
            f"A team is {verb}. {which} should it use?"
    return f"A team needs {low}. {which} fits best?"
