"""Each option's own lines, wherever they are in the notes (issue 21, round 4): an option is looked up over the
whole notes by its own words (other spellings too) and by meaning, a line under a heading that names it is about
it, and a line is quoted for an option only when it is about that option. Hand-written notes, real index."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from conftest import notes_session
from ingest.mcq_grammar import PastedQuestion

NOTES = {
    "blockers.md": """# Receptor blockers

## Velnoril
Blocks R2 receptors only in the bladder wall.

Used for overactive bladder.

## Durazine
Blocks R1, R2 and R3 receptors everywhere.

Used for high blood pressure.

## Kelbutane
Irreversible R1 and R3 blocker.

Used for severe frostbite.
""",
    "cases.md": """# Clinic cases

A patient with an overactive bladder needs a drug that relaxes the bladder wall by blocking R2 receptors there.
The clinic nurse checks the blood pressure at every visit.
""",
    "pipeline.md": """# Data pipeline

The crawler scans the bucket and fills the data catalog with table definitions.
The query service runs SQL directly on the files in the bucket, reading the table definitions from the catalog.
""",
}

BLADDER = ("A patient with an overactive bladder needs a drug that relaxes the bladder wall by blocking R2 receptors. "
           "Which drug fits?", {"A": "Durazine", "B": "Velnoril", "C": "Kelbutane", "D": "Omnifexol"})


@pytest.fixture(scope="module")
def own_session(tmp_path_factory):
    with notes_session(tmp_path_factory.mktemp("own-notes"), NOTES) as session:
        yield session


def _rows(session, stem, options):
    from tutor.mcq_text import mcq_markdown

    r = session.tutor.scorer.score(PastedQuestion(stem, options, 1))
    text = mcq_markdown(r, lambda st: 1)
    return r, {x.split("**")[1][0]: x for x in text.split("\n") if x.startswith("- ")}


def test_an_option_is_quoted_from_the_lines_under_its_own_heading(own_session):
    # the old scorer read "Blocks R1, R2 and R3 receptors everywhere." as a line that does not name Durazine (the
    # name is only its heading) and said "no line of your notes names it" for A and C
    r, rows = _rows(own_session, *BLADDER)
    assert r.chosen == ["B"]
    for letter, name in (("A", "Durazine"), ("C", "Kelbutane")):
        assert "no line of your notes names it" not in rows[letter], rows[letter]
        assert f"“{name}: " in rows[letter] and "blockers.md:" in rows[letter], rows[letter]
    assert "never use “Omnifexol”" in rows["D"]
    assert {s.letter: s.features["own_name"] for s in r.scores} == {"A": 1.0, "B": 1.0, "C": 1.0, "D": 0.0}


def test_an_option_spelt_another_way_is_found_as_the_notes_spell_it(own_session):
    from tutor.mcq import notes_spelling, spelling_variants

    assert "catalog" in spelling_variants("catalogue") and "catalogue" in spelling_variants("catalog")
    assert "modeled" in spelling_variants("modelled") and "organize" in spelling_variants("organise")
    assert notes_spelling("Use a crawler to catalogue the files", {"catalog": 2}) == "Use a crawler to catalog the files"
    r, rows = _rows(own_session, "Which tool records the table definitions of the files in the bucket?",
                    {"A": "A crawler that catalogues the bucket", "B": "A nightly backup job", "C": "A message queue"})
    assert "never use “catalogues”" not in rows["A"] and "pipeline.md:" in rows["A"], rows["A"]
    assert r.scores[0].text == "A crawler that catalogues the bucket"  # shown as the student wrote it


def test_a_line_about_another_option_is_never_quoted_for_this_one():
    from tutor.mcq import _quotes

    shared_memory = SimpleNamespace(text="SysV shared memory: processes attach the same segment.")
    queue = SimpleNamespace(text="SysV message queues pass messages through the kernel.")
    # own_named: line x option (B "A SysV or POSIX message queue", C "A shared memory region")
    named = np.array([[0.4, 1.0], [1.0, 0.0]])
    got = _quotes([(0.9, 1, 0)], 0, named, [shared_memory, queue], ["B", "C"], names=0.34)
    assert got == {}  # the shared-memory line names C by far more of its words: it is not about B
    got = _quotes([(0.9, 1, 0), (0.3, 1, 1)], 0, named, [shared_memory, queue], ["B", "C"], names=0.34)
    assert got["mention"][0] is queue


def test_a_name_the_notes_never_use_is_not_named_by_a_line_sharing_its_other_words():
    from tutor.mcq import about_terms

    df = {"period": 5, "paralysi": 3, "sodium": 9}
    assert about_terms(frozenset({"hypokalem", "period", "paralysi"}), df, 100) == ["hypokalem"]
    assert about_terms(frozenset({"prazosin"}), df, 100) == ["prazosin"]
    assert about_terms(frozenset({"hdi"}), df, 100) == ["hdi"]  # initials of "Human Development Index": no free pass


def test_a_chosen_option_no_line_names_gets_no_unbacked_lean():
    from tutor.mcq import McqResult, OptionScore
    from tutor.mcq_text import reason

    row = OptionScore("B", "Long timeslices", features={"known": 1.0})
    res = McqResult("Which timeslice?", {"A": "x", "B": "Long timeslices"}, 1, ["B"], [row], "notes", abstain=True)
    said = reason(row, res, True, lambda st: 1)
    assert said == "no line of your notes names it"  # not "the lines nearest the question come closer to it"


def test_an_option_with_no_distinctive_word_has_no_about_terms_and_does_not_crash():
    from tutor.mcq import about_terms
    assert about_terms(frozenset(), {"pipe": 3}, 10) == []  # "All of the above": the samples eval crashed here
    assert about_terms(frozenset({"pipe"}), {"pipe": 3}, 10) == ["pipe"]
