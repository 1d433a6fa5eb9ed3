"""In a real headless Chromium: a multiple-choice question pasted over a second, small set of notes that the
test writes itself (not the bundled ones) is answered with its choice and, per option, the quoted line of the
notes that decides it; a question the notes do not settle shows the lean without a tick."""

from __future__ import annotations

import re

import pytest

from conftest import ARTIFACTS
from test_browser import _ask

pytestmark = pytest.mark.browser

NOTES = """# Kidney

## Nephron

The loop of Henle concentrates urine by creating an osmotic gradient in the medulla.
The proximal tubule reabsorbs most of the filtered glucose and sodium.
The collecting duct responds to antidiuretic hormone by inserting aquaporins.
Bowman's capsule collects the filtrate from the glomerulus.
"""


@pytest.fixture(scope="module")
def kidney_app(tmp_path_factory):
    from conftest import free_port, serving
    from tutor.config import load_settings
    from tutor.session import Session

    root = tmp_path_factory.mktemp("kidney")
    notes = root / "notes"
    notes.mkdir()
    (notes / "kidney.md").write_text(NOTES)
    session = Session(load_settings(notes_dir=notes, home=root / "home", port=free_port()), use_model=False)
    session.ingest()
    with serving(session) as (url, _):
        yield url
    session.close()


def test_a_pasted_question_on_other_notes_gets_its_choice_and_quoted_reasons(page, kidney_app):  # noqa: F811
    _ask(page, kidney_app, "Which part of the nephron creates the osmotic gradient that concentrates urine?\n"
                           "A. Proximal tubule\nB. Loop of Henle\nC. Collecting duct\nD. Bowman's capsule")
    chat = page.locator("#chat")
    chat.get_by_text("Answer: B").wait_for(timeout=180_000)
    bot = page.locator('#chat [data-testid="bot"]').last.inner_text()
    line_b = next(x for x in bot.split("\n") if "Loop of Henle —" in x)
    assert "✔" in line_b and "concentrates urine" in line_b and "kidney.md:5" in line_b, line_b
    assert bot.count("✔") == 1
    assert re.search(r"Proximal tubule — .*kidney\.md:6", bot), bot[:600]
    page.screenshot(path=str(ARTIFACTS / "mcq-second-corpus.png"))
    box = page.locator("#ask-box textarea")
    box.fill("Which enzyme digests starch in the mouth?\nA. Pepsin\nB. Amylase\nC. Lipase\nD. Trypsin")
    page.locator("#ask-btn").click()
    chat.get_by_text("don't settle this question").wait_for(timeout=180_000)
    last = page.locator('#chat [data-testid="bot"]').last.inner_text()
    assert "lean towards" in last and "✔" not in last
