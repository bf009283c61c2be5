from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access, audit
from apps.core.validation import add_service_errors

from . import hierarchy, selectors, services
from .forms import ActingAssignmentForm, EmployeeForm, OrgUnitForm
from .models import OrgUnit

PAGE_SIZE = 25


@access.action_required("team.view")
def employee_list(request):
    filterset = selectors.employee_list_for(request.user, request.GET)
    page = Paginator(selectors.employee_rows(filterset), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode()}
    return render(request, "employees/employee_list.html", context)


@access.action_required("team.view")
def employee_export(request):
    """The filtered list as XLSX (default) or CSV, in the import's columns."""
    from .imports.exporting import employees_to_rows, write_csv, write_xlsx

    rows = employees_to_rows(selectors.employee_rows(selectors.employee_list_for(request.user, request.GET)))
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "csv":
        response = HttpResponse(write_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="pegawai-{stamp}.csv"'
    else:
        response = HttpResponse(
            write_xlsx(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="pegawai-{stamp}.xlsx"'
    return response


@audit.personal_data_view("employees.Employee", kwarg="nip")
def employee_detail(request, nip):
    employee = selectors.employee_get_for(request.user, nip)
    context = {
        "employee": employee,
        "chain": hierarchy.supervisor_chain(employee),
        "subordinates": hierarchy.direct_subordinates(employee.pk).select_related("unit").order_by("name"),
        "acting": employee.acting_assignments.select_related("unit").order_by("-starts_on")[:10],
    }
    return render(request, "employees/employee_detail.html", context)


def _employee_form_page(request, form, employee=None, status=200):
    return render(request, "employees/employee_form.html", {"form": form, "employee": employee}, status=status)


@access.action_required("admin.manage")
def employee_create(request):
    form = EmployeeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                employee = services.employee_create(actor=request.user, **form.service_fields())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Pegawai %(name)s ditambahkan.") % {"name": employee.full_name})
                return redirect("employees:employee-detail", nip=employee.nip)
        return _employee_form_page(request, form, status=400)
    return _employee_form_page(request, form)


@access.action_required("admin.manage")
def employee_update(request, nip):
    employee = selectors.employee_get_for(request.user, nip)
    form = EmployeeForm(request.POST or None, instance=employee)
    if request.method == "POST":
        if form.is_valid():
            try:
                employee = services.employee_update(actor=request.user, employee=employee, **form.service_fields())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Data %(name)s disimpan.") % {"name": employee.full_name})
                return redirect("employees:employee-detail", nip=employee.nip)
        return _employee_form_page(request, form, employee, status=400)
    return _employee_form_page(request, form, employee)


@require_POST
@access.action_required("admin.manage")
def employee_deactivate(request, nip):
    employee = selectors.employee_get_for(request.user, nip)
    services.employee_deactivate(actor=request.user, employee=employee)
    messages.success(
        request, _("%(name)s dinonaktifkan; sesi dan token API-nya diakhiri.") % {"name": employee.full_name}
    )
    return redirect("employees:employee-detail", nip=employee.nip)


@require_POST
@access.action_required("admin.manage")
def employee_invite(request, nip):
    employee = selectors.employee_get_for(request.user, nip)
    try:
        services.employee_account_invite(actor=request.user, employee=employee)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Undangan dikirim ke %(email)s.") % {"email": employee.work_email})
    return redirect("employees:employee-detail", nip=employee.nip)


@access.action_required("home.view")
def orgunit_chart(request):
    return render(request, "employees/orgunit_chart.html", {"tree": selectors.org_tree()})


def _orgunit_form(request, unit):
    form = OrgUnitForm(request.POST or None, instance=unit)
    if request.method == "POST":
        if form.is_valid():
            unit = form.save(commit=False)
            unit.head = form.cleaned_data["head_nip"]
            try:
                services.org_unit_save(actor=request.user, unit=unit)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Unit %(name)s disimpan.") % {"name": unit.name})
                return redirect("employees:orgunit-chart")
        return render(request, "employees/orgunit_form.html", {"form": form, "unit": unit}, status=400)
    return render(request, "employees/orgunit_form.html", {"form": form, "unit": unit})


@access.action_required("admin.manage")
def orgunit_create(request):
    return _orgunit_form(request, OrgUnit())


@access.action_required("admin.manage")
def orgunit_update(request, pk):
    return _orgunit_form(request, selectors.orgunit_get(pk))


@access.action_required("admin.manage")
def acting_list(request):
    form = ActingAssignmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.acting_assignment_create(
                    actor=request.user, employee=data["employee_nip"], unit=data["unit"], kind=data["kind"],
                    starts_on=data["starts_on"], ends_on=data["ends_on"],
                )  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Penugasan Plt/Plh disimpan."))
                return redirect("employees:acting-list")
    context = {"form": form, "assignments": selectors.acting_assignment_list(), "today": timezone.localdate()}
    return render(request, "employees/acting_list.html", context, status=status)


@require_POST
@access.action_required("admin.manage")
def acting_delete(request, pk):
    services.acting_assignment_delete(actor=request.user, assignment=selectors.acting_assignment_get(pk))
    messages.success(request, _("Penugasan Plt/Plh dihapus."))
    return redirect("employees:acting-list")
