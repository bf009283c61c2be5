"""Invitation emails: a link to set the first password, made with allauth's reset-key tokens, so the
same expiry and one-time use apply."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse


def invitation_url(user) -> str:
    key = default_token_generator.make_token(user)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
    return settings.SIKAP_SITE_URL.rstrip("/") + path


def send_invitation(user) -> None:
    context = {"user": user, "url": invitation_url(user), "government": settings.SIKAP_GOVERNMENT_NAME}
    subject = render_to_string("emails/invitation-subject.txt", context).strip()
    body = render_to_string("emails/invitation-body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
