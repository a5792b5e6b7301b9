"""Small template helpers of the cycle's pages."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.cycle.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    request = context["request"]
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return 0
    # The header and the cycle menu both show the count: one query per page, kept on the request.
    cached: int | None = getattr(request, "_thidua_unread", None)
    if cached is None:
        cached = Notification.objects.filter(user=user, read_at__isnull=True).count()
        request._thidua_unread = cached
    return cached


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def fact_takes_value(facts: Any) -> bool:
    """A version 2 criterion's facts: whether its line also carries its own value (`value` among them)."""
    return any(getattr(fact, "name", None) == "value" for fact in facts or ())
