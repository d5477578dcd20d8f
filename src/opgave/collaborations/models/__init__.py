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
from opgave.collaborations.models.programmes import Programme, Theme
from opgave.collaborations.models.sessions import Consent, Session, SessionAnswer, SessionKind, SessionStatus
from opgave.collaborations.models.tensions import Tension, TensionKind
from opgave.collaborations.models.versions import DesignVersion

__all__ = [
    "Activity",
    "ActivityKind",
    "Collaboration",
    "Consent",
    "DesignVersion",
    "Goal",
    "GoalMeasurement",
    "Lesson",
    "LessonInstrument",
    "LessonOrder",
    "LessonVisibility",
    "NationalRelation",
    "Participation",
    "Programme",
    "PulseResponse",
    "Session",
    "SessionAnswer",
    "SessionKind",
    "SessionStatus",
    "Status",
    "Tension",
    "TensionKind",
    "Theme",
]
