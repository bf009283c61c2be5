"""Writes on the organisation and the employees. Each takes the acting user, validates, writes in
one transaction and leaves an audit trail (pghistory context)."""

import datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.accounts import services as account_services
from apps.accounts.models import User
from apps.core import audit
from apps.core.models import AuditAction

from . import hierarchy
from .models import ActingAssignment, Employee, EmploymentType, OrgUnit
from .nip import parse_nip
from .pangkat import PNS_CODES, PPPK_GOLONGAN

EMPLOYEE_FIELDS = (
    "nip", "name", "gelar_depan", "gelar_belakang", "employment_type", "golongan", "jabatan", "jabatan_kind",
    "unit", "supervisor", "tmt_jabatan", "work_email", "work_phone",
)  # fmt: skip


def _clean_employee(employee: Employee) -> None:
    """The rules of DOMAIN.md that the database cannot check; raises ValidationError per field."""
    errors = {}
    pppk = employee.employment_type != EmploymentType.PNS
    try:
        facts = parse_nip(employee.nip, pppk=pppk)
    except ValidationError as exc:
        errors["nip"] = exc.messages
    else:
        employee.nip = employee.nip.strip()
        employee.birth_date, employee.gender = facts.birth_date, facts.gender
        if facts.tmt_cpns:
            employee.tmt_cpns = facts.tmt_cpns
    allowed = PNS_CODES if not pppk else PPPK_GOLONGAN
    if employee.golongan and employee.golongan not in allowed:
        errors["golongan"] = [_("Golongan %(g)s tidak berlaku untuk %(t)s.") % {
            "g": employee.golongan, "t": employee.get_employment_type_display()}]  # fmt: skip
    if employee.supervisor_id:
        if employee.pk and hierarchy.would_create_cycle(employee.pk, employee.supervisor_id):
            errors["supervisor"] = [_("Atasan tidak boleh pegawai itu sendiri atau bawahannya (membentuk lingkaran).")]
        elif not Employee.objects.filter(pk=employee.supervisor_id, is_active=True).exists():
            errors["supervisor"] = [_("Atasan harus pegawai yang aktif.")]
    if errors:
        raise ValidationError(errors)


def _save(employee: Employee, *, actor: User, action: str) -> Employee:
    _clean_employee(employee)
    try:
        with transaction.atomic(), pghistory.context(actor=actor.pk, action=action):
            employee.save()
    except IntegrityError as exc:
        if Employee.objects.filter(nip=employee.nip).exclude(pk=employee.pk).exists():
            raise ValidationError({"nip": [_("NIP %(nip)s sudah terdaftar.") % {"nip": employee.nip}]}) from exc
        raise
    return employee


def employee_create(*, actor: User, **fields) -> Employee:
    return _save(Employee(**fields), actor=actor, action="employee_create")


def employee_update(*, actor: User, employee: Employee, **fields) -> Employee:
    for name, value in fields.items():
        setattr(employee, name, value)
    return _save(employee, actor=actor, action="employee_update")


def employee_deactivate(*, actor: User, employee: Employee) -> Employee:
    """Deactivate the employee and their account: every session ends, every API token is revoked."""
    from allauth.usersessions.models import UserSession

    with transaction.atomic(), pghistory.context(actor=actor.pk, action="employee_deactivate"):
        employee.is_active = False
        employee.save(update_fields=["is_active", "updated_at"])
        if employee.user_id:
            user = employee.user
            user.is_active = False
            user.save(update_fields=["is_active"])
            account_services.user_tokens_revoke_all(actor=actor, user=user)
            audit.record(AuditAction.ACCOUNT_DEACTIVATED, obj=user, actor=actor, employee=employee.pk)
            for session in UserSession.objects.filter(user=user):
                session.end()
    return employee


def employee_account_invite(*, actor: User, employee: Employee) -> User:
    """Create the employee's account (username = NIP, no usable password) and email them a link to
    set their password. Inviting again re-sends the link."""
    from apps.accounts.invitations import send_invitation

    if not employee.work_email:
        raise ValidationError({"work_email": [_("Isi email kantor pegawai ini sebelum mengirim undangan.")]})
    if not employee.is_active:
        raise ValidationError(_("Pegawai nonaktif tidak dapat diundang."))
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="employee_account_invite"):
        user = employee.user
        if user is None:
            if User.objects.filter(username=employee.nip).exists():
                raise ValidationError(_("Sudah ada akun dengan nama pengguna %(nip)s.") % {"nip": employee.nip})
            user = User(username=employee.nip, email=employee.work_email, first_name=employee.name)
            user.set_unusable_password()
            user.save()
            employee.user = user
            employee.save(update_fields=["user", "updated_at"])
        elif user.email != employee.work_email:
            user.email = employee.work_email
            user.save(update_fields=["email"])
        transaction.on_commit(lambda: send_invitation(user))
    return user


def acting_assignment_create(
    *, actor: User, employee: Employee, unit: OrgUnit, kind: str, starts_on: datetime.date, ends_on: datetime.date
) -> ActingAssignment:
    """Employee X acts as head of unit U (Plt/Plh) from starts_on to ends_on inclusive."""
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = [_("Tanggal selesai tidak boleh sebelum tanggal mulai.")]
    if not employee.is_active:
        errors["employee"] = [_("Pegawai nonaktif tidak dapat ditugaskan.")]
    if unit.head_id == employee.pk:
        errors["employee"] = [_("Pegawai ini sudah kepala unit tersebut.")]
    overlapping = ActingAssignment.objects.filter(unit=unit, starts_on__lte=ends_on, ends_on__gte=starts_on)
    if not errors and overlapping.exists():
        errors["starts_on"] = [_("Unit ini sudah punya Plt/Plh pada sebagian tanggal tersebut.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="acting_assignment_create"):
        return ActingAssignment.objects.create(
            employee=employee, unit=unit, kind=kind, starts_on=starts_on, ends_on=ends_on
        )


def acting_assignment_delete(*, actor: User, assignment: ActingAssignment) -> None:
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="acting_assignment_delete"):
        assignment.delete()


def org_unit_save(*, actor: User, unit: OrgUnit) -> OrgUnit:
    """Create or update a unit; moving it (a new parent) moves its whole subtree with it."""
    if hierarchy.unit_would_create_cycle(unit.pk, unit.parent_id):
        raise ValidationError({"parent": [_("Unit induk tidak boleh unit ini sendiri atau unit di bawahnya.")]})
    if unit.head_id and unit.head and not unit.head.is_active:
        raise ValidationError({"head": [_("Kepala unit harus pegawai yang aktif.")]})
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="org_unit_save"):
        unit.save()
    return unit
