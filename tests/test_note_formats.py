"""Notes written by anyone: Markdown read by a real parser, sample questions keyed the common ways, and bad input
(each case a small file the test writes itself). A citation must point at the right lines and show a heading path
a reader would give; anything read differently than it looks is named in ingest's report."""

from __future__ import annotations

from pathlib import Path

from ingest.chunker import chunk_note
from ingest.config import IndexConfig
from ingest.questions import find_questions
from ingest.sources import decode_note
from ingest.structure import parse_structure


def _note(text: str | bytes, name: str = "n.md"):
    raw = text if isinstance(text, bytes) else text.encode()
    return decode_note(raw, Path("/tmp") / name, name)


def _chunks(text: str | bytes, name: str = "n.md"):
    warnings: list[str] = []
    note = _note(text, name)
    chunks, questions = chunk_note(note, IndexConfig(notes_dir=Path("/tmp"), data_dir="/tmp/unused"), warnings)
    return note, chunks, questions, warnings


def _path_at(chunks, line: int) -> tuple[str, ...]:
    (c,) = [c for c in chunks if c.start_line <= line <= c.end_line]
    return c.heading_path


def _paths(text: str) -> dict[int, tuple[str, ...]]:
    """Heading path of every content block, by its first line."""
    note = _note(text)
    return {b.start: b.heading_path for b in parse_structure(note.lines, []).blocks if b.kind != "heading"}


# ----------------------------------------------------------------------------- Markdown structure


def test_atx_setext_and_html_headings_are_headings_and_nothing_else_is():
    text = "\n".join([
        "---", "title: Cells", "tags: [bio]", "---",           # 1-4 front matter: not a setext heading
        "   # [Cell Biology](https://example.org/cells)",      # 5 indented ATX, a link shown as its text
        "*Domain 4: Design Cost-Optimized Architectures*",     # 6 emphasis only: a paragraph
        "The cell is the unit of life.",                       # 7
        "",
        "```bash",                                             # 9
        "# not a heading, a shell comment",                    # 10
        "```",
        "### **Membranes**",                                   # 12 bold inside a heading
        "![](figure.png)",                                     # 13 an image over a stray dash
        "-",
        "Lipid bilayer text.",                                 # 15
        "",
        "<h2 class='x'>Organelles &amp; parts</h2>",          # 17 an HTML heading
        "Mitochondria make ATP.",                              # 18
        "",
        "Ribosomes",                                           # 20 setext heading
        "---------",
        "They make proteins.",                                 # 22
        "Answer: this whole sentence sits over a rule.",       # 23 a sentence over '---' is no heading
        "---",
        "After the rule.",                                     # 25
        "## See [[Genetics#DNA|DNA notes]]",                   # 26 an Obsidian link shown as text
        "Text.",                                               # 27
    ])
    _, chunks, _, warnings = _chunks(text)
    assert _path_at(chunks, 2) == ()
    assert _path_at(chunks, 7) == ("Cell Biology",)
    assert _path_at(chunks, 10) == ("Cell Biology",) and any(c.kind == "code" and c.start_line <= 10 <= c.end_line
                                                             for c in chunks)
    assert _path_at(chunks, 15) == ("Cell Biology", "Membranes")
    assert _path_at(chunks, 18) == ("Cell Biology", "Organelles & parts")
    assert _path_at(chunks, 22) == ("Cell Biology", "Ribosomes")
    assert _path_at(chunks, 25) == ("Cell Biology", "Ribosomes")
    assert _path_at(chunks, 27) == ("Cell Biology", "See DNA notes")
    assert warnings == []


def test_outline_items_that_are_titles_are_headings_but_questions_and_labels_are_not():
    text = "\n".join([
        "# Cold War",                                    # 1
        "- Development of the Cold War",                 # 2
        "\t- The Truman Doctrine",                       # 3 tab-indented
        "\t\t- Aid to Greece and Turkey.",               # 4
        "\t- Contention Over Germany",                   # 5
        "\t\t- The Berlin blockade.",                    # 6
        "- What is containment?",                        # 7 a question put to the reader
        "  - Stopping the spread of communism.",         # 8
        "- Causes of the war:",                          # 9 a label
        "  - Ideology.",                                 # 10
        "- The Korean War",                              # 11
        "  - Divided at the 38th parallel.",             # 12
        "",
        "After the list.",                               # 14
    ])
    paths = _paths(text)
    assert paths[4] == ("Cold War", "Development of the Cold War", "The Truman Doctrine")
    assert paths[6] == ("Cold War", "Development of the Cold War", "Contention Over Germany")
    assert paths[7] == ("Cold War",)  # the question and the label are content, with their sub-items
    assert paths[12] == ("Cold War", "The Korean War")
    assert paths[14] == ("Cold War",)


def test_a_long_list_of_facts_with_one_grouping_item_is_not_an_outline():
    facts = [f"- Fact number {i} is stated here in a sentence." for i in range(12)]
    text = "\n".join(["# Notes", *facts, "- Purchasing Options", "  - On-demand: short workloads"])
    assert _paths(text)[2] == ("Notes",)


def test_a_short_term_list_section_is_closed_before_deeper_headings():
    text = "\n".join(["# Renaissance", "## Key Terms", "- humanism", "- secularism", "",
                      "### The Italian States", "Text about the states.", "## Practice", "### Essay", "Write."])
    paths = _paths(text)
    assert paths[7] == ("Renaissance", "The Italian States")
    assert paths[10] == ("Renaissance", "Practice", "Essay")  # a section with prose is not closed


def test_tab_separated_rows_are_a_table_even_when_a_row_starts_with_a_tab_or_a_number():
    text = "# Formats\n\n\tFormat\tType\nROW\tCSV\tText\n\tJSON\tText\n\n## Steps\n\nStep\tWhat\n1. Plan\tScope it\n2. Build\tDo it\n"
    blocks = parse_structure(_note(text).lines, []).blocks
    assert [(b.kind, b.start, b.end) for b in blocks if b.kind != "heading"] == [("table", 3, 5), ("table", 9, 11)]


def test_plain_text_notes_keep_their_title_lines():
    text = "Kinesis\n\nRetention\n\n- 24 hours by default\n\nGlue\n\n- serverless ETL\n"
    paths = _paths(text)
    assert paths[5] == ("Kinesis", "Retention") and paths[9] == ("Glue",)


# ----------------------------------------------------------------------------- sample questions


AZURE_STYLE = """# Storage

Question: Which blob type stores virtual hard drive files?

- [ ] Block blobs
- [ ] Append blobs
- [x] Page blobs

Answer: Page blobs store random access files up to 8 TB.
Append blobs are optimized for appends.

---

Question: Given this query, which options are valid? Select TWO.

```sql
SELECT ?
FROM c
```

- [x] `SELECT *`
- [ ] `SELECT p.*`
- [x] `SELECT c.*`

Answer:

```sql
SELECT c.*
```

---

Which tools can copy public blobs:

- [x] AzCopy
- [ ] Notepad
"""


def test_task_list_questions_are_keyed_by_their_ticks_and_lettered_in_order():
    lines = AZURE_STYLE.split("\n")
    qs = find_questions("q.md", lines)
    starts = [n for n, ln in enumerate(lines, 1) if ln.startswith(("Question:", "Which tools"))]
    assert [q.start for q in qs] == starts
    first, second, third = qs
    assert [o.letter for o in first.options] == ["A", "B", "C"]
    assert first.answer == ["C"] and first.key_source == "checkbox" and lines[first.key_lines[0] - 1] == "- [x] Page blobs"
    assert "8 TB" in first.explanation and "Append blobs" in first.explanation
    assert lines[first.end - 1].startswith("Append blobs")  # the '---' rule ends it
    assert second.answer == ["A", "C"] and "SELECT ? FROM c" in second.stem and "SELECT c.*" in second.explanation
    assert third.answer == ["A"]


WHY_NOT = """Question: Your bakery's web shop must take card payments. Which TWO do you set up?

- [x] A payment gateway account.
- [x] A TLS certificate for the shop.
- [ ] A bigger oven.
- [ ] A second delivery van.

Answer:

- **A payment gateway account**: processes the cards.
- **A TLS certificate for the shop**: keeps card numbers private in transit.

Incorrect options:

- **A bigger oven**: bakes more bread, takes no payments.
- **A second delivery van**: carries orders, takes no payments.

Opening hours

The shop opens at seven.
"""


def test_an_explanation_goes_on_under_a_title_over_items_that_name_the_options():
    # an outside reader's "Why not an application proxy, a VPN gateway or Traffic Manager?" got only the keyed
    # options' reasons: the notes' "Incorrect options:" title ended the explanation; a title over anything else
    # still ends it
    (q,) = find_questions("shop.md", WHY_NOT.split("\n"))
    assert q.answer == ["A", "B"]
    assert "takes no payments" in q.explanation and "carries orders" in q.explanation, q.explanation
    assert "Opening hours" not in q.explanation and "seven" not in q.explanation


def test_details_answer_and_bold_options_give_the_key():
    details = ["Question 1: Which service stores objects?", "", "- A. EBS", "- B. S3", "- C. EFS", "",
               "<details>", "<summary>Answer</summary>", "", "B. S3 is object storage.", "</details>"]
    (q,) = find_questions("d.md", details)
    assert q.answer == ["B"] and q.key_lines == [10] and q.end == 11
    bold = ["Question 2: Which is serverless?", "", "- A. EC2", "- **B. Lambda**", "- C. EMR"]
    (q,) = find_questions("b.md", bold)
    assert q.answer == ["B"] and q.options[1].text == "Lambda"


def test_a_pasted_task_list_question_is_read_with_lettered_options():
    from ingest.mcq_grammar import parse_pasted

    pasted = parse_pasted("Which blob type stores VHD files?\n- [ ] Block blobs\n- [ ] Append blobs\n- [ ] Page blobs")
    assert pasted is not None and pasted.options == {"A": "Block blobs", "B": "Append blobs", "C": "Page blobs"}


# ----------------------------------------------------------------------------- bad input


def test_mostly_code_is_indexed_as_code_with_its_lines():
    code = "\n".join(f"x{i} = compute({i})  # step {i}" for i in range(300))
    _, chunks, _, _ = _chunks(f"# Script\n\n```python\n{code}\n```\n")
    code_chunks = [c for c in chunks if c.kind == "code"]
    assert len(code_chunks) > 1
    covered = {n for c in code_chunks for n in range(c.start_line, c.end_line + 1)}
    assert set(range(4, 304)) <= covered
    assert all(c.heading_path == ("Script",) for c in code_chunks)


def test_one_800_character_line_is_cited_to_its_line():
    long_line = " ".join(f"Sentence {i} says something about osmosis and water." for i in range(16))
    assert len(long_line) >= 800
    _, chunks, _, _ = _chunks(f"# Osmosis\n\n{long_line}\n")
    pieces = [c for c in chunks if "Sentence 3 " in c.text or "Sentence 15" in c.text]
    assert pieces and all(c.start_line <= 3 <= c.end_line for c in pieces)


def test_an_unclosed_fence_is_reported_and_what_follows_stays_cited():
    text = "# Setup\n\nIntro.\n\n````cs\nvar x = 1;\n    ```\n\n## Later\nText after.\n"
    _, chunks, _, warnings = _chunks(text)
    assert len(warnings) == 1 and "n.md: line 5" in warnings[0] and "never closed" in warnings[0]
    assert any(c.kind == "code" and c.start_line == 5 and c.end_line == 10 for c in chunks)


def test_an_unclosed_fence_in_plain_text_is_reported_too():
    _, _, _, warnings = _chunks("Title\n\nSome text.\n\n```\ncode without an end\n", "p.txt")
    assert len(warnings) == 1 and "line 5" in warnings[0]


def test_ragged_table_rows_stay_in_the_table_and_a_note_under_it_is_text():
    text = "# Drugs\n\n| Drug | Target | Use |\n|---|---|---|\n| A | B1 |\n| C | B2 | asthma | extra |\n*Note: under the table*\n"
    note, _, _, warnings = _chunks(text)
    blocks = parse_structure(note.lines, []).blocks
    assert [(b.kind, b.start, b.end) for b in blocks if b.kind != "heading"] == [("table", 3, 6), ("prose", 7, 7)]
    assert blocks[-1].heading_path == ("Drugs",) and warnings == []


def test_html_soup_gives_its_headings_and_keeps_its_text():
    text = ("<div class='page'>\n<h1>Kidney</h1>\n<p>The <b>nephron</b> filters blood.</p>\n</div>\n\n"
            "<table><tr><td>Loop</td><td>concentrates urine</td></tr></table>\n")
    _, chunks, _, _ = _chunks(text)
    assert _path_at(chunks, 3) == ("Kidney",)
    assert any(c.kind == "table" and c.start_line == 6 for c in chunks)
    cells = "".join(f"<tr><td>Scientist {i}</td><td>contributed idea number {i} to the method</td></tr>"
                    for i in range(120))
    _, chunks, _, _ = _chunks(f"# Method\n\n<table>{cells}</table>\n")  # one line, far over a chunk's size
    assert [c for c in chunks if c.kind == "table" and c.start_line <= 3 <= c.end_line]


def test_crlf_tabs_and_a_bom_keep_line_numbers_and_headings():
    text = "\ufeff# Heart\r\n\r\n## Valves\r\n\tIndented text.\r\n- item\r\n\t- sub item with\ttab\r\n"
    note, chunks, _, _ = _chunks(text.encode("utf-8"))
    assert note.lines[0] == "# Heart"
    (c,) = [c for c in chunks if c.start_line <= 6 <= c.end_line]
    assert c.heading_path == ("Heart", "Valves") and "sub item" in note.lines[5]


def test_a_file_with_no_headings_is_indexed_line_by_line():
    text = "just some notes\nwith no headings at all.\n\nanother paragraph here.\n"
    note, chunks, _, warnings = _chunks(text)
    covered = {n for c in chunks for n in range(c.start_line, c.end_line + 1)}
    assert {1, 2, 4} <= covered and all(c.heading_path == () for c in chunks) and warnings == []


def test_ingest_report_names_the_file_and_line_of_an_unclosed_fence(tmp_path):
    from ingest.pipeline import scan_notes

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "good.md").write_text("# Good\n\nFine.\n")
    (notes / "broken.md").write_text("# Broken\n\n```sh\necho hi\n")
    cfg = IndexConfig(notes_dir=notes, data_dir=tmp_path / "data")
    scan = scan_notes(cfg, lambda *a: None)
    assert len(scan.notices) == 1 and scan.notices[0].startswith("broken.md: line 3")
    assert scan.by_source["broken.md"] and scan.by_source["good.md"]


def test_a_sample_answer_shows_the_reasons_for_the_wrong_options_one_to_a_line():
    from tutor.answer import _explained

    (q,) = find_questions("shop.md", WHY_NOT.split("\n"))
    shown = _explained(q.explanation, 600)
    lines = shown.strip("\n").split("\n")
    assert "- A bigger oven: bakes more bread, takes no payments." in lines, shown
    assert "" in lines and lines[lines.index("Incorrect options:") - 1] == "", shown  # a paragraph, not a lazy line
    assert _explained("Because it is cheaper.\nAnd faster.", 600) == " Because it is cheaper. And faster."
    steps = _explained("Do this:\n1. Open the console.\n2) Create the queue.", 600)
    assert steps.strip("\n").split("\n") == ["Do this:", "1. Open the console.", "2. Create the queue."], steps


def test_a_backslash_escape_shows_the_character_it_escapes():
    # CommonMark: "\(" is "(" as the note shows it; a backslash before a letter is a backslash
    from ingest.text import clean
    assert clean(r"* Machiavelli \(The Prince\) was \[and\] is read \*still\*") == "Machiavelli (The Prince) was [and] is read *still*"
    assert clean(r"Files under C:\Users stay as written") == r"Files under C:\Users stay as written"
