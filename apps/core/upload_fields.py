"""Upload pieces for forms and the API (DESIGN.md "Uploads"):

* ``SingleFileField`` / ``SingleUploadField``: a FileField quietly keeps the last of several files
  sent under its name; these refuse the submission instead, so none of them is stored.
* ``MultiPartParser``: DRF's, answering a request with more files than
  ``DATA_UPLOAD_MAX_NUMBER_FILES`` with a JSON 400 that says so (pages get the 400 page).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, serializers
from rest_framework.exceptions import ParseError

ONE_FILE = _("Pilih satu file saja; kirim file lain secara terpisah.")


class SingleFileInput(forms.ClearableFileInput):
    def value_from_datadict(self, data, files, name):
        chosen = files.getlist(name) if hasattr(files, "getlist") else []
        if len(chosen) > 1:
            return chosen  # SingleFileField refuses it
        return super().value_from_datadict(data, files, name)


class SingleFileField(forms.FileField):
    widget = SingleFileInput
    default_error_messages = {"many": ONE_FILE}

    def to_python(self, data):
        if isinstance(data, list):
            raise forms.ValidationError(self.error_messages["many"], code="many")
        return super().to_python(data)


class SingleUploadField(serializers.FileField):
    """The API's counterpart of ``SingleFileField``."""

    default_error_messages = {"many": ONE_FILE}

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist") and len(dictionary.getlist(self.field_name)) > 1:
            return dictionary.getlist(self.field_name)
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        if isinstance(data, list):
            self.fail("many")
        return super().to_internal_value(data)


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except TooManyFilesSent as exc:  # Django's; DRF would leave it to the HTML 400 page
            raise ParseError(
                gettext("Terlalu banyak file dalam satu kiriman; paling banyak %(max)s.")
                % {"max": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
            ) from exc
