"""Districts: coordinators who register their staff in groups on one purchase order, see
and cancel their district's registrations, and invite new staff to set a password."""

from pdportal.services.districts.coordinators import (
    Appointment,
    AppointProblem,
    appoint,
    check_appointment,
    district_registrations,
    end,
    of_network,
    roles_of,
)
from pdportal.services.districts.exports import SubstituteRow, substitutes
from pdportal.services.districts.groups import (
    MAX_GROUP,
    BadLine,
    GroupError,
    GroupRefusal,
    LineProblem,
    StaffLine,
    members,
    open_workshops,
    parse_staff,
    register_staff,
)
from pdportal.services.districts.invitations import accept, is_invited, user_for_invitation

__all__ = [
    "MAX_GROUP",
    "Appointment",
    "AppointProblem",
    "BadLine",
    "GroupError",
    "GroupRefusal",
    "LineProblem",
    "StaffLine",
    "SubstituteRow",
    "accept",
    "members",
    "open_workshops",
    "appoint",
    "check_appointment",
    "district_registrations",
    "end",
    "is_invited",
    "of_network",
    "parse_staff",
    "register_staff",
    "roles_of",
    "substitutes",
    "user_for_invitation",
]
