"""The certificate download: the participant, their supervisors up the line and BKPSDM admins
(404 for everyone else), always as an attachment."""

from django.http import FileResponse

from . import selectors


def certificate_download(request, pk):
    certificate = selectors.certificate_get_for(request.user, pk)
    return FileResponse(
        certificate.file.open("rb"),
        as_attachment=True,
        filename=selectors.download_name(certificate),
        content_type="application/pdf",
    )
