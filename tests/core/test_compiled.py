"""apps/core/compiled.py: SQL compiled once per process, run with each call's values."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core import compiled
from apps.core.models import Holiday, HolidayKind
from apps.daily_reports.models import DailyReport, ReportSettings
from apps.employees import hierarchy
from apps.employees.models import ActingAssignment, Employee, OrgUnit
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _members(unit_id):
    return Employee.objects.filter(unit_id=unit_id, is_active=True).order_by("pk").values_list("pk", flat=True)


def test_each_call_runs_the_same_sql_with_its_own_values(org):
    query = compiled.CompiledQuery(_members, compiled.ID)
    assert [pk for (pk,) in query.rows(org.unit_a.pk)] == list(_members(org.unit_a.pk))
    with CaptureQueriesContext(connection) as first:
        in_b = query.rows(org.unit_b.pk)
    assert [pk for (pk,) in in_b] == [org.supervisor_b.pk, org.outsider.pk]
    assert str(compiled.ID) not in first.captured_queries[0]["sql"]
    assert query.rows(10**15) == []


def test_a_stand_in_the_orm_folds_away_is_refused():
    query = compiled.CompiledQuery(lambda pk, _unused: Employee.objects.filter(pk=pk).values_list("pk"), compiled.ID,
                                   compiled.DAY)  # fmt: skip
    with pytest.raises(ValueError, match="stand-ins missing"):
        query.rows(1, datetime.date(2026, 1, 1))


def test_the_number_of_values_is_checked():
    query = compiled.CompiledQuery(_members, compiled.ID)
    with pytest.raises(TypeError):
        query.rows()


def test_instances_are_model_objects_as_the_orm_reads_them():
    expected = ReportSettings.current()  # creates the row when missing
    query = compiled.CompiledQuery(
        lambda pk: ReportSettings.objects.filter(pk=pk).values_list(*compiled.columns(ReportSettings)), compiled.ID
    )
    (found,) = query.instances(ReportSettings, expected.pk)
    assert found == expected and not found._state.adding
    assert [getattr(found, f.attname) for f in ReportSettings._meta.concrete_fields] == [
        getattr(ReportSettings.objects.get(pk=expected.pk), f.attname) for f in ReportSettings._meta.concrete_fields
    ]


def test_insert_unless_present_inserts_once_and_the_second_is_told(org):
    day = datetime.date(2026, 11, 2)
    first = DailyReport(employee=org.asn, date=day)
    assert compiled.insert_unless_present(first) is True
    stored = DailyReport.objects.get(employee=org.asn, date=day)
    assert stored.pk == first.pk and stored.status == "draft" and stored.created_at is not None
    again = DailyReport(employee=org.asn, date=day)
    with CaptureQueriesContext(connection) as queries:
        assert compiled.insert_unless_present(again) is False
    assert again.pk is None and len(queries) == 1  # no savepoint, no error to roll back
    assert DailyReport.objects.filter(employee=org.asn).count() == 1


def test_hierarchy_answers_equal_the_orm_ones_with_plt_and_a_vacant_unit(org):
    vacant = OrgUnit.objects.create(name="Seksi Tanpa Kepala", parent=org.unit_a)
    loose = EmployeeFactory(unit=vacant, supervisor=None)
    today = datetime.date.today()
    ActingAssignment.objects.create(employee=org.asn_peer, unit=vacant, kind="plt", starts_on=today, ends_on=today)
    ActingAssignment.objects.create(employee=org.asn, unit=org.unit_b, kind="plh", starts_on=today, ends_on=today)
    OrgUnit.objects.filter(pk=org.unit_b.pk).update(head=org.supervisor_b)
    for employee in (org.supervisor, org.asn, org.asn_peer, org.outsider, loose):
        orm = set(hierarchy.direct_subordinates(employee.pk, on=today).values_list("pk", flat=True))
        assert hierarchy.has_subordinates(employee.pk, on=today) is bool(orm)
    assert set(hierarchy.direct_subordinates(org.asn_peer.pk, on=today).values_list("pk", flat=True)) == {loose.pk}


def test_holidays_are_read_through_the_compiled_range(org):
    from apps.core.workdays import _load_from_db

    Holiday.objects.filter(date__year=2041).delete()  # far from the seeded national calendar
    Holiday.objects.create(date=datetime.date(2041, 12, 25), name="Natal", kind=HolidayKind.LIBUR_NASIONAL)
    Holiday.objects.create(date=datetime.date(2041, 12, 28), name="Sabtu kerja", kind=HolidayKind.HARI_KERJA_TAMBAHAN)
    closed, opened = _load_from_db(datetime.date(2041, 12, 1), datetime.date(2041, 12, 31))
    assert closed == {datetime.date(2041, 12, 25)} and opened == {datetime.date(2041, 12, 28)}
    assert _load_from_db(datetime.date(2041, 1, 1), datetime.date(2041, 1, 31)) == (set(), set())
