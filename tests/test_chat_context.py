"""An answer's lines keep what they are about: a step its number, a section of another file its file's title, a bare
or numbered label whose it is, an answer cut from its question that question, a list cut in two its lead-in, and an
example line leads only when it is about what was asked."""
from tests.test_chat_any_notes import _own_notes
from tutor.compose import Composition, Picked
from tutor.intent import read_question
from tutor.passages import Passage
from tutor.statements import Statement, statements


BLOOD = """# Indicator dilution

## Measuring other compartments
**Problem:** Tracers are not restricted to a particular compartment
**Example:** If the interstitial compartment cannot be measured directly, measure the intracellular one and subtract

## Measuring blood volume
Measure the plasma volume, find the hematocrit, and divide the plasma volume by one minus the hematocrit.

$\\text{Blood volume} = \\frac{\\text{plasma volume}}{1 - \\text{hematocrit}}$

A plasma volume of 3 L with a hematocrit of 40% gives a blood volume of 3 / 0.6 = 5 L.
"""


def test_an_example_line_about_something_else_does_not_lead(tmp_path):
    with _own_notes(tmp_path, "fluids.md", BLOOD) as tutor:
        a = tutor.ask("How do you get someone's total blood volume from their plasma volume and hematocrit? "
                      "Can you work through an example?")
    first = a.text.strip().splitlines()[0]
    # "Example: If the interstitial compartment ..." gives an example, but of another measurement: the answer
    # opens on blood volume
    assert "interstitial" not in first, a.text
    assert "blood volume" in a.text.lower() and "hematocrit" in first.lower(), a.text
