"""Pangkat and golongan ruang (PNS) and golongan (PPPK), as DOMAIN.md lists them."""

PNS_GOLONGAN = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
PPPK_GOLONGAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip

PANGKAT_BY_GOLONGAN = dict(PNS_GOLONGAN)
PNS_CODES = [code for code, _ in PNS_GOLONGAN]
GOLONGAN_CHOICES = [
    ("PNS", [(code, f"{code} {name}") for code, name in PNS_GOLONGAN]),
    ("PPPK", [(code, f"Golongan {code}") for code in PPPK_GOLONGAN]),
]


def pangkat_label(golongan: str) -> str:
    """'III/a' -> 'Penata Muda (III/a)'; a PPPK golongan 'IX' -> 'Golongan IX'."""
    if golongan in PANGKAT_BY_GOLONGAN:
        return f"{PANGKAT_BY_GOLONGAN[golongan]} ({golongan})"
    return f"Golongan {golongan}" if golongan else ""


def normalise_golongan(value: str) -> str:
    """Accept the spellings found in SIASN exports: 'III/a', 'iii/a', 'III a', 'III-a', '3/a'."""
    text = (value or "").strip().replace("-", "/").replace(" ", "/").replace("//", "/")
    arabic = {"1": "I", "2": "II", "3": "III", "4": "IV"}
    if "/" in text:
        major, minor = text.split("/", 1)
        major = arabic.get(major, major.upper())
        return f"{major}/{minor.lower()}"
    return text.upper()


# Rank of each golongan for range checks ("III/a to III/d"): PNS and PPPK each in their own order.
GOLONGAN_ORDER = {code: rank for rank, code in enumerate(PNS_CODES)} | {
    code: rank for rank, code in enumerate(PPPK_GOLONGAN)
}
