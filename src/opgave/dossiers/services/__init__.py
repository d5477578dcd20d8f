"""Every write of the shared dossier (split by concept). Each function takes ``actor`` keyword-only."""

from opgave.dossiers.services.dossiers import (
    SubjectInput,
    add_subject,
    change_participation,
    create_dossier,
    decide_participation,
    leave,
    request_participation,
    transfer_regisseur,
)
from opgave.dossiers.services.entries import add_entry, reencrypt_all, remove_expired
from opgave.dossiers.services.obligations import fulfil, refresh, refresh_all
from opgave.dossiers.services.plans import add_item, review_plan, update_item
from opgave.dossiers.services.signals import register_signal, rekey, withdraw_signal

__all__ = [
    "SubjectInput",
    "add_entry",
    "add_item",
    "add_subject",
    "change_participation",
    "create_dossier",
    "decide_participation",
    "fulfil",
    "leave",
    "reencrypt_all",
    "refresh",
    "refresh_all",
    "register_signal",
    "rekey",
    "remove_expired",
    "request_participation",
    "review_plan",
    "transfer_regisseur",
    "update_item",
    "withdraw_signal",
]
