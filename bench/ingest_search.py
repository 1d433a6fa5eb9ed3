"""Ingest and search figures on the bundled corpus and on the corpus replicated 100x.

    .venv/bin/python bench/ingest_search.py [--scale 100] [--out bench/results/ingest_search.json]

Prints JSON: full ingest (cold, model load included), re-ingest with nothing changed, re-ingest
after one file changed, hybrid search latency p50/p95 over a fixed query list, and the same at scale.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from common import ROOT, Timer, emit, peak_rss_mb, percentiles

QUERIES = [
    "Pipe mode", "What does Pipe mode do and when should I use it?", "SSE-KMS", "Object2Vec",
    "num_class", "how to handle missing values", "difference between L1 and L2 regularization",
    "Kinesis Firehose convert JSON to Parquet", "high availability for an endpoint", "elbow method k-means",
    "Elastic Inference", "which algorithm for time series forecasting", "inter-container traffic encryption",
    "S3 storage classes retrieval fee", "blue/green deployment", "XGBoost hyperparameters",
    "confusion matrix precision recall", "VPC endpoint for notebooks", "Poisson distribution", "Lake Formation",
]


def search_latency(settings, rounds: int = 2) -> dict:
    from tutor.index import NotesIndex
    from tutor.retrieval import Retriever

    with Timer() as t_open:
        retriever = Retriever(NotesIndex.open(settings))
    retriever.search("warm up", k=5)
    samples = []
    for _ in range(rounds):
        for q in QUERIES:
            t = time.perf_counter()
            retriever.search(q, k=5)
            samples.append(time.perf_counter() - t)
    return {"open_index_s": t_open.seconds, **percentiles(samples)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=100)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    from ingest.pipeline import ingest
    from tutor.config import load_settings

    work = Path(tempfile.mkdtemp(prefix="tutor-bench-"))
    try:
        notes = work / "notes"
        shutil.copytree(ROOT / "corpus", notes)
        settings = load_settings(notes_dir=notes, home=work / "home")
        with Timer() as full:
            r_full = ingest(settings.index)
        with Timer() as noop:
            r_noop = ingest(settings.index)
        f = notes / "data-engineering-outline.md"
        f.write_text(f.read_text() + "\nBenchmark addendum\nOne more paragraph about Amazon Kinesis shards.\n")
        with Timer() as one:
            r_one = ingest(settings.index)
        small = search_latency(settings)

        big = work / f"notes-x{args.scale}"
        for i in range(args.scale):
            shutil.copytree(ROOT / "corpus", big / f"copy{i:03d}", ignore=shutil.ignore_patterns("*.yaml"))
        big_settings = load_settings(notes_dir=big, home=work / "home")
        with Timer() as big_full:
            r_big = ingest(big_settings.index)
        scaled = search_latency(big_settings)
        emit({
            "benchmark": "ingest_search",
            "corpus": {"files": len(r_full.added), "chunks": r_full.chunks_total},
            "full_ingest_s": full.seconds, "full_ingest_embedded": r_full.embedded,
            "reingest_unchanged_s": noop.seconds, "reingest_unchanged_embedded": r_noop.embedded,
            "reingest_one_file_changed_s": one.seconds, "reingest_one_file_embedded": r_one.embedded,
            "search": small,
            f"x{args.scale}": {
                "files": len(r_big.added), "chunks": r_big.chunks_total, "ingest_s": big_full.seconds,
                "embedded_by_model": r_big.embedded,
                "note": "copies share text, so vectors come from the content-hash cache; the time is Chroma + BM25",
                "search": scaled,
            },
            "peak_rss_mb": peak_rss_mb(),
        }, args.out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
