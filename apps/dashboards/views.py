from django.shortcuts import render

from apps.core import access

from . import selectors


@access.action_required("home.view")
def home(request):
    """Each role lands on its own home page (admin, leader, supervisor, ASN)."""
    role = access.primary_role(request.user)
    if role in (access.ADMIN, access.LEADER):
        context, template = selectors.city_home(request.user), "dashboards/city_home.html"
    elif role == access.SUPERVISOR:
        context, template = selectors.supervisor_home(request.user), "dashboards/supervisor_home.html"
    else:
        context, template = selectors.asn_home(request.user), "dashboards/asn_home.html"
    context["role"] = role
    return render(request, template, context)
