"""Post a comment or a reply in a discussion thread (on a proposal or a design step)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from opgave.collaborations import selectors
from opgave.collaborations.forms.access import CommentForm
from opgave.collaborations.services.discussion import post_comment, topic_url
from opgave.collaborations.views.common import actor, page, report
from opgave.core.exceptions import Invalid, ServiceError


@login_required
@require_POST
@page
def comment(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.collaboration(request.user, uuid)
    topic = request.POST.get("onderwerp", "")[:64]
    parent_uuid = request.POST.get("antwoord_op", "")
    parent = selectors.comment(request.user, item, parent_uuid) if parent_uuid else None
    form = CommentForm(request.POST)
    try:
        if not form.is_valid():
            raise Invalid("Schrijf een reactie (hoogstens 4000 tekens).")
        post_comment(item, actor=actor(request), topic=topic, body=form.cleaned_data["body"], parent=parent)
    except ServiceError as exc:
        report(request, exc)
        return redirect(
            topic_url(item, topic)
            if topic.startswith(("step:", "proposal:"))
            else f"/samenwerkingen/{item.uuid}/"
        )
    messages.success(request, "Je reactie is geplaatst.")
    return redirect(topic_url(item, topic))
