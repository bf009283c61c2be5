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
