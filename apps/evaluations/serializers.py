"""Read-only shapes of the evaluation API (``apps/evaluations/api.py``).

A choice not made yet is stored as "" (no rating, no predicate); the API answers null for it and
for its label, as the SKP API does for a proposal that cannot be made yet. Output serializers read
what the view loaded; they query nothing."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.indicators.berakhlak import CoreValue
from apps.indicators.models import Rating
from apps.indicators.serializers import EmployeeRefSerializer, PersonRefSerializer, decimal

from .models import (
    BehaviourRating,
    Evaluation,
    EvaluationPeriod,
    EvaluationStatus,
    EvaluationStep,
    Objection,
    ObjectionDecision,
)
from .predicate import Predicate

YEARS = (2000, 2100)  # the messages below name these bounds
MAX_ID = 2**63 - 1  # ids are bigint; a larger number is refused here, never sent to the database

# EvaluationStep.action as the services write it (services/evaluation.py, services/objection.py)
STEP_LABELS = {
    "started": _("Evaluasi dimulai"),
    "finalised": _("Evaluasi difinalkan"),
    "acknowledged": _("Evaluasi diterima pegawai"),
    "objected": _("Keberatan diajukan"),
    f"objection_{ObjectionDecision.UPHELD}": _("Keberatan diputus: evaluasi tetap"),
    f"objection_{ObjectionDecision.CHANGED}": _("Keberatan diputus: evaluasi diubah"),
}


# --- Input ---------------------------------------------------------------------------------------


class EvaluationListQuery(serializers.Serializer):
    """The list's filters (query parameters); a bad value answers 400, never 500."""

    year = serializers.IntegerField(
        required=False,
        min_value=YEARS[0],
        max_value=YEARS[1],
        help_text=_("Tahun periode evaluasi, misalnya 2026."),
        error_messages={
            "invalid": _("Tahun harus berupa angka, misalnya 2026."),
            "max_string_length": _("Tahun harus berupa angka, misalnya 2026."),
            "min_value": _("Tahun harus antara 2000 dan 2100."),
            "max_value": _("Tahun harus antara 2000 dan 2100."),
        },
    )
    period = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Id periode evaluasi."),
        error_messages={
            "invalid": _("Periode diisi dengan id periode evaluasi (angka)."),
            "max_string_length": _("Periode diisi dengan id periode evaluasi (angka)."),
            "min_value": _("Periode diisi dengan id periode evaluasi (angka)."),
            "max_value": _("Periode diisi dengan id periode evaluasi (angka)."),
        },
    )
    nip = serializers.CharField(
        required=False,
        max_length=18,
        help_text=_("NIP pegawai yang dievaluasi."),
        error_messages={"max_length": _("NIP paling panjang {max_length} karakter.")},
    )
    status = serializers.ChoiceField(
        required=False,
        choices=EvaluationStatus.choices,
        help_text=_("Status evaluasi: draft, final, acknowledged, objected, atau decided."),
        error_messages={
            "invalid_choice": _(
                "Status “{input}” tidak dikenal; pilih draft, final, acknowledged, objected, atau decided."
            )
        },
    )
    predicate = serializers.ChoiceField(
        required=False,
        choices=Predicate.choices,
        help_text=_("Predikat kinerja: sangat_baik, baik, butuh_perbaikan, kurang, atau sangat_kurang."),
        error_messages={
            "invalid_choice": _(
                "Predikat “{input}” tidak dikenal; pilih sangat_baik, baik, butuh_perbaikan, kurang, "
                "atau sangat_kurang."
            )
        },
    )

    def validate_period(self, value):
        period = EvaluationPeriod.objects.filter(pk=value).first()
        if period is None:
            raise serializers.ValidationError(_("Periode evaluasi %(id)s tidak ada.") % {"id": value})
        return period


# --- Output --------------------------------------------------------------------------------------


class OptionalChoiceField(serializers.ChoiceField):
    """A choice that may not be made yet (stored as ""): null in the API."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(value) or None


class ChoiceLabelField(serializers.CharField):
    """The label of a choice in the active language, or null when none is made yet."""

    def __init__(self, choices, **kwargs):
        self.labels = dict(choices)
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return str(self.labels.get(value, value)) if value else None


class EvaluationPeriodRefSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text=_("Misalnya “November 2026” atau “Tahunan 2026”."))
    number = serializers.IntegerField(
        read_only=True, help_text=_("Periode ke (bulan 1-12, triwulan 1-4); 0 = tahunan.")
    )

    class Meta:
        model = EvaluationPeriod
        fields = ["id", "label", "year", "kind", "number"]


class EvaluationListSerializer(serializers.ModelSerializer):
    """An evaluation as one row of the list."""

    employee = EmployeeRefSerializer(read_only=True)
    evaluator = PersonRefSerializer(read_only=True, allow_null=True, help_text=_("Pejabat penilai."))
    period = EvaluationPeriodRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    achievement = decimal(help_text=_("Capaian SKP (persen) yang dinilai; beku sejak difinalkan. Null: belum terukur."))
    proposed_rating = OptionalChoiceField(Rating.choices, help_text=_("Usulan rating hasil kerja dari capaian."))
    proposed_rating_label = ChoiceLabelField(Rating.choices, source="proposed_rating")
    rating_hasil = OptionalChoiceField(Rating.choices, help_text=_("Rating hasil kerja dari pejabat penilai."))
    rating_hasil_label = ChoiceLabelField(Rating.choices, source="rating_hasil")
    rating_perilaku = OptionalChoiceField(Rating.choices, help_text=_("Rating perilaku kerja dari pejabat penilai."))
    rating_perilaku_label = ChoiceLabelField(Rating.choices, source="rating_perilaku")
    predicate = OptionalChoiceField(Predicate.choices, help_text=_("Predikat kinerja menurut matriks rating."))
    predicate_label = ChoiceLabelField(Predicate.choices, source="predicate")

    class Meta:
        model = Evaluation
        fields = ["id", "employee", "evaluator", "period", "status", "status_label", "achievement", "proposed_rating",
                  "proposed_rating_label", "rating_hasil", "rating_hasil_label", "rating_perilaku",
                  "rating_perilaku_label", "predicate", "predicate_label", "finalised_at",
                  "objection_deadline"]  # fmt: skip


class BehaviourRatingSerializer(serializers.ModelSerializer):
    """The rating and note of one BerAKHLAK value."""

    label = ChoiceLabelField(CoreValue.choices, source="value")
    rating = OptionalChoiceField(Rating.choices)
    rating_label = ChoiceLabelField(Rating.choices, source="rating")

    class Meta:
        model = BehaviourRating
        fields = ["value", "label", "rating", "rating_label", "note"]


class BreakdownIkiSerializer(serializers.Serializer):
    text = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    target = decimal()
    realisation = decimal()
    percent = decimal()
    explanation = serializers.CharField(read_only=True)


class BreakdownRhkSerializer(serializers.Serializer):
    text = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True, help_text=_("utama atau tambahan."))
    percent = decimal()
    iki = BreakdownIkiSerializer(many=True, read_only=True)


class BreakdownSerializer(serializers.Serializer):
    """The achievement per RHK and IKI that the evaluation is based on, as stored with it: measured
    again on every save of the draft, frozen at finalisation."""

    explanation = serializers.CharField(read_only=True)
    rhk = BreakdownRhkSerializer(many=True, read_only=True)


class ObjectionSerializer(serializers.ModelSerializer):
    filed_at = serializers.DateTimeField(source="created_at", read_only=True)
    decider = PersonRefSerializer(
        read_only=True, allow_null=True, help_text=_("Atasan pejabat penilai; null: diputus admin BKPSDM.")
    )
    decision = OptionalChoiceField(ObjectionDecision.choices, help_text=_("Null: belum diputus."))
    decision_label = ChoiceLabelField(ObjectionDecision.choices, source="decision")

    class Meta:
        model = Objection
        fields = ["reason", "filed_at", "decider", "decision", "decision_label", "decision_reason", "decided_at"]


class EvaluationStepSerializer(serializers.ModelSerializer):
    action_label = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationStep
        fields = ["action", "action_label", "actor", "note", "at"]

    def get_action_label(self, step) -> str:
        return str(STEP_LABELS.get(step.action, step.action))

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=_("Nama yang melakukan.")))
    def get_actor(self, step) -> str | None:
        return step.actor.display_name if step.actor is not None else None


class EvaluationDetailSerializer(EvaluationListSerializer):
    """An evaluation in full. The view passes the objection (or None) and the steps it loaded in
    the context; the BerAKHLAK ratings come prefetched by the selector."""

    behaviours = BehaviourRatingSerializer(many=True, read_only=True)
    breakdown = serializers.SerializerMethodField()
    objection = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    class Meta(EvaluationListSerializer.Meta):
        fields = [*EvaluationListSerializer.Meta.fields, "skp", "rating_reason", "feedback", "acknowledged_at",
                  "behaviours", "breakdown", "objection", "steps"]  # fmt: skip
        extra_kwargs = {
            "skp": {"help_text": _("Id SKP yang diukur (lihat /api/v1/skp/{id}/).")},
            "rating_reason": {"help_text": _("Alasan bila rating hasil kerja berbeda dari usulan.")},
        }

    @extend_schema_field(BreakdownSerializer)
    def get_breakdown(self, evaluation):
        stored = evaluation.breakdown or {}
        return BreakdownSerializer({"explanation": stored.get("explanation", ""), "rhk": stored.get("rhk", [])}).data

    @extend_schema_field(ObjectionSerializer(allow_null=True))
    def get_objection(self, evaluation):
        objection = self.context["objection"]
        return ObjectionSerializer(objection).data if objection is not None else None

    @extend_schema_field(EvaluationStepSerializer(many=True))
    def get_steps(self, evaluation):
        return EvaluationStepSerializer(self.context["steps"], many=True).data
