from opgave.collaborations.models.access import Invitation, JoinRequest, RequestStatus
from opgave.collaborations.models.activity import (
    Activity,
    ActivityKind,
    Goal,
    GoalMeasurement,
    Lesson,
    LessonInstrument,
    LessonOrder,
    LessonVisibility,
    PulseResponse,
)
from opgave.collaborations.models.collaboration import Collaboration, NationalRelation, Participation, Status
from opgave.collaborations.models.discussion import Comment
from opgave.collaborations.models.programmes import Programme, Theme
from opgave.collaborations.models.sessions import Consent, Session, SessionAnswer, SessionKind, SessionStatus
from opgave.collaborations.models.tensions import Tension, TensionKind
from opgave.collaborations.models.versions import DesignVersion

__all__ = [
    "Activity",
    "ActivityKind",
    "Collaboration",
    "Comment",
    "Consent",
    "DesignVersion",
    "Goal",
    "GoalMeasurement",
    "Invitation",
    "JoinRequest",
    "Lesson",
    "LessonInstrument",
    "LessonOrder",
    "LessonVisibility",
    "NationalRelation",
    "Participation",
    "Programme",
    "PulseResponse",
    "RequestStatus",
    "Session",
    "SessionAnswer",
    "SessionKind",
    "SessionStatus",
    "Status",
    "Tension",
    "TensionKind",
    "Theme",
]
