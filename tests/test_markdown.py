"""Workshop descriptions: Markdown rendered safely, bare web addresses made into links."""

from __future__ import annotations

from pdportal.services.common.markdown import markdown_to_text, render_markdown


def test_bare_web_addresses_become_safe_links():
    html = render_markdown("Pre-reading: https://docs.google.com/document/d/1aBc/edit please.")
    assert (
        '<a href="https://docs.google.com/document/d/1aBc/edit" rel="noopener noreferrer nofollow">'
        in html
    )


def test_scripts_and_javascript_links_never_survive():
    html = render_markdown(
        '<script>alert(1)</script> [click](javascript:alert(1)) <img src=x onerror="alert(1)">'
    )
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html  # shown as the text it is


def test_plain_text_keeps_the_address_readable():
    assert (
        markdown_to_text("See https://example.org/a?b=1&c=2") == "See https://example.org/a?b=1&c=2"
    )
