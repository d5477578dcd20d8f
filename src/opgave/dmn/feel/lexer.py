"""FEEL lexer: turns expression text into tokens that remember where they start.

Names are lexed one word at a time (``Monthly`` and ``Income`` are separate
NAME tokens); the parser joins them into multi-word names against the names
known in scope. Characters that may occur inside names but are also operators
(``-``, ``+``, ``/``, ``*``, ``.``, ``'``) are lexed as operators for the same reason.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from .errors import FeelSyntaxError


class Kind(enum.Enum):
    NAME = "name"
    KEYWORD = "keyword"
    NUMBER = "number"
    STRING = "string"
    AT = "temporal literal"
    OP = "operator"
    EOF = "end of expression"


#: Words with a grammatical role. ``not`` is not here: it is a built-in function
#: (and the unary-test negation), so it is an ordinary NAME.
KEYWORDS = frozenset(
    [
        "true",
        "false",
        "null",
        "function",
        "external",
        "for",
        "in",
        "return",
        "if",
        "then",
        "else",
        "some",
        "every",
        "satisfies",
        "and",
        "or",
        "between",
        "instance",
        "of",
    ]
)

# Longest first, so that "**" wins over "*" and ".." over ".".
_OPERATORS = (
    "**",
    "..",
    "<=",
    ">=",
    "!=",
    "->",
    "=",
    "<",
    ">",
    "+",
    "-",
    "*",
    "/",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ".",
    "'",
    "@",
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str  # the decoded value for strings, the source text otherwise
    start: int
    end: int

    def is_op(self, *ops: str) -> bool:
        return self.kind is Kind.OP and self.text in ops

    def is_keyword(self, *words: str) -> bool:
        return self.kind is Kind.KEYWORD and self.text in words


#: A word of a name: it starts with a letter, ``_``, ``?`` or any other non-ASCII character
#: that is not a space or digit, and goes on with those and digits.
WORD = re.compile(r"(?:[A-Za-z_?]|[^\x00-\x7f\s\d])(?:[A-Za-z0-9_?]|[^\x00-\x7f\s])*")

#: Operators by their first character, longest first.
_OPERATORS_BY_FIRST: dict[str, tuple[str, ...]] = {
    first: tuple(op for op in _OPERATORS if op[0] == first) for first in {op[0] for op in _OPERATORS}
}


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; raises :class:`FeelSyntaxError` with the offending position."""
    tokens: list[Token] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "/" and text.startswith("//", i):
            newline = text.find("\n", i)
            i = n if newline < 0 else newline + 1
            continue
        if ch == "/" and text.startswith("/*", i):
            close = text.find("*/", i + 2)
            if close < 0:
                raise FeelSyntaxError("comment '/*' is never closed", text, i)
            i = close + 2
            continue
        if ch == '"':
            value, end = _read_string(text, i)
            tokens.append(Token(Kind.STRING, value, i, end))
            i = end
            continue
        if ch == "@" and i + 1 < n and text[i + 1] == '"':
            value, end = _read_string(text, i + 1)
            tokens.append(Token(Kind.AT, value, i, end))
            i = end
            continue
        if _digit(ch) or (ch == "." and i + 1 < n and _digit(text[i + 1])):
            end = _read_number(text, i)
            tokens.append(Token(Kind.NUMBER, text[i:end], i, end))
            i = end
            continue
        word_match = WORD.match(text, i)
        if word_match is not None:
            word = word_match.group()
            end = word_match.end()
            kind = Kind.KEYWORD if word in KEYWORDS else Kind.NAME
            tokens.append(Token(kind, word, i, end))
            i = end
            continue
        for op in _OPERATORS_BY_FIRST.get(ch, ()):
            if text.startswith(op, i):
                tokens.append(Token(Kind.OP, op, i, i + len(op)))
                i += len(op)
                break
        else:
            raise FeelSyntaxError(f"unexpected character {ch!r}", text, i)
    tokens.append(Token(Kind.EOF, "", n, n))
    return tokens


def _digit(ch: str) -> bool:
    """An ASCII digit (``str.isdigit`` also accepts ``²`` and other Unicode digits, which FEEL does not)."""
    return "0" <= ch <= "9"


def _read_number(text: str, i: int) -> int:
    n = len(text)
    end = i
    while end < n and _digit(text[end]):
        end += 1
    if end + 1 < n and text[end] == "." and _digit(text[end + 1]):
        end += 1
        while end < n and _digit(text[end]):
            end += 1
    if end < n and text[end] in "eE":
        exp = end + 1
        if exp < n and text[exp] in "+-":
            exp += 1
        if exp < n and _digit(text[exp]):
            end = exp
            while end < n and _digit(text[end]):
                end += 1
    return end


_SIMPLE_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}


def _read_string(text: str, start: int) -> tuple[str, int]:
    """Decode the string literal whose opening quote is at ``start``; return (value, end)."""
    out: list[str] = []
    i = start + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            return _join_surrogates("".join(out)), i + 1
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        if i + 1 >= n:
            break
        code = text[i + 1]
        if code in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[code])
            i += 2
        elif code in "uU":
            width = 4 if code == "u" else 6
            digits = text[i + 2 : i + 2 + width]
            if len(digits) != width or any(c not in "0123456789abcdefABCDEF" for c in digits):
                raise FeelSyntaxError(f"invalid escape '\\{code}{digits}' in string", text, i)
            point = int(digits, 16)
            if point > 0x10FFFF:
                raise FeelSyntaxError(f"escape '\\{code}{digits}' is not a Unicode code point", text, i)
            out.append(chr(point))
            i += 2 + width
        else:
            # Not a FEEL escape: keep the backslash (regular expressions use ``\s``, ``\d``...).
            out.append("\\")
            i += 1
    raise FeelSyntaxError("string is never closed (missing '\"')", text, start)


def _join_surrogates(value: str) -> str:
    """Combine UTF-16 surrogate pairs written as two ``\\u`` escapes into one character."""
    if not any("\ud800" <= c <= "\udfff" for c in value):
        return value
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
