"""The main navigation: an educator reaches the transcript from every page, beside Certificates."""

from __future__ import annotations

import re


def main_nav_links(html: str) -> list[tuple[str, str]]:
    nav = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)


def test_signed_in_educator_finds_transcript_beside_certificates(client, auth, make_user):
    auth.login(make_user())  # no certificate yet

    links = main_nav_links(client.get("/workshops").text)

    names = [name for _href, name in links]
    assert names[names.index("Certificates") + 1] == "Transcript"
    assert ("/me/transcript", "Transcript") in links
    assert client.get("/me/transcript").status_code == 200


def test_visitors_have_no_transcript_link(client):
    names = [name for _href, name in main_nav_links(client.get("/").text)]

    assert "Transcript" not in names and "Log in" in names
