"""Every model, importable from one place (and registered on the metadata)."""

from pdportal.models.account import (
    AuditAction,
    AuditEntry,
    SignInSession,
    TwoStepCredential,
    UserEmail,
)
from pdportal.models.attendance import (
    ATTENDED_STATUSES,
    Attendance,
    AttendanceChange,
    AttendanceSource,
    AttendanceStatus,
)
from pdportal.models.certificate import Certificate, CertificateStatus
from pdportal.models.evaluation import (
    RATING_QUESTIONS,
    EvaluationInvitation,
    EvaluationResponse,
    EvaluationSubmission,
)
from pdportal.models.message import MessageAudience, WorkshopMessage
from pdportal.models.network import Network, NetworkAdmin
from pdportal.models.outbox import OutboxMessage, OutboxStatus
from pdportal.models.payment import (
    DiscountCode,
    DiscountRedemption,
    Payment,
    PaymentState,
    StripeEvent,
)
from pdportal.models.registration import (
    ACTIVE_STATUSES,
    OFFLINE_PAYMENT_METHODS,
    PaymentMethod,
    PaymentStatus,
    Registration,
    RegistrationStatus,
)
from pdportal.models.user import EducatorType, GradeBand, RaceEthnicity, Subject, User
from pdportal.models.workshop import (
    CreditType,
    Designation,
    Topic,
    Workshop,
    WorkshopFacilitator,
    WorkshopFormat,
    WorkshopSession,
    WorkshopStatus,
)

__all__ = [
    "AuditAction",
    "AuditEntry",
    "TwoStepCredential",
    "SignInSession",
    "UserEmail",
    "ACTIVE_STATUSES",
    "ATTENDED_STATUSES",
    "RATING_QUESTIONS",
    "Attendance",
    "AttendanceChange",
    "AttendanceSource",
    "AttendanceStatus",
    "Certificate",
    "CertificateStatus",
    "EvaluationInvitation",
    "EvaluationResponse",
    "EvaluationSubmission",
    "CreditType",
    "Designation",
    "EducatorType",
    "GradeBand",
    "MessageAudience",
    "Network",
    "NetworkAdmin",
    "OutboxMessage",
    "OutboxStatus",
    "Payment",
    "PaymentState",
    "StripeEvent",
    "DiscountCode",
    "DiscountRedemption",
    "OFFLINE_PAYMENT_METHODS",
    "PaymentMethod",
    "PaymentStatus",
    "RaceEthnicity",
    "Registration",
    "RegistrationStatus",
    "Subject",
    "Topic",
    "User",
    "Workshop",
    "WorkshopFacilitator",
    "WorkshopFormat",
    "WorkshopMessage",
    "WorkshopSession",
    "WorkshopStatus",
]
