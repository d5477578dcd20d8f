"""Discussion threads on a session's proposal and on each design step: comments, replies, @mentions."""

from __future__ import annotations

import re

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from opgave.collaborations import permissions
from opgave.collaborations.models import Collaboration, Comment, Session
from opgave.collaborations.services._common import Actor, deny, record, require_person
from opgave.core.exceptions import Invalid, NotFound
from opgave.core.models import Person
from opgave.notifications.services import notify

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{2,150})")
_TOPIC = re.compile(r"^(step:[1-5]|proposal:[0-9a-f-]{36})$")


def topic_url(collaboration: Collaboration, topic: str) -> str:
    kind, _, key = topic.partition(":")
    if kind == "step":
        return reverse("collaborations:step", args=[collaboration.uuid, int(key)]) + "#discussie"
    return reverse("collaborations:session", args=[key]) + "#discussie"


def mentioned(collaboration: Collaboration, body: str) -> list[Person]:
    """People named as ``@username`` who may see the collaboration's private parts (others are ignored)."""
    names = {m.group(1).rstrip(".") for m in MENTION.finditer(body)}
    if not names:
        return []
    people = Person.objects.filter(username__in=names, is_active=True)
    return [p for p in people if permissions.can_view_private(p, collaboration)]


def post_comment(
    collaboration: Collaboration, *, actor: Actor, topic: str, body: str, parent: Comment | None = None
) -> Comment:
    """A participant comments (or replies). Mentioned participants and the author of the comment
    replied to are notified."""
    if not permissions.can_view_private(actor.principal, collaboration):
        raise deny(actor, "collaboration.comment", collaboration, "Alleen deelnemers praten mee.")
    author = require_person(actor, "collaboration.comment", collaboration)
    if not _TOPIC.match(topic):
        raise Invalid("Onbekend onderwerp van de discussie.")
    if (
        topic.startswith("proposal:")
        and not Session.objects.filter(uuid=topic.partition(":")[2], collaboration=collaboration).exists()
    ):
        raise NotFound("Deze sessie bestaat niet.")
    if not body.strip():
        raise Invalid("Schrijf een reactie.", [{"field": "body", "message": "Verplicht."}])
    if parent is not None and (parent.collaboration_id != collaboration.pk or parent.topic != topic):
        raise Invalid("Je kunt alleen reageren op een reactie in dezelfde discussie.")
    root = parent.parent if parent is not None and parent.parent_id is not None else parent
    with transaction.atomic():
        comment = Comment.objects.create(
            collaboration=collaboration,
            topic=topic,
            parent=root,
            author=author,
            body=body.strip()[:4000],
            created_at=timezone.now(),
        )
        people = mentioned(collaboration, comment.body)
        comment.mentions.set(people)
        record(actor, "collaboration.comment", comment, {"topic": topic, "mentions": len(people)})
        url = topic_url(collaboration, topic)
        told = {author.pk}
        for person in people:
            if person.pk in told:
                continue
            told.add(person.pk)
            notify(
                recipient=person,
                kind="discussion.mention",
                title=f"{author} noemde je in een discussie over '{collaboration.name}'",
                body=comment.body[:500],
                url=url,
            )
        if parent is not None and parent.author_id not in told and parent.author.is_active:
            notify(
                recipient=parent.author,
                kind="discussion.reply",
                title=f"{author} reageerde op je bericht over '{collaboration.name}'",
                body=comment.body[:500],
                url=url,
            )
    return comment
