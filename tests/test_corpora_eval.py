"""The corpora eval: its scoring rules on worked examples, and the whole task end to end on one small corpus
written by other people (skipped when ../shared/corpora is absent)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from evals.corpora_format import find_corpora, heading_text, parse_ref, point_hit, point_words, same_path
from tutor.fitted import load as load_fitted

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"


def test_point_hit_needs_the_notes_words_and_numbers():
    ev = "The table has 2^20 entries of 4 bytes each, so it takes 4 MB per process."
    assert point_hit("each entry is 4 bytes", ev, "Every entry is 4 bytes wide [1]")
    assert not point_hit("each entry is 4 bytes", ev, "Every entry is 8 bytes wide [1]")  # the number differs
    assert not point_hit("the table takes 4 MB per process", ev, "Page tables are per process [1]")
    # the words that make a point are those the evidence shares with it
    assert point_words("a PCB keeps the program counter", "PCB: program counter, registers") == \
        point_words("PCB program counter", "PCB: program counter, registers")


def test_heading_paths_compare_as_text_a_reader_sees():
    assert heading_text("[Azure Blob Storage](https://learn.microsoft.com/x)") == "azure blob storage"
    assert heading_text("**Ch 11:  Section 3**") == "ch 11: section 3"
    assert heading_text("[[Adrenergics#Beta 2|Beta-2]]") == "beta-2"
    assert same_path(["A", "**B**"], ["a", "B"])
    assert not same_path(["A", "B", "C"], ["A", "B"])
    assert parse_ref("Topics/Blob Storage.md:23-25") == ("Topics/Blob Storage.md", 23, 25)
    assert parse_ref("a.md:7") == ("a.md", 7, 7)


def test_ece_is_read_against_what_a_calibrated_tutor_would_show_on_as_few_questions():
    from evals.corpora import ece, ece_if_calibrated

    # 15 leans at 50%, right 7 times: calibrated, and still some error from so few questions
    few = [{"confidence": 0.5, "exact": float(i < 7)} for i in range(15)]
    assert ece(few) < 0.05
    assert 0.08 < ece_if_calibrated(few) < 0.2
    # 400 leans at 90%: a calibrated tutor's error is small, so a large one would mean something
    many = [{"confidence": 0.9, "exact": 1.0} for _ in range(400)]
    assert ece_if_calibrated(many) < 0.03 < ece(many)
    assert ece_if_calibrated([{"exact": 1.0}]) is None


def test_fitted_parameters_leave_the_scored_corpus_out(tmp_path):
    f = tmp_path / "w.yaml"
    f.write_text(yaml.safe_dump({"fitted_on": ["a", "b"], "all": {"x": 1}, "without": {"a": {"x": 2}, "b": {"x": 3}}}))
    assert load_fitted("w", None, f) == {"x": 1}
    assert load_fitted("w", "a", f) == {"x": 2}
    assert load_fitted("w", "unseen-notes", f) == {"x": 1}  # notes never fitted on use the fit on everything
    f.write_text(yaml.safe_dump({"fitted_on": ["a"], "all": {"x": 1}}))
    with pytest.raises(ValueError, match="without"):
        load_fitted("w", "a", f)


def _small_corpus(tmp_path: Path) -> Path:
    """One outside corpus cut down to a few labelled items and the note files they cite."""
    src = next(c for c in find_corpora(SHARED) if c.name == "med-physio-pharm")
    data = dict(src.data)
    data["chat"] = [c for c in data["chat"] if c.get("kind") != "follow-up"][:3] + \
        [c for c in data["chat"] if c.get("kind") == "follow-up"][:1]
    data["not_covered"] = data["not_covered"][:2]
    data["mcq"] = data["mcq"][:4]
    data["headings"] = data["headings"][:5]
    files = {parse_ref(h["line"])[0] for h in data["headings"]}
    for c in data["chat"]:
        files |= {parse_ref(e)[0] for p in c["points"] for e in p["evidence"]}
    for m in data["mcq"]:
        files |= {parse_ref(e)[0] for e in m.get("evidence") or []}
    dst = tmp_path / "corpora" / "med"
    for f in files:
        (dst / "notes" / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src.notes_dir / f, dst / "notes" / f)
    (dst / "questions.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    return tmp_path / "corpora"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpora is absent: the corpora eval has nothing to run on")
def test_corpora_eval_runs_end_to_end_on_a_small_outside_corpus(tmp_path, monkeypatch):
    from evals.harness import RunOptions, load_task
    from evals.run import run_eval
    from tutor.config import load_settings
    from tutor.session import Session

    folder = _small_corpus(tmp_path)
    seen_holdouts = []
    from evals import corpora as C

    real = C.CorporaEvalRun.session_for

    def spy(self, corpus):
        s = real(self, corpus)
        seen_holdouts.append(s.settings.holdout)
        return s

    monkeypatch.setattr(C.CorporaEvalRun, "session_for", spy)
    task = load_task("corpora").model_copy(update={"sets": 1, "set_size": 5})
    with Session(load_settings(home=str(tmp_path / "home")), use_model=False) as session:
        result = run_eval(session, task, RunOptions(corpora=folder), tmp_path / "run", use_model=False)
    s = result.data["summary"]
    assert result.data["corpora"] == ["med-physio-pharm"] and seen_holdouts == ["med-physio-pharm"]
    med = s["med-physio-pharm"]
    assert med["headings"]["right"]["n"] == 5
    assert med["chat"]["nugget_recall"]["n"] == sum(len(c["points"]) for c in yaml.safe_load(
        (folder / "med" / "questions.yaml").read_text())["chat"])
    assert med["chat"]["not_covered_declined"]["n"] == 2 and med["chat"]["followups_resolved"]["n"] == 1
    assert med["chat"]["nugget_recall"]["k"] > 0  # the tutor states some of the reader's points
    assert med["mcq"]["n"] == 4 and set(med["mcq"]["baselines"]) == {"retrieval-only", "first-option", "random"}
    assert med["practice"]["asked"] == 5 and med["practice"]["delivered"] >= 1
    assert med["ingest"]["first_time"] and med["ingest"]["chunks"] > 0
    assert s["pooled"]["headings"] == med["headings"]
    report = result.report_md.read_text()
    assert "## Heading paths" in report and "## Multiple choice" in report and "med-physio-pharm" in report
    # a re-run resumes: nothing is ingested or answered again
    with Session(load_settings(home=str(tmp_path / "home")), use_model=False) as session:
        again = run_eval(session, task, RunOptions(corpora=folder), tmp_path / "run", use_model=False)
    assert again.data["summary"] == result.data["summary"]


def test_outside_readers_questions_become_one_corpus_per_notes_folder(tmp_path):
    # evals/fit_chat.py --outside: the readers' questions join the corpus whose notes they ask about (so leaving a
    # corpus out leaves them out too); a section-wide evidence range teaches coverage, not which sentence answers
    from evals.corpora_format import Corpus
    from evals.fit_chat import OUTSIDE_SPAN, outside_corpora

    path = tmp_path / "outside.yaml"
    path.write_text(yaml.safe_dump({"items": [
        {"id": "r-1", "corpus": "bio", "turns": ["What is osmosis?"], "covered": True, "evidence": ["cell.md:3-4"]},
        {"id": "r-2", "corpus": "bio", "turns": ["And then?", "Why does it matter?"], "covered": True,
         "evidence": [f"cell.md:1-{OUTSIDE_SPAN + 5}"]},
        {"id": "r-3", "corpus": "bio", "turns": ["Who discovered CRISPR?"], "covered": False},
        {"id": "r-4", "corpus": "law", "turns": ["What is a tort?"], "covered": True, "evidence": ["t.md:1"]},
    ]}))
    bio = Corpus("bio", tmp_path, tmp_path / "notes", {"corpus": "bio"})
    got = outside_corpora([bio], path)
    assert list(got) == ["bio"]  # a corpus that is not there is left out, not guessed
    chat = {q["id"]: q for q in got["bio"].chat}
    assert chat["r-1"]["points"] == [{"evidence": ["cell.md:3-4"]}] and not chat["r-1"]["coverage_only"]
    assert chat["r-2"]["coverage_only"] and chat["r-2"]["question"] == "Why does it matter?"
    assert chat["r-2"]["turns"] == ["And then?", "Why does it matter?"]
    assert [q["id"] for q in got["bio"].not_covered] == ["r-3"]
    assert outside_corpora([bio], tmp_path / "missing.yaml") == {}
