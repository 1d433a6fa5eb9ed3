"""Collections (several sets of notes, each with its own index and history) and safe uploads into them:
the registry, the bad inputs of issue 24 (binary renamed .md, a 200 MB file, a zip reaching outside
its folder, a name already taken, an interrupted write), per-file status after a real ingest, and an
ingest that neither blocks questions nor runs twice at once."""

from __future__ import annotations

import io
import os
import stat
import threading
import zipfile
from pathlib import Path

import pytest

from tutor.collections import CollectionError, Collections
from tutor.config import load_settings
from tutor.uploads import remove_upload, save_uploads

NOTE = ("# Enzymes\n\nAn enzyme is a protein that speeds up a chemical reaction without being used up.\n\n"
        "## Sample questions\n\nQuestion 1\nWhich molecule speeds up a reaction without being used up?\n"
        "A. A substrate\nB. An enzyme\nC. A product\nD. Water\n\nAnswer: B\n")


@pytest.fixture
def settings(tmp_path):
    notes = tmp_path / "my-notes"
    notes.mkdir()
    (notes / "enzymes.md").write_text(NOTE)
    return load_settings(notes_dir=notes, home=tmp_path / "home")


def _file(tmp_path: Path, name: str, data: bytes) -> tuple[str, Path]:
    path = tmp_path / "upload" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return name, path


def _zip(tmp_path: Path, name: str, members: dict[str, bytes], links: tuple[str, ...] = ()) -> tuple[str, Path]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for member, data in members.items():
            zf.writestr(member, data)
        for member in links:
            info = zipfile.ZipInfo(member)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return _file(tmp_path, name, buf.getvalue())


# -- the registry -------------------------------------------------------------------------------------
def test_the_default_collection_keeps_tutor_home_and_its_history(settings):
    cols = Collections(settings)
    assert [c.name for c in cols.list()] == ["my-notes"]
    assert cols.settings_for(cols.default) is settings  # attempts.sqlite stays TUTOR_HOME/attempts.sqlite


def test_a_new_collection_has_its_own_notes_index_and_history(settings, tmp_path):
    cols = Collections(settings)
    bio = cols.create("Biology final")
    s = cols.settings_for(bio)
    assert bio.uploaded and bio.notes_dir == settings.data_dir / "collections" / "biology-final" / "notes"
    assert bio.notes_dir.is_dir()
    assert s.data_dir == bio.data_dir != settings.data_dir
    assert s.index.index_dir != settings.index.index_dir and settings.data_dir in s.index.index_dir.parents
    assert s.model == settings.model  # only the notes and the data folder differ
    law_dir = tmp_path / "law"
    law_dir.mkdir()
    law = cols.create("Law", folder=law_dir)
    assert not law.uploaded and law.notes_dir == law_dir.resolve()
    again = Collections(settings)  # read back from collections.json
    assert [c.name for c in again.list()] == ["my-notes", "Biology final", "Law"]
    assert again.get("Law").notes_dir == law_dir.resolve()


@pytest.mark.parametrize("name, folder, says", [
    ("", None, "Give the new collection a name"),
    ("MY-NOTES", None, "already a collection"),
    ("x" * 61, None, "at most 60"),
    ("Elsewhere", "missing-folder", "is not a folder"),
    ("Same folder", "my-notes", "is already the collection"),
])
def test_a_collection_that_cannot_be_made_says_why(settings, tmp_path, name, folder, says):
    cols = Collections(settings)
    with pytest.raises(CollectionError, match=says):
        cols.create(name, tmp_path / folder if folder else None)
    assert [c.name for c in cols.list()] == ["my-notes"]


# -- uploads ------------------------------------------------------------------------------------------
def test_note_files_are_added_and_anything_else_refused_with_a_reason(tmp_path):
    dest = tmp_path / "notes"
    files = [_file(tmp_path, "cells.md", b"# Cells\n\nCells divide by mitosis.\n"),
             _file(tmp_path, "scan.md", b"%PDF-1.4\x00\x01\x02 binary"),
             _file(tmp_path, "photo.png", b"\x89PNG\r\n"),
             _file(tmp_path, "latin1.txt", "caf\xe9 au lait\n".encode("latin-1")),
             _file(tmp_path, "empty.md", b"  \n")]
    saved = save_uploads(files, dest, max_mb=10)
    assert saved.added == ["cells.md"]
    reasons = {r.name: r.reason for r in saved.refused}
    assert "binary" in reasons["scan.md"] and "not a Markdown" in reasons["photo.png"]
    assert "not UTF-8" in reasons["latin1.txt"] and "empty" in reasons["empty.md"]
    assert sorted(p.name for p in dest.iterdir()) == ["cells.md"]


def test_a_200_mb_file_is_refused_without_being_read(tmp_path):
    name, path = _file(tmp_path, "huge.md", b"")
    with open(path, "r+b") as fh:
        fh.truncate(200 * 1048576)  # sparse: no disk used; reading it would still take 200 MB of memory
    saved = save_uploads([(name, path)], tmp_path / "notes", max_mb=10)
    assert not saved.added and "200.0 MB, over the 10 MB limit" in saved.refused[0].reason


def test_a_zip_of_a_folder_is_unpacked_keeping_its_subfolders(tmp_path):
    dest = tmp_path / "notes"
    z = _zip(tmp_path, "course.zip", {"course/a.md": b"# A\n\nalpha\n", "course/week2/b.txt": b"beta\n",
                                      "course/diagram.png": b"\x89PNG", "__MACOSX/course/._a.md": b"\x00\x01",
                                      "course/.hidden.md": b"x"})
    saved = save_uploads([z], dest, max_mb=10)
    assert sorted(saved.added) == ["course/a.md", "course/week2/b.txt"]
    assert [r.name for r in saved.refused] == ["course.zip/course/diagram.png"]
    assert (dest / "course" / "week2" / "b.txt").read_text() == "beta\n"


@pytest.mark.parametrize("members, links, says", [
    ({"ok.md": b"fine\n", "../escape.md": b"evil\n"}, (), "outside its folder"),
    ({"ok.md": b"fine\n", "notes/../../escape.md": b"evil\n"}, (), "outside its folder"),
    ({"ok.md": b"fine\n", "/etc/cron.d/evil.md": b"evil\n"}, (), "absolute path"),
    ({"ok.md": b"fine\n"}, ("link.md",), "contains a link"),
])
def test_an_unsafe_zip_is_refused_whole(tmp_path, members, links, says):
    dest = tmp_path / "box" / "notes"
    saved = save_uploads([_zip(tmp_path, "bad.zip", members, links)], dest, max_mb=10)
    assert not saved.added and says in saved.refused[0].reason and "nothing from this zip" in saved.refused[0].reason
    assert list(dest.iterdir()) == [] and not (tmp_path / "box" / "escape.md").exists()


def test_a_zip_cut_off_half_way_is_refused_and_changes_nothing(tmp_path):
    dest = tmp_path / "notes"
    save_uploads([_file(tmp_path, "kept.md", b"kept\n")], dest, max_mb=10)
    name, path = _zip(tmp_path, "cut.zip", {f"n{i}.md": os.urandom(3000).hex().encode() for i in range(5)})
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    saved = save_uploads([(name, path)], dest, max_mb=10)
    assert not saved.added and "upload it again" in saved.refused[0].reason
    assert sorted(p.name for p in dest.iterdir()) == ["kept.md"]


def test_a_zip_member_over_the_limit_is_refused_even_when_its_header_lies(tmp_path):
    name, path = _zip(tmp_path, "big.zip", {"big.md": b"a" * 3 * 1048576, "small.md": b"small\n"})
    saved = save_uploads([(name, path)], tmp_path / "notes", max_mb=1)
    assert saved.added == ["small.md"] and "over the 1 MB limit" in saved.refused[0].reason


def test_the_same_name_is_refused_unless_replacing_and_an_identical_file_is_left_alone(tmp_path):
    dest = tmp_path / "notes"
    save_uploads([_file(tmp_path, "a.md", b"first\n")], dest, max_mb=10)
    again = save_uploads([_file(tmp_path, "a.md", b"first\n")], dest, max_mb=10)
    assert again.unchanged == ["a.md"] and not again.refused
    clash = save_uploads([_file(tmp_path, "a.md", b"second\n")], dest, max_mb=10)
    assert "already in this collection" in clash.refused[0].reason and (dest / "a.md").read_text() == "first\n"
    replaced = save_uploads([_file(tmp_path, "a.md", b"second\n")], dest, max_mb=10, replace=True)
    assert replaced.replaced == ["a.md"] and (dest / "a.md").read_text() == "second\n"


def test_a_write_that_fails_half_way_leaves_the_old_file_and_no_fragment(tmp_path, monkeypatch):
    dest = tmp_path / "notes"
    save_uploads([_file(tmp_path, "a.md", b"old text\n")], dest, max_mb=10)

    def full_disk(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)  # the bytes are half on their way when the disk fills
    saved = save_uploads([_file(tmp_path, "a.md", b"new text\n"), _file(tmp_path, "b.md", b"b\n")], dest,
                         max_mb=10, replace=True)
    assert not saved.changed and all("No space left" in r.reason for r in saved.refused)
    assert sorted(p.name for p in dest.iterdir()) == ["a.md"] and (dest / "a.md").read_text() == "old text\n"


def test_removing_an_upload_stays_inside_the_collection(tmp_path):
    dest = tmp_path / "notes"
    save_uploads([_zip(tmp_path, "c.zip", {"sub/a.md": b"a\n"})], dest, max_mb=10)
    (tmp_path / "outside.md").write_text("mine")
    with pytest.raises(FileNotFoundError):
        remove_upload(dest, "../outside.md")
    remove_upload(dest, "sub/a.md")
    assert list(dest.iterdir()) == [] and (tmp_path / "outside.md").exists()


# -- with a real index --------------------------------------------------------------------------------
@pytest.fixture
def uploaded(settings, tmp_path):
    """A new uploaded collection holding one good note and one binary file renamed .md."""
    from tutor.session import Session

    cols = Collections(settings)
    col = cols.create("Biology")
    save_uploads([_file(tmp_path, "enzymes.md", NOTE.encode())], col.notes_dir, max_mb=10)
    (col.notes_dir / "scan.md").write_bytes(b"\x00\x01binary")  # as if copied in by hand: ingest skips it
    root = Session(settings, use_model=False)
    return cols, col, root.for_collection(cols.settings_for(col))


def test_each_file_shows_what_became_of_it(uploaded):
    from tutor.notes_status import overview

    cols, col, session = uploaded
    assert {r.file: r.state for r in overview(session.settings.index)} == {"enzymes.md": "waiting",
                                                                            "scan.md": "waiting"}
    session.ingest()
    rows = {r.file: r for r in overview(session.settings.index)}
    assert rows["enzymes.md"].state == "indexed" and rows["enzymes.md"].passages >= 1
    assert rows["enzymes.md"].questions == 1 and rows["enzymes.md"].indexed_at
    assert rows["scan.md"].state == "skipped" and "binary" in rows["scan.md"].reason and rows["scan.md"].fix
    remove_upload(col.notes_dir, "enzymes.md")
    assert overview(session.settings.index)[0].state == "gone"
    session.ingest()
    assert [r.file for r in overview(session.settings.index)] == ["scan.md"]
    from ingest.store import VectorStore

    assert VectorStore(session.settings.index, None).count() == 0  # removing the file removed its passages


def test_questions_are_answered_while_indexing_and_a_second_indexing_is_refused(uploaded, tmp_path):
    from tutor.session import IndexingBusy

    cols, col, session = uploaded
    session.ingest()
    save_uploads([_file(tmp_path, "cells.md", b"# Cells\n\nMitosis makes two identical cells.\n")], col.notes_dir,
                 max_mb=10)
    inside, release = threading.Event(), threading.Event()

    def slow(stage, done, total):
        if stage == "Embedding":
            inside.set()
            release.wait(60)

    worker = threading.Thread(target=session.ingest, kwargs={"progress": slow})
    worker.start()
    try:
        assert inside.wait(60), "the ingest never reached its embedding stage"
        answered: list = []
        asker = threading.Thread(target=lambda: answered.append(session.tutor.ask("What is an enzyme?")))
        asker.start()
        asker.join(60)
        assert answered and any(c.passage.source == "enzymes.md" for c in answered[0].citations)
        with pytest.raises(IndexingBusy, match="being indexed already"):
            session.ingest()
    finally:
        release.set()
        worker.join(120)
    assert "cells.md" in {c.meta["source"] for c in session.index.store.iter_chunks(with_text=False)}


def test_each_collection_keeps_its_own_history(uploaded, settings):
    import time

    from tutor.session import Session

    cols, col, session = uploaded
    root = Session(settings, use_model=False)  # the default collection: the notes the tutor started with
    root.ingest()
    pset = root.practice.samples()
    assert len(pset.questions) == 1
    root.practice.save(pset, root.practice.grade(pset, {pset.questions[0].id: ["B"]}), time.time(), time.time())
    session.ingest()
    assert session.practice.store.attempts() == []
    assert [a.correct for a in root.practice.store.attempts()] == [1]
    assert (settings.data_dir / "attempts.sqlite").is_file()  # where the history was before collections existed
    assert (col.data_dir / "attempts.sqlite").is_file()
    root.close()
    session.close()
