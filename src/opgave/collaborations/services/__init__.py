"""All writes of the collaborations pillar. Each function takes the core
:class:`~opgave.core.actors.Actor` keyword-only, checks permission, changes the data and writes
the audit record in one transaction."""

from opgave.collaborations.services.collaborations import (
    agree_version,
    create_collaboration,
    save_draft,
    update_collaboration,
    validate_design,
)
from opgave.collaborations.services.records import (
    add_goal,
    add_lesson,
    add_tension,
    add_theme,
    create_programme,
    log_activity,
    record_measurement,
    submit_pulse,
    update_tension,
)
from opgave.collaborations.services.sessions import (
    complete_divergence,
    consent,
    is_closed,
    open_session,
    reveal,
    start_review_session,
    submit_answer,
    update_proposal,
)

__all__ = [
    "add_goal",
    "add_lesson",
    "add_tension",
    "add_theme",
    "agree_version",
    "complete_divergence",
    "consent",
    "create_collaboration",
    "create_programme",
    "is_closed",
    "log_activity",
    "open_session",
    "record_measurement",
    "reveal",
    "save_draft",
    "start_review_session",
    "submit_answer",
    "submit_pulse",
    "update_collaboration",
    "update_proposal",
    "update_tension",
    "validate_design",
]
