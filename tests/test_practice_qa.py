"""Notes written as questions and answers (review sheets, homework): the notes' own "What is X?" / "Who was
X?" and the answer under it are facts, whatever the layout (a nested item, a heading and its paragraph, a bold
line and the line after it); the question is asked with the notes' answer among the answers to their other
questions of the same kind."""

from __future__ import annotations

import random

import pytest

from ingest.embeddings import shared_embeddings
from tutor.practice.generate import Generator
from tutor.support import Judge

REVIEW = """# Unit 3 review

* Who was John Hus?
  * Hus was a chancellor of the university of Prague who led a group of Czech reformers.
* Who was Desiderius Erasmus?
  * A Dutch humanist scholar who published a Greek edition of the New Testament and mocked the clergy.
* Who was Ulrich Zwingli?
  * A Swiss priest who led the Reformation in Zurich and rejected the real presence in the Eucharist.
* Who was Thomas Cranmer?
  * An English archbishop who wrote the Book of Common Prayer and was burned at the stake under Mary I.
* What was the Peace of Augsburg?
  * A compromise between the Schmalkaldic League and Charles V that let each prince choose the religion of his lands.
* What was the Edict of Nantes?
  * A decree issued in 1598 that granted the Huguenots freedom of worship in a number of French towns.
* What was the Diet of Worms?
  * An imperial assembly held in 1521 at which Luther refused to recant and was declared an outlaw.
* What was the Council of Trent?
  * A meeting of Catholic bishops from 1545 to 1563 that reaffirmed the doctrines the Protestants rejected.
* Why did the princes support Luther?
  * They wanted the lands and the wealth of the church for themselves.
* What is civic humanism and where was it most prominent?
  * The belief that educated citizens should serve the state, most of all in Florence.
"""

SHEET = """# Operating systems review

## What is a context switch?
A context switch is the mechanism by which the CPU stops running one process and starts running another.

**What is a page fault?**
The exception raised when a program touches memory that is not present in RAM at the moment.
"""


@pytest.fixture(scope="module")
def judge():
    return Judge(shared_embeddings())


def _asked(gen):
    return {f.subject: f for f in gen.facts if f.kind == "term" and f.asked}


def test_questions_name_terms_and_the_answers_under_them_say_what_they_are(tmp_path, judge):
    (tmp_path / "review.md").write_text(REVIEW)
    (tmp_path / "sheet.md").write_text(SHEET)
    gen = Generator(tmp_path, judge, [])
    asked = _asked(gen)
    # nested items, a heading and its paragraph, a bold line and the line after it
    assert {"John Hus", "Peace of Augsburg", "Context switch", "Page fault"} <= set(asked)
    assert asked["Context switch"].asked == "What is a context switch?"
    # "why" asks no term; a line asking two things ("... and where ...?") is not read as one term
    assert not any("princes" in s.lower() or "civic" in s.lower() for s in asked)
    # the answer never names its term, not even by the surname alone
    assert "Hus " not in asked["John Hus"].masked and "___" in asked["John Hus"].masked


def test_the_notes_question_is_asked_with_their_answer_among_answers_of_its_kind(tmp_path, judge):
    (tmp_path / "review.md").write_text(REVIEW)
    gen = Generator(tmp_path, judge, [])
    asked = _asked(gen)
    people = {"John Hus", "Desiderius Erasmus", "Ulrich Zwingli", "Thomas Cranmer"}
    assert len(asked) == 8
    for name, fact in asked.items():
        d = gen._answer(fact, "medium", random.Random(0))
        assert d is not None, name
        assert d.stem == f"According to your notes, {fact.asked[0].lower()}{fact.asked[1:]}"
        assert len(d.correct) == 1 and fact.subject not in d.correct[0]
        wrong = [t for t, *_ in d.wrong]
        assert len(wrong) == 3 and all(fact.subject.split()[-1] not in t for t in wrong)
        # a person among people, an event among events: the other answers of the same kind of question
        others = {g.subject for g in asked.values() if any(t.rstrip(".") in g.value for t in wrong)}
        assert others and (others <= people if name in people else not others & people), (name, others)


def test_a_key_whose_word_sits_inside_the_stem_s_term_is_a_giveaway():
    """"What is Neoplatonism?" answered by "The exposition of Plato's philosophy": the key's word is inside the
    term the stem asks about, and no other option has one."""
    from ingest.records import QuestionRecord
    from tutor.practice.quality import giveaway

    q = QuestionRecord(id="x", stem="According to your notes, what is Neoplatonism?", answer=["A"], options={
        "A": "The exposition of Plato's philosophy, based on two ideas",
        "B": "An intellectual movement based on the study of the classical literary works",
        "C": "The belief that trade should enrich the mother country"})
    assert "inside a word of the stem" in (giveaway(q) or "")
    q = q.model_copy(update={"stem": "According to your notes, what is humanism?"})
    assert giveaway(q) is None


def test_an_answer_of_several_items_is_read_item_by_item(tmp_path, judge):
    """"What was X? Who ...?" answered by two items ("A customs union ... between them", "Prussia"): the items
    were joined into one sentence ("... between them Prussia"), and that garbled line was the description asked
    and offered as a distractor; each item ends where it ends."""
    (tmp_path / "review.md").write_text(REVIEW.replace("* What is civic", "* What was the Zollverein? Who founded it?\n"
                                                       "  * A customs union of the German states that removed tariffs "
                                                       "between them\n  * Prussia\n* What is civic"))
    gen = Generator(tmp_path, judge, [])
    z = _asked(gen)["Zollverein"]
    assert "them Prussia" not in z.value and "between them." in z.value, z.value


def test_an_answer_about_a_person_does_not_tell_the_person_s_sex():
    """"Who was Mary Wollstonecraft?" with options "He was secretary of ...", "He formed Methodism ...": the pronoun
    rules them out (an outside reader's giveaway); the options say what each person was or did, without it."""
    from tutor.practice.generate import _answer_option
    assert _answer_option("He was secretary of the French Royal Academy of Science.") == \
        "Secretary of the French Royal Academy of Science"
    assert _answer_option("She founded a school for girls in Paris in 1790.") == "Founded a school for girls in Paris in 1790"
    assert _answer_option("___ was an English writer who wrote a Vindication of the Rights of Women.") == \
        "An English writer who wrote a Vindication of the Rights of Women"
