"""Forms for feedback, external learning and mentoring. They parse what was typed; the services
decide (dates ordered, JP range, who may pair whom), and their messages land on these fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.upload_fields import SingleFileField, SingleFileInput
from apps.employees.forms import _NipLookupMixin

from .forms import DATE
from .models import Competency, LearningPath

SCORE_CHOICES = [
    ("", _("Pilih nilai")),
    (5, _("5 – sangat baik")),
    (4, _("4 – baik")),
    (3, _("3 – cukup")),
    (2, _("2 – kurang")),
    (1, _("1 – sangat kurang")),
]


def _score(label):
    return forms.TypedChoiceField(label=label, choices=SCORE_CHOICES, coerce=int, empty_value=None)


class FeedbackForm(forms.Form):
    content = _score(_("Materi pelatihan"))
    facilitator = _score(_("Fasilitator"))
    relevance = _score(_("Relevansi dengan pekerjaan Anda"))
    comment = forms.CharField(
        label=_("Komentar"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Tanpa nama: penyelenggara hanya membaca nilai rata-rata dan komentar."),
    )


class ExternalLearningForm(forms.Form):
    title = forms.CharField(
        label=_("Nama kegiatan"), max_length=250, error_messages={"required": _("Isi nama kegiatan.")}
    )
    organiser = forms.CharField(
        label=_("Penyelenggara"), max_length=200, error_messages={"required": _("Isi penyelenggara.")}
    )
    path = forms.ChoiceField(label=_("Jalur"), choices=LearningPath.choices, initial=LearningPath.NON_KLASIKAL)
    started_on = forms.DateField(label=_("Mulai"), widget=DATE)
    ended_on = forms.DateField(label=_("Selesai"), widget=DATE)
    jp_claimed = forms.DecimalField(
        label=_("JP yang diajukan"),
        max_digits=5,
        decimal_places=1,
        help_text=_("Sesuai sertifikat; 1 JP = 45 menit."),
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    certificate = SingleFileField(
        label=_("Sertifikat"),
        help_text=_("PDF, JPEG atau PNG, paling besar 5 MB."),
        error_messages={"required": _("Unggah sertifikat (PDF atau gambar).")},
        widget=SingleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:  # shown again only when refused; a browser never keeps a chosen file
            self.fields["certificate"].help_text = _(
                "Pilih lagi file sertifikatnya: browser tidak menyimpan file yang sudah dipilih. "
                "PDF, JPEG atau PNG, paling besar 5 MB."
            )


class VerifyForm(forms.Form):
    prefix = "verify"  # shares a page with RejectForm: distinct ids for the two "note" fields
    jp_accepted = forms.DecimalField(
        label=_("JP yang diakui"),
        max_digits=5,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    note = forms.CharField(label=_("Catatan (opsional)"), required=False, max_length=1000)


class RejectForm(forms.Form):
    prefix = "reject"
    note = forms.CharField(
        label=_("Alasan penolakan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tulis alasan penolakan; pegawai membacanya.")},
    )


class MentoringForm(_NipLookupMixin, forms.Form):
    mentee = forms.CharField(label=_("NIP mentee"), max_length=18)
    mentor = forms.CharField(
        label=_("NIP mentor"), max_length=18, help_text=_("Pegawai berpengalaman yang membimbing.")
    )
    starts_on = forms.DateField(label=_("Mulai"), widget=DATE)
    ends_on = forms.DateField(label=_("Selesai"), widget=DATE)
    competency = forms.ModelChoiceField(
        label=_("Kompetensi yang dikembangkan"), queryset=Competency.objects.none(), required=False
    )
    goals = forms.CharField(
        label=_("Tujuan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tulis tujuan mentoring: apa yang ingin dicapai mentee.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.order_by("kind", "name")
        for name in ("mentee", "mentor"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_mentee(self):
        return self.employee_from_nip("mentee", required=True)

    def clean_mentor(self):
        return self.employee_from_nip("mentor", required=True)


class MentoringSessionForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=DATE)
    minutes = forms.IntegerField(
        label=_("Durasi (menit)"),
        min_value=1,
        max_value=600,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    notes = forms.CharField(
        label=_("Catatan"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang dibahas dan disepakati."),
        error_messages={"required": _("Tulis catatan: apa yang dibahas dan disepakati.")},
    )
