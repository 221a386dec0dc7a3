"""The confirm step of an action that cannot simply be taken back: a page that says what
will happen (and to how many people) and posts the same form again with `confirmed=1`.
Works without JavaScript; every blueprint's irreversible action uses this one page."""

from __future__ import annotations

from flask import render_template, request


def is_confirmed() -> bool:
    return request.form.get("confirmed") == "1"


def confirm_page(
    *,
    heading: str,
    consequences: list[str],
    action: str,
    confirm_label: str,
    cancel_url: str,
    audited: bool,
    hidden: dict[str, str] | None = None,
) -> str:
    """`audited` when the action is written to the audit log (the page says so)."""
    return render_template(
        "confirm.html",
        heading=heading,
        consequences=consequences,
        action=action,
        confirm_label=confirm_label,
        cancel_url=cancel_url,
        audited=audited,
        hidden=hidden or {},
    )
