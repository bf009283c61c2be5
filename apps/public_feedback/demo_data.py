"""The demo's words: the services of the Palembang perangkat daerah that serve the public, what
citizens write about them, what units reply, and the forums. Used only by ``demo.py``."""

# unit name (as in data/reference/palembang_perangkat_daerah.csv) -> (code, name, description, keywords)
SERVICES = {
    "Dinas Kependudukan dan Pencatatan Sipil": [
        (
            "ktp-el",
            "Perekaman dan pencetakan KTP-el",
            "Perekaman data, pencetakan dan penggantian KTP elektronik.",
            "ktp,e-ktp,ktp elektronik,perekaman",
        ),
        (
            "kartu-keluarga",
            "Penerbitan Kartu Keluarga",
            "KK baru, perubahan data dan penambahan anggota keluarga.",
            "kk,kartu keluarga",
        ),
        ("akta-kelahiran", "Akta kelahiran", "Penerbitan kutipan akta kelahiran.", "akta,kelahiran,akte"),
        ("akta-kematian", "Akta kematian", "Penerbitan kutipan akta kematian.", "akta,kematian"),
        (
            "pindah-datang",
            "Surat keterangan pindah dan kedatangan",
            "SKPWNI untuk pindah antarkota.",
            "pindah,datang,skpwni",
        ),
        ("kia", "Kartu Identitas Anak (KIA)", "KIA untuk anak di bawah 17 tahun.", "kia,kartu anak"),
    ],
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu": [
        (
            "pbg",
            "Persetujuan Bangunan Gedung (PBG, dahulu IMB)",
            "Persetujuan sebelum membangun atau mengubah bangunan.",
            "pbg,imb,izin bangunan",
        ),
        ("slf", "Sertifikat Laik Fungsi (SLF)", "Sertifikat kelaikan bangunan sebelum dimanfaatkan.", "slf"),
        (
            "nib-oss",
            "Perizinan berusaha (NIB/OSS)",
            "Pendampingan perizinan berusaha berbasis risiko.",
            "nib,oss,izin usaha",
        ),
        ("izin-reklame", "Izin penyelenggaraan reklame", "Izin pemasangan papan reklame dan baliho.", "reklame"),
    ],
    "Dinas Kesehatan": [
        (
            "puskesmas",
            "Pelayanan puskesmas",
            "Rawat jalan, kesehatan ibu dan anak, gigi, di 41 puskesmas.",
            "puskesmas,berobat,bpjs",
        ),
        ("imunisasi", "Imunisasi anak", "Imunisasi dasar lengkap di puskesmas dan posyandu.", "imunisasi,vaksin"),
        (
            "laik-higiene",
            "Sertifikat laik higiene sanitasi",
            "Untuk rumah makan, jasa boga dan depot air.",
            "higiene,sanitasi,slhs",
        ),
    ],
    "RSUD Palembang BARI": [
        ("rsud-rawat-jalan", "Rawat jalan RSUD", "Poliklinik spesialis RSUD Palembang BARI.", "rsud,poli,rawat jalan"),
        ("rsud-igd", "Instalasi Gawat Darurat RSUD", "IGD 24 jam.", "igd,gawat darurat"),
    ],
    "Badan Pendapatan Daerah": [
        (
            "pbb-p2",
            "Pajak Bumi dan Bangunan (PBB-P2)",
            "SPPT, pembayaran, keberatan dan pembetulan PBB.",
            "pbb,sppt,pajak bumi",
        ),
        ("bphtb", "BPHTB", "Bea perolehan hak atas tanah dan bangunan.", "bphtb,jual beli tanah"),
        (
            "pajak-restoran",
            "Pajak restoran dan hotel",
            "Pendaftaran dan pelaporan pajak restoran dan hotel.",
            "pajak restoran,pajak hotel",
        ),
    ],
    "Dinas Perhubungan": [
        (
            "uji-kir",
            "Pengujian kendaraan bermotor (uji KIR)",
            "Uji berkala angkutan barang dan penumpang.",
            "kir,uji kendaraan",
        ),
        ("parkir", "Parkir tepi jalan umum", "Juru parkir resmi dan tarif parkir.", "parkir,jukir"),
    ],
    "Dinas Lingkungan Hidup": [
        ("sampah", "Pengangkutan sampah", "Pengangkutan sampah dari TPS ke TPA Sukawinatan.", "sampah,tps,kebersihan"),
        (
            "persetujuan-lingkungan",
            "Persetujuan lingkungan (UKL-UPL, SPPL)",
            "Dokumen lingkungan untuk usaha.",
            "ukl-upl,sppl,amdal",
        ),
    ],
    "Dinas Pendidikan": [
        ("ppdb", "Penerimaan peserta didik baru (SD/SMP)", "Pendaftaran SD dan SMP negeri.", "ppdb,sekolah,zonasi"),
        (
            "legalisir-ijazah",
            "Legalisasi ijazah SD/SMP",
            "Legalisasi dan surat keterangan pengganti ijazah.",
            "legalisir,ijazah",
        ),
    ],
    "Dinas Sosial": [
        (
            "dtks",
            "Pendataan DTKS dan bantuan sosial",
            "Usulan dan pembaruan Data Terpadu Kesejahteraan Sosial.",
            "dtks,bansos,pkh",
        ),
    ],
    "Dinas Tenaga Kerja": [
        ("kartu-ak1", "Kartu pencari kerja (AK/1)", "Kartu kuning untuk melamar pekerjaan.", "kartu kuning,ak1"),
    ],
    "Dinas Pekerjaan Umum dan Penataan Ruang": [
        (
            "jalan-drainase",
            "Perbaikan jalan dan drainase kota",
            "Jalan kota berlubang, saluran tersumbat.",
            "jalan rusak,drainase,banjir",
        ),
    ],
    "Dinas Pemadam Kebakaran dan Penyelamatan": [
        (
            "damkar",
            "Pemadaman kebakaran dan penyelamatan",
            "Pemadaman, evakuasi hewan, penyelamatan.",
            "damkar,kebakaran",
        ),
    ],
    "Dinas Perpustakaan dan Kearsipan": [
        ("perpustakaan", "Layanan perpustakaan umum", "Keanggotaan, peminjaman dan ruang baca.", "perpustakaan"),
    ],
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia": [
        (
            "info-casn",
            "Informasi seleksi CASN dan PPPK",
            "Informasi pengadaan ASN di Pemerintah Kota.",
            "casn,pppk,cpns",
        ),
    ],
    # a bidang of BKPSDM (apps/employees/demo.py), headed by the demo supervisor: their queue
    "Bidang Pengembangan Kompetensi Aparatur": [
        (
            "magang",
            "Magang dan praktik kerja lapangan mahasiswa",
            "Penempatan magang di perangkat daerah.",
            "magang,pkl,praktik kerja",
        ),
    ],
}
# every kecamatan of the reference data gets its PATEN desk
KECAMATAN_SERVICE = (
    "paten",
    "PATEN: surat keterangan dan rekomendasi",
    "Pelayanan Administrasi Terpadu Kecamatan: surat keterangan, rekomendasi, legalisasi.",
    "paten,surat keterangan,kecamatan",
)

# code -> what citizens write (pengaduan); ``{place}`` becomes the location
COMPLAINTS = {
    "ktp-el": [
        "Sudah tiga kali datang ke {place} untuk mencetak KTP-el, selalu dibilang blangko habis. "
        "Mohon kepastian kapan tersedia.",
        "Antrean perekaman KTP-el sangat panjang, nomor antrean habis jam 08.30 padahal loket buka jam 08.00.",
        "KTP-el saya salah tulis tanggal lahir. Sudah mengajukan perbaikan sebulan lalu tetapi belum ada kabar.",
    ],
    "kartu-keluarga": [
        "Pengajuan KK baru setelah menikah sudah dua minggu belum selesai, status di aplikasi tidak berubah.",
        "Petugas meminta fotokopi dokumen yang tidak ada di persyaratan resmi untuk perubahan KK.",
    ],
    "akta-kelahiran": [
        "Akta kelahiran anak kami belum terbit padahal berkas lengkap diserahkan di {place} tiga minggu lalu.",
    ],
    "pindah-datang": ["Surat pindah tidak bisa diproses karena sistem selalu gangguan setiap saya datang."],
    "pbg": [
        "Pengajuan PBG rumah tinggal sudah lebih dari 30 hari kerja tanpa kepastian. "
        "Mohon informasi kekurangan berkas.",
        "Di SIMBG status berkas PBG kami verifikasi teknis sejak dua bulan, tidak ada petugas yang bisa dihubungi.",
    ],
    "nib-oss": ["Mohon bantuan: NIB usaha katering saya tidak muncul setelah verifikasi di OSS."],
    "izin-reklame": ["Baliho tanpa izin menutupi rambu lalu lintas di simpang {place}."],
    "puskesmas": [
        "Di {place} loket pendaftaran baru buka jam 09.00, pasien lansia menunggu di luar tanpa kursi.",
        "Obat untuk penyakit kronis ibu saya sering kosong di puskesmas sehingga harus membeli sendiri.",
        "Ruang tunggu puskesmas panas dan toilet tidak bisa dipakai.",
    ],
    "imunisasi": ["Jadwal imunisasi di posyandu dibatalkan tanpa pemberitahuan dua kali berturut-turut."],
    "rsud-rawat-jalan": ["Antrean poli penyakit dalam RSUD dari pagi sampai sore, dokter datang terlambat."],
    "rsud-igd": ["Pasien IGD menunggu lebih dari empat jam untuk mendapatkan kamar rawat inap."],
    "pbb-p2": [
        "SPPT PBB tahun ini naik hampir dua kali lipat tanpa perubahan bangunan. Bagaimana cara mengajukan keberatan?",
        "Sudah membayar PBB lewat bank tetapi di aplikasi masih tercatat menunggak.",
        "SPPT PBB atas nama pemilik lama belum juga dibalik nama walau sudah mengajukan.",
    ],
    "bphtb": ["Validasi BPHTB jual beli rumah kami lama sekali sehingga akta di notaris tertunda."],
    "uji-kir": ["Di tempat uji KIR ada calo yang menawarkan jasa cepat dengan biaya di luar tarif resmi."],
    "parkir": [
        "Juru parkir di {place} menarik Rp5.000 untuk sepeda motor tanpa karcis.",
        "Parkir liar di bahu jalan {place} membuat macet setiap sore.",
    ],
    "sampah": [
        "Sampah di TPS {place} tidak diangkut sudah seminggu, bau dan mengundang lalat.",
        "Truk sampah datang tidak menentu, warga akhirnya membuang sampah ke sungai.",
    ],
    "ppdb": [
        "Titik koordinat rumah kami salah di sistem PPDB sehingga jarak ke sekolah terbaca jauh.",
        "Anak kami tidak diterima di SD terdekat padahal rumah hanya 300 meter dari sekolah.",
    ],
    "dtks": ["Keluarga kami sudah diusulkan masuk DTKS sejak tahun lalu tetapi belum terdaftar."],
    "jalan-drainase": [
        "Jalan di {place} berlubang besar dan sudah menyebabkan dua pengendara jatuh.",
        "Drainase di {place} tersumbat, setiap hujan air masuk ke rumah warga.",
    ],
    "paten": [
        "Surat keterangan domisili di {place} harus menunggu camat tanda tangan, bisa tiga hari.",
        "Petugas loket PATEN sering tidak di tempat pada jam pelayanan.",
    ],
    "magang": [
        "Permohonan magang mahasiswa kami sudah dikirim sebulan lalu tetapi belum ada balasan penempatan.",
        "Surat balasan magang belum diterima padahal jadwal PKL kampus dimulai minggu depan.",
    ],
    "info-casn": ["Informasi formasi PPPK di laman resmi berbeda dengan pengumuman di media sosial."],
}
GENERIC_COMPLAINTS = [
    "Pelayanan {service} di {place} lambat dan tidak ada informasi berapa lama harus menunggu.",
    "Persyaratan {service} yang diminta petugas berbeda dengan yang tertulis di papan informasi.",
    "Nomor WhatsApp pengaduan {service} tidak pernah dibalas.",
]
ASPIRATIONS = [
    "Usul agar {service} bisa didaftarkan secara daring sehingga warga tidak perlu antre sejak subuh.",
    "Mohon disediakan loket khusus lansia dan penyandang disabilitas untuk {service}.",
    "Sebaiknya jadwal pelayanan {service} juga dibuka hari Sabtu bagi warga yang bekerja.",
    "Terima kasih, pelayanan {service} sekarang lebih cepat. Usul: tambahkan kursi di ruang tunggu.",
]
QUESTIONS = [
    "Apa saja persyaratan {service} dan berapa lama prosesnya?",
    "Apakah {service} dipungut biaya? Di loket ada yang meminta uang administrasi.",
    "Di mana bisa mengecek status permohonan {service} secara daring?",
]
# what citizens write about a named civil servant (rahasia by rule)
ABOUT_PEOPLE = [
    ("petugas loket {n}", "Petugas loket {n} meminta uang Rp100.000 agar berkas diproses cepat."),
    ("petugas bernama {name}", "Petugas bernama {name} membentak warga lansia yang bertanya di loket."),
    ("{name}", "{name} sering meninggalkan loket pada jam pelayanan sehingga antrean terhenti."),
]
LOCATIONS = [
    "Jl. Jenderal Sudirman",
    "Jl. Demang Lebar Daun",
    "Jl. Kol. H. Burlian",
    "Jl. Angkatan 45",
    "Jl. R. Soekamto",
    "Jl. Basuki Rahmat",
    "Jl. Veteran",
    "Jl. Mayor Ruslan",
    "Plaju Ulu",
    "Sukarami",
    "Kenten",
    "Talang Kelapa",
    "Bukit Besar",
    "Seberang Ulu I",
    "Kertapati",
]
QUESTIONS_FOR_INFO = [
    "Mohon sebutkan nomor permohonan atau tanggal Anda datang, agar kami dapat menelusurinya.",
    "Di lokasi mana tepatnya kejadian ini? Mohon sebutkan nama jalan atau patokan terdekat.",
]
INFO_ADDED = [
    "Nomor permohonan saya 2026/0412, datang tanggal 3 bulan ini.",
    "Lokasinya di depan masjid, dekat simpang.",
]
REPLIES = [
    "Terima kasih atas laporan Anda. Kami telah menindaklanjuti dan petugas sudah diberi arahan. "
    "Mohon konfirmasi bila masalah masih terjadi.",
    "Berkas Anda sudah kami periksa dan proses dilanjutkan; hasilnya dapat diambil dalam tiga hari kerja.",
    "Kami telah menurunkan tim ke lokasi pada hari ini. Pekerjaan perbaikan dijadwalkan minggu ini.",
    "Persyaratan resmi tercantum di papan informasi dan laman kami; permintaan di luar itu tidak dibenarkan. "
    "Kami sudah menegur petugas terkait.",
]
OUT_OF_SCOPE = [
    "Jalan tersebut jalan nasional; silakan sampaikan ke BPJN Sumatera Selatan melalui SP4N-LAPOR!.",
    "Layanan ini kewenangan pemerintah provinsi; silakan menghubungi UPTD terkait di tingkat provinsi.",
]
UNRESOLVED = [
    "Perbaikan memerlukan anggaran tahun depan; usulan sudah dimasukkan dalam rencana kerja.",
    "Pelapor tidak dapat dihubungi untuk melengkapi data yang diperlukan.",
]
NOTES = ["Sudah dikoordinasikan dengan kepala seksi pelayanan.", "Cek ulang dengan data aplikasi sebelum membalas."]
SPAM = ["Dapatkan pinjaman cepat tanpa agunan, hubungi 0812xxxx.", "Jual followers murah, kunjungi situs kami."]
RATING_COMMENTS = [
    "Cepat ditanggapi, terima kasih.",
    "Sudah beres.",
    "Lumayan, tapi sebaiknya lebih cepat.",
    "Tanggapan tidak menyelesaikan masalah.",
    "",
]

SKM_SUGGESTIONS = [
    "Tambah loket pada jam sibuk.",
    "Petugas ramah, pertahankan.",
    "Ruang tunggu perlu kipas angin.",
    "Informasi persyaratan perlu ditempel lebih jelas.",
    "Antrean daring sangat membantu.",
]

# forums: (unit name, topic, kind, description, minutes, follow-ups [(action, days to target, done)])
PAST_FORUMS = [
    (
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Forum Konsultasi Publik Layanan Adminduk",
        "komunikasi",
        "Membahas antrean perekaman KTP-el dan layanan adminduk daring.",
        "Forum dihadiri 64 warga, ketua RT dan lurah. Warga meminta penambahan loket perekaman dan jadwal jemput "
        "bola untuk lansia.\n\nDisdukcapil menyampaikan layanan daring untuk KK dan akta, dan menyanggupi perekaman "
        "keliling di kecamatan setiap Kamis.",
        [
            ("Perekaman KTP-el keliling di kecamatan setiap Kamis", 30, True),
            ("Menambah dua loket perekaman di kantor Disdukcapil", 60, False),
        ],
    ),
    (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "Sosialisasi Persetujuan Bangunan Gedung (PBG)",
        "sosialisasi",
        "Tata cara mengajukan PBG melalui SIMBG.",
        "Sosialisasi diikuti 40 peserta dari asosiasi pengembang dan warga. Dibahas alur SIMBG, retribusi dan "
        "jangka waktu layanan.\n\nPeserta meminta kanal konsultasi berkas sebelum diunggah.",
        [
            ("Membuka klinik konsultasi berkas PBG setiap Selasa", 21, True),
            ("Menerbitkan panduan SIMBG bergambar", 45, False),
        ],
    ),
    (
        "Dinas Lingkungan Hidup",
        "Forum Warga Pengelolaan Sampah",
        "komunikasi",
        "Jadwal angkutan sampah dan bank sampah kelurahan.",
        "Warga Kelurahan Sukarami dan Kenten menyampaikan TPS yang penuh. DLH menjelaskan jadwal ritase dan "
        "rencana penambahan armada.",
        [("Menambah ritase truk di TPS Jl. Kol. H. Burlian", 14, True)],
    ),
]
UPCOMING_FORUMS = [
    (
        "Dinas Kesehatan",
        "Forum Konsultasi Publik Standar Pelayanan Puskesmas",
        "komunikasi",
        "Menyusun standar pelayanan puskesmas bersama warga: jam buka, antrean dan ketersediaan obat.",
        True,
    ),
    (
        "Badan Pendapatan Daerah",
        "Sosialisasi Keberatan dan Pengurangan PBB-P2",
        "sosialisasi",
        "Cara mengajukan keberatan, pengurangan dan pembetulan SPPT PBB-P2.",
        False,
    ),
    (
        "Dinas Pendidikan",
        "Forum Konsultasi Publik PPDB SD dan SMP",
        "komunikasi",
        "Masukan warga untuk petunjuk teknis PPDB tahun ajaran baru.",
        False,
    ),
]
FORUM_INPUTS = [
    "Mohon jam layanan diperpanjang sampai sore untuk warga yang bekerja.",
    "Perlu antrean daring supaya tidak menunggu dari subuh.",
    "Informasi persyaratan sebaiknya diumumkan juga lewat kelurahan.",
    "Sediakan kursi roda dan jalur landai di pintu masuk.",
    "Petugas perlu memakai tanda pengenal supaya warga tahu siapa yang melayani.",
    "Kami usul ada layanan jemput bola untuk lansia di tiap kelurahan.",
]
FORUM_SPAM_INPUT = "Promo pinjaman online bunga rendah, hubungi admin kami."
