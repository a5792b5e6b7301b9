"""What the awards pages share: the province a user acts in, and service refusals shown on forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from thidua.awards.rights import board_provinces, reader_provinces
from thidua.core.errors import ThiduaError
from thidua.org.models import Unit


def acting_province(user: Any, *, board: bool = False) -> Unit:
    """The province whose register the user works on (the first one, for the rare user of several)."""
    ids = board_provinces(user) if board else reader_provinces(user)
    province = Unit.objects.filter(pk__in=ids, province__isnull=True).order_by("name").first()
    if province is None:
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng được thực hiện thao tác này."))
    return province


def form_refusal(form: forms.Form, exc: ThiduaError) -> None:
    """Show a service's refusal on the field it names, or on the whole form."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def query_without_page(request: Any) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded: str = params.urlencode()
    return encoded
