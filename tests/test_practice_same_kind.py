"""Options of the key's own kind: a definition that says what sort of thing its term is ("___ are mixing utensils
that ...") is asked only among terms said to be of that sort; a stem that names the key's group (its parent
heading) offers only others of that group; and the checks flag a key that is the odd one out by its form (three
"-stigmine" drugs beside it) or spelled by the stem ("Mutexes" of "mutual exclusion"). The notes are written here
(a kitchen, a pharmacy of made-up drugs), not copied from anywhere."""

from __future__ import annotations

import random

import pytest

from ingest.embeddings import shared_embeddings
from ingest.records import QuestionRecord
from tutor.practice.generate import Generator, _slot_sort
from tutor.practice.quality import defects, made_of_stem, odd_form
from tutor.support import Judge

KITCHEN = """# Kitchen

## What are whisks?
Whisks are mixing utensils that beat air into cream and eggs until they hold soft peaks.

## What are spatulas?
Spatulas are mixing utensils that fold batter gently without knocking the air back out of it.

## What are ladles?
Ladles are serving utensils that carry soup from the pot to the bowl without spilling.

## What are ovens?
Ovens are appliances that bake bread and cakes with dry heat from all sides.

## What are timers?
Timers are clocks that ring loudly when the bake is done so nothing burns.

## What are recipes?
Recipes are instructions that list the steps of a dish in the order a cook follows them.
"""

PHARMACY = """# Made-up drugs

## Calmers
### Zorbalin
Lowers blood pressure by relaxing the walls of the large arteries in the legs.
### Quentarin
Calms a racing pulse during hard exercise without any change to resting values.
### Mirodal
Eases cramps of the gut after meals by quieting its nerves for a few hours.

## Wakers
### Pexadine
Speeds the heart by tightening the vessels of the skin and raising blood pressure.
### Tolvane
Speeds the heart by widening the airways so that more air reaches the lungs.
### Brisomin
Speeds the heart in the morning for a short time after waking.

## Sleepers
### Nocturol
Brings on sleep within minutes by quieting the brain's waking centres.
"""


@pytest.fixture(scope="module")
def judge():
    return Judge(shared_embeddings())


def _gen(tmp_path, judge, name: str, text: str) -> Generator:
    (tmp_path / name).write_text(text)
    return Generator(tmp_path, judge, [])


def _q(stem: str, options: dict[str, str], answer: list[str]) -> QuestionRecord:
    return QuestionRecord(id="t", stem=stem, options=options, answer=answer, multi=len(answer) > 1,
                          select=len(answer) if len(answer) > 1 else None, origin="generated")


def test_a_plural_definition_is_asked_only_among_terms_of_its_sort(tmp_path, judge):
    """"Whisks are mixing utensils that ...": the distractors are utensils (Spatulas, Ladles), never an appliance,
    a clock or instructions - those would give the key away to anyone who reads "utensils" in the stem."""
    gen = _gen(tmp_path, judge, "kitchen.md", KITCHEN)
    whisks = next(f for f in gen.facts if f.kind == "term" and f.subject == "Whisks")
    assert _slot_sort(whisks) == "utensils"
    for seed in range(3):
        d = gen._term(whisks, "medium", random.Random(seed))
        if d is not None:
            assert {t for t, *_ in d.wrong} <= {"Spatulas", "Ladles"}, [t for t, *_ in d.wrong]


def test_a_stem_naming_the_keys_group_offers_only_that_group(tmp_path, judge):
    """Asked "under “Calmers”", every distractor is a calmer; Nocturol, alone under "Sleepers", is asked without
    naming its group (naming it would tell the answer to anyone who knows it is the only sleeper)."""
    gen = _gen(tmp_path, judge, "drugs.md", PHARMACY)
    terms = {f.subject: f for f in gen.facts if f.kind == "term"}
    asked_under = 0
    for seed in range(4):
        d = gen._term(terms["Zorbalin"], "medium", random.Random(seed))
        if d is not None and "under “Calmers”" in d.stem:
            asked_under += 1
            assert {t for t, *_ in d.wrong} <= {"Quentarin", "Mirodal"}, [t for t, *_ in d.wrong]
    assert asked_under
    d = gen._term(terms["Nocturol"], "medium", random.Random(0))
    assert d is None or "Sleepers" not in d.stem


def test_a_key_outside_the_distractors_family_of_names_is_flagged():
    q = _q("Which TWO of the following do your notes list under “Muscarinic Agonists”? (Select TWO.)",
           {"A": "Pilocarpine", "B": "Pyridostigmine", "C": "Neostigmine", "D": "Carbachol", "E": "Physostigmine"},
           ["A", "D"])
    assert odd_form(q) and "stigm" in odd_form(q)
    assert any(d.kind == "giveaway" for d in defects(q))
    # names that only start alike ("Device ...") or share a common ending are no family
    assert odd_form(_q("Which term fills the blank in your notes: “In ___, the device is mapped to the process.”?",
                       {"A": "Device Drivers", "B": "OS Bypass", "C": "CPU/Device Interactions", "D": "Device Access PIO"},
                       ["B"])) is None
    assert odd_form(_q("Which of these is described so?", {"A": "Ion trapping", "B": "Ionization", "C": "Filtration"},
                       ["A"])) is None


def test_a_key_made_of_the_starts_of_the_stems_words_is_flagged():
    q = _q("Which of these do your notes describe as synchronization constructs that enforce the principle of mutual "
           "exclusion?", {"A": "Abstractions", "B": "Concurrency", "C": "Mutexes", "D": "Kernel trap"}, ["C"])
    assert made_of_stem(q) and "mutual exclusion" in made_of_stem(q)
    assert made_of_stem(_q("Which of these do your notes describe this way: “Unmyelinated sections of axon.”?",
                           {"A": "Nodes of Ranvier", "B": "Local circuits", "C": "Calcium regulation"}, ["A"])) is None
