"""What outside readers of generated questions caught (issue 22, eighteenth session): markup and a cell's own list
numbers shown to the student, a line that leans on the one before it, the notes' question pasted before its
answer, a heading that names only a part of the notes, a definition that names its own term, options of two kinds
in one question, and a comparison's table named while its foils come from another table."""

from __future__ import annotations

import random

from ingest.records import QuestionRecord
from ingest.text import cells as cells_of
from tutor.practice.facts import Fact, row_cells
from tutor.practice.generate import Generator
from tutor.practice.numbers import quantities
from tutor.practice.quality import blank_text, broken_stem, defects
from tutor.practice.verify import contains
from tutor.support import Judge


def test_a_cell_loses_emphasis_around_a_link_and_the_numbers_of_its_own_list():
    """"What is the ligand of *GPCR*?" and "Tryptophan-5-hydroxylase, 2. Aromatic L-Amino Acid Decarboxylase": the
    first number went as a list marker, the others stayed; the check against the line still finds the cell."""
    row = ("| *[[Signal Primer#G-Protein coupled receptors (or seven transmembrane receptors)\\|GPCR]]* | Adrenergic |"
           " 1. Tyrosine Hydroxylase (TH), 2. DOPA Decarboxylase, 3. DA Beta Hydroxylase (DBH) |")
    cells = row_cells(row)
    assert cells[0] == "GPCR", cells
    assert cells[2] == "Tyrosine Hydroxylase (TH), DOPA Decarboxylase, DA Beta Hydroxylase (DBH)", cells
    assert contains(row, cells[2])
    assert row_cells("| Step 2. Mix | 2.5 ml |") == ["Step 2. Mix", "2.5 ml"]  # one number is no list
    # an HTML list in a cell whose items open on their own bullet: "; •" between items read as broken to a reader
    listed = ('2. Automated Remediation\t<ul style="list-style-type: none"><li>• Auto-scaling policies</li>'
              '<li>• Automated retraining triggers</li></ul>')
    for split in (row_cells, cells_of):
        assert split(listed)[1] == "Auto-scaling policies; Automated retraining triggers", split(listed)
    assert contains(listed, row_cells(listed)[1])
    assert contains("The limit is 4. Then it stops.", "4")


def test_a_quoted_line_that_leans_on_the_one_before_it_is_broken():
    """"Then it could take additional up to ___ hours", "So, it takes CSV or libsvm input": read alone, each has lost
    what it is about (seven of nine such questions were found defective)."""
    def q(quoted: str) -> QuestionRecord:
        return QuestionRecord(id="t", stem=f"In your notes, which number completes this line: “{quoted}”?",
                              options={"A": "24", "B": "12", "C": "48", "D": "72"}, answer=["A"])

    assert broken_stem(q("Then it could take additional up to ___ hours for some actions to run."))
    assert broken_stem(q("For example, most hardware supports a(n) ___ which gets set on a write."))
    assert any(d.kind == "broken" for d in defects(q("So, it takes ___ hours.")))
    assert broken_stem(q("Lifecycle rules take up to ___ hours to go into effect.")) is None
    assert broken_stem(q("Thermodynamics sets the limit at ___ kelvin.")) is None  # "The..." is no pointer back


def test_a_number_under_the_notes_own_question_is_asked_as_their_answer_to_it(corpus_index, tmp_path):
    """"...?: The conquistadors excelled ..." pasted the notes' question and its answer into one line."""
    (tmp_path / "empires.md").write_text(
        "# Empires\n\n## Conquest\n\n- What allowed the conquistadors to take over new lands so quickly?\n"
        "  - Diseases they carried killed about 90% of the native population within a century.\n"
        "- Other notes\n  - The Spanish crown founded its first colonial university in Lima.\n")
    gen = Generator(tmp_path, Judge(corpus_index.embeddings), [])
    facts = [f for f in gen.facts if f.kind == "number"]
    assert facts and "?:" not in facts[0].masked, [f.masked for f in facts]
    d = gen._number(facts[0], "medium", random.Random(1)) if hasattr(gen, "_number") else None
    stem = d.stem if d is not None else ""
    assert "your notes answer “What allowed the conquistadors" in stem and "?:" not in stem, stem
    assert blank_text(stem) == "Diseases they carried killed about ___ of the native population within a century.", stem


def fact(heading: str, value: str = "Journalist and radical voice of the sans-culottes", subject: str = "Marat") -> Fact:
    return Fact("definition", "a.md", heading, (3, 3), (2, 4), subject, "definition", value, f"- **{subject}**: {value}")


def test_a_definition_that_names_its_own_term_is_a_blank_to_fill():
    """"which term is defined as “The French Revolution was dictated by the …, who …”" was a blank dressed up as
    a definition."""
    stem = Generator._stem(fact("Revolution > Factions", "The Revolution was dictated by the Jacobins, who ended the"
                                " convention", "Jacobins"), "name")
    assert "defined as" not in stem and blank_text(stem) == "The Revolution was dictated by the ___, who ended the convention"
    plain = Generator._stem(fact("Revolution > Radical Jacobins"), "name")
    assert plain.startswith("Under “Radical Jacobins” in your notes, which term is defined as"), plain


def test_a_term_is_asked_among_its_own_group_of_the_outline_not_beside_another_group(tmp_path):
    """"Stimulates all Alpha and Beta receptors" (Epinephrine) with the receptors "Beta 1" and "Alpha 1" beside the
    catecholamines: a student strikes the receptors by their kind. The key's group is its heading's siblings under
    the same parent (not its cousins, the headings of another parent), or for a term of prose the other terms of its
    own section."""
    (tmp_path / "a.md").write_text("# Receptors\n## Alpha 1\nConstricts vessels.\n## Beta 1\nRaises heart rate.\n"
                                   "# Drugs\n## Epinephrine\nStimulates all receptors.\n## Norepinephrine\nRaises "
                                   "resistance.\n## Dopamine\nRaises renal flow.\n")
    gen = Generator(tmp_path, Judge(None), [])

    def term(subject: str, heading: str, line: int, predicate: str = "heading") -> Fact:
        return Fact("term", "a.md", heading, (line, line), (line, line), subject, predicate, "...", "...")

    epi = term("Epinephrine", "Drugs > Epinephrine", 7)
    rivals = [(0.9, term("Beta 1", "Drugs > Epinephrine", 4), -1),  # a cousin: a heading of the other parent
              (0.8, term("Norepinephrine", "Drugs > Epinephrine", 9), -1),  # a sibling
              (0.7, term("Dopamine", "Drugs > Dopamine", 11), 0), (0.6, term("Alpha 1", "Receptors > Alpha 1", 2), 2)]
    assert [c[1].subject for c in gen._own_group(epi, rivals)] == ["Norepinephrine", "Dopamine"]
    dirty = term("Dirty bit", "Memory > Paging", 3, "bold")
    prose = [(0.9, term("Rewind-replay", "Debugging > Replay", 3, "bold"), 0),
             (0.8, term("Access bit", "Memory > Paging", 3, "bold"), 0),
             (0.7, term("Copy-on-Write", "Memory > Sharing", 3, "bold"), 0),
             (0.6, term("Page frame", "Memory > Paging", 3, "bold"), 0)]
    assert [c[1].subject for c in gen._own_group(dirty, prose)] == ["Access bit", "Page frame"]


def test_a_rationale_quotes_another_line_cut_after_a_whole_word():
    """"the remainder were sent ", "superior to the natives in wea": the notes' other lines were cut mid-word."""
    from tutor.practice.numbers import _clip
    line = "The conquistadors were superior to the natives in weapons, horses and the diseases they carried with them"
    assert _clip(line) == "The conquistadors were superior to the natives in weapons, horses and the diseases they…"
    assert _clip("A short line.") == "A short line."


def test_a_comparison_keys_no_lone_no_among_yeses():
    """"Push-style API: No" among "Atomic operation support: Yes", "Ordering guarantee: FIFO (by using message
    sessions)" and "Batched send: Yes (...)": the odd one out, picked without knowing."""
    from tutor.practice.generate import _polarity
    assert [_polarity(v) for v in ("No", "Yes (up to 32 messages)", "FIFO (by using message sessions)", "Nothing")] == \
        ["no", "yes", None, None]


def test_a_distractor_named_as_the_key_with_a_word_more_is_ambiguous():
    """"support standard AMQP 1.0 and HTTP/REST protocols" keyed to "Security", beside "Security protocols"; "archive
    data" keyed to "S3 Glacier", beside "S3 Glacier Deep Archive". Names that differ inside ("Event Grid Contributor"
    / "Event Grid Subscription Contributor"), or whose added words the stem does not say, are fair rivals."""
    from tutor.practice.quality import contained_name

    def q(need: str, key: str, *others: str) -> QuestionRecord:
        return QuestionRecord(id="t", stem=f"A team needs {need}. Which of these should it use?",
                              options=dict(zip("ABCD", (key,) + others)), answer=["A"])

    amqp = q("to support standard AMQP 1.0 and HTTP/REST protocols", "Security", "Security protocols", "Transactions",
             "Batching")
    assert contained_name(amqp) and any(d.kind == "ambiguous" for d in defects(amqp))
    assert contained_name(q("storage for archive data", "S3 Glacier", "S3 Glacier Deep Archive", "S3 Standard",
                            "S3 One Zone-IA"))
    assert contained_name(q("access to data within hours", "S3 Glacier Deep Archive", "S3 Glacier", "S3 Standard",
                            "S3 One Zone-IA")) is None  # one family, told apart by what the notes say of each
    assert contained_name(q("to manage subscriptions", "Event Grid Contributor", "Event Grid Subscription Contributor",
                            "Event Grid Data Sender", "Event Grid Subscription Reader")) is None
