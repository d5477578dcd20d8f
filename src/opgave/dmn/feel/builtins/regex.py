"""XML Schema / XPath regular expressions (used by matches, replace, split) on top of Python's ``re``.

FEEL takes its regex dialect from XPath 2.0 (XML Schema Part 2, appendix F, with
``^``/``$`` anchors, reluctant quantifiers, back-references and ``(?:``). The
translation differs from Python's dialect in these places:

* ``.`` does not match ``\\n`` or ``\\r`` (unless flag ``s``); ``$`` only matches at the very end (unless ``m``);
* ``\\s`` is ``[ \\t\\n\\r]``, ``\\w`` excludes punctuation (also ``_``), separators and
  other characters; ``\\i``/``\\c`` are XML name characters; ``\\p{..}``/``\\P{..}``
  are Unicode categories (``L``, ``Nd``...) and blocks (``IsBasicLatin``);
* character class subtraction ``[a-z-[aeiou]]`` becomes ``(?:(?![aeiou])[a-z])``;
* flag ``x`` drops whitespace outside character classes, ``q`` makes the pattern literal.

Anything outside the dialect (unknown escapes, ``(?=``, bad flags, back-references in
classes or to groups not yet closed) raises :class:`FeelError`.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Callable

from opgave.dmn.feel.errors import FeelError

_FLAG_CHARS = frozenset("smixq")
_SINGLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}
_SINGLE_ESCAPES.update({c: c for c in "\\|.-^?*+{}()[]$"})
#: Multi-character escapes, as code point ranges (``\w`` is computed: not punctuation, separator or other).
_NAME_START = (
    (0x3A, 0x3A),
    (0x41, 0x5A),
    (0x5F, 0x5F),
    (0x61, 0x7A),
    (0xC0, 0xD6),
    (0xD8, 0xF6),
    (0xF8, 0x2FF),
    (0x370, 0x37D),
    (0x37F, 0x1FFF),
    (0x200C, 0x200D),
    (0x2070, 0x218F),
    (0x2C00, 0x2FEF),
    (0x3001, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFFD),
    (0x10000, 0xEFFFF),
)
_NAME_EXTRA = ((0x2D, 0x2E), (0x30, 0x39), (0xB7, 0xB7), (0x300, 0x36F), (0x203F, 0x2040))
_MULTI_ESCAPES = "sdwic"
_BLOCKS = {
    "BasicLatin": (0x0000, 0x007F),
    "Latin-1Supplement": (0x0080, 0x00FF),
    "LatinExtended-A": (0x0100, 0x017F),
    "LatinExtended-B": (0x0180, 0x024F),
    "IPAExtensions": (0x0250, 0x02AF),
    "SpacingModifierLetters": (0x02B0, 0x02FF),
    "CombiningDiacriticalMarks": (0x0300, 0x036F),
    "Greek": (0x0370, 0x03FF),
    "GreekandCoptic": (0x0370, 0x03FF),
    "Cyrillic": (0x0400, 0x04FF),
    "Armenian": (0x0530, 0x058F),
    "Hebrew": (0x0590, 0x05FF),
    "Arabic": (0x0600, 0x06FF),
    "Devanagari": (0x0900, 0x097F),
    "Thai": (0x0E00, 0x0E7F),
    "LatinExtendedAdditional": (0x1E00, 0x1EFF),
    "GreekExtended": (0x1F00, 0x1FFF),
    "GeneralPunctuation": (0x2000, 0x206F),
    "CurrencySymbols": (0x20A0, 0x20CF),
    "LetterlikeSymbols": (0x2100, 0x214F),
    "NumberForms": (0x2150, 0x218F),
    "Arrows": (0x2190, 0x21FF),
    "MathematicalOperators": (0x2200, 0x22FF),
    "BoxDrawing": (0x2500, 0x257F),
    "CJKSymbolsandPunctuation": (0x3000, 0x303F),
    "Hiragana": (0x3040, 0x309F),
    "Katakana": (0x30A0, 0x30FF),
    "CJKUnifiedIdeographs": (0x4E00, 0x9FFF),
    "HangulSyllables": (0xAC00, 0xD7AF),
    "PrivateUseArea": (0xE000, 0xF8FF),
    "AlphabeticPresentationForms": (0xFB00, 0xFB4F),
    "HalfwidthandFullwidthForms": (0xFF00, 0xFFEF),
    "Specials": (0xFFF0, 0xFFFF),
}


def _class_char(code: int) -> str:
    char = chr(code)
    return "\\" + char if char in "\\]^-[" else char


def _ranges_text(ranges: list[tuple[int, int]]) -> str:
    parts = []
    for low, high in ranges:
        parts.append(_class_char(low) if low == high else f"{_class_char(low)}-{_class_char(high)}")
    return "".join(parts)


def _complement(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result, start = [], 0
    for low, high in ranges:
        if low > start:
            result.append((start, low - 1))
        start = high + 1
    if start <= sys.maxunicode:
        result.append((start, sys.maxunicode))
    return result


@functools.lru_cache(maxsize=1)
def _category_table() -> dict[str, tuple[tuple[int, int], ...]]:
    """Code point ranges of every Unicode general category (``Lu``...) and class (``L``...), in one pass."""
    table: dict[str, list[tuple[int, int]]] = {}
    previous, start = unicodedata.category("\0"), 0
    for code in range(1, sys.maxunicode + 2):
        category = unicodedata.category(chr(code)) if code <= sys.maxunicode else ""
        if category != previous:
            table.setdefault(previous, []).append((start, code - 1))
            table.setdefault(previous[0], []).append((start, code - 1))
            previous, start = category, code
    return {name: tuple(_merge(ranges)) for name, ranges in table.items()}


def _property_ranges(name: str) -> tuple[tuple[int, int], ...]:
    """Code point ranges of a Unicode category (``L``, ``Lu``) or block (``IsBasicLatin``)."""
    if name.startswith("Is"):
        block = _BLOCKS.get(name[2:])
        if block is None:
            raise FeelError(f"unknown Unicode block '{name}' in regular expression")
        return (block,)
    ranges = _category_table().get(name) if re.fullmatch(r"[A-Z][a-z]?", name) else None
    if not ranges:
        raise FeelError(f"unknown Unicode property '{name}' in regular expression")
    return ranges


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


@functools.lru_cache(maxsize=16)
def _escape_ranges(letter: str) -> tuple[tuple[int, int], ...]:
    """The code points of the escape ``\\s``, ``\\d``, ``\\w``, ``\\i`` or ``\\c`` (its lower case letter)."""
    if letter == "s":
        return ((0x09, 0x0A), (0x0D, 0x0D), (0x20, 0x20))
    if letter == "d":
        return _property_ranges("Nd")
    if letter == "w":
        excluded = [*_property_ranges("P"), *_property_ranges("Z"), *_property_ranges("C")]
        return tuple(_complement(_merge(excluded)))
    if letter == "i":
        return _NAME_START
    return tuple(_merge([*_NAME_START, *_NAME_EXTRA]))


def _escape_class_body(letter: str) -> str:
    """The inside of a Python class for ``\\s`` (lower case) or its complement ``\\S`` (upper case)."""
    ranges = list(_escape_ranges(letter.lower()))
    return _ranges_text(_complement(ranges) if letter.isupper() else ranges)


class _Translator:
    def __init__(self, pattern: str, dot_all: bool, multiline: bool) -> None:
        self.text = pattern
        self.pos = 0
        self.dot_all = dot_all
        self.multiline = multiline
        self.groups_opened = 0
        self.groups_closed: set[int] = set()
        self.open_stack: list[int | None] = []

    def error(self, message: str) -> FeelError:
        return FeelError(f"invalid regular expression '{self.text}': {message}")

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def translate(self) -> str:
        out: list[str] = []
        while self.pos < len(self.text):
            out.append(self.atom())
        if self.open_stack:
            raise self.error("unbalanced parenthesis")
        return "".join(out)

    def atom(self) -> str:
        char = self.peek()
        self.pos += 1
        if char == "\\":
            return self.escape()
        if char == "[":
            return self.char_class()
        if char == "(":
            return self.open_group()
        if char == ")":
            if not self.open_stack:
                raise self.error("unbalanced parenthesis")
            number = self.open_stack.pop()
            if number is not None:
                self.groups_closed.add(number)
            return ")"
        if char == ".":
            return "." if self.dot_all else "[^\\n\\r]"
        if char == "$":
            return "$" if self.multiline else "(?![\\s\\S])"
        if char == "]":
            raise self.error("unexpected ']'")
        return char

    def open_group(self) -> str:
        if self.peek() == "?":
            if self.peek(1) != ":":
                raise self.error("only (?: groups are allowed")
            self.pos += 2
            self.open_stack.append(None)
            return "(?:"
        self.groups_opened += 1
        self.open_stack.append(self.groups_opened)
        return "("

    def escape(self) -> str:
        char = self.peek()
        self.pos += 1
        if char.isdigit():
            return self.back_reference(char)
        if char in _SINGLE_ESCAPES:
            return re.escape(_SINGLE_ESCAPES[char])
        if char in "pP":
            return "[" + self.property_escape(char) + "]"
        if char and char.lower() in _MULTI_ESCAPES:
            return f"[{_escape_class_body(char)}]"
        raise self.error(f"unknown escape '\\{char}'")

    def back_reference(self, first: str) -> str:
        if first == "0":
            raise self.error("'\\0' is not a back-reference")
        digits = first
        while self.peek().isdigit() and int(digits + self.peek()) <= self.groups_opened:
            digits += self.peek()
            self.pos += 1
        number = int(digits)
        if number not in self.groups_closed:
            raise self.error(f"back-reference \\{number} to a group that is not closed before it")
        return f"(?:\\{number})"

    def property_escape(self, kind: str) -> str:
        """The inside of a character class for ``\\p{X}`` or ``\\P{X}``."""
        if self.peek() != "{":
            raise self.error(f"expected '{{' after \\{kind}")
        end = self.text.find("}", self.pos)
        if end < 0:
            raise self.error(f"unterminated \\{kind}{{")
        name = self.text[self.pos + 1 : end]
        self.pos = end + 1
        ranges = list(_property_ranges(name))
        return _ranges_text(_complement(ranges) if kind == "P" else ranges)

    def char_class(self) -> str:
        """A class after its '['; handles negation, ranges, escapes and subtraction."""
        negated = self.peek() == "^"
        if negated:
            self.pos += 1
        items: list[str] = []
        subtraction = None
        first = True
        while True:
            char = self.peek()
            if not char:
                raise self.error("unterminated character class")
            if char == "]" and not first:
                self.pos += 1
                break
            if char == "-" and self.peek(1) == "[" and not first:
                self.pos += 2
                subtraction = self.char_class()
                if self.peek() != "]":
                    raise self.error("a class subtraction must end the class")
                self.pos += 1
                break
            if char == "[":
                raise self.error("'[' must be escaped inside a character class")
            items.append(self.class_item())
            first = False
        body = "[" + ("^" if negated else "") + "".join(items) + "]"
        if subtraction is not None:
            return f"(?:(?!{subtraction}){body})"
        return body

    def class_item(self) -> str:
        start, start_code = self.class_char()
        if start_code is not None and self.peek() == "-" and self.peek(1) not in ("]", "[", ""):
            self.pos += 1
            end, end_code = self.class_char()
            if end_code is None or end_code < start_code:
                raise self.error(f"invalid range {start}-{end}")
            return f"{start}-{end}"
        return start

    def class_char(self) -> tuple[str, int | None]:
        """One class element: (text for a Python class, code point when it is a single char)."""
        char = self.peek()
        self.pos += 1
        if char != "\\":
            return _class_char(ord(char)), ord(char)
        escaped = self.peek()
        self.pos += 1
        if escaped in _SINGLE_ESCAPES:
            code = ord(_SINGLE_ESCAPES[escaped])
            return _class_char(code), code
        if escaped in "pP":
            return self.property_escape(escaped), None
        if escaped and escaped.lower() in _MULTI_ESCAPES:
            return _escape_class_body(escaped), None
        raise self.error(f"invalid escape '\\{escaped}' inside a character class")


def _strip_whitespace(pattern: str) -> str:
    """Flag ``x``: drop whitespace outside character classes."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if char in " \t\n\r" and not in_class:
            continue
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        out.append(char)
    return "".join(out)


@functools.lru_cache(maxsize=512)
def compile_xpath(pattern: str, flags: str = "") -> re.Pattern[str]:
    """Compile an XPath regular expression with XPath flags (``s``, ``m``, ``i``, ``x``, ``q``)."""
    unknown = set(flags) - _FLAG_CHARS
    if unknown:
        raise FeelError(
            f"invalid regular expression flag(s) '{''.join(sorted(unknown))}'; allowed are s, m, i, x, q"
        )
    python_flags = 0
    if "m" in flags:
        python_flags |= re.MULTILINE
    if "i" in flags:
        python_flags |= re.IGNORECASE
    if "s" in flags:
        python_flags |= re.DOTALL
    if "q" in flags:
        translated = re.escape(pattern)
    else:
        source = _strip_whitespace(pattern) if "x" in flags else pattern
        translated = _Translator(source, "s" in flags, "m" in flags).translate()
    try:
        return re.compile(translated, python_flags)
    except re.error as exc:
        raise FeelError(f"invalid regular expression '{pattern}': {exc}") from None


def replacement_function(replacement: str, groups: int) -> Callable[[re.Match[str]], str]:
    """An ``re.sub`` callback for an XPath replacement string (``$1`` groups, ``\\$`` and ``\\\\``)."""
    parts: list[str | int] = []
    index = 0
    while index < len(replacement):
        char = replacement[index]
        if char == "\\":
            following = replacement[index + 1 : index + 2]
            if following not in ("\\", "$"):
                raise FeelError(f"invalid replacement '{replacement}': '\\' must be followed by '\\' or '$'")
            parts.append(following)
            index += 2
        elif char == "$":
            digits = ""
            index += 1
            while index < len(replacement) and replacement[index].isdigit():
                candidate = digits + replacement[index]
                if digits and int(candidate) > groups:
                    break
                digits = candidate
                index += 1
            if not digits:
                raise FeelError(
                    f"invalid replacement '{replacement}': '$' must be followed by a group number"
                )
            parts.append(int(digits))
        else:
            parts.append(char)
            index += 1

    def substitute(match: re.Match[str]) -> str:
        out = []
        for part in parts:
            if isinstance(part, int):
                out.append((match.group(part) or "") if part <= groups else "")
            else:
                out.append(part)
        return "".join(out)

    return substitute
