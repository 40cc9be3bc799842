"""Template filters of ouvert's pages."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from ouvert.engine.markdown import markdown_to_text, render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Publisher Markdown as sanitised HTML."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - sanitised by nh3


@register.filter
def excerpt(text: str, limit: int = 200) -> str:
    """A plain-text excerpt of Markdown."""
    return markdown_to_text(text or "", limit)
