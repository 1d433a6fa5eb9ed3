"""Ingest: notes folder -> structure-aware chunks -> Chroma (vectors) + BM25 + question bank."""

from ingest.config import IndexConfig
from ingest.pipeline import IngestError, IngestReport, ingest

__all__ = ["IndexConfig", "IngestError", "IngestReport", "ingest"]
