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
import json
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from ingest.exam import ExamSpec, load_exam
from ingest.records import LETTERS, QuestionRecord, Source
from ingest.sources import NoteUnreadable
from tutor import prompts
from tutor.models import json_runnable
from tutor.practice.facts import Fact, extract_facts
from tutor.practice.model import GenerationReport, PracticeSet
from tutor.practice.verify import check_not_duplicate, check_options, contains, file_lines, lines_text, norm
from tutor.support import Judge

DIFFICULTIES = ("easy", "medium", "hard")


@dataclass
class Draft:
    fact: Fact
    form: str
    stem: str
    correct: list[str]
    wrong: list[tuple[str, str, int | None]]  # (text, rationale, line)
    rationale: str
    difficulty: str


class Generator:
    def __init__(self, notes_dir: Path, judge: Judge, bank: list[QuestionRecord] | None = None,
                 model: BaseChatModel | None = None, exam: ExamSpec | None = None,
                 exclude: tuple[Path, ...] = (), max_mb: float = 10) -> None:
        self.notes_dir = Path(notes_dir)
        self._scan = (tuple(exclude), max_mb)
        self._domains: dict[str, str | None] = {}
        self.judge = judge
        self.model = model
        self.exam = exam if exam is not None else load_exam(self.notes_dir)
        self.sample_stems = [q.stem for q in (bank or [])]
        self._facts: list[Fact] | None = None
        self._lines: dict[str, list[str]] = {}

    # -- facts ---------------------------------------------------------------------------------
    @property
    def facts(self) -> list[Fact]:
        if self._facts is None:
            self._facts = extract_facts(self.notes_dir, *self._scan)
        return self._facts

    def domain_of(self, fact: Fact) -> str | None:
        if fact.id not in self._domains:
            self._domains[fact.id] = self._find_domain(fact)
        return self._domains[fact.id]

    def _find_domain(self, fact: Fact) -> str | None:
        if self.exam is None:
            return fact.heading.split(" > ")[0] if fact.heading else None
        for part in reversed(fact.heading.split(" > ")):
            name = self.exam.normalize_domain(part)
            if name:
                return name
        found = self.exam.infer_domain(" ".join([fact.heading, fact.subject, fact.value]))
        if found is None:  # the fact alone names nothing: place it by the table/list it belongs to
            block = lines_text(file_lines(self.notes_dir, fact.source, self._lines), *fact.block)
            found = self.exam.infer_domain(block)
        return found

    def select(self, topic: str | None = None, domain: str | None = None, file: str | None = None) -> list[Fact]:
        out = []
        tv = self.judge.embed(topic) if topic else None
        for f in self.facts:
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
                 due_topics: list[str] | None = None, progress=None, phrase: bool = True) -> PracticeSet:
        started = time.monotonic()
        rng = random.Random(seed)
        report = GenerationReport(asked=n)
        facts = self.select(topic, domain, file)
        report.facts_available = len(facts)
        rng.shuffle(facts)
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

        questions: list[QuestionRecord] = []
        for q in (review or [])[: max(0, n // 3)]:
            questions.append(q.model_copy(update={"note": "review: you missed this before"}))
        if review:
            report.notes.append(f"{len(questions)} question(s) you missed before came back for review.")
        used_facts: set[str] = set()
        for fact in candidates():
            if len(questions) >= n:
                break
            if fact.id in used_facts:
                continue
            level = difficulty or rng.choice(DIFFICULTIES)
            draft = self.draft(fact, level, rng)
            if draft is None:
                report.drop("too few verifiable distractors")
                continue
            q = self.assemble(draft, rng, seed)
            problems = self.verify(q, draft, questions)
            if problems:
                for p in problems:
                    report.drop(p)
                continue
            if phrase and self.model is not None:
                q = self.rephrase(q, draft, questions)
            questions.append(q)
            used_facts.add(fact.id)
            due_made += fact.heading.lower() in due
            if progress:
                progress("Generating questions", len(questions), n)
        questions = balance_positions(questions, seed)
        report.produced = len(questions)
        report.seconds = round(time.monotonic() - started, 2)
        title = "Practice: " + ", ".join(x for x in (domain, topic, difficulty) if x) if (domain or topic or difficulty) else "Practice set"
        return PracticeSet(questions, kind="practice", title=title, report=report,
                           config={"n": n, "topic": topic, "domain": domain, "difficulty": difficulty,
                                   "file": file, "seed": seed})

    # -- one question --------------------------------------------------------------------------
    def draft(self, fact: Fact, difficulty: str, rng: random.Random) -> Draft | None:
        if fact.kind == "category":
            return self._category(fact, difficulty, rng)
        forms = ["name", "value"] if fact.kind == "table" and len(fact.value.split()) <= 12 else ["name"]
        if fact.kind == "definition" and difficulty == "hard":
            forms = ["value"]
        form = rng.choice(forms)
        return self._single(fact, form, difficulty, rng)

    def _single(self, fact: Fact, form: str, difficulty: str, rng: random.Random) -> Draft | None:
        pool = [s for s in fact.siblings if norm(s.value) != norm(fact.value) and norm(s.subject) != norm(fact.subject)]
        if form == "name":
            if any(norm(s.value) == norm(fact.value) for s in fact.siblings):
                return None  # the value is not unique: several rows would be right
            cands = [(s.subject, s) for s in pool]
            correct = fact.subject
        else:
            cands = [(s.value, s) for s in pool]
            correct = fact.value
        seen, uniq = {norm(correct)}, []
        for text, s in cands:
            if norm(text) not in seen:
                seen.add(norm(text))
                uniq.append((text, s))
        if len(uniq) < 3:
            return None
        chosen = self._pick(correct, uniq, 3, difficulty, rng)
        what = fact.predicate.lower()
        if form == "name":
            wrong = [(t, f"{s.subject}: {fact.predicate} is “{_short(s.value)}”, not “{_short(fact.value)}” "
                         f"(line {s.line}).", s.line) for t, s in chosen]
            rationale = f"{fact.subject}: {fact.predicate} is “{_short(fact.value)}” (line {fact.lines[0]})."
        else:
            wrong = [(t, f"That is the {what} of {s.subject} (line {s.line}), not of {fact.subject}.", s.line)
                     for t, s in chosen]
            rationale = f"Your notes give the {what} of {fact.subject} as this (line {fact.lines[0]})."
        return Draft(fact, form, self._stem(fact, form), [correct], wrong, rationale, difficulty)

    def _category(self, fact: Fact, difficulty: str, rng: random.Random) -> Draft | None:
        if len(fact.members) < 2 or len(fact.foils) < 2:
            return None
        k = 2
        right = rng.sample(list(fact.members), k)
        foils = list(fact.foils)
        rng.shuffle(foils)
        wrong = [(t, f"Listed under “{fact.foil_heading}”, not “{fact.subject}”.", None) for t in foils[:3]]
        stem = f"Which TWO of the following do your notes list under “{fact.subject}”? (Select TWO.)"
        rationale = f"Listed under “{fact.subject}” (lines {fact.lines[0]}-{fact.lines[1]})."
        return Draft(fact, "category", stem, right, wrong, rationale, "hard" if difficulty == "hard" else difficulty)

    def _pick(self, correct: str, cands: list, k: int, difficulty: str, rng: random.Random) -> list:
        if difficulty == "easy":
            picked = rng.sample(cands, k)
        else:  # plausible: the siblings closest in meaning to the right answer
            v = self.judge.embed(correct)
            sims = self.judge.embed_many([t for t, _ in cands]) @ v
            order = np.argsort(-sims)
            picked = [cands[i] for i in order[: k + 1]]
            rng.shuffle(picked)
            picked = picked[:k]
        # the right answer must not be the only long option: swap in a longer sibling if there is one
        if all(len(t) < len(correct) for t, _ in picked):
            longer = [c for c in cands if len(c[0]) >= len(correct) and c not in picked]
            if longer:
                picked[-1] = rng.choice(longer)
        return picked

    @staticmethod
    def _stem(fact: Fact, form: str) -> str:
        place = fact.heading.split(" > ")[-1] if fact.heading else fact.source
        if fact.kind == "table" and form == "name":
            row = fact.header[0] if fact.header and fact.header[0] else "entry"
            return (f"In your notes' table under “{place}”, which {_singular(row).lower()} has "
                    f"{fact.predicate} “{fact.value}”?")
        if fact.kind == "table":
            pred = fact.predicate.lower()
            verb = "are" if pred.endswith("s") and not pred.endswith("ss") else "is"
            return f"According to your notes (“{place}”), what {verb} the {pred} of {fact.subject}?"
        if form == "name":
            return f"In your notes under “{place}”, which one is described as: “{_mask(fact.value, fact.subject)}”?"
        return f"How do your notes under “{place}” describe {fact.subject}?"

    def assemble(self, d: Draft, rng: random.Random, seed: int) -> QuestionRecord:
        items = [(t, True, d.rationale) for t in d.correct] + [(t, False, r) for t, r, _ in d.wrong]
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
        qid = "g-" + hashlib.sha1(f"{f.id}|{d.form}|{sorted(options.values())}".encode()).hexdigest()[:10]
        return QuestionRecord(
            id=qid, stem=d.stem, options=options, answer=sorted(answer), multi=len(answer) > 1,
            select=len(answer) if len(answer) > 1 else None, domain=self.domain_of(f),
            explanation=d.rationale, citations=cites, rationales=rationales, origin="generated",
            difficulty=d.difficulty, topic=f.heading or f.source, key_source="notes-structure",
            source=Source(file=f.source, lines=f.lines, key_lines=list(range(f.lines[0], f.lines[1] + 1)),
                          heading=f.heading),
        )

    def _line(self, rel: str, n: int) -> str:
        return file_lines(self.notes_dir, rel, self._lines)[n - 1]

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
        if f.kind == "category":
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
        problems += check_not_duplicate(q, self.judge, self.sample_stems, accepted)
        return sorted(set(problems))

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
        candidate = q.model_copy(update={"stem": stem})
        ok = (stem.endswith("?") and 8 <= len(stem.split()) <= 60 and not check_options(candidate)
              and not any(contains(stem, t) for t in q.options.values() if len(norm(t)) > 3)
              and _keeps_cue(stem, d) and not check_not_duplicate(candidate, self.judge, self.sample_stems, accepted))
        return candidate.model_copy(update={"note": "worded by the model"}) if ok else q


def _keeps_cue(stem: str, d: Draft) -> bool:
    """The reworded stem still asks about the fact: it keeps the asked value/subject's words."""
    from tutor.text import terms

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
    if w.lower().endswith("sses"):
        return w[:-2]
    if w.lower().endswith("ies"):
        return w[:-3] + "y"
    if w.lower().endswith("s") and not w.lower().endswith("ss"):
        return w[:-1]
    return w
