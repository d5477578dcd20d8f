from opgave.core.models.logs import (
    AppendOnlyError,
    AuditRecord,
    LogHead,
    ProcessingActivity,
    ProcessingLogRecord,
)
from opgave.core.models.organisations import Membership, Organisation, OrganisationKind
from opgave.core.models.people import Person
from opgave.core.models.security import DenialTally, LoginFailure, RecoveryCodeDevice, SecondFactorGrace
from opgave.core.models.tokens import ApiToken

__all__ = [
    "ApiToken",
    "AppendOnlyError",
    "AuditRecord",
    "DenialTally",
    "LogHead",
    "LoginFailure",
    "Membership",
    "Organisation",
    "OrganisationKind",
    "Person",
    "ProcessingActivity",
    "ProcessingLogRecord",
    "RecoveryCodeDevice",
    "SecondFactorGrace",
]
