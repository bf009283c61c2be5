"""The content of the demo SKPs (``demo.py``): unit goals with their IKU, the pejabat penilai's
expectations and a return note. Invented but plausible for Pemerintah Kota Palembang; the IKU
names follow RPJMD practice (Indeks Reformasi Birokrasi, IKM, IPM, ...).

Rows are "|"-separated: short to read and to change.
"""

from .berakhlak import CoreValue

# City goal: key | goal | IKU | target | unit (a goal with two IKU has two rows).
CITY_GOALS = """
tk|Terwujudnya tata kelola pemerintahan yang bersih, akuntabel, dan berkinerja|Indeks Reformasi Birokrasi|75|nilai
tk||Nilai SAKIP Pemerintah Kota|72|nilai
pl|Meningkatnya kualitas pelayanan publik yang cepat, mudah, dan terjangkau|Indeks Kepuasan Masyarakat|85|indeks
sdm|Meningkatnya kualitas SDM yang sehat, cerdas, dan berdaya saing|Indeks Pembangunan Manusia|80.5|indeks
eko|Meningkatnya pertumbuhan ekonomi daerah yang inklusif dan berkelanjutan|Laju pertumbuhan ekonomi|5.6|persen
eko||Tingkat pengangguran terbuka|7.2|persen
"""
# Perangkat daerah (short name) | city goal it supports | goal | IKU | target | unit
PD_GOALS = """
Setda|tk|Meningkatnya kualitas koordinasi kebijakan daerah|Persentase kebijakan yang ditetapkan tepat waktu|90|persen
Setwan|tk|Meningkatnya dukungan pelaksanaan fungsi DPRD|Persentase rapat DPRD yang terfasilitasi|100|persen
Inspektorat|tk|Meningkatnya kapabilitas pengawasan intern|Level kapabilitas APIP|3|level
Disdik|sdm|Meningkatnya akses dan mutu pendidikan dasar|Angka partisipasi murni SD|98|persen
Dinkes|sdm|Meningkatnya derajat kesehatan masyarakat|Persentase balita stunting yang tertangani|90|persen
Dinas PUPR|pl|Meningkatnya kualitas jalan dan drainase kota|Persentase jalan kota kondisi mantap|85|persen
Disperkimtan|pl|Berkurangnya kawasan permukiman kumuh|Luas kawasan kumuh yang tertangani|40|hektare
Damkarmat|pl|Meningkatnya kecepatan penanganan kebakaran|Persentase kebakaran tertangani dalam 15 menit|85|persen
Dinsos|sdm|Meningkatnya perlindungan sosial warga rentan|Persentase PPKS yang mendapat layanan sosial|80|persen
Disnaker|eko|Meningkatnya penempatan tenaga kerja|Jumlah pencari kerja yang ditempatkan|2500|orang
DPPPA|sdm|Meningkatnya perlindungan perempuan dan anak|Persentase kasus kekerasan yang tertangani|100|persen
DPPKB|sdm|Meningkatnya kualitas keluarga berencana|Persentase peserta KB aktif|75|persen
DKPP|eko|Meningkatnya ketahanan pangan masyarakat|Skor Pola Pangan Harapan|90|skor
DLH|pl|Meningkatnya kualitas lingkungan hidup kota|Indeks Kualitas Lingkungan Hidup|65|indeks
Disdukcapil|pl|Meningkatnya cakupan dokumen kependudukan|Persentase wajib KTP-el yang merekam|99.4|persen
Dishub|pl|Meningkatnya kelancaran dan keselamatan lalu lintas|Persentase simpang dengan APILL berfungsi|90|persen
Diskominfo|tk|Meningkatnya penerapan pemerintahan berbasis elektronik|Indeks SPBE|3.5|indeks
Diskop UKM|eko|Meningkatnya daya saing koperasi dan usaha mikro|Jumlah usaha mikro yang naik kelas|300|unit usaha
DPMPTSP|pl|Meningkatnya kemudahan berusaha dan investasi|Persentase izin terbit sesuai standar|95|persen
Dispora|sdm|Meningkatnya prestasi olahraga dan peran pemuda|Jumlah medali pada Porprov|120|medali
Disbud|sdm|Terlestarikannya cagar budaya dan kesenian daerah|Jumlah cagar budaya yang dilestarikan|25|objek
Dispar|eko|Meningkatnya kunjungan wisatawan|Jumlah kunjungan wisatawan|2.5|juta kunjungan
Dispusip|sdm|Meningkatnya minat baca dan tertib arsip|Tingkat Gemar Membaca|70|nilai
Disdag|eko|Terjaganya stabilitas harga bahan pokok|Fluktuasi harga bahan pokok|5|persen
Disperin|eko|Meningkatnya daya saing industri kecil dan menengah|Jumlah IKM bersertifikat halal atau SNI|150|IKM
Diskan|eko|Meningkatnya produksi perikanan budi daya|Produksi perikanan budi daya|9000|ton
Bappeda Litbang|tk|Meningkatnya kualitas perencanaan pembangunan|Persentase program RKPD selaras RPJMD|100|persen
BPKAD|tk|Terwujudnya pengelolaan keuangan daerah yang akuntabel|Persentase realisasi belanja daerah|95|persen
Bapenda|eko|Meningkatnya pendapatan asli daerah|Persentase realisasi PAD terhadap target|100|persen
BKPSDM|tk|Meningkatnya profesionalitas dan kinerja ASN|Indeks Profesionalitas ASN|75|indeks
Kesbangpol|pl|Terpeliharanya kerukunan dan kondusivitas daerah|Persentase potensi konflik yang tertangani|100|persen
BPBD|pl|Meningkatnya ketangguhan kota menghadapi bencana|Persentase kelurahan tangguh bencana|30|persen
Satpol PP|pl|Meningkatnya ketertiban umum dan penegakan Perda|Persentase pelanggaran Perda yang selesai|90|persen
RSUD Palembang BARI|pl|Meningkatnya mutu pelayanan rumah sakit|Indeks Kepuasan Masyarakat RSUD|85|indeks
*kecamatan|pl|Meningkatnya kualitas pelayanan publik di {name}|Indeks Kepuasan Masyarakat layanan PATEN|85|indeks
*kecamatan|pl|Terwujudnya ketenteraman dan ketertiban umum di {name}|Persentase gangguan trantibum tertangani|95|persen
*lainnya|pl|Meningkatnya kualitas layanan {name}|Indeks Kepuasan Masyarakat|85|indeks
*semua|tk|Meningkatnya akuntabilitas kinerja dan keuangan {name}|Nilai SAKIP perangkat daerah|75|nilai
"""
# BerAKHLAK value | an ekspektasi khusus pimpinan (each person gets one of the value's lines)
EXPECTATIONS = """
pelayanan|Menanggapi permintaan layanan paling lambat satu hari kerja.
pelayanan|Ramah dan tuntas saat melayani pegawai maupun masyarakat.
akuntabel|Mengisi laporan harian tepat waktu dengan bukti dukung yang lengkap.
akuntabel|Menggunakan anggaran dan barang milik daerah sesuai aturan.
kompeten|Mengikuti paling sedikit 20 JP pengembangan kompetensi tahun ini.
kompeten|Berbagi pengetahuan dengan rekan satu tim setiap triwulan.
harmonis|Menjaga suasana kerja yang saling menghargai di dalam tim.
harmonis|Sigap membantu rekan yang beban kerjanya sedang tinggi.
loyal|Menjaga kerahasiaan data pegawai dan dokumen dinas.
loyal|Menjaga nama baik unit kerja, termasuk di media sosial.
adaptif|Cepat menyesuaikan diri dengan aplikasi dan prosedur baru.
adaptif|Mengusulkan sedikitnya satu perbaikan cara kerja tahun ini.
kolaboratif|Aktif berkoordinasi dengan bidang lain dalam kegiatan bersama.
kolaboratif|Terbuka menerima masukan dan melibatkan rekan dalam pekerjaan.
"""
RETURN_NOTE = (
    "Target jumlah pada IKI pertama terlalu rendah dibanding beban kerja bidang; sesuaikan dengan "
    "capaian tahun lalu dan ajukan kembali."
)


def table_rows(table: str) -> list[list[str]]:
    return [line.split("|") for line in table.strip().splitlines()]


EXPECTATIONS = {value: [text for key, text in table_rows(EXPECTATIONS) if key == value] for value in CoreValue.values}
