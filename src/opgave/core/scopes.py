"""The register of API token scopes. Apps add their own in ``AppConfig.ready`` via :func:`register`.

A scope reads ``<area>:<level>``: ``read``, ``write`` (implies ``read`` of the same area), or a
named action such as ``rules:evaluate`` (implies nothing else).
"""

from __future__ import annotations

SCOPES: dict[str, str] = {
    "organisations:read": "Organisaties en lidmaatschappen lezen",
    "organisations:write": "Organisaties en lidmaatschappen wijzigen",
    "tokens:read": "API-tokens van de eigen organisatie bekijken",
    "tokens:write": "API-tokens van de eigen organisatie uitgeven en intrekken",
}


def register(scope: str, description: str) -> None:
    """Declare a scope (idempotent). Raises ``ValueError`` for a malformed name."""
    area, _, level = scope.partition(":")
    if not area or not level.isalpha() or not level.islower():
        raise ValueError(f"scope {scope!r} must look like '<area>:read', '<area>:write' or '<area>:<action>'")
    SCOPES.setdefault(scope, description)


def grants(granted: list[str] | tuple[str, ...], required: str) -> bool:
    """Whether the ``granted`` scopes allow ``required`` (``x:write`` includes ``x:read``)."""
    if required in granted:
        return True
    area, _, level = required.partition(":")
    return level == "read" and f"{area}:write" in granted
