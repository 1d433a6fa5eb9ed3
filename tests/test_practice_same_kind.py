"""Options of the key's own kind: a definition that says what sort of thing its term is ("___ are mixing utensils
that ...") is asked only among terms said to be of that sort; a stem that names the key's group (its parent
heading) offers only others of that group; and the checks flag a key that is the odd one out by its form (three
"-stigmine" drugs beside it) or spelled by the stem ("Mutexes" of "mutual exclusion"). The notes are written here
(a kitchen, a pharmacy of made-up drugs), not copied from anywhere."""

from __future__ import annotations

import random
from dataclasses import replace

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


HARBOUR = """# The harbour town

## Terms of the harbour
- **Ada Morrow**: Shipwright of the old yard in the east dock. She built the first iron ferry of the town.
- **Tomas Reel**: Harbour master in the years of the great storms. He closed the port for a winter to rebuild the walls.
- **Jon Vesk**: Lighthouse keeper on the north mole for forty winters. He kept a log of every ship that passed.
- **Pell Odrin**: He's remembered as the fish merchant of the lower market who sold herring inland.
- **The Long Winter**: A season of ice when no ship could leave the harbour and the town lived on stored grain.
- **The Salt Tax**: A duty on every barrel of salt landed at the quay, paid to the town council each spring.
- **The Quay Fire**: A blaze that burned the wooden warehouses along the quay and most of the winter stores.
- **The Ferry Charter**: A grant from the council that gave the ferry its route across the bay for fifty years.
"""


def test_someone_in_a_list_of_terms_is_asked_among_people_and_a_thing_among_things(tmp_path, judge):
    """"Shipwright of the old yard ... She built ...": a person among storms and taxes is picked by kind alone, so
    a term list that mixes people with events offers each only others of its kind."""
    from tutor.practice.generate import _describes_person

    gen = _gen(tmp_path, judge, "harbour.md", HARBOUR)
    defs = {f.subject: f for f in gen.facts if f.kind == "definition"}
    people = {"Ada Morrow", "Tomas Reel", "Jon Vesk", "Pell Odrin"}
    assert {s for s, f in defs.items() if _describes_person(f.value)} == people
    asked = 0
    for subject, fact in defs.items():
        for seed in range(2):
            d = gen._single(fact, "name", "medium", random.Random(seed))
            if d is None:
                continue
            asked += 1
            kinds = {t in people for t in [*d.correct, *(t for t, *_ in d.wrong)]}
            assert kinds == {subject in people}, (subject, d.correct, [t for t, *_ in d.wrong])
    assert asked


def test_a_number_said_twice_in_one_section_is_one_fact_in_a_set(tmp_path, judge):
    """"over 80 gigabytes" and "larger than 80 GB" under one heading: one number of the notes, asked once."""
    from tutor.practice.generate import _asked

    notes = ("# Queues\n\n## Storage queues\n"
             "- Large message storage: suitable for storing over 80 gigabytes of messages in one queue.\n"
             "- Large queue size: if you need queues that can be larger than 80 GB in size.\n"
             "- Messages are kept for up to 7 days by default before they expire.\n")
    gen = _gen(tmp_path, judge, "queues.md", notes)
    by_line = {f.lines[0]: f for f in gen.facts if f.kind == "number"}
    assert _asked(by_line[4]) == _asked(by_line[5]), (by_line[4].subject, by_line[5].subject)
    assert _asked(by_line[4]) != _asked(by_line[6])
    # another section's 80 is another fact
    assert _asked(by_line[4]) != _asked(replace(by_line[5], heading="Queues > Bus queues"))
    made = gen.make_set(3, seed=0, phrase=False).questions
    assert sum("80" in " ".join(q.options[k] for k in q.answer) for q in made) <= 1, [q.stem for q in made]


def test_the_sort_a_description_names_is_read_before_an_adjective_or_participle(tmp_path, judge):
    """"Harbour courts responsible for ...", "a signal marking ...": the sort is the noun before the words that
    describe it, so the distractors must be courts or signals too."""
    notes = "# Harbour\n\n## Flags\nA **Bell Flag** is a signal marking a ship that waits for a pilot.\n"
    gen = _gen(tmp_path, judge, "harbour.md", notes)
    flag = next(f for f in gen.facts if f.kind == "term" and f.subject == "Bell Flag")
    assert _slot_sort(flag) == "signal"
    courts = replace(flag, masked="The ___ were harbour courts responsible for settling disputes between captains.")
    assert _slot_sort(courts) == "courts"
    office = replace(flag, masked="The ___ was a town office that counted every barrel landed at the quay.")
    assert _slot_sort(office) == "office"
