from django.conf import settings


def site(request):
    """The deployed government's identity, from settings (no database query)."""
    return {
        "GOVERNMENT_NAME": settings.SIKAP_GOVERNMENT_NAME,
        "GOVERNMENT_SHORT_NAME": settings.SIKAP_GOVERNMENT_SHORT_NAME,
        "GOVERNMENT_ADDRESS": settings.SIKAP_GOVERNMENT_ADDRESS,
        "GOVERNMENT_LOGO": settings.SIKAP_GOVERNMENT_LOGO,
        "AGENCY_NAME": settings.SIKAP_AGENCY_NAME,
    }


def notifications(request):
    """The unread count in the header: one query, only when the header shows it. Lazy and
    forgiving: the 503 page, rendered while the database is down, must still render."""
    from django.db import DatabaseError
    from django.utils.functional import SimpleLazyObject

    from .notify import unread_count

    def count():
        try:
            user = request.user
            return unread_count(user) if user.is_authenticated else 0
        except (DatabaseError, AttributeError):
            return 0

    return {"UNREAD_NOTIFICATIONS": SimpleLazyObject(count)}
