"""The eval harness on the real index: held-out masking, resume after interruption, compare, reports."""

from __future__ import annotations

import json
from typing import ClassVar

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.messages import AIMessage
from pydantic import PrivateAttr

from conftest import CORPUS
from evals.cache import ResponseCache
from evals.compare import compare, format_compare
from evals.harness import EvalRun, RunOptions, load_task
from evals.report import write_report


class SpyLoglikModel(BaseChatModel):
    """A fake at the model seam: scores continuations by a fixed rule and records every prefix."""

    loglik: ClassVar[bool] = True
    prefer: str = ""
    _prefixes: list = PrivateAttr(default_factory=list)
    label: str = "spy:loglik"

    @property
    def _llm_type(self) -> str:
        return "spy"

    def _generate(self, messages, stop=None, run_manager=None, **kw):
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content="NOT IN NOTES"))])

    def loglikelihoods(self, prefix, continuations):
        self._prefixes.append(prefix)
        given_notes = prefix != "Answer:"  # the scorer subtracts the unconditional "Answer:" score
        return [(-1.0 if given_notes and self.prefer and self.prefer.lower() in c.lower() else -len(c) / 10, 1)
                for c in continuations]

    def count_tokens(self, texts):
        return [len(t.split()) for t in texts]


def _run(corpus_index, tmp_path, name, model=None, **opts):
    from tutor.session import Session

    opts.setdefault("chat_sample", 1)
    return EvalRun(Session(corpus_index.settings, model=model, use_model=model is not None), model, load_task(),
                   tmp_path / name, RunOptions(**opts), cache=ResponseCache(tmp_path / f"{name}-cache.sqlite"))


def test_held_out_chunks_never_reach_the_model(corpus_index, tmp_path):
    spy = SpyLoglikModel()
    run = _run(corpus_index, tmp_path, "mask", spy, sample=8, seed=3, modes=["held_out"])
    starts: list[int] = []  # where each question's model calls begin

    def mark(stage, done, total):
        if stage == "Answering sample questions":
            starts.append(len(spy._prefixes))

    run.run(mark)
    rows = [json.loads(x) for x in (tmp_path / "mask" / "results.jsonl").read_text().splitlines()]
    lines = {f: (CORPUS / f).read_text().split("\n") for f in ("cheat-sheet.md", "exam-readiness-notes.txt")}
    tutor_rows = [r for r in rows if r["kind"] == "mcq" and r["system"] == "tutor"]
    assert len(tutor_rows) == 8
    for i, r in enumerate(tutor_rows):
        q = next(q for q in corpus_index.bank if q.id == r["qid"])
        hidden = run.held_out(q)
        assert hidden and not hidden & set(r["passage_ids"])  # no hidden chunk was used
        key_text = "\n".join(lines[q.source.file][k - 1] for k in q.source.key_lines).strip()
        own_prefixes = spy._prefixes[starts[i] : starts[i + 1]]
        assert own_prefixes and all(key_text not in p for p in own_prefixes)  # its key never reached the model


def test_interrupted_run_resumes_without_redoing_work(corpus_index, tmp_path):
    calls = {"n": 0}

    def stop_after_three(stage, done, total):
        if stage == "Answering sample questions" and done == 3:
            raise KeyboardInterrupt

    spy = SpyLoglikModel()
    run = _run(corpus_index, tmp_path, "resume", spy, sample=6, seed=1)
    with pytest.raises(KeyboardInterrupt):
        run.run(stop_after_three)
    rows = (tmp_path / "resume" / "results.jsonl").read_text().splitlines()
    done_qids = {json.loads(r)["qid"] for r in rows}
    assert len(done_qids) == 3
    first_calls = len(spy._prefixes)

    spy2 = SpyLoglikModel()
    data = _run(corpus_index, tmp_path, "resume", spy2, sample=6, seed=1).run()
    rows = [json.loads(x) for x in (tmp_path / "resume" / "results.jsonl").read_text().splitlines()]
    keys = [(r["kind"], r["system"], r["mode"], r["qid"]) for r in rows]
    assert len(keys) == len(set(keys))  # nothing computed twice
    assert data["accuracy"]["tutor|held_out"]["n"] == 6
    assert 0 < len(spy2._prefixes) < 2 * first_calls  # only the unfinished questions were scored again
    calls["n"] = len(spy2._prefixes)


def test_a_run_folder_with_another_configuration_is_refused(corpus_index, tmp_path):
    _run(corpus_index, tmp_path, "cfg", None, sample=2, seed=1).run()
    with pytest.raises(ValueError, match="another configuration"):
        _run(corpus_index, tmp_path, "cfg", None, sample=3, seed=1).run()


def test_compare_shows_what_changed_question_by_question(corpus_index, tmp_path):
    _run(corpus_index, tmp_path, "a", SpyLoglikModel(), sample=6, seed=2).run()
    b = _run(corpus_index, tmp_path, "b", SpyLoglikModel(prefer="Amazon", label="spy:amazon"), sample=6, seed=2)
    b.run()
    c = compare(tmp_path / "a", tmp_path / "b")
    text = format_compare(c)
    keys = {m["system_mode"] for m in c["metrics"]}
    assert {"retrieval-only|held_out", "random|any", "recall@5", "mrr"} <= keys
    assert "Question by question:" in text
    assert c["changes"], "a model preferring other options must change some choices"
    results = {}
    for name in ("a", "b"):
        for line in (tmp_path / name / "results.jsonl").read_text().splitlines():
            r = json.loads(line)
            if "chosen" in r:
                results[name, r["system"], r["mode"], r["qid"]] = r
    for ch in c["changes"]:  # every verdict agrees with the two runs' own scores
        x, y = (results[n, ch["system"], ch["mode"], ch["qid"]] for n in ("a", "b"))
        assert x["chosen"] != y["chosen"] and ch["verdict"] == (
            "fixed" if y["exact"] > x["exact"] else "broken" if y["exact"] < x["exact"] else "changed")
        assert ch["qid"] in text
    fixed = sum(ch["verdict"] == "fixed" for ch in c["changes"])
    assert f"{fixed} fixed" in text


def test_report_shows_every_number_beside_its_baselines(corpus_index, tmp_path):
    run = _run(corpus_index, tmp_path, "rep", SpyLoglikModel(), sample=5, seed=4)
    run.run()
    md, html = write_report(tmp_path / "rep")
    text = md.read_text()
    from evals.report import SYSTEM_LABEL

    for system in ("tutor", "retrieval-only", "closed-book", "first-option", "random"):
        assert SYSTEM_LABEL[system] in text
    assert "## The support judge" in text and "| test |" in text and "recall@5" in text
    assert (tmp_path / "rep" / "accuracy_vs_baselines.png").stat().st_size > 2000
    page = html.read_text()
    assert page.startswith("<!doctype html>") and "data:image/png;base64," in page


def test_external_question_file_is_evaluated_the_same_way(corpus_index, tmp_path):
    q = next(r for r in corpus_index.bank if r.scorable and not r.multi)
    f = tmp_path / "set.jsonl"
    f.write_text(json.dumps({"id": "x1", "stem": q.stem, "options": q.options, "answer": q.answer}) + "\n")
    run = _run(corpus_index, tmp_path, "ext", None, questions_file=f)
    data = run.run()
    assert data["questions"] == 1 and data["accuracy"]["retrieval-only|held_out"]["n"] == 1
    ext = next(r for r in [*(json.loads(x) for x in (tmp_path / "ext" / "results.jsonl").read_text().splitlines())]
               if r["kind"] == "mcq" and r["mode"] == "held_out")
    assert ext["excluded"] >= 1  # the question found in the notes is hidden in held-out mode
    f.write_text(f.read_text() + '{"id": "x2", "stem": "Broken"}\n')  # a bad line is not silently skipped
    with pytest.raises(ValueError, match=r"set.jsonl:2: .*options"):
        _run(corpus_index, tmp_path, "ext2", None, questions_file=f).run()
    with pytest.raises(ValueError, match="no such file"):
        _run(corpus_index, tmp_path, "ext3", None, questions_file=tmp_path / "typo.jsonl").run()


def test_cli_eval_writes_run_and_report(corpus_settings, corpus_index, tmp_path):
    from typer.testing import CliRunner

    from cli import app

    out = tmp_path / "cli-run"
    res = CliRunner().invoke(app, ["eval", "--sample", "3", "--no-model", "--chat-sample", "1", "--out", str(out),
                                   "--notes", str(CORPUS), "--home", str(corpus_settings.data_dir)])
    assert res.exit_code == 0, res.output
    assert (out / "run.json").is_file() and (out / "report.html").is_file() and "Report:" in res.output
    res = CliRunner().invoke(app, ["eval", "--compare", str(out), str(out)])
    assert res.exit_code == 0 and "0 fixed, 0 broken" in res.output


def test_a_sentence_with_its_short_code_read_in_is_quoted_only_when_its_words_and_code_are_the_notes():
    from evals.chat_eval import _quoted
    src = ("```c\nint pthread_mutex_trylock(pthread_mutex_t *mutex);\n```\n\nUnlike `pthread_mutex_lock`, this "
           "function will return immediately if the mutex cannot be acquired.")
    said = "Unlike pthread_mutex_lock, this function (`int pthread_mutex_trylock(pthread_mutex_t *mutex);`) will return"
    assert _quoted(said + " immediately if the mutex cannot be acquired.", src)
    assert not _quoted(said + " at once if the mutex cannot be acquired.", src)  # words not the notes'
    assert not _quoted(said.replace("trylock", "timedlock") + " immediately if the mutex cannot be acquired.", src)


def test_a_piece_of_the_notes_code_is_checked_line_by_line_against_the_lines_it_cites():
    from types import SimpleNamespace

    from evals.chat_eval import check_sentences
    from tutor.passages import Passage
    lines = ["# Q", "```cs", "// PopReceipt must be provided", "queueClient.UpdateMessage(id, receipt);", "```"]
    index = SimpleNamespace(lines=lambda source: lines)
    cite = SimpleNamespace(n=1, passage=Passage("", "q.md", "Q", 3, 4, "code", ""))
    shown = "Your notes show this in code rather than in a sentence [1]:\n\n```cs\n// PopReceipt must be provided\n{}\n```"
    judge = SimpleNamespace(judge=lambda claim, text: SimpleNamespace(supported=False))
    got = check_sentences(index, judge, SimpleNamespace(text=shown.format("queueClient.UpdateMessage(id, receipt);"),
                                                        citations=[cite]))
    assert got == [{"claim": "// PopReceipt must be provided\nqueueClient.UpdateMessage(id, receipt);",
                    "cites": ["q.md:3-4"], "quoted": True, "supported": True}]  # the introducing line is no claim
    bad = check_sentences(index, judge, SimpleNamespace(text=shown.format("queueClient.DeleteMessage(id);"),
                                                        citations=[cite]))
    assert [x["supported"] for x in bad] == [False]  # a line the cited code does not hold
