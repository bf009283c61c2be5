"""The SKP template library loader (apps/indicators/library.py) and its command."""

import io
import json

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from apps.indicators.library import is_cumulative, load_templates
from apps.indicators.models import Direction, IkiTemplate, RhkKind, RhkTemplate, SkpTemplate


def write(tmp_path, data, name="templat.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def template(jabatan="Penata Uji", rhk_texts=("RHK satu",), arah="naik", satuan="dokumen"):
    return {
        "jabatan": jabatan,
        "kind": "pelaksana",
        "unit": "Dinas Uji",
        "rhk": [
            {"text": text, "jenis": "utama", "iki": [{"text": f"IKI {text}", "aspek": "kuantitas", "target": 12,
                                                       "satuan": satuan, "arah": arah}]}
            for text in rhk_texts
        ],
    }  # fmt: skip


@pytest.mark.django_db
class TestReferenceFile:
    def test_loads_every_template_and_loading_again_creates_nothing(self):
        assert load_templates() == (19, 0)
        counts = (SkpTemplate.objects.count(), RhkTemplate.objects.count(), IkiTemplate.objects.count())
        assert counts == (19, 52, 99)  # as data/reference/SOURCES-jabatan.md describes the file
        assert load_templates() == (0, 19)
        assert (SkpTemplate.objects.count(), RhkTemplate.objects.count(), IkiTemplate.objects.count()) == counts

    def test_directions_units_and_cumulation_are_mapped(self):
        load_templates()
        permit_time = IkiTemplate.objects.get(text="Rata-rata waktu penerbitan izin usaha")
        assert (permit_time.direction, permit_time.cumulative, permit_time.target_unit) == (
            Direction.LOWER, False, "hari")  # fmt: skip
        files = IkiTemplate.objects.get(text__startswith="Jumlah berkas permohonan izin")
        assert (files.direction, files.cumulative, files.target_value) == (Direction.HIGHER, True, 2400)
        assert not IkiTemplate.objects.filter(target_unit="persen", cumulative=True).exists()
        assert not IkiTemplate.objects.filter(target_unit__startswith="skala", cumulative=True).exists()
        assert not IkiTemplate.objects.filter(direction=Direction.LOWER, cumulative=True).exists()
        camat = SkpTemplate.objects.get(jabatan="Camat")
        assert camat.jabatan_kind == "administrator" and camat.description == "Kecamatan"
        assert list(camat.rhk.values_list("kind", flat=True)) == [RhkKind.UTAMA, RhkKind.UTAMA, RhkKind.TAMBAHAN]


@pytest.mark.parametrize(
    "satuan, direction, expected",
    [("dokumen", Direction.HIGHER, True), ("orang", Direction.HIGHER, True), ("laporan", Direction.HIGHER, True),
     ("persen", Direction.HIGHER, False), ("indeks", Direction.HIGHER, False), ("skala 4", Direction.HIGHER, False),
     ("hari", Direction.LOWER, False), ("menit", Direction.LOWER, False), ("kasus", Direction.LOWER, False)],
)  # fmt: skip
def test_counts_add_up_and_levels_do_not(satuan, direction, expected):
    assert is_cumulative(satuan, direction) is expected


@pytest.mark.django_db
def test_reloading_replaces_a_templates_rhk_and_leaves_other_templates_alone(tmp_path):
    own = SkpTemplate.objects.create(jabatan="Templat buatan BKPSDM", jabatan_kind="pelaksana")
    load_templates(write(tmp_path, [template(rhk_texts=("Lama satu", "Lama dua"))]))
    assert load_templates(write(tmp_path, [template(rhk_texts=("Baru",), arah="turun", satuan="hari")])) == (0, 1)
    loaded = SkpTemplate.objects.get(jabatan="Penata Uji")
    assert list(loaded.rhk.values_list("text", flat=True)) == ["Baru"]
    iki = IkiTemplate.objects.get(rhk__template=loaded)
    assert (iki.direction, iki.cumulative) == (Direction.LOWER, False)
    assert IkiTemplate.objects.count() == 1
    assert SkpTemplate.objects.filter(pk=own.pk).exists()


@pytest.mark.django_db
def test_the_command_loads_a_file_given_by_path(tmp_path):
    out = io.StringIO()
    call_command("load_skp_templates", path=str(write(tmp_path, [template()])), stdout=out)
    assert "1 baru, 0 diperbarui" in out.getvalue()
    assert SkpTemplate.objects.filter(jabatan="Penata Uji").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [
        ('[{"jabatan": "Penata Uji", "rhk": [', "bukan JSON yang sah (baris 1"),
        ({"jabatan": "bukan daftar"}, "harus berisi daftar"),
        ([template(arah="ke atas")], "Templat “Penata Uji”, RHK ke-1, IKI ke-1: “arah” harus salah satu dari naik"),
        ([{**template(), "rhk": []}], "“rhk” harus daftar"),
        ([template(), template()], "muncul dua kali"),
    ],
)
def test_a_broken_file_is_a_clear_error_in_indonesian_and_changes_nothing(tmp_path, content, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        call_command("load_skp_templates", path=str(write(tmp_path, content)))
    assert not SkpTemplate.objects.exists()


@pytest.mark.django_db
def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("load_skp_templates", path=str(tmp_path / "tidak-ada.json"))


@pytest.mark.django_db
def test_from_the_command_line_the_error_is_one_line_without_a_traceback(tmp_path, capsys):
    path = write(tmp_path, "[{ rusak")
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "load_skp_templates", "--path", str(path)])
    assert exit_info.value.code == 1
    error = capsys.readouterr().err
    assert error.startswith("CommandError: Berkas ") and "bukan JSON yang sah" in error
    assert "Traceback" not in error
