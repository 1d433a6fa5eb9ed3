"""The `tutor ingest` / `tutor search` commands as a user runs them."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from conftest import CORPUS
from tutor.cli import app

runner = CliRunner()


def test_search_prints_file_heading_and_lines_a_reader_can_open(corpus_settings, corpus_index):
    home = str(corpus_settings.data_dir)
    result = runner.invoke(app, ["search", "Pipe mode", "--notes", str(CORPUS), "--home", home, "-k", "3"])
    assert result.exit_code == 0, result.output
    locs = re.findall(r"\[\d\] (\S+?):(\d+)-(\d+)", result.output)
    assert locs, result.output
    lines = (CORPUS / "cheat-sheet.md").read_text().split("\n")
    found = False
    for file, start, end in locs:
        text = "\n".join((CORPUS / file).read_text().split("\n")[int(start) - 1 : int(end)])
        found |= "Pipe mode" in text
    assert found, "no printed location contains 'Pipe mode'"
    assert "Using RecordIO Format" in result.output  # the heading path is shown
    assert lines  # the cited file exists and was read


def test_ingest_reports_nothing_changed_on_rerun(corpus_settings, corpus_index):
    result = runner.invoke(app, ["ingest", str(CORPUS), "--home", str(corpus_settings.data_dir), "-q"])
    assert result.exit_code == 0, result.output
    assert "Nothing changed" in result.output and "embedded 0" in result.output


def test_search_without_index_says_what_to_run(tmp_path):
    result = runner.invoke(app, ["search", "x", "--notes", str(CORPUS), "--home", str(tmp_path)])
    assert result.exit_code == 1
    assert "tutor ingest" in result.output
