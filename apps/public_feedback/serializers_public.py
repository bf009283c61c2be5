"""Serializers of the public complaint API (``api_public.py``). Input is parsed here; the rules
and their messages are ``services.intake``'s, the same as the form's."""

from __future__ import annotations

from rest_framework import serializers

from apps.employees.models import OrgUnit

from .models import ComplaintKind, PublicService


class ComplaintCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(ComplaintKind.choices)
    service = serializers.SlugRelatedField(
        slug_field="code",
        queryset=PublicService.objects.filter(is_active=True).select_related("unit"),
        required=False,
        allow_null=True,
        help_text="Kode layanan (Open311 service_code).",
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.filter(is_active=True), required=False, allow_null=True
    )
    # lengths are checked by the service, which says how long the text was
    description = serializers.CharField(allow_blank=True, trim_whitespace=False)
    subject_text = serializers.CharField(required=False, allow_blank=True, default="")
    occurred_on = serializers.DateField(required=False, allow_null=True)
    location = serializers.CharField(required=False, allow_blank=True, default="")
    is_anonymous = serializers.BooleanField(required=False, default=False)
    is_confidential = serializers.BooleanField(required=False, default=False)
    reporter_name = serializers.CharField(required=False, allow_blank=True, default="")
    reporter_email = serializers.CharField(required=False, allow_blank=True, default="")
    reporter_phone = serializers.CharField(required=False, allow_blank=True, default="")
    contact_consent = serializers.BooleanField(required=False, default=False)
    attachments = serializers.ListField(
        # an empty file is the service's to refuse, naming it (as on the form)
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        default=list,
        help_text="multipart/form-data, paling banyak 3.",
    )


class ComplaintCreatedSerializer(serializers.Serializer):
    reference = serializers.CharField()
    tracking_code = serializers.CharField(help_text="Ditampilkan sekali ini; hanya hash-nya yang disimpan.")
    status = serializers.CharField()
    status_label = serializers.CharField()
    notes = serializers.ListField(child=serializers.CharField())


class TimelineItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    text = serializers.CharField()
    at = serializers.DateTimeField()
    by_reporter = serializers.BooleanField()
    by = serializers.CharField(source="who", help_text="Unit kerja atau instansi; kosong untuk pelapor.")
    status_label = serializers.CharField()


class AttachmentSerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class ComplaintPublicSerializer(serializers.Serializer):
    """What the holder of the tracking code may see: never contact data, internal notes or names
    of staff."""

    reference = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    service = serializers.CharField(source="service.name", default=None)
    unit = serializers.CharField(source="unit.name", default=None)
    handling_unit = serializers.CharField(source="handling_unit.name", default=None)
    submitted_at = serializers.DateTimeField()
    occurred_on = serializers.DateField()
    location = serializers.CharField()
    description = serializers.CharField()
    is_anonymous = serializers.BooleanField()
    is_confidential = serializers.BooleanField()
    rating = serializers.IntegerField()
    timeline = TimelineItemSerializer(many=True, source="public_timeline")
    attachments = AttachmentSerializer(many=True, source="public_attachments")
