"""Closing a door for a while after repeated failures: logins, password reset requests,
invitation links and API tokens, counted by account and by network address separately.

After `limit` failures within WINDOW, the door closes for the first delay of its rule; each new
lockout takes the next, longer delay (the last one repeats), and a door that stayed open for
MEMORY forgets its past lockouts. Nothing sleeps in the request: a closed door is refused at
once with the time to come back. The state lives in the database (`Throttle`), shared by every
web process (the cache may be each process's own memory).

So that an attacker cannot keep a victim out of her own account, the account's lock is bounded
(30 minutes at most) and does not apply to a browser where the account logged in before: a
signed « device » cookie (OWASP's device cookies) is counted on its own. The by-address count
has a higher limit, since a town hall's staff may share one address.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from ouvert.accounts.models import Throttle

WINDOW = timedelta(minutes=15)
MEMORY = timedelta(days=1)
DEVICE_COOKIE = "ouvert_appareil"
DEVICE_SALT = "ouvert.accounts.throttle.device"
DEVICE_MAX_AGE = 365 * 24 * 3600


class Door(StrEnum):
    LOGIN = "login"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a door's name, not a password
    INVITATION = "invitation"
    API_TOKEN = "api_token"  # noqa: S105 - a door's name, not a token


class Scope(StrEnum):
    ACCOUNT = "account"
    DEVICE = "device"
    ADDRESS = "address"


@dataclass(frozen=True)
class Rule:
    """How many failures within WINDOW close the door, and for how long each time."""

    limit: int
    delays: tuple[timedelta, ...]

    def delay(self, lockouts: int) -> timedelta:
        return self.delays[min(lockouts, len(self.delays)) - 1]


def _minutes(*values: int) -> tuple[timedelta, ...]:
    return tuple(timedelta(minutes=value) for value in values)


RULES: dict[tuple[Door, Scope], Rule] = {
    (Door.LOGIN, Scope.ACCOUNT): Rule(5, _minutes(1, 5, 15, 30)),
    (Door.LOGIN, Scope.DEVICE): Rule(5, _minutes(1, 5, 15, 30)),
    (Door.LOGIN, Scope.ADDRESS): Rule(20, _minutes(1, 5, 15, 60, 240)),
    # Every request counts: whether the address has an account is never said.
    (Door.PASSWORD_RESET, Scope.ACCOUNT): Rule(3, _minutes(15, 60)),
    (Door.PASSWORD_RESET, Scope.ADDRESS): Rule(10, _minutes(15, 60, 240)),
    (Door.INVITATION, Scope.ADDRESS): Rule(10, _minutes(1, 5, 15, 60)),
    (Door.API_TOKEN, Scope.ADDRESS): Rule(20, _minutes(1, 5, 15, 60)),
}

WHAT = {
    Door.LOGIN: "d'essais de connexion",
    Door.PASSWORD_RESET: "de demandes de nouveau mot de passe",
    Door.INVITATION: "de liens d'invitation erronés",
    Door.API_TOKEN: "de jetons d'API refusés",
}
WHO = {
    Scope.ACCOUNT: "pour ce compte",
    Scope.DEVICE: "pour ce compte",
    Scope.ADDRESS: "depuis votre adresse réseau",
}


class Locked(PermissionDenied):
    """A closed door; `str()` is the French message with the time to come back."""

    def __init__(self, door: Door, scope: Scope, until: datetime) -> None:
        self.door, self.scope, self.until = door, scope, until
        super().__init__(
            f"Trop {WHAT[door]} {WHO[scope]} : réessayez {when(until)}."
            + (
                " Vous pouvez aussi choisir un nouveau mot de passe (« Mot de passe oublié »)."
                if door == Door.LOGIN and scope != Scope.ADDRESS
                else ""
            )
        )

    @property
    def retry_after(self) -> int:
        """Seconds to wait, for the Retry-After header."""
        return max(1, math.ceil((self.until - timezone.now()).total_seconds()))


def when(until: datetime) -> str:
    """« à 17 h 05 (dans 5 minutes) », in the platform's time zone."""
    local = timezone.localtime(until)
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    if minutes < 60:
        wait = f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"
    else:
        hours = math.ceil(minutes / 60)
        wait = f"{hours} heure" if hours == 1 else f"{hours} heures"
    day = "" if local.date() == timezone.localtime().date() else f" le {local:%d/%m}"
    return f"à partir de {local.hour} h {local.minute:02d}{day} (dans {wait})"


def _trusted_proxies() -> set[str]:
    # The same list as gunicorn's (`ouvert serve` passes it on): addresses of reverse proxies
    # whose X-Forwarded-For is believed.
    return {part.strip() for part in os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1").split(",")}


def client_address(request: HttpRequest) -> str:
    """The client's address: the peer's, or behind a trusted proxy the last address it added.
    An IPv6 address counts by its /64 network (one subscriber's whole block)."""
    address = request.META.get("REMOTE_ADDR", "")
    trusted = _trusted_proxies()
    if address in trusted or "*" in trusted:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        for hop in reversed([h for h in hops if h]):
            if hop not in trusted:
                address = hop
                break
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _hash(*parts: str) -> str:
    # Keyed: the table never holds an e-mail or an address in clear.
    message = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _device(request: HttpRequest | None, account: str) -> str | None:
    """The nonce of a valid device cookie issued to this account, if the request has one."""
    if request is None or not account:
        return None
    try:
        value = signing.loads(
            request.COOKIES.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE
        )
    except signing.BadSignature:
        return None
    if isinstance(value, dict) and value.get("a") == _hash("account", account):
        return str(value.get("n", ""))
    return None


def device_cookie(account: str) -> str:
    """The value of the device cookie set when this account logs in."""
    return signing.dumps(
        {"a": _hash("account", account.strip().lower()), "n": secrets.token_hex(8)},
        salt=DEVICE_SALT,
    )


@dataclass(frozen=True)
class _Counter:
    scope: Scope
    key: str
    label: str  # for the journal


def _counters(door: Door, request: HttpRequest | None, account: str) -> list[_Counter]:
    account = account.strip().lower()
    counters = []
    if account and (door, Scope.ACCOUNT) in RULES:
        nonce = _device(request, account) if (door, Scope.DEVICE) in RULES else None
        if nonce:
            counters.append(_Counter(Scope.DEVICE, _hash("device", account, nonce), account))
        else:
            counters.append(_Counter(Scope.ACCOUNT, _hash("account", account), account))
    address = client_address(request) if request is not None else ""
    if address and (door, Scope.ADDRESS) in RULES:
        counters.append(_Counter(Scope.ADDRESS, _hash("address", address), address))
    return counters


def check(door: Door, request: HttpRequest | None, account: str = "") -> None:
    """Raises Locked if the door is closed for this account or this address."""
    now = timezone.now()
    for counter in _counters(door, request, account):
        until = (
            Throttle.objects.filter(door=door, scope=counter.scope, key=counter.key)
            .values_list("locked_until", flat=True)
            .first()
        )
        if until is not None and until > now:
            raise Locked(door, counter.scope, until)


def record_failure(door: Door, request: HttpRequest | None, account: str = "") -> Locked | None:
    """Counts one failure; the one that reaches the limit closes the door and writes it in the
    journal (returns the lock: the attempt itself is still answered as a failure)."""
    closed: Locked | None = None
    for counter in _counters(door, request, account):
        locked = _count(door, counter)
        closed = closed or locked
    return closed


def record_success(door: Door, request: HttpRequest | None, account: str) -> None:
    """A successful login forgets the account's failures (not the address's)."""
    for counter in _counters(door, request, account):
        if counter.scope != Scope.ADDRESS:
            Throttle.objects.filter(door=door, scope=counter.scope, key=counter.key).delete()


def _count(door: Door, counter: _Counter) -> Locked | None:
    rule = RULES[(door, counter.scope)]
    now = timezone.now()
    with transaction.atomic():
        row, _ = Throttle.objects.select_for_update().get_or_create(
            door=door, scope=counter.scope, key=counter.key
        )
        if row.locked_until is not None and row.locked_until > now:
            return None  # already closed: attempts while closed do not lengthen it
        if row.last_failure_at is None or now - row.last_failure_at > WINDOW:
            row.failures = 0
        if row.locked_until is not None and now - row.locked_until > MEMORY:
            row.lockouts = 0
        row.failures += 1
        row.last_failure_at = now
        locked = None
        if row.failures >= rule.limit:
            row.lockouts += 1
            row.failures = 0
            row.locked_until = now + rule.delay(row.lockouts)
            locked = Locked(door, counter.scope, row.locked_until)
        row.save()
        if locked is not None:
            _journal(door, counter, rule, row)
    if locked is not None:
        Throttle.objects.filter(last_failure_at__lt=now - MEMORY - WINDOW).delete()
    return locked


JOURNAL = {
    Door.LOGIN: "Connexion",
    Door.PASSWORD_RESET: "Demande de nouveau mot de passe",
    Door.INVITATION: "Lien d'invitation",
    Door.API_TOKEN: "Jeton d'API",
}


def _journal(door: Door, counter: _Counter, rule: Rule, row: Throttle) -> None:
    # The journal platform admins read at /espace/journal/ (publishing.AuditEntry, for now the
    # platform's one journal): imported here, late, as accounts sits below publishing.
    from ouvert.publishing.models import AuditEntry

    assert row.locked_until is not None and row.last_failure_at is not None
    minutes = round((row.locked_until - row.last_failure_at).total_seconds() / 60)
    duration = f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"
    who = {
        Scope.ACCOUNT: f"le compte {counter.label} bloqué",
        Scope.DEVICE: f"le compte {counter.label} bloqué sur un appareil où il s'était connecté",
        Scope.ADDRESS: f"l'adresse réseau {counter.label} bloquée",
    }[counter.scope]
    AuditEntry.objects.create(
        kind=AuditEntry.Kind.THROTTLED,
        summary=f"{JOURNAL[door]} : {who} {duration} après {rule.limit} échecs"[:500],
        details={
            "door": str(door),
            "scope": str(counter.scope),
            "subject": counter.label,
            "until": row.locked_until.isoformat(),
            "lockouts": row.lockouts,
        },
    )
