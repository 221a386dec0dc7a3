"""Running workshops: creating, editing, publishing, duplicating and cancelling them,
their sessions, facilitators and networks, and telling registrants about changes.

The functions answer values (`results`): what they did, or a `WorkshopError` naming
the `Problem`; the admin views put them in words."""

from pdportal.services.workshops import approval
from pdportal.services.workshops.editing import (
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
from pdportal.services.workshops.results import (
    MissingPlace,
    Problem,
    Published,
    SessionChange,
    SessionOutcome,
    Unannounced,
    WorkshopError,
    WorkshopSaved,
)

__all__ = [
    "approval",
    "MissingPlace",
    "Problem",
    "Published",
    "SessionChange",
    "SessionOutcome",
    "Unannounced",
    "WorkshopError",
    "WorkshopSaved",
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
