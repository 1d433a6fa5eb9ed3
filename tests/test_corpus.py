"""The bundled notes are the originals, byte for byte (line numbers in citations depend on it)."""

import hashlib

from conftest import CORPUS

ORIGINALS = {  # original file name -> (bundled name, sha256 of the original)
    "000_8d8e4852f1eee44c.txt": ("exam-readiness-notes.txt", "5877dfa835092efc887f2442d260de6c33319278328f59e1155d9fd04ff6540e"),
    "001_15dc7fdf7a9a4ec8.txt": ("cheat-sheet.md", "a452a9d8a1e9685837150de7d66ed8ce452d346ced8d35e189783f7039ee043b"),
    "002_3d29dc4bf2dd676e.txt": ("data-engineering-outline.md", "5af4f4634bbf71bc89712688548406471f5b93179f4e1490fa4b01d8dabb7abc"),
    "003_373483c5cce79f26.txt": ("sagemaker-and-exam-guide.md", "deaa5ee6f0638f26c62ef7bc47434059f932564cfe112ff0a3deb6fcc6327cba"),
    "004_26bdfc100e620257.txt": ("practice-exam-key-notes.md", "eea2c5dbfdd943e47dd7c694ce3a5d12646f61919e166e104f9f2b6cd117abde"),
}


def test_bundled_notes_are_byte_identical_to_the_originals():
    for original, (name, digest) in ORIGINALS.items():
        assert hashlib.sha256((CORPUS / name).read_bytes()).hexdigest() == digest, name
        # the corpus README's table maps each bundled name to its original file and digest
        row = next((ln for ln in (CORPUS / "README.md").read_text().splitlines() if f"`{name}`" in ln), "")
        assert f"`{original}`" in row and f"`{digest[:8]}" in row, (name, row)


def test_readme_of_the_corpus_is_not_indexed_as_a_note():
    from ingest.sources import discover

    names = {p.name for p in discover(CORPUS)}
    assert names == {name for name, _ in ORIGINALS.values()}
