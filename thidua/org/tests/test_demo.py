from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from thidua.accounts import access
from thidua.cli import main
from thidua.core.models import AuditEvent
from thidua.org import selectors
from thidua.org.demo import load_demo
from thidua.org.models import ClusterYear, Membership, Unit, UnitSuccession


def _members(cluster_code: str, year: int) -> dict[str, str]:
    return dict(
        Membership.objects.filter(
            cluster_year__cluster__code=cluster_code, cluster_year__year=year
        ).values_list("unit__name", "role")
    )


@pytest.mark.django_db
def test_it_loads_the_seeds_leaders_and_deputies() -> None:
    load_demo()
    cum1_2017 = _members("KG-CUM1", 2017)
    assert (cum1_2017["Huyện An Minh"], cum1_2017["Huyện An Biên"], cum1_2017["Huyện Gò Quao"]) == (
        "leader",
        "deputy",
        "member",
    )
    cum1_2018 = _members("KG-CUM1", 2018)
    assert (cum1_2018["Huyện An Biên"], cum1_2018["Huyện Vĩnh Thuận"]) == ("leader", "deputy")
    cum2_2018 = _members("KG-CUM2", 2018)
    assert (cum2_2018["Huyện Châu Thành"], cum2_2018["Huyện Hòn Đất"], cum2_2018["Thành phố Rạch Giá"]) == (
        "leader",
        "deputy",
        "member",
    )
    khoi4_2018 = _members("KG-KHOI4", 2018)
    assert len(khoi4_2018) == 7
    assert (khoi4_2018["Sở Văn hóa và Thể thao"], khoi4_2018["Sở Lao động – Thương binh và Xã hội"]) == (
        "leader",
        "deputy",
    )
    assert _members("AG-CUM5", 2026) == {
        "Xã Vĩnh Hòa": "leader",
        "Xã Thạnh Lộc": "deputy",
        "Phường Rạch Giá": "member",
        "Xã An Minh": "member",
        "Xã Vĩnh Thuận": "member",
    }


@pytest.mark.django_db
def test_it_loads_twice_without_changing_anything() -> None:
    load_demo()
    counts = (
        Unit.objects.count(),
        UnitSuccession.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
    )
    events = AuditEvent.objects.count()
    load_demo()
    assert (
        Unit.objects.count(),
        UnitSuccession.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
    ) == counts
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_it_links_the_merged_district_and_province_to_their_successors() -> None:
    load_demo()
    board = User.objects.get(username="bantdkt")
    an_minh = Unit.objects.get(province__code="AN-GIANG", code="AN-MINH")
    history = selectors.unit_history(user=board, unit=an_minh)
    assert [(s.predecessor.name, s.kind) for s in history.predecessors] == [("Huyện An Minh", "merger")]
    kien_giang = Unit.objects.get(code="KIEN-GIANG")
    assert UnitSuccession.objects.get(predecessor=kien_giang).successor.code == "AN-GIANG"  # type: ignore[union-attr]
    # The An Giang board sees Kiên Giang's clusters: the merged province's history is now its own.
    assert set(access.clusters_visible_to(board).values_list("code", flat=True)) >= {"KG-CUM1", "AG-CUM5"}
    # Sở Kế hoạch và Đầu tư → Sở Tài chính (Kiên Giang) → Sở Tài chính (An Giang), followed transitively.
    ag_finance = Unit.objects.get(province__code="AN-GIANG", code="SO-TAI-CHINH")
    chain = selectors.unit_history(user=board, unit=ag_finance).predecessors
    assert [s.predecessor.name for s in chain] == ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]


@pytest.mark.django_db
def test_it_gives_each_demo_login_its_role() -> None:
    load_demo()
    leader = User.objects.get(username="cumtruong")
    # The leader's powers come from Xã Vĩnh Hòa leading AG-CUM5 in 2026, not from a role of their own.
    assert access.leads_cluster_year(leader, ClusterYear.objects.get(cluster__code="AG-CUM5", year=2026))
    assert leader.check_password("thidua2026")
    officer = User.objects.get(username="donvi")
    assert set(access.units_visible_to(officer).values_list("code", flat=True)) == {
        "VINH-HOA",
        "THANH-LOC",
        "RACH-GIA",
        "AN-MINH",
        "VINH-THUAN",
    }


@pytest.mark.django_db
def test_it_prints_the_logins_from_the_command_line(
    capsys: pytest.CaptureFixture[str], settings: Any
) -> None:
    settings.DEBUG = True  # a development machine, as `make run` sets it; production refuses (tests/deploy)
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "bantdkt        thidua2026  Ban Thi đua – Khen thưởng" in out
    assert "quansat" in out and "Cụm thi đua số 5" in out
