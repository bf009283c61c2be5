"""Audit receivers for what Django and allauth do themselves: sign-ins, failed sign-ins,
sign-outs, password and MFA changes, and role changes on the account, whichever path made them
(the Django admin, a service, the shell). See apps/core/audit.py."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from apps.core import audit
from apps.core.models import AuditAction

from .models import User

# What makes a role: the SIKAP role and Django's own staff and superuser flags.
ROLE_FIELDS = ("role", "is_staff", "is_superuser")


@receiver(auth_signals.user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    audit.record(AuditAction.LOGIN, obj=user, actor=user, request=request)


@receiver(auth_signals.user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in ``credentials``; only the name typed is kept.
    typed = credentials.get("username") or credentials.get("email") or credentials.get("login") or ""
    audit.record(AuditAction.LOGIN_FAILED, request=request, login=typed[:150])


@receiver(auth_signals.user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(AuditAction.LOGOUT, obj=user, actor=user, request=request)


@receiver(account_signals.password_changed, dispatch_uid="audit_password_changed")
def _password_changed(sender, request, user, **kwargs):
    audit.record(AuditAction.PASSWORD_CHANGED, obj=user, actor=user, request=request)


@receiver(account_signals.password_reset, dispatch_uid="audit_password_reset")
def _password_reset(sender, request, user, **kwargs):
    audit.record(AuditAction.PASSWORD_RESET, obj=user, actor=user, request=request)


def _mfa(action):
    def receive(sender, request, user, authenticator, **kwargs):
        audit.record(action, obj=user, actor=user, request=request, kind=authenticator.type)

    return receive


for _signal, _action in (
    (mfa_signals.authenticator_added, AuditAction.MFA_ADDED),
    (mfa_signals.authenticator_removed, AuditAction.MFA_REMOVED),
    (mfa_signals.authenticator_reset, AuditAction.MFA_RESET),
    (mfa_signals.authentication_failed, AuditAction.MFA_FAILED),
):
    _signal.connect(_mfa(_action), dispatch_uid=f"audit_{_action}", weak=False)


@receiver(pre_save, sender=User, dispatch_uid="audit_role_before")
def _remember_role(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & set(ROLE_FIELDS)):
        return  # e.g. a sign-in saving last_login: no extra query
    instance._audit_role_before = User.objects.filter(pk=instance.pk).values(*ROLE_FIELDS).first()


@receiver(post_save, sender=User, dispatch_uid="audit_role_after")
def _role_changed(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_audit_role_before", None)
    if raw or created or before is None:
        return
    changed = {name: f"{before[name]} -> {getattr(instance, name)}" for name in ROLE_FIELDS}
    changed = {name: change for name, change in changed.items() if before[name] != getattr(instance, name)}
    if changed:
        audit.record(AuditAction.ROLE_CHANGED, obj=instance, **changed)
