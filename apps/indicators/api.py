"""Read-only API of SKPs: the plans in the caller's scope with their achievement, and one plan in
full. Scope comes from the selectors (apps/core/access.py): an SKP outside it answers 404.

Both views read a fixed number of queries: the list computes achievement for the whole page at
once (``skp_results``), the detail loads the plan and its numbers in a few set queries."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from .models import PerformanceSettings, SkpStatus
from .selectors import achievement as achievement_selectors
from .selectors import skp as skp_selectors
from .serializers import SkpDetailSerializer, SkpListSerializer

YEARS = (2000, 2100)  # the messages below name these bounds


class SkpListQuery(serializers.Serializer):
    """The list's filters (query parameters); a bad value answers 400, never 500."""

    year = serializers.IntegerField(
        required=False,
        min_value=YEARS[0],
        max_value=YEARS[1],
        help_text=_("Tahun SKP, misalnya 2026."),
        error_messages={
            "invalid": _("Tahun harus berupa angka, misalnya 2026."),
            "max_string_length": _("Tahun harus berupa angka, misalnya 2026."),
            "min_value": _("Tahun harus antara 2000 dan 2100."),
            "max_value": _("Tahun harus antara 2000 dan 2100."),
        },
    )
    nip = serializers.CharField(required=False, max_length=18, help_text=_("NIP pegawai pemilik SKP."))
    status = serializers.ChoiceField(
        required=False,
        choices=SkpStatus.choices,
        help_text=_("Status SKP: draft, submitted, returned, atau approved."),
        error_messages={
            "invalid_choice": _("Status “{input}” tidak dikenal; pilih draft, submitted, returned, atau approved.")
        },
    )


class SkpPeriodQuery(serializers.Serializer):
    period = serializers.IntegerField(
        required=False,
        help_text=_("Periode evaluasi (1-12 bulanan, 1-4 triwulanan). Tanpa periode: capaian tahun berjalan."),
        error_messages={
            "invalid": _("Periode harus berupa angka."),
            "max_string_length": _("Periode harus berupa angka."),
        },
    )

    def validate_period(self, value):
        count = self.context["periods_per_year"]
        if not 1 <= value <= count:
            raise serializers.ValidationError(_("Periode harus antara 1 dan %(n)s.") % {"n": count})
        return value


BAD_QUERY = OpenApiResponse(description='Parameter tidak valid; pesan per parameter, misalnya {"period": [...]}.')


def _query(serializer_class, request, **context) -> dict:
    """Validated query parameters; an empty value (``?year=``) counts as not given."""
    data = {key: value for key, value in request.query_params.items() if value.strip()}
    query = serializer_class(data=data, context=context)
    query.is_valid(raise_exception=True)
    return query.validated_data


@extend_schema(
    summary="Daftar SKP dalam cakupan pengguna",
    description=(
        "ASN: SKP sendiri; atasan: sendiri dan bawahan (langsung dan tidak langsung); admin BKPSDM dan "
        "pimpinan: semua. Capaian dihitung untuk tahun berjalan."
    ),
    parameters=[SkpListQuery],
    responses={200: SkpListSerializer(many=True), 400: BAD_QUERY},
)
class SkpList(generics.ListAPIView):
    """SKPs in the caller's scope, filtered by year, NIP and status, with their achievement so far."""

    serializer_class = SkpListSerializer

    def get_queryset(self):
        query = _query(SkpListQuery, self.request)
        skps = skp_selectors.skp_list_for(self.request.user, year=query.get("year"))
        if "nip" in query:
            skps = skps.filter(employee__nip=query["nip"])
        if "status" in query:
            skps = skps.filter(status=query["status"])
        return skps.order_by("-year", "employee__name", "pk")

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        skps = list(queryset) if page is None else page
        context = {**self.get_serializer_context(), "results": achievement_selectors.skp_results(skps)}
        data = SkpListSerializer(skps, many=True, context=context).data
        return Response(data) if page is None else self.get_paginated_response(data)


@extend_schema(
    summary="Satu SKP lengkap: RHK, IKI, target per periode, ekspektasi, dan capaian",
    description="SKP di luar cakupan pengguna menjawab 404.",
    parameters=[SkpPeriodQuery],
    responses={
        200: SkpDetailSerializer,
        400: BAD_QUERY,
        404: OpenApiResponse(description="Tidak ada SKP itu dalam cakupan Anda."),
    },
)
class SkpDetail(generics.RetrieveAPIView):
    """One SKP in full; ``?period=N`` gives the achievement of that period instead of the year so far."""

    serializer_class = SkpDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        skp = skp_selectors.skp_get_for(request.user, kwargs["pk"])
        config = PerformanceSettings.current()
        period = _query(SkpPeriodQuery, request, periods_per_year=config.periods_per_year).get("period")
        result = achievement_selectors.skp_results([skp], period=period, config=config)[skp.pk]
        context = {
            **self.get_serializer_context(),
            "config": config,
            "period": period,
            "result": result,
            "rhk": skp_selectors.skp_content(skp),
            "rhk_results": {item.rhk_id: item for item in result.rhk},
            "iki_results": {iki.iki_id: iki for item in result.rhk for iki in item.iki},
        }
        return Response(SkpDetailSerializer(skp, context=context).data)
