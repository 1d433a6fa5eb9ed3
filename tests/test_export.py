"""Exporting a practice set: Markdown, JSONL, CSV and Anki, written atomically."""

from __future__ import annotations

import csv
import errno
import html
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki
import pytest

from ingest.records import QuestionRecord, Source, check_lines
from tutor.practice import export as export_mod
from tutor.practice.export import ExportError, export, to_apkg, to_csv, to_jsonl, to_markdown
from tutor.practice.model import PracticeSet

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SCRIPT_STEM = "Which tag runs code in a page? <script>alert('x')</script> & friends"
QUOTE = "Kinesis Data Streams keeps records for 24 hours by default.\nRetention can be raised to 365 days."


def _bank() -> dict[str, QuestionRecord]:
    lines = (CORPUS / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    recs = [QuestionRecord.model_validate_json(line) for line in lines if line.strip()]
    return {r.id: r for r in recs if r.scorable}


@pytest.fixture(scope="module")
def pset() -> PracticeSet:
    bank = _bank()
    select_two = bank["q-bb574bfe4a"]  # from the notes, multi, answer A;C, "Select TWO"
    single = bank["q-ada025d270"]  # from the notes, single answer D, has an explanation
    base = bank["q-7c83099f5b"]
    cite = Source(file="cheat-sheet.md", lines=(10, 12), heading="Kinesis <retention>", quote=QUOTE)
    generated_multi = base.model_copy(update={
        "id": "gen-multi", "answer": ["B", "D"], "multi": True, "select": None, "origin": "generated",
        "difficulty": "hard", "topic": "Kinesis", "source": None, "explanation": "See the retention notes.",
        "rationales": {k: f"Reason for {k}: {'right' if k in 'BD' else 'wrong'}" for k in base.options},
        "citations": [cite]})
    generated_script = single.model_copy(update={
        "id": "gen-script", "stem": SCRIPT_STEM, "origin": "generated", "difficulty": "easy", "source": None,
        "options": {"A": "<b>bold</b>", "B": "<script>", "C": "<img>"}, "answer": ["B"], "explanation": None,
        "rationales": {"A": "Formats text.", "B": "It runs code.", "C": "Shows an image."},
        "citations": [Source(file="notes/web.md", lines=(3, 3), heading="HTML", quote="<script>evil()</script>")]})
    qs = [select_two.model_copy(update={"origin": "notes"}), generated_multi,
          single.model_copy(update={"origin": "notes"}), generated_script]
    return PracticeSet(qs, title="Export test set", time_limit_min=30)


# -- Markdown -----------------------------------------------------------------------------------
def test_markdown_lists_questions_in_order_then_the_key(pset):
    md = to_markdown(pset)
    stems = [q.stem if q.id != "gen-script" else SCRIPT_STEM.replace("<", "\\<") for q in pset.questions]
    positions = [md.index(s) for s in stems]
    assert positions == sorted(positions)
    key = md.index("## Answer key")
    assert key > positions[-1]
    assert md.count("## Answer key") == 1
    lines = md.splitlines()
    for q in pset.questions[:3]:
        for letter, text in q.options.items():
            assert f"- {letter}. {text}" in lines
    assert "(Select TWO)" in md[:key]  # the select=2 question from the notes
    assert md[:key].count("(Select TWO)") == 2  # and the generated B;D one (len(answer))
    assert "from your notes" in md[:key] and "generated" in md[:key]


def test_markdown_key_has_answers_rationales_and_citations(pset):
    md = to_markdown(pset)
    key = md[md.index("## Answer key"):]
    gen = pset.questions[1]
    assert "### 2. B, D" in key
    assert f"**B.** {gen.options['B']}" in key and f"**D.** {gen.options['D']}" in key
    for k in gen.options:
        assert f"- {k}: Reason for {k}:" in key
    assert "Source: cheat-sheet.md:10-12 · Kinesis \\<retention>" in key
    assert "> Kinesis Data Streams keeps records for 24 hours by default.\n> Retention can be raised" in key
    assert pset.questions[2].explanation in key  # no rationales: falls back to the explanation
    assert "\\<script>evil()" in key
    assert not re.search(r"(?<!\\)<[a-z/]", md)  # every tag-like "<" is escaped, so none renders as HTML


def test_markdown_links_citations_when_notes_dir_given(pset, tmp_path):
    md = to_markdown(pset, notes_dir=tmp_path)
    # the link opens the cited lines (GitHub, GitLab and VS Code read the #L fragment)
    assert f"[cheat-sheet.md:10-12]({(tmp_path / 'cheat-sheet.md').resolve().as_uri()}#L10-L12)" in md


def test_html_written_in_the_notes_is_plain_text_in_every_export(tmp_path):
    cell = ('Classification\t<ul style="list-style-type: none"> <li>Linear Learner</li> <li>XGBoost</li> </ul>'
            '\tSupervised<sup>2</sup>')
    q = QuestionRecord(id="g-html", stem="Which of these is supervised?", options={"A": "XGBoost", "B": "K-means"},
                       answer=["A"], origin="generated", rationales={"A": "Listed as supervised.", "B": "Unsupervised."},
                       citations=[Source(file="guide.md", lines=(31, 31), heading="Algorithms", quote=cell)])
    pset = PracticeSet([q], title="HTML")
    md = to_markdown(pset, notes_dir=tmp_path)
    quote = [line for line in md.splitlines() if line.startswith(">")]
    assert quote and all("<" not in line and "&lt;" not in line and "list-style" not in line for line in quote)
    assert any("Linear Learner; XGBoost" in line for line in quote)
    back = _anki_notes(export(pset, tmp_path / "h.apkg", notes_dir=tmp_path), tmp_path)[0][3].split("\x1f")[1]
    blockquote = back[back.index("<blockquote>"):]
    assert "Linear Learner; XGBoost" in blockquote and "&lt;li" not in blockquote and "list-style" not in blockquote
    assert "#L31" in back


# -- JSONL and CSV --------------------------------------------------------------------------------
def test_jsonl_round_trips_through_check_lines(pset):
    text = to_jsonl(pset)
    assert len(text.strip().split("\n")) == len(pset.questions)
    records, problems = check_lines(text.split("\n"), "export.jsonl")
    assert problems == []
    assert records == pset.questions
    assert json.loads(text.split("\n")[1])["citations"][0]["quote"] == QUOTE


def test_csv_parses_back(pset):
    rows = list(csv.DictReader(io.StringIO(to_csv(pset))))
    assert len(rows) == len(pset.questions)
    assert [r["id"] for r in rows] == [q.id for q in pset.questions]
    gen = rows[1]
    assert gen["answer"] == "B;D" and gen["multi"] == "true" and gen["origin"] == "generated"
    assert rows[0]["answer"] == "A;C" and rows[2]["answer"] == "D" and rows[2]["multi"] == "false"
    q0 = pset.questions[0]
    assert [rows[0][f"option_{k}"] for k in q0.options] == list(q0.options.values())
    assert rows[0]["option_J"] == "" and rows[3]["option_D"] == ""
    assert gen["rationales"].startswith("A: Reason for A: wrong | B: Reason for B: right")
    assert gen["citations"] == "cheat-sheet.md:10-12 · Kinesis <retention>"
    assert rows[3]["stem"] == SCRIPT_STEM  # CSV keeps the text as it is


# -- Anki -------------------------------------------------------------------------------------------
def _anki_notes(apkg: Path, tmp_path: Path) -> list[tuple]:
    with zipfile.ZipFile(apkg) as zf:
        zf.extract("collection.anki2", tmp_path / "unz")
    conn = sqlite3.connect(tmp_path / "unz" / "collection.anki2")
    try:
        return conn.execute("SELECT guid, mid, tags, flds FROM notes ORDER BY id").fetchall()
    finally:
        conn.close()


def test_apkg_has_one_escaped_note_per_question(pset, tmp_path):
    notes_dir = tmp_path / "notes"
    out = export(pset, tmp_path / "set.apkg", notes_dir=notes_dir)
    assert out == tmp_path / "set.apkg"
    rows = _anki_notes(out, tmp_path)
    assert len(rows) == len(pset.questions)
    by_guid = {guid: (mid, tags, flds.split("\x1f")) for guid, mid, tags, flds in rows}
    assert set(by_guid) == {genanki.guid_for(q.id) for q in pset.questions}

    _, tags, (front, back) = by_guid[genanki.guid_for("gen-multi")]
    gen = pset.questions[1]
    assert f"<div>{html.escape(gen.stem)}</div>" in front and "<b>A.</b> " in front
    assert "Answer: B, D" in back and f"<b>D.</b> {gen.options['D']}" in back
    link = f'<a href="{(notes_dir / "cheat-sheet.md").resolve().as_uri()}#L10-L12">cheat-sheet.md lines 10–12</a>'
    assert link in back and "file:///" in back
    assert "Kinesis &lt;retention&gt;" in back and "Retention can be raised" in back
    assert "Reason for B: right" in back
    assert set(tags.split()) == {"Modeling", "generated"}

    _, tags, (front, back) = by_guid[genanki.guid_for("gen-script")]
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; friends" in front
    assert "<script" not in front + back and "<img>" not in front
    assert "&lt;script&gt;evil()&lt;/script&gt;" in back and "web.md line 3" in back

    _, tags, _ = by_guid[genanki.guid_for("q-bb574bfe4a")]
    assert set(tags.split()) == {"Modeling", "notes"}
    assert not list(tmp_path.glob(".set.apkg.*"))


def test_apkg_ids_are_stable_and_plain_text_without_notes_dir(pset, tmp_path):
    a, b = to_apkg(pset, tmp_path / "a.apkg"), to_apkg(pset, tmp_path / "b.apkg")
    rows_a, rows_b = _anki_notes(a, tmp_path / "x"), _anki_notes(b, tmp_path / "y")
    assert [(g, m) for g, m, _, _ in rows_a] == [(g, m) for g, m, _, _ in rows_b]
    assert all(m == export_mod._stable_id(export_mod.ANKI_MODEL_NAME) for _, m, _, _ in rows_a)
    back = rows_a[1][3].split("\x1f")[1]
    assert "file:///" not in back and "cheat-sheet.md lines 10–12" in back


def test_apkg_leaves_nothing_in_the_system_temp_folder(pset, tmp_path, monkeypatch):
    system_tmp = tmp_path / "systmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    export(pset, tmp_path / "set.apkg")
    assert list(system_tmp.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set.apkg", "systmp"]


# -- atomic writes and errors -------------------------------------------------------------------
@pytest.mark.parametrize("name", ["set.md", "set.jsonl", "set.csv", "set.apkg"])
def test_disk_full_keeps_the_old_file_and_leaves_no_temp(pset, tmp_path, monkeypatch, name):
    target = tmp_path / name
    target.write_text("OLD CONTENT", encoding="utf-8")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_mod.os, "fsync", full)
    with pytest.raises(ExportError) as info:
        export(pset, target)
    msg = str(info.value)
    assert str(target) in msg and "space" in msg and "unchanged" in msg
    assert target.read_text(encoding="utf-8") == "OLD CONTENT"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_export_replaces_an_existing_file(pset, tmp_path):
    target = tmp_path / "set.md"
    target.write_text("OLD", encoding="utf-8")
    export(pset, target)
    assert target.read_text(encoding="utf-8") == to_markdown(pset)
    assert [p.name for p in tmp_path.iterdir()] == ["set.md"]
    assert target.stat().st_mode & 0o777 != 0o600  # not left with mkstemp's private mode


def test_missing_folder_is_a_plain_error(pset, tmp_path):
    target = tmp_path / "nope" / "set.csv"
    with pytest.raises(ExportError, match="does not exist") as info:
        export(pset, target)
    assert str(target) in str(info.value)
    assert not target.parent.exists()


def test_unknown_suffix_lists_the_supported_ones(pset, tmp_path):
    with pytest.raises(ExportError) as info:
        export(pset, tmp_path / "set.docx")
    msg = str(info.value)
    assert ".docx" in msg
    for suffix in (".md", ".markdown", ".json", ".jsonl", ".csv", ".apkg"):
        assert suffix in msg
    assert not (tmp_path / "set.docx").exists()
