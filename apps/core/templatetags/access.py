"""Template side of apps/core/access.py: templates ask the same predicates, never restate rules.

{% if user|can:"admin.manage" %} ... {% endif %}
{% if user|has_role:"supervisor" %} ... {% endif %}
"""

from django import template

from apps.core import access

register = template.Library()


@register.filter
def can(user, action):
    return access.can(user, action)


@register.filter
def has_role(user, role):
    return role in access.roles(user)


@register.simple_tag(takes_context=True)
def allowed(context, action, obj=None):
    """Object-level question: {% allowed "skp.edit" skp as may_edit %}."""
    return access.can(context["user"], action, obj)
