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
from pdportal.models.certificate import Certificate, CertificateSigning, CertificateStatus
from pdportal.models.clockhours import HoursAffidavit, NetworkImage, OfferingApproval
from pdportal.models.directory import District, School, SchoolFlag
from pdportal.models.district import (
    ApprovalStatus,
    DistrictCoordinator,
    RegistrationGroup,
    SupervisorApproval,
)
from pdportal.models.evaluation import (
    RATING_QUESTIONS,
    EvaluationAnswer,
    EvaluationInvitation,
    EvaluationQuestion,
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
from pdportal.models.question import QuestionKind, RegistrationAnswer, WorkshopQuestion
from pdportal.models.registration import (
    ACTIVE_STATUSES,
    OFFLINE_PAYMENT_METHODS,
    PaymentMethod,
    PaymentStatus,
    Registration,
    RegistrationStatus,
)
from pdportal.models.report import ImpactAnswer, ImpactFollowUp, ReportAccess
from pdportal.models.search import WorkshopSearch
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
    "ApprovalStatus",
    "DistrictCoordinator",
    "RegistrationGroup",
    "SupervisorApproval",
    "RATING_QUESTIONS",
    "Attendance",
    "AttendanceChange",
    "AttendanceSource",
    "AttendanceStatus",
    "Certificate",
    "CertificateStatus",
    "CertificateSigning",
    "HoursAffidavit",
    "NetworkImage",
    "OfferingApproval",
    "EvaluationAnswer",
    "EvaluationInvitation",
    "EvaluationQuestion",
    "EvaluationResponse",
    "EvaluationSubmission",
    "CreditType",
    "District",
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
    "QuestionKind",
    "RaceEthnicity",
    "ImpactAnswer",
    "ImpactFollowUp",
    "RegistrationAnswer",
    "ReportAccess",
    "Registration",
    "RegistrationStatus",
    "School",
    "SchoolFlag",
    "Subject",
    "Topic",
    "User",
    "Workshop",
    "WorkshopFacilitator",
    "WorkshopFormat",
    "WorkshopMessage",
    "WorkshopQuestion",
    "WorkshopSearch",
    "WorkshopSession",
    "WorkshopStatus",
]
