"""Template context: the current portal and its theme."""

from __future__ import annotations

from django.http import HttpRequest

from ouvert.territory.models import Portal
from ouvert.territory.theme import Theme


def portal(request: HttpRequest) -> dict[str, object]:
    current: Portal | None = getattr(request, "portal", None)
    if current is None:
        return {}
    theme = Theme(current.primary_colour, current.accent_colour)
    return {"portal": current, "portal_theme_css": theme.css()}
