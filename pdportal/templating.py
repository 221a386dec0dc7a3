"""Jinja filters and globals: local times, money, Markdown, the navigation's roles."""

from __future__ import annotations

from flask import Flask

from pdportal import i18n, policy
from pdportal.services.common.markdown import render_markdown


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["local"] = i18n.format_local
    app.jinja_env.filters["local_date"] = i18n.format_local_date
    app.jinja_env.filters["local_time"] = i18n.format_local_time
    app.jinja_env.filters["money"] = i18n.format_money
    app.jinja_env.filters["amount"] = i18n.format_amount
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["nav_roles"] = policy.signed_in_roles
    app.jinja_env.filters["count_of"] = count_of  # TRANSITIONAL: ngettext in templates


# TRANSITIONAL (issue 14): services still importing these are being converted to return
# outcomes; the names go once nothing imports them.
to_local = i18n.to_local
format_local_date = i18n.format_local_date
format_money = i18n.format_money
format_amount = i18n.format_amount


def format_local(value, time_zone: str, fmt: str | None = None) -> str:  # noqa: ANN001
    local = i18n.to_local(value, time_zone)
    if local is None:
        return ""
    return local.strftime(fmt) if fmt else i18n.format_local(value, time_zone)


def count_of(count: int, singular: str, plural: str | None = None) -> str:
    noun = singular if count == 1 else (plural or singular + "s")
    return f"{count:,} {noun}"
