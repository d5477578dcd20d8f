"""Reading uploaded DMN files safely, hashing them canonically, and compiling them once.

An upload is refused — and nothing is stored — when it is larger than
``settings.RULES_MAX_MODEL_BYTES``, is not XML, declares a DTD or entities (refused by the
engine's reader before any expansion), is not a DMN model, or is a DMN version the engine does
not read. Problems the engine's ``check`` finds are reported with element and position.
"""

from __future__ import annotations

import hashlib
import threading
import xml.etree.ElementTree as ET
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings

from opgave.dmn import DmnError, Model
from opgave.dmn.api import _assemble
from opgave.dmn.model.elements import Definitions
from opgave.dmn.model.reader import read_definitions
from opgave.dmn.model.xmlnames import DMN_NAMESPACES, local_name
from opgave.rules.errors import Invalid, TooLarge

_CACHE_SIZE = 64
_cache: OrderedDict[str, Model] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class Upload:
    """A DMN model that passed the checks: its text, the imported texts and the canonical hash."""

    model_xml: str
    imported_xml: list[str]
    model_hash: str
    model: Model


def _text(data: bytes | str, label: str) -> str:
    limit = int(settings.RULES_MAX_MODEL_BYTES)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > limit:
        raise TooLarge(
            f"{label} is {len(raw):,} bytes; het maximum is {limit:,} bytes (OPGAVE_RULES_MAX_MODEL_BYTES).".replace(
                ",", "."
            )
        )
    if not raw.strip():
        raise Invalid(f"{label} is leeg.", [{"field": "dmn", "message": "Kies een DMN-bestand."}])
    try:
        return raw.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise Invalid(
            f"{label} is geen UTF-8-tekst en dus geen DMN-bestand.",
            [{"field": "dmn", "message": "Het bestand is geen XML in UTF-8."}],
        ) from None


def _dmn_version_problem(text: str) -> str | None:
    """A Dutch message when the root is not a DMN ``definitions`` element of a known version."""
    try:
        root = ET.fromstring(text)  # noqa: S314 - only called after the engine refused no DTD
    except ET.ParseError:
        return None
    namespace, tag = local_name(root.tag)
    dmn_like = namespace.startswith(("http://www.omg.org/spec/DMN", "https://www.omg.org/spec/DMN"))
    if tag == "definitions" and dmn_like and namespace not in DMN_NAMESPACES:
        known = ", ".join(sorted(set(DMN_NAMESPACES.values())))
        return f"deze DMN-versie ({namespace}) wordt niet ondersteund; de engine leest DMN {known}"
    return None


def _read(text: str, label: str) -> Definitions:
    try:
        return read_definitions(text, label)
    except DmnError as exc:
        refused_version = "not a DMN model" in str(exc) or "is not supported (supported" in str(exc)
        problem = _dmn_version_problem(text) if refused_version else None
        message = problem or _dutch(str(exc))
        raise Invalid(
            f"{label} is geweigerd: {message}.",
            [{"field": "dmn", "message": message, "element": getattr(exc, "element", None) or ""}],
        ) from None


def _dutch(message: str) -> str:
    """The engine speaks English; give the refusals an upload meets most a Dutch sentence first."""
    if "DMN version with namespace" in message:
        namespace = message.split("namespace", 1)[1].split("is not supported")[0].strip(" '")
        known = message.rsplit("supported:", 1)[-1].strip(" ).")
        return f"deze DMN-versie ({namespace}) wordt niet ondersteund; de engine leest DMN {known}"
    if "DTD" in message:
        return "een bestand met een DTD of entiteiten wordt niet gelezen (beveiliging tegen XXE)"
    if "malformed XML" in message:
        return "het is geen geldige XML (" + message.split("malformed XML", 1)[1].strip() + ")"
    if "not a DMN model" in message:
        return "het is geen DMN-model (" + message.split("not a DMN model", 1)[1].strip(" ()") + ")"
    return message


def canonical_hash(model_xml: str, imported_xml: list[str]) -> str:
    """SHA-256 over the C14N 2.0 form of the main model followed by the imported models (sorted)."""
    parts = [ET.canonicalize(model_xml), *sorted(ET.canonicalize(x) for x in imported_xml)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def read_upload(data: bytes | str, imported: list[bytes | str] | None = None) -> Upload:
    """Check an upload completely (size, XML, DTD, DMN version, compile, ``check``) or raise."""
    text = _text(data, "Het DMN-bestand")
    others = [_text(item, f"Geïmporteerd model {i + 1}") for i, item in enumerate(imported or [])]
    main = _read(text, "Het DMN-bestand")
    definitions = [_read(item, f"Geïmporteerd model {i + 1}") for i, item in enumerate(others)]
    try:
        model = _assemble(main, definitions)
    except DmnError as exc:
        raise Invalid(
            f"Het DMN-model is geweigerd: {exc}.",
            [{"field": "dmn", "message": str(exc), "element": getattr(exc, "element", None) or ""}],
        ) from None
    missing = [i.namespace for i in main.imports if i.namespace not in {d.namespace for d in definitions}]
    if missing:
        raise Invalid(
            "Het model importeert modellen die niet zijn meegestuurd: " + ", ".join(missing) + ".",
            [{"field": "imports", "message": f"Ontbreekt: {ns}"} for ns in missing],
        )
    return Upload(text, others, canonical_hash(text, others), model)


def problems_of(model: Model) -> list[dict[str, str]]:
    """The engine's ``check`` as field errors: message, element and position."""
    return [
        {
            "field": "dmn",
            "message": problem.message,
            "element": problem.element or "",
            "position": "" if problem.position is None else str(problem.position),
        }
        for problem in model.check()
    ]


def compiled(model_hash: str, model_xml: str, imported_xml: list[str]) -> Model:
    """The compiled model for a stored version, compiled once per process (keyed by its hash)."""
    with _lock:
        found = _cache.get(model_hash)
        if found is not None:
            _cache.move_to_end(model_hash)
            return found
    main = read_definitions(model_xml)
    model = _assemble(main, [read_definitions(x) for x in imported_xml])
    with _lock:
        _cache[model_hash] = model
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return model
