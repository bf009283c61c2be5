"""SKP life cycle through the services, against the real database (DOMAIN.md, issue "Bad input")."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.employees.models import ActingAssignment, ActingKind
from apps.indicators.models import Iki, IkiPeriodTarget, Rhk, Skp, SkpStatus, SkpTemplate
from apps.indicators.selectors.achievement import elapsed_periods, skp_result
from apps.indicators.services import items, realisation
from apps.indicators.services import skp as skp_services
from tests.factories import EmployeeFactory

from .conftest import YEAR, build_skp

pytestmark = pytest.mark.django_db


def messages_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


class TestCreate:
    def test_blank_draft_with_the_seven_berakhlak_values(self, org):
        skp = skp_services.skp_create(actor=org.asn.user, employee=org.asn, year=YEAR)
        assert skp.status == SkpStatus.DRAFT and skp.revision == 1
        assert skp.expectations.count() == 7

    def test_one_skp_per_year(self, org):
        build_skp(org.asn)
        with pytest.raises(ValidationError) as exc:
            skp_services.skp_create(actor=org.asn.user, employee=org.asn, year=YEAR)
        assert "sudah ada" in messages_of(exc)
        assert Skp.objects.filter(employee=org.asn).count() == 1

    def test_nobody_creates_another_persons_skp(self, org):
        with pytest.raises(ValidationError):
            skp_services.skp_create(actor=org.asn_peer.user, employee=org.asn, year=YEAR)

    def test_from_a_library_template(self, org):
        template = SkpTemplate.objects.create(jabatan="Pengadministrasi Perkantoran", jabatan_kind="pelaksana")
        rhk = template.rhk.create(text="Tertatanya arsip", kind="utama")
        rhk.iki.create(text="Arsip ditata", target_value=Decimal(240), target_unit="berkas")
        skp = skp_services.skp_create(actor=org.asn.user, employee=org.asn, year=YEAR, template=template)
        iki = Iki.objects.get(rhk__skp=skp)
        assert iki.text == "Arsip ditata" and iki.target_value == 240
        assert iki.period_targets.count() == 12

    def test_copy_last_year_keeps_the_indicators_lineage(self, org):
        old = build_skp(org.asn, year=YEAR - 1)
        new = skp_services.skp_create(actor=org.asn.user, employee=org.asn, year=YEAR, copy_from=old)
        assert Iki.objects.get(rhk__skp=new).lineage == Iki.objects.get(rhk__skp=old).lineage
        assert new.status == SkpStatus.DRAFT


class TestContentRules:
    @pytest.mark.parametrize("target", [Decimal(-1), Decimal(0)])
    def test_negative_or_zero_target_refused_for_higher_is_better(self, org, target):
        skp = build_skp(org.asn)
        rhk = skp.rhk.get()
        with pytest.raises(ValidationError) as exc:
            items.iki_save(
                actor=org.asn.user,
                rhk=rhk,
                text="x",
                aspect="kuantitas",
                target_value=target,
                target_unit="dokumen",
                direction="higher",
                cumulative=True,
            )
        assert "Target" in messages_of(exc)
        assert rhk.iki.count() == 1

    def test_zero_target_is_fine_when_lower_is_better(self, org):
        skp = build_skp(org.asn)
        iki = items.iki_save(
            actor=org.asn.user,
            rhk=skp.rhk.get(),
            text="Keluhan layanan",
            aspect="kualitas",
            target_value=Decimal(0),
            target_unit="kasus",
            direction="lower",
            cumulative=False,
        )
        assert iki.pk

    def test_weights_that_sum_to_99_block_submission(self, org):
        skp = build_skp(
            org.asn,
            rhk=[("A", [("a", 10, "higher", True)], Decimal(60)), ("B", [("b", 10, "higher", True)], Decimal(39))],
        )
        with pytest.raises(ValidationError) as exc:
            skp_services.skp_submit(actor=org.asn.user, skp=skp)
        assert "99" in messages_of(exc) and "100" in messages_of(exc)
        skp.refresh_from_db()
        assert skp.status == SkpStatus.DRAFT

    def test_weights_that_sum_to_100_submit(self, org):
        skp = build_skp(
            org.asn,
            rhk=[("A", [("a", 10, "higher", True)], Decimal(60)), ("B", [("b", 10, "higher", True)], Decimal(40))],
        )
        skp_services.skp_submit(actor=org.asn.user, skp=skp)
        assert skp.status == SkpStatus.SUBMITTED and skp.evaluator == org.supervisor

    def test_rhk_without_iki_blocks_submission(self, org):
        skp = build_skp(org.asn)
        items.rhk_save(actor=org.asn.user, skp=skp, text="Tanpa indikator")
        with pytest.raises(ValidationError) as exc:
            skp_services.skp_submit(actor=org.asn.user, skp=skp)
        assert "belum punya IKI" in messages_of(exc)

    def test_linking_to_an_rhk_that_is_not_the_supervisors_is_refused(self, org):
        others = build_skp(org.supervisor_b, approve_by=None)
        skp = build_skp(org.asn)
        with pytest.raises(ValidationError) as exc:
            items.rhk_save(actor=org.asn.user, skp=skp, text="X", parent=others.rhk.first())
        assert "bukan RHK atasan" in messages_of(exc)

    def test_linking_to_the_supervisors_unapproved_skp_is_refused(self, org):
        boss = build_skp(org.supervisor)
        skp = build_skp(org.asn)
        with pytest.raises(ValidationError) as exc:
            items.rhk_save(actor=org.asn.user, skp=skp, text="X", parent=boss.rhk.first())
        assert "belum disetujui" in messages_of(exc)

    def test_linking_to_the_supervisors_approved_rhk_is_required_and_accepted(self, org):
        head = EmployeeFactory(unit=org.unit_a)
        org.supervisor.supervisor = head
        org.supervisor.save()
        boss = build_skp(org.supervisor, approve_by=head.user)
        skp = build_skp(org.asn)
        with pytest.raises(ValidationError) as exc:
            skp_services.skp_submit(actor=org.asn.user, skp=skp)
        assert "belum dikaitkan" in messages_of(exc)
        items.rhk_save(actor=org.asn.user, skp=skp, rhk=skp.rhk.get(), text="Mendukung", parent=boss.rhk.get())
        skp_services.skp_submit(actor=org.asn.user, skp=skp)
        assert Rhk.objects.get(skp=skp).parent.skp == boss

    def test_editing_an_approved_skp_is_refused(self, org, approved_skp):
        with pytest.raises(ValidationError) as exc:
            items.rhk_save(actor=org.asn.user, skp=approved_skp, text="Baru")
        assert "terkunci" in messages_of(exc)
        assert approved_skp.rhk.count() == 1


class TestApproval:
    def test_approving_ones_own_skp_is_refused(self, org):
        skp = build_skp(org.supervisor)
        org.supervisor.supervisor = org.supervisor_b
        org.supervisor.save()
        skp_services.skp_submit(actor=org.supervisor.user, skp=skp)
        with pytest.raises(PermissionDenied) as exc:
            skp_services.skp_approve(actor=org.supervisor.user, skp=skp)
        assert "sendiri" in str(exc.value)

    def test_a_supervisor_who_is_no_longer_theirs_cannot_approve(self, org):
        skp = build_skp(org.asn)
        skp_services.skp_submit(actor=org.asn.user, skp=skp)
        org.asn.supervisor = org.supervisor_b
        org.asn.save()
        with pytest.raises(PermissionDenied):
            skp_services.skp_approve(actor=org.supervisor.user, skp=Skp.objects.get(pk=skp.pk))
        assert Skp.objects.get(pk=skp.pk).status == SkpStatus.SUBMITTED

    def test_a_plt_of_the_unit_approves_during_the_assignment(self, org):
        plt = EmployeeFactory(unit=org.unit_b)
        today = datetime.date.today()
        ActingAssignment.objects.create(
            employee=plt,
            unit=org.unit_a,
            kind=ActingKind.PLT,
            starts_on=today,
            ends_on=today + datetime.timedelta(days=30),
        )
        skp = build_skp(org.asn)
        skp_services.skp_submit(actor=org.asn.user, skp=skp)
        assert skp.evaluator == plt  # the stand-in comes first while assigned
        skp_services.skp_approve(actor=plt.user, skp=skp)
        assert skp.status == SkpStatus.APPROVED and skp.approved_by == plt

    def test_return_needs_a_note_and_reopens_for_editing(self, org):
        skp = build_skp(org.asn)
        skp_services.skp_submit(actor=org.asn.user, skp=skp)
        with pytest.raises(ValidationError):
            skp_services.skp_return(actor=org.supervisor.user, skp=skp, note="   ")
        skp_services.skp_return(actor=org.supervisor.user, skp=skp, note="Target surat terlalu rendah.")
        assert skp.status == SkpStatus.RETURNED and skp.is_editable
        items.rhk_save(actor=org.asn.user, skp=skp, rhk=skp.rhk.get(), text="Diperbaiki")

    def test_revisions_keep_every_approved_version_readable(self, org, approved_skp):
        skp = approved_skp
        assert skp.revisions.get().snapshot["rhk"][0]["text"] == "Terselesaikannya layanan administrasi"
        skp_services.skp_revise(actor=org.asn.user, skp=skp)
        assert skp.status == SkpStatus.DRAFT and skp.revision == 2
        items.rhk_save(actor=org.asn.user, skp=skp, rhk=skp.rhk.get(), text="Versi kedua")
        skp_services.skp_submit(actor=org.asn.user, skp=skp)
        skp_services.skp_approve(actor=org.supervisor.user, skp=skp)
        texts = [r.snapshot["rhk"][0]["text"] for r in skp.revisions.order_by("number")]
        assert texts == ["Terselesaikannya layanan administrasi", "Versi kedua"]

    def test_expectations_are_written_by_the_pejabat_penilai_only(self, org):
        skp = build_skp(org.asn)
        skp_services.expectations_set(actor=org.supervisor.user, skp=skp, texts={"pelayanan": "Ramah di loket"})
        assert skp.expectations.get(value="pelayanan").text == "Ramah di loket"
        with pytest.raises(PermissionDenied):
            skp_services.expectations_set(actor=org.asn.user, skp=skp, texts={"pelayanan": "x"})


class TestTargetsAndRealisation:
    def test_cumulative_target_splits_evenly_and_adds_up(self, org):
        skp = build_skp(org.asn, rhk=[("A", [("a", 100, "higher", True)], None)])
        targets = list(IkiPeriodTarget.objects.filter(iki__rhk__skp=skp).values_list("target_value", flat=True))
        assert len(targets) == 12 and sum(targets) == 100 and targets[0] == Decimal("8.33")

    def test_a_level_target_stays_the_same_each_period(self, org):
        skp = build_skp(org.asn, rhk=[("A", [("Hari per izin", 3, "lower", False)], None)])
        targets = set(IkiPeriodTarget.objects.filter(iki__rhk__skp=skp).values_list("target_value", flat=True))
        assert targets == {Decimal(3)}

    def test_period_targets_must_add_up_to_the_annual_one(self, org):
        skp = build_skp(org.asn)
        iki = Iki.objects.get(rhk__skp=skp)
        with pytest.raises(ValidationError) as exc:
            items.period_targets_set(actor=org.asn.user, iki=iki, targets=dict.fromkeys(range(1, 13), Decimal(1)))
        assert "12" in messages_of(exc) and "120" in messages_of(exc)
        items.period_targets_set(
            actor=org.asn.user, iki=iki, targets={**dict.fromkeys(range(1, 12), Decimal(10)), 12: Decimal(10)}
        )
        assert IkiPeriodTarget.objects.filter(iki=iki, target_value=10).count() == 12

    @time_machine.travel(datetime.datetime(2026, 3, 10, 10, tzinfo=datetime.UTC), tick=False)
    def test_realisation_feeds_period_and_year_achievement(self, org, approved_skp):
        iki = Iki.objects.get(rhk__skp=approved_skp)  # 120 a year -> 10 a month
        realisation.realisation_add(actor=org.asn.user, iki=iki, period=1, value=Decimal(8))
        realisation.realisation_add(actor=org.asn.user, iki=iki, period=2, value=Decimal(12))
        january = skp_result(approved_skp, period=1)
        assert january.percent == Decimal(80)
        march = skp_result(approved_skp, period=3)  # nothing counted yet: zero done
        assert march.percent == Decimal(0)
        # on 10 March the year so far is January and February: 20 due, 20 done
        year = skp_result(approved_skp)
        assert year.through == 2
        assert (year.rhk[0].iki[0].target, year.rhk[0].iki[0].realisation) == (Decimal(20), Decimal(20))
        assert year.percent == Decimal(100) and year.proposal == "sesuai"

    @pytest.mark.parametrize(
        "year, today, expected",
        [
            (2025, datetime.date(2026, 2, 1), 12),
            (2026, datetime.date(2026, 1, 20), 1),
            (2026, datetime.date(2026, 12, 1), 11),
            (2027, datetime.date(2026, 12, 1), 0),
        ],
    )
    def test_year_so_far_counts_the_completed_periods(self, year, today, expected):
        assert elapsed_periods(year, 12, today) == expected
        assert elapsed_periods(2026, 4, datetime.date(2026, 8, 1)) == 2

    def test_realisation_is_refused_before_approval(self, org):
        skp = build_skp(org.asn)
        with pytest.raises(ValidationError):
            realisation.realisation_add(
                actor=org.asn.user, iki=Iki.objects.get(rhk__skp=skp), period=1, value=Decimal(1)
            )

    def test_evidence_images_are_reencoded_and_svg_refused(self, org, approved_skp):
        from PIL import Image

        iki = Iki.objects.get(rhk__skp=approved_skp)
        buffer = io.BytesIO()
        exif = Image.Exif()
        exif[0x010F] = "KameraRahasia"  # Make; stands in for GPS metadata
        Image.new("RGB", (8, 8), "red").save(buffer, format="JPEG", exif=exif)
        photo = SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")
        entry = realisation.realisation_add(actor=org.asn.user, iki=iki, period=1, value=Decimal(1), evidence=photo)
        stored = entry.evidence.open("rb").read()
        assert b"KameraRahasia" not in stored and stored.startswith(b"\xff\xd8\xff")
        assert entry.evidence_name == "foto.jpg" and entry.evidence_type == "image/jpeg"
        svg = SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "image/svg+xml")
        with pytest.raises(ValidationError) as exc:
            realisation.realisation_add(actor=org.asn.user, iki=iki, period=1, value=Decimal(1), evidence=svg)
        assert "bukan PDF" in messages_of(exc)
        assert iki.realisations.count() == 1
