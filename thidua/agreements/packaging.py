"""A cluster-year as a package, both ways: the Package built from the database (export, scoring) and an uploaded
file read, matched to the organisation and compared with what is stored (the import preview). Reads only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.apps import apps

from thidua.agreements import documents
from thidua.agreements.models import Agreement, BonusStatus, DeductionStatus, FrameworkVersion, VersionStatus
from thidua.engine import Agreed, Deduction, Framework, Inputs, Member, Problem, Value, Veto
from thidua.engine.model import ClusterKind, LateReport, Role
from thidua.engine.numbers import vn
from thidua.engine.terms import VetoEffect
from thidua.org.models import ClusterYear, Membership, Unit
from thidua.packages import Cluster, LegalDocument, Package, read_package
from thidua.packages.model import PackageError
from thidua.packages.reader import parse_text

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}


def workbook_module() -> Any | None:
    """The Excel workbook form (thidua.packages.workbook), when it is installed in this build."""
    try:
        return importlib.import_module("thidua.packages.workbook")
    except ImportError:
        return None


def file_kind(file_name: str) -> str | None:
    lowered = file_name.lower()
    return next((kind for suffix, kind in FORMATS.items() if lowered.endswith(suffix)), None)


def read_upload(file_name: str, content: bytes) -> tuple[Package | None, list[Problem]]:
    """The package in an uploaded file and every problem of it, with the same checks as `thidua validate`."""
    kind = file_kind(file_name)
    if kind is None:
        return None, [Problem("tệp", "chỉ nhận tệp .yaml, .yml, .json hoặc .xlsx")]
    if kind == "xlsx":
        workbook = workbook_module()
        if workbook is None:
            return None, [
                Problem("tệp", "bản này chưa có chức năng đọc tệp Excel; hãy dùng tệp .yaml hoặc .json")
            ]
        return workbook.workbook_package(content)  # type: ignore[no-any-return]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem("tệp", "tệp phải được mã hóa UTF-8")]
    try:
        raw = parse_text(text, json_format=kind == "json")
    except PackageError as exc:
        return None, exc.problems
    return read_package(raw)


def version_framework(version: FrameworkVersion) -> Framework:
    framework, problems = documents.read_framework(version.document)
    if framework is None or problems:
        raise PackageError(problems or [Problem("framework", "không đọc được thang điểm")])
    return framework


def legal_documents(version: FrameworkVersion) -> tuple[LegalDocument, ...]:
    return tuple(
        LegalDocument(
            number=item["number"],
            date=dt.date.fromisoformat(item["date"]) if item.get("date") else None,
            title=item.get("title"),
        )
        for item in version.legal_basis
    )


def legal_basis_json(basis: tuple[LegalDocument, ...]) -> list[dict[str, Any]]:
    return [
        {
            key: value
            for key, value in documents.jsonable(
                {"number": d.number, "date": d.date, "title": d.title}
            ).items()
            if value
        }
        for d in basis
    ]


def memberships(cluster_year: ClusterYear) -> list[Membership]:
    return list(cluster_year.memberships.select_related("unit").order_by("order", "id"))


def declared_facts(framework: Framework) -> dict[str, tuple[str, ...]]:
    """Criterion → its declared facts other than the implicit `value`, in the framework's order."""
    out: dict[str, tuple[str, ...]] = {}
    for node in framework.leaves():
        names = tuple(fact.name for fact in node.facts if fact.name != "value")
        if names:
            out[node.code] = names
    return out


def stored_facts(
    agreement: Agreement, framework: Framework, members: list[str]
) -> dict[str, dict[str, dict[str, Value]]]:
    """Every member's facts per criterion: each criterion with declared facts has an entry for every member
    (empty when nothing is reported: every fact counts as its default), in the framework's order of facts."""
    declared = declared_facts(framework)
    rows: dict[tuple[str, str], dict[str, Value]] = {}
    for row in agreement.facts.select_related("unit"):
        if row.value is not None:
            rows.setdefault((row.criterion, row.unit.code), {})[row.fact] = row.value
    out: dict[str, dict[str, dict[str, Value]]] = {}
    for code, names in declared.items():
        for unit in members:
            found = rows.pop((code, unit), {})
            ordered = {name: found.pop(name) for name in names if name in found}
            out.setdefault(code, {})[unit] = ordered | found
    for (code, unit), found in rows.items():
        out.setdefault(code, {})[unit] = found
    return out


def agreement_inputs(agreement: Agreement, framework: Framework | None = None) -> Inputs:
    """Every figure stored for the agreement as the engine takes it. `framework`: the version's framework when
    the caller has read it (it orders the facts and gives every member an entry for each criterion with facts)."""
    if framework is None:
        framework = version_framework(agreement.framework_version)
    # Version 1 has no facts, agreed points or bonus amounts: its years read no more rows than before.
    version_2 = framework.version >= 2
    targets: dict[str, dict[str, Decimal]] = {}
    values: dict[str, dict[str, Value]] = {}
    baselines: dict[str, dict[str, Decimal]] = {}
    not_applicable: dict[str, set[str]] = {}
    for line in agreement.lines.select_related("unit"):
        code, unit = line.criterion, line.unit.code
        if line.target is not None:
            targets.setdefault(code, {})[unit] = line.target
        if line.value is not None:
            values.setdefault(code, {})[unit] = line.value
        if line.baseline is not None:
            baselines.setdefault(code, {})[unit] = line.baseline
        if line.not_applicable:
            not_applicable.setdefault(code, set()).add(unit)
    # Only what the verifier accepted and what stands recorded reaches the engine: a claim waiting or refused and
    # a withdrawn deduction stay on record for the people, not for the scores.
    facts = (
        stored_facts(agreement, framework, [m.unit.code for m in memberships(agreement.cluster_year)])
        if version_2
        else {}
    )
    if version_2:
        # As a version 2 package reads: the values of each criterion with facts in the framework's order.
        values = {
            node.code: values.get(node.code, {})
            for node in framework.leaves()
            if node.code in values or node.code in facts
        } | values
    bonus: dict[str, set[str]] = {}
    amounts: dict[str, dict[str, Decimal]] = {}
    for award in agreement.bonus_awards.filter(status=BonusStatus.ACCEPTED).select_related("unit"):
        if award.amount is not None:
            amounts.setdefault(award.item, {})[award.unit.code] = award.amount
        else:
            bonus.setdefault(award.item, set()).add(award.unit.code)
    if amounts:
        order = [item.code for item in framework.bonus_items]
        amounts = dict(
            sorted(amounts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
        )
    return Inputs(
        targets=targets,
        values=values,
        baselines=baselines,
        not_applicable={code: frozenset(units) for code, units in not_applicable.items()},
        bonus_awarded={code: frozenset(units) for code, units in bonus.items()},
        deductions=tuple(
            Deduction(unit=d.unit.code, points=d.points, reason=d.reason, node=d.criterion or None)
            for d in agreement.deductions.filter(status=DeductionStatus.RECORDED).select_related("unit")
        ),
        submitted={s.unit.code: s.submitted_on for s in agreement.submissions.select_related("unit")},
        vetoes=tuple(
            Veto(
                unit=v.unit.code,
                reason=v.reason,
                effects=cast(tuple[VetoEffect, ...], tuple(v.effects)),
                deduct=v.deduct,
            )
            for v in agreement.vetoes.select_related("unit")
        ),
        facts=facts,
        agreed=tuple(
            Agreed(unit=a.unit.code, node=a.criterion, points=a.points, reason=a.reason, by=a.by)
            for a in (agreement.agreed_points.select_related("unit") if version_2 else ())
        ),
        bonus_amounts=amounts,
    )


def member_attributes(agreement: Agreement | None) -> dict[str, tuple[tuple[str, Value], ...]]:
    """Unit code → the member's attributes this year, in their order."""
    if agreement is None:
        return {}
    out: dict[str, list[tuple[str, Value]]] = {}
    for row in agreement.attributes.select_related("unit"):
        value = row.value
        if value is not None:
            out.setdefault(row.unit.code, []).append((row.name, value))
    return {code: tuple(pairs) for code, pairs in out.items()}


def cycle_reporting_deadline(cluster_year: ClusterYear) -> dt.date | None:
    """The reporting deadline the board set on the cluster-year's cycle (thidua.cycle), if it has one. Looked up
    by name, as the cycle app builds on this one, and read afresh: a cached `cluster_year.cycle` may predate the
    board's latest change of the deadline."""
    if not apps.is_installed("thidua.cycle"):
        return None
    cycles = apps.get_model("cycle", "Cycle").objects.filter(cluster_year_id=cluster_year.pk)
    return cast(dt.date | None, cycles.values_list("reporting_deadline", flat=True).first())


def applied_late_report(cluster_year: ClusterYear, framework: Framework) -> LateReport | None:
    """The late-report rule that counts for the cluster-year: the framework's rate (points per day, cap) against
    the board's reporting deadline of the year when one is set, otherwise the framework's own deadline. None when
    the framework has no late_report: a deadline alone costs no points."""
    late = framework.late_report
    deadline = cycle_reporting_deadline(cluster_year)
    if late is None or deadline is None:
        return late
    return dataclasses.replace(late, deadline=deadline)


def agreement_package(agreement: Agreement) -> Package:
    """The cluster-year as a package: members in rotation order with their role this year, the framework version
    and its legal basis, and every figure stored. Its late_report carries the deadline that applies this year
    (applied_late_report), so the snapshot, the self-score, the exported file and `thidua score` all agree."""
    cluster_year = agreement.cluster_year
    cluster = cluster_year.cluster
    version = agreement.framework_version
    framework = version_framework(version)
    late = applied_late_report(cluster_year, framework)
    if late != framework.late_report:
        framework = dataclasses.replace(framework, late_report=late)
    attributes = member_attributes(agreement) if framework.version >= 2 else {}
    return Package(
        cluster=Cluster(
            code=cluster.code,
            name=cluster.name,
            kind=cast(ClusterKind, str(cluster.kind)),
            scope=agreement.scope or None,
        ),
        year=cluster_year.year,
        members=tuple(
            Member(
                code=m.unit.code,
                name=m.unit.name,
                role=cast(Role, str(m.role)),
                attributes=attributes.get(m.unit.code, ()),
            )
            for m in memberships(cluster_year)
        ),
        framework=framework,
        inputs=agreement_inputs(agreement, framework),
        legal_basis=legal_documents(version),
    )


# --- the preview of an import -----------------------------------------------------------------------------

PART_LABELS = {
    "targets": "Chỉ tiêu",
    "values": "Thực hiện",
    "baselines": "Số liệu năm trước",
    "not_applicable": "Không áp dụng",
    "bonus_awarded": "Điểm thưởng",
    "deductions": "Điểm trừ",
    "submitted": "Ngày nộp báo cáo",
    "vetoes": "Không xét thi đua",
    "facts": "Số liệu của tiêu chí",
    "agreed": "Điểm thống nhất",
}


def shown(value: object) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return vn(value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def flatten(inputs: Inputs) -> dict[tuple[str, str, str], str]:
    """Every figure keyed by (part, criterion or item, unit), shown as people read it, so two years compare."""
    out: dict[tuple[str, str, str], str] = {}
    for part, table in (
        ("targets", inputs.targets),
        ("values", inputs.values),
        ("baselines", inputs.baselines),
    ):
        for code, row in table.items():
            for unit, value in row.items():
                out[(part, code, unit)] = shown(value)
    for part, lists in (("not_applicable", inputs.not_applicable), ("bonus_awarded", inputs.bonus_awarded)):
        for code, units in lists.items():
            for unit in units:
                out[(part, code, unit)] = "có"
    for d in inputs.deductions:
        key = ("deductions", d.node or "", d.unit)
        text = f"−{vn(d.points)}: {d.reason}"
        out[key] = f"{out[key]}; {text}" if key in out else text
    for code, amounts in inputs.bonus_amounts.items():
        for unit, amount in amounts.items():
            out[("bonus_awarded", code, unit)] = shown(amount)
    for unit, day in inputs.submitted.items():
        out[("submitted", "", unit)] = shown(day)
    for veto in inputs.vetoes:
        text = veto.reason + (f" (trừ {vn(veto.deduct)} điểm)" if veto.deduct else "")
        out[("vetoes", "", veto.unit)] = text
    for code, by_unit in inputs.facts.items():
        for unit, facts in by_unit.items():
            for name, value in facts.items():
                out[("facts", f"{code}.{name}", unit)] = shown(value)
    for agreed in inputs.agreed:
        out[("agreed", agreed.node, agreed.unit)] = f"{vn(agreed.points)}: {agreed.reason} ({agreed.by})"
    return out


@dataclass(frozen=True)
class Change:
    """One figure the import adds, changes or removes."""

    part: str
    criterion: str
    unit: str
    before: str | None
    after: str | None

    @property
    def kind(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"

    @property
    def part_label(self) -> str:
        return PART_LABELS[self.part]


def compare_inputs(before: Inputs | None, after: Inputs) -> list[Change]:
    old = flatten(before) if before is not None else {}
    new = flatten(after)
    return [
        Change(part=key[0], criterion=key[1], unit=key[2], before=old.get(key), after=new.get(key))
        for key in sorted(set(old) | set(new), key=lambda k: (list(PART_LABELS).index(k[0]), k[1], k[2]))
        if old.get(key) != new.get(key)
    ]


@dataclass(frozen=True)
class Loss:
    """What a change would remove or replace in one part of the year's record: how many, and whose."""

    label: str
    items: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass
class Preview:
    """What applying an uploaded package would do; `problems` empty means it can be applied."""

    package: Package | None
    problems: list[Problem]
    warnings: list[str] = field(default_factory=list)
    units: dict[str, Unit] = field(default_factory=dict)
    same_version: FrameworkVersion | None = None
    framework_changed: bool = True
    changes: list[Change] = field(default_factory=list)
    # Filled by the import service: what applying would remove or replace, and why it may not be applied.
    losses: list[Loss] = field(default_factory=list)
    refusal: str = ""

    @property
    def reuses_other_version(self) -> bool:
        """The file's framework is a version the province already has, other than the one in use."""
        return self.same_version is not None and self.framework_changed

    @property
    def counts(self) -> dict[str, int]:
        out = {"added": 0, "changed": 0, "removed": 0}
        for change in self.changes:
            out[change.kind] += 1
        return out


def _match_organisation(cluster_year: ClusterYear, package: Package, preview: Preview) -> None:
    cluster = cluster_year.cluster
    if package.cluster.code != cluster.code:
        preview.problems.append(
            Problem(
                "cluster.code", f"mã cụm {package.cluster.code} khác mã {cluster.code} của {cluster.name}"
            )
        )
    elif package.cluster.name != cluster.name:
        preview.warnings.append(
            f"Tên cụm trong tệp là “{package.cluster.name}”, trong hệ thống là “{cluster.name}”."
        )
    if package.year != cluster_year.year:
        preview.problems.append(
            Problem("year", f"năm {package.year} khác năm thi đua {cluster_year.year} đang nhập")
        )
    members = {m.unit.code: m for m in memberships(cluster_year)}
    province_units = {
        u.code: u
        for u in Unit.objects.filter(
            province_id=cluster.province_id, code__in=[m.code for m in package.members]
        )
    }
    for index, member in enumerate(package.members):
        place = f"members[{index}].code"
        if member.code not in province_units:
            preview.problems.append(
                Problem(place, f"không có đơn vị mã {member.code} trong {cluster.province.name}")
            )
        elif member.code not in members:
            preview.problems.append(
                Problem(
                    place,
                    f"đơn vị {member.code} ({province_units[member.code].name}) không phải thành viên của {cluster_year}",
                )
            )
        else:
            found = members[member.code]
            preview.units[member.code] = found.unit
            if found.unit.name != member.name:
                preview.warnings.append(
                    f"Đơn vị {member.code}: tên trong tệp là “{member.name}”, trong hệ thống là “{found.unit.name}”."
                )
            if found.role != member.role:
                preview.warnings.append(
                    f"Đơn vị {member.code}: vai trò trong tệp là “{member.role}”, trong hệ thống là “{found.role}”; giữ vai trò trong hệ thống."
                )
    listed = {member.code for member in package.members}
    for code, membership in members.items():
        if code not in listed:
            preview.problems.append(
                Problem("members", f"thiếu thành viên {code} ({membership.unit.name}) của {cluster_year}")
            )


def is_same_framework(
    version: FrameworkVersion,
    framework: Framework,
    legal_basis: tuple[LegalDocument, ...],
    *,
    cluster_year: ClusterYear | None = None,
) -> bool:
    """The same content as the version, compared as read (not as file bytes) with the same legal basis. A file
    exported from a cluster-year carries the deadline that applied that year; that alone is no other framework."""
    stored, problems = documents.read_framework(version.document)
    if stored is None or problems or legal_documents(version) != legal_basis:
        return False
    if framework == stored:
        return True
    return cluster_year is not None and framework == dataclasses.replace(
        stored, late_report=applied_late_report(cluster_year, stored)
    )


def same_version(
    cluster_year: ClusterYear, package: Package, current: FrameworkVersion | None
) -> FrameworkVersion | None:
    """The version of the province a package's framework is identical to: the one in use first, then the
    province's published versions, newest first. None means the import makes a new version."""
    published = FrameworkVersion.objects.filter(
        framework__province_id=cluster_year.cluster.province_id, status=VersionStatus.PUBLISHED
    ).select_related("framework")
    candidates = [current] if current is not None else []
    candidates += [v for v in published.order_by("-published_at", "-id") if v != current]
    return next(
        (
            v
            for v in candidates
            if is_same_framework(v, package.framework, package.legal_basis, cluster_year=cluster_year)
        ),
        None,
    )


def preview_upload(cluster_year: ClusterYear, file_name: str, content: bytes) -> Preview:
    package, problems = read_upload(file_name, content)
    preview = Preview(package=package, problems=list(problems))
    if package is None or problems:
        return preview
    _match_organisation(cluster_year, package, preview)
    agreement = (
        Agreement.objects.filter(cluster_year=cluster_year).select_related("framework_version").first()
    )
    current = agreement.framework_version if agreement is not None else None
    preview.same_version = same_version(cluster_year, package, current)
    preview.framework_changed = current is None or preview.same_version != current
    preview.changes = compare_inputs(agreement_inputs(agreement) if agreement else None, package.inputs)
    return preview


def workbook_writer() -> Any | None:
    """`workbook_bytes(package)` of the Excel form, when it has landed."""
    module = workbook_module()
    return getattr(module, "workbook_bytes", None) if module is not None else None


def as_decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text else None
