from opgave.core.models.logs import AuditRecord, ProcessingActivity, ProcessingLogRecord
from opgave.core.models.organisations import Membership, Organisation, OrganisationKind
from opgave.core.models.people import Person
from opgave.core.models.tokens import ApiToken

__all__ = [
    "ApiToken",
    "AuditRecord",
    "Membership",
    "Organisation",
    "OrganisationKind",
    "Person",
    "ProcessingActivity",
    "ProcessingLogRecord",
]
