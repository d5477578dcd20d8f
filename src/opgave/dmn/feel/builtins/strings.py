"""String built-ins (DMN 1.5 §10.3.4.3). Positions count Unicode code points, starting at 1."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from opgave.dmn.feel.builtins import arguments as arg
from opgave.dmn.feel.builtins.regex import compile_xpath, replacement_function
from opgave.dmn.feel.builtins.signature import NOT_GIVEN, BuiltinFunction, builtin
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.values import number


def _flags(function: str, flags: Any) -> str:
    if flags is NOT_GIVEN or flags is None:
        return ""
    return arg.string(function, "flags", flags)


@builtin("substring", "string, start position, [length]")
def substring(string: Any, start_position: Any, length: Any) -> str:
    text = arg.string("substring", "string", string)
    start = arg.truncated("substring", "start position", start_position)
    if start == 0:
        raise FeelError("substring(): 'start position' must not be 0 (the first character is 1, the last -1)")
    index = start - 1 if start > 0 else len(text) + start
    index = max(index, 0)
    if length is NOT_GIVEN:
        return text[index:]
    count = arg.truncated("substring", "length", length)
    if count < 0:
        raise FeelError(f"substring(): 'length' must not be negative, not {count}")
    return text[index : index + count]


@builtin("string length", "string")
def string_length(string: Any) -> Decimal:
    return number(len(arg.string("string length", "string", string)))


@builtin("upper case", "string")
def upper_case(string: Any) -> str:
    return arg.string("upper case", "string", string).upper()


@builtin("lower case", "string")
def lower_case(string: Any) -> str:
    return arg.string("lower case", "string", string).lower()


@builtin("substring before", "string, match")
def substring_before(string: Any, match: Any) -> str:
    text = arg.string("substring before", "string", string)
    part = arg.string("substring before", "match", match)
    index = text.find(part)
    return "" if index < 0 else text[:index]


@builtin("substring after", "string, match")
def substring_after(string: Any, match: Any) -> str:
    text = arg.string("substring after", "string", string)
    part = arg.string("substring after", "match", match)
    index = text.find(part)
    return "" if index < 0 else text[index + len(part) :]


@builtin("contains", "string, match")
def contains(string: Any, match: Any) -> bool:
    return arg.string("contains", "match", match) in arg.string("contains", "string", string)


@builtin("starts with", "string, match")
def starts_with(string: Any, match: Any) -> bool:
    return arg.string("starts with", "string", string).startswith(arg.string("starts with", "match", match))


@builtin("ends with", "string, match")
def ends_with(string: Any, match: Any) -> bool:
    return arg.string("ends with", "string", string).endswith(arg.string("ends with", "match", match))


@builtin("matches", "input, pattern, [flags]")
def matches(input: Any, pattern: Any, flags: Any) -> bool:
    text = arg.string("matches", "input", input)
    regex = compile_xpath(arg.string("matches", "pattern", pattern), _flags("matches", flags))
    return regex.search(text) is not None


@builtin("replace", "input, pattern, replacement, [flags]")
def replace(input: Any, pattern: Any, replacement: Any, flags: Any) -> str:
    text = arg.string("replace", "input", input)
    regex = compile_xpath(arg.string("replace", "pattern", pattern), _flags("replace", flags))
    if regex.search("") is not None:  # XPath fn:replace error FORX0003
        raise FeelError(f"replace(): the pattern '{pattern}' matches an empty string")
    literal = arg.string("replace", "replacement", replacement)
    if "q" in _flags("replace", flags):  # XPath 3.1: with 'q' the replacement is literal too
        return regex.sub(lambda _match: literal, text)
    return regex.sub(replacement_function(literal, regex.groups), text)


@builtin("split", "string, delimiter")
def split(string: Any, delimiter: Any) -> list[str]:
    text = arg.string("split", "string", string)
    regex = compile_xpath(arg.string("split", "delimiter", delimiter))
    if regex.search("") is not None:
        raise FeelError(f"split(): the delimiter '{regex.pattern}' matches an empty string")
    # Not re.split: it would also return the captured groups, which XPath's tokenize does not.
    out, last = [], 0
    for found in regex.finditer(text):
        out.append(text[last : found.start()])
        last = found.end()
    out.append(text[last:])
    return out


@builtin("string join", "list, [delimiter]")
def string_join(list: Any, delimiter: Any) -> str:
    items = arg.as_list("string join", "list", list)
    separator = (
        ""
        if delimiter is NOT_GIVEN or delimiter is None
        else arg.string("string join", "delimiter", delimiter)
    )
    parts = []
    for item in items:
        if item is None:
            continue
        if not isinstance(item, str):
            raise FeelError(f"string join(): every item must be a string, found {arg.shown(item)}")
        parts.append(item)
    return separator.join(parts)


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    substring,
    string_length,
    upper_case,
    lower_case,
    substring_before,
    substring_after,
    contains,
    starts_with,
    ends_with,
    matches,
    replace,
    split,
    string_join,
)
