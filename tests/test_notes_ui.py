"""The Notes view in a real headless Chromium (issue 24's "done when"): a new collection is made in the
page, a note file uploaded into it is indexed while the page watches, a question about it is answered
citing the uploaded file, a binary file renamed .md is refused with its reason, and switching back
finds the first collection's practice history as it was (and the new one's empty)."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from conftest import on_free_port, serving

from test_collections import NOTE as FIRST  # a note on enzymes with one keyed sample question

pytestmark = pytest.mark.browser

UPLOADED = ("# The Peace of Westphalia\n\nThe Peace of Westphalia, signed in 1648, ended the Thirty Years' War "
            "and made the sovereignty of each state the rule of European diplomacy.\n")


@pytest.fixture
def two_collections_app(tmp_path):
    """The app over a small notes folder whose history holds one answered question."""
    from tutor.config import load_settings
    from tutor.session import Session

    notes = tmp_path / "biology"
    notes.mkdir()
    (notes / "enzymes.md").write_text(FIRST)
    settings = on_free_port(load_settings(notes_dir=notes, home=tmp_path / "home"))
    session = Session(settings, use_model=False)
    session.ingest()
    pset = session.practice.samples()
    session.practice.save(pset, session.practice.grade(pset, {pset.questions[0].id: ["A"]}), time.time(), time.time())
    with serving(session) as (url, app):
        yield url, app, session
    session.close()


def _status(page, text: str, timeout: float = 120_000) -> str:
    status = page.locator("#notes-status")
    expect(status).to_contain_text(text, timeout=timeout)
    return status.inner_text()


def _weak_topics(page, expected: str) -> str:
    page.get_by_role("tab", name="Practice").click()
    refresh = page.get_by_role("button", name="Refresh")
    if not refresh.is_visible():
        page.get_by_text("Weak topics — where to study").click()
    refresh.click()
    expect(page.locator("#weak-table")).to_contain_text(expected, timeout=30_000)
    return page.locator("#weak-table").inner_text()


def test_upload_into_a_new_collection_ask_about_it_and_switch_back(page, two_collections_app, tmp_path):
    url, app, first = two_collections_app
    page.goto(url)
    assert "Enzymes" in _weak_topics(page, "Enzymes")  # the first collection's history, before anything else

    page.get_by_role("tab", name="Notes").click()
    expect(page.locator("#notes-files")).to_contain_text("enzymes.md", timeout=30_000)
    page.get_by_text("New collection").click()
    page.locator("#new-collection-name input, #new-collection-name textarea").first.fill("European history")
    page.locator("#new-collection-btn").click()
    _status(page, "Created")
    expect(page.locator("#header")).to_contain_text("european-history", timeout=30_000)

    note = tmp_path / "westphalia.md"
    note.write_text(UPLOADED)
    page.locator("#notes-upload input[type=file]").set_input_files(str(note))
    said = _status(page, "Indexed")
    assert "westphalia.md" in said and "Added" in said
    table = page.locator("#notes-files").inner_text()
    assert "westphalia.md" in table and "indexed" in table and "enzymes.md" not in table

    bad = tmp_path / "scan.md"
    bad.write_bytes(b"%PDF-1.7\x00\x00\x01\x02 a scanned page, not text")
    page.locator("#notes-upload input[type=file]").set_input_files(str(bad))
    said = _status(page, "Refused")
    assert "scan.md" in said and "binary" in said
    assert "scan.md" not in page.locator("#notes-files").inner_text()

    page.get_by_role("tab", name="Chat").click()
    page.locator("#ask-box textarea").fill("What did the Peace of Westphalia end?")
    page.locator("#ask-btn").click()
    page.locator("#chat .cite").first.wait_for(timeout=120_000)
    assert "Thirty Years" in page.locator('#chat [data-testid="bot"]').last.inner_text()
    assert "westphalia.md" in page.locator("#sources").inner_text()
    assert "Enzymes" not in _weak_topics(page, "No answers saved yet")  # the new collection's own history

    page.locator("#collection-pick input").click()
    page.get_by_role("option", name=re.compile("^biology")).first.click()
    expect(page.locator("#header")).to_contain_text(str(first.settings.index.notes_dir), timeout=30_000)
    assert "Enzymes" in _weak_topics(page, "Enzymes")
    assert [a.correct for a in first.practice.store.attempts()] == [0]  # recorded history intact
