"""matches, replace and split speak XPath regular expressions, not Python's."""

from __future__ import annotations

import pytest

from opgave.dmn.feel.builtins import BUILTINS
from opgave.dmn.feel.errors import FeelError


def matches(text: str, pattern: str, flags: str | None = None) -> object:
    if flags is None:
        return BUILTINS["matches"](text, pattern)
    return BUILTINS["matches"](text, pattern, flags)


def replace(text: str, pattern: str, replacement: str, flags: str | None = None) -> object:
    if flags is None:
        return BUILTINS["replace"](text, pattern, replacement)
    return BUILTINS["replace"](text, pattern, replacement, flags)


@pytest.mark.parametrize(
    ("text", "pattern", "flags", "expected"),
    [
        ("abracadabra", "bra", "", True),
        ("abracadabra", "^a.*a$", "", True),
        ("abc\n", "^abc$", "", False),
        ("\nabcd\ndefg\n", "^$", "m", True),
        ("Mary\rJones", "Mary.Jones", "", False),
        ("Mary\nJones", "Mary.Jones", "s", True),
        ("abc", "ABC", "i", True),
        ("\u212a", "k", "i", True),
        ("x[y-z]", "x[y-z]", "q", True),
        ("x[Y-z]", "X[y-Z]", "qi", True),
        ("abracadabra", "(?:abra(?:cad)?)*", "q", False),
        ("hello world", "hello\\ sworld", "x", True),
        ("hello world", "hello[ ]world ", "x", True),
        ("hello world", "\\p{ I s B a s i c L a t i n }+", "x", True),
        ("x", "[A-Z-[OI]]", "i", True),
        ("O", "[A-Z-[OI]]", "i", False),
        ("q", "[^Q]", "i", False),
        ("aA", "(a)\\1", "i", True),
        ("Ünïcode", "^\\p{L}+$", "", True),
        ("abc1", "^\\P{Nd}+$", "", False),
        ("a b", "a\\sb", "", True),
        ("a\u00a0b", "a\\sb", "", False),
        ("input", "[0-9-.]*/", "", False),
        ("_", "^\\w$", "", False),
        ("a+", "^\\w+$", "", True),
        ("x", "[\\S]", "", True),
        (" ", "^[\\S]$", "", False),
        ("Ab1", "^\\i\\c+$", "", True),
        ("1", "^\\i", "", False),
    ],
)
def test_matches(text: str, pattern: str, flags: str, expected: bool) -> None:
    assert matches(text, pattern, flags) is expected


def test_null_flags_mean_no_flags() -> None:
    assert BUILTINS["matches"]("abracadabra", "bra", None) is True


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        ("bra", "p"),
        ("bra", " "),
        ("\\p{ IsBasicLatin}+", ""),
        ("(.)\\3", ""),
        ("(.)\\2", ""),
        ("(asd)[\\1]", ""),
        ("(asd)[asd\\0]", ""),
        ("(?=a)", ""),
        ("a)", ""),
        ("\\z", ""),
        ("\\p{IsNoSuchBlock}", ""),
    ],
)
def test_invalid_patterns_and_flags_are_errors(pattern: str, flags: str) -> None:
    with pytest.raises(FeelError):
        matches("input", pattern, flags)


@pytest.mark.parametrize(
    ("text", "pattern", "replacement", "flags", "expected"),
    [
        ("abcd", "(ab)|(a)", "[1=$1][2=$2]", "", "[1=ab][2=]cd"),
        ("abracadabra", "a.*?a", "*", "", "*c*bra"),
        ("abracadabra", "a(.)", "a$1$1", "", "abbraccaddabbra"),
        ("darted", "^(.*?)d(.*)$", "$1c$2", "", "carted"),
        ("0123456789", "(\\d{3})(\\d{3})(\\d{4})", "($1) $2-$3", "", "(012) 345-6789"),
        ("facetiously", "[iouy]", "[$0]", "", "facet[i][o][u]sl[y]"),
        ("a.b.c.", "[a-z]", "#", "s", "#.#.#."),
        ("abc", "[A-Z]", "#", "i", "###"),
        ("a b c d ", "[a-z]", "#", "x", "# # # # "),
        ("price", "p", "\\$", "", "$rice"),
        ("abc", "(b)", "$12", "", "ab2c"),
    ],
)
def test_replace(text: str, pattern: str, replacement: str, flags: str, expected: str) -> None:
    assert replace(text, pattern, replacement, flags) == expected


@pytest.mark.parametrize("replacement", ["$", "a\\b", "$x"])
def test_invalid_replacements_are_errors(replacement: str) -> None:
    with pytest.raises(FeelError):
        replace("abc", "b", replacement)


def test_split_rejects_delimiters_matching_nothing() -> None:
    with pytest.raises(FeelError):
        BUILTINS["split"]("abc", "x*")
