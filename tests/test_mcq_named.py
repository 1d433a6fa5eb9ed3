"""Whether the notes name an option is decided over the whole notes, by the option's own words (issue 21, round 5):
an outside reader found "no line of your notes names it" said of options the notes name on a line no passage
search had kept, and of options written as sentences ("Static-delay locks do slightly better ...", "It opens
slowly, after a delay") whose line writes their words apart ("static locks ... delay", "Slow, delayed").
Hand-written notes, real index."""

from __future__ import annotations

import pytest

from conftest import notes_session
from ingest.mcq_grammar import PastedQuestion

NOTES = {
    "locks.md": """# Spin locks

## Results under load

Under high load, the queueing lock performs best and keeps scaling as processors are added.

The test-and-set lock performs worst under load because every spin causes bus traffic.
""",
    "far.md": """# Odds and ends

## Delays

Of the delay-based alternatives, the static locks are a little better than the dynamic locks.

## Channels

| | Fast channel | Slow channel |
| --- | --- | --- |
| Opening speed | Rapid | Slow, delayed |
| Stage | Rising phase | Falling phase |
""",
}

LOCKS = ("Under high load, which statement about spin locks holds?",
         {"A": "The queueing lock keeps scaling as processors are added",
          "B": "Static-delay locks do slightly better than dynamic-delay locks",
          "C": "The test-and-set lock has the lowest overhead"})


@pytest.fixture(scope="module")
def named_session(tmp_path_factory):
    with notes_session(tmp_path_factory.mktemp("named-notes"), NOTES) as session:
        yield session


def test_a_sentence_option_is_matched_by_its_words_written_apart():
    from ingest.terms import keyterms
    from tutor.mcq import forms

    text = "Static-delay locks do slightly better than dynamic-delay locks"
    loose = forms(keyterms(text), {}, text)[-1]
    # the compounds "static-delay"/"staticdelay" (which no line writes) no longer outweigh the words a line does write
    assert loose == frozenset({"static", "delay", "lock", "slight", "better", "dynam"})
    assert forms(keyterms("It opens slowly, after a delay"), {}, "It opens slowly, after a delay")[-1] == \
        frozenset({"open", "slow", "delay"})  # "slowly" is named by "Slow, delayed"
    ident = "test_and_test_and_set spins on cached values"
    assert "test_and_test_and_set" in forms(keyterms(ident), {}, ident)[-1]  # an identifier stays whole


def test_the_lines_naming_an_option_are_found_anywhere_in_the_notes(named_session):
    from tutor.mcq import named_lines

    got = named_lines(named_session.tutor.scorer.index, LOCKS[1])
    assert [(src, line) for _, src, line in got["B"]][:1] == [("far.md", 5)]
    assert got["A"][0][1:] == ("locks.md", 5)


def test_an_option_named_only_where_no_search_reached_is_not_said_unnamed(named_session, monkeypatch):
    # every passage search misses far.md (as a search that keeps its few best passages can): the old scorer then
    # said "no line of your notes names it" of B although far.md:5 does
    from tutor.mcq_text import mcq_markdown

    scorer = named_session.tutor.scorer
    search = scorer.retriever.search
    monkeypatch.setattr(scorer.retriever, "search",
                        lambda *a, **kw: [p for p in search(*a, **kw) if p.source != "far.md"])
    r = scorer.score(PastedQuestion(*LOCKS, 1))
    rows = {x.split("**")[1][0]: x for x in mcq_markdown(r, lambda st: 1).split("\n") if x.startswith("- ")}
    assert "no line of your notes names it" not in rows["B"], rows["B"]
    assert "far.md:5" in rows["B"], rows["B"]
    assert {s.letter: s.features["named_any"] > 0 for s in r.scores} == {"A": True, "B": True, "C": True}


def test_an_adverb_option_is_named_by_the_table_cell_that_says_it(named_session):
    from tutor.mcq_text import mcq_markdown

    q = PastedQuestion("Which statement describes the slow channel, as opposed to the fast channel?",
                       {"A": "It opens slowly, after a delay", "B": "It acts in the rising phase",
                        "C": "It carries the stimulus current"}, 1)
    r = named_session.tutor.scorer.score(q)
    rows = {x.split("**")[1][0]: x for x in mcq_markdown(r, lambda st: 1).split("\n") if x.startswith("- ")}
    assert "far.md:11" in rows["A"], rows["A"]


def test_no_answer_is_given_for_an_option_no_line_of_the_notes_names():
    # the reader found ✔ on options whose only quoted line was about something else: a chosen option that no line
    # names in its own words (nor a sample question of the notes gives as the key) is only a lean
    from tutor.mcq import McqScorer, unnamed_choice

    assert unnamed_choice([{"own_name": 0.0}], negative=False)
    assert unnamed_choice([{"own_name": 1.0}, {"own_name": 0.0}], negative=False)  # Select TWO: both must be named
    assert not unnamed_choice([{"own_name": 1.0}], negative=False)
    assert not unnamed_choice([{"own_name": 0.0, "mark_pos": 0.8}], negative=False)  # the notes' own key
    assert not unnamed_choice([{"own_name": 0.0}], negative=True)  # NOT: the pick is what the notes do not support
    assert "unnamed_choice" in McqScorer.decide.__code__.co_names
