"""Absolute links for emails, feeds, certificates and QR codes: always `BASE_URL` plus the
route's path, never the request's Host header (which anyone can set), and usable outside
a request (`flask sweep`, `send-mail`)."""

from __future__ import annotations

from typing import Any

from flask import current_app


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def external_url(endpoint: str, **values: Any) -> str:
    adapter = current_app.url_map.bind(
        "localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/"
    )
    return base_url() + adapter.build(endpoint, values)
