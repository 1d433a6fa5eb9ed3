"""The sample questions and their keys, checked against a table written by reading the notes.

EXPECTED was filled in by reading corpus/*.txt|md by eye (not by running the parser): for each
question, a piece of its stem, the correct letters as the notes state them (None where the notes do
not say), and how many options the notes give.
"""

from __future__ import annotations

import json

import pytest

from conftest import CORPUS
from ingest.bank import build_bank
from ingest.chunker import chunk_note
from ingest.config import IndexConfig
from ingest.records import QuestionRecord, check_lines
from ingest.sources import discover, read_note

E, C = "exam-readiness-notes.txt", "cheat-sheet.md"
# (file, stem fragment, key as written in the notes (None = not given), number of options)
EXPECTED = [
    (E, "cost-effective data pipeline solution that ingests unstructured", None, 0),  # ANS: image
    (E, "ad-tech company has hired a data engineer", None, 0),  # ANS: image
    (E, "transportation company currently uses Amazon EMR", "A", 4),  # B, C, D marked ❌
    (E, "classify guest types at a front door", None, 0),  # answer only in an image
    (E, "predict the risk for their incoming customer loan", None, 0),  # options in an image
    (E, "Long Short-term Memory (LSTM)", "D", 4),
    (E, "oil and natural gas company", "B", 4),
    (E, "classify internal documents for further inquiry", "C", 4),
    (E, "increase the longevity of its factory machines", "B", 4),
    (E, "autonomous vehicle company is building an ML model", "A", 4),
    (E, "detect incoming employees at the company", "DE", 5),
    (E, "sports and betting company", "B", 4),
    (E, "deploy an ensemble of models behind a single endpoint", "A", 4),
    (E, "training job began successfully, but then failed", "CE", 5),
    (E, "news organization wants to extract metadata", "D", 4),  # written twice
    (E, "machine translation company is deploying", "B", 4),
    (E, "various CSV training datasets stored in an S3 bucket", "BC", 5),
    (E, "100GB EBS volume", "A", 4),
    (E, "graphics design startup", "B", 4),
    (E, "government agency recently decided to modernize", "B", 4),
    (E, "control the maximum amount of data scanned", "B", 4),
    (E, "Insufficient Permissions error", "D", 4),
    (C, "classifies defective parts from a manufacturing process", "AC", 5),  # "Correct answers are: A and C"
    (C, "old family recipe for making sourdough bread", "C", 6),  # override, line 213
    (C, "hundreds of conveyor belts with built-in IoT sensors", "BCE", 5),  # override, lines 226/228
    (C, "Factorization Machines algorithm to help make click predictions", "ADE", 6),  # ✓ marks
    (C, "preparing plain text corpus data to use in a NLP process", "ABE", 6),  # ✓ marks
    (C, "internet-enabled notebook instances create a security vulnerability", "C", 0),  # "C is correct"
    (C, "use a SageMaker notebook within a VPC", "D", 4),
    (C, "training jobs access your training data in S3 in a secure manner", "C", 4),
    (C, "must be secured in-transit", "B", 4),
    (C, "control access to SageMaker notebooks to specific IAM groups", "C", 4),
    (C, "advertising company is receiving a stream of consumer demographic data", "A", 4),
    (C, "10% of the houses in your training data are missing", "B", 4),
    (C, "recommender will suggest similar items", "B", 4),
    (C, "reduce the dimensionality of the training data", "C", 4),
    (C, "toll collection division", "E", 6),  # "Answer: E" although E and F are ticked
    (C, "historical manufacturing data are not deleted or tampered", "C", 4),  # (Correct) tag
    (C, "require you to select an AWS region", "ABC", 4),  # choose three, (Correct) tags
    (C, "categorize the documents into one of the above categories", "C", 4),
    (C, "compute an embedding that shows past Tweets", "A", 4),
    (C, "determining the optimal value of k in k-Means", "B", 4),
    (C, "What data-transformation is required to train on XGBoost", "A", 4),  # **(Correct)** inline
    (C, "objective is set to multi:softprob", "DF", 6),  # "Answers: D and F"
    (C, "fighter jet flight assist software", "D", 5),  # "Answer: D"; A is the author's wrong tick
    (C, "How do you pass your tuning job settings", "BCE", 6),  # "Answers: B, C, E"
    (C, "visualizing the training metrics", None, 6),  # attempt marked incorrect, no answer given
]


@pytest.fixture(scope="module")
def bank():
    cfg = IndexConfig(notes_dir=CORPUS, data_dir="/tmp/unused")
    found, notes = {}, {}
    for path in discover(CORPUS):
        note = read_note(path, CORPUS, 10)
        found[note.rel] = chunk_note(note, cfg)[1]
        notes[note.rel] = note
    records, problems = build_bank(CORPUS, found, notes)
    assert problems == []
    return records


def _find(bank, file, fragment):
    hits = [r for r in bank if r.source.file == file and fragment.lower() in r.stem.lower()]
    assert len(hits) == 1, f"{len(hits)} questions match {fragment!r}"
    return hits[0]


def test_every_sample_question_is_in_the_bank_exactly_once(bank):
    assert len(bank) == len(EXPECTED) == 47
    assert {r.id for r in bank} == {_find(bank, f, s).id for f, s, _, _ in EXPECTED}


@pytest.mark.parametrize("file,fragment,key,n_options", EXPECTED, ids=[e[1][:30] for e in EXPECTED])
def test_key_and_options_match_the_notes(bank, file, fragment, key, n_options):
    r = _find(bank, file, fragment)
    assert "".join(r.answer) == (key or "")
    assert len(r.options) == n_options
    assert list(r.options) == list("ABCDEF"[:n_options])
    if key and len(key) > 1:
        assert r.multi
    if key and r.options:
        for line in r.source.key_lines:  # the key's line is inside the file and near the question
            assert abs(line - r.source.lines[0]) < 60


def test_keys_cite_the_line_where_they_are_written(bank):
    lines = (CORPUS / C).read_text().split("\n")
    q45 = _find(bank, C, "toll collection division")
    assert q45.key_source == "answer-line" and lines[q45.source.key_lines[0] - 1].strip() == "Answer: E"
    first = _find(bank, C, "classifies defective parts")
    assert "Correct answers are: A and C" in lines[first.source.key_lines[0] - 1]
    recipe = _find(bank, C, "sourdough bread")
    assert recipe.key_source == "override" and recipe.source.key_lines == [213]
    e_lines = (CORPUS / E).read_text().split("\n")
    oil = _find(bank, E, "oil and natural gas company")
    assert e_lines[oil.source.key_lines[0] - 1].strip().endswith("✅")


def test_duplicates_are_merged_with_both_locations(bank):
    news = _find(bank, E, "news organization wants to extract metadata")
    locations = [tuple(news.source.lines)] + [tuple(a.lines) for a in news.also_at]
    assert locations == [(472, 479), (480, 487)]


def test_unknown_keys_are_kept_counted_and_never_guessed(bank):
    unscorable = [r for r in bank if not r.scorable]
    assert len(unscorable) == 6
    unknown = [r for r in bank if not r.answer]
    assert len(unknown) == 5 and all(r.key_source == "unknown" and r.note for r in unknown)
    assert sum(r.scorable for r in bank) == 41


def test_domains_come_from_the_heading_or_the_inline_domain_line(bank):
    assert _find(bank, E, "LSTM").domain == "Exploratory Data Analysis"  # under "Domain 2: EDA"
    assert _find(bank, E, "100GB EBS").domain == "ML Implementation and Operations"
    assert _find(bank, C, "visualizing the training metrics").domain == "Exploratory Data Analysis"
    assert _find(bank, C, "fighter jet").domain_source == "written"


def test_committed_bank_equals_what_ingest_builds(bank):
    committed = [QuestionRecord.model_validate_json(line)
                 for line in (CORPUS / "questions.jsonl").read_text().splitlines() if line.strip()]
    assert [r.model_dump() for r in committed] == [r.model_dump() for r in bank]


def test_stale_override_is_reported_and_not_applied(tmp_path):
    import shutil

    notes = tmp_path / "notes"
    shutil.copytree(CORPUS, notes)
    path = notes / C
    lines = path.read_text().split("\n")
    lines[212] = "evaluate the quantity of water needed based on individual perception"  # quote cut
    path.write_text("\n".join(lines))
    cfg = IndexConfig(notes_dir=notes, data_dir=tmp_path / "home")
    found, by_rel = {}, {}
    for p in discover(notes):
        note = read_note(p, notes, 10)
        found[note.rel], by_rel[note.rel] = chunk_note(note, cfg)[1], note
    records, problems = build_bank(notes, found, by_rel)
    assert len(problems) == 1 and "213" in problems[0] and "not applied" in problems[0]
    recipe = [r for r in records if "sourdough" in r.stem][0]
    assert recipe.answer == [] and recipe.key_source == "unknown"


def _bank_of(tmp_path, files: dict[str, str]):
    notes = tmp_path / "odd-notes"
    notes.mkdir()
    for name, text in files.items():
        (notes / name).write_text(text)
    cfg = IndexConfig(notes_dir=notes, data_dir=tmp_path / "home")
    found, by_rel = {}, {}
    for p in discover(notes):
        note = read_note(p, notes, 10)
        found[note.rel], by_rel[note.rel] = chunk_note(note, cfg)[1], note
    return build_bank(notes, found, by_rel)


def test_odd_question_layouts_get_the_written_key_or_a_message(tmp_path):
    records, problems = _bank_of(tmp_path, {
        # the answer line right after the options beats a stray tick
        "a.md": "QUESTION 7\nWhere do you keep raw training data cheaply?\n- ☒ EC2 instance store\n"
                "- ☐ Amazon S3\n- ☐ Amazon EBS\nAnswer: B\n\nSome unrelated prose after it.\n",
        # options lettered out of order: skipped with a message, not a crash
        "b.md": "QUESTION 8\nWhich service streams data?\nC. Kinesis\nA. S3\nB. EC2\nAnswer: C\n",
        # eleven options: the list is cut at ten, the note is still indexed
        "c.md": "QUESTION 9\nPick the storage service?\n" + "".join(f"- option {i}\n" for i in range(11))
                + "- ✅ Amazon S3\n",
        # the same question twice: the copy that carries the key wins, both places kept
        "d.md": "QUESTION 1\nWhich store is object storage?\n- Amazon EBS\n- Amazon S3\n- Amazon EFS\n",
        "e.md": "QUESTION 1\nWhich store is object storage?\n- Amazon EBS\n- ✅ Amazon S3\n- Amazon EFS\n",
    })
    by_file = {r.source.file: r for r in records}
    assert by_file["a.md"].answer == ["B"] and by_file["a.md"].key_source == "answer-line"
    assert "b.md" not in by_file and any(p.startswith("b.md:1:") and "in order" in p for p in problems)
    assert "c.md" in by_file and len(by_file["c.md"].options) == 10
    assert "d.md" not in by_file and by_file["e.md"].answer == ["B"]
    assert [s.file for s in by_file["e.md"].also_at] == ["d.md"]


# ----------------------------------------------------------------------- external files


def test_external_file_with_problems_gets_one_message_per_problem():
    good = {"id": "g1", "stem": "Which?", "options": {"A": "x", "B": "y"}, "answer": ["B"]}
    lines = [
        json.dumps(good),
        '{"id": "b1", "stem": "Broken", "options": {"A": "x", "B": "y"}, "answer": ["B"]',  # bad JSON
        json.dumps({**good, "id": "b2", "answer": ["E"]}),  # key not an option
        json.dumps({**good, "id": "b3", "anwser": ["A"]}),  # misspelt field
        json.dumps({**good, "id": "b4", "answer": ["A", "B"]}),  # two keys, multi false
        json.dumps({**good, "id": "b5", "options": {"A": "only one"}, "answer": ["A"]}),
        json.dumps({**good, "id": "b6", "options": {"B": "x", "C": "y"}, "answer": ["B"]}),
        json.dumps({**good, "id": "g1"}),  # repeated id
        "[1, 2]",
        json.dumps({**good, "id": "b7", "stem": "   "}),
    ]
    records, problems = check_lines(lines, "set.jsonl")
    assert [r.id for r in records] == ["g1"]
    by_line = {int(p.split(":")[1]): p for p in problems}
    assert sorted(by_line) == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert "not valid JSON" in by_line[2]
    assert "E are not among the options" in by_line[3]
    assert "did you mean 'answer'" in by_line[4]
    assert "multi" in by_line[5]
    assert "at least two options" in by_line[6]
    assert "A, B, C" in by_line[7]
    assert "already used on line 1" in by_line[8]
    assert "JSON object" in by_line[9]
    assert "stem is empty" in by_line[10]


def test_cli_check_reports_problems_with_lines_and_fails(tmp_path):
    from typer.testing import CliRunner

    from cli import app

    f = tmp_path / "set.jsonl"
    f.write_text('{"id": "a", "stem": "S", "options": {"A": "x", "B": "y"}, "answer": ["C"]}\nnot json\n')
    result = CliRunner().invoke(app, ["questions", "--check", str(f)])
    assert result.exit_code == 1
    assert f"{f}:1" in result.output and f"{f}:2" in result.output
    ok = tmp_path / "ok.jsonl"  # the bank's questions that have options are a valid question file
    ok.write_text("".join(line + "\n" for line in (CORPUS / "questions.jsonl").read_text().splitlines()
                          if json.loads(line)["options"]))
    result = CliRunner().invoke(app, ["questions", "--check", str(ok)])
    assert result.exit_code == 0, result.output
    assert "OK, 42 question(s), 1 warning(s)" in result.output  # Q26 has no key: kept, not scored


def test_cli_lists_and_filters_the_ingested_bank(corpus_settings, corpus_index):
    from typer.testing import CliRunner

    from cli import app

    home = str(corpus_settings.data_dir)
    result = CliRunner().invoke(app, ["questions", "--notes", str(CORPUS), "--home", home,
                                      "--domain", "Modeling", "--multi", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in result.output.splitlines() if x.startswith("{")]
    assert rows and all(r["multi"] and r["domain"] == "Modeling" for r in rows)
    result = CliRunner().invoke(app, ["questions", "--notes", str(CORPUS), "--home", home, "--unknown"])
    assert "6 shown" in result.output


def test_a_set_file_loads_from_jsonl_or_a_json_array_and_bad_files_say_why(tmp_path):
    from tutor.practice.service import PracticeService, SetLoadError

    q = {"id": "q1", "stem": "Which?", "options": {"A": "x", "B": "y"}, "answer": ["B"]}
    (tmp_path / "set.json").write_text(json.dumps([q, {**q, "id": "q2"}]))
    assert [x.id for x in PracticeService.load(tmp_path / "set.json").questions] == ["q1", "q2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set.json"]  # nothing written beside it
    (tmp_path / "latin.jsonl").write_bytes(json.dumps({**q, "stem": "Caf\xe9?"}, ensure_ascii=False).encode("latin-1"))
    with pytest.raises(SetLoadError, match="not UTF-8.*save it as UTF-8"):
        PracticeService.load(tmp_path / "latin.jsonl")
    with pytest.raises(SetLoadError, match="no such file"):
        PracticeService.load(tmp_path / "missing.jsonl")
    (tmp_path / "broken.json").write_text('[{"id": "q1",')
    with pytest.raises(SetLoadError, match="not valid JSON"):
        PracticeService.load(tmp_path / "broken.json")
