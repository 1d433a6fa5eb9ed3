"""Each defect class of a generated question, held on a real example from the bundled notes: the checks
find it, and the generator does not hand it to a student. Also the new kinds of question (scenario,
multi-select) and the hand audit kept as a regression file."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS
from ingest.records import QuestionRecord
from tutor.practice.generate import Generator, _says
from tutor.practice.quality import broken_option, defects, giveaway, same_value
from tutor.retrieval import Retriever
from tutor.support import Judge

AUDIT = Path(__file__).resolve().parents[1] / "evals" / "data" / "practice_audit.yaml"


@pytest.fixture(scope="module")
def gen(corpus_index):
    return Generator(CORPUS, Judge(corpus_index.embeddings), corpus_index.bank, retriever=Retriever(corpus_index))


@pytest.fixture(scope="module")
def three_sets(gen):
    """Three sets of 20 as a student takes them, each knowing what the ones before asked: generated once for
    every test here that reads whole sets (generation is most of this file's time)."""
    first = gen.make_set(20, seed=21, phrase=False)
    second = gen.make_set(20, seed=22, phrase=False, seen=first.questions)
    third = gen.make_set(20, seed=23, phrase=False, seen=first.questions + second.questions)
    return first, second, third


def _line(file: str, n: int) -> str:
    return (CORPUS / file).read_text().split("\n")[n - 1]


def _q(stem, options, answer, style="scenario"):
    return QuestionRecord(id="t", stem=stem, options=dict(zip("ABCDE", options)), answer=answer, style=style,
                          multi=len(answer) > 1)


# ----------------------------------------------------------------------------- broken options

def test_a_garbled_cell_of_the_notes_is_a_broken_option_and_never_offered(gen):
    assert "S3 One -IA |" in _line("data-engineering-outline.md", 29)  # the notes' own cut name
    assert broken_option("S3 One -IA") and broken_option("CPU or 1 GPU *P*.xl)") and broken_option("Careful")
    assert broken_option("S3 One Zone-IA") is None and broken_option("S3 Standard-IA") is None
    storage = [f for f in gen.facts if f.source == "data-engineering-outline.md" and f.kind == "table"]
    offered = set()
    for f in storage:
        for seed in range(4):
            d = gen.draft(f, "medium", random.Random(seed))
            if d:
                offered |= set(gen.assemble(d, random.Random(seed), seed).options.values())
    assert offered and not any("One -IA" in o for o in offered)


# ----------------------------------------------------------------------------- ambiguity

def test_the_same_value_in_other_words_or_a_subset_is_ambiguous():
    assert same_value("CPU GPU", "GPU or CPU") and same_value("Linear Learner; XGBoost", "Linear Learner; XGBoost; KNN")
    assert not same_value("S3 Standard", "S3 Standard-IA", subsets=False)
    q = _q("Which instance types does it train on?", ["CPU GPU", "GPU or CPU", "CPU only", "GPU only"], ["A"])
    assert [d.kind for d in defects(q)] == ["ambiguous"]


def test_a_distractor_the_notes_say_meets_part_of_the_need_is_not_offered(gen):
    """DataBrew is the notes' answer for "feature engineering and data cleaning"; the cheat sheet says Glue
    "clean[s]" data too, so Glue would be right as well and must not be a distractor."""
    assert "AWS Glue DataBrew" in _line("sagemaker-and-exam-guide.md", 242)
    assert _says("Glue", "data cleaning", _line("cheat-sheet.md", 35))
    assert not _says("Amazon Redshift", "ad hoc analysis", "perform ad hoc analysis with Athena, integrate with a "
                     "data warehouse on Amazon Redshift, build a visual dashboard")
    fact = next(f for f in gen.facts if f.subject == "AWS Glue DataBrew" and "scenario" in gen.forms(f))
    drafts = [gen._scenario(fact, "hard", random.Random(s)) for s in range(6)]
    options = {t for d in drafts if d for t, *_ in d.wrong}
    assert drafts[0] is not None and "AWS Glue" not in options


# ----------------------------------------------------------------------------- giveaways

def test_a_stem_word_only_the_key_repeats_gives_it_away():
    """practice-exam-key-notes.md:120: SageMaker Debugger is for "... Debug model parameters"."""
    assert "Debug model parameters" in _line("practice-exam-key-notes.md", 120)
    q = _q("A team needs to monitor system bottlenecks and debug model parameters. Which should it use?",
           ["SageMaker Debugger", "CloudTrail", "Spark & SageMaker", "Dataprep for SageMaker"], ["A"])
    assert "“debugger”" in (giveaway(q) or "")
    fair = "A team needs to monitor system bottlenecks and profile model framework operations. Which should it use?"
    assert giveaway(_q(fair, ["SageMaker Debugger", "SageMaker Model Monitor", "CloudTrail", "CloudWatch"], ["A"])) is None
    long = _q("What is the description of Amazon QuickSight?",
              ["Business intelligence service with dashboards, visual analytics and ML insights for everyone",
               "Search", "ETL", "Streams"], ["A"])
    assert giveaway(long) == "the key is much longer than the distractors"
    two = _q("Which TWO are cheaper?", ["Less storage", "Less compute", "More nodes", "Bigger disks"], ["A", "B"], "multi")
    assert "start with" in giveaway(two)


def test_the_generator_never_keeps_a_question_its_checks_call_a_giveaway(three_sets):
    assert len(three_sets[0].questions) == 20
    assert [q.stem for s in three_sets for q in s.questions if giveaway(q)] == []


# ----------------------------------------------------------------------------- duplicates

def test_a_later_set_asks_new_things_and_labels_what_it_must_repeat(three_sets):
    first, second, third = three_sets
    for s in (first, second, third):  # none twice within a set
        assert len({(q.source.file, q.source.lines[0], q.options[q.answer[0]]) for q in s.questions}) == len(s.questions)
    earlier = {(q.source.file, q.source.lines[0]) for q in first.questions}
    again = [q for q in second.questions if (q.source.file, q.source.lines[0]) in earlier]
    assert all((q.note or "").startswith("again") for q in again)  # a repeat says it is one
    # the same stem on another fact ("topic modeling": NTM, then LDA) is not asked in a later set
    stems = {q.stem for q in first.questions + second.questions if not (q.note or "").startswith("again")}
    unlabelled = [q for q in third.questions if not (q.note or "").startswith("again")]
    assert not [q.stem for q in unlabelled if q.stem in stems]
    if any((q.note or "").startswith("again") for q in third.questions):
        assert "ask again" in third.report.message()


# ----------------------------------------------------------------------------- new kinds, and the audit

def test_a_mixed_set_has_scenarios_real_multi_select_and_every_note_file(three_sets):
    qs = three_sets[0].questions
    scen = [q for q in qs if q.style == "scenario"]
    multi = [q for q in qs if len(q.answer) >= 2]
    assert len(scen) >= 6 and len(multi) >= 3, (len(scen), len(multi))
    for q in scen:  # a requirement, and per option a rationale that says which need it meets or misses
        assert q.stem.rstrip().endswith("?") and all(q.rationales.get(k) for k in q.options)
        wrong = [k for k in q.options if k not in q.answer]
        assert all("not for" in q.rationales[k] or "something else" in q.rationales[k] for k in wrong)
    for q in multi:
        assert "(Select TWO.)" in q.stem and len(q.options) == 5
    files = {q.source.file for s in three_sets for q in s.questions}  # every file, over three sets
    assert files == {"cheat-sheet.md", "data-engineering-outline.md", "exam-readiness-notes.txt",
                     "practice-exam-key-notes.md", "sagemaker-and-exam-guide.md"}


def test_the_hand_audit_is_kept_and_its_labelled_defects_are_few():
    data = yaml.safe_load(AUDIT.read_text())
    items = data["questions"]
    assert len(items) >= 60 and data["read_by"] and data["generated_with"]
    for it in items:
        q = QuestionRecord.model_validate(it["question"])
        assert set(it["defects"]) <= {"ambiguous", "giveaway", "broken", "duplicate"} and it["domain"]
        assert q.answer and all(a in q.options for a in q.answer)
    assert not any(it["wrong_key"] for it in items)
    assert sum(bool(it["defects"]) for it in items) <= 0.05 * len(items)
    assert sum(it["question"].get("style") == "scenario" for it in items) >= 0.4 * len(items)
    assert sum(len(it["question"]["answer"]) >= 2 for it in items) >= 0.2 * len(items)


def test_domain_tags_agree_with_the_hand_labels(gen):
    from evals.practice_eval import _domain_now

    items = yaml.safe_load(AUDIT.read_text())["questions"]
    right = sum(_domain_now(gen, QuestionRecord.model_validate(it["question"])) == it["domain"] for it in items)
    assert right >= 0.75 * len(items), right


# ----------------------------------------------------------------------------- what an outside reader caught
# (made-up questions in the shape the reader judged: a grammar cue, a stem that leaks a label, list options)

def test_a_blank_only_the_key_fits_by_grammar_is_a_giveaway():
    from tutor.practice.quality import slot_giveaway
    fill = "Which term fills the blank in your notes: “{}”?"
    # "a ___ thread": the answer qualifies the noun after the blank; nouns cannot
    assert slot_giveaway(_q(fill.format("This is known as a(n) ___ thread."), ["Bound", "Starvation", "Concurrency",
                                                                             "Cache affinity"], ["A"], "recall"))
    # "___ which increase": a plural, and only the key is one
    assert slot_giveaway(_q(fill.format("The cell has ___ which increase the surface area."),
                            ["Junctional folds", "Capillary wall", "Constitutive activity", "Quantum"], ["A"], "recall"))
    # "called a(n) ___": a singular, and two distractors are plurals
    assert slot_giveaway(_q(fill.format("The structure is called a(n) ___."), ["Task", "System calls", "Abstractions",
                                                                              "Scheduler"], ["A"], "recall"))
    # every option reads right in the blank: no cue
    assert not slot_giveaway(_q(fill.format("The structure is called a(n) ___."), ["Task", "Thread", "Process",
                                                                                  "Scheduler"], ["A"], "recall"))


def test_a_stem_that_copies_a_label_or_points_at_missing_text_is_broken():
    from tutor.practice.quality import broken_stem
    assert broken_stem(_q("Which of these do your notes describe as does not effect drug concentration: Number of "
                          "drug molecules is more than enough?", ["Binding", "Potency", "Quanta"], ["A"], "recall"))
    assert broken_stem(_q("Which of these do your notes describe as the ultimate authority over an area, again "
                          "a great example of this?", ["Sovereignty", "Paris", "Mercantilism"], ["A"], "recall"))
    assert broken_stem(_q("Which writer has “Divine Comedy” as its name of works?", ["Dante", "Chaucer", "Petrarca"],
                          ["A"], "recall"))
    assert not broken_stem(_q("Which of these do your notes describe as the ability to run multiple VMs on one "
                              "platform?", ["Consolidation", "Fidelity", "Rings"], ["A"], "recall"))


def test_a_plural_named_before_the_blank_or_a_name_the_blank_finishes_is_a_grammar_cue():
    from tutor.practice.quality import slot_giveaway, slot_number
    fill = "Which term fills the blank in your notes: “{}”?"
    # "segments called ___": the name of a plural is a plural, and only the key is one
    assert slot_number("The address space is divided into fixed-size segments called ___.") == "pl"
    assert slot_number("The VFS keeps a persistent data structure called a(n) ___.") == "sg"
    assert slot_giveaway(_q(fill.format("The address space is divided into fixed-size segments called ___."),
                            ["Pages", "Inode", "Paging", "Consolidation"], ["A"], "recall"))
    assert not slot_giveaway(_q(fill.format("The address space is divided into fixed-size segments called ___."),
                                ["Pages", "Frames", "Blocks", "Slabs"], ["A"], "recall"))
    # "Kinesis Data ___": the blank finishes a name the sentence starts
    assert slot_giveaway(_q(fill.format("Kinesis Data ___ is the main way to deliver data into S3."),
                            ["Firehose", "Pipe mode", "XGBoost", "ResourceConfig"], ["A"], "recall"))
    # a capitalised first word alone starts the sentence, not a name
    assert not slot_giveaway(_q(fill.format("The ___ loops forever, removing elements from the buffer."),
                                ["Consumer", "Producer", "Scheduler", "Dispatcher"], ["A"], "recall"))


def test_a_heading_that_names_a_part_of_the_notes_is_not_given_as_context():
    """"Under “Questions” in your notes, ...": a heading any notes could have says nothing of the subject and
    shows the student the notes' layout; a heading about the subject stays as context, and when the line's own
    heading is of the first sort, the nearest heading above it that names a subject is given instead (an outside
    reader: "Subunits consist of ___ transmembrane helices", under "Structure", never said of what)."""
    from tutor.practice.facts import Fact
    from tutor.practice.generate import Generator

    def fact(heading: str) -> Fact:
        return Fact("definition", "a.md", heading, (3, 3), (2, 4), "Marat", "definition",
                    "Journalist and radical voice of the sans-culottes", "- **Marat**: Journalist ...")

    assert Generator._stem(fact("Questions"), "name").startswith("In your notes, which term")
    assert Generator._stem(fact("Review > Key notes from practice exams"), "name").startswith("In your notes")
    assert Generator._stem(fact("French Revolution > Questions"), "name").startswith("Under “French Revolution”")
    assert Generator._stem(fact("Voltage-Gated Channels > Structure"), "name").startswith("Under “Voltage-Gated")
    assert Generator._stem(fact("Revolution > Radical Jacobins"), "name").startswith("Under “Radical Jacobins”")


def test_a_key_naming_two_things_among_options_naming_one_is_a_giveaway():
    """An outside reader: "Medications used to treat Alzheimer's disease ..." answered by the only option naming two
    drugs ("Rivastigmine & Donepezil" among Neostigmine, Pyridostigmine, Edrophonium)."""
    from tutor.practice.quality import joined_giveaway
    q = QuestionRecord(id="t", stem="Which of these do your notes describe this way: “Medications used to treat "
                       "Alzheimer's disease.”?", options={"A": "Rivastigmine & Donepezil", "B": "Neostigmine",
                                                          "C": "Pyridostigmine", "D": "Edrophonium"}, answer=["A"])
    assert joined_giveaway(q) and any(d.kind == "giveaway" for d in defects(q))
    fair = q.model_copy(update={"options": {"A": "Rivastigmine & Donepezil", "B": "Neostigmine & Edrophonium",
                                            "C": "Pyridostigmine", "D": "Physostigmine"}})
    assert joined_giveaway(fair) is None
    described = q.model_copy(update={"options": {"A": "A compromise between the League and Charles V on religion",
                                                 "B": "A decree issued in 1598 for the Huguenots", "C": "A council to reform "
                                                 "the church", "D": "An assembly where Luther refused to recant"}})
    assert joined_giveaway(described) is None  # a description's "and" joins no two things named


def test_a_foil_the_notes_list_elsewhere_for_the_same_use_is_not_offered(gen):
    """An outside reader: "Which TWO of these algorithms do your notes list for Classification?" offered BlazingText
    as wrong, while other lines of the notes call it a text classification algorithm."""
    fact = next(f for f in gen.facts if f.kind == "table" and _display_subject(f) == "Classification"
                and len(gen._members(f)[0]) >= 2)
    assert any(x == "BlazingText" for x, _ in gen._members(fact)[1])  # a row of another use case lists it
    for seed in range(8):
        d = gen._listed(fact, random.Random(seed))
        assert d is None or "BlazingText" not in [t for t, *_ in d.wrong], d.wrong


def _display_subject(fact) -> str:
    from tutor.practice.generate import _display
    return _display(fact.subject)


def test_the_bundled_notes_default_trail_period_is_asked_among_usual_periods(gen):
    # the real generator on the bundled notes (an outside reader: "90 days among 110, 50 and 70 is the only usual
    # retention period"): its distractors are periods of the day scale too
    import random
    trail = next(f for f in gen.facts if f.kind == "number" and "default trail" in f.value)
    d = gen.draft(trail, "medium", random.Random(0), "number")
    assert d is not None and d.correct == ["90"]
    assert {float(t) for t, *_ in d.wrong} <= {1, 3, 7, 14, 30, 60, 180, 365}, d.wrong
