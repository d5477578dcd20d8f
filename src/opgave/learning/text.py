"""Dutch text for search and similarity: words → lemmas (simplemma) → stems (Snowball).

The same pipeline is applied to a document and to a query, on both databases (ADR 0033):

* :func:`lemmas` turns inflected forms into dictionary forms ("huishoudens" → "huishouden",
  "schulden" → "schuld"); PostgreSQL's ``dutch`` configuration stems those further;
* :func:`stems` adds the Snowball Dutch stemmer on top, for SQLite FTS5 and for TF-IDF, so
  "samenwerkingen" and "samenwerking" both become "samenwerk".
"""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma
import snowballstemmer
from stop_words import get_stop_words

_WORD = re.compile(r"[^\W_]{2,}", re.UNICODE)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(get_stop_words("dutch"))


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    return str(simplemma.lemmatize(word, lang="nl")).lower()


def words(text: str) -> list[str]:
    """Lower-cased words of at least two letters or digits, without Dutch stop words."""
    stop = _stop_words()
    return [w for w in _WORD.findall(text.lower()) if w not in stop]


def lemmas(text: str) -> list[str]:
    return [_lemma(w) for w in words(text)]


def stems(text: str) -> list[str]:
    return list(_stemmer().stemWords(lemmas(text)))


def lemma_text(text: str) -> str:
    return " ".join(lemmas(text))


def stem_text(text: str) -> str:
    return " ".join(stems(text))
