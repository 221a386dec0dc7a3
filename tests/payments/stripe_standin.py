"""A local stand-in for the few Stripe API endpoints pdportal uses.

It speaks Stripe's wire format (form-encoded requests with bracketed keys, JSON
answers, `{"error": {...}}` with a 4xx status), honours `Idempotency-Key` the way
Stripe does (the same key answers the first response again), and records every
request so tests can assert on what the real `stripe` library sent.

Endpoints: POST /v1/checkout/sessions, GET /v1/checkout/sessions/<id>,
POST /v1/checkout/sessions/<id>/expire, POST /v1/refunds.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

MIN_EXPIRY_SECONDS = 30 * 60
MAX_EXPIRY_SECONDS = 24 * 60 * 60


@dataclass
class RecordedRequest:
    method: str
    path: str
    form: dict[str, str]
    headers: dict[str, str]


@dataclass
class StripeStandIn:
    """State of the fake Stripe account; the HTTP handler reads and writes it under `lock`."""

    secret_key: str
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    idempotent: dict[str, tuple[dict[str, str], int, dict[str, Any]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    base_url: str = ""

    def reset(self) -> None:
        with self.lock:
            self.sessions.clear()
            self.refunds.clear()
            self.requests.clear()
            self.idempotent.clear()

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_test_{next(self.ids):06d}"

    # --- what tests do "at Stripe" -------------------------------------------

    def pay(self, session_id: str) -> dict[str, Any]:
        """The educator completes Checkout: the session is complete and paid."""
        with self.lock:
            session = self.sessions[session_id]
            session["status"] = "complete"
            session["payment_status"] = "paid"
            session["payment_intent"] = session["payment_intent"] or self._new_id("pi")
            return dict(session)

    def expire_now(self, session_id: str) -> dict[str, Any]:
        with self.lock:
            session = self.sessions[session_id]
            session["status"] = "expired"
            return dict(session)

    def requests_to(self, method: str, path_prefix: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_prefix)]

    # --- the API ------------------------------------------------------------

    def handle(self, method: str, path: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        parts = [part for part in path.split("?")[0].split("/") if part]
        if parts[:3] == ["v1", "checkout", "sessions"]:
            if method == "POST" and len(parts) == 3:
                return self._create_session(form)
            if method == "GET" and len(parts) == 4:
                return self._retrieve_session(parts[3])
            if method == "POST" and len(parts) == 5 and parts[4] == "expire":
                return self._expire_session(parts[3])
        if parts == ["v1", "refunds"] and method == "POST":
            return self._create_refund(form)
        return error(404, f"Unrecognized request URL ({method}: {path}).")

    def _create_session(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        for name in ("mode", "success_url", "cancel_url", "line_items[0][quantity]"):
            if name not in form:
                return error(400, f"Missing required param: {name}.", param=name)
        now = int(time.time())
        expires_at = int(form.get("expires_at", now + MAX_EXPIRY_SECONDS))
        if not now + MIN_EXPIRY_SECONDS <= expires_at <= now + MAX_EXPIRY_SECONDS:
            return error(
                400,
                "The `expires_at` timestamp must be between 30 minutes and 24 hours"
                " from Checkout Session creation.",
                param="expires_at",
            )
        session_id = self._new_id("cs")
        quantity = int(form["line_items[0][quantity]"])
        amount = int(form.get("line_items[0][price_data][unit_amount]", "0")) * quantity
        metadata = {
            key[len("metadata[") : -1]: value
            for key, value in form.items()
            if key.startswith("metadata[")
        }
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": form["mode"],
            "status": "open",
            "payment_status": "unpaid",
            "payment_intent": None,
            "amount_total": amount,
            "currency": form.get("line_items[0][price_data][currency]", "usd"),
            "client_reference_id": form.get("client_reference_id"),
            "customer_email": form.get("customer_email"),
            "metadata": metadata,
            "success_url": form["success_url"],
            "cancel_url": form["cancel_url"],
            "expires_at": expires_at,
            "created": now,
            "url": f"{self.base_url}/checkout/pay/{session_id}",
            "livemode": False,
        }
        self.sessions[session_id] = session
        return 200, dict(session)

    def _retrieve_session(self, session_id: str) -> tuple[int, dict[str, Any]]:
        if session_id not in self.sessions:
            return error(404, f"No such checkout.session: '{session_id}'", code="resource_missing")
        return 200, dict(self.sessions[session_id])

    def _expire_session(self, session_id: str) -> tuple[int, dict[str, Any]]:
        if session_id not in self.sessions:
            return error(404, f"No such checkout.session: '{session_id}'", code="resource_missing")
        session = self.sessions[session_id]
        if session["status"] != "open":
            # As Stripe: only open sessions can be expired.
            return error(
                400,
                'Only Checkout Sessions with a status in ["open"] can be expired.'
                f" This Checkout Session has a status of {session['status']!r}.",
                code="checkout_session_not_open",
            )
        session["status"] = "expired"
        return 200, dict(session)

    def _create_refund(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        intent = form.get("payment_intent", "")
        paid = [s for s in self.sessions.values() if s["payment_intent"] == intent]
        if not intent or not paid:
            return error(404, f"No such payment_intent: '{intent}'", code="resource_missing")
        amount = int(form.get("amount", paid[0]["amount_total"]))
        refund = {
            "id": self._new_id("re"),
            "object": "refund",
            "amount": amount,
            "currency": paid[0]["currency"],
            "payment_intent": intent,
            "status": "succeeded",
            "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")},
        }
        self.refunds[refund["id"]] = refund
        return 200, dict(refund)


def error(status: int, message: str, **extra: str) -> tuple[int, dict[str, Any]]:
    return status, {"error": {"type": "invalid_request_error", "message": message} | extra}


def _handler_for(standin: StripeStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            form = dict(parse_qsl(body, keep_blank_values=True))
            if method == "GET" and "?" in self.path:
                form.update(parse_qsl(self.path.split("?", 1)[1]))
            headers = {key.lower(): value for key, value in self.headers.items()}
            with standin.lock:
                standin.requests.append(RecordedRequest(method, self.path, form, headers))
                if headers.get("authorization") != f"Bearer {standin.secret_key}":
                    status, answer = (
                        401,
                        {"error": {"type": "invalid_request_error", "message": "Invalid API Key"}},
                    )
                elif (key := headers.get("idempotency-key")) and key in standin.idempotent:
                    first_form, status, answer = standin.idempotent[key]
                    if first_form != form:  # as Stripe: a key is bound to its parameters
                        status, answer = error(
                            400,
                            "Keys for idempotent requests can only be used with the same"
                            " parameters they were first used with.",
                            type="idempotency_error",
                        )
                else:
                    status, answer = standin.handle(method, self.path, form)
                    if key and method == "POST":
                        standin.idempotent[key] = (form, status, answer)
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Request-Id", f"req_{len(standin.requests)}")
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._serve("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._serve("POST")

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Handler


class StandInServer:
    """The stand-in served on 127.0.0.1 at a free port, in a daemon thread."""

    def __init__(self, secret_key: str) -> None:
        self.standin = StripeStandIn(secret_key=secret_key)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self.standin))
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.standin.base_url = self.url
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> StripeStandIn:
        self._thread.start()
        return self.standin

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
