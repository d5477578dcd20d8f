"""Matrix rows for the notification endpoints (see ``tests/api/matrix.py`` for the format).

Every signed-in caller has notifications of their own (a token: those of its issuer), so every
role that may sign in gets 200; a token needs the ``notifications`` scope.
"""

from __future__ import annotations

from typing import Any


def _with_one(cast: Any) -> dict[str, Any]:
    from opgave.notifications.services import notify

    made = notify(recipient=cast.member, kind="session.revealed", title="Antwoorden onthuld")
    return {"url": "/api/v1/notifications/read", "body": {"ids": [str(made.uuid)]}}


ROWS: list[dict[str, Any]] = [
    {
        "method": "GET",
        "path": "/api/v1/notifications",
        "profile": "signed_in",
        "ok": 200,
        "build": lambda c: {"url": "/api/v1/notifications"},
    },
    {
        "method": "POST",
        "path": "/api/v1/notifications/read",
        "profile": "signed_in",
        "ok": 200,
        "build": _with_one,
    },
    {
        "method": "POST",
        "path": "/api/v1/notifications/read-all",
        "profile": "signed_in",
        "ok": 200,
        "build": lambda c: {"url": "/api/v1/notifications/read-all", "body": {}},
    },
]

# Marking one's own notifications read changes only the reader's inbox, not who may do what or
# any shared record: the matrix does not look for an audit record (``"writes": False``).
for _read_row in ROWS:
    if _read_row["path"].endswith(("/read", "/read-all")):
        _read_row["writes"] = False
