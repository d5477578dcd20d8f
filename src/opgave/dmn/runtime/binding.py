"""Binding invocation arguments to typed parameters (BKMs, decision services, boxed functions)."""

from __future__ import annotations

from typing import Any

from opgave.dmn.feel.errors import FeelError
from opgave.dmn.jsonvalues import show
from opgave.dmn.runtime.types import NOT_CONFORMING, DmnType


def bind_arguments(
    where: str, parameters: list[tuple[str, DmnType]], args: tuple[Any, ...]
) -> dict[str, Any]:
    """Bind arguments to parameters; a wrong count or a non-conforming argument makes the invocation fail."""
    if len(args) != len(parameters):
        raise FeelError(f"{where} expects {len(parameters)} argument(s), but was given {len(args)}")
    bound: dict[str, Any] = {}
    for (parameter, declared), value in zip(parameters, args, strict=True):
        converted = declared.convert(value)
        if converted is NOT_CONFORMING:
            raise FeelError(
                f"{where}: the argument for '{parameter}' is {show(value)}, which does not conform to type '{declared.name}'"
            )
        bound[parameter] = converted
    return bound
