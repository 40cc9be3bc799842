"""Template filters of ouvert's pages."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from ouvert.engine.markdown import markdown_to_text, render_markdown

register = template.Library()

JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def markdown(text: str) -> SafeString:
    """Publisher Markdown as sanitised HTML."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - sanitised by nh3


@register.filter
def excerpt(text: str, limit: int = 200) -> str:
    """A plain-text excerpt of Markdown."""
    return markdown_to_text(text or "", limit)


@register.filter
def json_ld(data: object) -> SafeString:
    """A `<script type="application/ld+json">` block; <, > and & escaped so nothing breaks out."""
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    escaped = encoded.translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{escaped}</script>')  # noqa: S308


@register.filter
def remedy_label(name: str) -> str:
    """A personal-data remedy as the publisher reads it."""
    from ouvert.engine.privacy import REMEDY_LABELS

    label = REMEDY_LABELS.get(name, name)
    return label[:1].upper() + label[1:]
