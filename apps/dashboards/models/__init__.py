from .announcements import Announcement, AnnouncementAudience, AnnouncementRead, AnnouncementStatus
from .summaries import SummaryRefresh, UnitDayStat

__all__ = [
    "Announcement",
    "AnnouncementAudience",
    "AnnouncementRead",
    "AnnouncementStatus",
    "SummaryRefresh",
    "UnitDayStat",
]
