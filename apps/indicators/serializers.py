"""Read-only shapes of the SKP API (``apps/indicators/api.py``): the models, with the numbers of
``apps.indicators.achievement`` that the view computed for them and passed in the context."""

from decimal import ROUND_HALF_UP

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.employees.api import OrgUnitRefSerializer
from apps.employees.models import Employee

from .models import BehaviourExpectation, Iki, Rating, Rhk, Skp, UnitGoal
from .selectors.achievement import period_targets


def decimal(**kwargs) -> serializers.DecimalField:
    """A number as a string with two decimals ("87.50"), or null when it cannot be measured yet."""
    return serializers.DecimalField(
        max_digits=None, decimal_places=2, rounding=ROUND_HALF_UP, read_only=True, allow_null=True, **kwargs
    )


class EmployeeRefSerializer(serializers.ModelSerializer):
    unit = OrgUnitRefSerializer(read_only=True)

    class Meta:
        model = Employee
        fields = ["nip", "name", "unit"]


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = ["nip", "name"]


class AchievementSerializer(serializers.Serializer):
    """Achievement of an SKP (``SkpResult``) and the rating it proposes."""

    percent = decimal(help_text=_("Capaian SKP dalam persen, atau null bila belum dapat diukur."))
    proposal = serializers.ChoiceField(choices=Rating.choices, allow_null=True, read_only=True)
    proposal_label = serializers.CharField(read_only=True)


class SkpAchievementSerializer(AchievementSerializer):
    period = serializers.SerializerMethodField()
    weighted = serializers.BooleanField(read_only=True, help_text=_("Rata-rata tertimbang bobot RHK utama."))
    explanation = serializers.CharField(read_only=True)

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text=_("Null: tahun berjalan.")))
    def get_period(self, result) -> int | None:
        return self.context.get("period")


class SkpListSerializer(serializers.ModelSerializer):
    employee = EmployeeRefSerializer(read_only=True)
    evaluator = PersonRefSerializer(read_only=True, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    achievement = serializers.SerializerMethodField()

    class Meta:
        model = Skp
        fields = ["id", "year", "status", "status_label", "revision", "employee", "evaluator", "approved_at",
                  "achievement"]  # fmt: skip

    @extend_schema_field(AchievementSerializer)
    def get_achievement(self, skp):
        return AchievementSerializer(self.context["results"][skp.pk]).data


class PeriodTargetSerializer(serializers.Serializer):
    period = serializers.IntegerField(read_only=True)
    target = decimal()


class IkiAchievementSerializer(serializers.Serializer):
    """Achievement of an IKI (``IkiResult``) for the period asked, or the year so far."""

    target = decimal()
    realisation = decimal()
    percent = decimal()
    capped = serializers.BooleanField(read_only=True, help_text=_("Capaian dibatasi batas atas (120 % bawaan)."))
    explanation = serializers.CharField(read_only=True)


class IkiSerializer(serializers.ModelSerializer):
    period_targets = serializers.SerializerMethodField()
    achievement = serializers.SerializerMethodField()

    class Meta:
        model = Iki
        fields = ["id", "text", "aspect", "target_value", "target_unit", "direction", "cumulative", "period_targets",
                  "achievement"]  # fmt: skip

    @extend_schema_field(PeriodTargetSerializer(many=True))
    def get_period_targets(self, iki):
        """The targets the achievement is measured against: the stored ones, or the even split
        when they do not fit the configured number of periods."""
        stored = {row.period: row.target_value for row in iki.period_targets.all()}
        targets = period_targets(iki, stored, self.context["config"].periods_per_year)
        rows = [{"period": period, "target": value} for period, value in sorted(targets.items())]
        return PeriodTargetSerializer(rows, many=True).data

    @extend_schema_field(IkiAchievementSerializer(allow_null=True))
    def get_achievement(self, iki):
        result = self.context["iki_results"].get(iki.pk)  # None only for an IKI added mid-request
        return IkiAchievementSerializer(result).data if result else None


class SupportedRhkSerializer(serializers.ModelSerializer):
    """The RHK of the pejabat penilai that this RHK supports (intervenes in)."""

    employee_nip = serializers.CharField(source="skp.employee.nip", read_only=True)

    class Meta:
        model = Rhk
        fields = ["id", "text", "employee_nip"]


class SupportedGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitGoal
        fields = ["id", "statement"]


class SupportsSerializer(serializers.Serializer):
    """What an RHK supports: an RHK of the pejabat penilai or, for a unit head, a unit goal."""

    rhk = SupportedRhkSerializer(source="parent", read_only=True, allow_null=True)
    unit_goal = SupportedGoalSerializer(read_only=True, allow_null=True)


class RhkAchievementSerializer(serializers.Serializer):
    percent = decimal()
    explanation = serializers.CharField(read_only=True)


class RhkSerializer(serializers.ModelSerializer):
    supports = SupportsSerializer(source="*", read_only=True)
    iki = IkiSerializer(many=True, read_only=True)
    achievement = serializers.SerializerMethodField()

    class Meta:
        model = Rhk
        fields = ["id", "kind", "text", "weight", "supports", "iki", "achievement"]

    @extend_schema_field(RhkAchievementSerializer(allow_null=True))
    def get_achievement(self, rhk):
        result = self.context["rhk_results"].get(rhk.pk)
        return RhkAchievementSerializer(result).data if result else None


class ExpectationSerializer(serializers.ModelSerializer):
    """Ekspektasi khusus pimpinan for one BerAKHLAK value."""

    label = serializers.CharField(source="get_value_display", read_only=True)

    class Meta:
        model = BehaviourExpectation
        fields = ["value", "label", "text"]


class SkpDetailSerializer(SkpListSerializer):
    approved_by = PersonRefSerializer(read_only=True, allow_null=True)
    rhk = serializers.SerializerMethodField()
    expectations = ExpectationSerializer(many=True, read_only=True)

    class Meta(SkpListSerializer.Meta):
        fields = [*SkpListSerializer.Meta.fields, "submitted_at", "approved_by", "return_note", "rhk", "expectations"]

    @extend_schema_field(SkpAchievementSerializer)
    def get_achievement(self, skp):
        return SkpAchievementSerializer(self.context["result"], context=self.context).data

    @extend_schema_field(RhkSerializer(many=True))
    def get_rhk(self, skp):
        return RhkSerializer(self.context["rhk"], many=True, context=self.context).data
