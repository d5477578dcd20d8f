"""Log in with a username or an e-mail address (case-insensitive), password checked with Argon2."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not username or password is None:
            return None
        model = get_user_model()
        field = "email__iexact" if "@" in username else "username"
        try:
            person = model._default_manager.get(**{field: username.strip()})
        except model.DoesNotExist:
            model().set_password(password)  # same work as a real check: no timing oracle
            return None
        if person.check_password(password) and self.user_can_authenticate(person):
            return person
        return None

    def user_can_authenticate(self, user: Any) -> bool:
        """Active accounts only; demo accounts only while the platform runs in demo mode."""
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        return super().user_can_authenticate(user)
