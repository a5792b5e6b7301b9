"""Reads of the awards area, always scoped to what the user may see (thidua.awards.rights)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, overload

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts import access
from thidua.awards.models import (
    AwardRecord,
    AwardStatus,
    CatalogueAward,
    Category,
    Decision,
    Dossier,
    DossierStatus,
    Level,
    RecipientKind,
    RegisterImport,
    Subject,
)
from thidua.awards.rights import board_provinces, council_provinces, visible_by_province_or_unit
from thidua.awards.text import normalise
from thidua.core.errors import NotFound
from thidua.core.numbers import format_any
from thidua.core.work import WorkItem


@dataclass(frozen=True)
class RegisterFilters:
    """The register's filters, read from the page's query string, the API's parameters or the export link."""

    q: str = ""
    award: str = ""
    level: str = ""
    year: int | None = None
    unit: int | None = None
    kind: str = ""
    category: str = ""
    status: str = ""
    # One recorded decision's lines ("xem trong sổ" from the dossier or the decision).
    decision: int | None = None


def records_visible_to(user: Any) -> QuerySet[AwardRecord]:
    condition = visible_by_province_or_unit(
        user, province_field="decision__province_id", unit_field="unit_id"
    )
    if condition is None:
        return AwardRecord.objects.none()
    return AwardRecord.objects.filter(condition)


def register_list(*, user: Any, filters: RegisterFilters) -> QuerySet[AwardRecord]:
    """The one list behind the register page, its API and its xlsx export."""
    rows = records_visible_to(user).select_related(*REGISTER_RELATED)
    if filters.q:
        # The normalised column is filled by the services; a trigram index serves it on PostgreSQL.
        rows = rows.filter(search_text__contains=normalise(filters.q))
    if filters.award:
        rows = rows.filter(award__code=filters.award)
    if filters.level:
        rows = rows.filter(decision__level=filters.level)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.unit is not None:
        rows = rows.filter(unit_id=filters.unit)
    if filters.kind:
        rows = rows.filter(recipient_kind=filters.kind)
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.decision is not None:
        rows = rows.filter(decision_id=filters.decision)
    return rows.order_by(*REGISTER_ORDER)


REGISTER_ORDER = ("-decision__date", "decision_id", "id")
REGISTER_RELATED = ("decision", "award", "unit", "revoked_by")
# A list is counted up to this many awards: a search that finds no more is counted exactly and paged from their
# ids, with one search of the index; a broader one (a common name, the whole register) says "more than FEW_ROWS"
# instead of counting every match, and is paged by looking one row past the page.
FEW_ROWS = 1000


class RegisterRows:
    """register_list as the page and the API page through it.

    The count reads the id and sort key of up to FEW_ROWS + 1 matching awards (a LIMIT, never a full count). When
    there are no more than FEW_ROWS, that is the exact count, and a page is those awards in the register's order,
    read by id: a name search goes through the trigram index once instead of twice, and the page does not join the
    whole decision table. When there are more, `exact` is False, count() is FEW_ROWS (a lower bound) and a page is
    read by the query itself. Same rows, same order as register_list.
    """

    def __init__(self, rows: QuerySet[AwardRecord], *, few: int | None = None) -> None:
        self.rows = rows
        self.few = FEW_ROWS if few is None else few
        self.ids: list[int] | None = None
        self.total: int | None = None

    def count(self) -> int:
        """The number of matches, or FEW_ROWS when there are more (then `exact` is False)."""
        if self.total is None:
            found = list(
                self.rows.order_by().values_list("pk", "decision__date", "decision_id")[: self.few + 1]
            )
            if len(found) <= self.few:
                # REGISTER_ORDER: newest decision first, then decision, then award (ids make it a total order).
                found.sort(key=lambda row: (-row[1].toordinal(), row[2], row[0]))
                self.ids, self.total = [pk for pk, _day, _decision in found], len(found)
            else:
                self.total = self.few
        return self.total

    @property
    def exact(self) -> bool:
        self.count()
        return self.ids is not None

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[AwardRecord]:
        return iter(self[:])

    @overload
    def __getitem__(self, index: int) -> AwardRecord: ...

    @overload
    def __getitem__(self, index: slice) -> list[AwardRecord] | QuerySet[AwardRecord]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, int):
            return self[index : index + 1][0]
        self.count()
        if self.ids is None:
            return self.rows[index]
        wanted = self.ids[index]
        found = AwardRecord.objects.filter(pk__in=wanted).select_related("award", "unit")
        by_pk = {r.pk: r for r in found.prefetch_related("decision", "revoked_by")}
        return [by_pk[pk] for pk in wanted if pk in by_pk]


@dataclass
class OpenPaginator:
    """What the page's template reads of a paginator when the total is not counted: the lower bound."""

    count: int
    num_pages: int | None = None


class OpenPage:
    """A page of a list counted only up to a bound: it knows whether a next page exists by reading one row more
    than it shows, and has no total number of pages. Templates read it as they read Django's Page."""

    def __init__(self, rows: RegisterRows, number: int, size: int) -> None:
        self.number = number
        start = (number - 1) * size
        found = list(rows[start : start + size + 1])
        self.object_list = found[:size]
        self._has_next = len(found) > size
        self.paginator = OpenPaginator(count=rows.count())

    def __iter__(self) -> Iterator[AwardRecord]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def register_page(rows: RegisterRows, page: Any, size: int) -> Any:
    """The page the user asked for: Django's Page when the count is exact, an OpenPage past the bound. A page
    number that is not a number is the first page, as Paginator.get_page does."""
    if rows.exact:
        return Paginator(rows, size).get_page(page)
    try:
        number = max(int(page), 1)
    except (TypeError, ValueError):
        number = 1
    return OpenPage(rows, number, size)


def register_rows(*, user: Any, filters: RegisterFilters) -> RegisterRows:
    """The register's list for the page and the API (the export iterates register_list itself)."""
    return RegisterRows(register_list(user=user, filters=filters))


@dataclass(frozen=True)
class ListColumn:
    """One column of the register: its header, how a row gives its value, how the value is shown, the import field
    it fills when the exported file is imported back (empty: computed, not imported), and whether the page shows it
    (the signer is in the export and the detail page only, so the list stays readable)."""

    key: str
    header: str
    value: Callable[[AwardRecord], Any]
    kind: str = "text"
    field: str = ""
    screen: bool = True

    def shown(self, record: AwardRecord) -> str:
        value = self.value(record)
        if value is None:
            return ""
        if self.kind == "money":
            return format_any(value)
        if self.kind == "date":
            return f"{value:%d/%m/%Y}"
        return str(value)

    def cell(self, record: AwardRecord) -> Any:
        """The value an .xlsx cell holds: real dates and numbers, the shown text otherwise."""
        if self.kind in ("date", "money", "integer"):
            return self.value(record)
        return self.shown(record)


REGISTER_COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("decision_number", "Số quyết định", lambda r: r.decision.number, field="decision_number"),
    ListColumn("decision_date", "Ngày quyết định", lambda r: r.decision.date, "date", "decision_date"),
    ListColumn("level", "Cấp khen thưởng", lambda r: r.decision.get_level_display(), field="level"),
    ListColumn(
        "signer_name", "Người ký", lambda r: r.decision.signer_name, field="signer_name", screen=False
    ),
    ListColumn(
        "signer_title",
        "Chức vụ người ký",
        lambda r: r.decision.signer_title,
        field="signer_title",
        screen=False,
    ),
    ListColumn("award", "Hình thức khen thưởng", lambda r: r.award.name, field="award_code"),
    ListColumn("recipient_name", "Cá nhân, tập thể", lambda r: r.recipient_name, field="recipient_name"),
    ListColumn(
        "recipient_kind", "Loại đối tượng", lambda r: r.get_recipient_kind_display(), field="recipient_kind"
    ),
    ListColumn("position", "Chức vụ", lambda r: r.position, field="position"),
    ListColumn("unit", "Đơn vị", lambda r: r.unit.name if r.unit else r.unit_name, field="unit"),
    ListColumn("category", "Thành phần", lambda r: r.get_category_display(), field="category"),
    ListColumn("year", "Năm thành tích", lambda r: r.year, "integer", "year"),
    ListColumn("amount", "Tiền thưởng (đồng)", lambda r: r.amount, "money"),
    ListColumn("status", "Trạng thái", lambda r: _status_text(r)),
)
# The page's and the API's columns; the export has every column of REGISTER_COLUMNS.
SCREEN_COLUMNS: tuple[ListColumn, ...] = tuple(c for c in REGISTER_COLUMNS if c.screen)


def _status_text(record: AwardRecord) -> str:
    if record.status == AwardStatus.REVOKED and record.revoked_by is not None:
        return f"Đã thu hồi (QĐ {record.revoked_by.number})"
    return str(record.get_status_display())


def register_cells(record: AwardRecord) -> list[str]:
    return [column.shown(record) for column in SCREEN_COLUMNS]


def record_cells(record: AwardRecord) -> list[tuple[ListColumn, str]]:
    """Every column of one award, for its detail page."""
    return [(column, column.shown(record)) for column in REGISTER_COLUMNS]


def record_get_for_user(user: Any, pk: int) -> AwardRecord:
    found = register_list(user=user, filters=RegisterFilters()).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("Không tìm thấy khen thưởng hoặc bạn không có quyền xem."))
    return found


def record_by_token(token: str) -> AwardRecord:
    """The award behind a certificate's QR code; only an exact token finds it."""
    found = (
        AwardRecord.objects.select_related("decision", "decision__province", "award", "unit", "revoked_by")
        .filter(verify_token=token)
        .first()
    )
    if found is None or not token:
        raise NotFound(_("Không tìm thấy khen thưởng với mã xác minh này."))
    return found


def decision_get_for_user(user: Any, pk: int) -> Decision:
    condition = visible_by_province_or_unit(user, province_field="province_id", unit_field="records__unit_id")
    found = None if condition is None else Decision.objects.filter(condition, pk=pk).distinct().first()
    if found is None:
        raise NotFound(_("Không tìm thấy quyết định hoặc bạn không có quyền xem."))
    return found


# ---------------------------------------------------------------------------------------------------------------
# Statistics


@dataclass(frozen=True)
class Bar:
    """One bar of a count chart: label, count, and its length in the SVG's units."""

    label: str
    count: int
    length: int
    y: int


@dataclass(frozen=True)
class CountTable:
    """Counts of awards along one dimension, biggest first, with the bars to draw them."""

    key: str
    title: str
    rows: list[Bar]
    total: int

    @property
    def height(self) -> int:
        return max(len(self.rows), 1) * BAR_STEP + 8


BAR_STEP = 26
BAR_MAX = 500


def _labels(choices: Any) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices}


def _bars(pairs: list[tuple[str, int]]) -> list[Bar]:
    biggest = max((count for _label, count in pairs), default=0)
    return [
        Bar(
            label,
            count,
            max(1, round(Decimal(count) * BAR_MAX / biggest)) if biggest else 0,
            index * BAR_STEP,
        )
        for index, (label, count) in enumerate(pairs)
    ]


def register_statistics(*, user: Any, filters: RegisterFilters) -> list[CountTable]:
    """How many awards by award, level, year, unit, kind of recipient and category (revoked ones excluded)."""
    rows = register_list(user=user, filters=filters).filter(status=AwardStatus.ACTIVE).order_by()
    award_names = dict(CatalogueAward.objects.values_list("pk", "name"))
    dimensions: list[tuple[str, str, str, Callable[[Any], str], bool]] = [
        ("award", _("Theo hình thức khen thưởng"), "award_id", lambda v: award_names.get(v, str(v)), True),
        (
            "level",
            _("Theo cấp khen thưởng"),
            "decision__level",
            lambda v: _labels(Level.choices).get(v, v),
            True,
        ),
        ("year", _("Theo năm thành tích"), "year", str, False),
        ("unit", _("Theo đơn vị"), "unit_name", lambda v: v or _("(không rõ đơn vị)"), True),
        (
            "kind",
            _("Cá nhân, tập thể, hộ gia đình"),
            "recipient_kind",
            lambda v: _labels(RecipientKind.choices)[v],
            True,
        ),
        ("category", _("Theo thành phần"), "category", lambda v: _labels(Category.choices).get(v, v), True),
    ]
    tables: list[CountTable] = []
    for key, title, field, label, by_count in dimensions:
        counted = list(rows.values_list(field).annotate(n=Count("id")))
        if by_count:
            counted.sort(key=lambda pair: (-pair[1], str(pair[0])))
        else:
            counted.sort(key=lambda pair: pair[0], reverse=True)
        pairs = [(label(value), int(n)) for value, n in counted]
        tables.append(CountTable(key, title, _bars(pairs), sum(n for _v, n in pairs)))
    return tables


# ---------------------------------------------------------------------------------------------------------------
# Subjects and dossiers


def subjects_visible_to(user: Any) -> QuerySet[Subject]:
    condition = visible_by_province_or_unit(user, province_field="province_id", unit_field="unit_id")
    if condition is None:
        return Subject.objects.none()
    return Subject.objects.filter(condition).select_related("unit")


def subject_list(*, user: Any, q: str = "") -> QuerySet[Subject]:
    rows = subjects_visible_to(user)
    if q:
        rows = rows.filter(search_text__contains=normalise(q))
    return rows.order_by("unit__name", "name")


def subject_get_for_user(user: Any, pk: int) -> Subject:
    found = subjects_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("Không tìm thấy đối tượng hoặc bạn không có quyền xem."))
    return found


def dossiers_visible_to(user: Any) -> QuerySet[Dossier]:
    """The province's readers see every dossier; a unit's officers see their own and those of units under them."""
    if access.is_system(user):
        return Dossier.objects.all()
    condition = visible_by_province_or_unit(user, province_field="province_id", unit_field="unit_id")
    if condition is None:
        return Dossier.objects.none()
    condition |= Q(unit__parent_id__in=access.officer_units(user))
    return Dossier.objects.filter(condition).select_related("unit", "unit__parent", "award", "province")


def dossier_get_for_user(user: Any, pk: int) -> Dossier:
    found = dossiers_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("Không tìm thấy hồ sơ hoặc bạn không có quyền xem."))
    return found


# The sentence of the home page's work list for the dossiers on the user's desk at each step.
_WAITING_TEXT = {
    DossierStatus.DRAFT: gettext_lazy("Hoàn thiện và gửi %(n)s hồ sơ đang soạn"),
    DossierStatus.AT_PARENT: gettext_lazy("Thẩm định %(n)s hồ sơ của đơn vị cấp dưới"),
    DossierStatus.AT_BOARD: gettext_lazy("Thẩm định %(n)s hồ sơ đề nghị khen thưởng"),
    DossierStatus.AT_COUNCIL: gettext_lazy("Xét %(n)s hồ sơ chờ Hội đồng Thi đua – Khen thưởng"),
    DossierStatus.AT_CHAIRMAN: gettext_lazy("Trình Chủ tịch UBND tỉnh và ghi quyết định cho %(n)s hồ sơ"),
}


def dossiers_waiting_for(user: Any) -> QuerySet[Dossier]:
    """The visible dossiers on the user's desk, by the rule of services.dossiers.holds: a unit's drafts for its
    officers, a lower unit's dossier for its parent's officers, the board's and the chairman's steps for the
    board, the council's step for its members. Other units' drafts are theirs to finish, not the board's work."""
    if access.is_system(user):
        return Dossier.objects.none()
    own = access.officer_units(user)
    board = board_provinces(user)
    desk = (
        Q(status=DossierStatus.DRAFT, unit_id__in=own)
        | Q(status=DossierStatus.AT_PARENT, unit__parent_id__in=own)
        | Q(status__in=[DossierStatus.AT_BOARD, DossierStatus.AT_CHAIRMAN], province_id__in=board)
        | Q(status=DossierStatus.AT_COUNCIL, province_id__in=council_provinces(user))
    )
    return dossiers_visible_to(user).filter(desk)


def dossier_work(user: Any) -> list[WorkItem]:
    """One line per step with dossiers waiting for the user; a single dossier links to itself. Two queries."""
    counts = dict(
        dossiers_waiting_for(user)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    if not counts:
        return []
    single = {
        d.status: d.pk
        for d in dossiers_waiting_for(user).filter(status__in=[s for s, n in counts.items() if n == 1])
    }
    items = []
    for status, text in _WAITING_TEXT.items():
        n = counts.get(status)
        if not n:
            continue
        url = (
            reverse("awards:dossier_detail", args=[single[status]])
            if status in single
            else reverse("awards:dossiers")
        )
        items.append(WorkItem(text=str(text) % {"n": n}, url=url, context=str(DossierStatus(status).label)))
    return items


# ---------------------------------------------------------------------------------------------------------------
# Imports


def imports_visible_to(user: Any) -> QuerySet[RegisterImport]:
    """A user follows their own imports; the province's board sees every import into its province."""
    if access.is_system(user):
        return RegisterImport.objects.all()
    if not getattr(user, "is_authenticated", False):
        return RegisterImport.objects.none()
    condition = Q(requested_by_id=user.pk) | Q(province_id__in=board_provinces(user))
    return RegisterImport.objects.filter(condition).select_related("province", "requested_by")


def imports_of_user(user: Any, kind: str) -> QuerySet[RegisterImport]:
    return imports_visible_to(user).filter(requested_by_id=user.pk, kind=kind)


def import_get_for_user(user: Any, pk: int) -> RegisterImport:
    found = imports_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("Không tìm thấy lần nhập này hoặc bạn không có quyền xem."))
    return found
