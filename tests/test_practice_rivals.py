"""Distractors are the key's rivals in the notes' own structure: the sibling headings of its kind (ranked by how
like the key they are, not by where they sit), the other lists of its section introduced the same way, the names
its section sets in bold; and a question whose options all come from elsewhere in the notes is flagged. The notes
are written here (bread, an orchestra, a harbour), not copied from anywhere."""

from __future__ import annotations

import random

import pytest

from ingest.embeddings import shared_embeddings
from ingest.records import QuestionRecord, Source
from tutor.practice.generate import Generator
from tutor.practice.quality import defects, far_from_key, far_options
from tutor.support import Judge

BREAD = """# Bread

## Oven care
Cleaned after every bake so that burnt flour on the floor of the oven does not smoke.

## Kneading schedule
Worked for ten minutes, rested for an hour, then shaped into a loaf on a floured board.

## Storage
Kept in a cloth bag or a wooden box, never in the fridge, where the crumb goes stale quickly.

## Sourdough
Raised by a starter of wild yeast and lactic acid bacteria that is kept alive with flour and water.

## Yeasted bread
Made with dried or fresh yeast bought in a shop, which works faster than a wild starter does.

## Soda bread
Leavened by baking soda reacting with buttermilk in the oven, with no proving time at all.

## Flatbread
Rolled thin without any leavening agent and cooked quickly on a very hot stone or pan.
"""

ORCHESTRA = """# Orchestra

## Sections
An orchestra seats its players in sections by the family of their instruments.

The string section includes:

- Violin
- Viola
- Cello
- Double bass

The brass section includes:

- Trumpet
- Trombone
- French horn
- Tuba

For example:

- a concert in a park
- a recording in a studio
"""

HARBOUR = """# Harbour

## Ships that call here
Most cargo arrives on container ships; this model of trade is served by the **Maersk** and **Evergreen** lines.

## Ferries
One example of the ferry model is **roll-on roll-off**, which lets cars drive aboard under their own power.
"""


@pytest.fixture(scope="module")
def judge():
    return Judge(shared_embeddings())


def _gen(tmp_path, judge, files: dict[str, str]) -> Generator:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return Generator(tmp_path, judge, [])


def test_a_heading_is_asked_among_the_siblings_of_its_kind_not_the_first_in_the_file(tmp_path, judge):
    """Oven care, Kneading schedule and Storage are siblings of Sourdough too (the same parent), and come first
    in the file; the kinds of bread are its rivals."""
    gen = _gen(tmp_path, judge, {"bread.md": BREAD})
    sourdough = next(f for f in gen.facts if f.kind == "term" and f.subject == "Sourdough")
    for seed in range(3):
        d = gen._term(sourdough, "medium", random.Random(seed))
        assert d is not None
        assert {t for t, *_ in d.wrong} <= {"Yeasted bread", "Soda bread", "Flatbread"}, [t for t, *_ in d.wrong]


def test_lists_side_by_side_with_parallel_lead_ins_are_each_others_rivals(tmp_path, judge):
    """"The string section includes:" / "The brass section includes:" under one heading: a question on one list
    takes its foils from the other; "For example:" introduces no rival list."""
    gen = _gen(tmp_path, judge, {"orchestra.md": ORCHESTRA})
    cats = [f for f in gen.facts if f.kind == "category"]
    strings = next(f for f in cats if f.subject == "The string section includes:")
    assert set(strings.foils) == {"Trumpet", "Trombone", "French horn", "Tuba"}
    assert not any("example" in f.subject.lower() for f in cats)
    d = gen._category(strings, "hard", random.Random(0))
    assert d is not None and set(d.correct) <= {"Violin", "Viola", "Cello", "Double bass"}
    assert {t for t, *_ in d.wrong} <= {"Trumpet", "Trombone", "French horn", "Tuba"}
    assert "after “The string section includes:”" in d.stem


def test_proper_names_a_section_sets_in_bold_are_options_for_a_neighbouring_term(tmp_path, judge):
    """"**Maersk**" sits in a sentence that opens with "this model": never asked, but a name of the notes."""
    gen = _gen(tmp_path, judge, {"harbour.md": HARBOUR})
    pool = {f.subject for f in gen._term_pool()[0]}
    assert {"Maersk", "Evergreen"} <= pool


def test_options_all_from_elsewhere_in_the_notes_are_flagged():
    assert far_from_key((100, 100), [None, 300, 5])
    assert not far_from_key((100, 100), [None, 115, 5])  # one rival from the key's own part is enough
    q = QuestionRecord(id="x", stem="Which term fills the blank in your notes: “___ carries cargo.”?",
                       options={"A": "Container ship", "B": "Lighthouse", "C": "Pilot", "D": "Dredger"}, answer=["A"],
                       rationales={"A": "Your notes: “…” (h.md:40).", "B": "Your notes describe Lighthouse otherwise: “…” (h.md:200).",
                                   "C": "Your notes describe Pilot otherwise: “…” (other.md:41).",
                                   "D": "Your notes describe Dredger otherwise: “…” (h.md:3)."},
                       origin="generated", citations=[Source(file="h.md", lines=(40, 40))])
    assert far_options(q)
    assert any(d.kind == "giveaway" for d in defects(q, far=True)) and not defects(q)
    near = q.model_copy(update={"rationales": {**q.rationales, "D": "Your notes describe Dredger otherwise: “…” (h.md:52)."}})
    assert not far_options(near)


VOYAGES = """# Voyages

## Questions
- Which ships sailed in the first fleet?
  - Ships of the first fleet:
    - Endeavour
      - A converted coal carrier that sailed first to the southern ocean and charted its eastern coast.
    - Resolution
      - A sturdy sloop that carried the second expedition far south, crossing the polar circle twice.
    - Adventure
      - The companion sloop of the second expedition, separated from its partner in thick fog.
    - Discovery
      - The smaller vessel of the third expedition, which followed its consort into the northern ocean.
"""


def test_named_items_one_level_down_with_a_sentence_under_each_are_asked_among_their_siblings(tmp_path, judge):
    """A nested list of names, each with its description one level under it: each name is a term, and the other
    names of its group are its distractors."""
    gen = _gen(tmp_path, judge, {"voyages.md": VOYAGES})
    defs = {f.subject: f for f in gen.facts if f.kind == "definition"}
    assert {"Endeavour", "Resolution", "Adventure", "Discovery"} <= set(defs)
    f = defs["Resolution"]
    assert "polar circle" in f.value and f.lines == (8, 9)  # the name and the line under it, cited together
    assert {s.subject for s in f.siblings} == {"Endeavour", "Adventure", "Discovery"}


PORT_SERVICES = """# Harbour services

| Service | What it is | Use Cases |
|---|---|---|
| Pilot boat | A small fast boat that carries a pilot out to a ship | Guiding large ships through the harbour entrance |
| Tugboat | A powerful boat with a strong engine | Towing disabled barges back to the yard |
| Dredger | A vessel that digs mud from the channel bed | Keeping the shipping channel deep enough |
| Fireboat | A boat with pumps and water cannons | Fighting fires on ships and piers |
| Harbour launch | Leading big vessels past the breakwater into port | Carrying the harbour master on inspections |
| Buoy tender | A ship that services navigation buoys | Replacing the lights on channel markers |
"""


def test_a_distractor_whose_own_row_says_the_need_is_not_offered(tmp_path, judge):
    """The harbour launch's description cell says what the pilot boat's use case says: asked "which guides
    large ships through the harbour entrance", it would be defended as right, so it is never a distractor."""
    gen = _gen(tmp_path, judge, {"services.md": PORT_SERVICES})
    pilot = next(f for f in gen.facts if f.kind == "table" and f.subject == "Pilot boat" and f.predicate == "Use Cases")
    for seed in range(3):
        d = gen._scenario(pilot, "hard", random.Random(seed))
        assert d is not None
        assert "Harbour launch" not in {t for t, *_ in d.wrong}, d.stem


def test_a_rationale_cites_the_line_its_quote_is_on_not_the_heading_above_it(tmp_path, judge):
    # an outside reader: "every line number in the rationales is one line too early" (the heading's, not the text's)
    gen = _gen(tmp_path, judge, {"bread.md": BREAD})
    lines = BREAD.splitlines()
    sourdough = next(f for f in gen.facts if f.kind == "term" and f.subject == "Sourdough")
    d = gen._term(sourdough, "medium", random.Random(0))
    assert d is not None
    at = lambda words: next(n for n, t in enumerate(lines, 1) if t.startswith(words))  # noqa: E731
    assert f"bread.md:{at('Raised by a starter')})" in d.rationale, d.rationale
    for name, why, _ in d.wrong:
        opening = {"Yeasted bread": "Made with dried", "Soda bread": "Leavened by", "Flatbread": "Rolled thin"}[name]
        assert f"bread.md:{at(opening)})" in why, why


PAGE_BITS = """# Paging hardware

## Bits in a page table entry
The hardware sets a(n) **dirty bit** which records that the page has been written to since it was loaded.

The kernel also keeps **protection bits** which say whether the page may be read, written or executed.

Most processors provide **accessed bits** which are set each time the page is read or written.

Entries carry **valid bits** which tell whether the page is in memory at all.
"""


def test_a_rival_of_the_other_number_is_offered_in_the_number_the_blank_reads(tmp_path, judge):
    """"a(n) ___ which records ..." reads one thing: the notes' "protection bits" is offered as "Protection bit"
    rather than dropped (it had left the dirty bit with no question at all), and the other way round."""
    gen = _gen(tmp_path, judge, {"paging.md": PAGE_BITS})
    terms = {f.subject: f for f in gen.facts if f.kind == "term"}
    d = gen._term(terms["dirty bit"], "medium", random.Random(0))
    assert d is not None and d.correct == ["Dirty bit"]
    assert {t for t, *_ in d.wrong} == {"Protection bit", "Accessed bit", "Valid bit"}, d.wrong
    assert any("protection bits" in why for _, why, _ in d.wrong)  # the rationale keeps the notes' own words
    d = gen._term(terms["protection bits"], "medium", random.Random(0))
    assert d is not None and "Dirty bits" in {t for t, *_ in d.wrong}, d.wrong


def test_only_a_common_noun_changes_its_number():
    from tutor.practice.generate import inflected
    assert inflected("protection bits", "sg") == "protection bit"
    assert inflected("condition variable", "pl") == "condition variables"
    assert inflected("Mutexes", "sg") == "Mutex"
    for name, want in (("Copy-on-Write", "pl"), ("paging", "pl"), ("fidelity", "pl"), ("TLB", "pl"), ("MMUs", "sg")):
        assert inflected(name, want) is None, name


def test_a_name_the_notes_write_with_capitals_keeps_its_number(tmp_path, judge):
    gen = _gen(tmp_path, judge, {"cloud.md": "# Cloud\n\nThe **Data Pipelines** move rows. Teams run **crawlers** "
                                               "nightly, and the crawlers fill the catalog. The Crawlers page lists them.\n"})
    from tutor.practice.facts import Fact

    def name(subject: str) -> Fact:
        return Fact("mention", "cloud.md", "Cloud", (3, 3), (3, 3), subject, "bold", "", "")
    assert not gen._common(name("Data Pipelines"))  # a product's name: "Data Pipeline" is another name
    assert gen._common(name("crawlers"))  # written "crawlers" twice, "Crawlers" once
    assert not gen._common(name("Anabaptists"))  # not in these notes at all


GARDEN = """# Garden

## Key ideas
- **Compost**: Rotted kitchen and garden waste dug into the beds to feed the soil.
- **Mulch**: A layer of bark or straw laid over the soil to keep the water in.
- **Pruning**: Cutting back dead or crossing branches so that the plant grows strong.
- **Watering**: Giving the beds water early in the morning before the sun is high.

## Tools
- **Size**: Big enough for two hands to hold the handle without slipping.
- **Weight**: Light enough to carry round the beds all afternoon without tiring.
- **Grip**: Rubber on the handle so that wet hands do not slip off it.
- **Price**: Cheap enough to replace when one is lost in the hedge.

## Compost
The compost heap is turned every month so that it rots evenly; the size of the heap and its weight matter less.

## Mulch
Lay the mulch after rain, when the soil is still wet; a good grip on the fork helps, whatever its price.

## Pruning
Most pruning is done in late winter, before the buds open.

## Watering
Watering in the evening invites slugs.
"""


def test_list_names_that_are_also_section_titles_are_terms_not_labels(tmp_path, judge):
    """"**Compost**: ..." over a section "## Compost": each word is an everyday one the notes use in lower case, but
    the notes speak of the thing under its own title, so the list defines four terms; "**Size**", "**Grip**" label a
    list and title nothing, and give no question."""
    gen = _gen(tmp_path, judge, {"garden.md": GARDEN})
    defined = {f.subject for f in gen.facts if f.kind == "definition"}
    assert {"Compost", "Mulch", "Pruning", "Watering"} <= defined, defined
    assert not defined & {"Size", "Weight", "Grip", "Price"}, defined


POST = """# The post office

## Who does what
**Senders** post letters without needing to know which carrier will deliver them.

**Sorters** read each postcode and put the letter in the bag for its district.

**Carriers** walk a round each morning and push the letters through the doors.

**Clerks** sell stamps and weigh parcels at the counter.

**Postmasters** run the office and plan the rounds for the week.

**Businesses** post letters in bulk at the end of each day, with a contract of their own.
"""


class _Paragraphs:
    """A retriever over the notes' paragraphs (the seam the generator checks the whole notes through)."""

    def __init__(self, text: str) -> None:
        from types import SimpleNamespace

        self.found = [SimpleNamespace(text=p) for p in text.split("\n\n") if p.strip()]

    def search(self, query: str, k: int = 4):
        words = set(query.lower().split())
        return sorted(self.found, key=lambda p: -len(words & set(p.text.lower().split())))[:k]


def test_a_rival_the_notes_say_does_what_the_blank_does_is_not_offered(tmp_path, judge):
    """"___ post letters without needing to know ...": the notes say "**Businesses** post letters in bulk" too, so
    Businesses would fill the blank as well (an outside reader caught "Event sources send events to Event Grid"
    offered against "___ send events without needing to know ... subscribers")."""
    (tmp_path / "post.md").write_text(POST)
    gen = Generator(tmp_path, judge, [], retriever=_Paragraphs(POST))
    senders = next(f for f in gen.facts if f.kind == "term" and f.subject == "Senders")
    assert senders.masked.startswith("___ post letters without needing")
    offered = set()
    for seed in range(4):
        d = gen._term(senders, "medium", random.Random(seed))
        assert d is not None
        offered |= {t for t, *_ in d.wrong}
    assert "Businesses" not in offered, offered


HARBOUR_USES = """# Harbours

## Use Cases
- Fishing: Boats land the day's catch at the quay before dawn.
- Ferries: Carry cars and people across to the islands twice a day.
- Cargo: Cranes lift containers from the ships onto lorries.
- Leisure: Yachts moor in the marina over the summer.

## Tides
- Spring tide: The highest tide, when sun and moon pull together.
- Neap tide: The lowest high tide, when sun and moon pull apart.
- Slack water: The still time between the ebb and the flood.
- Storm surge: Wind and low pressure pile the sea above the tide.
"""

AIRPORT = """# Airports

## Use Cases
- Freight: Planes carry parcels overnight between the big cities.
- Travel: Passengers fly to holidays abroad in the summer months.
- Rescue: Helicopters take off to search the sea for missing boats.
- Training: Pilots practise landings on the quiet runway at night.
"""


def test_a_section_title_two_sections_share_is_asked_under_with_whose_section_it_is(tmp_path, judge):
    """"Under “Use Cases” in your notes, which term is defined as ...": two files have a "Use Cases" section, and an
    outside reader could not tell whose use cases the stem meant; it names the heading above it too."""
    gen = _gen(tmp_path, judge, {"harbour.md": HARBOUR_USES, "airport.md": AIRPORT})
    facts = {f.subject: f for f in gen.facts if f.source == "harbour.md"}
    assert "Under “Harbours › Use Cases”" in gen._stem(facts["Fishing"], "name", gen.repeated_titles)
    assert "Under “Tides”" in gen._stem(facts["Neap tide"], "name", gen.repeated_titles)  # one section of that title
