"""The answer chain through the real LangChain seam with a scripted fake model, on the real index."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from conftest import CORPUS
from fakes import ScriptedChatModel
from tutor import prompts
from tutor.answer import Tutor
from tutor.rewrite import Turn, rewrite_rules

PIPE_Q = "What does Pipe mode do and when should I use it?"


@pytest.fixture
def fake():
    """A backend that says it is strong: chat drafts with it, and every drafted sentence is checked."""
    return ScriptedChatModel(strength="strong")


@pytest.fixture
def tutor(corpus_index, fake):
    return Tutor(corpus_index, fake)


def _assert_citations_resolve(ans):
    import re

    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", ans.text)}
    assert numbers == {c.n for c in ans.citations}  # every marker resolves, every citation is used
    retrieved = {p.chunk_id for p in ans.nearest}
    for c in ans.citations:
        assert c.passage.chunk_id in retrieved  # only retrieved passages are cited


def test_supported_sentence_is_kept_and_unsupported_one_dropped(tutor, fake):
    fake.enqueue("Pipe mode lets the training job stream its data straight from Amazon S3 [1]. "
                 "Pipe mode was invented by Amazon in 1987 to train chess engines [2].")
    ans = tutor.ask(PIPE_Q)
    assert ans.kind == "answer" and ans.model == "scripted:fake"  # a drafted sentence was kept
    assert ans.text.startswith("Pipe mode lets the training job stream its data straight from Amazon S3. [1]")
    assert "1987" not in ans.text and "chess" not in ans.text
    _assert_citations_resolve(ans)
    prompt = fake.history[0][-1].content
    assert "Passages from my notes" in prompt and PIPE_Q in prompt and "Pipe mode" in prompt


def test_dangling_citation_is_repointed_or_removed(tutor, fake):
    fake.enqueue("Your training job streams data directly from Amazon S3 in Pipe mode [9].")
    ans = tutor.ask(PIPE_Q)
    assert "[9]" not in ans.text
    _assert_citations_resolve(ans)
    cited = [c for c in ans.citations if "streams data directly" in c.passage.text]
    assert cited, "the sentence should be re-pointed to the passage that says it"


def test_model_reply_that_says_nothing_leaves_the_notes_answer(tutor, fake):
    fake.enqueue("NOT IN NOTES")
    ans = tutor.ask(PIPE_Q)
    assert ans.kind == "answer" and ans.model is None and "Pipe mode" in ans.text
    assert not ans.text.startswith("Here is what your notes say")  # it answers, it does not introduce quotes
    _assert_citations_resolve(ans)


def test_a_weak_model_is_not_asked_to_draft_chat_answers(corpus_index):
    weak = ScriptedChatModel()  # strength "weak", like the bundled 135M model
    ans = Tutor(corpus_index, weak).ask(PIPE_Q)
    assert ans.kind == "answer" and "Pipe mode" in ans.text and weak.history == []


def test_question_outside_the_notes_is_not_covered_and_model_not_asked(tutor, fake):
    ans = tutor.ask("What is the capital of France?")
    assert ans.kind == "not_covered" and "don't seem to cover" in ans.text
    assert ans.citations == [] and len(ans.nearest) == 3
    assert fake.history == []


def test_backend_down_still_gives_passages_and_a_clear_message(tutor, fake):
    fake.fail_with = ConnectionError("Connection refused")
    ans = tutor.ask(PIPE_Q)
    assert ans.kind == "answer" and ans.citations
    assert "not reachable" in ans.notice and "notes say instead" in ans.notice
    assert "Pipe mode" in ans.text
    _assert_citations_resolve(ans)


def test_pasted_sample_question_returns_its_key_cited_to_the_key_line(tutor, fake):
    pasted = ("An oil and natural gas company is using machine learning to discover prime locations for drilling. "
              "The company has chosen Amazon SageMaker as its service for creating machine learning models.\n"
              "What should the team of data scientists do to solve this issue?")
    ans = tutor.ask(pasted)
    assert ans.kind == "sample_question" and "**B**" in ans.text
    (c,) = ans.citations
    lines = (CORPUS / "exam-readiness-notes.txt").read_text().split("\n")
    assert c.passage.source == "exam-readiness-notes.txt" and c.passage.start_line == c.passage.end_line == 210
    assert c.passage.text == lines[209] and "local mode" in c.passage.text
    assert fake.history == []


def test_pasted_mcq_gets_a_choice_and_reasoning_per_option(tutor, fake):
    ans = tutor.ask("Which SageMaker input mode streams training data directly from Amazon S3?\n"
                    "A. File mode\nB. Pipe mode\nC. Local mode\nD. Batch mode")
    assert ans.kind == "mcq" and ans.mcq.chosen == ["B"]
    assert all(f"**{x}.**" in ans.text for x in "ABCD")
    _assert_citations_resolve_mcq(ans)


def _assert_citations_resolve_mcq(ans):
    import re

    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", ans.text)}
    assert numbers <= {c.n for c in ans.citations}


def test_follow_up_is_rewritten_with_the_conversation(tutor, fake):
    fake.enqueue("NOT IN NOTES")
    history = [Turn("What is Object2Vec?", "Object2Vec creates embeddings.", "What is Object2Vec?")]
    ans = tutor.ask("and what about its input format?", history)
    assert "Object2Vec" in ans.query
    assert any("Object2Vec" in p.text for p in ans.nearest[:3])
    assert rewrite_rules("What is XGBoost?", history) == "What is XGBoost?"  # standalone: unchanged


def test_passages_that_do_not_fit_the_context_are_left_out_and_said_so(corpus_index, fake):
    from tutor.config import ModelConfig, RetrievalConfig

    settings = corpus_index.settings.model_copy(update={
        "retrieval": RetrievalConfig(context_tokens=150), "model": ModelConfig(n_ctx=2048)})
    tutor = Tutor(corpus_index, fake, settings)
    fake.enqueue("NOT IN NOTES")
    ans = tutor.ask(PIPE_Q)
    assert ans.notice and "To fit the model's context window" in ans.notice
    prompt = fake.history[0][-1].content
    assert "left out" in ans.notice
    left_out = ans.notice.split("left out ")[-1]
    dropped = [p for p in ans.nearest if p.location in left_out]
    assert dropped and all(p.text not in prompt for p in dropped)


def test_empty_and_huge_questions_are_handled(tutor, fake):
    assert tutor.ask("   ").kind == "invalid"
    fake.enqueue("NOT IN NOTES")
    ans = tutor.ask("Pipe mode " * 2000)
    assert ans.notice and "characters long" in ans.notice


def test_prompts_fail_loudly_on_missing_variables():
    with pytest.raises(UndefinedError):
        prompts.render("answer", "user", question="only the question")


def test_kept_sentences_keep_leading_decimals_and_lose_the_space_before_punctuation(tutor, corpus_index):
    passages = tutor.retriever.search("What is the baseline AUC metric for a binary model?", k=8)
    kept = tutor.verify_draft("0.5 is the baseline AUC metric for a binary model that randomly predicts [1]. "
                              "AUC values near 1 indicate a highly accurate model [2] .", passages, passages,
                              "What is the baseline AUC metric?")
    sentences = [s for s, _ in kept]
    assert sentences and sentences[0].startswith("0.5 is the baseline AUC metric")  # not cut to "5 is ..."
    assert all(not s.endswith(" .") and "[" not in s for s in sentences)


def test_a_drafted_sentence_the_answer_already_quotes_is_not_repeated(tutor, fake):
    fake.enqueue("The baseline AUC metric for a binary model is 0.5 [1]. "
                 "AUC values near 1 indicate a highly accurate model [2].")
    ans = tutor.ask("What is the baseline AUC metric for a binary model?")
    assert ans.kind == "answer" and ans.text.count("is 0.5") == 1, ans.text
    assert " ." not in ans.text and " [" in ans.text
    _assert_citations_resolve(ans)


def test_a_first_question_is_not_sent_to_the_model_for_rewriting(fake):
    from tutor.rewrite import rewrite

    q = "Which algorithm should I use when there are missing values?"  # "there" looks like a reference
    assert rewrite(q, [], fake) == q and fake.history == []
