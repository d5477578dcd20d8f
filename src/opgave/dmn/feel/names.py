"""Resolution of multi-word FEEL names (``Monthly Income``, ``Date-Time``, ``is defined``).

FEEL names may contain spaces, keywords and the symbols ``. / - ' + *``, so the
lexer cannot tell where a name ends. The parser asks a :class:`NameTable` for the
longest run of tokens that spells a name known in scope (greedy longest match).
Names are compared with runs of whitespace collapsed to one space.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from .lexer import WORD, Kind, Token

#: Operator tokens that may occur inside a name.
NAME_SYMBOLS = frozenset({".", "/", "-", "'", "+", "*"})


def normalize(name: str) -> str:
    """``"Monthly   Income"`` -> ``"Monthly Income"``."""
    return " ".join(name.split())


def _first_word(name: str) -> str:
    """The first word of a (normalised) name, as the lexer would read it: ``Date`` of ``Date-Time``."""
    match = WORD.match(name)
    return match.group() if match is not None else ""


@functools.lru_cache(maxsize=512)
def _normalized(names: frozenset[str]) -> tuple[dict[str, str], dict[str, int]]:
    """The names by their normalised form and, per first word, the length of the longest
    normalised name starting with it.

    Cached, as a model passes the same set of names again and again (never mutate the result).
    """
    spelling: dict[str, str] = {}
    for name in sorted(names):
        normalized = normalize(name)
        if normalized:
            spelling.setdefault(normalized, name)
    longest: dict[str, int] = {}
    for normalized in spelling:
        word = _first_word(normalized)
        longest[word] = max(longest.get(word, 0), len(normalized))
    return spelling, longest


def can_be_in_name(token: Token) -> bool:
    if token.kind in (Kind.NAME, Kind.KEYWORD, Kind.NUMBER):
        return True
    return token.kind is Kind.OP and token.text in NAME_SYMBOLS


class NameTable:
    """The names known while parsing one expression; grows as the parser meets declarations.

    ``base`` is a shared table that is never modified (the built-in function names),
    so that creating a table per expression stays cheap.
    """

    __slots__ = ("_added", "_added_longest", "_base", "_given", "_given_longest")

    def __init__(self, names: Iterable[str] = (), base: NameTable | None = None) -> None:
        self._base = base
        self._given, self._given_longest = _normalized(
            names if isinstance(names, frozenset) else frozenset(names)
        )
        self._added: set[str] = set()
        self._added_longest: dict[str, int] = {}

    def add(self, name: str) -> None:
        name = normalize(name)
        if name:
            self._added.add(name)
            word = _first_word(name)
            self._added_longest[word] = max(self._added_longest.get(word, 0), len(name))

    def _known(self, name: str) -> bool:
        if name in self._given or name in self._added:
            return True
        return self._base is not None and self._base._known(name)

    def _longest_from(self, word: str) -> int:
        """The length of the longest known name that starts with ``word`` (0: none does)."""
        longest = max(self._given_longest.get(word, 0), self._added_longest.get(word, 0))
        if self._base is not None:
            longest = max(longest, self._base._longest_from(word))
        return longest

    def spelling(self, normalized: str) -> str:
        """How the name was given (``"Monthly  Income"`` keeps its two spaces), else as normalised."""
        return self._given.get(normalized, normalized)

    def __contains__(self, name: str) -> bool:
        return self._known(normalize(name))

    def longest_match(self, text: str, tokens: list[Token], first: int) -> int | None:
        """Index of the last token of the longest known name starting at ``tokens[first]``."""
        limit = self._longest_from(tokens[first].text)
        if not limit:
            return None
        best: int | None = None
        start = tokens[first].start
        index = first
        while can_be_in_name(tokens[index]):
            candidate = normalize(text[start : tokens[index].end])
            if len(candidate) > limit:
                break
            if self._known(candidate):
                best = index
            index += 1
        return best
