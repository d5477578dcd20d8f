"""Discussion threads on a collaboration: ``topic`` is ``step:<1..5>`` or ``proposal:<session uuid>``."""

import datetime as dt
import uuid

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from opgave.api.collaborations.common import READ, WRITE, actor_of, collaboration_of, principal
from opgave.api.idempotency import idempotent
from opgave.api.responses import json_response
from opgave.api.validation import InputSchema
from opgave.collaborations import selectors
from opgave.collaborations.models import Comment
from opgave.collaborations.services.discussion import post_comment

router = Router(tags=["Discussie"])
TOPIC = r"^(step:[1-5]|proposal:[0-9a-f-]{36})$"


class CommentOut(Schema):
    id: uuid.UUID
    author: str
    body: str
    created_at: dt.datetime
    mentions: list[str] = Field(description="Genoemde deelnemers (gebruikersnamen); zij kregen een melding.")

    @classmethod
    def build(cls, c: Comment) -> "CommentOut":
        return cls(
            id=c.uuid,
            author=str(c.author),
            body=c.body,
            created_at=c.created_at,
            mentions=[p.get_username() for p in c.mentions.all()],
        )


class ThreadOut(Schema):
    comment: CommentOut
    replies: list[CommentOut]


class TopicQuery(Schema):
    topic: str = Field(pattern=TOPIC, description="'step:1' … 'step:5' of 'proposal:<uuid van de sessie>'.")


class CommentIn(InputSchema):
    topic: str = Field(pattern=TOPIC)
    body: str = Field(min_length=1, max_length=4000)
    reply_to: uuid.UUID | None = Field(None, description="De reactie waarop dit een antwoord is.")


@router.get(
    "/collaborations/{collaboration_id}/discussion",
    response=list[ThreadOut],
    auth=READ,
    url_name="discussion",
    summary="Discussie over een stap of een voorstel (reacties met hun antwoorden)",
)
def get_discussion(
    request: HttpRequest, collaboration_id: uuid.UUID, query: Query[TopicQuery]
) -> list[ThreadOut]:
    item = collaboration_of(request, collaboration_id)
    threads = selectors.discussion(principal(request), item, query.topic)
    return [
        ThreadOut(comment=CommentOut.build(t.comment), replies=[CommentOut.build(r) for r in t.replies])
        for t in threads
    ]


@router.post(
    "/collaborations/{collaboration_id}/discussion",
    response={201: CommentOut},
    auth=WRITE,
    url_name="discussion-post",
    summary="Reageren (met @gebruikersnaam noem je een deelnemer; die krijgt een melding)",
)
@idempotent()
def create_comment(request: HttpRequest, collaboration_id: uuid.UUID, payload: CommentIn) -> HttpResponse:
    item = collaboration_of(request, collaboration_id)
    who = principal(request)
    parent = selectors.comment(who, item, payload.reply_to) if payload.reply_to else None
    made = post_comment(item, topic=payload.topic, body=payload.body, parent=parent, actor=actor_of(request))
    return json_response(CommentOut.build(made), status=201)
