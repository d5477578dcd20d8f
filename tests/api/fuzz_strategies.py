"""Hostile values for the API fuzz run: text no database or encoder should trip over, and numbers
outside what JSON can carry. :func:`spike` swaps some of them into a generated case.

Schemathesis generates values valid for the document; these are the values a careful attacker
tries next (defect 8 of issue 7): NUL, right-to-left overrides and isolates, 4-byte
characters; numbers that overflow a double or a 64-bit integer. Lone surrogates are not here:
schemathesis encodes bodies and queries as strict UTF-8 and cannot send them; they are
covered by ``test_bad_input.py`` (escaped as ``\ud800`` in raw JSON) on both databases.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

HOSTILE_TEXT = st.sampled_from(
    [
        "nul\x00byte",
        "\x00",
        "rechts\u202enaar\u202clinks",
        "\u2066isolaat\u2069",
        "vier bytes 🤝𝔘\U0010fffd",
        "",
    ]
)
# NaN and ±Infinity cannot be sent through schemathesis (its JSON encoder refuses them); they and
# ``1e309`` as raw JSON are covered by ``test_bad_input.py``. Huge integers can be sent.
HOSTILE_NUMBERS = st.sampled_from([10**400, -(10**400), 10**40, 1.7976931348623157e308, -5e-324, 2**63])


def _spiked(value: Any, data: st.DataObject) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return data.draw(HOSTILE_TEXT) if data.draw(st.booleans()) else value
    if isinstance(value, int | float):
        return data.draw(HOSTILE_NUMBERS) if data.draw(st.booleans()) else value
    if isinstance(value, dict):
        return {key: _spiked(item, data) for key, item in value.items()}
    if isinstance(value, list):
        return [_spiked(item, data) for item in value]
    return value


def spike(case: Any, data: st.DataObject) -> None:
    """Replace some strings and numbers of the body and the query with hostile ones (half the cases)."""
    if not data.draw(st.booleans()):
        return
    if isinstance(case.body, dict | list):
        case.body = _spiked(case.body, data)
    if case.query:
        case.query = {
            key: data.draw(HOSTILE_TEXT) if isinstance(v, str) else v for key, v in case.query.items()
        }
