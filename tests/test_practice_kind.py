"""Options that fill the stem's slot alike (issue 22, round 4), and prose sections that give questions beyond
their first sentence."""

from __future__ import annotations

import random

from ingest.records import QuestionRecord
from tutor.practice.generate import Generator
from tutor.practice.quality import phrase_form, slot_giveaway
from tutor.support import Judge


def test_an_adjective_among_nouns_cannot_fill_the_blank_alike():
    """The outside reader's round 3: "'Non-cache-coherent' is an adjective that cannot fill 'a(n) ___'"."""
    q = QuestionRecord(id="t", stem="Which term fills the blank in your notes: “For example, most hardware supports a(n) "
                       "___ which gets set whenever a page is written to.”?",
                       options={"A": "Dirty bit", "B": "Non-cache-coherent", "C": "Paging", "D": "Rewind-replay"},
                       answer=["A"])
    assert phrase_form("Non-cache-coherent") == "adj" and phrase_form("Dirty bit") == "noun"
    assert slot_giveaway(q) is not None
    fine = q.model_copy(update={"options": {"A": "Dirty bit", "B": "Protection bit", "C": "Page frame", "D": "Valid bit"}})
    assert slot_giveaway(fine) is None
    # a reader's giveaway: "... the effect is ___." with "Synergistic" the only adjective among nouns
    effect = QuestionRecord(id="e", stem="Which term fills the blank in your notes: “If the two drugs bind at different "
                            "sites but still exhibit a positive effect, the effect is ___.”?",
                            options={"A": "Potency", "B": "Synergistic", "C": "Chemical antagonism", "D": "Binding"},
                            answer=["B"])
    assert [phrase_form(w) for w in ("Synergistic", "Sympathetic", "Systematic")] == ["adj"] * 3
    assert slot_giveaway(effect) is not None


SECTIONS = """# Inter-process communication

## Forms of message passing
The operating system offers several channels for processes to exchange messages.

### Pipes
With a pipe, only two endpoints exist and bytes flow as an unstructured stream between them.

Pipes connect the output from one process to the input of another process on the same machine.

### Message queues
Processes exchange whole formatted messages through a message queue channel that keeps a priority for each.

Two common programming interfaces for message queues on Unix systems are the SysV and POSIX ones.

### Sockets
With sockets, processes send and receive messages through an interface that looks like network communication.

Processes on different machines connected by a network can talk through sockets with the very same calls.
"""


def test_a_section_heading_named_later_in_its_section_is_asked_among_its_siblings(corpus_index, tmp_path):
    """"### Pipes" opens with a sentence that does not name it the way a definition does; a later sentence of its
    section does ("Pipes connect the output ..."): the heading is asked from that sentence, among its sibling
    headings, and the singular ("a pipe") is masked like the plural. A sentence with the term further in ("Two common
    programming interfaces for message queues ...") says too little of it and is not asked."""
    (tmp_path / "ipc.md").write_text(SECTIONS)
    gen = Generator(tmp_path, Judge(corpus_index.embeddings), [])
    terms = {f.subject: f for f in gen.facts if f.kind == "term"}
    assert "Pipes" in terms, sorted(terms)
    pipes = terms["Pipes"]
    assert pipes.predicate.startswith("heading section")
    assert "pipe" not in pipes.masked.lower() and pipes.masked.count("___") == 1
    assert "Message queues" not in terms
    d = gen._term(pipes, "medium", random.Random(0))
    assert d is not None and {t for t, *_ in d.wrong} <= {"Message queues", "Sockets"}


def test_a_column_header_that_is_no_plain_noun_is_quoted_not_fitted_into_the_stem():
    from tutor.practice.facts import Fact
    from tutor.practice.generate import Generator

    def fact(predicate: str, value: str) -> Fact:
        return Fact("table", "music.md", "Composers", (4, 4), (2, 9), "Wolfgang Amadeus Mozart", predicate, value,
                    f"| Mozart | {value} |", header=("Composer", predicate))

    years = Generator._stem(fact("Years (born-died)", "1756 - 1791"), "value")
    assert years == "What do your notes give under “Years (born-died)” for Wolfgang Amadeus Mozart?", years
    works = Generator._stem(fact("Name of works", "The Magic Flute"), "value")
    assert "are the name of works" not in works and "“Name of works”" in works
    when = Generator._stem(fact("When to use", "During development; • When you need to debug"), "name")
    assert "as its when to use" not in when and "•" not in when, when
    assert Generator._stem(fact("Instrument", "Piano"), "value") == "What is the instrument of Wolfgang Amadeus Mozart?"


GLOSSARY = """# Political economy

## Systems
The market decides much, and the state regulates the market; property and regulations are debated.
A consumer group may lobby; consumer groups are common. Option A is incorrect in most quizzes.

- **liberalism**: state lets markets determine what will be produced while protecting private property rights
- **social democracy**: markets allocate resources while the state corrects for economic inequality
- **communism**: the state owns property and plans what is produced
- **mercantilism**: more exports than imports and large gold reserves kept by the state

## Lobbies
- **Consumer group**: a body of buyers who speak together to firms and to the state
- **Trade union**: workers who bargain together with their employers over pay
- **Chamber of commerce**: firms of a town who promote their shared business interests
- **Think tank**: researchers who write policy proposals for governments

## Quiz answers
- **Option A is incorrect.**: The market is not the same as the state in liberal systems.
- **Option B is correct.**: Property rights are protected in liberal systems of the market.
- **Option C is incorrect.**: Regulations are directives, not ownership of goods.
- **Option D is incorrect.**: Mercantilism is about exports and gold reserves.
"""


def test_a_glossary_of_everyday_words_is_asked_and_a_list_of_sentences_is_not(corpus_index, tmp_path):
    """A list's terms written in lower case ("liberalism", "social democracy": the subject's own words, which the
    notes also use in running text) or named again elsewhere ("Consumer group") are terms, not labels over a group
    of notes; they were dropped as labels, so whole glossaries gave no question. A "term" that is a sentence
    ("Option A is incorrect.") is none."""
    (tmp_path / "economy.md").write_text(GLOSSARY)
    gen = Generator(tmp_path, Judge(corpus_index.embeddings), [])
    defined = {f.subject for f in gen.facts if f.kind == "definition"}
    assert {"liberalism", "social democracy", "communism", "mercantilism"} <= defined, sorted(defined)
    assert "Consumer group" in defined, sorted(defined)
    assert not any(s.startswith("Option") for s in defined), sorted(defined)


QUEUES = """# Message queues

## Comparison

| Comparison criteria | Storage Queues | Service Bus Queues |
| --- | --- | --- |
| Ordering guarantee | No | Yes (first in, first out) |
| Atomic operation support | No | Yes |
| Push-style API | No | Yes |
| Batched receive | Yes (up to 32 messages) | Yes |
| Purge queue function | Yes | No |
| Receive mode | Peek and lease | Peek and lock |
| Exclusive access mode | Lease-based | Lock-based |
| Lease precision | Message level | Queue level |
| Maximum queue size | 500 TB | 1 GB to 80 GB |
| Maximum number of queues | Unlimited | 10,000 per namespace |
| Maximum message size | 64 KB | 256 KB or 100 MB |
| Maximum time to live | Infinite | 14 days |
"""


def test_criteria_rows_holding_another_sort_of_value_are_no_options(corpus_index, tmp_path):
    """A table whose rows are criteria of the things compared: "For Service Bus Queues, which criteria do your notes
    give as 'Yes'?" among rows holding "Lock-based" and "Queue level", or "500 TB" among rows that count things, is
    answered by the sort of value alone (an outside reader's giveaways); every option row holds the key's sort."""
    from tutor.practice.quality import value_shape

    assert [value_shape(v) for v in ("Yes (up to 32 messages)", "No", "500 TB", "Unlimited", "10,000 per namespace",
                                     "14 days", "Lock-based")] == ["yes/no", "yes/no", "size", "limit", "number",
                                                                   "time", "words"]
    (tmp_path / "queues.md").write_text(QUEUES)
    gen = Generator(tmp_path, Judge(corpus_index.embeddings), [])
    rows = {(f.predicate, f.subject): f.value for f in gen.facts if f.kind == "table"}
    assert rows, "the table gives facts"
    asked = 0
    for f in gen.facts:
        if f.kind != "table":
            continue
        for form in ("name", "value", "multi"):
            d = gen.draft(f, "medium", random.Random(1), form)
            if d is None or d.form not in ("name", "value", "multi"):
                continue
            asked += 1
            shapes = {value_shape(f.value)}
            for text, *_ in d.wrong:  # a criterion row (name, multi) or a value (value form)
                shapes.add(value_shape(rows.get((f.predicate, text), text)) if d.form != "value" else value_shape(text))
            assert len(shapes) == 1, (d.stem, f.value, [w[0] for w in d.wrong])
    assert asked, "some question is asked of the table"


FEATURES = """# Messaging

## Advanced features

| Feature | Description |
| --- | --- |
| Message sessions | Enables first-in first-out handling of a sequence of related messages. |
| Dead-letter queue | Holds messages that cannot be delivered, for removal and inspection. |
| Scheduled delivery | Lets a message be processed later, at a time set when it is sent. |
| Duplicate detection | Discards any copy of a message sent twice when a send is in doubt. |
| Autoforwarding | Moves messages from a queue to another queue or topic in the same namespace. |

## Cells

|  | Location | Function |
| --- | --- | --- |
| *[[Glia#Astro\\|Astrocytes]]* | CNS | Form the blood-brain barrier and keep the balance of ions. |
| Microglia | CNS | Act as the immune cells that clear debris. |
| Schwann cells | PNS | Wrap a single axon in myelin outside the brain. |
| Oligodendrocytes | CNS | Wrap several axons in myelin inside the brain. |

## Fibres

|  | Type 1 | Type 2 |
| --- | --- | --- |
| Colour | Red | White |
| Speed | Slow | Fast |
| Fatigue | Resistant | Quick to tire |
| Mitochondria | Many | Few |
"""


def test_which_way_a_table_runs_is_read_from_its_header_and_rows(corpus_index, tmp_path):
    """A two-column "Feature | Description" table lists named things with what each is, and a table with an empty
    corner over attribute columns ("Location | Function") is one of things too: both are asked, row by row, with
    the row's name as the key. A table whose header names the things compared ("Type 1 | Type 2") over criteria
    rows is not asked that way (its facts are the types' cells, asked as what is true of each). A table with no first header names no kind of thing in its stems ("Which of
    these has ..."). A pipe escaped inside a cell ("[[Glia#Astro\\|Astrocytes]]") stays in its cell."""
    (tmp_path / "notes.md").write_text(FEATURES)
    gen = Generator(tmp_path, Judge(corpus_index.embeddings), [])
    tables = [f for f in gen.facts if f.kind == "table"]
    subjects = {f.subject for f in tables if not f.across}
    assert {"Dead-letter queue", "Autoforwarding", "Astrocytes", "Schwann cells"} <= subjects, subjects
    assert not subjects & {"Colour", "Speed", "Fatigue", "Mitochondria"}, subjects
    compared = {(f.subject, f.predicate) for f in tables if f.across}  # asked as what is true of each type
    assert {("Colour", "Type 1"), ("Speed", "Type 2")} <= compared, compared
    assert not any(f.across for f in tables if f.subject in ("Astrocytes", "Dead-letter queue"))
    astro = next(f for f in tables if f.subject == "Astrocytes" and f.predicate == "Location")
    assert astro.value == "CNS"
    dead = next(f for f in tables if f.subject == "Dead-letter queue")
    d = gen.draft(dead, "medium", random.Random(1), "name")
    assert d is not None and d.correct == ["Dead-letter queue"], d
    assert d.stem.startswith("Which feature do your notes describe as"), d.stem
    schwann = next(f for f in tables if f.subject == "Schwann cells" and f.predicate == "Location")
    d = gen.draft(schwann, "medium", random.Random(1), "name")
    assert d is not None and d.correct == ["Schwann cells"], d
    assert d.stem == "For which of these do your notes give “PNS” as the location?", d.stem  # no "option" kind named


MEMORY = """# Memory

## Terms
- **page tables**: map the virtual addresses of a process to the physical addresses of memory frames.
- **page frames**: fixed-size blocks of physical memory that hold one page each.
- **dirty bits**: flags set by the hardware whenever a page is written to.
- **swap space**: disk space that holds the pages evicted from physical memory.
"""
PROCESSES = """# Processes

## Terms
- **page table**: maps each virtual address the process uses to a physical address in memory.
- **program counter**: holds the address of the next instruction the process will run.
- **stack pointer**: holds the address of the top of the process stack in memory.
- **heap**: the region of the address space where the process allocates memory at run time.
"""


def test_one_set_asks_about_a_thing_once_whatever_its_number(corpus_index, tmp_path):
    """A reader found one set asking "Page Tables" (one file) and "Page table" (another) as two questions."""
    from tutor.practice.generate import _thing

    assert _thing("Page Tables") == _thing("page table") == "page table"
    assert _thing("Policies") == _thing("policy") and _thing("Mutexes") == _thing("mutex")
    assert _thing("Status") == "status" and _thing("Analysis") == "analysis"  # no plural to take off
    (tmp_path / "memory.md").write_text(MEMORY)
    (tmp_path / "processes.md").write_text(PROCESSES)
    gen = Generator(tmp_path, Judge(corpus_index.embeddings), [])
    assert {"page tables", "page table"} <= {f.subject for f in gen.facts}
    for seed in range(4):
        pset = gen.make_set(8, seed=seed)
        keys = [q.options[q.answer[0]].lower().rstrip("s") for q in pset.questions if len(q.answer) == 1]
        assert keys.count("page table") <= 1, [q.stem for q in pset.questions]


MUSCLE = """# Muscle fibres

## Build of the fibres

| Feature | Slow-twitch fibres | Fast-twitch fibres |
| --- | --- | --- |
| Colour | Red | White |
| Myoglobin content | High | Low |
| Main energy pathway | Oxidative phosphorylation | Anaerobic glycolysis |
| Capillary supply | Dense | Sparse |
| Diameter | Small | Large |

## Work of the fibres

| Feature | Slow-twitch fibres | Fast-twitch fibres |
| --- | --- | --- |
| Contraction speed | Slow | Fast |
| Resistance to fatigue | High | Low |
| Force produced | Low | High |
| Typical activity | Marathon running | Sprinting |
| Recruited first | Yes | No |
"""


def _cells(text: str) -> dict[tuple[str, str], str]:
    """(criterion, thing) -> cell, read straight from the Markdown rows."""
    out, header = {}, None
    for line in text.splitlines():
        if not line.startswith("|") or set(line) <= set("|- "):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] == "Feature":
            header = cells
            continue
        for thing, cell in zip(header[1:], cells[1:]):
            out[(cells[0], thing)] = cell
    return out


def test_a_comparison_table_asks_what_is_true_of_each_thing_it_compares(corpus_index, tmp_path):
    """A table whose columns are the things compared and whose rows are criteria ("Feature | Slow-twitch | Fast-
    twitch") asks "Which of these is true of slow-twitch fibres?": the key is the thing's own cell on a criterion,
    each distractor another thing's cell on a criterion where this thing's cell says otherwise - false by the
    table itself. A key's value never stands alone among the options ("Low" among four "High"s would tell)."""
    (tmp_path / "muscle.md").write_text(MUSCLE)
    cells = _cells(MUSCLE)
    gen = Generator(tmp_path, Judge(corpus_index.embeddings), [])
    facts = [f for f in gen.facts if f.kind == "table" and f.predicate in ("Slow-twitch fibres", "Fast-twitch fibres")]
    assert facts, "the comparison table gives facts"
    made = {1: 0, 2: 0}
    for f in facts:
        assert "column" in gen.forms(f)
        for keys, form in ((1, "column"), (2, "multi")):
            d = gen.draft(f, "medium", random.Random(3), form)
            if d is None:
                continue
            assert d.form == "column" and len(d.correct) == keys, d
            thing = f.predicate
            assert f"true of {thing}" in d.stem, d.stem  # the table's own heading says what is compared
            assert d.stem.startswith(("Under “Build of the fibres”, your notes compare ",
                                      "Under “Work of the fibres”, your notes compare ")), d.stem
            for text in d.correct:
                criterion, value = text.split(": ", 1)
                assert cells[(criterion, thing)] == value, (text, thing)
            for text, rationale, _ in d.wrong:
                criterion, value = text.split(": ", 1)
                assert cells[(criterion, thing)] != value and value in cells.values(), (text, thing)
                assert thing in rationale
            values = [t.split(": ", 1)[1] for t in d.correct + [w[0] for w in d.wrong]]
            assert all(values.count(t.split(": ", 1)[1]) > 1 for t in d.correct) or len(set(values)) == len(values), values
            q = gen.assemble(d, random.Random(3), 0)
            assert gen.verify(q, d, []) == [] or not any("cited passage" in p for p in gen.verify(q, d, [])), gen.verify(q, d, [])
            made[keys] += not gen.verify(q, d, [])
    assert made[1] and made[2], made


def test_a_fact_whose_first_kind_fails_gives_another_when_the_set_is_short(corpus_index, tmp_path):
    """A set asks each fact the kind its schedule wants; when that kind fails a check and the notes cannot fill
    the set, the fact's other kinds are tried before it is given up. "Message sessions" fails as a scenario (its
    line says what it is, not a need another row could not meet) and is then asked by its description; the
    compared fibre types, whose Select TWO repeats another's stem, are asked as what is true of one of them."""
    (tmp_path / "notes.md").write_text(FEATURES)
    gen = Generator(tmp_path, Judge(corpus_index.embeddings), [])
    pset = gen.make_set(20, seed=0)
    keyed = {q.options[q.answer[0]] for q in pset.questions if len(q.answer) == 1}
    asked = " ".join(q.stem for q in pset.questions)
    assert "Message sessions" in asked or "Message sessions" in keyed, [q.stem for q in pset.questions]
    assert "true of Type" in asked, [q.stem for q in pset.questions]
    cells = {("Colour", "Type 1"): "Red", ("Colour", "Type 2"): "White", ("Speed", "Type 1"): "Slow",
             ("Speed", "Type 2"): "Fast", ("Fatigue", "Type 1"): "Resistant", ("Fatigue", "Type 2"): "Quick to tire",
             ("Mitochondria", "Type 1"): "Many", ("Mitochondria", "Type 2"): "Few"}
    for q in pset.questions:
        if "true of Type" in q.stem:
            thing = q.stem.rsplit("true of ", 1)[1].split("?")[0]
            for k, text in q.options.items():
                criterion, value = text.split(": ", 1)
                assert (cells[(criterion, thing)] == value) == (k in q.answer), (q.stem, text)


def test_a_stem_the_model_rewords_never_keeps_the_prompt_s_label(corpus_index, tmp_path):
    """The bundled model echoed its prompt's "Question:" label in front of a reworded stem ("Question: What is
    the instance class of Object2Vec?"), and that stem was shown; a "rewording" that changes nothing is no
    rewording either. A fake model stands in at the model seam; the question is a real one of the notes."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    (tmp_path / "notes.md").write_text(FEATURES)
    dead = None
    for reply, shown, worded in (
            ('{"stem": "Question: Which feature keeps messages that cannot be delivered so they can be inspected?"}',
             "Which feature keeps messages that cannot be delivered so they can be inspected?", True),
            ('{"stem": "Q1. Which feature keeps messages that cannot be delivered so they can be inspected?"}',
             "Which feature keeps messages that cannot be delivered so they can be inspected?", True)):
        gen = Generator(tmp_path, Judge(corpus_index.embeddings), [], model=FakeListChatModel(responses=[reply]))
        dead = dead or next(f for f in gen.facts if f.kind == "table" and f.subject == "Dead-letter queue")
        d = gen.draft(dead, "medium", random.Random(1), "name")
        q = gen.assemble(d, random.Random(1), 0)
        out = gen.rephrase(q, d, [])
        assert out.stem == shown and (out.note == "worded by the model") == worded, (out.stem, out.note)
    same = Generator(tmp_path, Judge(corpus_index.embeddings), [], model=FakeListChatModel(
        responses=['{"stem": "Question: ' + q.stem + '"}']))
    out = same.rephrase(q, d, [])
    assert out.stem == q.stem and out.note is None, (out.stem, out.note)


def test_a_term_its_notes_say_he_or_she_did_something_is_a_person():
    """An outside reader's giveaway: "___ was a strict Catholic but after studying the Bible he created his own
    position ..." (Luther) was offered among Anabaptists and Puritans - the description names no "who", so the
    key was not read as a person and groups passed as its rivals. A "he" or "she" of the term's own sentence
    says it is someone; a "his" may be another's ("a treaty that let each prince choose the faith of his land")."""
    from tutor.practice.facts import Fact
    from tutor.practice.generate import _person
    from tutor.practice.prose import BLANK

    def term(masked: str) -> Fact:
        return Fact("term", "n.md", "People", (1, 1), (1, 1), "X", "opens name", masked.replace("___", BLANK), "",
                    masked=masked.replace("___", BLANK))

    assert _person(term("___ was a strict Catholic but after studying the Bible he created his own position."))
    assert _person(term("___ was raised at court; later she ruled alone for forty years."))
    assert _person(term("___ was a French lawyer who founded a reformed church in Geneva."))
    assert not _person(term("___ was a treaty that let each prince choose the faith of his own land."))
    assert not _person(term("___ was a decree that outlawed the reformer and banned his books."))
    assert not _person(term("___ is a sheltered harbour. He who sails there is safe."))  # another sentence's "he"


def test_a_sentence_going_on_as_a_story_or_a_prepositional_phrase_keeps_its_blank():
    # outside readers (broken): "Which of these do your notes describe as of salvation and justification by grace
    # ...?" and "... describe as a strict Catholic but after studying the Bible he created his own position ...?"
    from tutor.practice.facts import Fact
    from tutor.practice.generate import _term_stem
    from tutor.practice.prose import BLANK

    def stem(masked: str) -> str:
        m = masked.replace("___", BLANK)
        return _term_stem(Fact("term", "n.md", "People", (1, 1), (1, 1), "X", "opens name", m, "", masked=m))
    assert stem("___ is of salvation and justification by grace through faith alone.").startswith(
        "Which term fills the blank in your notes: “___ is of salvation")
    assert "he created" in stem("___ was a strict Catholic but after studying the Bible he created his own position.") \
        and stem("___ was a strict Catholic but after studying the Bible he created his own position.").startswith(
            "Which term fills the blank")
    assert stem("___ is a treaty that let each prince choose the faith of his own land.") == \
        "Which of these do your notes describe as a treaty that let each prince choose the faith of his own land?"
