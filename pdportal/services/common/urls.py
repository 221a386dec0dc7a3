"""Absolute links for emails, feeds, certificates and QR codes: always `BASE_URL` plus the
route's path, never the request's Host header (which anyone can set), and usable outside
a request (`flask sweep`, `send-mail`)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from werkzeug.routing import MapAdapter


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def external_url(endpoint: str, **values: Any) -> str:
    return base_url() + _adapter().build(endpoint, values)


def _adapter() -> MapAdapter:
    """One URL adapter an app (binding the map costs more than building a URL, and the
    registration rush builds three a registration)."""
    adapter = current_app.extensions.get("pdportal_url_adapter")
    if adapter is None:
        adapter = current_app.url_map.bind(
            "localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/"
        )
        current_app.extensions["pdportal_url_adapter"] = adapter
    return adapter
