"""Ingest: a notes folder becomes an index - structure-aware chunks with exact line spans, vectors in
Chroma, a BM25 keyword index and the bank of the notes' own sample questions.

The bottom layer: it imports nothing from `tutor`, `evals`, `ui` or `cli`. Importing the package
loads nothing; `ingest.pipeline.ingest` is the entry point.
"""
