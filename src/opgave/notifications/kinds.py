"""The kinds of notification, with the Dutch label used in the list and as the e-mail subject.

Pillars may use a kind not listed here; it then reads as "Melding". The e-mail subject is only
this label: no names, no titles of collaborations, no personal data.
"""

from __future__ import annotations

KINDS: dict[str, str] = {
    "session.answer_requested": "Een sessie wacht op je antwoord",
    "session.revealed": "De antwoorden in een sessie zijn onthuld",
    "session.proposal_changed": "Een voorstel waarmee je instemde, is gewijzigd",
    "session.agreed": "Iedereen stemde in: een nieuwe versie",
    "session.closing_soon": "Een sessie sluit binnenkort",
    "session.closed": "Een sessie is gesloten",
    "review.due": "Een herijking is nodig",
    "join.requested": "Iemand vraagt om deel te nemen",
    "join.decided": "Je verzoek om deel te nemen is beantwoord",
    "invitation.received": "Je bent uitgenodigd",
    "invitation.answered": "Je uitnodiging is beantwoord",
    "discussion.mention": "Je bent genoemd in een discussie",
    "discussion.reply": "Er is gereageerd in een discussie",
    "landscape.overlap": "Een andere samenwerking overlapt sterk met de jouwe",
}


def label(kind: str) -> str:
    return KINDS.get(kind, "Melding")
