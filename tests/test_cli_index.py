"""The `tutor ingest` / `tutor search` commands as a user runs them."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from conftest import CORPUS
from cli import app

runner = CliRunner()


def test_search_prints_file_heading_and_lines_a_reader_can_open(corpus_settings, corpus_index):
    home = str(corpus_settings.data_dir)
    result = runner.invoke(app, ["search", "Pipe mode", "--notes", str(CORPUS), "--home", home, "-k", "3"])
    assert result.exit_code == 0, result.output
    locs = re.findall(r"\[\d\] (\S+?):(\d+)-(\d+)", result.output)
    assert locs, result.output
    found = False
    for file, start, end in locs:
        text = "\n".join((CORPUS / file).read_text().split("\n")[int(start) - 1 : int(end)])
        found |= "Pipe mode" in text
    assert found, "no printed location contains 'Pipe mode'"
    assert "Using RecordIO Format" in result.output  # the heading path is shown


def test_ingest_reports_nothing_changed_on_rerun(corpus_settings, corpus_index):
    result = runner.invoke(app, ["ingest", str(CORPUS), "--home", str(corpus_settings.data_dir), "-q"])
    assert result.exit_code == 0, result.output
    assert "Nothing changed" in result.output and "embedded 0" in result.output


def test_search_without_index_says_what_to_run(tmp_path):
    result = runner.invoke(app, ["search", "x", "--notes", str(CORPUS), "--home", str(tmp_path)])
    assert result.exit_code == 1
    assert "tutor ingest" in result.output


def test_note_text_that_looks_like_console_markup_is_printed_as_written(tmp_path):
    """Headings such as "[support vector machines, or SVM](#)" or "[/x]" are note text, not Rich markup:
    printed verbatim, never swallowed and never a crash."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "svm.md").write_text("# Kernels [/x] and [bold]margins\n\n## [support vector machines, or SVM](#)\n\n"
                                  "Support vector machines maximise the margin between classes.\n")
    home = str(tmp_path / "home")
    assert runner.invoke(app, ["ingest", str(notes), "--home", home, "-q"]).exit_code == 0
    result = runner.invoke(app, ["search", "support vector machines margin", "--notes", str(notes), "--home", home])
    assert result.exit_code == 0, result.output
    assert "[support vector machines, or SVM](#)" in result.output and "Kernels [/x] and [bold]margins" in result.output
