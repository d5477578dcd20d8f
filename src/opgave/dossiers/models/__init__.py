from opgave.dossiers.models.dossiers import (
    Confidentiality,
    Dossier,
    DossierType,
    Participation,
    Role,
    Subject,
)
from opgave.dossiers.models.entries import Entry, EntryKind
from opgave.dossiers.models.obligations import Obligation
from opgave.dossiers.models.plans import PlanItem
from opgave.dossiers.models.signals import Signal, SignalMatch

__all__ = [
    "Confidentiality",
    "Dossier",
    "DossierType",
    "Entry",
    "EntryKind",
    "Obligation",
    "Participation",
    "PlanItem",
    "Role",
    "Signal",
    "SignalMatch",
    "Subject",
]
