"""Log in with an e-mail address, whatever its case; repeated failures close the door for a
while (accounts/throttle.py), for every login form (ours, the admin's)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from ouvert.accounts import throttle
from ouvert.accounts.models import User
from ouvert.accounts.throttle import Door


class EmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = (username or kwargs.get("email") or "").strip().lower()
        if not email or password is None:
            return None
        # A closed door raises Locked, a PermissionDenied: Django's authenticate() stops there,
        # without checking the password.
        throttle.check(Door.LOGIN, request, email)
        user = User.objects.filter(email=email).first()
        if user is None:
            # Same work as a real check, so that timing does not reveal which e-mails exist.
            User().set_password(password)
        elif user.check_password(password) and self.user_can_authenticate(user):
            throttle.record_success(Door.LOGIN, request, email)
            return user
        throttle.record_failure(Door.LOGIN, request, email)
        return None
