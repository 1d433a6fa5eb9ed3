"""In a real headless Chromium: a practice set generated from notes that are only prose (written here, no
tables or definition lists), taken and submitted; the review gives each option's rationale from the notes
and the cited note line."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser
from conftest import ARTIFACTS, set_question_count  # the `browser` and `page` fixtures live in conftest


@pytest.fixture(scope="module")
def prose_app(tmp_path_factory, corpus_settings, corpus_report):
    from conftest import serving_notes
    from test_practice_prose import NOTES

    with serving_notes(tmp_path_factory.mktemp("prose"), NOTES, corpus_settings) as url:
        yield url


def test_a_set_from_prose_only_notes_shows_rationales_and_citations(page, prose_app):
    page.goto(prose_app)
    page.get_by_role("tab", name="Practice").click()
    set_question_count(page, 3)
    page.locator("#gen-btn").click()
    page.locator("#question").get_by_text("Question 1 of 3").wait_for(timeout=240_000)
    status = page.locator("body").inner_text()
    assert "3 questions, each checked against your notes" in status and "Rejected" not in status
    for i in range(3):
        page.locator("#single-choice label, #multi-choice label").filter(has=page.locator("input")).first.click()
        if i < 2:
            page.locator("#next-btn").click()
            page.locator("#question").get_by_text(f"Question {i + 2} of 3").wait_for(timeout=30_000)
    page.locator("#submit-btn").click()
    page.locator("#score").get_by_text("Score:").wait_for(timeout=60_000)
    reviews = page.locator("#review .review")
    assert reviews.count() == 3
    text = reviews.first.inner_text()
    assert "Your notes" in text, text[:500]  # the key's rationale quotes the notes
    assert re.search(r"(?:glaciers|volcanoes|soils)\.md:\d+", text), text[:500]  # and cites the line
    page.screenshot(path=str(ARTIFACTS / "practice-prose.png"))
