"""Read access to one notes folder's index: vector store, keyword index and question bank."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from ingest.bank import read_bank
from ingest.embeddings import shared_embeddings
from ingest.errors import TutorError
from ingest.keyword import KeywordIndex
from ingest.pipeline import index_identity, sync_keyword_index
from ingest.records import QuestionRecord
from ingest.sources import NoteUnreadable, note_lines
from ingest.store import VectorStore
from tutor.config import Settings
from tutor.passages import Passage


QUERY_MEMO = 2048  # search queries whose vectors an index remembers


class IndexNotReady(TutorError):
    """There is no usable index for these notes; the message says which command fixes it."""


@dataclass
class NotesIndex:
    settings: Settings
    store: VectorStore
    keyword: KeywordIndex
    bank: list[QuestionRecord]
    _df: tuple | None = field(default=None, repr=False)
    _aliases: dict | None = field(default=None, repr=False)
    _alias_names: dict = field(default_factory=dict, repr=False)
    _common: frozenset | None = field(default=None, repr=False)
    _vector_cache: object | None = field(default=None, repr=False)
    _line_terms: tuple | None = field(default=None, repr=False)
    # search queries' vectors by text (a multiple-choice question searches the same texts several times)
    _queries: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _queries_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, settings: Settings, embeddings=None) -> "NotesIndex":
        cfg = settings.index
        store = VectorStore(cfg, embeddings or shared_embeddings())
        if store.count() == 0:
            raise IndexNotReady(
                f"There is no index for {cfg.notes_dir} yet. Run `tutor ingest {cfg.notes_dir}` first."
            )
        mismatch = store.identity_mismatch(index_identity())
        if mismatch:
            raise IndexNotReady(
                f"The index of {cfg.notes_dir} was built by another version ({mismatch}). "
                f"Run `tutor ingest {cfg.notes_dir}` to rebuild it."
            )
        return cls(settings, store, sync_keyword_index(store, cfg), read_bank(cfg))

    def term_df(self) -> tuple[dict[str, int], int]:
        """How many chunks each key term (`ingest.terms.keyterms`) occurs in, and the number of chunks."""
        if self._df is None:
            from ingest.terms import document_frequencies

            self._df = document_frequencies(c.document for c in self.store.iter_chunks(with_text=True))
        return self._df

    def aliases(self) -> dict[str, frozenset[str]]:
        """Abbreviations the notes define ("k-nearest neighbor (KNN)"), as abbreviation -> key terms of the long form."""
        if self._aliases is None:
            from ingest.terms import abbreviations, keyterms

            found: dict[str, str] = {}
            for c in self.store.iter_chunks(with_text=True):
                for abbr, long in abbreviations(c.text).items():
                    found.setdefault(abbr, long)
            self._aliases = {a: keyterms(long) for a, long in found.items()}
            self._alias_names = {a: [long] for a, long in found.items()}
            for a, long in found.items():  # (and the long form's abbreviations, looked up by the long form)
                self._alias_names.setdefault(long.lower(), []).append(a)
        return self._aliases

    def alias_of(self, name: str) -> list[str]:
        """The other names the notes give `name`: its long form ("ACh" -> "Acetylcholine") or its abbreviations."""
        self.aliases()
        return self._alias_names.get(name.strip().lower(), [])

    def common_words(self) -> frozenset[str]:
        """Names that say nothing in particular in these notes ('Amazon', 'AWS', 'SageMaker' in notes on
        AWS): see `ingest.terms.common_names`."""
        if self._common is None:
            from ingest.terms import common_names

            self._common = common_names(c.text for c in self.store.iter_chunks(with_text=True))
        return self._common

    def line_terms(self) -> tuple[list[tuple[str, int, frozenset[str]]], dict[str, list[int]]]:
        """Every line of the notes that has key terms, as (file, line number, key terms), and per key term the
        lines that hold it: a search by exact words over the whole notes, for the lines that name a thing
        wherever they are (a passage search keeps only its few best passages)."""
        if self._line_terms is None:
            from ingest.terms import keyterms

            sources = sorted({c.meta.get("source", "") for c in self.store.iter_chunks(with_text=False)} - {""})
            rows, posting = [], {}
            for src in sources:
                for no, line in enumerate(self.lines(src), 1):
                    terms = keyterms.__wrapped__(line)  # not through the cache the questions' words use
                    if not terms:
                        continue
                    for t in terms:
                        posting.setdefault(t, []).append(len(rows))
                    rows.append((src, no, terms))
            self._line_terms = (rows, posting)
        return self._line_terms

    @property
    def embeddings(self):
        return self.store.embeddings

    def query_vector(self, text: str) -> np.ndarray:
        """The vector a search for `text` uses: remembered (QUERY_MEMO texts) or embedded alone, as before."""
        with self._queries_lock:
            v = self._queries.get(text)
            if v is not None:
                self._queries.move_to_end(text)
                return v
        v = np.asarray(self.embeddings.embed_query(text), dtype=np.float32)
        self.remember_queries({text: v})
        return v

    def remember_queries(self, vectors: dict) -> None:
        """Vectors of texts about to be searched, embedded together by the caller (one model call, not one each)."""
        with self._queries_lock:
            for t, v in vectors.items():
                self._queries[t] = np.asarray(v, dtype=np.float32)
                self._queries.move_to_end(t)
            while len(self._queries) > QUERY_MEMO:
                self._queries.popitem(last=False)

    @property
    def vector_cache(self):
        """The persistent vector cache ingest keeps (by model and text): the notes' sentences are kept
        there too, so answers do not embed them again in every process."""
        if self._vector_cache is None:
            from ingest.embed_cache import CachedEmbeddings
            from ingest.embeddings import model_id

            self._vector_cache = CachedEmbeddings(self.embeddings, self.settings.data_dir / "embedding-cache.sqlite",
                                                  model_id())
        return self._vector_cache

    def close(self) -> None:
        """Close the vector cache's database (it is opened again if the index is used again)."""
        cache, self._vector_cache = self._vector_cache, None
        if cache is not None:
            cache.close()

    def describe_failure(self, exc: BaseException) -> str:
        cfg = self.settings.index
        where = f"the Chroma server at {cfg.chroma_url}" if cfg.chroma_url else f"the index folder {cfg.index_dir}"
        fix = ("Check that the server is running; questions work again as soon as it is back."
               if cfg.chroma_url else "If the folder was deleted, the tutor rebuilds it on the next question, "
               "or run `tutor ingest`.")
        return f"Your notes index ({where}) could not be read ({type(exc).__name__}: {str(exc)[:160]}). {fix}"

    def passages(self, ids: list[str]) -> list[Passage]:
        return [Passage.from_meta(c.id, c.meta, c.document) for c in self.store.get(ids)]

    def passages_at(self, source: str, start: int, end: int) -> list[Passage]:
        """Chunks of `source` overlapping lines start..end (used to cite a key line)."""
        got = self.store.where(
            {"$and": [{"source": source}, {"start_line": {"$lte": end}}, {"end_line": {"$gte": start}}]})
        return [Passage.from_meta(c.id, c.meta, c.document) for c in got]

    def lines(self, source: str) -> list[str]:
        """The note's lines as ingest numbered them ([] when the file cannot be read now)."""
        try:
            return note_lines(self.settings.index.notes_dir, source)
        except NoteUnreadable:
            return []
