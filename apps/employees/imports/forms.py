from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.upload_fields import SingleFileField, SingleFileInput

from .parsing import MAX_FILE_BYTES, MAX_ROWS


class ImportUploadForm(forms.Form):
    file = SingleFileField(
        label=gettext_lazy("Berkas CSV atau XLSX"),
        widget=SingleFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Paling besar %(mb)d MB dan %(rows)s baris data. Kolom wajib: NIP, NAMA, GOLONGAN, JABATAN, UNIT KERJA."
        ) % {"mb": MAX_FILE_BYTES // 2**20, "rows": f"{MAX_ROWS:,}".replace(",", ".")}


class ImportConfirmForm(forms.Form):
    only_valid_rows = forms.BooleanField(
        label=gettext_lazy("Impor hanya baris yang valid"),
        required=False,
        help_text=gettext_lazy("Baris bermasalah dilewati, begitu juga baris yang atasannya ada di baris bermasalah."),
    )
