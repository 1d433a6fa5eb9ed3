"""The support judge on small hand-written passages (not the bundled notes): it keeps what a passage says,
in its words or others, and rejects sentences that share the words but say something else."""

from __future__ import annotations

import pytest

from ingest.embeddings import shared_embeddings
from tutor.support import Judge

SEARCH = """Tuning methods

- Grid search: every combination of the listed values is tried.
- Random search: random combinations are tried; you set the number of iterations."""
MODES = ("In streaming mode, the job reads records straight from the bucket.\n"
         "In copy mode, the whole dataset is first copied to the local disk.")
SCALING = "- Min-max scaling => maps values into 0 to 1, but does NOT cope with outliers"
FORECAST = "With hundreds of related series, SeriesNet outperforms the classic ARIMA method."
TIERS = """Tier | Retrieval time |
---|---|
Cold Store | Minutes |
Cold Store Deep | Hours |"""
QUEUE = """Message queue

- Messages are kept for 4 days by default
- Each message can be up to 256 KB"""


@pytest.fixture(scope="module")
def judge():
    return Judge(shared_embeddings())


@pytest.mark.parametrize("claim,passage", [
    ("Random search lets you choose how many iterations to run.", SEARCH),
    ("Streaming mode reads records directly from the bucket.", MODES),
    ("Min-max scaling maps values into the range 0 to 1.", SCALING),
    ("SeriesNet beats ARIMA when there are hundreds of related series.", FORECAST),
    ("Cold Store Deep has a retrieval time of hours.", TIERS),
    ("Messages are kept for 4 days by default.", QUEUE),  # a nested bullet read under its title
])
def test_what_the_passage_says_is_supported(judge, claim, passage):
    v = judge.judge(claim, passage)
    assert v.supported, (v.reason, v.coverage, v.similarity, v.sentence)


@pytest.mark.parametrize("claim,passage,why", [
    ("Grid search lets you set the number of iterations.", SEARCH, "about"),  # role swap
    ("Copy mode reads records straight from the bucket.", MODES, ""),  # the other mode's property
    ("Min-max scaling copes well with outliers.", SCALING, "deny"),  # negation dropped
    ("ARIMA outperforms SeriesNet when there are hundreds of related series.", FORECAST, "swapped"),
    ("Cold Store has a retrieval time of hours.", TIERS, ""),  # the row whose name only starts the same
    ("Messages are kept for 4 weeks by default.", QUEUE, "time"),  # a different unit of time
    ("Messages are kept for 7 days by default.", QUEUE, "number"),  # a number the notes do not have
    ("Each message can be up to 4 KB.", QUEUE, ""),
])
def test_a_sentence_that_shares_the_words_but_not_the_meaning_is_rejected(judge, claim, passage, why):
    v = judge.judge(claim, passage)
    assert not v.supported, (claim, v.sentence)
    assert why in v.reason


def test_opposite_words_and_prefixes_are_contradictions(judge):
    passage = "The forecaster is a supervised algorithm. You should decouple the ETL job from training."
    assert judge.judge("The forecaster is a supervised algorithm.", passage).supported
    assert not judge.judge("The forecaster is an unsupervised algorithm.", passage).supported
    assert not judge.judge("The ETL job should be tightly coupled to training.", passage).supported


def test_the_validation_report_gives_both_splits_and_every_kind(judge):
    from conftest import CORPUS
    from evals.judge import judge_markdown, judge_report

    jv = judge_report(judge, CORPUS)
    assert set(jv) == {"dev", "test"}
    assert jv["dev"]["pairs"] + jv["test"]["pairs"] >= 100
    kinds = set(jv["dev"]["by_kind"]) | set(jv["test"]["by_kind"])
    assert {"role swap", "negation", "wrong definition", "paraphrase"} <= kinds
    md = "\n".join(judge_markdown(jv))
    assert "| test |" in md and "| role swap |" in md
