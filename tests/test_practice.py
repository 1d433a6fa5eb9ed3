"""Practice questions from the bundled notes: verification rules, generation, mock exams, grading,
spaced repetition, and the CLI."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import replace

import pytest

from conftest import CORPUS
from ingest.records import check_lines
from tutor.practice.generate import Generator
from tutor.practice.mock import allocate, build_mock
from tutor.practice.model import grade, grade_question
from tutor.practice.verify import norm
from tutor.support import Judge


@pytest.fixture(scope="module")
def gen(corpus_index):
    return Generator(CORPUS, Judge(corpus_index.embeddings), corpus_index.bank)


def _fact(gen, kind, subject, predicate=None):
    return next(f for f in gen.facts if f.kind == kind and f.subject == subject and (predicate is None or f.predicate == predicate))


def _build(gen, fact, form="name", difficulty="easy", seed=0):
    rng = random.Random(seed)
    d = gen._single(fact, form, difficulty, rng) if fact.kind != "category" else gen._category(fact, difficulty, rng)
    return d, gen.assemble(d, rng, seed)


# ----------------------------------------------------------------------------- verification rules


def test_a_real_question_passes_and_its_key_is_in_the_cited_line(gen):
    fact = _fact(gen, "table", "S3 Glacier Deep Archive", "Access Time")
    d, q = _build(gen, fact)
    assert gen.verify(q, d, []) == []
    line = (CORPUS / q.citations[0].file).read_text().split("\n")[q.citations[0].lines[0] - 1]
    assert "S3 Glacier Deep Archive" in line and "Hours" in line and q.options[q.answer[0]] == "S3 Glacier Deep Archive"


def test_value_shared_by_several_rows_is_not_asked(gen):
    fact = _fact(gen, "table", "S3 Standard", "Access Time")  # "Milliseconds": four classes have it
    assert gen._single(fact, "name", "easy", random.Random(0)) is None


def test_key_not_stated_by_the_notes_is_rejected(gen):
    fact = _fact(gen, "table", "S3 Glacier Deep Archive", "Access Time")
    wrong_fact = replace(fact, value="Seconds")  # the notes say Hours
    d, q = _build(gen, fact)
    d = replace(d, fact=wrong_fact)
    assert "key not in the cited passage" in gen.verify(q, d, [])


def test_distractor_that_the_cited_passage_also_states_is_rejected(gen):
    fact = next(f for f in gen.facts if f.kind == "category" and "Continuous" in f.subject)
    d, q = _build(gen, fact)
    assert gen.verify(q, d, []) == []
    member_left_out = next(m for m in fact.members if m not in q.options.values())
    letter = next(k for k in q.options if k not in q.answer)
    bad = q.model_copy(update={"options": {**q.options, letter: member_left_out}})
    assert "a distractor is also in the cited passage" in gen.verify(bad, d, [])


def test_repeated_options_and_giveaway_stems_are_rejected(gen):
    fact = _fact(gen, "table", "S3 Glacier Deep Archive", "Access Time")
    d, q = _build(gen, fact)
    dup = q.model_copy(update={"options": {**q.options, "D": q.options["A"]}})
    assert "options not distinct" in gen.verify(dup, d, [])
    leak = q.model_copy(update={"stem": q.stem + " (hint: S3 Glacier Deep Archive)"})
    assert "stem gives the answer away" in gen.verify(leak, d, [])
    allof = q.model_copy(update={"options": {**q.options, "D": "All of the above"}})
    assert "all/none of the above" in gen.verify(allof, d, [])


def test_near_duplicates_of_sample_or_set_questions_are_rejected(gen, corpus_index):
    fact = _fact(gen, "table", "S3 Glacier Deep Archive", "Access Time")
    d, q = _build(gen, fact)
    sample = next(r for r in corpus_index.bank if r.scorable)
    copy = q.model_copy(update={"stem": sample.stem})
    assert "near-duplicate of a notes sample question" in gen.verify(copy, d, [])
    assert "duplicate of another question in the set" in gen.verify(q, d, [q])


# ----------------------------------------------------------------------------- generation


@pytest.fixture(scope="module")
def twenty(corpus_settings, corpus_index):
    from tutor.practice.service import PracticeService
    from tutor.models import make_chat_model

    model = make_chat_model(corpus_settings.model)
    svc = PracticeService(corpus_index, model)
    pset = svc.practice(20, seed=11, review=False)
    yield pset
    model.close()


def test_twenty_verified_questions_whose_citations_prove_every_key(twenty):
    pset = twenty
    assert len(pset.questions) == 20, pset.report.message()
    assert "20 questions, each checked against your notes" in pset.report.message()
    assert "20 passed verification" in pset.report.details()
    for q in pset.questions:
        proven = []  # each cited passage's lines, read from the notes themselves
        for cite in q.citations:
            lines = (CORPUS / cite.file).read_text().split("\n")
            proven.append(norm("\n".join(lines[cite.lines[0] - 1 : cite.lines[1]])))
        for letter in q.answer:  # every key (a multi-select's each) is on a line its question cites
            key = q.options[letter].split(": ", 1)[-1]  # "Use cases: For archive data": the cell's value
            assert any(norm(key) in p for p in proven), (q.stem, q.options[letter], [c.location for c in q.citations])
        assert set(q.rationales) == set(q.options) and all(q.rationales.values())
        assert q.origin == "generated"


def test_set_is_balanced_distinct_and_valid_json(twenty):
    qs = twenty.questions
    singles = [q for q in qs if not q.multi]
    positions = Counter(q.answer[0] for q in singles)
    assert max(positions.values()) - min(positions.get(k, 0) for k in "ABCD") <= 2, positions
    longest = sum(len(q.options[q.answer[0]]) == max(len(v) for v in q.options.values()) for q in singles)
    assert longest / len(singles) <= 0.5
    assert len({norm(q.stem) for q in qs}) == len(qs)
    from tutor.practice.export import to_jsonl

    records, problems = check_lines(to_jsonl(twenty).splitlines())
    assert len(records) == 20 and problems == []


def test_never_a_silent_zero(gen):
    pset = gen.make_set(5, topic="quantum chromodynamics of gluons", seed=1)
    assert pset.questions == []
    msg = pset.report.message()
    assert "no question" in msg and "widen the topic" in msg.lower() and "verif" not in msg  # in a student's words
    assert "Asked for 5" in pset.report.details() and "0 passed" in pset.report.details()


def test_domain_and_difficulty_filters(gen):
    pset = gen.make_set(6, domain="Data Engineering", difficulty="hard", seed=2)
    assert pset.questions and all(q.domain == "Data Engineering" and q.difficulty == "hard" for q in pset.questions)


def test_a_fact_naming_no_domain_is_placed_by_its_table(gen):
    """A row like "Anomaly Detection | Unsupervised" names no domain keyword; the table it sits in
    (which lists the algorithms) does. Most facts of the bundled notes get a domain."""
    facts = gen.facts
    row = next(f for f in facts if f.subject == "Clustering" and "Built-in Algorithms" in f.heading
               and gen.exam.infer_domain(" ".join([f.heading, f.subject, f.value])) is None)
    assert gen.domain_of(row) == "Modeling"
    assert sum(gen.domain_of(f) is None for f in facts) <= len(facts) // 20


# ----------------------------------------------------------------------------- mock exam and grading


def test_allocation_by_exam_weights_worked_example():
    assert allocate(65, [("DE", .20), ("EDA", .24), ("Mod", .36), ("Ops", .20)]) == {"DE": 13, "EDA": 16, "Mod": 23, "Ops": 13}


def test_mock_exam_has_the_exam_shape_and_says_which_question_is_which(gen, corpus_index):
    m = build_mock(gen, corpus_index.bank, seed=4)
    assert m.kind == "mock" and m.time_limit_min == 170
    assert len(m.questions) == 65
    origins = Counter(q.origin for q in m.questions)
    assert origins["notes"] > 0 and origins["generated"] > 0
    per_domain = Counter(q.domain for q in m.questions)
    want = allocate(65, [(d.name, d.weight) for d in gen.exam.domains])  # the notes' exam guide: 13/16/23/13
    assert sorted(want.values()) == [13, 13, 16, 23]
    msg = m.report.message()
    short = [d for d, n in want.items() if per_domain[d] < n]
    for d in short:  # a domain the notes cannot fill is named in the report with what it got
        assert f"{d}: {per_domain[d]} of {want[d]}" in msg
    if short:  # and the other domains fill the exam to full length, which the report says too
        assert len(m.questions) == 65 and "fill the exam's 65" in msg
    else:
        assert all(per_domain[d] == n for d, n in want.items())
    assert len({q.id for q in m.questions}) == len(m.questions)


def test_grading_exact_match_and_partial_credit_hand_worked(corpus_index):
    multi = next(q for q in corpus_index.bank if q.scorable and len(q.answer) == 2)  # e.g. D and E
    a, b = multi.answer
    wrong = next(k for k in multi.options if k not in multi.answer)
    assert grade_question(multi, [a, b]).credit == 1.0 and grade_question(multi, [a, b]).correct
    assert grade_question(multi, [a]).credit == 0.5 and not grade_question(multi, [a]).correct
    assert grade_question(multi, [a, wrong]).credit == 0.0  # one right, one wrong
    assert grade_question(multi, list(multi.options)).credit == 0.0  # ticking everything earns nothing
    single = next(q for q in corpus_index.bank if q.scorable and len(q.answer) == 1)
    g = grade([single, multi], {single.id: single.answer, multi.id: [a]})
    assert (g.correct, g.total) == (1, 2)


# ----------------------------------------------------------------------------- remembering


def test_missed_question_comes_back_in_a_later_set(corpus_index, tmp_path):
    import time

    from tutor.practice.service import PracticeService
    from tutor.practice.store import AttemptStore

    svc = PracticeService(corpus_index, None, AttemptStore(tmp_path / "attempts.sqlite"))
    first = svc.practice(6, seed=5, review=False)
    missed = first.questions[0]
    wrong_letter = next(k for k in missed.options if k not in missed.answer)
    answers = {q.id: q.answer for q in first.questions[1:]} | {missed.id: [wrong_letter]}
    result = svc.grade(first, answers)
    svc.save(first, result, time.time() - 3660, time.time() - 3600)  # answered an hour ago: FSRS relearning step passed
    weak = svc.weak_topics()
    assert weak[0].topic == missed.topic and weak[0].due
    later = svc.practice(6, seed=99)
    back = [q for q in later.questions if q.id == missed.id]
    assert back and back[0].note.startswith("review")
    assert "came back for review" in later.report.message()
    other = next(d for d in ("easy", "medium", "hard") if d != missed.difficulty)
    assert missed.id not in {q.id for q in svc.practice(6, seed=99, difficulty=other).questions}  # asked for another level


def test_a_due_topic_takes_a_third_of_the_set_not_all_of_it(gen):
    """Spaced repetition brings a weak topic back without turning every set into that one table."""
    heading = max({f.heading for f in gen.facts}, key=lambda h: sum(f.heading == h for f in gen.facts))
    assert sum(f.heading == heading for f in gen.facts) >= 9  # enough facts to fill the set alone
    pset = gen.make_set(9, seed=4, due_topics=[heading], phrase=False)
    on_topic = sum(q.topic == heading for q in pset.questions)
    assert len(pset.questions) == 9 and 3 <= on_topic <= 5, on_topic


# ----------------------------------------------------------------------------- CLI


def test_cli_practice_writes_markdown_with_key_at_the_end(corpus_settings, corpus_index, tmp_path):
    from typer.testing import CliRunner

    from cli import app

    out = tmp_path / "set.md"
    res = CliRunner().invoke(app, ["practice", "--n", "5", "--domain", "Modeling", "--out", str(out), "--seed", "7",
                                   "--notes", str(CORPUS), "--home", str(corpus_settings.data_dir), "--no-review"])
    assert res.exit_code == 0, res.output
    text = out.read_text()
    assert text.index("## Answer key") > text.rindex("A. ")
    assert len(re.findall(r"^### \d+\.$", text, re.M)) == 5  # five questions, numbered, before the key


def test_cli_quiz_takes_a_set_grades_and_saves(corpus_settings, corpus_index, tmp_path):
    from typer.testing import CliRunner

    from cli import app
    from tutor.practice.export import to_jsonl
    from tutor.practice.service import PracticeService
    from tutor.practice.store import AttemptStore

    home = tmp_path / "home"
    pset = PracticeService(corpus_index, None, AttemptStore(tmp_path / "x.sqlite")).samples("Modeling")
    pset.questions = pset.questions[:3]
    f = tmp_path / "set.jsonl"
    f.write_text(to_jsonl(pset))
    keys = "\n".join("".join(q.answer) for q in pset.questions) + "\n"
    from shutil import copytree

    copytree(corpus_settings.index.index_dir.parent, home / "indexes")
    res = CliRunner().invoke(app, ["quiz", str(f), "--notes", str(CORPUS), "--home", str(home)], input=keys)
    assert res.exit_code == 0, res.output
    assert "Score: 3/3 (100.0%)" in res.output and "Saved to your history" in res.output
    assert AttemptStore(home / "attempts.sqlite").attempts()[0].correct == 3


def test_facts_come_only_from_files_ingest_indexes(tmp_path):
    """The tutor's own folder inside the notes (TUTOR_HOME) and files over the size limit give no questions."""
    table = "# Services\n\n| Service | Use |\n|---|---|\n" + "".join(f"| svc{i} | use {i} |\n" for i in range(6))
    notes = tmp_path / "notes"
    (notes / "home" / "evals").mkdir(parents=True)
    (notes / "good.md").write_text(table)
    (notes / "home" / "evals" / "report.md").write_text(table.replace("svc", "run"))
    (notes / "big.md").write_text(table.replace("svc", "big") + "x" * 1_200_000)
    gen = Generator(notes, None, [], exclude=(notes / "home",), max_mb=1)
    assert {f.source for f in gen.facts} == {"good.md"}


def test_a_plan_topic_with_no_good_question_widens_to_its_file_and_says_so(corpus_index, tmp_path):
    """A readiness plan topic the checks leave no question on is not a dead end: the set comes from the same
    note file, and the message says why (a fake generator at the seam; the real one is exercised above)."""
    from tutor.practice.model import GenerationReport, PracticeSet
    from tutor.practice.service import PracticeService
    from tutor.practice.store import AttemptStore

    calls = []

    class OnlyFiles:
        def make_set(self, n, topic=None, file=None, **kw):
            calls.append((topic, file))
            qs = [] if topic else [object()] * n
            return PracticeSet(qs, report=GenerationReport(asked=n, produced=len(qs)))

    svc = PracticeService(corpus_index, None, AttemptStore(tmp_path / "attempts.sqlite"))
    svc._gen = OnlyFiles()
    pset = svc.practice(n=5, topic="Nothing askable", file="cheat-sheet.md")
    assert calls == [("Nothing askable", "cheat-sheet.md"), (None, "cheat-sheet.md")]
    assert len(pset.questions) == 5 and "cheat-sheet.md" in pset.report.message()
    assert "Nothing askable" in pset.report.message()


def test_a_hard_set_has_scenarios_and_multi_selects_whatever_its_seed(gen):
    # the browser test of a hard set of 4 failed once in CI with four multi-selects: the UI seeds a set with the
    # clock, and a hard set drew each question's kind at random; it now keeps both kinds on schedule
    for seed in range(12, 24):  # (before, 15, 19 and 22 gave four scenarios)
        styles = [q.style for q in gen.make_set(4, difficulty="hard", seed=seed, phrase=False).questions]
        assert len(styles) == 4 and "scenario" in styles and "multi" in styles, (seed, styles)


def test_one_number_of_one_section_is_asked_once_per_set(corpus_index):
    """"over ___ gigabytes of messages" and "larger than ___ in size" under one heading, 80 both times (an outside
    reader of a generated set): one fact asked twice, and either question tells the other's answer."""
    from ingest.records import QuestionRecord, Source
    from tutor.practice.verify import check_not_duplicate

    judge = Judge(corpus_index.embeddings)
    where = Source(file="queues.md", lines=(7, 7), heading="Queues > Storage queues")

    def q(stem: str, key: str, heading: str = where.heading) -> QuestionRecord:
        return QuestionRecord(id=stem[:8], stem=stem, options={"A": "40", "B": key, "C": "160", "D": "320"},
                              answer=["B"], source=where.model_copy(update={"heading": heading}))

    first = q("Which number completes this line: “Suitable for storing over ___ gigabytes of messages.”?", "80")
    second = q("Which number completes this line: “If you need queues larger than ___ in size.”?", "80 GB")
    assert "duplicate of another question in the set" in check_not_duplicate(second, judge, [], [first])
    other_section = q("Which number completes this line: “A batch holds up to ___ messages.”?", "80", "Queues > Batches")
    assert check_not_duplicate(other_section, judge, [], [first]) == []
    # a name with a digit in it is no number: two algorithms of one section are two facts
    seq = q("Which algorithm turns one sequence of tokens into another, as in translation?", "Seq2Seq")
    obj = q("Which algorithm learns embeddings of pairs of objects such as users and items?", "Object2Vec")
    assert check_not_duplicate(obj, judge, [], [seq]) == []
