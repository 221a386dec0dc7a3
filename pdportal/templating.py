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
    app.jinja_env.filters["zone_name"] = i18n.zone_name
    app.jinja_env.filters["money"] = i18n.format_money
    app.jinja_env.filters["amount"] = i18n.format_amount
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["nav_roles"] = policy.signed_in_roles
