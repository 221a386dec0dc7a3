"""Jinja filters and globals: local times, money, counts of things, Markdown."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

from pdportal import policy
from pdportal.services.markdown import render_markdown


def to_local(value: datetime | None, time_zone: str) -> datetime | None:
    return value.astimezone(ZoneInfo(time_zone)) if value else None


def format_local(
    value: datetime | None, time_zone: str, fmt: str = "%a %b %-d, %Y · %-I:%M %p"
) -> str:
    """A UTC datetime shown in a network's zone, with the zone's abbreviation."""
    local = to_local(value, time_zone)
    return f"{local.strftime(fmt)} {local.tzname()}" if local else ""


def format_local_date(value: datetime | None, time_zone: str) -> str:
    local = to_local(value, time_zone)
    return local.strftime("%a %b %-d, %Y") if local else ""


def format_money(cents: int) -> str:
    """A price: "Free" for nothing, else dollars and cents."""
    return "Free" if cents == 0 else format_amount(cents)


def format_amount(cents: int) -> str:
    """An amount of money, $0.00 included (totals, refunds, what is due)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}${cents // 100:,}.{cents % 100:02d}"


def count_of(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 educator", "2 educators", "0 people" (give `plural` when it is not singular + s)."""
    noun = singular if count == 1 else (plural or singular + "s")
    return f"{count:,} {noun}"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["local"] = format_local
    app.jinja_env.filters["local_date"] = format_local_date
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["amount"] = format_amount
    app.jinja_env.filters["count_of"] = count_of
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["nav_roles"] = policy.signed_in_roles
