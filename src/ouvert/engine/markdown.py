"""Markdown written by publishers, rendered to HTML that cannot carry scripts."""

from __future__ import annotations

import html

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_INPUT = 100_000


def render_markdown(text: str) -> str:
    """Markdown → sanitised HTML: raw HTML, scripts, event handlers and javascript: URLs removed.

    Headings start at h2 since the page title is the h1.
    """
    html = markdown_lib.markdown(text[:MAX_INPUT], extensions=["tables", "sane_lists"])
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def markdown_to_text(text: str, limit: int = 300) -> str:
    """A plain-text excerpt of Markdown, for cards and meta descriptions."""
    plain = nh3.clean(markdown_lib.markdown(text[:MAX_INPUT]), tags=set())
    plain = " ".join(html.unescape(plain).split())
    return plain if len(plain) <= limit else plain[: limit - 1].rsplit(" ", 1)[0] + "…"
