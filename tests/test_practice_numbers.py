"""Practice questions on the numbers the notes state in their prose and lists ("which number completes this line?"):
which sentences give one, what the distractors are, and a set from notes of another subject (astronomy, written
here) that asks them with the key in the cited line."""

from __future__ import annotations

import random
import re

import pytest

from tutor.practice.generate import Generator
from tutor.practice.numbers import _quantity, rivals
from tutor.practice.quality import defects
from tutor.support import Judge


def test_a_sentence_gives_a_number_question_only_when_its_one_number_is_a_quantity_of_something():
    q = _quantity("The overhead adds about 40 SPARC instructions to each interrupt handling operation.", 344, "H")
    assert q is not None and q.number == "40" and q.unit == "SPARC instructions"
    assert q.masked == "The overhead adds about ___ SPARC instructions to each interrupt handling operation."
    assert _quantity("Maximum message size for storage queues is 64KB in total.", 1, "H").number == "64KB"
    assert _quantity("The resting potential of most neurons sits at about -70 mV.", 1, "H").number == "-70"
    for no in ("Chapter 3 covers the treaty of Versailles in great detail.",  # a number that names
               "Blocking Alpha 1 activation can relax the prostate muscle.",  # part of a name
               "In 1988, Gorbachev called for the creation of the Congress.",  # a year
               "The Linux O(1) scheduler has 140 priority levels in total.",  # another number gives it away
               "Suppose a request for 8 units comes in from the allocator.",  # a made-up example's value
               "Weber identified 3 types: traditional, charismatic, and rational-legal",  # the list counts it out
               "There were four humors that represented the 4 different elements.",  # spelled out too
               "It is a preemptive scheduler with 140 priority levels.",  # "it": cut from the sentence before
               "He drafted peasants for 25 year services to build his army.",  # who? named only the line before
               "The Struggle for Power: He appointed some 10,000 regional secretaries.",  # a label, then "he"
               "Explain at least 4 features of Renaissance art and humanism.",  # the notes' own prompt
               "Below is a list of key figures in the 30 Years' War.",  # a name's number
               "Docker runs many containers on 1 server in the usual setup.",  # "___ server": the singular tells
               "The queue keeps 0 messages once the consumer has read them all.",  # nothing to count
               "Global distribution gives 99.999% availability for databases."):  # no sensible ladder of these
        assert _quantity(no, 1, "H") is None, no


def test_distractors_are_the_notes_other_values_of_the_unit_then_the_key_scaled_never_one_it_holds():
    key = _quantity("Mutex lock and unlock each save about 12 instructions per call.", 346, "H")
    other = _quantity("Taking an interrupt adds about 40 SPARC instructions to the handler.", 344, "H")
    days = _quantity("Messages can be kept in the queue for up to 7 days by default.", 9, "H")
    got = rivals(key, [(other, "threads.md:344"), (days, "queues.md:9")])
    assert [t for t, _, _ in got][0] == "40" and "threads.md:344" in got[0][1]  # the same unit's value first
    assert "7" not in [t for t, _, _ in got]  # days are not instructions
    assert len(got) == 3 and len({t for t, _, _ in got} | {"12"}) == 4
    # the same unit written out or short is one unit: "80 gigabytes" and "80 GB" are one value of the notes
    from tutor.practice.numbers import unit_key
    assert unit_key("gigabytes") == unit_key("GB") and unit_key("percent") == unit_key("%")
    assert unit_key("non-virtualizable hardware instructions") == unit_key("instructions")
    # a value of the notes' own an order of magnitude off is no rival: an outside reader struck "4500" for "___ million
    # slaves" (10) and "5" for "over ___ small states" (300) at sight
    slaves = _quantity("About 10 million slaves were brought to the new world in those years.", 88, "H")
    far = _quantity("Nearly 4500 million slaves were shipped across the ocean in those centuries.", 3, "H")
    near = _quantity("Some 8 million slaves were sold in the markets of the new world.", 5, "H")
    got = [t for t, _, _ in rivals(slaves, [(far, "a.md:3"), (near, "a.md:5")])]
    assert "8" in got and "4500" not in got and len(got) == 3, got
    share = rivals(_quantity("About 80 percent of the population still worked on the land.", 1, "H"), [])
    assert all(0 < float(t) <= 100 for t, _, _ in share), share  # a share written out stays a share
    few = rivals(_quantity("The default retention period of the hub is 2 hours at most.", 1, "H"), [])
    assert "1" not in [t for t, _, _ in few]  # "1 hours" would not fit the plural the key is written in
    pct = rivals(_quantity("About 80% of the population still worked on the land then.", 1, "H"), [])
    assert all(t.endswith("%") and 0 < float(t[:-1]) <= 100 for t, _, _ in pct), pct  # written as the key is, a share
    neg = rivals(_quantity("The resting potential of most neurons sits at about -70 mV.", 1, "H"), [])
    assert all(re.fullmatch(r"-\d+", t) for t, _, _ in neg), neg  # "-90", never "-90-70"
    # an outside reader picked the key from the options alone in 27 of 38: it was the value the others were built
    # around (90 among 45, 180, 900). The key now stands at a place of an even ladder fixed by its sentence
    places = set()
    for n in (12, 40, 90, 116, 140, 300, 64, 25):
        q = _quantity(f"The system in this chapter keeps about {n} records per page of memory.", 1, "H")
        values = sorted([n] + [int(t) for t, _, _ in rivals(q, [])])
        assert len(values) == 4 and len({b - a for a, b in zip(values, values[1:])}) == 1, values
        places.add(values.index(n))
    assert len(places) >= 3, places  # not always the middle, nor always an end


NOTES = {
    "planets.md": """# Planets

## Jupiter
Jupiter is the largest planet and takes about 12 years to orbit the Sun once.
A day on Jupiter lasts only 10 hours, the shortest of any planet.

## Mars
Mars has two small moons, Phobos and Deimos, which may be captured asteroids.
Olympus Mons on Mars rises about 22 kilometres above the surrounding plains.
""",
    "stars.md": """# Stars

## The Sun
Light from the Sun takes about 8 minutes to reach the Earth.
The Sun is roughly 4.6 billion years old and about halfway through its life.

## Neutron stars
A neutron star packs more mass than the Sun into a sphere about 20 kilometres across.
""",
}


@pytest.fixture(scope="module")
def star_gen(corpus_index, tmp_path_factory):
    notes = tmp_path_factory.mktemp("number-notes")
    for name, text in NOTES.items():
        (notes / name).write_text(text)
    return Generator(notes, Judge(corpus_index.embeddings), [])


def test_notes_that_state_numbers_in_prose_give_number_questions_with_the_key_in_the_cited_line(star_gen):
    facts = [f for f in star_gen.facts if f.kind == "number"]
    assert {(f.subject, f.source) for f in facts} >= {("12", "planets.md"), ("8", "stars.md"), ("22", "planets.md")}
    rng = random.Random(5)
    asked = 0
    for f in facts:
        d = star_gen.draft(f, "medium", rng, "number")
        if d is None:
            continue
        q = star_gen.assemble(d, rng, 5)
        assert not star_gen.verify(q, d, []), (q.stem, q.options, star_gen.verify(q, d, []))
        key = q.options[q.answer[0]]
        assert key in q.citations[0].quote and "___" in q.stem and key not in q.stem.split("“", 1)[1], q.stem
        assert all(q.rationales.get(k) for k in q.options) and len(set(q.options.values())) == 4
        assert not defects(q, star_gen.judge.embed_many)
        asked += 1
    assert asked >= 4
    # the kilometres of Olympus Mons and of a neutron star are each other's distractors, with where the notes say so
    mons = next(f for f in facts if f.subject == "22")
    d = star_gen.draft(mons, "medium", random.Random(1), "number")
    assert "20" in [t for t, _, _ in d.wrong] and any("stars.md:" in r for _, r, _ in d.wrong)


GLOSSARY = NOTES | {"terms.md": """# Terms

- **Comet**: an icy body that releases gas and dust when it passes near the Sun
- **Asteroid**: a rocky body orbiting the Sun, most of them between Mars and Jupiter
- **Meteoroid**: a small rocky or metallic body travelling through space
- **Nebula**: a cloud of gas and dust in space where stars are born
- **Quasar**: an extremely bright core of a distant galaxy powered by a black hole
"""}


def test_a_mixed_set_asks_numbers_only_after_every_other_kind_of_question(corpus_index, tmp_path):
    # outside readers found a third of the number questions not worth asking (an incidental figure), against
    # about one in six of the others: a number comes in only when the notes' other facts are used up
    notes = tmp_path / "notes"
    notes.mkdir()
    for name, text in GLOSSARY.items():
        (notes / name).write_text(text)
    gen = Generator(notes, Judge(corpus_index.embeddings), [])
    facts = gen.facts
    numbers = [f for f in facts if gen.forms(f) == ["number"]]
    others = [f for f in facts if gen.forms(f) != ["number"]]
    assert len(numbers) >= 4 and len(others) >= 4
    order = gen._mix(list(facts), random.Random(3))
    assert {f.id for f in order[: len(others)]} == {f.id for f in others}  # every other fact first
    small = gen.make_set(4, seed=3, phrase=False)
    assert len(small.questions) == 4 and not any("which number completes" in q.stem for q in small.questions)
    full = gen.make_set(len(facts), seed=3, phrase=False)
    assert any("which number completes" in q.stem for q in full.questions)  # still asked when the set needs them


def test_a_set_asks_at_most_a_quarter_of_numbers_and_says_why_it_is_shorter(star_gen):
    # outside readers found 39 of 90 number questions defective or not worth asking (76 of 369, 21%, of the other
    # kinds): notes that hold little but numbers give a short set that says why, not a set of number fill-ins
    n = 8
    pset = star_gen.make_set(n, seed=2, phrase=False)
    numbers = [q for q in pset.questions if "which number completes" in q.stem]
    assert 1 <= len(numbers) <= n // 4, [q.stem for q in pset.questions]
    assert len(pset.questions) < n
    message = pset.report.message()
    assert "numbers from sentences" in message and "at most 2" in message, message
    assert "giveaway" not in message and "verif" not in message  # the student's words, not the checker's


def test_a_usual_period_gets_distractors_from_its_units_usual_scale_and_a_page_is_no_quantity():
    # "90 days" among 50, 70 and 110 is the only usual period: a student picks it without knowing the notes
    for line, unit_scale in (("The default trail keeps events for 90 days in the console.", {7, 14, 30, 60, 90, 180, 365}),
                             ("Charges apply for deleted keys in the last 30 days of use.", {7, 14, 30, 60, 90, 180, 365}),
                             ("Each message stays in the hub for 24 hours after it arrives.", {6, 8, 12, 24, 48, 72, 168})):
        got = [float(t) for t, _, _ in rivals(_quantity(line, 1, "H"), [])]
        assert len(got) == 3 and set(got) <= unit_scale, (line, got)
    odd = rivals(_quantity("The overhead adds about 40 SPARC instructions to each handling operation.", 1, "H"), [])
    assert len(odd) == 3  # a count of no usual scale keeps its ladder
    # a page of the textbook the notes send the reader to is a place, not something the notes say
    assert _quantity("(hint, read ALL of pg 333 before answering, there are multiple factors)", 1, "H") is None
    assert _quantity("The humanists secularized the writing of history (see p. 350 of the text).", 1, "H") is None


def test_a_number_under_a_prompt_of_the_notes_reads_as_the_prompt_then_the_sentence(tmp_path):
    from ingest.sources import read_note
    from tutor.practice.facts import facts_in
    (tmp_path / "n.md").write_text("# Culture\n\n- Explain the diversity of England's theater scene.\n"
                                   "  - The theaters held almost 3,000 people and charged very little so all classes could attend.\n")
    numbers = [f for f in facts_in(read_note(tmp_path / "n.md", tmp_path, 5)) if f.kind == "number"]
    assert [f.masked for f in numbers] == [
        "Explain the diversity of England's theater scene. The theaters held almost ___ people and charged very little "
        "so all classes could attend."]  # not "theater scene.: The theaters ..."


def test_a_line_working_an_example_through_gives_no_number_question(tmp_path):
    """"For the pipeline model, the first order took ___ to complete." came from a line working out average order
    times ("... took 120ms ... waited 20ms ... then took 120ms"): a reader called it trivia (seed 51, cs-os-10)."""
    from ingest.sources import read_note
    from tutor.practice.facts import facts_in
    (tmp_path / "n.md").write_text(
        "# Queues\n\n## Timing\n\nIn the relay design, the first parcel took 90ms to arrive. The second parcel waited "
        "15ms for the first to clear the gate, and then took 90ms to arrive. The third waited 30ms in all.\n\n"
        "The gate holds a parcel for at most 45ms before it drops it.\n")
    numbers = [f.masked for f in facts_in(read_note(tmp_path / "n.md", tmp_path, 5)) if f.kind == "number"]
    assert numbers == ["The gate holds a parcel for at most ___ before it drops it."], numbers
