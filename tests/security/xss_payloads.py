"""XSS payloads and the free-text fields they go into (issue item 4, output encoding).

``free_text_fields()`` reads every model's ``_meta``: a CharField or TextField of our apps that is
not a choice, has no validator of its own (slugs, emails, usernames) and is not one of the
identifiers in ``NOT_FREE_TEXT``. A new text field is therefore covered without editing this
module. ``poison()`` stores the payloads in every row of every such field with a plain UPDATE,
bypassing forms and services, which is what a lax import path or a direct database write would
achieve; URL fields get ``javascript:`` URLs, which no validator stands between once saved.
"""

from django.apps import apps
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, Left

POLYGLOT = (
    r"""jaVasCript:/*-/*`/*\`/*'/*"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//"""
    r"""</stYle/</titLe/</teXtarEa/</scRipt/--!>\x3csVg/<sVg/oNloAd=alert()//>\x3e"""
)
IMG = "<img src=x onerror=window.__xss=1>"
DOUBLE_QUOTE = '"><script>window.__xss=1</script>'
SINGLE_QUOTE = "'><svg/onload=window.__xss=1>"
SCRIPT_BREAKOUT = "</script><script>window.__xss=1</script>"  # for JSON inside <script>
HREF = "javascript:window.__xss=1"  # for href/src contexts
COMPACT = "<svg/onload=__xss=1>"  # what still fits a short field (20 characters)
PAYLOADS = [POLYGLOT, IMG, DOUBLE_QUOTE, SINGLE_QUOTE, SCRIPT_BREAKOUT, HREF]

# Substrings that survive HTML escaping: a page that holds none of them shows no payload.
MARKERS = (b"__xss", b"alert(", b"jaVasCript:", b"img src=x")

# Identifiers, hashes and codes that users never type as prose (or that the system derives from
# validated values), and models that no page renders.
NOT_FREE_TEXT = {
    "password",
    "key",
    "key_hash",
    "hint",
    "code",
    "code_hash",
    "sha256",
    "reference",
    "nip",
    "device_key",
    "scope",
    "task_id",
    "task_name",
    "exception_type",
    "source_key",
    "content_type",
    "certificate_type",
    "evidence_type",
    "checkin_code",
    "min_golongan",
    "max_golongan",
    "actor_label",
    "object_type",
    "object_id",
    "pgh_label",
}
NOT_FREE_TEXT_FIELDS = {"evaluations.EvaluationStep.action"}  # a step name written by the services
INTERNAL_MODELS = {"core.OutboxMessage", "core.RateHit", "core.FormDraft", "dashboards.SummaryRefresh"}
HARMLESS_VALIDATORS = (MaxLengthValidator, ProhibitNullCharactersValidator)


def _is_history(model) -> bool:
    """pghistory's event tables copy the tracked rows; the triggers poison them along."""
    return any(field.name == "pgh_obj" or field.name == "pgh_created_at" for field in model._meta.fields)


def _is_href(field) -> bool:
    return isinstance(field, models.URLField) or field.name == "url" or field.name.endswith("_url")


def free_text_fields() -> list[tuple[type[models.Model], models.Field]]:
    found = []
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("apps.") or label in INTERNAL_MODELS or _is_history(model):
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, CharField | models.TextField):
                continue
            if field.choices or field.name in NOT_FREE_TEXT or f"{label}.{field.name}" in NOT_FREE_TEXT_FIELDS:
                continue
            own = [v for v in field.validators if not isinstance(v, HARMLESS_VALIDATORS)]
            if own and not isinstance(field, models.URLField):  # slugs, emails, usernames
                continue
            found.append((model, field))
    return found


def payload_for(field, index: int) -> str:
    """The payloads, starting at a different one for each field, as many whole ones as fit."""
    if _is_href(field):
        return HREF
    limit = field.max_length
    start = index % len(PAYLOADS)
    chosen = []
    for payload in PAYLOADS[start:] + PAYLOADS[:start]:
        if limit is None or len(" ".join([*chosen, payload])) <= limit:
            chosen.append(payload)
    return " ".join(chosen) if chosen else COMPACT[:limit]


def _unique(model, field) -> bool:
    if field.unique:
        return True
    together = [set(fields) for fields in model._meta.unique_together]
    together += [set(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    return any(field.name in fields for fields in together)


def poison() -> dict[str, int]:
    """Store a payload in every free-text field of every row; returns "app.Model.field" -> rows.
    A unique field gets the row's pk in front, so that its rows stay distinct."""
    stored = {}
    for index, (model, field) in enumerate(free_text_fields()):
        value = payload_for(field, index)
        if _unique(model, field):
            room = (field.max_length or 10_000) - 10
            value = Concat(Cast("pk", CharField()), Value(" " + value[:room]), output_field=field)
            if field.max_length:
                value = Left(value, field.max_length)
        stored[f"{model._meta.label}.{field.name}"] = model._base_manager.update(**{field.name: value})
    return stored
