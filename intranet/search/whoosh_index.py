"""The Whoosh index in the instance folder: its schema, analysers and one searcher per process.

Three text fields per document: `body` and `title` (case and diacritics folded, with
positions for phrases, prefixes and highlights), `body_nl` and `body_en` (Dutch and
English stems, for recall and ranking). Only the indexer writes; requests only read.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import threading
import time
from pathlib import Path

from whoosh import index
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.reading import MultiReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map

TOKENS = r"[^\W_]+"


def folding_analyzer():
    return RegexTokenizer(TOKENS) | LowercaseFilter() | CharsetFilter(accent_map)


def stemming_analyzer(language: str):
    # Stem first: the Dutch stemmer handles its own diacritics (the classic algorithm).
    return (
        RegexTokenizer(TOKENS)
        | LowercaseFilter()
        | StemFilter(lang=language)
        | CharsetFilter(accent_map)
    )


def make_schema() -> Schema:
    return Schema(
        key=ID(stored=True, unique=True),  # "post:12", "person:3"
        kind=ID(stored=True),
        object_id=NUMERIC(stored=True, numtype=int, bits=64),
        parent_id=STORED(),
        type=ID(stored=True),
        status=ID(),
        tags=KEYWORD(commas=True, lowercase=True),
        author=ID(stored=True),
        group=ID(),
        visibility=ID(),  # "all", or "g<id>" for a private group's posts
        created_at=DATETIME(sortable=True, stored=True),
        title=TEXT(analyzer=folding_analyzer(), stored=True, field_boost=2.0),
        body=TEXT(analyzer=folding_analyzer(), stored=True, phrase=True),
        body_nl=TEXT(analyzer=stemming_analyzer("nl"), phrase=False),
        body_en=TEXT(analyzer=stemming_analyzer("en"), phrase=False),
    )


class IndexMissing(Exception):
    """There is no usable index yet (or it is damaged): `flask search reindex` builds it."""


def index_dir(instance_path: str) -> Path:
    return Path(instance_path) / "search"


def create(path: Path):
    path.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(path), make_schema())


def _opened(path: Path):
    """The index at `path`, or None when there is none or it is damaged (a damaged one is
    cleared away, logged: `search reindex` fills the new one)."""
    try:
        return index.open_dir(str(path)) if index.exists_in(str(path)) else None
    except FileNotFoundError:  # a commit swapping the table of contents: the caller retries
        raise
    except Exception:
        logging.getLogger(__name__).exception("the search index is damaged; starting afresh")
        shutil.rmtree(path, ignore_errors=True)
        return None


def open_or_create(path: Path):
    found = _opened(path)
    if found is not None:
        return found
    # Two writers (threads or processes) may find no index at once: one creates it.
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.create.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _opened(path) or create(path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def reopened(ix, old):
    """A searcher on the index as it is now, keeping the old searcher's readers of the
    segments that did not change (a segment's deletions only grow: the same segment with
    as many deletions is the same). Opening every segment again costs 70–90 ms at 100,000
    posts; most changes add one small segment.

    Not `Searcher.refresh()`: Whoosh-Reloaded 2.7.5 keeps every segment of the old reader
    in the refreshed one, so once segments merged each post was found once per segment it
    had ever been in, with its edited-away and deleted texts."""
    toc = ix._read_toc()
    if not toc.segments:
        return ix.searcher()
    kept = {
        (r.segment().segment_id(), r.segment().deleted_count()): r
        for r, _offset in old.reader().leaf_readers()
        if r.segment() is not None
    }
    readers = [
        kept.pop((segment.segment_id(), segment.deleted_count()), None)
        or SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
        for segment in toc.segments
    ]
    # A MultiReader even for one segment: it carries the generation that `up_to_date`
    # compares (a kept segment's reader has the one it was opened at).
    return Searcher(MultiReader(readers, generation=toc.generation), fromindex=ix)


class SearcherPool:
    """One searcher per process, looked at again at most every `interval` seconds and
    `reopened` when the index has changed. A rebuilt index (swapped in by `search
    reindex`) is noticed by its directory's identity and opened from scratch."""

    def __init__(self, interval: float = 0.5):
        self.interval = interval
        self._lock = threading.Lock()
        self._index = None
        self._searcher = None
        self._path: Path | None = None
        self._identity = None
        self._checked = 0.0

    def get(self, path: Path):
        with self._lock, _damage_is_missing(self._close):
            identity = _identity(path)
            if identity is None:
                self._close()
                raise IndexMissing(str(path))
            if self._searcher is None or path != self._path or identity != self._identity:
                self._open(path, identity)
            elif time.monotonic() - self._checked > self.interval:
                if not self._searcher.up_to_date():
                    # The old searcher is left to whoever still reads it (its readers of
                    # the segments gone are closed when they let go of it).
                    self._searcher = reopened(self._index, self._searcher)
                self._checked = time.monotonic()
            return self._searcher

    def _open(self, path: Path, identity) -> None:
        self._close()
        try:
            self._index = index.open_dir(str(path))
            self._searcher = self._index.searcher()
        except Exception as error:  # missing segments, bad TOC: the index is damaged
            self._close()
            raise IndexMissing(str(error)) from error
        self._path, self._identity, self._checked = path, identity, time.monotonic()

    def _close(self) -> None:
        if self._searcher is not None:
            with contextlib.suppress(Exception):  # closing a damaged index may fail too
                self._searcher.close()
        self._index = self._searcher = None

    def reset(self) -> None:
        with self._lock:
            self._close()
            self._identity = None


@contextlib.contextmanager
def _damage_is_missing(forget):
    """A file of the index deleted or overwritten under an open searcher shows as whatever
    Whoosh trips over (struct errors, EOF, its own IndexError): it is a missing index,
    which `search reindex` rebuilds; the searcher is dropped so the next search reopens."""
    try:
        yield
    except IndexMissing:
        raise
    except Exception as error:
        logging.getLogger(__name__).exception("the search index is damaged")
        forget()
        raise IndexMissing(f"damaged: {error}") from error


def reading():
    """Around a search on a pooled searcher: damage found while reading is IndexMissing."""
    return _damage_is_missing(searchers.reset)


def _identity(path: Path):
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_dev) if index.exists_in(str(path)) else None


searchers = SearcherPool()
