"""JSON Schema of a version's inputs and outputs, derived from the DMN item definitions.

Inputs are the model's input data elements minus the rule set's open terms (those come from a
variant or their default, never from the caller). ``additionalProperties`` is false, so an
unknown field is refused; every input is required unless its type allows null (FEEL ``Any``).
Allowed values become ``enum`` (strings) or ``minimum``/``maximum`` (simple number ranges such
as ``[0..130]``, ``>= 0``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from opgave.dmn import Model
from opgave.dmn.model.elements import Definitions, ItemDefinition

_SIMPLE = {
    "number": {"type": "number"},
    "string": {"type": "string"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "time": {"type": "string", "format": "time"},
    "date and time": {"type": "string", "format": "date-time"},
    "dateTime": {"type": "string", "format": "date-time"},
    "days and time duration": {"type": "string", "format": "duration"},
    "years and months duration": {"type": "string", "format": "duration"},
}
_RANGE = re.compile(r"^\s*([\[\]\(])\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)\s*([\[\]\)])\s*$")
_COMPARISON = re.compile(r"^\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")
_STRINGS = re.compile(r'^\s*"[^"]*"(\s*,\s*"[^"]*")*\s*$')


def _number(text: str) -> int | float:
    return int(text) if re.fullmatch(r"-?\d+", text) else float(text)


def _constraint(allowed: str | None, schema: dict[str, Any]) -> dict[str, Any]:
    if not allowed:
        return schema
    if schema.get("type") == "string" and _STRINGS.match(allowed):
        return {**schema, "enum": re.findall(r'"([^"]*)"', allowed)}
    if schema.get("type") == "number":
        match = _RANGE.match(allowed)
        if match:
            low, high = _number(match.group(2)), _number(match.group(3))
            out = dict(schema)
            out["minimum" if match.group(1) == "[" else "exclusiveMinimum"] = low
            out["maximum" if match.group(4) == "]" else "exclusiveMaximum"] = high
            return out
        match = _COMPARISON.match(allowed)
        if match:
            key = {">=": "minimum", ">": "exclusiveMinimum", "<=": "maximum", "<": "exclusiveMaximum"}
            return {**schema, key[match.group(1)]: _number(match.group(2))}
    return schema


class _Types:
    def __init__(self, definitions: Definitions) -> None:
        self.items = {item.name: item for item in definitions.item_definitions}

    def of_ref(self, type_ref: str | None, seen: frozenset[str] = frozenset()) -> dict[str, Any]:
        if not type_ref or type_ref == "Any":
            return {}
        name = type_ref.split(".", 1)[-1] if type_ref not in self.items else type_ref
        if type_ref in self.items and type_ref not in seen:
            return self.of_item(self.items[type_ref], seen | {type_ref})
        if name in self.items and name not in seen:
            return self.of_item(self.items[name], seen | {name})
        return dict(_SIMPLE.get(type_ref, {}))

    def of_item(self, item: ItemDefinition, seen: frozenset[str]) -> dict[str, Any]:
        if item.components:
            schema: dict[str, Any] = {
                "type": "object",
                "properties": {c.name: self.of_item(c, seen) for c in item.components},
                "additionalProperties": False,
            }
        else:
            schema = self.of_ref(item.type_ref, seen)
            schema = _constraint(item.allowed_values or item.type_constraint, schema)
        if item.is_collection:
            schema = {"type": "array", "items": schema}
        return schema


def input_schema(model: Model, open_terms: set[str], title: str = "") -> dict[str, Any]:
    """The JSON Schema a caller's ``inputs`` object must satisfy."""
    types = _Types(model.definitions)
    properties: dict[str, Any] = {}
    for data in model.definitions.input_data:
        if data.name in open_terms:
            continue
        properties[data.name] = types.of_ref(data.variable.type_ref)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Invoer van {title}" if title else "Invoer",
        "type": "object",
        "properties": properties,
        "required": sorted(name for name, schema in properties.items() if schema),
        "additionalProperties": False,
    }


def output_schema(model: Model, title: str = "") -> dict[str, Any]:
    """The JSON Schema of the outputs: one property per decision."""
    types = _Types(model.definitions)
    properties: dict[str, Any] = {}
    for decision in model.definitions.decisions:
        schema = types.of_ref(decision.variable.type_ref)
        properties[decision.name] = {**schema, "type": [schema["type"], "null"]} if "type" in schema else {}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Uitkomsten van {title}" if title else "Uitkomsten",
        "type": "object",
        "properties": properties,
    }


def validator_for(schema: dict[str, Any]) -> Any:
    """A compiled validator for ``schema`` (build it once per schema, it is reusable)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema)


def _quick_property(schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    """A check that passes only values ``schema`` certainly accepts, or None for anything but a
    plain number, string or boolean (with enum or bounds)."""
    if set(schema) - {"type", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "format"}:
        return None
    kind = schema.get("type")
    low, high = schema.get("minimum"), schema.get("maximum")
    above, below = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if kind == "number" and "enum" not in schema:

        def number(value: Any) -> bool:
            if type(value) is not int and type(value) is not float:
                return False
            return (
                (low is None or value >= low)
                and (high is None or value <= high)
                and (above is None or value > above)
                and (below is None or value < below)
            )

        return number
    if kind == "string" and not (set(schema) - {"type", "enum", "format"}):
        # ``format`` is an annotation here: the validator has no format checker
        allowed = frozenset(schema["enum"]) if "enum" in schema else None
        return lambda value: type(value) is str and (allowed is None or value in allowed)
    if kind == "boolean" and set(schema) == {"type"}:
        return lambda value: type(value) is bool
    return None


def quick_check(schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    """A fast test for a flat input schema: True only for inputs the schema accepts (False means
    "ask the full validator", which also explains why). None when the schema is not flat
    (nested objects, lists, ``Any``): use the validator for every row then.

    The batch endpoint checks each row with it; the full JSON Schema validator costs ~50 µs a row.
    """
    if schema.get("type") != "object" or schema.get("additionalProperties") is not False:
        return None
    properties: dict[str, Any] = schema.get("properties", {})
    checks = {name: _quick_property(sub) for name, sub in properties.items()}
    if any(check is None for check in checks.values()):
        return None
    required = frozenset(schema.get("required", ()))
    if required != frozenset(properties):
        return None
    names = frozenset(properties)
    pairs = [(name, check) for name, check in checks.items() if check is not None]

    def check(inputs: Any) -> bool:
        if type(inputs) is not dict or inputs.keys() != names:
            return False
        for name, test in pairs:  # noqa: SIM110 - a loop is cheaper than all() over a generator here
            if not test(inputs[name]):
                return False
        return True

    return check


def field_errors(schema: dict[str, Any], inputs: Any, validator: Any = None) -> list[dict[str, str]]:
    """Every way ``inputs`` breaks ``schema``, as ``{"field", "message"}`` in Dutch."""
    errors: list[dict[str, str]] = []
    if not isinstance(inputs, dict):
        return [{"field": "inputs", "message": "De invoer moet een JSON-object zijn."}]
    validator = validator or validator_for(schema)
    if validator.is_valid(inputs):
        return []
    for error in sorted(validator.iter_errors(inputs), key=lambda e: list(map(str, e.absolute_path))):
        path = ".".join(str(p) for p in error.absolute_path)
        field = f"inputs.{path}" if path else "inputs"
        errors.extend(_explain(error, field))
    return errors


def _explain(error: Any, field: str) -> list[dict[str, str]]:
    kind = error.validator
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return [{"field": f"{field}.{name}", "message": "Dit veld kent het model niet."} for name in extra]
    if kind == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return [{"field": f"{field}.{name}", "message": "Dit veld is verplicht."} for name in missing]
    if kind == "type":
        expected = error.validator_value
        names = {
            "number": "een getal",
            "string": "tekst",
            "boolean": "true of false",
            "object": "een object",
            "array": "een lijst",
            "null": "null",
        }
        wanted = " of ".join(
            str(names.get(t, t)) for t in (expected if isinstance(expected, list) else [expected])
        )
        return [{"field": field, "message": f"Verwacht {wanted}."}]
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return [{"field": field, "message": f"Kies een van: {allowed}."}]
    if kind in {"minimum", "exclusiveMinimum"}:
        return [{"field": field, "message": f"De waarde moet minstens {error.validator_value} zijn."}]
    if kind in {"maximum", "exclusiveMaximum"}:
        return [{"field": field, "message": f"De waarde mag hoogstens {error.validator_value} zijn."}]
    if kind == "format":
        return [{"field": field, "message": f"Verwacht het formaat {error.validator_value}."}]
    return [{"field": field, "message": "Deze waarde past niet bij het schema."}]
