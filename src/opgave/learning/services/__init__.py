"""Every write of the learning pillar. Each function takes ``actor: Actor`` keyword-only, checks
permission itself (:mod:`opgave.learning.permissions`), changes the data and writes the audit
record in one transaction."""

from opgave.learning.services.circles import (
    add_meeting,
    answer_invitation,
    create_circle,
    decide_request,
    invite,
    link_lesson,
    reply,
    request_membership,
    start_thread,
    update_meeting,
)
from opgave.learning.services.landscape import RefreshReport, refresh_overlaps, regisseurs
from opgave.learning.services.lessons import record_lesson, update_lesson
from opgave.learning.services.twinning import (
    add_activity,
    add_friction,
    add_months,
    change_form,
    decide_proposal,
    record_evaluation,
    save_profile,
    schedule_evaluations,
    start_twinning,
    submit_proposal,
    update_friction,
    update_results,
)

__all__ = [
    "RefreshReport",
    "add_activity",
    "add_friction",
    "add_meeting",
    "add_months",
    "answer_invitation",
    "change_form",
    "create_circle",
    "decide_proposal",
    "decide_request",
    "invite",
    "link_lesson",
    "record_evaluation",
    "record_lesson",
    "refresh_overlaps",
    "regisseurs",
    "reply",
    "request_membership",
    "save_profile",
    "schedule_evaluations",
    "start_thread",
    "start_twinning",
    "submit_proposal",
    "update_friction",
    "update_lesson",
    "update_meeting",
    "update_results",
]
