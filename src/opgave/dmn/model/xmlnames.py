"""XML namespaces of DMN and helpers for qualified names."""

from __future__ import annotations

import re

#: Model namespace -> DMN version.
DMN_NAMESPACES: dict[str, str] = {
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd": "1.1",
    "http://www.omg.org/spec/DMN/20180521/MODEL/": "1.2",
    "https://www.omg.org/spec/DMN/20191111/MODEL/": "1.3",
    "https://www.omg.org/spec/DMN/20211108/MODEL/": "1.4",
    "https://www.omg.org/spec/DMN/20230324/MODEL/": "1.5",
    "https://www.omg.org/spec/DMN/20240513/MODEL/": "1.6",
}

_DMN_NAMESPACE_SHAPE = re.compile(r"^https?://www\.omg\.org/spec/DMN/(\d{8})/(MODEL/|dmn\.xsd)$")


def looks_like_dmn(namespace: str) -> bool:
    """A namespace in the OMG's DMN pattern, known to this engine or not (a newer version)."""
    return bool(_DMN_NAMESPACE_SHAPE.match(namespace))


def supported_versions() -> str:
    versions = sorted(set(DMN_NAMESPACES.values()))
    return f"{versions[0]}–{versions[-1]}"


_QNAME_PREFIX = re.compile(r"^[A-Za-z_][\w.\-]*:(?=\S)")


def local_name(tag: str) -> tuple[str, str]:
    """Split ``{namespace}local`` into its parts ('' when there is no namespace)."""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def strip_type_prefix(type_ref: str | None) -> str | None:
    """Drop a DMN 1.1 QName prefix (``feel:string`` -> ``string``) from a type reference."""
    if type_ref is None:
        return None
    text = type_ref.strip()
    if not text:
        return None
    match = _QNAME_PREFIX.match(text)
    if match and "<" not in match.group(0):
        return text[match.end() :]
    return text
