"""The Readiness tab in a real headless Chromium: take two practice sets, and the view moves after each (answers,
estimates, plot, plan); a plan passage opens beside it and a plan topic starts a short set in Practice.
Same browser fixtures as test_browser.py (Debian's chromium; never skipped)."""

from __future__ import annotations

import re

import pytest

from conftest import on_free_port, serving
from conftest import ARTIFACTS
from test_browser import _practice_tab, _take

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ready_app(corpus_settings, corpus_index):
    """The real app over the bundled notes, without a language model (readiness and practice need none)."""
    from tutor.session import Session

    session = Session(on_free_port(corpus_settings), use_model=False)
    with serving(session) as (url, _):
        yield url
    session.close()


def _readiness(page) -> tuple[int, str]:
    page.get_by_role("tab", name="Readiness").click()
    summary = page.locator("#ready-summary")
    summary.get_by_text(re.compile(r"\d+ answers ·")).wait_for(timeout=60_000)
    text = summary.inner_text()
    return int(re.search(r"(\d+) answers", text).group(1)), page.locator("#ready-table").inner_text()


def _set(page, url: str, n: int) -> None:
    _practice_tab(page, url, n)
    page.locator("#gen-btn").click()
    _take(page, n)
    page.locator("#submit-btn").click()
    page.locator("#score").get_by_text("Score:").wait_for(timeout=60_000)


def test_two_sets_move_the_readiness_view_and_the_plan_opens_passages(page, ready_app):
    page.goto(ready_app)
    before, _ = _readiness(page)
    _set(page, ready_app, 8)
    page.get_by_role("tab", name="Readiness").click()
    page.locator("#ready-summary").get_by_text(re.compile(rf"\b{before + 8} answers ·")).wait_for(timeout=60_000)
    first_table = page.locator("#ready-table").inner_text()
    assert "Modeling" in first_table and "Data Engineering" in first_table  # every exam domain is listed
    assert "75%" in page.locator("#ready-summary").inner_text()  # the pass mark and its assumption are stated
    assert "assumed" in page.locator("#ready-summary").inner_text()

    _set(page, ready_app, 10)
    page.get_by_role("tab", name="Readiness").click()
    page.locator("#ready-summary").get_by_text(re.compile(rf"\b{before + 18} answers ·")).wait_for(timeout=60_000)
    second_table = page.locator("#ready-table").inner_text()
    assert second_table != first_table  # the view moved with the second set
    assert page.locator("#ready-plot img, #ready-plot svg, #ready-plot canvas").count() >= 1

    # the plan: its first passage opens beside it, with the cited lines highlighted
    plan = page.locator("#ready-plan").inner_text()
    assert "read:" in plan and re.search(r"\w+\.(md|txt):\d+", plan), plan[:400]
    page.locator("#ready-passages label").first.click()
    page.locator("#ready-passage .ln.hit").first.wait_for(timeout=30_000)
    label = page.locator("#ready-passages label").first.inner_text()
    where = page.locator("#ready-passage .where").inner_text()
    assert where.split(":")[0] in label, (where, label)
    page.screenshot(path=str(ARTIFACTS / "readiness-view.png"), full_page=True)

    # a plan topic starts a short set in the Practice tab
    page.locator("#ready-practice").click()
    page.locator("#question").get_by_text(re.compile(r"Question 1 of \d")).wait_for(timeout=240_000)
