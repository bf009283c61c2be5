import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.core import access
from apps.employees.models import ActingAssignment, Employee
from tests.factories import EmployeeFactory


def fresh(user):
    """Roles are cached per request on the user object; tests that change data reload it."""
    user.refresh_from_db()
    for attr in ("_sikap_roles", "_sikap_employee"):
        user.__dict__.pop(attr, None)
    return user


@pytest.mark.django_db
class TestRoles:
    def test_each_persona_has_its_roles(self, personas):
        assert access.roles(personas["asn"]) == {access.ASN}
        assert access.roles(personas["supervisor"]) == {access.ASN, access.SUPERVISOR}
        assert access.roles(personas["admin"]) == {access.ADMIN}
        assert access.roles(personas["leader"]) == {access.LEADER}

    def test_anonymous_has_no_role(self):
        from django.contrib.auth.models import AnonymousUser

        assert access.roles(AnonymousUser()) == frozenset()
        assert access.primary_role(AnonymousUser()) is None

    def test_inactive_employee_is_not_an_asn(self, org):
        Employee.objects.filter(pk=org.asn.pk).update(is_active=False)
        assert access.roles(fresh(org.asn.user)) == frozenset()

    def test_supervisor_without_active_subordinates_is_only_asn(self, org):
        Employee.objects.filter(supervisor=org.supervisor).update(is_active=False)
        assert access.roles(fresh(org.supervisor.user)) == {access.ASN}

    def test_mfa_is_needed_by_supervisors_admins_and_leaders(self, personas):
        assert not access.needs_mfa(personas["asn"])
        assert all(access.needs_mfa(personas[role]) for role in ("supervisor", "admin", "leader"))


@pytest.mark.django_db
class TestEmployeeScope:
    def test_asn_sees_only_themself(self, org):
        assert set(access.employees_visible_to(org.asn.user)) == {org.asn}

    def test_supervisor_sees_self_and_team_not_other_units(self, org):
        visible = set(access.employees_visible_to(org.supervisor.user))
        assert visible == {org.supervisor, org.asn, org.asn_peer}

    def test_supervisor_sees_indirect_subordinates(self, org):
        grandchild = EmployeeFactory(unit=org.unit_a, supervisor=org.asn)
        assert grandchild in access.employees_visible_to(org.supervisor.user)

    def test_admin_and_leader_see_everyone(self, personas, org):
        everyone = set(Employee.objects.all())
        assert set(access.employees_visible_to(personas["admin"])) == everyone
        assert set(access.employees_visible_to(personas["leader"])) == everyone

    def test_plt_supervises_the_unit_heads_team_within_dates(self, org):
        today = datetime.date.today()
        ActingAssignment.objects.create(
            employee=org.outsider,
            unit=org.unit_a,
            kind="plt",
            starts_on=today,
            ends_on=today + datetime.timedelta(days=30),
        )
        user = fresh(org.outsider.user)
        assert access.SUPERVISOR in access.roles(user)
        assert org.asn in access.employees_visible_to(user)

    def test_expired_plt_gives_nothing(self, org):
        past = datetime.date.today() - datetime.timedelta(days=60)
        ActingAssignment.objects.create(
            employee=org.outsider,
            unit=org.unit_a,
            kind="plh",
            starts_on=past,
            ends_on=past + datetime.timedelta(days=5),
        )
        user = fresh(org.outsider.user)
        assert access.SUPERVISOR not in access.roles(user)
        assert org.asn not in access.employees_visible_to(user)


@pytest.mark.django_db
class TestLoaders:
    def test_out_of_scope_object_is_404_even_when_it_exists(self, org):
        with pytest.raises(Http404):
            access.get_employee_for(org.asn.user, pk=org.outsider.pk)

    def test_malformed_lookup_is_404_not_500(self, org):
        with pytest.raises(Http404):
            access.get_employee_for(org.asn.user, pk="not-a-number")

    def test_in_scope_object_loads(self, org):
        assert access.get_employee_for(org.supervisor.user, pk=org.asn.pk) == org.asn

    def test_scope_filters_employee_owned_rows(self, org):
        rows = access.scope(org.supervisor.user, Employee.objects.all(), employee_field="pk")
        assert set(rows) == {org.supervisor, org.asn, org.asn_peer}

    def test_forbidden_action_is_403(self, personas):
        with pytest.raises(PermissionDenied):
            access.require(personas["asn"], "admin.manage")
        access.require(personas["admin"], "admin.manage")

    def test_unknown_action_is_a_programming_error(self, personas):
        with pytest.raises(ValueError, match="unknown action"):
            access.can(personas["asn"], "no.such.action")


@pytest.mark.django_db
def test_role_lookups_cost_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    user = fresh(org.supervisor.user)
    with django_assert_max_num_queries(3):
        access.roles(user)
        access.roles(user)
        access.is_supervisor(user)
