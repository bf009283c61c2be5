"""The content of the demo daily reports (``demo.py``): what civil servants of a kota write in a
day's log, per jabatan kind, what they write for an activity that serves an SKP indicator (found
by keywords of the indicator's text), the notes a supervisor returns a report with, and the ways
to lay 2-4 activities over an office day. Invented but plausible; one line per entry, so they are
easy to read and to change.

A description ending in " @" is field work: its place is usually *lapangan*.
"""

import itertools
from collections import defaultdict

# "Tugas lain" (not linked to an indicator), per jabatan kind; everyone may also draw from COMMON.
COMMON = """
Rapat koordinasi bidang
Mengikuti sosialisasi aplikasi e-Kinerja
Menghadiri undangan rapat di Bappeda Litbang
Menyusun laporan kegiatan mingguan
Mengikuti bimbingan teknis penyusunan SKP
Mengikuti webinar peningkatan kompetensi ASN
Membalas dan menindaklanjuti disposisi surat
"""
BY_KIND = {
    "jpt_pratama": """
Memimpin rapat staf perangkat daerah
Rapat koordinasi dengan Sekretaris Daerah
Menerima audiensi tokoh masyarakat
Menandatangani dan mendisposisikan surat masuk
Rapat kerja dengan komisi DPRD
Monitoring pelaksanaan program prioritas @
Evaluasi capaian kinerja bulanan bersama kepala bidang
Menghadiri rapat pimpinan di Kantor Wali Kota
""",
    "administrator": """
Memeriksa dan memaraf konsep surat dinas
Membahas rencana kerja bulanan dengan kepala seksi
Rapat evaluasi realisasi anggaran bidang
Menyusun telaahan staf untuk pimpinan
Monitoring pelaksanaan kegiatan bidang @
Menghadiri rapat koordinasi lintas perangkat daerah
Memberikan arahan kepada staf bidang
""",
    "pengawas": """
Pembagian tugas dan pengarahan staf seksi
Memeriksa konsep surat yang disiapkan staf
Rapat koordinasi dengan ketua RT dan RW @
Monitoring kebersihan dan ketertiban lingkungan @
Menyusun laporan bulanan seksi
Verifikasi usulan kegiatan dari staf
Menghadiri rapat di kantor kecamatan @
""",
    "fungsional": """
Menyusun kajian dan telaahan sesuai bidang keahlian
Diskusi tim kerja pejabat fungsional
Konsultasi dengan instansi pembina jabatan fungsional
Menyusun bahan paparan untuk rapat pimpinan
Mengolah data dukung angka kredit
Menelaah regulasi terbaru terkait tugas jabatan
Memberikan konsultasi kepada pegawai perangkat daerah
""",
    "pelaksana": """
Menginput data kepegawaian di SIMPEG
Menyiapkan bahan dan ruang rapat
Pelayanan administrasi kependudukan di loket
Menggandakan dan mendistribusikan dokumen dinas
Membantu persiapan kegiatan bidang
Menyusun notulen rapat
Mendata inventaris barang milik daerah
Melayani tamu dan konsultasi masyarakat
Mengarsipkan surat masuk dan keluar
""",
}

# Activities that serve an indicator: a line of keywords (all must occur in the indicator's text,
# lower case), then its descriptions indented. The first match wins; FALLBACK otherwise.
FOR_IKI = """
berkas permohonan
    Verifikasi berkas permohonan izin
    Memeriksa kelengkapan berkas permohonan nonizin
    Verifikasi berkas permohonan izin usaha melalui OSS
surat masuk
    Mengagendakan surat masuk dan keluar
    Mencatat dan mendistribusikan surat masuk
    Input agenda surat keluar di aplikasi persuratan
peristiwa penting
    Pemutakhiran data peristiwa penting di SIAK
    Input data kelahiran dan kematian di SIAK
    Verifikasi data perubahan biodata penduduk
jemput bola
    Pelayanan jemput bola perekaman KTP-el di kelurahan @
    Pelayanan jemput bola akta kelahiran di sekolah @
arsip
    Menata berkas arsip sesuai klasifikasi
    Pemberkasan arsip inaktif
    Mendata dan memindahkan arsip ke record center
notulen
    Menyusun notulen rapat
    Menyusun notulen rapat koordinasi bidang
dokumen kependudukan
    Pelayanan administrasi kependudukan di loket
    Mencetak dan menyerahkan KK dan akta kelahiran
    Menerbitkan dokumen kependudukan hasil verifikasi
surat keterangan
    Menerbitkan surat keterangan domisili dan pengantar
    Pelayanan surat keterangan tidak mampu di loket kelurahan
    Menandatangani surat pengantar warga
musrenbang
    Menyusun dokumen hasil musrenbang kecamatan
    Rekapitulasi usulan musrenbang kelurahan
musyawarah
    Memimpin musyawarah kelurahan @
    Rapat persiapan kegiatan pemberdayaan masyarakat
    Pendampingan kegiatan posyandu dan PKK @
paten
    Menandatangani layanan PATEN yang telah diverifikasi
    Memantau penyelesaian layanan PATEN di loket
forkopimcam
    Rapat koordinasi Forkopimcam
    Menyiapkan bahan rapat Forkopimcam
mentoring
    Sesi bimbingan dan mentoring staf bidang
    Coaching staf tentang penyusunan rencana kerja
rekomendasi
    Menyusun telaahan dan rekomendasi kebijakan untuk pimpinan
    Membahas rancangan rekomendasi teknis dengan tim
analisis kebutuhan
    Menyusun analisis kebutuhan pengembangan kompetensi
    Mengolah data hasil pemetaan kompetensi pegawai
operator
    Pendampingan operator perangkat daerah
    Bimbingan teknis operator aplikasi di perangkat daerah @
didampingi perangkat daerah
    Pendampingan penyusunan matriks peran hasil di perangkat daerah @
    Asistensi penyusunan SKP pegawai perangkat daerah
uji kerentanan
    Uji kerentanan aplikasi layanan publik
    Menyusun laporan hasil uji kerentanan aplikasi
aplikasi
    Pemeliharaan dan pembaruan aplikasi layanan
    Perbaikan bug dan pembaruan modul aplikasi
    Pembaruan server dan pencadangan basis data aplikasi
pengamanan
    Pengamanan kegiatan pemerintah kota @
    Patroli pengamanan aset daerah @
pelanggaran
    Penertiban pelanggaran Perda oleh PKL @
    Penertiban reklame tanpa izin @
inovasi
    Pembahasan rancangan inovasi pelayanan
    Uji coba inovasi layanan administrasi kependudukan
laporan keuangan
    Menyusun laporan keuangan bulanan
    Rekonsiliasi belanja dengan BPKAD
dokumen perencanaan
    Menyusun dokumen perencanaan dan pelaporan kinerja
    Menyusun bahan LKjIP perangkat daerah
perjanjian kerja sama
    Pembahasan perjanjian kerja sama pemanfaatan data kependudukan
    Menyiapkan naskah perjanjian kerja sama
layanan
    Pelayanan administrasi kepada masyarakat di loket
    Menyelesaikan permohonan layanan masyarakat
rapat
    Menyelenggarakan rapat koordinasi
    Menyiapkan bahan rapat koordinasi
"""
FALLBACK = "Mengerjakan target SKP: {text}"

# What a pejabat penilai writes when returning a report.
RETURN_NOTES = """
Uraian kegiatan terlalu umum; sebutkan berkas atau dokumen apa yang dikerjakan.
Kuantitas tidak sesuai dengan bukti; lampirkan daftar berkas yang diverifikasi.
Jam rapat tidak sesuai undangan (mulai pukul 09.00); mohon diperbaiki.
Lampirkan foto kegiatan lapangan sebagai bukti.
Kegiatan ini tidak mendukung indikator yang dipilih; kaitkan ke indikator yang tepat atau jadikan tugas lain.
"""


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def described(text: str) -> tuple[str, bool]:
    """(description, field work?) of a line."""
    text = text.strip()
    return (text[:-1].strip(), True) if text.endswith("@") else (text, False)


def pools() -> dict[str, list[tuple[str, bool]]]:
    """The "tugas lain" a person of each jabatan kind draws from (COMMON alone for other kinds)."""
    common = lines(COMMON)
    found = defaultdict(lambda: [described(d) for d in common])
    for kind, text in BY_KIND.items():
        found[kind] = [described(d) for d in lines(text) + common]
    return found


class IkiDescriptions:
    """What one writes for an activity serving an IKI: FOR_IKI's first row whose keywords are all
    in the IKI's text, else FALLBACK; remembered per text."""

    def __init__(self):
        self.rows = iki_rows()
        self.cache = {}

    def for_iki(self, text: str) -> list[tuple[str, bool]]:
        if text not in self.cache:
            lowered = text.lower()
            found = next((d for words, d in self.rows if all(w in lowered for w in words)), None)
            fallback = [FALLBACK.format(text=text[0].lower() + text[1:])[:500]] if text else ["-"]
            self.cache[text] = [described(d) for d in found or fallback]
        return self.cache[text]


def iki_rows() -> list[tuple[list[str], list[str]]]:
    """[(keywords, descriptions)] of FOR_IKI, in order."""
    rows = []
    for line in FOR_IKI.strip().splitlines():
        if line.startswith(" "):
            rows[-1][1].append(line.strip())
        elif line.strip():
            rows.append((line.split(), []))
    return rows


def _layouts(first_minute: int, quarters: int, n: int) -> list[tuple]:
    """Every way to place n activities of 30 minutes or more on a block of quarter hours, as
    ("HH:MM", "HH:MM") pairs."""

    def clock(quarter):
        minute = first_minute + 15 * quarter
        return f"{minute // 60:02d}:{minute % 60:02d}"

    found = []
    for points in itertools.combinations(range(quarters + 1), 2 * n):
        pairs = list(zip(points[::2], points[1::2], strict=True))
        if all(end - start >= 2 for start, end in pairs):
            found.append(tuple((clock(start), clock(end)) for start, end in pairs))
    return found


def day_layouts(sizes) -> dict[int, tuple[list, list]]:
    """{n: (morning layouts, afternoon layouts)}: half of the n activities (rounded up) between
    07:30 and 12:00, the rest between 13:00 and 16:00, so they never overlap and lunch stays free."""
    morning = {n: _layouts(7 * 60 + 30, 18, n) for n in (1, 2)}
    afternoon = {n: _layouts(13 * 60, 12, n) for n in (1, 2)}
    return {n: (morning[(n + 1) // 2], afternoon[n // 2]) for n in sizes}
