"""Small pieces every area's forms share: line breaks counted as browsers count them,
and length limits that name the field."""

from __future__ import annotations

from wtforms.validators import Length


def one_newline(text: str | None) -> str | None:
    """Browsers send a textarea's line breaks as CRLF but count them as one character
    (`maxlength`): count them as one here too, so what the browser let through fits."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if text else text


def at_most(limit: int, what: str) -> Length:
    """A length limit that names the field and says how long the text is now."""
    return Length(
        max=limit,
        message=f"Keep the {what} to {limit:,} characters or fewer (it has %(length)d).",
    )
