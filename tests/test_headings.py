"""The heading path a citation shows is the section the cited line is really in, for the bundled notes:
Markdown headings, numbered sections, and the bare title lines of plain text exported from Markdown
(nested when one title directly follows another: "XGBoost > Key hyper parameters > Required")."""

from __future__ import annotations

import pytest

from conftest import CORPUS

# line -> the heading path a reader of the file would give it
PINNED = {
    ("cheat-sheet.md", 11): "AWS Machine Learning Specialty > Cheat Sheet",
    ("cheat-sheet.md", 48): "Streaming Services",
    ("cheat-sheet.md", 51): "Streaming Services",
    ("cheat-sheet.md", 94): "Feature Scaling",
    ("cheat-sheet.md", 138): "Addressing UnderFitting and OverFitting",
    ("cheat-sheet.md", 330): "Hyper parameters vs parameters",
    ("cheat-sheet.md", 442): "Residual analysis for Regression models",
    ("cheat-sheet.md", 571): "Discrete Probability Distributions",
    ("cheat-sheet.md", 590): "Continuous Probability Distributions",
    ("cheat-sheet.md", 744): "L1 (Lasso) and L2 (Ridge)",
    ("cheat-sheet.md", 798): "Kinesis Firehose to convert JSON to Parquet (use AWS Glue)",  # an aside is not a sentence
    ("cheat-sheet.md", 964): "Using RecordIO Format",
    ("cheat-sheet.md", 1052): "Oversampling",
    ("cheat-sheet.md", 1064): "Techniques to reduce overfitting",
    ("cheat-sheet.md", 1330): "K-MEANS - determine optimal value of K",
    ("cheat-sheet.md", 1353): "XGBoost > Key hyper parameters > Required",
    ("cheat-sheet.md", 1357): "XGBoost > Key hyper parameters > Required",
    ("cheat-sheet.md", 1368): "XGBoost > Key hyper parameters > Optional",
    ("cheat-sheet.md", 1523): "Kinesis Firehose with Lambda transformation - status and results > Lambda status",
    ("exam-readiness-notes.txt", 15): "Domain 1: Data Engineering > Batch processing",
    ("exam-readiness-notes.txt", 36): "Domain 1: Data Engineering > Identify and implement a data transformation solution"
                                      " > Some Solutions",
    ("exam-readiness-notes.txt", 144): "Domain 3: Modeling > 3.4: Perform hyperparameter optimization"
                                       " > What are hyperparameters?",
    ("exam-readiness-notes.txt", 408): "Domain 4: ML Implementation and Operations > 4.4: Deploy and operationalize ML "
                                       "solutions > Create a model in Amazon SageMaker > You need",
    ("exam-readiness-notes.txt", 416): "Domain 4: ML Implementation and Operations > 4.4: Deploy and operationalize ML "
                                       "solutions > Create an endpoint configuration for an HTTPS endpoint > You need",
    ("data-engineering-outline.md", 17): "AWS Lake Formation",
    ("data-engineering-outline.md", 91): "Metrics",
    ("sagemaker-and-exam-guide.md", 17): "X.1 SageMaker Deep Dive > X.1.1 Fully Managed Notebook Instances with Amazon "
                                         "SageMaker > Elastic Inference",
    ("sagemaker-and-exam-guide.md", 184): "Domain 2: ML Model Development > Common regularization techniques",
    ("sagemaker-and-exam-guide.md", 258): "Appendix > AWS Secrets Manager > Key Features",
    ("practice-exam-key-notes.md", 64): "Key notes from practice exams",
}


@pytest.fixture(scope="module")
def chunks_by_file():
    from ingest.chunker import chunk_note
    from ingest.config import IndexConfig
    from ingest.sources import read_note

    cfg = IndexConfig(notes_dir=CORPUS, data_dir=CORPUS.parent / ".unused")
    return {f: chunk_note(read_note(CORPUS / f, CORPUS, 10), cfg)[0] for f in {f for f, _ in PINNED}}


@pytest.mark.parametrize("where", sorted(PINNED), ids=lambda w: f"{w[0]}:{w[1]}")
def test_a_cited_line_shows_the_heading_it_is_under(where, chunks_by_file):
    file, line = where
    chunk = next(c for c in chunks_by_file[file] if c.start_line <= line <= c.end_line)
    assert chunk.heading == PINNED[where]


def test_a_title_line_after_content_starts_a_section_and_a_label_stays_inside_it():
    from ingest.structure import parse_blocks

    lines = ["Kinesis", "", "Retention", "", "- 24 hours by default", "", "Limits:", "", "- 1 MB/s per shard", "",
             "Glue", "", "- serverless ETL"]
    paths = {b.start: b.heading_path for b in parse_blocks(lines, []) if b.kind == "list"}
    assert paths[5] == ("Kinesis", "Retention")
    assert paths[9] == ("Kinesis", "Limits")  # "Limits:" is a label beside "Retention"
    assert paths[13] == ("Glue",)  # a new title after content: a new section
