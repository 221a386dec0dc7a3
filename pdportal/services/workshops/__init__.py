"""Running workshops: creating, editing, publishing, duplicating and cancelling them,
their sessions, facilitators and networks, and telling registrants about changes."""

from pdportal.services.workshops.editing import (
    WorkshopError,
    active_registration_count,
    add_session,
    assign_facilitator,
    cancel_workshop,
    create_workshop,
    duplicate_workshop,
    publish_workshop,
    refresh_schedule,
    remove_facilitator,
    remove_session,
    unpublish_workshop,
    update_session,
    update_workshop,
)

__all__ = [
    "WorkshopError",
    "active_registration_count",
    "add_session",
    "assign_facilitator",
    "cancel_workshop",
    "create_workshop",
    "duplicate_workshop",
    "publish_workshop",
    "refresh_schedule",
    "remove_facilitator",
    "remove_session",
    "unpublish_workshop",
    "update_session",
    "update_workshop",
]
