from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from apps.core import access
from apps.employees import hierarchy

from ..models import EvaluationStep


def require_evaluator(actor, employee):
    """The actor must be the employee's pejabat penilai today (a Plt/Plh included), never themself."""
    me = access.employee_of(actor)
    if me is not None and me.pk == employee.pk:
        raise PermissionDenied(_("Anda tidak dapat mengevaluasi diri sendiri."))
    if me is None or not hierarchy.is_evaluator_of(me.pk, employee):
        raise PermissionDenied(_("Anda bukan pejabat penilai pegawai ini."))
    return me


def record(evaluation, actor, action: str, note: str = "") -> None:
    EvaluationStep.objects.create(evaluation=evaluation, actor=actor, action=action, note=note)
