from django.shortcuts import render

from apps.core import access

from .selectors import homes as selectors
from .views_city import city_page


@access.action_required("home.view")
def home(request):
    """Each role lands on its own home page (admin, leader, supervisor, ASN)."""
    role = access.primary_role(request.user)
    if role in (access.ADMIN, access.LEADER):
        # the city dashboard itself, for this month, with the organisation's size on top
        return city_page(request, template="dashboards/city_home.html", extra=selectors.city_home(request.user))
    if role == access.SUPERVISOR:
        refresh = request.GET.get("segarkan") == "1"  # recompute the kept team snapshot now
        context, template = selectors.supervisor_home(request.user, refresh=refresh), "dashboards/supervisor_home.html"
    else:
        context, template = selectors.asn_home(request.user), "dashboards/asn_home.html"
    context["role"] = role
    return render(request, template, context)
