"""One POST-only URL per thing staff do with a complaint (services/handling.py does the work).

Every action view: 404 for a complaint outside the user's scope, 403 when the user may see it but
not do this (a leader, a handler asked to triage), 405 for GET. A valid form goes to the service
and redirects to the complaint; a failed one, or one the service refuses, shows the page again
(400) with the input kept and the reason in Indonesian.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access

from .selectors import complaints as selectors
from .services import handling
from .views_staff import action_form, detail_page


def _action_view(action: str, perform, success):
    """Build the view of ``action``: ``perform(actor, complaint, cleaned_data)`` calls the service,
    ``success(complaint, cleaned_data)`` says what happened."""

    @require_POST
    def view(request, pk):
        complaint = selectors.complaint_get_for(request.user, pk)
        access.require(request.user, handling.ACTIONS[action][1], complaint)
        units = selectors.unit_choices() if action == "route" else []
        form = action_form(action, units, request.POST)
        if form.is_valid():
            try:
                perform(request.user, complaint, form.cleaned_data)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
                else:  # the status does not allow it (any more): the form may not even be shown now
                    for message in exc.messages:
                        messages.error(request, message)
            else:
                messages.success(request, success(complaint, form.cleaned_data))
                return redirect("kelola_pengaduan:complaint-detail", pk=complaint.pk)
        complaint.refresh_from_db()
        return detail_page(request, complaint, failed={action: form}, status=400)

    view.__name__ = view.__qualname__ = f"complaint_{action}"
    return view


complaint_route = _action_view(
    "route",
    lambda actor, c, data: handling.complaint_route(actor=actor, complaint=c, unit=data["unit"], note=data["note"]),
    lambda c, data: _("Pengaduan %(ref)s diteruskan ke %(unit)s.") % {"ref": c.reference, "unit": data["unit"].name},
)
complaint_ask_info = _action_view(
    "ask_info",
    lambda actor, c, data: handling.complaint_ask_info(actor=actor, complaint=c, question=data["question"]),
    lambda c, data: _("Permintaan informasi dikirim kepada pelapor."),
)
complaint_out_of_scope = _action_view(
    "out_of_scope",
    lambda actor, c, data: handling.complaint_out_of_scope(actor=actor, complaint=c, reason=data["reason"]),
    lambda c, data: _("Pengaduan %(ref)s ditutup: bukan wewenang.") % {"ref": c.reference},
)
complaint_spam = _action_view(
    "spam",
    lambda actor, c, data: handling.complaint_mark_spam(actor=actor, complaint=c, reason=data["reason"]),
    lambda c, data: _("Pengaduan %(ref)s diarsipkan sebagai spam.") % {"ref": c.reference},
)
complaint_reply = _action_view(
    "reply",
    lambda actor, c, data: handling.complaint_reply(actor=actor, complaint=c, text=data["text"]),
    lambda c, data: _("Tanggapan terkirim kepada pelapor."),
)
complaint_note = _action_view(
    "note",
    lambda actor, c, data: handling.complaint_add_note(actor=actor, complaint=c, text=data["text"]),
    lambda c, data: _("Catatan internal disimpan."),
)
complaint_resolve = _action_view(
    "resolve",
    lambda actor, c, data: handling.complaint_resolve(actor=actor, complaint=c, text=data["text"]),
    lambda c, data: _("Pengaduan %(ref)s dinyatakan selesai.") % {"ref": c.reference},
)
complaint_close = _action_view(
    "close_unresolved",
    lambda actor, c, data: handling.complaint_close_unresolved(actor=actor, complaint=c, reason=data["reason"]),
    lambda c, data: _("Pengaduan %(ref)s ditutup sebagai tidak terselesaikan.") % {"ref": c.reference},
)
complaint_link = _action_view(
    "link",
    lambda actor, c, data: handling.complaint_link_employee(
        actor=actor, complaint=c, employee=data["nip"], substantiated=data["substantiated"]
    ),
    lambda c, data: _("Pengaduan dikaitkan dengan %(name)s.") % {"name": data["nip"].full_name},
)
