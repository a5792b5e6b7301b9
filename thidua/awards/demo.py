"""The demo's commendation work: Kiên Giang's register for the achievements of 2017 and 2018 as the seed news
reports tell them, subjects of An Giang with a yearly record for the eligibility check, and a dossier of Xã An Minh
waiting at the board.

The seeds give who led and who came second (seed 000: Cụm thi đua số 1 of 2017, An Biên 892,5 points ahead of An
Minh 884,8; seed 004: Khối thi đua số 4 of 2017, Sở Lao động, Thương binh và Xã hội 961,5 ahead of Sở Khoa học và
Công nghệ 961) but not the decisions themselves: every decision number and date below is illustrative, and the
people, households and the worker are invented. Signers are left unnamed (only their office is given).

Everything goes through the awards services as the installer (SystemActor); each piece is written only when it is
missing, so loading the demo again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from thidua.accounts.access import SystemActor
from thidua.awards.models import (
    AwardRecord,
    AwardStatus,
    CatalogueAward,
    Category,
    Decision,
    Dossier,
    Level,
    RecipientKind,
    Subject,
    SubjectYear,
)
from thidua.awards.services.catalogue import catalogue_load
from thidua.awards.services.dossiers import Proposal, dossier_create, dossier_forward, dossier_recipient_add
from thidua.awards.services.register import AwardEntry, award_record_create, award_revoke
from thidua.awards.services.subjects import YearEntry, subject_create, subject_year_set
from thidua.awards.text import normalise
from thidua.org.models import Unit

SYSTEM = SystemActor()
# What `thidua demo` prints about the awards, so a visitor knows what to look for.
SUMMARY = (
    "Sổ khen thưởng có các quyết định mẫu của tỉnh Kiên Giang cho thành tích năm 2017–2018 (một khen thưởng đã "
    "bị thu hồi); đối tượng khen thưởng có lịch sử thi đua (xét Chiến sĩ thi đua cấp tỉnh năm 2024: một người đủ, "
    "một người chưa đủ điều kiện) và Xã An Minh có một hồ sơ đề nghị đang chờ Ban Thi đua – Khen thưởng thẩm định."
)
PROVINCE_CHAIRMAN = "Chủ tịch UBND tỉnh Kiên Giang"


@dataclass(frozen=True)
class DemoDecision:
    """One illustrative decision and its awards: (award code, kind, name, unit code or "", unit name, position,
    category, year)."""

    number: str
    date: dt.date
    level: str
    signer_title: str
    title: str
    awards: tuple[tuple[str, str, str, str, str, str, str, int], ...]


COLLECTIVE, INDIVIDUAL, HOUSEHOLD = (
    RecipientKind.COLLECTIVE,
    RecipientKind.INDIVIDUAL,
    RecipientKind.HOUSEHOLD,
)
OFFICIAL, WORKER, FARMER = Category.OFFICIAL, Category.WORKER, Category.FARMER

# Illustrative numbers and dates (the seeds name the units, not the decisions).
DECISIONS = (
    DemoDecision(
        "356/QĐ-UBND",
        dt.date(2018, 2, 9),
        Level.PROVINCE,
        PROVINCE_CHAIRMAN,
        "Về việc tặng Cờ thi đua của Ủy ban nhân dân tỉnh năm 2017",
        (
            ("CO_TINH", COLLECTIVE, "Huyện An Biên", "AN-BIEN", "", "", OFFICIAL, 2017),
            (
                "CO_TINH",
                COLLECTIVE,
                "Sở Lao động – Thương binh và Xã hội",
                "SO-LDTBXH",
                "",
                "",
                OFFICIAL,
                2017,
            ),
        ),
    ),
    DemoDecision(
        "357/QĐ-UBND",
        dt.date(2018, 2, 9),
        Level.PROVINCE,
        PROVINCE_CHAIRMAN,
        "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2017",
        (
            ("BK_TINH", COLLECTIVE, "Huyện An Minh", "AN-MINH", "", "", OFFICIAL, 2017),
            ("BK_TINH", COLLECTIVE, "Sở Khoa học và Công nghệ", "SO-KHCN", "", "", OFFICIAL, 2017),
            (
                "BK_TINH",
                INDIVIDUAL,
                "Trần Minh Hiếu",
                "",
                "Xí nghiệp chế biến thủy sản Rạch Giá",
                "Công nhân tổ cấp đông",
                WORKER,
                2017,
            ),
            ("BK_TINH", INDIVIDUAL, "Lâm Văn Được", "GO-QUAO", "", "Nông dân, ấp Phước Trung", FARMER, 2017),
        ),
    ),
    DemoDecision(
        "1105/QĐ-UBND",
        dt.date(2018, 5, 16),
        Level.PROVINCE,
        PROVINCE_CHAIRMAN,
        "Về việc tặng danh hiệu Tập thể lao động xuất sắc năm 2017",
        (
            ("TTLDXS", COLLECTIVE, "Phòng Nội vụ huyện An Biên", "AN-BIEN", "", "", OFFICIAL, 2017),
            ("TTLDXS", COLLECTIVE, "Trung tâm Y tế huyện An Minh", "SO-Y-TE", "", "", OFFICIAL, 2017),
        ),
    ),
    DemoDecision(
        "85/QĐ-UBND",
        dt.date(2018, 1, 22),
        Level.GRASSROOTS,
        "Chủ tịch UBND huyện An Minh",
        "Về việc công nhận danh hiệu Chiến sĩ thi đua cơ sở năm 2017",
        (
            (
                "CSTDCS",
                INDIVIDUAL,
                "Nguyễn Thị Thu Hà",
                "AN-MINH",
                "",
                "Phó Trưởng phòng Tài chính – Kế hoạch",
                OFFICIAL,
                2017,
            ),
            (
                "CSTDCS",
                INDIVIDUAL,
                "Trần Quốc Khánh",
                "AN-MINH",
                "",
                "Chuyên viên Phòng Nông nghiệp và Phát triển nông thôn",
                OFFICIAL,
                2017,
            ),
        ),
    ),
    DemoDecision(
        "62/QĐ-UBND",
        dt.date(2019, 1, 18),
        Level.GRASSROOTS,
        "Chủ tịch UBND huyện An Minh",
        "Về việc công nhận danh hiệu Chiến sĩ thi đua cơ sở năm 2018",
        (
            (
                "CSTDCS",
                INDIVIDUAL,
                "Nguyễn Thị Thu Hà",
                "AN-MINH",
                "",
                "Phó Trưởng phòng Tài chính – Kế hoạch",
                OFFICIAL,
                2018,
            ),
        ),
    ),
    DemoDecision(
        "412/QĐ-UBND",
        dt.date(2019, 2, 20),
        Level.PROVINCE,
        PROVINCE_CHAIRMAN,
        "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2018",
        (
            ("BK_TINH", HOUSEHOLD, "Hộ ông Danh Sóc", "VINH-THUAN", "", "", FARMER, 2018),
            (
                "BK_TINH",
                INDIVIDUAL,
                "Phạm Thị Ngọc Hân",
                "SO-GDDT",
                "",
                "Giáo viên Trường THCS Vĩnh Hòa Hưng Bắc",
                OFFICIAL,
                2018,
            ),
            ("BK_TINH", COLLECTIVE, "Sở Văn hóa và Thể thao", "SO-VHTT", "", "", OFFICIAL, 2018),
        ),
    ),
    DemoDecision(
        "530/QĐ-UBND",
        dt.date(2019, 3, 5),
        Level.PROVINCE,
        PROVINCE_CHAIRMAN,
        "Về việc tặng danh hiệu Tập thể lao động xuất sắc năm 2018",
        (
            (
                "TTLDXS",
                COLLECTIVE,
                "Phòng Lao động – Thương binh và Xã hội huyện Vĩnh Thuận",
                "VINH-THUAN",
                "",
                "",
                OFFICIAL,
                2018,
            ),
        ),
    ),
)
# (recipient, award, year) revoked by a later (illustrative) decision, with its reason.
REVOKED = ("Phạm Thị Ngọc Hân", "BK_TINH", 2018)
REVOKING_NUMBER, REVOKING_DATE = "1520/QĐ-UBND", dt.date(2019, 7, 5)
REVOKING_REASON = "Kiểm tra hồ sơ cho thấy thành tích được kê khai không đúng thực tế."

# Subjects of An Giang with their record: (unit code, kind, name, position, recruited, years).
# Bác sĩ Trần Thị Mỹ Linh holds Chiến sĩ thi đua cơ sở three years running with a provincial initiative in 2023:
# eligible for Chiến sĩ thi đua cấp tỉnh 2024. Thầy Lê Hoàng Phúc holds it only for 2023 and 2024, and his
# initiatives are grassroots ones: not eligible, and the check says why.
SUBJECTS: tuple[tuple[str, str, str, str, dt.date | None, tuple[YearEntry, ...]], ...] = (
    (
        "SO-Y-TE",
        INDIVIDUAL,
        "Trần Thị Mỹ Linh",
        "Bác sĩ, Trưởng khoa Nội tổng hợp, Bệnh viện Đa khoa khu vực",
        dt.date(2012, 9, 1),
        (
            YearEntry(2022, rating="HTXSNV", titles=("LDTT", "CSTDCS")),
            YearEntry(
                2023,
                rating="HTXSNV",
                titles=("LDTT", "CSTDCS"),
                initiatives=(("tinh", "Quy trình sàng lọc sớm biến chứng đái tháo đường tại tuyến xã"),),
            ),
            YearEntry(2024, rating="HTXSNV", titles=("LDTT", "CSTDCS")),
        ),
    ),
    (
        "SO-GDDT",
        INDIVIDUAL,
        "Lê Hoàng Phúc",
        "Giáo viên Trường THPT chuyên",
        dt.date(2015, 8, 15),
        (
            YearEntry(2022, rating="HTTNV", titles=("LDTT",)),
            YearEntry(
                2023,
                rating="HTXSNV",
                titles=("LDTT", "CSTDCS"),
                initiatives=(("co_so", "Ứng dụng bảng tương tác trong dạy học Vật lý"),),
            ),
            YearEntry(2024, rating="HTXSNV", titles=("LDTT", "CSTDCS")),
        ),
    ),
    (
        "AN-MINH",
        COLLECTIVE,
        "Văn phòng HĐND và UBND xã An Minh",
        "",
        None,
        (
            YearEntry(
                2025,
                rating="HTXSNV",
                titles=("TTLDTT",),
                members=18,
                members_completed=18,
                members_ldtt=15,
                members_cstdcs=2,
                disciplined=0,
            ),
        ),
    ),
)
DOSSIER_TITLE = "Đề nghị tặng danh hiệu Tập thể lao động xuất sắc năm 2025"


def _register(kg: Unit) -> None:
    units = {u.code: u for u in Unit.objects.filter(province=kg)}
    for decision in DECISIONS:
        if Decision.objects.filter(province=kg, number=decision.number, date=decision.date).exists():
            continue
        for code, kind, name, unit_code, unit_name, position, category, year in decision.awards:
            entry = AwardEntry(
                decision_number=decision.number,
                decision_date=decision.date,
                level=decision.level,
                signer_name="",
                signer_title=decision.signer_title,
                decision_title=decision.title,
                award_code=code,
                recipient_kind=kind,
                recipient_name=name,
                year=year,
                unit=units.get(unit_code),
                unit_name=unit_name,
                position=position,
                category=category,
            )
            award_record_create(actor=SYSTEM, province=kg, entry=entry)
    name, code, year = REVOKED
    revoked = AwardRecord.objects.filter(
        decision__province=kg, recipient_name=name, award__code=code, year=year, status=AwardStatus.ACTIVE
    ).first()
    if revoked is not None:
        award_revoke(
            actor=SYSTEM,
            award_record=revoked,
            decision_number=REVOKING_NUMBER,
            decision_date=REVOKING_DATE,
            signer_name="",
            signer_title=PROVINCE_CHAIRMAN,
            reason=REVOKING_REASON,
        )


def _subjects(ag: Unit) -> dict[str, Subject]:
    units = {u.code: u for u in Unit.objects.filter(province=ag)}
    out: dict[str, Subject] = {}
    for unit_code, kind, name, position, recruited, years in SUBJECTS:
        unit = units[unit_code]
        subject = Subject.objects.filter(unit=unit, kind=kind, search_text=normalise(name)).first()
        if subject is None:
            subject = subject_create(
                actor=SYSTEM, unit=unit, kind=kind, name=name, position=position, recruited=recruited
            )
        known = set(SubjectYear.objects.filter(subject=subject).values_list("year", flat=True))
        for entry in years:
            if entry.year not in known:
                subject_year_set(actor=SYSTEM, subject=subject, entry=entry)
        out[name] = subject
    return out


def _dossier(ag: Unit, subjects: dict[str, Subject]) -> None:
    unit = Unit.objects.get(province=ag, code="AN-MINH")
    if Dossier.objects.filter(unit=unit, title=DOSSIER_TITLE).exists():
        return
    collective = subjects["Văn phòng HĐND và UBND xã An Minh"]
    dossier = dossier_create(
        actor=SYSTEM,
        unit=unit,
        award_code="TTLDXS",
        year=2025,
        title=DOSSIER_TITLE,
        source="Biên bản họp Hội đồng Thi đua – Khen thưởng xã An Minh (minh họa)",
    )
    proposal = Proposal(kind=COLLECTIVE, name=collective.name, unit=unit, subject=collective)
    dossier_recipient_add(actor=SYSTEM, dossier=dossier, proposal=proposal)
    dossier_forward(actor=SYSTEM, dossier=dossier, reason="Xã An Minh trình hồ sơ lên tỉnh.")


def load_demo_awards(*, kg: Unit, ag: Unit) -> None:
    """Kiên Giang's register, An Giang's subjects and Xã An Minh's dossier; the shipped catalogue is loaded first
    when the database has none (one the board has edited is kept)."""
    if not CatalogueAward.objects.exists():
        catalogue_load(actor=SYSTEM)
    _register(kg)
    _dossier(ag, _subjects(ag))
