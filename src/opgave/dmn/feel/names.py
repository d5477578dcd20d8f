"""Resolution of multi-word FEEL names (``Monthly Income``, ``Date-Time``, ``is defined``).

FEEL names may contain spaces, keywords and the symbols ``. / - ' + *``, so the
lexer cannot tell where a name ends. The parser asks a :class:`NameTable` for the
longest run of tokens that spells a name known in scope (greedy longest match).
Names are compared with runs of whitespace collapsed to one space.
"""

from __future__ import annotations

from collections.abc import Iterable

from .lexer import Kind, Token

#: Operator tokens that may occur inside a name.
NAME_SYMBOLS = frozenset({".", "/", "-", "'", "+", "*"})


def normalize(name: str) -> str:
    """``"Monthly   Income"`` -> ``"Monthly Income"``."""
    return " ".join(name.split())


def can_be_in_name(token: Token) -> bool:
    if token.kind in (Kind.NAME, Kind.KEYWORD, Kind.NUMBER):
        return True
    return token.kind is Kind.OP and token.text in NAME_SYMBOLS


class NameTable:
    """The names known while parsing one expression; grows as the parser meets declarations."""

    __slots__ = ("_names", "_prefixes")

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._names: set[str] = set()
        self._prefixes: set[str] = set()
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        name = normalize(name)
        if not name or name in self._names:
            return
        self._names.add(name)
        for end in range(1, len(name) + 1):
            self._prefixes.add(name[:end])

    def __contains__(self, name: str) -> bool:
        return normalize(name) in self._names

    def longest_match(self, text: str, tokens: list[Token], first: int) -> int | None:
        """Index of the last token of the longest known name starting at ``tokens[first]``."""
        best: int | None = None
        start = tokens[first].start
        index = first
        while can_be_in_name(tokens[index]):
            candidate = normalize(text[start : tokens[index].end])
            if candidate in self._names:
                best = index
            if candidate not in self._prefixes:
                break
            index += 1
        return best
