"""The public feedback models, one module per capability; imported here so Django finds them."""

from .complaints import (
    CLOSED_STATUSES,
    Channel,
    Complaint,
    ComplaintAttachment,
    ComplaintEntry,
    ComplaintKind,
    ComplaintStatus,
    ContactBlock,
    ContactKind,
    EntryKind,
    FeedbackSettings,
    PublicService,
    UnitHandler,
)
from .forums import Forum, ForumFollowUp, ForumInput, ForumKind, ForumStatus
from .surveys import ELEMENTS, AgeBand, Education, Gender, Occupation, SkmResponse

__all__ = [
    "CLOSED_STATUSES",
    "ELEMENTS",
    "AgeBand",
    "Channel",
    "Complaint",
    "ComplaintAttachment",
    "ComplaintEntry",
    "ComplaintKind",
    "ComplaintStatus",
    "ContactBlock",
    "ContactKind",
    "Education",
    "EntryKind",
    "FeedbackSettings",
    "Forum",
    "ForumFollowUp",
    "ForumInput",
    "ForumKind",
    "ForumStatus",
    "Gender",
    "Occupation",
    "PublicService",
    "SkmResponse",
    "UnitHandler",
]
