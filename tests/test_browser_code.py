"""In a real headless Chromium, over notes the test writes: a question that only a code block of the notes answers
is shown as that code, line by line and escaped (the notes' `<T>` is text, not markup), with its citation chip
opening the code's lines."""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS
from test_browser import _ask

pytestmark = pytest.mark.browser

NOTES = """# Blob storage

## Snapshots
A snapshot is a read-only version of a blob that is taken at a point in time.

```cs
BlobSnapshotInfo snapshotInfo = await blobClient.CreateSnapshotAsync();
// If you attempt to delete a blob that has snapshots, the operation will fail unless you explicitly specify that you also want to delete the snapshots
await blobClient.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots); // List<T> <b>kept</b> args[1]
```
"""


@pytest.fixture(scope="module")
def blob_app(tmp_path_factory, corpus_settings):
    from conftest import serving_notes

    with serving_notes(tmp_path_factory.mktemp("blobs"), {"blobs.md": NOTES}, corpus_settings) as url:
        yield url


def test_an_answer_only_the_notes_code_gives_is_shown_as_their_code(page, blob_app):
    _ask(page, blob_app, "How do I delete a blob that has snapshots without the call failing?")
    code = page.locator("#chat pre.code").last
    code.wait_for(timeout=180_000)
    text = code.inner_text()
    assert "// If you attempt to delete a blob that has snapshots" in text, text
    assert "\nawait blobClient.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots);" in text, text
    assert "List<T> <b>kept</b> args[1]" in text, text  # shown as written: no markup, no citation chip
    assert code.locator("b").count() == 0 and code.locator(".cite").count() == 0
    page.screenshot(path=str(ARTIFACTS / "chat-code-answer.png"))
    page.locator("#chat .cite").first.click()
    page.locator("#passage .ln.hit").first.wait_for(timeout=30_000)
    assert "blobs.md:8-9" in page.locator("#passage").inner_text()
