"""Practice questions from notes that are only prose: terms a heading, a bold word or a sentence introduces,
asked from their own sentences with the term blanked, among terms of the same kind; the checks that keep a
stem from naming its answer and a distractor from fitting the stem. The notes are written here (any subject:
rocks and ice), not copied from anywhere."""

from __future__ import annotations

import random

import pytest

from ingest.records import QuestionRecord
from tutor.practice.generate import Generator
from tutor.practice.model import GenerationReport
from tutor.practice.prose import mask
from tutor.practice.quality import defects, giveaway
from tutor.support import Judge

NOTES = {
    "glaciers.md": """# Glaciers

## How glaciers move
Ice flows downhill under its own weight. A **crevasse** is a deep crack that opens in the brittle upper layer of a
glacier where the ice is stretched.

The rock debris a glacier carries and leaves behind is known as a **moraine**. Moraines mark how far the ice once
reached.

## Landforms

### Cirque
Carved into a mountainside at the head of a glacier as a bowl-shaped hollow with steep back walls.

### Drumlin
Shaped like an upturned spoon, with its steep end facing the direction the ice came from.

### Esker
Formed by meltwater streams running in tunnels under the ice, leaving a long winding ridge of sand and gravel.

### Erratic
Carried far from its source by the ice and dropped on bedrock of a different type when the ice melted.

Ablation is the loss of ice from a glacier by melting, sublimation and the calving of icebergs. It is **important**
for the budget of every glacier.
""",
    "volcanoes.md": """# Volcanoes

## Magma and lava
Molten rock below the surface holds dissolved gases and slowly rises through cracks in the crust. Once molten rock
erupts onto the surface it is called **lava**, and as it cools it forms igneous rock.

A **pyroclastic flow** is a fast-moving current of hot gas and volcanic fragments that races down the flanks of a
volcano.

**Eruption column height**: 30 km

## Caldera
Formed when the roof of an emptied magma chamber collapses, leaving a wide basin that may later fill with a lake.

## Tephra
Fragments of rock of any size thrown into the air by an explosive eruption, from fine ash to large blocks.

## Fumarole
Formed as an opening in the crust on the flanks of active volcanoes that releases steam and hot gases.

Viscosity is the resistance of a fluid to flow, and silica-rich magma has a high one and erupts explosively.
""",
    "soils.md": """# Soils

## Horizons
Soil forms in layers parallel to the surface. The dark top layer rich in decayed plant matter is called **humus**,
and it holds water and nutrients.

**Leaching** is the downward washing of dissolved minerals out of the upper layers by rain water.

## Loam
Made of roughly equal parts of sand, silt and clay, which makes it drain well while still keeping moisture.

## Laterite
Found in hot and wet tropical regions, rich in iron and aluminium oxides and poor in plant nutrients.

## Podzol
Formed under cool and wet conifer forests, with an ash-grey layer leached of iron below a thin acid litter.

Weathering is the breaking down of rock at the surface by water, ice, plants and changes of temperature.
The slow downhill movement of earth under gravity over many years is **soil creep**. The worst of it is **steep**.
""",
}


@pytest.fixture(scope="module")
def prose_gen(corpus_index, tmp_path_factory):
    notes = tmp_path_factory.mktemp("prose-notes")
    for name, text in NOTES.items():
        (notes / name).write_text(text)
    return Generator(notes, Judge(corpus_index.embeddings), [])


def test_a_set_from_prose_only_notes_asks_every_file_with_keys_in_the_cited_lines(prose_gen):
    pset = prose_gen.make_set(6, seed=3, phrase=False)
    qs = pset.questions
    assert len(qs) == 6, pset.report.details()
    assert {q.source.file for q in qs} == set(NOTES)
    for q in qs:
        key = q.options[q.answer[0]]
        cited = "\n".join(c.quote or "" for c in q.citations).lower()
        assert key.lower() in cited, (q.stem, key)
        assert key.lower() not in q.stem.lower() and key.lower()[:5] not in q.stem.lower(), q.stem
        assert len(set(q.options.values())) == len(q.options) >= 3  # three when a heading has two siblings
        assert not defects(q, prose_gen.judge.embed_many), (q.stem, q.options)
        assert q.stem.endswith("?") and "  " not in q.stem
        assert all(q.rationales.get(k) for k in q.options)


def test_only_terms_the_prose_introduces_are_asked(prose_gen):
    """Bold for emphasis ("**important**") and a bold label with its value ("**Eruption column height**: 30 km")
    are not terms; a heading's own sentence, a bold term in a sentence and "X is the ..." are."""
    terms = {f.subject.lower(): f for f in prose_gen.facts if f.kind == "term"}
    assert "important" not in terms and "eruption column height" not in terms and "steep" not in terms
    # a sentence that ends on the bold term it names ("... is **soil creep**.") introduces it too
    assert terms["soil creep"].predicate == "bold" and terms["soil creep"].masked.endswith("is ___.")
    assert {"crevasse", "moraine", "drumlin", "esker", "caldera", "humus", "leaching", "ablation"} <= set(terms)
    assert terms["drumlin"].predicate.startswith("heading") and terms["moraine"].predicate == "bold"
    # a heading is asked among its siblings under the same parent (the other landforms)
    d = prose_gen._term(terms["drumlin"], "medium", random.Random(0))
    assert {t for t, *_ in d.wrong} <= {"Cirque", "Esker", "Erratic"}


def test_a_stem_never_names_its_key_or_a_word_of_its_root():
    assert mask("moraine", "The rock debris a glacier carries and leaves behind is known as a moraine.") == \
        "The rock debris a glacier carries and leaves behind is known as a(n) ___."
    assert mask("moraine", "The rock debris is known as a moraine.") is None  # too little left to tell terms apart
    assert mask("Scalability", "Scaling out adds machines to share the load of many more users at once.") is None
    assert "___" in mask("shortest job first", "Instead of FCFS we can try shortest job first (SJF), which schedules "
                         "jobs in order of their execution time.") and "SJF" not in mask(
        "shortest job first", "Try shortest job first (SJF), which schedules jobs in order of their execution time.")
    q = QuestionRecord(id="t", stem="Which of these do your notes describe this way: “Absorbed through the muscle "
                       "via injection.”?", options={"A": "Intramuscular", "B": "Inhalation", "C": "Intravenous",
                                                    "D": "Subcutaneous"}, answer=["A"])
    assert giveaway(q) and "muscl" in giveaway(q)
    # initials in the stem that only the key spells out: an outside reader, "the key is only what IA stands for"
    q = QuestionRecord(id="t", stem="What do your notes give under “Use cases” for S3 Standard-IA?",
                       options={"A": "For data with changing access patterns", "B": "For lowest storage cost",
                                "C": "For infrequently accessed data", "D": "For re-creatable, less accessed data"},
                       answer=["C"])
    assert giveaway(q) and "IA" in giveaway(q)
    q.options["B"] = "For important archives"  # another option spelling it out: no longer the key alone
    assert giveaway(q) is None


def test_a_term_whose_own_description_fits_the_stem_is_not_a_distractor(corpus_index, tmp_path):
    """Two siblings say the same half of the stem ("increase in secretions"): the one that is not the key
    would be right as well and is never offered."""
    (tmp_path / "n.md").write_text("""# Effects

## Parasympathetic

### Glands
Increase in secretions of tears, saliva and mucus from the nose and mouth.

### Bronchi
Increase in secretions and constriction of the smooth muscle lining the airways.

### Heart
Slower beating and weaker contraction of the atria through the vagus nerve.

### Eyes
Pupils constrict and the lens thickens so that near objects come into focus.

### Bladder
Contraction of the detrusor wall and relaxation of the internal sphincter.
""")
    gen = Generator(tmp_path, Judge(corpus_index.embeddings), [])
    bronchi = next(f for f in gen.facts if f.subject == "Bronchi")
    for seed in range(4):
        d = gen._term(bronchi, "easy", random.Random(seed))
        assert d is None or "Glands" not in {t for t, *_ in d.wrong}


def test_the_student_reads_how_many_questions_and_the_checker_s_reasons_go_to_details():
    r = GenerationReport(asked=20, produced=14, facts_available=40, new_left=6)
    r.drop("too few verifiable distractors")
    r.drop("giveaway: the key is much longer than the distractors")
    msg = r.message()
    assert "14" in msg and "20" in msg and "distractor" not in msg and "verif" not in msg.lower()
    assert "too few verifiable distractors" in r.details() and "giveaway" in r.details()


def test_a_mock_or_a_new_only_set_never_passes_a_repeat_off_as_new(prose_gen):
    first = prose_gen.make_set(30, seed=1, phrase=False)
    again = prose_gen.make_set(10, seed=2, phrase=False, seen=first.questions, new_only=True)
    asked = {(q.source.file, q.source.lines[0]) for q in first.questions}
    assert not [q for q in again.questions if (q.source.file, q.source.lines[0]) in asked]
    assert len(again.questions) < 10 and "Your notes give" in again.report.message()


def test_the_article_before_the_blank_does_not_tell_the_answer():
    from tutor.practice.prose import mask

    stem = mask("Inode", "An inode is a data structure that holds the metadata of each file stored on the disk.")
    assert stem is not None and stem.startswith("A(n) ___") and "An ___" not in stem


def test_distractors_are_said_to_be_the_same_sort_of_thing_as_the_key(corpus_index, tmp_path):
    """"a hardware emulator called ___": the notes call nothing else an emulator, so the other terms (a bit, a
    call, a ring) would stand out; the question is not asked. "a construct called a(n) ___" has rivals the notes
    also call constructs, and only those are offered (not the critical section, close in meaning)."""
    (tmp_path / "vm.md").write_text("""# Virtual machines

The support for running guest machines comes from a hypervisor module and a hardware emulator called **QEMU**.

A **hypercall** is a request a guest makes directly to the hypervisor instead of executing a privileged instruction.

The **dirty bit** is set by the hardware whenever a page of memory is written to by any process.

A **protection ring** is one level of privilege the processor enforces between the kernel and the applications.

# Synchronization

To support mutual exclusion, operating systems support a construct called a **mutex** with a lock and a queue.

A **semaphore** is a synchronization construct that holds a count of how many threads may enter at once.

A **monitor** is a higher level synchronization construct that locks and unlocks for the programmer.

A **spinlock** is a synchronization construct that keeps the waiting thread busy checking the lock in a loop.

A **critical section** is the part of a program that only one thread at a time may run, for shared data.

A **race condition** is the error of two threads updating shared data at once, so the result depends on timing.

A **page table** maps each virtual address of a process to the physical address of its data in memory.
""")
    gen = Generator(tmp_path, Judge(corpus_index.embeddings), [])
    qemu = next(f for f in gen.facts if f.kind == "term" and f.subject == "QEMU")
    assert all(gen._term(qemu, "medium", random.Random(s)) is None for s in range(3))
    constructs = {"mutex", "semaphore", "monitor", "spinlock"}
    for name in ("mutex", "semaphore"):  # (the critical section, close in meaning, is not a construct)
        fact = next(f for f in gen.facts if f.kind == "term" and f.subject.lower() == name)
        d = gen._term(fact, "medium", random.Random(0))
        assert d is not None and {t.lower() for t, *_ in d.wrong} <= constructs - {name}


def test_a_heading_s_rivals_are_the_sibling_headings_the_notes_describe_not_topics_beside_them(corpus_index, tmp_path):
    # outside readers marked fill-in questions giveaways when "Security" and "API Models" stood beside "Stored
    # procedures": a section on a topic is no thing of the key's kind. A sibling heading is a rival when its
    # section opens on what it is (even in words that name it, so it is never asked itself: "Triggers are ...
    # triggered"), or when its section names it; a section that does neither is on a topic
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "db.md").write_text("""# Database engine

## Stored procedures
Stored procedures are server-side functions written in JavaScript that run inside one partition's transaction.

## Triggers
Fired before or after a write, pre-triggers and post-triggers check or change an item in the same partition.

## User-defined functions
Made to extend the query language with read-only custom logic that you write yourself in JavaScript.

## Security
The account keys are rotated every ninety days by the administrators, and an audit log is kept of each.
""")
    gen = Generator(notes, Judge(corpus_index.embeddings), [])
    fact = next(f for f in gen.facts if f.kind == "term" and f.subject == "Stored procedures")
    rivals = {sb.subject for sb in fact.siblings}
    assert {"Triggers", "User-defined functions"} <= rivals, rivals
    assert "Security" not in rivals
    from tutor.practice.prose import FRAGMENT
    assert FRAGMENT.match("Made with dried or fresh yeast.") and not FRAGMENT.match("Set the flag before the job.")


def test_a_term_the_notes_set_in_bold_and_give_a_section_is_an_option_even_when_not_asked(corpus_index, tmp_path):
    # outside notes call spinlocks and semaphores constructs in sentences that cannot ask them ("One of the most
    # basic synchronization constructs is the **spinlock**." says too little to single it out), so a question on
    # the mutex had no rivals of its kind. A bold word that also names a section of the notes is one of the notes'
    # terms: an option, never asked; a bold word for emphasis with no section of its own stays out
    (tmp_path / "sync.md").write_text("""# Synchronization

## Mutexes
To support mutual exclusion between threads, operating systems offer a construct called a **mutex** with a queue.

## Spinlocks
One of the most basic synchronization constructs is the **spinlock**.

Unlike a mutex, a spinlock keeps the waiting thread burning cycles on the processor until it is free.

## Semaphores
As a synchronization construct, **semaphores** express count related synchronization requirements.

Threads arriving at a semaphore with a zero value have to wait until another thread signals it again.

## Monitors
A **monitor** is a higher level synchronization construct that does the locking and the signalling for you.

## Costs
Waiting this way is **expensive** for long waits, and it is **expensive** again when many threads wait.
""")
    gen = Generator(tmp_path, Judge(corpus_index.embeddings), [])
    pool = {f.subject.lower(): f.kind for f in gen._term_pool()[0]}
    assert pool.get("spinlock") == "mention", pool
    # ("**semaphores** express ..." says what they do: a term asked from its sentence, and an option as well)
    assert pool.get("semaphores") == "term", pool
    assert "expensive" not in pool
    mutex = next(f for f in gen.facts if f.kind == "term" and f.subject == "mutex")
    d = gen._term(mutex, "medium", random.Random(0))
    assert d is not None and {"spinlock", "semaphores"} & {t.lower() for t, *_ in d.wrong}, d and d.wrong


def test_a_blank_whose_rivals_in_the_notes_are_of_other_kinds_is_not_asked(prose_gen):
    # outside readers: "transported into vesicles by ___" among a drug and "Binding" is a giveaway; "The rock debris
    # a glacier leaves behind is known as ___" has only processes and molten rock (lava, ablation, leaching) to
    # offer beside it, so it is not asked (a blank that names the sort, "a construct called ___", is held to it)
    moraine = next(f for f in prose_gen.facts if f.kind == "term" and f.subject == "moraine")
    assert all(prose_gen._term(moraine, "medium", random.Random(s)) is None for s in range(3))


def test_a_bold_term_that_opens_its_sentence_with_a_verb_of_its_own_is_asked_from_that_sentence(corpus_index, tmp_path):
    """"**Anemometers** measure ...", "For wet weather, **rain gauges** collect ...": the sentence says what the term does,
    so it can ask the term; "**Cirrus** clouds are ..." only qualifies the noun after it, and asks nothing."""
    (tmp_path / "weather.md").write_text("""# Weather

## Instruments
**Anemometers** measure how fast the wind blows by counting the turns of a ring of small cups.

For wet weather, **rain gauges** collect the water that falls into a funnel over a whole day.

A **barometer** shows the pressure of the air, which falls before a storm arrives.

**Cirrus** clouds are thin wisps of ice crystals high in the sky on fair days.
""")
    gen = Generator(tmp_path, Judge(corpus_index.embeddings), [])
    terms = {f.subject.lower(): f for f in gen.facts if f.kind == "term"}
    assert terms["anemometers"].masked.startswith("___ measure how fast the wind blows")
    assert terms["rain gauges"].masked.startswith("For wet weather, ___ collect the water")
    assert "cirrus" not in terms


def test_a_section_that_only_points_to_another_note_gives_its_rival_no_description(corpus_index, tmp_path):
    # a reader found "Your notes describe Metabolism otherwise: “See here: Drug Metabolism”": a pointer to another
    # note says nothing of its section: the rival stays (its section names it), as "another section of your
    # notes", never described by the link
    (tmp_path / "kinetics.md").write_text("""# Pharmacokinetics

## Liberation
Liberation is the process of releasing the drug from its packaging, as an extended release capsule does.

## Absorption
Absorption is the movement of the drug from where it was given into the blood, through membranes.

## Metabolism
See here: [[Drug Metabolism]]

## Elimination
Elimination is the removal of the drug from the body, mostly by the kidneys into the urine.
""")
    gen = Generator(tmp_path, Judge(corpus_index.embeddings), [])
    fact = next(f for f in gen.facts if f.kind == "term" and f.subject == "Liberation")
    values = {sb.subject: sb.value for sb in fact.siblings}
    assert values.get("Metabolism") == "", values
    assert values["Absorption"].startswith("Absorption is the movement"), values
