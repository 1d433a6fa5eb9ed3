"""Concurrent chat sessions against a running app through gradio_client (loopback only).

Shared by tests/test_load.py (correctness, with a fast scripted model) and bench/load_bench.py
(latency and memory with the real model)."""

from __future__ import annotations

import statistics
import threading
import time

TOPICS = [
    ("Object2Vec", "What is Object2Vec?"), ("BlazingText", "What is BlazingText?"),
    ("Firehose", "What is Kinesis Data Firehose?"), ("Elastic Inference", "What is Elastic Inference?"),
    ("SMOTE", "What is SMOTE?"), ("Lake Formation", "What is AWS Lake Formation?"),
    ("DeepAR", "What is DeepAR?"), ("XGBoost", "What is XGBoost?"), ("Seq2Seq", "What is Seq2Seq?"),
    ("Factorization", "What are Factorization Machines?"), ("CloudTrail", "What is CloudTrail?"),
    ("Glacier", "What is S3 Glacier?"), ("Ground Truth", "What is SageMaker Ground Truth?"),
    ("Poisson", "What is the Poisson distribution?"), ("LDA", "What is LDA?"), ("K-Means", "What is K-Means?"),
    ("Athena", "What is Amazon Athena?"), ("QuickSight", "What is Amazon QuickSight?"),
    ("Debugger", "What is SageMaker Debugger?"), ("Kendra", "What is Amazon Kendra?"),
]
FOLLOW_UP = "and what is it used for?"


def _text(chat) -> str:
    c = chat[-1]["content"]
    return c[0]["text"] if isinstance(c, list) else c


def run_sessions(url: str, n: int = 20, follow_up: bool = True, timeout: float = 600) -> dict:
    from gradio_client import Client

    results: list[dict] = [None] * n
    errors: list[str] = []

    def session(i: int) -> None:
        keyword, question = TOPICS[i % len(TOPICS)]
        try:
            client = Client(url, verbose=False)
            t0 = time.perf_counter()
            chat, _, sources, _, _ = client.predict(question, [], api_name="/ask")
            lat = [time.perf_counter() - t0]
            follow = None
            if follow_up:
                t1 = time.perf_counter()
                chat, _, sources, _, notice = client.predict(FOLLOW_UP, chat, api_name="/ask")
                lat.append(time.perf_counter() - t1)
                follow = notice  # "Read as: “and what is it used for? (Topic)”" - from this session's history
            users = [m["content"][0]["text"] if isinstance(m["content"], list) else m["content"]
                     for m in chat if m["role"] == "user"]
            results[i] = {"keyword": keyword, "users": users, "latencies": lat, "follow": follow,
                          "first": _text(chat)}
        except Exception as exc:  # collected and reported by the caller
            errors.append(f"session {i}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=session, args=(i,)) for i in range(n)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    lat = sorted(x for r in results if r for x in r["latencies"])
    q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else lat * 99
    return {"sessions": n, "answered": sum(r is not None for r in results), "errors": errors, "results": results,
            "wall_s": round(time.perf_counter() - start, 1),
            "p50_s": round(q[49], 2) if lat else None, "p95_s": round(q[94], 2) if lat else None}


def isolation_problems(out: dict) -> list[str]:
    """Sessions whose history holds another session's messages, or whose follow-up lost its topic."""
    problems = []
    for i, r in enumerate(out["results"]):
        if r is None:
            continue
        own = TOPICS[i % len(TOPICS)][1]
        if [u for u in r["users"] if u not in (own, FOLLOW_UP)] or r["users"].count(own) != 1:
            problems.append(f"session {i} history: {r['users']}")
        others = {k.lower() for k, _ in TOPICS} - {r["keyword"].lower()}
        if r["follow"] is not None and (r["keyword"].lower() not in r["follow"].lower()
                                        or any(k in r["follow"].lower() for k in others)):
            problems.append(f"session {i} follow-up was not read with its own topic: {r['follow']!r}")
    return problems
