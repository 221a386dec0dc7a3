"""The shape a Stripe event must have before the webhook stores or applies it.

Stripe's signature proves who sent an event, not that each field is what the handlers
read. An event with a malformed envelope (not an object, no usable id or type, an object
that is not an object), or an event we act on whose fields we cannot trust (an amount
that is not a whole number of cents in Stripe's range, an id too long to store), is
refused whole: nothing is stored, so a bad delivery never half-applies and a good one
later is applied as usual. Events of types we do not act on are stored and ignored
whatever their object holds.
"""

from __future__ import annotations

import re
from typing import Any

# Stripe ids and event types: printable ASCII without spaces, as long as our columns.
_IDENTIFIER = re.compile(r"[\x21-\x7e]{1,255}")
TYPE_MAX_LENGTH = 100  # StripeEvent.type
MAX_AMOUNT_CENTS = 99_999_999  # Stripe's largest amount: eight digits
AMOUNT_FIELDS = ("amount", "amount_total", "amount_refunded")
METADATA_VALUE_MAX_LENGTH = 500  # Stripe's own limit on a metadata value


class MalformedEvent(ValueError):
    """A well-signed event the handlers cannot read; the message says which part."""


def envelope(event: Any) -> tuple[str, str, dict[str, Any]]:
    """The event's id, type and object, or MalformedEvent."""
    if not isinstance(event, dict):
        raise MalformedEvent("the event is not an object")
    event_id = _identifier(event.get("id"), "id")
    event_type = _identifier(event.get("type"), "type")
    if len(event_type) > TYPE_MAX_LENGTH:
        raise MalformedEvent("type is too long")
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not isinstance(obj, dict):
        raise MalformedEvent("data.object is not an object")
    return event_id, event_type, obj


def check_object(obj: dict[str, Any]) -> None:
    """The fields the handlers read (sessions and charges), or MalformedEvent."""
    _identifier(obj.get("id"), "data.object.id")
    if obj.get("payment_intent") is not None:
        _identifier(obj["payment_intent"], "data.object.payment_intent")
    for field in AMOUNT_FIELDS:
        amount = obj.get(field)
        if amount is None:
            continue
        if type(amount) is not int or not 0 <= amount <= MAX_AMOUNT_CENTS:
            raise MalformedEvent(f"data.object.{field} is not an amount in cents")
    currency = obj.get("currency")
    if currency is not None and not (
        isinstance(currency, str) and re.fullmatch("[a-z]{3}", currency)
    ):
        raise MalformedEvent("data.object.currency is not a currency code")
    metadata = obj.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise MalformedEvent("data.object.metadata is not an object")
    registration_id = (metadata or {}).get("registration_id")
    if registration_id is not None and not (
        isinstance(registration_id, str) and len(registration_id) <= METADATA_VALUE_MAX_LENGTH
    ):
        raise MalformedEvent("data.object.metadata.registration_id is not a string")


def _identifier(value: Any, name: str) -> str:
    if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value):
        raise MalformedEvent(f"{name} is missing or not a Stripe identifier")
    return value
