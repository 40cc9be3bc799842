"""Remote descriptions written in HTML (OpenDataSoft, some CKAN) as plain Markdown-safe text."""

from __future__ import annotations

import html
import re

BLOCK = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6]|/tr)\s*/?\s*>", re.IGNORECASE)
ITEM = re.compile(r"<\s*li[^>]*>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def html_to_text(value: str) -> str:
    """Paragraphs and list items kept as lines, every other tag dropped, entities decoded."""
    if "<" not in value:
        return value.strip()
    text = ITEM.sub("- ", BLOCK.sub("\n", value))
    text = html.unescape(TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
