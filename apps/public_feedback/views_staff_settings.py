"""Who handles a unit's complaints (the head designates, /kelola/pengaduan/petugas/) and the
blocklist of contacts that BKPSDM keeps (/kelola/pengaduan/blokir/)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access
from apps.core.validation import add_service_errors
from apps.employees.hierarchy import acting_unit_ids
from apps.employees.models import OrgUnit

from .forms_staff import ContactBlockForm, HandlerForm, UnitField
from .models import ContactBlock, UnitHandler
from .selectors.complaints import unit_choices
from .services import blocklist
from .services.unit_handlers import unit_handler_add, unit_handler_remove

# --- handlers -------------------------------------------------------------------------------------


def _units_for(request, units):
    """The units whose handlers the page shows: the ones the user heads (as head or Plt/Plh); for
    BKPSDM admins, the one picked in the search box."""
    picked = None
    if access.is_admin(request.user) and request.GET.get("unit"):
        field = UnitField(units=units, required=False)
        try:
            picked = field.clean(request.GET["unit"])
        except ValidationError:
            messages.error(request, _("Unit kerja itu tidak ditemukan; pilih dari daftar."))
    me = access.employee_of(request.user)
    mine = Q(pk=picked.pk) if picked is not None else Q(pk__in=[])
    if me is not None:
        mine |= Q(head_id=me.pk) | Q(pk__in=acting_unit_ids(me.pk))
    return list(OrgUnit.objects.filter(mine, is_active=True).select_related("head").order_by("name"))


def handler_page(request, *, failed_unit=None, failed_form=None, status=200):
    units = unit_choices() if access.is_admin(request.user) else []
    shown = _units_for(request, units)
    if failed_unit is not None and all(u.pk != failed_unit.pk for u in shown):
        shown.insert(0, failed_unit)
    handlers = UnitHandler.objects.filter(unit__in=shown).select_related("employee", "designated_by__employee")
    by_unit: dict[int, list] = {}
    for handler in handlers.order_by("employee__name"):
        by_unit.setdefault(handler.unit_id, []).append(handler)
    sections = [
        {
            "unit": unit,
            "handlers": by_unit.get(unit.pk, []),
            "form": failed_form if failed_unit is not None and unit.pk == failed_unit.pk else HandlerForm(),
        }
        for unit in shown
    ]
    context = {"sections": sections, "units": units, "picked": request.GET.get("unit", "")}
    return render(request, "public_feedback/staff/handler_list.html", context, status=status)


@access.action_required("complaint.designate")
def handler_list(request):
    return handler_page(request)


def _unit_to_designate(request) -> OrgUnit:
    value = request.POST.get("unit", "")
    is_pk = value.isascii() and value.isdigit() and len(value) <= 18  # "²" passes isdigit() but not int()
    unit = OrgUnit.objects.filter(pk=int(value), is_active=True).first() if is_pk else None
    if unit is None:
        raise Http404
    access.require(request.user, "complaint.designate", unit)
    return unit


@require_POST
@access.action_required("complaint.designate")
def handler_add(request):
    unit = _unit_to_designate(request)
    form = HandlerForm(request.POST)
    if form.is_valid():
        try:
            handler = unit_handler_add(actor=request.user, unit=unit, employee=form.cleaned_data["nip"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            done = _("%(name)s kini petugas pengaduan %(unit)s.")
            messages.success(request, done % {"name": handler.employee.full_name, "unit": unit.name})
            return redirect(f"{_handlers_url()}?unit={unit.pk}" if access.is_admin(request.user) else _handlers_url())
    return handler_page(request, failed_unit=unit, failed_form=form, status=400)


def _handlers_url():
    return reverse("kelola_pengaduan:handler-list")


@require_POST
@access.action_required("complaint.designate")
def handler_remove(request, pk):
    handler = UnitHandler.objects.select_related("unit", "employee").filter(pk=pk).first()
    if handler is None or not access.can(request.user, "complaint.designate", handler.unit):
        raise Http404  # someone else's unit: as if it did not exist
    unit_handler_remove(actor=request.user, handler=handler)
    messages.success(
        request,
        _("%(name)s tidak lagi menjadi petugas pengaduan %(unit)s.")
        % {"name": handler.employee.full_name, "unit": handler.unit.name},
    )
    return redirect(f"{_handlers_url()}?unit={handler.unit_id}" if access.is_admin(request.user) else _handlers_url())


# --- blocklist ------------------------------------------------------------------------------------


@access.action_required("complaint.blocklist")
def blocklist_page(request):
    form = ContactBlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            block, hidden = blocklist.contact_block_add(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(value)s diblokir; %(n)s pengaduan yang masih berjalan disembunyikan.")
                % {"value": block.value, "n": hidden},
            )
            return redirect("kelola_pengaduan:blocklist")
    search = request.GET.get("q", "").strip()[:100]
    blocks = ContactBlock.objects.select_related("created_by__employee").order_by("-created_at", "-pk")
    if search:
        blocks = blocks.filter(value__icontains=search)
    page = Paginator(blocks, 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "q": search, "query": urlencode({"q": search}) if search else ""}
    return render(
        request, "public_feedback/staff/blocklist.html", context, status=400 if form.is_bound and form.errors else 200
    )


@require_POST
@access.action_required("complaint.blocklist")
def block_delete(request, pk):
    block = ContactBlock.objects.filter(pk=pk).first()
    if block is None:
        raise Http404
    shown = blocklist.contact_block_remove(actor=request.user, block=block)
    messages.success(
        request, _("Blokir %(value)s dicabut; %(n)s pengaduan ditampilkan lagi.") % {"value": block.value, "n": shown}
    )
    return redirect("kelola_pengaduan:blocklist")
