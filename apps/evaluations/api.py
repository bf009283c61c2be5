"""Read-only API of performance evaluations: those in the caller's scope with their ratings and
predicate, and one evaluation in full.

* Scope comes from the selectors (apps/core/access.py): ASN their own, a supervisor their own and
  their (indirect) subordinates', admins and leaders everyone's; anything else answers 404.
* A draft is the pejabat penilai's work in progress: the employee does not see their own until it
  is finalised (it answers 404 like one that does not exist); the evaluator, the people above
  them, admins and leaders do.
* Both views read a fixed number of queries, whatever the page size or the length of the history.
"""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core import access

from . import selectors
from .models import Evaluation, EvaluationStatus, Objection
from .serializers import EvaluationDetailSerializer, EvaluationListQuery, EvaluationListSerializer

BAD_QUERY = OpenApiResponse(description='Parameter tidak valid; pesan per parameter, misalnya {"status": [...]}.')
NOT_FOUND = OpenApiResponse(description="Tidak ada evaluasi itu dalam cakupan Anda.")


def _query(serializer_class, request) -> dict:
    """Validated query parameters; an empty value (``?status=``) counts as not given."""
    data = {key: value for key, value in request.query_params.items() if value.strip()}
    query = serializer_class(data=data)
    query.is_valid(raise_exception=True)
    return query.validated_data


def _is_own_draft(user, evaluation: Evaluation) -> bool:
    me = access.employee_of(user)
    return me is not None and evaluation.employee_id == me.pk and evaluation.status == EvaluationStatus.DRAFT


@extend_schema(
    summary="Daftar evaluasi kinerja dalam cakupan pengguna",
    description=(
        "ASN: evaluasi sendiri yang sudah difinalkan (draf masih ditulis pejabat penilai dan belum tampil); "
        "atasan: sendiri dan bawahan (langsung dan tidak langsung), draf bawahan termasuk; admin BKPSDM dan "
        "pimpinan: semua. Terbaru dahulu."
    ),
    parameters=[EvaluationListQuery],
    responses={200: EvaluationListSerializer(many=True), 400: BAD_QUERY},
)
class EvaluationList(generics.ListAPIView):
    """Evaluations in the caller's scope, filtered by year, period, NIP, status and predicate."""

    serializer_class = EvaluationListSerializer

    def get_queryset(self):
        query = _query(EvaluationListQuery, self.request)
        user = self.request.user
        evaluations = selectors.evaluation_list_for(user, period=query.get("period"))
        me = access.employee_of(user)
        if me is not None:
            evaluations = evaluations.exclude(employee=me, status=EvaluationStatus.DRAFT)
        if "year" in query:
            evaluations = evaluations.filter(period__year=query["year"])
        if "nip" in query:
            evaluations = evaluations.filter(employee__nip=query["nip"])
        if "status" in query:
            evaluations = evaluations.filter(status=query["status"])
        if "predicate" in query:
            evaluations = evaluations.filter(predicate=query["predicate"])
        # newest first; within a year the annual evaluation (made last) before the periods
        return evaluations.order_by("-period__year", "period__kind", "-period__number", "employee__name", "pk")


class EvaluationDetail(APIView):
    @extend_schema(
        summary="Satu evaluasi kinerja lengkap: BerAKHLAK, umpan balik, rincian capaian, keberatan, riwayat",
        description=(
            "Di luar cakupan: 404. Evaluasi sendiri yang masih draf juga 404 sampai difinalkan. Rincian capaian "
            "(breakdown) adalah capaian per RHK/IKI yang dinilai, dibekukan saat difinalkan."
        ),
        responses={200: EvaluationDetailSerializer, 404: NOT_FOUND},
    )
    def get(self, request, pk):
        evaluation = selectors.evaluation_get_for(request.user, pk)
        if _is_own_draft(request.user, evaluation):
            raise Http404
        objection = Objection.objects.select_related("decider").filter(evaluation=evaluation).first()
        steps = list(evaluation.steps.select_related("actor__employee").order_by("at", "pk"))
        context = {"request": request, "objection": objection, "steps": steps}
        return Response(EvaluationDetailSerializer(evaluation, context=context).data)
