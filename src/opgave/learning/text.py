"""Dutch text for search and similarity: words → lemmas (simplemma) → stems (Snowball).

The same pipeline is applied to a document and to a query, on both databases (ADR 0033):

* :func:`lemmas` turns inflected forms into dictionary forms ("huishoudens" → "huishouden",
  "schulden" → "schuld"); PostgreSQL's ``dutch`` configuration stems those further;
* :func:`stems` adds the Snowball Dutch stemmer on top, for SQLite FTS5 and for TF-IDF, so
  "samenwerkingen" and "samenwerking" both become "samenwerk";
* :func:`compound_parts` splits a Dutch compound into the known words it is made of, using
  simplemma's Dutch dictionary as the word list ("schuldhulpverlening" → "schuld", "hulp",
  "verlening", and the joined neighbours "schuldhulp" and "hulpverlening"), so a search for a part
  finds the compound and a search for the compound finds the parts written apart (ADR 0041).
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


# A part of a compound is a known word of at least this many letters; shorter ones ("ver",
# "sel") split too eagerly. Between two parts Dutch may put a linking sound (tussenklank).
MIN_PART = 4
_LINKS = ("", "s", "e", "en")


@lru_cache(maxsize=200_000)
def _known(word: str) -> bool:
    return len(word) >= MIN_PART and bool(simplemma.is_known(word, lang="nl"))


def _spans(word: str, start: int, whole: bool) -> tuple[tuple[int, int], ...] | None:
    """The parts of ``word[start:]`` as (start, end) spans: the longest known head first, then the
    rest split the same way; ``None`` when it cannot be read as known words."""
    rest = word[start:]
    if not whole and _known(rest):
        return ((start, len(word)),)
    for cut in range(len(word) - MIN_PART, start + MIN_PART - 1, -1):
        if not _known(word[start:cut]):
            continue
        for link in _LINKS:
            if not word.startswith(link, cut) or len(word) - cut - len(link) < MIN_PART:
                continue
            tail = _spans(word, cut + len(link), False)
            if tail is not None:
                return ((start, cut), *tail)
    return None


@lru_cache(maxsize=50_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The words a Dutch compound is made of, and every run of neighbouring parts
    ("schuldhulpverlening" → schuld, hulp, verlening, schuldhulp, hulpverlening); empty when
    ``word`` is not a compound of known words."""
    if len(word) < 2 * MIN_PART or not word.isalpha():
        return ()
    spans = _spans(word, 0, True)
    if spans is None or len(spans) < 2:
        return ()
    found = [word[a:b] for a, b in spans]
    for i in range(len(spans)):
        for j in range(i + 1, len(spans)):
            if (i, j) != (0, len(spans) - 1):
                found.append(word[spans[i][0] : spans[j][1]])
    return tuple(dict.fromkeys(found))


def words(text: str) -> list[str]:
    """Lower-cased words of at least two letters or digits, without Dutch stop words."""
    stop = _stop_words()
    return [w for w in _WORD.findall(text.lower()) if w not in stop]


def lemmas(text: str) -> list[str]:
    return [_lemma(w) for w in words(text)]


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    """One word's stem; remembered, as the same words are stemmed on every page that compares texts."""
    return str(_stemmer().stemWord(word))


def stems(text: str) -> list[str]:
    return [_stem(lemma) for lemma in lemmas(text)]


def alnum(word: str) -> list[str]:
    """The runs of letters and digits in ``word`` (safe as ``to_tsquery`` operands)."""
    return re.findall(r"[^\W_]+", word)


def lemma_text(text: str) -> str:
    return " ".join(lemmas(text))


def stem_text(text: str) -> str:
    return " ".join(stems(text))


def parts_text(text: str) -> str:
    """The compound parts of the lemmas of ``text`` (indexed with a low weight)."""
    return " ".join(part for lemma in lemmas(text) for part in compound_parts(lemma))


def query_terms(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each searchable word of a query as (lemma, the parts of the compound it is, or ``()``): a
    document matches the word when it holds the word itself, or every one of its parts."""
    return [(lemma, _single_parts(lemma)) for lemma in dict.fromkeys(lemmas(text))]


def _single_parts(word: str) -> tuple[str, ...]:
    if not compound_parts(word):
        return ()
    return tuple(word[a:b] for a, b in _spans(word, 0, True) or ())
