"""Markdown to safe HTML: markdown-it renders, nh3 keeps only harmless tags."""

from __future__ import annotations

from html import unescape

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# linkify: the bare web addresses facilitators paste (a Google Doc, a sign-up form) become links.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable(["table", "linkify"])

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def render_markdown(source: str) -> Markup:
    html = _renderer.render(source or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


def markdown_to_text(source: str) -> str:
    """Plain text for calendar descriptions and emails: tags stripped, entities kept readable."""
    html = _renderer.render(source or "")
    return unescape(nh3.clean(html, tags=set())).strip()
