"""Field-level validation messages in Dutch, and the strict base schema for input.

Input schemas of every pillar derive from :class:`InputSchema`: unknown fields are an
error (``extra="forbid"``), so a typo such as ``{"nmae": …}`` is reported instead of
silently ignored. Pydantic's error types are translated to Dutch by :func:`field_errors`;
each entry names the field as a dotted path (``scopes.0``) relative to the request part
it came from (body, query or path).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, field_validator

# The first element of Ninja's ``loc`` is the request part; for a body the second is the
# parameter name of the view (``payload``) — neither is useful to an integrator.
_PARTS = {"body", "query", "path", "header", "cookie", "form", "file"}

_MESSAGES: dict[str, str] = {
    "missing": "Dit veld is verplicht.",
    "extra_forbidden": "Dit veld bestaat niet; laat het weg.",
    "string_type": "Verwacht tekst.",
    "string_too_short": "Te kort: minimaal {min_length} teken(s).",
    "string_too_long": "Te lang: hoogstens {max_length} tekens.",
    "string_pattern_mismatch": "Heeft niet de juiste vorm.",
    "int_type": "Verwacht een geheel getal.",
    "int_parsing": "Verwacht een geheel getal.",
    "int_from_float": "Verwacht een geheel getal, zonder decimalen.",
    "float_type": "Verwacht een getal.",
    "float_parsing": "Verwacht een getal.",
    "bool_type": "Verwacht true of false.",
    "bool_parsing": "Verwacht true of false.",
    "greater_than": "Moet groter zijn dan {gt}.",
    "greater_than_equal": "Moet minstens {ge} zijn.",
    "less_than": "Moet kleiner zijn dan {lt}.",
    "less_than_equal": "Mag hoogstens {le} zijn.",
    "uuid_type": "Verwacht een UUID.",
    "uuid_parsing": "Verwacht een UUID, zoals 0f8fad5b-d9cb-469f-a165-70867728950e.",
    "datetime_type": "Verwacht een tijdstip (ISO 8601).",
    "datetime_parsing": "Verwacht een tijdstip (ISO 8601), zoals 2026-01-31T12:00:00Z.",
    "datetime_from_date_parsing": "Verwacht een tijdstip (ISO 8601), zoals 2026-01-31T12:00:00Z.",
    "date_type": "Verwacht een datum (JJJJ-MM-DD).",
    "date_parsing": "Verwacht een datum (JJJJ-MM-DD).",
    "enum": "Kies een van: {expected}.",
    "literal_error": "Kies een van: {expected}.",
    "list_type": "Verwacht een lijst.",
    "too_short": "Te weinig elementen: minimaal {min_length}.",
    "too_long": "Te veel elementen: hoogstens {max_length}.",
    "dict_type": "Verwacht een JSON-object.",
    "model_type": "Verwacht een JSON-object.",
    "model_attributes_type": "Verwacht een JSON-object.",
    "json_invalid": "Geen geldige JSON.",
    "json_type": "Geen geldige JSON.",
    "string_unicode": "Verwacht geldige Unicode-tekst.",
    "value_error": "{error}",
    "assertion_error": "{error}",
}


def _reject_nul(value: Any) -> Any:
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(text, str) and "\x00" in text for text in texts):
        raise ValueError("Het teken NUL (\\u0000) is niet toegestaan in tekst.")
    return value


class InputSchema(Schema):
    """Base of every request body schema: unknown fields are rejected, NUL characters too."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    _no_nul = field_validator("*", mode="after")(_reject_nul)


class FilterSchema(Schema):
    """Base of every query-parameter schema (filters): NUL characters are rejected."""

    _no_nul = field_validator("*", mode="after")(_reject_nul)


def field_path(loc: Iterable[Any]) -> str:
    parts = list(loc)
    if parts and parts[0] in _PARTS:
        source = parts.pop(0)
        if source == "body" and len(parts) > 1:
            parts.pop(0)
        elif source == "body" and parts:
            parts = []
    return ".".join(str(part) for part in parts) or "(inhoud)"


def message_for(error: Mapping[str, Any]) -> str:
    template = _MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return "Ongeldige waarde."
    context = dict(error.get("ctx") or {})
    if "error" in context:
        context["error"] = _clean_value_error(str(context["error"]))
    try:
        return template.format(**context)
    except (KeyError, IndexError, ValueError):
        return "Ongeldige waarde."


def _clean_value_error(text: str) -> str:
    # pydantic prefixes custom ValueError messages with "Value error, ".
    return text.removeprefix("Value error, ").strip() or "Ongeldige waarde."


def field_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Ninja/pydantic error dicts → ``[{"field": …, "message": …}]`` (Dutch, deduplicated)."""
    result: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for error in errors:
        entry = (field_path(error.get("loc", ())), message_for(error))
        if entry not in seen:
            seen.add(entry)
            result.append({"field": entry[0], "message": entry[1]})
    return result


# -- what no database and no JSON reader downstream can take, checked once for every request ----

NUL_MESSAGE = "Het teken NUL (\\u0000) is niet toegestaan in tekst."
SURROGATE_MESSAGE = "Deze tekst bevat een los surrogaatteken (ongeldige Unicode); stuur geldige UTF-8-tekst."
NUMBER_MESSAGE = (
    "Verwacht een eindig getal; NaN, Infinity en getallen buiten het bereik worden niet aanvaard."
)


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored (a NUL or a lone surrogate), or ``None``."""
    if "\x00" in text:
        return NUL_MESSAGE
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE_MESSAGE
    return None


def unstorable(value: Any, path: str = "") -> list[dict[str, str]]:
    """Every string (and key) in a parsed JSON document that cannot be stored, with its field path."""
    found: list[dict[str, str]] = []
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            found.append({"field": path or "(inhoud)", "message": problem})
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            problem = text_problem(str(key))
            if problem:
                found.append({"field": path or "(inhoud)", "message": problem})
                continue
            found.extend(unstorable(item, child))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(unstorable(item, f"{path}.{index}" if path else str(index)))
    return found


class NonFiniteNumber(ValueError):
    """A JSON number that is not a finite double: ``NaN``, ``Infinity`` or e.g. ``1e309``."""


def finite_float(literal: str) -> float:
    """``parse_float`` for :func:`json.loads`: refuses numbers that overflow to infinity."""
    value = float(literal)
    if value != value or value in (float("inf"), float("-inf")):
        raise NonFiniteNumber(literal)
    return value


def refuse_constant(literal: str) -> Any:
    """``parse_constant`` for :func:`json.loads`: ``NaN``/``Infinity`` are not JSON."""
    raise NonFiniteNumber(literal)
