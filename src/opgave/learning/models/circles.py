"""Knowledge circles (*kenniskringen*): practitioners of different organisations who meet and learn."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class KnowledgeCircle(models.Model):
    """Name and purpose are visible to every user; meetings and threads only to members."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("naam", max_length=200)
    purpose = models.TextField("waar de kring over gaat")
    theme = models.CharField("thema", max_length=120, blank=True, default="")
    twinning = models.ForeignKey(
        "learning.Twinning",
        verbose_name="twinning",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="circles",
    )
    lessons = models.ManyToManyField(
        "collaborations.Lesson", verbose_name="lessen uit de kring", blank=True, related_name="circles"
    )
    open_to_requests = models.BooleanField("aanmelden mogelijk", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = "kenniskring"
        verbose_name_plural = "kenniskringen"

    def __str__(self) -> str:
        return self.name


class CircleRole(models.TextChoices):
    TREKKER = "trekker", "Trekker"
    LID = "lid", "Lid"


class CircleMemberStatus(models.TextChoices):
    INVITED = "invited", "Uitgenodigd"
    REQUESTED = "requested", "Aangemeld"
    ACTIVE = "active", "Lid"
    DECLINED = "declined", "Afgewezen"


class CircleMember(models.Model):
    """A person in a circle; an invitation or a request is a member that is not active yet."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    circle = models.ForeignKey(KnowledgeCircle, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    organisation = models.ForeignKey(
        "core.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField("rol", max_length=16, choices=CircleRole.choices, default=CircleRole.LID)
    status = models.CharField("status", max_length=16, choices=CircleMemberStatus.choices)
    message = models.CharField("toelichting", max_length=400, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["circle", "person__last_name"]
        verbose_name = "kringlid"
        verbose_name_plural = "kringleden"
        constraints = [models.UniqueConstraint(fields=["circle", "person"], name="circle_member_unique")]

    def __str__(self) -> str:
        return f"{self.person} in {self.circle}"


class CircleMeeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    circle = models.ForeignKey(KnowledgeCircle, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField("titel", max_length=200)
    held_on = models.DateField("datum")
    agenda = models.TextField("agenda", blank=True, default="")
    notes = models.TextField("verslag", blank=True, default="")
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = "bijeenkomst"
        verbose_name_plural = "bijeenkomsten"

    def __str__(self) -> str:
        return self.title


class CircleThread(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    circle = models.ForeignKey(KnowledgeCircle, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField("onderwerp", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "discussie"
        verbose_name_plural = "discussies"

    def __str__(self) -> str:
        return self.title


class CirclePost(models.Model):
    """The opening message of a thread, or a reply to it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    thread = models.ForeignKey(CircleThread, on_delete=models.CASCADE, related_name="posts")
    body = models.TextField("bericht")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = "bericht"
        verbose_name_plural = "berichten"

    def __str__(self) -> str:
        return self.body[:40]
