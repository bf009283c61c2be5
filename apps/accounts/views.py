from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access

from . import selectors, services
from .forms import ApiTokenForm


def profile_detail(request, token_form=None, new_key=None, status=200):
    context = {
        "employee": access.employee_of(request.user),
        "role_labels": [label for role, label in access.ROLE_LABELS.items() if role in access.roles(request.user)],
        "tokens": selectors.api_token_list_for(request.user),
        "token_form": token_form or ApiTokenForm(),
        "new_key": new_key,
    }
    return render(request, "accounts/profile_detail.html", context, status=status)


@require_POST
def api_token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return profile_detail(request, token_form=form, status=400)
    token, key = services.api_token_create(actor=request.user, name=form.cleaned_data["name"])
    messages.success(
        request, _("Token %(name)s dibuat. Salin sekarang: token ini tidak ditampilkan lagi.") % {"name": token.name}
    )
    # The key is shown once, on this response; it is never stored in clear or put in a URL.
    return profile_detail(request, new_key=key)


@require_POST
def api_token_revoke(request, pk):
    token = selectors.api_token_get_for(request.user, pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token %(name)s dicabut.") % {"name": token.name})
    return redirect("accounts:profile-detail")
