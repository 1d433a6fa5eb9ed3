"""Ingest embeds the notes' sentences once into the index's vector cache; an answer in a new process
reads them from there instead of running the embedding model on every candidate sentence."""

from __future__ import annotations

import numpy as np

from tutor.compose import Composer
from tutor.session import Session
from tutor.support import Judge


class Counting:
    """The real embeddings, counting the texts that go through the model."""

    def __init__(self, inner):
        self.inner, self.n = inner, 0

    def embed_documents(self, texts):
        self.n += len(texts)
        return self.inner.embed_documents(texts)


def test_sentences_warmed_at_ingest_are_read_not_recomputed(corpus_settings, corpus_index):
    Session(corpus_settings, use_model=False).warm()  # what ingest does (the fixture did it already)
    counting = Counting(corpus_index.embeddings)
    judge = Judge(counting, store=corpus_index.vector_cache)  # a fresh judge: an empty in-memory cache
    passages = corpus_index.passages([c.id for c in corpus_index.store.iter_chunks(with_text=False)][:40])
    texts = [s.text for s in Composer(corpus_index, judge).candidates(passages)]
    assert len(texts) > 50
    vecs = judge.embed_many(texts)
    assert counting.n == 0  # every sentence came from the cache
    fresh = np.asarray(corpus_index.embeddings.embed_documents(texts[:5]), dtype=np.float32)
    assert np.allclose(vecs[:5], fresh, atol=1e-5)  # and the cached vectors are the model's own
    judge.embed_many(["a question nobody asked before about sourdough"])
    assert counting.n == 1  # a new text is computed, and (not persisted) does not grow the cache
    assert not corpus_index.vector_cache.get_many(["a question nobody asked before about sourdough"])
