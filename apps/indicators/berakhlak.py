"""BerAKHLAK: the seven core values of ASN and their behaviours (DOMAIN.md "Perilaku Kerja")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CoreValue(models.TextChoices):
    BERORIENTASI_PELAYANAN = "pelayanan", _("Berorientasi Pelayanan")
    AKUNTABEL = "akuntabel", _("Akuntabel")
    KOMPETEN = "kompeten", _("Kompeten")
    HARMONIS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIF = "adaptif", _("Adaptif")
    KOLABORATIF = "kolaboratif", _("Kolaboratif")


BEHAVIOURS = {
    CoreValue.BERORIENTASI_PELAYANAN: [
        _("Memahami dan memenuhi kebutuhan masyarakat"),
        _("Ramah, cekatan, solutif, dan dapat diandalkan"),
        _("Melakukan perbaikan tiada henti"),
    ],
    CoreValue.AKUNTABEL: [
        _("Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi"),
        _("Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien"),
        _("Tidak menyalahgunakan kewenangan jabatan"),
    ],
    CoreValue.KOMPETEN: [
        _("Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah"),
        _("Membantu orang lain belajar"),
        _("Melaksanakan tugas dengan kualitas terbaik"),
    ],
    CoreValue.HARMONIS: [
        _("Menghargai setiap orang apa pun latar belakangnya"),
        _("Suka menolong orang lain"),
        _("Membangun lingkungan kerja yang kondusif"),
    ],
    CoreValue.LOYAL: [
        _("Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan yang sah"),
        _("Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara"),
        _("Menjaga rahasia jabatan dan negara"),
    ],
    CoreValue.ADAPTIF: [
        _("Cepat menyesuaikan diri menghadapi perubahan"),
        _("Terus berinovasi dan mengembangkan kreativitas"),
        _("Bertindak proaktif"),
    ],
    CoreValue.KOLABORATIF: [
        _("Memberi kesempatan kepada berbagai pihak untuk berkontribusi"),
        _("Terbuka dalam bekerja sama untuk menghasilkan nilai tambah"),
        _("Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama"),
    ],
}
