"""Is a party named in a session answer ("CJIB") the same as a party already in step 2
("Centraal Justitieel Incassobureau (CJIB)")? Matched on organisation, abbreviation and name."""

from __future__ import annotations

import re
from collections.abc import Iterable

from opgave.collaborations.design import Party

_ABBREVIATION = re.compile(r"\(([^()]{2,20})\)\s*$")


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def names_of(name: str) -> set[str]:
    """The ways an organisation can be named: its full name, the name without the abbreviation in
    brackets, and that abbreviation ("Sociale Verzekeringsbank (SVB)" → three keys)."""
    keys = {_key(name)}
    found = _ABBREVIATION.search(name)
    if found:
        keys.add(_key(found.group(1)))
        keys.add(_key(name[: found.start()]))
    return {k for k in keys if k}


def same_party(name: str, party: Party, organisation_names: Iterable[str] = ()) -> bool:
    """``name`` denotes ``party``: it matches the party's name or abbreviation, or one of the names
    of the platform organisation the party refers to (``organisation_names``)."""
    wanted = names_of(name)
    known = names_of(party.organisation_name)
    for other in organisation_names:
        known |= names_of(other)
    return bool(wanted & known)


def find_party(name: str, parties: Iterable[Party]) -> Party | None:
    """The active party ``name`` denotes, if any."""
    for party in parties:
        if party.active and same_party(name, party):
            return party
    return None
