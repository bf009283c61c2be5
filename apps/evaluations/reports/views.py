"""Pages of the reports: the public verification page, the PDF of an evaluation on demand (with a
progress page that htmx polls), access-checked downloads, and BKPSDM's batches and download
tables (with their XLSX)."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core import access, verification

from ..models import Evaluation, EvaluationStatus
from . import exporting, selectors, services
from .builders_org import predicate_chart
from .models import ReportKind


def verify(request, code):
    """Public: what a printed document is, for whom, for which period, when it was made and its
    checksum. Nothing else of the document (no ratings, no predicate). Codes of other apps'
    documents (training certificates) are answered by their registered lookups
    (``apps.core.verification``); a code nobody knows is a 404 page that says so."""
    try:
        found = _report_verified(selectors.report_for_code(code))
    except Http404:
        found = verification.verify(code)
    context = {"found": found, "code": code[:64]}
    response = render(request, "reports/verify.html", context, status=200 if found else 404)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response


def _report_verified(report) -> verification.Verified:
    subject = report.subject
    if report.employee_id:
        subject = f"{subject} · {report.employee.unit.name}"
    return verification.Verified(
        kind=report.get_kind_display(),
        code=report.code,
        sha256=report.sha256,
        generated_at=report.generated_at,
        rows=[
            (_("Untuk"), subject),
            (_("Periode"), report.period.label),
            (_("Dibuat"), date_format(timezone.localtime(report.generated_at), "j F Y, H.i") + " WIB"),
        ],
        note=_(
            "Berkas PDF yang sama persis dengan aslinya memiliki checksum di atas (misalnya: sha256sum "
            "berkas.pdf). Bila dokumen dibuat ulang, kode lama tidak berlaku lagi."
        ),
    )


# --- One evaluation's PDF, on demand ------------------------------------------------------------------
def _evaluation_for(user, pk) -> Evaluation:
    """An evaluation in the user's scope; the employee's own draft is not theirs to see yet (as in
    the evaluations API): 404."""
    queryset = Evaluation.objects.select_related("employee", "employee__unit", "period")
    evaluation = access.get_object_for(user, queryset, pk=pk)
    me = access.employee_of(user)
    if me is not None and evaluation.employee_id == me.pk and evaluation.status == EvaluationStatus.DRAFT:
        raise Http404
    return evaluation


def evaluation_pdf(request, pk):
    evaluation = _evaluation_for(request.user, pk)
    context = {
        "evaluation": evaluation,
        "report": selectors.employee_report_of(evaluation),
        "finalised": evaluation.status in selectors.FINALISED,
        "last_request": evaluation.report_requests.filter(requested_by=request.user).first(),
    }
    return render(request, "reports/evaluation_pdf.html", context)


@require_POST
def request_create(request, pk):
    evaluation = _evaluation_for(request.user, pk)
    try:
        report_request = services.report_request_create(actor=request.user, evaluation=evaluation)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("reports:evaluation-pdf", pk=evaluation.pk)
    return redirect("reports:request-status", pk=report_request.pk)


def request_status(request, pk):
    """The progress page; htmx asks for its status fragment every 2 s until the PDF is ready."""
    report_request = selectors.request_get_for(request.user, pk)
    template = "reports/request_status.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"report_request": report_request})


def report_download(request, pk):
    """Only within the user's scope (404 otherwise), always as an attachment."""
    report = selectors.report_get_for(request.user, pk)
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=exporting.download_name(report),
        content_type="application/pdf",
    )


# --- BKPSDM: batches ---------------------------------------------------------------------------------
class BatchStartForm(forms.Form):
    period = forms.ModelChoiceField(
        queryset=selectors.periods_for_reports(),
        label=gettext_lazy("Periode"),
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Pilih periode yang ada.")},
    )


@access.action_required("admin.manage")
def batch_list(request, form=None, status=200):
    batches = list(selectors.batch_list())
    context = {
        "batches": batches,
        "form": form or BatchStartForm(),
        "running": any(batch.status != "finished" for batch in batches),
    }
    template = "reports/batch_list.html#table" if request.htmx else "reports/batch_list.html"
    return render(request, template, context, status=status)


@require_POST
@access.action_required("admin.manage")
def batch_start(request):
    form = BatchStartForm(request.POST)
    if not form.is_valid():
        return batch_list(request, form=form, status=400)
    period = form.cleaned_data["period"]
    batch = services.batch_start(actor=request.user, period=period)
    messages.success(
        request, _("Batch laporan %(period)s dimulai (putaran %(run)s).") % {"period": period.label, "run": batch.run}
    )
    return redirect("reports:batch-list")


@access.action_required("admin.manage")
def batch_detail(request, pk):
    batch = selectors.batch_get(pk)
    failures = batch.failures.filter(run=batch.run).select_related("employee", "unit").order_by("pk")
    return render(request, "reports/batch_detail.html", {"batch": batch, "failures": failures[:500]})


# --- BKPSDM and leaders: the documents of a period ---------------------------------------------------
class DownloadFilterForm(forms.Form):
    periode = forms.ModelChoiceField(
        queryset=selectors.periods_for_reports(), required=False, label=gettext_lazy("Periode")
    )
    jenis = forms.ChoiceField(choices=ReportKind.choices, required=False, label=gettext_lazy("Jenis dokumen"))
    q = forms.CharField(required=False, max_length=100, label=gettext_lazy("Cari nama, NIP atau unit"))


def _download_filters(request):
    form = DownloadFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    period = data.get("periode") or selectors.periods_for_reports().first()
    return form, period, data.get("jenis") or ReportKind.EMPLOYEE, (data.get("q") or "").strip()


@access.action_required("reports.read_city")
def downloads(request):
    form, period, kind, search = _download_filters(request)
    page, counts, chart = None, {}, ""
    if period is not None:
        page = Paginator(selectors.download_table(period, kind, search=search), 50).get_page(request.GET.get("page"))
        counts = selectors.report_counts(period)
        chart = predicate_chart(selectors.predicate_counts(period), title=_("Predikat kinerja seluruh pegawai"))
    kinds = [(value, label, counts.get(value, 0)) for value, label in ReportKind.choices]
    query = urlencode({k: v for k, v in (("periode", getattr(period, "pk", "")), ("jenis", kind), ("q", search)) if v})
    context = {"form": form, "period": period, "kind": kind, "search": search, "page": page, "kinds": kinds}
    context |= {"chart": chart, "query": query}
    return render(request, "reports/downloads.html", context)


@access.action_required("reports.read_city")
def downloads_export(request):
    _form, period, _kind, search = _download_filters(request)
    content = exporting.workbook(period, search=search, base_url=request.build_absolute_uri("/"))
    name = f"dokumen-laporan-{exporting.slug(period.label) if period else 'kosong'}.xlsx"
    response = HttpResponse(content, content_type=exporting.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
