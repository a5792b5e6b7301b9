from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from thidua.core.audit import AuditOutsideTransaction, changed, record
from thidua.core.models import AuditEvent


@pytest.mark.django_db
def test_it_records_before_after_reason_and_actor() -> None:
    user = get_user_model().objects.create_user("ban_tdkt", password="x" * 12, first_name="Lan")
    with transaction.atomic():
        record(
            actor=user,
            action="target.amend",
            object_type="agreements.target",
            object_id=7,
            object_repr="Chỉ tiêu 1.1",
            before={"value": Decimal("40.5")},
            after={"value": Decimal("42")},
            reason="Điều chỉnh theo Nghị quyết HĐND",
        )
    event = AuditEvent.objects.get()
    assert (event.actor, event.actor_name, event.action) == (user, "Lan", "target.amend")
    assert event.before == {"value": "40.5"} and event.after == {"value": "42"}
    assert event.reason == "Điều chỉnh theo Nghị quyết HĐND"


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_audit_outside_a_transaction() -> None:
    with pytest.raises(AuditOutsideTransaction):
        record(actor=None, action="x", object_type="t", object_id=1)
    assert not AuditEvent.objects.exists()


def test_it_keeps_only_changed_fields() -> None:
    assert changed({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ({"b": 2}, {"b": 3})
