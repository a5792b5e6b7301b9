"""The demo's emulation movements: two movements An Giang launched for 2026, with the members of Cụm thi đua số 5
taking part and their mid-year reviews. Decision numbers and dates are illustrative.

Written through the movements services as the installer (SystemActor), each only when missing, so loading the
demo again changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from thidua.accounts.access import SystemActor
from thidua.movements.models import Movement, MovementKind, MovementScope, ReviewKind
from thidua.movements.services import MovementSpec, movement_create, movement_review_add
from thidua.org.models import Cluster, Unit

SYSTEM = SystemActor()
SUMMARY = (
    "Tỉnh An Giang có hai phong trào thi đua năm 2026 (thường xuyên: “Cả nước chung sức xây dựng nông thôn mới”; "
    "chuyên đề: “Chuyển đổi số”) với các thành viên Cụm thi đua số 5 tham gia, mỗi phong trào đã sơ kết 6 tháng."
)
SIGNER = "Chủ tịch UBND tỉnh An Giang"

# (the movement without its clusters and participants, interim review date and notes); numbers are illustrative.
MOVEMENTS = (
    (
        MovementSpec(
            name="Cả nước chung sức xây dựng nông thôn mới",
            kind=MovementKind.REGULAR,
            decision_number="312/QĐ-UBND",
            decision_date=dt.date(2026, 2, 27),
            start_date=dt.date(2026, 3, 1),
            end_date=dt.date(2026, 12, 31),
            scope=MovementScope.CLUSTERS,
            criteria_codes=("1.3", "1.4", "1.6"),
            award_codes=("CO_TINH", "BK_TINH"),
            description=(
                "Các xã, phường thi đua giữ vững và nâng cao các tiêu chí nông thôn mới sau sắp xếp đơn vị hành "
                "chính: giảm hộ nghèo, giải quyết việc làm, xây dựng ấp, khu phố văn hóa."
            ),
            decision_signer=SIGNER,
        ),
        dt.date(2026, 7, 15),
        "Sơ kết 6 tháng: Xã Vĩnh Hòa và Xã Thạnh Lộc có thêm ấp đạt chuẩn văn hóa; các xã còn lại đẩy nhanh "
        "tiến độ giảm hộ nghèo.",
    ),
    (
        MovementSpec(
            name="Chuyển đổi số trong cơ quan hành chính nhà nước",
            kind=MovementKind.THEMATIC,
            decision_number="415/QĐ-UBND",
            decision_date=dt.date(2026, 3, 16),
            start_date=dt.date(2026, 3, 20),
            end_date=dt.date(2026, 12, 31),
            scope=MovementScope.UNITS,
            criteria_codes=("2.4", "3.4"),
            award_codes=("BK_TINH",),
            description=(
                "Thi đua đưa thủ tục hành chính lên dịch vụ công trực tuyến toàn trình, số hóa hồ sơ và kết quả "
                "giải quyết thủ tục hành chính."
            ),
            decision_signer=SIGNER,
        ),
        dt.date(2026, 8, 5),
        "Sơ kết 6 tháng: Phường Rạch Giá dẫn đầu về tỷ lệ hồ sơ trực tuyến toàn trình.",
    ),
)


def load_demo_movements(ag: Unit) -> None:
    """The two movements of 2026 and their interim reviews, each written once."""
    cum5 = Cluster.objects.get(province=ag, code="AG-CUM5")
    members = list(
        Unit.objects.filter(memberships__cluster_year__cluster=cum5, memberships__cluster_year__year=2026)
        .distinct()
        .order_by("pk")
    )
    for spec, review_date, review_notes in MOVEMENTS:
        movement = Movement.objects.filter(province=ag, name=spec.name).first()
        if movement is None:
            clusters = (cum5,) if spec.scope == MovementScope.CLUSTERS else ()
            spec = dataclasses.replace(spec, clusters=clusters, participants=members)
            movement = movement_create(actor=SYSTEM, province=ag, spec=spec)
        if not movement.reviews.filter(kind=ReviewKind.INTERIM).exists():
            movement_review_add(
                actor=SYSTEM, movement=movement, kind=ReviewKind.INTERIM, date=review_date, notes=review_notes
            )
