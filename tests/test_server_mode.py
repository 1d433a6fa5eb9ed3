"""Server mode: the same ingest and search against a real Chroma server process on 127.0.0.1."""

from __future__ import annotations

import pytest

from ingest.pipeline import ingest
from ingest.store import StoreUnavailable
from tutor.config import load_settings
from tutor.index import NotesIndex
from tutor.retrieval import Retriever

pytestmark = pytest.mark.server


def test_ingest_and_search_through_a_chroma_server(tmp_path, small_notes_dir, chroma_server):
    settings = load_settings(notes_dir=small_notes_dir, home=tmp_path / "home", chroma_url=chroma_server)
    first = ingest(settings.index)
    assert first.chunks_total == first.embedded == 3
    assert not (settings.index.index_dir / "chroma").exists()  # nothing went to the embedded store
    again = ingest(settings.index)
    assert again.embedded == 0 and not again.changed
    hits = Retriever(NotesIndex.open(settings)).search("stream training data from S3", k=2)
    assert hits[0].source == "sagemaker.md" and "Pipe mode" in hits[0].text


def test_unreachable_server_gives_a_clear_error(tmp_path, small_notes_dir):
    from conftest import free_port

    settings = load_settings(notes_dir=small_notes_dir, home=tmp_path / "home",
                             chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreUnavailable, match="not reachable.*chroma run"):
        ingest(settings.index)


@pytest.fixture
def small_notes_dir(tmp_path):
    d = tmp_path / "notes"
    d.mkdir()
    (d / "sagemaker.md").write_text(
        "# SageMaker\n\n## Input modes\n\nPipe mode streams training data directly from S3.\n\n"
        "## Hosting\n\nEndpoints serve real-time predictions.\n"
    )
    (d / "glue.md").write_text("# Glue\n\nAWS Glue is a serverless ETL service.\n")
    return d
