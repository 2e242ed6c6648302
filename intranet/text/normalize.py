"""Words as Kring compares them: case-folded, without diacritics, split on non-letters."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.lang.snowball.dutch import DutchStemmer

WORD = re.compile(r"[^\W_]+")
_dutch = DutchStemmer()


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """'Bérg' → 'berg', 'STRASSE' → 'strasse'."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """A unique name as Kring compares it, the same on every database: compatibility
    forms unified, case-folded (Unicode's, not SQLite's ASCII-only lower()), spaces
    collapsed. 'Özdemir  Transport', 'ÖZDEMIR TRANSPORT' → 'özdemir transport'."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def words(text: str) -> list[str]:
    """The folded words of `text`: "Acme's #acme-corp" → ['acme', 's', 'acme', 'corp']."""
    return [fold(m.group(0)) for m in WORD.finditer(text)]


def words_at(text: str) -> list[tuple[str, int, int]]:
    """Folded words with their start and end in `text` (for highlighting)."""
    return [(fold(m.group(0)), m.start(), m.end()) for m in WORD.finditer(text)]


@lru_cache(maxsize=65536)
def variants(word: str) -> frozenset[str]:
    """Keys under which Dutch inflections of a folded word meet ('vacatures' and 'vacature'
    share 'vacatur'): the classic Dutch Snowball stem, also of the word without a plural -s."""
    keys = {_dutch.stem(word)}
    if len(word) > 3 and word.endswith("s"):
        keys.add(_dutch.stem(word[:-1]))
    return frozenset(keys)
