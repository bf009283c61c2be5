"""The city dashboard's figures as charts and tables: each section is a chart (server-side SVG, the
same code as the PDFs) with its DataTable behind a toggle and as an XLSX download."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core.charts import bar_chart
from apps.core.charts_series import heatmap, stacked_bar
from apps.core.tables import DataTable
from apps.evaluations.predicate import Predicate
from apps.indicators.models.config import Rating

from .selectors.city import CityDashboard, Row

RATINGS = [Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH]
PREDICATES = list(Predicate)


@dataclass
class Section:
    key: str
    heading: str
    chart: str
    table: DataTable
    note: str = ""
    scroll: bool = False  # wide: scrolls sideways on a phone rather than shrinking its text


def _bars(rows: list[Row], value, **options):
    return [(row.group.name, value(row)) for row in rows]


def _chart_options(**extra) -> dict:
    # about a phone's width: on a desktop card it scales up, on a 360 px screen its text stays legible
    return {"width": 380, "label_width": 140, "label_chars": 22, "empty": _("Belum ada data."), **extra}


def _compliance(d: CityDashboard) -> Section:
    title = _("Kepatuhan laporan harian per unit")
    ranked = d.ranked
    columns = [_("Unit"), _("Hari wajib lapor"), _("Laporan masuk"), _("Disetujui"), _("Dikembalikan"),
               _("Menunggu"), _("Kepatuhan (%)")]  # fmt: skip
    table = DataTable("kepatuhan", title, columns, [
        [r.group.name, r.headcount, r.filed, r.approved, r.returned, r.waiting, r.compliance] for r in ranked
    ])  # fmt: skip
    t = d.total
    table.total = [_("Total"), t.headcount, t.filed, t.approved, t.returned, t.waiting, t.compliance]
    chart = bar_chart(_bars(ranked, lambda r: r.compliance), title=title, max_value=100, reference=100,
                      **_chart_options())  # fmt: skip
    return Section("kepatuhan", title, chart, table, _("Diurutkan dari yang paling rendah."))


def _review(d: CityDashboard) -> Section:
    title = _("Lama pemeriksaan laporan oleh atasan")
    rows = sorted((r for r in d.rows if r.reviewed), key=lambda r: -(r.review_days or 0))
    columns = [_("Unit"), _("Diperiksa"), _("Rata-rata (hari)"), _("Terlambat (%)"), _("Menunggu")]
    table = DataTable("pemeriksaan", title, columns,
                      [[r.group.name, r.reviewed, r.review_days, r.late_share, r.waiting] for r in rows])  # fmt: skip
    t = d.total
    table.total = [_("Total"), t.reviewed, t.review_days, t.late_share, t.waiting]
    chart = bar_chart(_bars(rows, lambda r: r.review_days), title=title, unit=_(" hari"), **_chart_options())
    return Section("pemeriksaan", title, chart, table)


def _achievement(d: CityDashboard) -> Section:
    title = _("Sebaran rating hasil kerja")
    rows = [r for r in d.rows if r.ratings]
    labels = [str(Rating(code).label) for code in RATINGS]
    columns = [_("Unit"), *labels, _("Rata-rata capaian (%)")]
    table = DataTable("capaian", title, columns,
                      [[r.group.name, *[r.ratings[c] for c in RATINGS], r.achievement] for r in rows])  # fmt: skip
    t = d.total
    table.total = [_("Total"), *[t.ratings[c] for c in RATINGS], t.achievement]
    bars = [(r.group.name, [r.ratings[c] for c in RATINGS]) for r in rows]
    chart = stacked_bar(bars, segments=labels, title=title, **_chart_options())
    return Section("capaian", title, chart, table)


def _predicates(d: CityDashboard) -> Section:
    title = _("Sebaran predikat kinerja terhadap kurva")
    rows = [r for r in d.rows if r.predicates]
    labels = [str(p.label) for p in PREDICATES]
    columns = [_("Unit"), *labels, _("Kurva")]

    def curve(row: Row) -> str:
        if row.curve is None:
            return _("belum dinilai")
        return _("sesuai") if row.curve.fits else "; ".join(str(v) for v in row.curve.problems)

    table = DataTable("predikat", title, columns,
                      [[r.group.name, *[r.predicates[p] for p in PREDICATES], curve(r)] for r in rows])  # fmt: skip
    t = d.total
    table.total = [_("Total"), *[t.predicates[p] for p in PREDICATES], ""]
    bars = [(r.group.name, [r.predicates[p] for p in PREDICATES]) for r in rows]
    if rows:
        bars.append((_("Total"), [t.predicates[p] for p in PREDICATES]))
    chart = stacked_bar(bars, segments=labels, title=title, **_chart_options())
    period = d.evaluation_period
    note = _("Periode penilaian: %(period)s.") % {"period": period} if period else _("Belum ada periode penilaian.")
    return Section("predikat", title, chart, table, note)


def _jp(d: CityDashboard) -> Section:
    title = _("PNS dengan JP tahun %(year)s ≥ %(floor)s") % {"year": d.filter.end.year, "floor": d.jp_floor}
    rows = sorted((r for r in d.rows if r.pns), key=lambda r: (r.jp_share or 0, r.group.name))
    columns = [_("Unit"), _("PNS"), _("Memenuhi"), _("Cakupan (%)")]
    table = DataTable("jp", title, columns, [[r.group.name, r.pns, r.pns_reached, r.jp_share] for r in rows])
    t = d.total
    table.total = [_("Total"), t.pns, t.pns_reached, t.jp_share]
    chart = bar_chart(_bars(rows, lambda r: r.jp_share), title=title, max_value=100, reference=100, **_chart_options())
    return Section("jp", title, chart, table)


def _trainings(d: CityDashboard) -> Section:
    title = _("Peserta pelatihan yang selesai dalam periode")
    rows = sorted((r for r in d.rows if r.participants), key=lambda r: (-r.participants, r.group.name))
    columns = [_("Unit"), _("Peserta"), _("Pelatihan selesai")]
    table = DataTable("pelatihan", title, columns, [[r.group.name, r.participants, r.completions] for r in rows])
    table.total = [_("Total"), d.total.participants, d.total.completions]
    chart = bar_chart(_bars(rows, lambda r: r.participants), title=title, unit="", **_chart_options())
    return Section("pelatihan", title, chart, table)


def _complaints(d: CityDashboard) -> Section:
    title = _("Pengaduan per unit")
    rows = sorted((r for r in d.rows if r.complaints or r.open_now), key=lambda r: (-r.overdue_now, -r.open_now))
    columns = [_("Unit"), _("Masuk"), _("Selesai"), _("Tepat waktu"), _("Terbuka kini"), _("Lewat tenggat"),
               _("Median penyelesaian (hari kerja)")]  # fmt: skip
    table = DataTable("pengaduan", title, columns, [
        [r.group.name, r.complaints, r.closed, r.on_time, r.open_now, r.overdue_now, r.median_days] for r in rows
    ])  # fmt: skip
    t = d.total
    table.total = [_("Total"), t.complaints, t.closed, t.on_time, t.open_now, t.overdue_now, t.median_days]
    segments = [_("Terbuka, dalam tenggat"), _("Lewat tenggat")]
    bars = [(r.group.name, [r.open_now - r.overdue_now, r.overdue_now]) for r in rows]
    chart = stacked_bar(bars, segments=segments, title=_("Pengaduan terbuka saat ini"), as_share=False,
                        **_chart_options())  # fmt: skip
    return Section("pengaduan", title, chart, table)


def _ikm(d: CityDashboard) -> Section:
    title = _("Indeks Kepuasan Masyarakat (IKM) per unit")
    pairs = [(r, r.ikm) for r in d.rows]
    pairs = sorted(((r, ikm) for r, ikm in pairs if ikm is not None), key=lambda p: (p[1].value, p[0].group.name))
    columns = [_("Unit"), _("Responden"), _("IKM"), _("Mutu")]
    table = DataTable(
        "ikm", title, columns, [[r.group.name, ikm.respondents, ikm.value, ikm.grade] for r, ikm in pairs]
    )
    total = d.total.ikm
    if total is not None:
        table.total = [_("Total"), total.respondents, total.value, total.grade]
    bars = [(r.group.name, float(ikm.value)) for r, ikm in pairs]
    chart = bar_chart(bars, title=title, unit="", max_value=100, **_chart_options())
    return Section("ikm", title, chart, table)


def _heatmap(d: CityDashboard) -> Section:
    days = d.heatmap_days
    title = _("Kepatuhan harian per unit")
    names = {row.group.key: row.group.name for row in d.rows}
    keys = [row.group.key for row in d.ranked if row.group.key in d.heatmap]
    labels = [date_format(day, "j") for day in days]
    columns = [_("Unit"), *[date_format(day, "j M") for day in days]]
    table = DataTable("harian", title, columns, [[names[k], *d.heatmap[k]] for k in keys])
    chart = heatmap([(names[k], d.heatmap[k]) for k in keys], columns=labels, title=title, width=760,
                    label_width=170, empty=_("Belum ada data."))  # fmt: skip
    note = ""
    if days:
        note = _("Hari kerja %(first)s – %(last)s; sel abu-abu: tidak ada yang wajib lapor.") % {
            "first": date_format(days[0], "j M Y"),
            "last": date_format(days[-1], "j M Y"),
        }
    return Section("harian", title, chart, table, note, scroll=True)


def sections(d: CityDashboard) -> list[Section]:
    return [
        _compliance(d),
        _heatmap(d),
        _review(d),
        _achievement(d),
        _predicates(d),
        _jp(d),
        _trainings(d),
        _complaints(d),
        _ikm(d),
    ]
