"""Show DMN item definitions to the FEEL core as FEEL types (for ``instance of`` and typed parameters)."""

from __future__ import annotations

from typing import Any

from opgave.dmn.feel.types import AnyType, FeelType
from opgave.dmn.runtime.types import ConstrainedType, DmnType, LazyType


class ItemDefinitionType(FeelType):
    """A FEEL type backed by a DMN type: conformance is the item definition's own check."""

    def __init__(self, dmn_type: DmnType) -> None:
        self.dmn_type = dmn_type

    def _target(self) -> DmnType:
        found = self.dmn_type
        return found.target if isinstance(found, LazyType) else found

    def conforms(self, value: Any) -> bool:
        """``instance of`` checks the type, not its allowed values (those are constraints on values)."""
        found = self._target()
        while isinstance(found, ConstrainedType):
            found = found.base
            found = found.target if isinstance(found, LazyType) else found
        return value is not None and found.conforms(value)

    def is_subtype_of(self, other: FeelType) -> bool:
        if isinstance(other, AnyType):
            return True
        return isinstance(other, ItemDefinitionType) and other._target() is self._target()

    def __str__(self) -> str:
        return self.dmn_type.name


def as_feel_type(dmn_type: DmnType) -> FeelType:
    return ItemDefinitionType(dmn_type)
