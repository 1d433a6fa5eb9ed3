"""Multiple-choice scoring embeds each text once and in few model calls (fast tests, fake embeddings)."""

from __future__ import annotations

import hashlib

import numpy as np

from tutor.index import NotesIndex
from tutor.mcq import ParsedMcq, nearest_passage_sims
from tutor.passages import Passage
from tutor.support import Judge


class CountingEmbeddings:
    """Deterministic unit vectors from the text; records every model call and the texts it embedded."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts):
        self.calls.append(list(texts))
        out = []
        for t in texts:
            seed = int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)
            v = np.random.default_rng(seed).normal(size=384).astype(np.float32)
            out.append(v / np.linalg.norm(v))
        return np.stack(out)

    def embed_query(self, text):
        return self.embed([text])[0].tolist()

    def embed_documents(self, texts):
        return self.embed(texts).tolist()


class FakeStore:
    def __init__(self, embeddings) -> None:
        self.embeddings = embeddings


PASSAGE = ("## Throughput\n"
           "- Provisioned throughput is set in multiples of 100 RU/s.\n"
           "- The minimum value is 400 RU/s.\n"
           "- Autoscale scales between 10% and 100% of the maximum.")


def test_a_search_query_is_embedded_once_and_remembered_vectors_are_used():
    emb = CountingEmbeddings()
    index = NotesIndex(settings=None, store=FakeStore(emb), keyword=None, bank=[])
    first = index.query_vector("minimum throughput")
    again = index.query_vector("minimum throughput")
    assert len(emb.calls) == 1 and np.array_equal(first, again)
    # vectors embedded together by the caller are what the searches then use: no model call of their own
    index.remember_queries({"a query": np.ones(384, dtype=np.float32)})
    assert np.array_equal(index.query_vector("a query"), np.ones(384, dtype=np.float32))
    assert len(emb.calls) == 1


def test_claims_judged_against_prepared_passages_embed_only_the_claims():
    emb = CountingEmbeddings()
    judge = Judge(emb)
    judge.prepare([PASSAGE])
    assert len(emb.calls) == 1  # every statement of the passage in one call
    before = sum(len(c) for c in emb.calls)
    judge.judge("The minimum throughput is 400 RU/s", PASSAGE)
    judge.judge("Throughput is set in multiples of 100 RU/s", PASSAGE)
    embedded = [t for c in emb.calls[1:] for t in c]
    assert sum(len(c) for c in emb.calls) - before == 2
    assert embedded == ["The minimum throughput is 400 RU/s", "Throughput is set in multiples of 100 RU/s"]


class FakeRetriever:
    def search(self, query, k=3, exclude=frozenset()):
        return [Passage(f"c{i}", "notes.md", "Throughput", i, i, "text", line)
                for i, line in enumerate(PASSAGE.split("\n")[1:3], 1)]


def test_the_retrieval_signal_embeds_all_options_in_one_call():
    emb = CountingEmbeddings()
    judge = Judge(emb)
    q = ParsedMcq("What is the minimum throughput?", {"A": "100 RU/s", "B": "400 RU/s", "C": "1000 RU/s"}, 1)
    sims = nearest_passage_sims(FakeRetriever(), judge, q)
    assert set(sims) == {"A", "B", "C"} and len(emb.calls) == 1
    # the same values as each option embedded with its passages on its own
    for letter, text in q.options.items():
        query = f"{q.stem} {text}"
        v = emb.embed([query] + [p.text for p in FakeRetriever().search(query)])
        assert abs(sims[letter] - float(np.max(v[1:] @ v[0]))) < 1e-6
