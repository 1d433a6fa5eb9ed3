"""Chunk boundaries on the real bundled notes: tables, sample questions, headings, coverage."""

from __future__ import annotations

import pytest

from conftest import CORPUS
from ingest.chunker import chunk_note
from ingest.config import IndexConfig
from ingest.sources import decode_note, read_note
from ingest.tokens import count_tokens

FILES = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".md", ".txt"))


def _chunks(name: str, **cfg):
    config = IndexConfig(notes_dir=CORPUS, data_dir="/tmp/unused", **cfg)
    note = read_note(CORPUS / name, CORPUS, 10)
    chunks, questions = chunk_note(note, config)
    return note, chunks, questions


def _covering(chunks, line: int):
    return [c for c in chunks if c.start_line <= line <= c.end_line]


@pytest.mark.parametrize("name", FILES)
def test_every_line_of_text_is_in_some_chunk(name):
    note, chunks, _ = _chunks(name)
    covered = {n for c in chunks for n in range(c.start_line, c.end_line + 1)}
    missing = [i for i, line in enumerate(note.lines, 1) if line.strip() not in ("", "-") and i not in covered]
    assert missing == []


@pytest.mark.parametrize("name", FILES)
def test_chunk_text_is_the_exact_lines_it_cites(name):
    note, chunks, _ = _chunks(name)
    for c in chunks:
        if c.kind == "table" and c.header_line and c.header_line < c.start_line:
            continue  # a later table piece prepends the header row (checked below)
        span = "\n".join(note.lines[c.start_line - 1 : c.end_line])
        assert c.text.strip() in span, (c.start_line, c.end_line)


def test_heading_paths_follow_plain_text_and_markdown_headings():
    _, chunks, _ = _chunks("exam-readiness-notes.txt")
    (c,) = _covering(chunks, 144)  # "Hyperparameters are the knobs or settings ..."
    assert c.heading_path == ("Domain 3: Modeling", "3.4: Perform hyperparameter optimization",
                              "What are hyperparameters?")
    _, chunks, _ = _chunks("sagemaker-and-exam-guide.md")
    (c,) = _covering(chunks, 17)  # under ## X.1 (a sibling of ## Domain X), ### X.1.1, #### Elastic...
    assert c.heading_path == ("X.1 SageMaker Deep Dive",
                              "X.1.1 Fully Managed Notebook Instances with Amazon SageMaker", "Elastic Inference")


def test_split_table_repeats_its_header_row_in_every_piece():
    note, chunks, _ = _chunks("cheat-sheet.md")
    header = note.lines[1257 - 1]
    assert header.startswith("Algo\tTraining Input")
    pieces = [c for c in chunks if c.kind == "table" and c.header_line == 1257]
    assert len(pieces) >= 3
    for p in pieces:
        assert p.text.count(header) == 1
        assert p.tokens <= 400 or p.end_line - p.start_line <= 2  # one wide row may exceed
    spans = sorted((p.start_line, p.end_line) for p in pieces)
    assert spans[0][0] == 1255 and spans[-1][1] == 1275  # heading line .. last row
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert start == end + 1  # contiguous, nothing dropped or repeated


def test_small_pipe_table_is_one_chunk_with_its_header():
    note, chunks, _ = _chunks("data-engineering-outline.md")
    (c,) = _covering(chunks, 28)  # "S3 Standard-IA | For infrequently accessed data ..."
    assert c.kind == "table"
    assert "Storage Classes | Use cases |" in c.text and "S3 Glacier Deep Archive" in c.text


def test_big_markdown_table_pieces_start_with_header_and_separator():
    rows = "\n".join(f"| svc{i} | use case number {i} with some words | {i % 3} |" for i in range(500))
    text = f"# Services\n\n| Service | Use | AZs |\n|---|---|---|\n{rows}\n"
    note = decode_note(text.encode(), CORPUS / "big.md", "big.md")
    chunks, _ = chunk_note(note, IndexConfig(notes_dir=CORPUS, data_dir="/tmp/unused"))
    pieces = [c for c in chunks if c.kind == "table"]
    assert len(pieces) > 10
    for p in pieces:
        assert "| Service | Use | AZs |\n|---|---|---|" in p.text
    rows_seen = sum(p.text.count("| svc") for p in pieces)
    assert rows_seen == 500


@pytest.mark.parametrize("name", ["exam-readiness-notes.txt", "cheat-sheet.md"])
def test_each_sample_question_is_one_whole_chunk(name):
    _, chunks, questions = _chunks(name)
    assert questions
    for q in questions:
        holders = [c for c in chunks if c.start_line <= q.start and q.end <= c.end_line]
        assert len(holders) == 1, (q.start, q.end)
        (c,) = holders
        assert c.kind == "question" and c.question_line == q.start
        for opt in q.options:
            assert opt.text[:40] in c.text


def test_long_question_is_not_split_even_over_the_cap():
    _, chunks, questions = _chunks("cheat-sheet.md")
    q = next(q for q in questions if "flight data company" in q.stem)
    (c,) = [c for c in chunks if c.question_line == q.start]
    assert c.tokens > 400 and c.end_line >= q.end


def test_chunk_size_is_configurable():
    _, big, _ = _chunks("cheat-sheet.md")
    _, small, _ = _chunks("cheat-sheet.md", chunk_tokens=60, max_chunk_tokens=90)
    assert len(small) > len(big)
    for c in small:
        if c.kind in ("prose", "list", "code") and c.start_line != c.end_line:
            assert count_tokens(c.text) <= 90


def test_ids_hash_content_not_position():
    base = (CORPUS / "exam-readiness-notes.txt").read_bytes()
    cfg = IndexConfig(notes_dir=CORPUS, data_dir="/tmp/unused")
    a, _ = chunk_note(decode_note(base, CORPUS / "x.txt", "x.txt"), cfg)
    shifted, _ = chunk_note(decode_note(b"\n\n" + base, CORPUS / "x.txt", "x.txt"), cfg)
    assert [c.id for c in a] == [c.id for c in shifted]
    assert [c.start_line + 2 for c in a] == [c.start_line for c in shifted]
    edited, _ = chunk_note(decode_note(base.replace(b"Grid Search: you can", b"Grid Search: you may"),
                                       CORPUS / "x.txt", "x.txt"), cfg)
    changed = {c.id for c in a} ^ {c.id for c in edited}
    assert len(changed) == 2  # exactly the chunk holding that line, old and new


def test_generic_markdown_notes_get_structure():
    text = ("# Biology\n\n## Cells\n\nThe cell is the basic unit of life.\n\n- nucleus: holds DNA\n"
            "- ribosome: makes proteins\n\n## Genetics\n\n```python\nprint('ATGC')\n```\n")
    note = decode_note(text.encode(), CORPUS / "bio.md", "bio.md")
    chunks, questions = chunk_note(note, IndexConfig(notes_dir=CORPUS, data_dir="/tmp/unused"))
    assert not questions
    by_kind = {c.kind: c for c in chunks}
    assert by_kind["code"].heading_path == ("Biology", "Genetics")
    assert any(c.heading_path == ("Biology", "Cells") and "ribosome" in c.text for c in chunks)


def test_a_thematic_break_between_sample_questions_is_no_passage_of_its_own():
    # one student's notes put "---" between their sample questions: each break was a passage of its own, under the
    # file's heading, and matched any question on the heading's words (205 of 707 passages of those notes)
    text = ("# Cosmos DB\n\nQuestion: Which consistency level is the default?\n\n- [x] Session\n- [ ] Strong\n\n"
            "Answer: Session is the default.\n\n---\n\nQuestion: What are request units?\n\n- [x] A measure of throughput\n"
            "- [ ] A measure of storage\n\nAnswer: Request units measure throughput.\n\n***\n\nSome prose after a break.\n")
    cfg = IndexConfig(notes_dir=CORPUS, data_dir="/tmp/unused")
    chunks, questions = chunk_note(decode_note(text.encode(), CORPUS / "q.md", "q.md"), cfg)
    assert len(questions) == 2
    assert all(any(ch.isalnum() for ch in c.text) for c in chunks), [c.text for c in chunks]
    assert any("Some prose after a break." in c.text for c in chunks)
