"""The five ways the multiple-choice scorer used to fail, each held on a small hand-written set of notes
(not the bundled ones, so nothing here is tuned to them), with the real embeddings and a real index."""

from __future__ import annotations

import pytest

from conftest import notes_session
from fakes import ScriptedChatModel
from ingest.mcq_grammar import PastedQuestion

NOTES = {
    "streaming.md": """# Moving data

## Loaders

LoadPump can only do nightly batch loads, not real-time streaming. Use StreamHose for real-time streaming.

StreamHose delivers records to the archive within seconds.

## Query engines

QueryBox runs SQL queries directly over stored logs without any servers to manage.
""",
    "jobs.md": """# Training jobs

## Job settings

- MaxRuntimeInSeconds: the stopping condition that limits how long a training job may run.
- VolumeSizeInGB: the size of the storage volume attached to each machine.
- InstanceCount: the number of machines the job runs on.
""",
    "kidney.md": """# Kidney

## Nephron

The loop of Henle concentrates urine by creating an osmotic gradient in the medulla.
The proximal tubule reabsorbs most of the filtered glucose and sodium.
The collecting duct responds to antidiuretic hormone by inserting aquaporins.
Bowman's capsule collects the filtrate from the glomerulus.

## Practice question

QUESTION 3
Which hormone makes the collecting duct insert aquaporins?
- A. Aldosterone
- B. Antidiuretic hormone ✅
- C. Renin
- D. Insulin
""",
    "lake.md": """# The data lake

Data Lake is the central store of the company.
Data Lake holds raw files from every team.
Data Lake is backed up every night.
Teams upload spreadsheets to the Data Lake.
The Data Lake keeps files in folders by date.
Access to the Data Lake is granted per team.
""",
}


@pytest.fixture(scope="module")
def small_session(tmp_path_factory):
    with notes_session(tmp_path_factory.mktemp("mcq-notes"), NOTES) as session:
        yield session


def ask(session, stem, options, n=1, **kw):
    return session.tutor.scorer.score(PastedQuestion(stem, options, n), **kw)


def test_1_a_contrasted_mention_counts_against_the_option(small_session):
    r = ask(small_session, "A team needs real-time streaming of click events. Which loader should it use?",
            {"A": "LoadPump", "B": "StreamHose", "C": "QueryBox", "D": "Data Lake"})
    assert r.chosen == ["B"]
    pump = next(s for s in r.scores if s.letter == "A")
    assert pump.contradicted  # "can only do nightly batch loads, not real-time streaming"


def test_1_a_not_stem_asks_for_the_option_the_notes_rule_out(small_session):
    r = ask(small_session, "Which of these loaders can NOT do real-time streaming?",
            {"A": "StreamHose", "B": "LoadPump"})
    assert r.negative and r.chosen == ["B"]


def test_2_snake_case_options_match_the_camel_case_names_in_the_notes(small_session):
    r = ask(small_session, "Which setting limits how long a training job may run?",
            {"A": "volume_size_in_gb", "B": "instance_count", "C": "max_runtime_in_seconds", "D": "role_arn"})
    assert r.chosen == ["C"]
    assert r.scores[2].evidence is not None and "MaxRuntimeInSeconds" in r.scores[2].evidence.text


def test_3_a_name_the_notes_repeat_does_not_outscore_the_one_that_meets_the_stem(small_session):
    r = ask(small_session, "Which service runs SQL queries over stored logs without servers to manage?",
            {"A": "Data Lake", "B": "QueryBox", "C": "LoadPump", "D": "StreamHose"})
    assert r.chosen == ["B"]


def test_4_the_model_is_weighted_only_as_much_as_the_eval_showed(small_session):
    from tutor.mcq import Weights

    assert Weights.load().w["model"] == 0.0  # the fitted weight: the 135M model did not help (see evals/fit_mcq.py)
    # a model that would push the wrong option is not even asked with the default weights
    fake = ScriptedChatModel()
    scorer = small_session.tutor.scorer
    before, scorer.model = scorer.model, fake
    try:
        r = ask(small_session, "Which setting limits how long a training job may run?",
                {"A": "volume_size_in_gb", "B": "max_runtime_in_seconds"})
    finally:
        scorer.model = before
    assert r.chosen == ["B"] and r.method == "notes" and fake.history == []


def test_5_when_no_passage_names_the_key_the_tutor_abstains(small_session):
    from tutor.mcq_text import mcq_markdown

    r = ask(small_session, "Which managed service trains a neural network on GPUs?",
            {"A": "Data Lake", "B": "GpuTrainer", "C": "NeuralForge", "D": "TensorYard"})
    assert r.abstain and r.level == "low"
    text = mcq_markdown(r, lambda st: 1)
    assert "don't settle" in text and "**Answer:" not in text


def _markdown(r):
    from tutor.mcq_text import mcq_markdown

    return mcq_markdown(r, lambda st: 1)


NEPHRON = ("Which part of the nephron creates the osmotic gradient that concentrates urine?",
           {"A": "Proximal tubule", "B": "Loop of Henle", "C": "Collecting duct", "D": "Bowman's capsule"})


def test_6_an_answer_marks_only_its_choice_and_quotes_the_deciding_line_per_option(small_session):
    r = ask(small_session, *NEPHRON)
    assert r.chosen == ["B"] and not r.abstain
    text = _markdown(r)
    assert "**Answer: B**" in text and text.count("✔") == 1 and "✔ **B.**" in text
    line_b = next(x for x in text.split("\n") if "**B.**" in x)
    assert "kidney.md:5" in line_b and "concentrates urine" in line_b  # the deciding line, quoted with file:line
    for letter in "ACD":  # one sentence per option: what the notes say of it, with its line when they name it
        row = next(x for x in text.split("\n") if f"**{letter}.**" in x)
        assert "✘" in row and ("kidney.md:" in row or "do not mention" in row), row


def test_7_an_abstention_marks_no_option_and_says_which_way_the_notes_lean_and_why(small_session):
    r = ask(small_session, "Which managed service trains a neural network on GPUs?",
            {"A": "Data Lake", "B": "GpuTrainer", "C": "NeuralForge", "D": "TensorYard"})
    assert r.abstain
    text = _markdown(r)
    assert "✔" not in text and "don't settle" in text
    assert f"lean towards **{r.chosen[0]}**" in text and ", but " in text.split("\n")[0]  # the lean and why not


def test_8_select_two_picks_two_options(small_session):
    r = ask(small_session, "Which TWO statements about the nephron are true? (Select TWO.)",
            {"A": "The loop of Henle concentrates urine", "B": "Bowman's capsule secretes insulin",
             "C": "The collecting duct responds to antidiuretic hormone", "D": "The proximal tubule makes renin"},
            n=2)
    assert r.chosen == ["A", "C"]


def test_9_a_sample_question_in_the_notes_counts_only_with_its_key(small_session):
    r = ask(small_session, "The collecting duct inserts aquaporins in response to which hormone?",
            {"A": "Renin", "B": "Aldosterone", "C": "Antidiuretic hormone", "D": "Insulin"})
    assert r.chosen == ["C"]
    by = {s.letter: s for s in r.scores}
    text = _markdown(r)
    for letter in "ABD":  # the wrong options written in the notes' practice question are never support
        assert by[letter].evidence is None or by[letter].evidence.kind != "option"
        row = next(x for x in text.split("\n") if f"**{letter}.**" in x)
        assert "meets" not in row, row


def test_10_fitted_parameters_are_read_leave_one_corpus_out():
    from tutor import fitted
    from tutor.mcq import MODEL_NAME, Weights

    data = fitted.load(MODEL_NAME)
    assert data is not None and {"option", "decision", "abstain_below", "high_at"} <= set(data)
    every = Weights.load()
    held = Weights.load("cs-os")
    assert held.w != every.w and "without cs-os" in held.source
    assert Weights.load("some-other-notes").w == every.w  # notes never fitted on get the parameters fitted on all


def test_11_the_lines_closest_to_the_question_single_out_the_option_they_name(small_session):
    # per option, the stem said with that option is searched (the retrieval-only baseline's signal) and the
    # closest lines of the notes are asked which option they name and the others do not
    rows, *_ = small_session.tutor.scorer.features(PastedQuestion(*NEPHRON, 1))
    by = {r.letter: r.features for r in rows}
    for k in ("ret_z", "simq_z", "disc_z", "disc_lex"):
        assert max(by, key=lambda letter: by[letter][k]) == "B", (k, {x: by[x][k] for x in by})


def test_12_an_option_the_notes_rule_out_is_never_the_answer_unless_the_stem_asks_what_does_not_hold():
    from tutor.mcq import choice_order

    denied = {"pos": 0.2, "neg": 0.7}  # its best line denies it ("Duplicate detection | Storage Queues: No")
    backed = {"pos": 0.4, "neg": 0.0}
    assert choice_order([3.0, 1.0], [denied, backed], negative=False) == [1, 0]
    assert choice_order([3.0, 1.0], [denied, backed], negative=True) == [0, 1]
    assert choice_order([3.0, 1.0], [{"pos": 0.8, "neg": 0.3}, backed], negative=False) == [0, 1]  # backed more


def test_12b_the_notes_lean_to_an_option_a_line_names_before_one_no_line_names():
    from tutor.mcq import choice_order

    # "split into 8-byte pieces" scored higher than "pinned", but no line of the notes names it; one names "pinned"
    unnamed = {"pos": 0.0, "own_name": 0.0}
    named = {"pos": 0.19, "own_name": 1.0}
    assert choice_order([2.0, 1.0], [unnamed, named], negative=False) == [1, 0]
    assert choice_order([2.0, 1.0], [unnamed, named], negative=True) == [0, 1]  # NOT: the unsupported may be the pick
    assert choice_order([2.0, 1.0], [unnamed | {"mark_pos": 0.8}, named], negative=False) == [0, 1]  # notes' key
    assert choice_order([2.0, 1.0], [named, dict(named)], negative=False) == [0, 1]  # both named: the scores decide


def test_13_a_loader_the_notes_deny_is_not_chosen_for_what_they_deny(small_session):
    from tutor.mcq import ruled_out

    r = ask(small_session, "Which loader can do real-time streaming?", {"A": "LoadPump", "B": "QueryBox"})
    pump = next(s for s in r.scores if s.letter == "A")
    assert ruled_out(pump.features) and r.chosen == ["B"]


WEBER = {"weber.md": """# Legitimacy

Weber identified three types of legitimacy: traditional, charismatic, and rational-legal.

- traditional: power rests on custom and inherited status.
- charismatic: power rests on a leader's personal appeal.
- rational-legal: power rests on written rules and the office, not the person.
"""}


@pytest.fixture(scope="module")
def weber_session(tmp_path_factory):
    with notes_session(tmp_path_factory.mktemp("weber"), WEBER) as session:
        yield session


def test_14_each_option_quotes_a_line_that_names_it_and_a_line_listing_several_does_not_single_one_out(weber_session):
    # the old reasons quoted "Weber identified three types: traditional, charismatic, and rational-legal" for every
    # option ("meets 'rules, legitimacy'"), quoted lines that only share one word with the option, and listed stem words
    r = ask(weber_session, "A prime minister keeps governing because the written rules of her office say her term "
            "runs until next year. Which type of legitimacy is she relying on?",
            {"A": "traditional", "B": "charismatic", "C": "rational-legal", "D": "devolved"})
    text = _markdown(r)
    rows = {x.split("**")[1][0]: x for x in text.split("\n") if x.startswith("- ")}
    for letter, row in rows.items():
        if "“" in row and "weber.md" in row:  # a quoted line names the option itself
            quoted = row.split("“", 1)[1].split("”", 1)[0].lower()
            assert r.options[letter].lower() in quoted, row
        if "Weber identified" in row:
            assert "same line as" in row, row
    assert "never use “devolved”" in rows["D"]
    assert " … " not in text  # no list of the stem's words


def test_15_least_effort_asks_for_the_best_option_least_likely_for_the_false_one():
    from tutor.mcq import is_negative_stem

    assert not is_negative_stem("Which solution requires the LEAST effort to query this data?")
    assert not is_negative_stem("Which option meets the requirement with the LEAST operational overhead?")
    assert is_negative_stem("Which of these is LEAST likely to reduce overfitting?")
    assert is_negative_stem("All of the following are valid EXCEPT:")


def test_16_a_long_line_is_quoted_around_the_option_it_names():
    from tutor.mcq_text import _quote

    line = ("The Denmark Lutherans tried to help the Protestant cause but fell to the Holy Roman Empire, and after "
            "many more years of war and negotiation across the whole continent, France issued the Edict of Nantes.")
    assert "Edict of Nantes" not in _quote(line, 120)
    assert "Edict of Nantes" in _quote(line, 120, "the Edict of Nantes")


def test_17_a_line_grading_another_questions_option_is_never_quoted_for_this_one():
    from types import SimpleNamespace

    import numpy as np

    from tutor.mcq import _quotes

    graded = SimpleNamespace(text="Option A is incorrect. This is the type of EC2 instance on which your notebook will run.")
    plain = SimpleNamespace(text="Notebook instances run on EC2 instances in a service account.")
    named = np.ones((2, 2))
    got = _quotes([(0.9, 1, 0), (0.5, 1, 1)], 0, named, [graded, plain], ["A", "B"])
    assert got["evidence"][0] is plain and got["evidence"][2] == ["B"]  # the line names option B too
    assert _quotes([(0.9, 1, 0)], 0, named, [graded, plain], ["A", "B"]) == {}
