"""Attachments of a complaint: checked by content, images re-encoded, limits, no 500."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.public_feedback.models import Complaint, ComplaintAttachment
from tests.public_feedback.conftest import png_bytes, submit_complaint
from tests.public_feedback.helpers import form_data, jpeg_upload, pdf_upload, php_as_jpg, png_upload

pytestmark = pytest.mark.django_db
CREATE = reverse("pengaduan:complaint-create")


@pytest.fixture(scope="module")
def huge_jpeg_bytes():
    """A 50-megapixel JPEG (7072 x 7072), small on disk as photos of a wall are."""
    from PIL import Image

    image = Image.new("L", (7072, 7072), 128)
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return out.getvalue()


def test_photo_and_pdf_accepted_and_the_photo_loses_its_metadata():
    from PIL import Image

    photo = jpeg_upload(exif_gps=True)
    with Image.open(io.BytesIO(photo.read())) as original:
        assert original.getexif()  # the camera's data and the GPS position are there
    photo.seek(0)
    complaint, _ = submit_complaint(uploads=[photo, pdf_upload(), png_upload()])
    files = list(complaint.attachments.order_by("pk"))
    assert [f.content_type for f in files] == ["image/jpeg", "application/pdf", "image/png"]
    assert files[0].original_name == "foto.jpg" and files[0].entry.kind == "submitted"
    with files[0].file.open("rb") as stored, Image.open(stored) as clean:
        assert not clean.getexif()
    assert files[0].file.name.startswith("pengaduan/") and "foto" not in files[0].file.name


def test_php_file_renamed_jpg_is_refused_and_nothing_is_stored():
    with pytest.raises(ValidationError) as caught:
        submit_complaint(uploads=[php_as_jpg()])
    assert "bukan foto (JPEG/PNG) atau PDF" in caught.value.message_dict["attachments"][0]
    assert not Complaint.objects.exists() and not ComplaintAttachment.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>"),
        SimpleUploadedFile("x.html", b"<html><script>alert(1)</script></html>"),
        SimpleUploadedFile("x.jpg", b"\xff\xd8\xff\xe0 truncated"),
        SimpleUploadedFile("x.docx", b"PK\x03\x04 zip"),
        SimpleUploadedFile("empty.jpg", b""),
    ],
    ids=["svg", "html", "broken-jpeg", "zip", "empty"],
)
def test_other_files_are_refused(upload):
    with pytest.raises(ValidationError) as caught:
        submit_complaint(uploads=[upload])
    assert caught.value.message_dict["attachments"]
    assert not Complaint.objects.exists()


def test_four_attachments_are_refused():
    with pytest.raises(ValidationError) as caught:
        submit_complaint(uploads=[png_upload(f"{n}.png") for n in range(4)])
    assert "Paling banyak 3 lampiran" in caught.value.message_dict["attachments"][0]
    assert not Complaint.objects.exists()


def test_four_attachments_through_the_form(client):
    files = [png_upload(f"{n}.png") for n in range(4)]
    response = client.post(CREATE, {**form_data(), "attachments": files})
    page = response.content.decode()
    assert response.status_code == 200 and "Paling banyak 3 lampiran" in page and "pilih lagi" in page.lower()
    assert not Complaint.objects.exists()


def test_too_large_a_file_is_refused():
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as caught:
        submit_complaint(uploads=[big])
    assert "batasnya 5" in caught.value.message_dict["attachments"][0]


def test_50_megapixel_jpeg_is_shrunk_with_a_note(huge_jpeg_bytes):
    from PIL import Image

    from apps.public_feedback.services.intake import complaint_submit

    upload = SimpleUploadedFile("dinding.jpg", huge_jpeg_bytes, content_type="image/jpeg")
    submitted = complaint_submit(
        ip="10.1.2.3", kind="pengaduan", description="Dinding retak", uploads=[upload], human_verified=True
    )
    stored = submitted.complaint.attachments.get()
    with stored.file.open("rb") as handle, Image.open(handle) as image:
        assert max(image.size) <= 4096 and image.size[0] * image.size[1] < 25_000_000
    assert submitted.notes and "diperkecil" in submitted.notes[0] and "50 megapiksel" in submitted.notes[0]


def test_50_megapixel_jpeg_through_the_form_shows_the_note(client, huge_jpeg_bytes):
    upload = SimpleUploadedFile("dinding.jpg", huge_jpeg_bytes, content_type="image/jpeg")
    response = client.post(CREATE, {**form_data(), "attachments": [upload]})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "diperkecil" in page


def test_50_megapixel_png_is_refused_with_a_message():
    upload = SimpleUploadedFile("peta.png", png_bytes(7072, 7072, one_bit=True), content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        submit_complaint(uploads=[upload])
    assert "terlalu besar" in caught.value.message_dict["attachments"][0]


def test_decompression_bomb_is_refused():
    """A PNG header claiming 30000 x 30000 pixels (900 megapixels) in a few bytes."""
    upload = SimpleUploadedFile("bom.png", png_bytes(30000, 30000, one_bit=True), content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        submit_complaint(uploads=[upload])
    assert "terlalu besar" in caught.value.message_dict["attachments"][0]
