"""Knowledge circles: the list, one circle (members, meetings, threads, lessons), a thread."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from opgave.core import exceptions as errors
from opgave.learning import permissions, selectors, services
from opgave.learning.forms import CircleForm, InviteForm, MeetingForm, MessageForm, ReplyForm, ThreadForm
from opgave.learning.views.common import actor, crumbs, page, report


def _crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Kenniskringen", reverse("learning:circles")), *trail)


@login_required
@page
def circles(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = CircleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            circle = services.create_circle(actor=who, **form.cleaned_data)
        except errors.ServiceError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "De kenniskring is gestart; je bent de trekker.")
            return redirect("learning:circle", circle.uuid)
    return render(
        request,
        "learning/circles.html",
        {"circles": selectors.circles(who), "form": form, "crumbs": crumbs(("Kenniskringen", ""))},
    )


@login_required
@page
def circle(request: HttpRequest, uuid: str) -> HttpResponse:
    who = actor(request)
    item = selectors.circle(who, uuid)
    member = selectors.my_circle_membership(who, item)
    is_member = permissions.is_circle_member(who, item)
    is_lead = permissions.is_circle_lead(who, item)
    forms: dict[str, Any] = {
        "request": MessageForm(prefix="request"),
        "invite": InviteForm(prefix="invite", people=selectors.invitable_people(who, item))
        if is_lead
        else None,
        "meeting": MeetingForm(prefix="meeting"),
        "thread": ThreadForm(prefix="thread"),
    }
    if request.method == "POST":
        which = request.POST.get("form", "")
        try:
            if which == "request":
                services.request_membership(
                    actor=who, circle=item, message=request.POST.get("request-message", "")
                )
                messages.success(request, "Je aanmelding is verstuurd naar de trekkers.")
                return redirect("learning:circle", item.uuid)
            if which in ("accept", "decline") and member is not None:
                services.answer_invitation(actor=who, member=member, accept=which == "accept")
                messages.success(request, "Je antwoord is vastgelegd.")
                return redirect("learning:circle", item.uuid)
            if which in ("approve", "reject"):
                target = selectors.circle_member(who, item, request.POST.get("member", ""))
                services.decide_request(actor=who, member=target, accept=which == "approve")
                messages.success(request, "Het besluit is vastgelegd.")
                return redirect("learning:circle", item.uuid)
            bound: Any
            if which == "invite" and forms["invite"] is not None:
                bound = InviteForm(
                    request.POST, prefix="invite", people=selectors.invitable_people(who, item)
                )
                forms["invite"] = bound
                if bound.is_valid():
                    person = selectors.person(bound.cleaned_data["person"])
                    services.invite(actor=who, circle=item, person=person)
                    messages.success(request, "De uitnodiging is verstuurd.")
                    return redirect("learning:circle", item.uuid)
            if which in ("meeting", "thread"):
                form_class = MeetingForm if which == "meeting" else ThreadForm
                bound = form_class(request.POST, prefix=which)
                forms[which] = bound
                if bound.is_valid():
                    if which == "meeting":
                        services.add_meeting(actor=who, circle=item, **bound.cleaned_data)
                    else:
                        thread = services.start_thread(actor=who, circle=item, **bound.cleaned_data)
                        return redirect("learning:thread", thread.uuid)
                    messages.success(request, "Vastgelegd.")
                    return redirect("learning:circle", item.uuid)
        except errors.ServiceError as exc:
            report(request, exc, forms.get(which))
    context: dict[str, Any] = {
        "circle": item,
        "member": member,
        "is_member": is_member,
        "is_lead": is_lead,
        "forms": forms,
        "lessons": selectors.circle_lessons(who, item),
        "crumbs": _crumbs((item.name, "")),
    }
    if is_member:
        context["members"] = selectors.circle_members(who, item)
        context["meetings"] = selectors.circle_meetings(who, item)
        context["threads"] = selectors.circle_threads(who, item)
    return render(request, "learning/circle.html", context)


@login_required
@page
def thread(request: HttpRequest, uuid: str) -> HttpResponse:
    who = actor(request)
    item = selectors.thread(who, uuid)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply(actor=who, thread=item, **form.cleaned_data)
        except errors.ServiceError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "Je reactie is geplaatst.")
            return redirect("learning:thread", item.uuid)
    return render(
        request,
        "learning/thread.html",
        {
            "thread": item,
            "posts": selectors.thread_posts(who, item),
            "form": form,
            "crumbs": _crumbs(
                (item.circle.name, reverse("learning:circle", args=[item.circle.uuid])), (item.title, "")
            ),
        },
    )
