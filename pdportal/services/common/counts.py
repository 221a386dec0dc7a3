"""Counted nouns for the operators' one-line summaries that `flask sweep` prints: English,
like log lines. Nothing here is read by the portal's users (their words are translated in
the views and templates)."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 reminder", "3 reminders", "2 people" (with `plural`)."""
    noun = singular if count == 1 else (plural or singular + "s")
    return f"{count:,} {noun}"
