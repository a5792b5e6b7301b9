"""Build the summary report of one cluster-year from its package and the engine's result."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal

from thidua.documents.model import vn_short_date
from thidua.engine import ClusterResult, RatioRule, UnitResult
from thidua.engine.model import is_rate
from thidua.engine.numbers import vn_percent
from thidua.packages.model import LegalDocument, Package
from thidua.reports.compare import agreed_comparison
from thidua.reports.criteria import TOP_LISTED, Context, node_sentences
from thidua.reports.model import (
    ClusterReport,
    ConferenceFacts,
    CriterionRow,
    RankingRow,
    ReportOptions,
    ScoreComparison,
    SectionPart,
)
from thidua.reports.words import (
    fraction,
    group_word,
    join,
    leader_word,
    lower_first,
    points,
    rank_word,
    unit_noun,
    whole_or_points,
)

DOCUMENT_KINDS = {
    "QĐ": "Quyết định",
    "HD": "Hướng dẫn",
    "KH": "Kế hoạch",
    "CT": "Chỉ thị",
    "TB": "Thông báo",
    "NQ": "Nghị quyết",
    "TT": "Thông tư",
    "NĐ": "Nghị định",
    "QC": "Quy chế",
}


def build_cluster_report(
    package: Package, result: ClusterResult, options: ReportOptions | None = None
) -> ClusterReport:
    options = options or ReportOptions()
    members = package.members
    # A block's members are agencies (sở, ban): "đơn vị", whatever their names start with.
    noun = unit_noun([m.name for m in members]) if package.cluster.kind == "cum" else "đơn vị"
    context = Context(
        members=members,
        inputs=package.inputs,
        statistics=result.statistics.criteria,
        noun="đơn vị",
        group=group_word(package.cluster.kind),
    )
    reported = has_results(result)
    framework = package.framework
    sections = tuple(
        SectionPart(
            code=section.code,
            title=section.title,
            max=section.max,
            criteria_count=len(section.children) if section.children else 1,
            sentences=tuple(
                [s for child in (section.children or (section,)) for s in node_sentences(child, context)]
                + (section_points_sentences(result, section.code) if reported else [])
            ),
        )
        for section in framework.sections
    )
    leader = next((m.name for m in members if m.role == "leader"), None)
    return ClusterReport(
        cluster_code=package.cluster.code,
        cluster_name=package.cluster.name,
        kind=package.cluster.kind,
        scope=package.cluster.scope,
        year=package.year,
        leader=leader,
        standard_points=framework.standard_points,
        bonus_cap=framework.bonus_cap,
        identification=tuple(identification_sentences(package, noun)),
        sections=sections,
        targets_summary=tuple(targets_sentences(result, context)),
        criteria=criteria_rows(result),
        ranking_sentences=tuple(
            ranking_sentences(package, result)
            if reported
            else [f"Chưa có số liệu thực hiện giao ước thi đua năm {package.year} để chấm điểm, xếp hạng."]
        ),
        ranking=ranking_rows(package, result, _comparison(package, result, options)) if reported else (),
        section_titles=tuple((s.title, s.max) for s in framework.sections),
        bonus_sentences=tuple(bonus_sentences(package, result)),
        deduction_sentences=tuple(deduction_sentences(result)),
        veto_sentences=tuple(veto_sentences(result)),
        honour_sentences=tuple(honour_sentences(package, result) if reported else ()),
        conference_sentences=tuple(conference_sentences(package, options.conference)),
        award_counts=award_counts([result]),
        shortcomings=options.shortcomings,
        directions=options.directions,
        options=options,
    )


def legal_sentence(document: LegalDocument) -> str:
    """ "Quyết định số 125/QĐ-UBND ngày 10/02/2026 về Quy định …": the kind is read from the number's symbol."""
    symbol = document.number.partition("/")[2].partition("-")[0]
    kind = DOCUMENT_KINDS.get(symbol, "Văn bản")
    text = f"{kind} số {document.number}"
    if document.date:
        text += f" ngày {vn_short_date(document.date)}"
    if document.title:
        text += (
            f" về {document.title}"
            if not document.title.lower().startswith("về ")
            else f" {lower_first(document.title)}"
        )
    return text


def identification_sentences(package: Package, noun: str) -> list[str]:
    out: list[str] = []
    if package.legal_basis:
        out.append(f"Căn cứ {join([legal_sentence(d) for d in package.legal_basis])}.")
    ordered = sorted(package.members, key=lambda m: {"leader": 0, "deputy": 1}.get(m.role, 2))
    names = [
        f"{m.name} ({leader_word(package.cluster.kind, m.role)})"
        if m.role in ("leader", "deputy")
        else m.name
        for m in ordered
    ]
    scope = f" thuộc {lower_first(package.cluster.scope)}" if package.cluster.scope else ""
    out.append(f"{package.cluster.name}{scope} năm {package.year} gồm {len(names)} {noun}: {join(names)}.")
    framework = package.framework
    parts = [
        f"nội dung {s.code} “{s.title}” ({whole_or_points(s.max)} điểm, {len(s.children) or 1} tiêu chí)"
        for s in framework.sections
    ]
    scale = f"{whole_or_points(framework.standard_points)} điểm chuẩn"
    if framework.bonus_cap > 0:
        scale += f" và tối đa {whole_or_points(framework.bonus_cap)} điểm thưởng"
    out.append(
        f"Giao ước thi đua năm {package.year} gồm {len(parts)} nội dung với thang điểm {scale}: {'; '.join(parts)}."
    )
    out.extend(source_sentences(package))
    return out


def source_sentences(package: Package) -> list[str]:
    """Which agency's figures count for which criteria, and where targets come from (tỉnh giao / địa phương)."""
    sources: dict[str, list[str]] = {}
    origins: dict[str, list[str]] = {"province": [], "local": []}
    for node in package.framework.nodes():
        if node.data_source:
            sources.setdefault(node.data_source, []).append(node.code)
        if node.target_source:
            origins[node.target_source].append(node.code)
    out = []
    if sources:
        listed = [f"{agency} (tiêu chí {', '.join(codes)})" for agency, codes in sources.items()]
        out.append(f"Số liệu được lấy theo nguồn của {join(listed)}.")
    phrases = []
    if origins["province"]:
        phrases.append(
            f"{len(origins['province'])} tiêu chí theo chỉ tiêu tỉnh giao ({', '.join(origins['province'])})"
        )
    if origins["local"]:
        phrases.append(
            f"{len(origins['local'])} tiêu chí theo Nghị quyết Hội đồng nhân dân địa phương ({', '.join(origins['local'])})"
        )
    if phrases:
        out.append(f"Chỉ tiêu được xác định: {join(phrases)}.")
    return out


def section_points_sentences(result: ClusterResult, code: str) -> list[str]:
    """ "Điểm nội dung 2 (tối đa 200 điểm): có 1/5 đơn vị đạt từ 190 đến 200/200 điểm, …"."""
    stats = result.statistics.sections.get(code)
    if stats is None or not stats.points:
        return []
    total = len(stats.points)
    top = whole_or_points(stats.max)
    bins = stats.distribution()
    phrases = []
    for index, bin_ in enumerate(bins):
        upper = f"{whole_or_points(bin_.high)}/{top}" if index == 0 and bin_.high == stats.max else None
        span = (
            f"từ {whole_or_points(bin_.low)} đến {upper} điểm"
            if upper
            else f"từ {whole_or_points(bin_.low)} đến dưới {whole_or_points(bin_.high)}/{top} điểm"
        )
        phrases.append(f"{fraction(bin_.count, total)} đạt {span}")
    names = {u.code: u.name for u in result.units}
    best = [names[p.code] for p in stats.points if p.points == stats.highest]
    worst = [names[p.code] for p in stats.points if p.points == stats.lowest]
    sentence = f"Điểm nội dung {code} (tối đa {top} điểm): có {', '.join(phrases)}"
    if stats.highest != stats.lowest:
        sentence += (
            f"; cao nhất là {join(best)} ({points(stats.highest)} điểm), "
            f"thấp nhất là {join(worst)} ({points(stats.lowest)} điểm)"
        )
    # Where the units stand against 80% and half of the maximum, when that splits them.
    good = stats.max * Decimal("0.8")
    half = stats.max / 2
    many = sum(1 for p in stats.points if p.points >= good)
    few = sum(1 for p in stats.points if p.points < half)
    levels = []
    if 0 < many < total:
        levels.append(f"{fraction(many, total)} đạt từ {whole_or_points(good)}/{top} điểm trở lên")
    if few:
        levels.append(f"{fraction(few, total)} đạt dưới {whole_or_points(half)}/{top} điểm")
    if levels:
        sentence += f"; có {', '.join(levels)}"
    return [sentence + "."]


def _comparison(
    package: Package, result: ClusterResult, options: ReportOptions
) -> Mapping[str, ScoreComparison] | None:
    """The app's compared columns; from a package alone, Cụm chấm and Điểm duyệt when points were agreed."""
    if options.comparison is not None:
        return options.comparison
    if not package.inputs.agreed:
        return None
    return agreed_comparison(package, {unit.code: unit.total for unit in result.units})


def has_results(result: ClusterResult) -> bool:
    """Whether any member reported anything: a package of a year just agreed holds targets only."""
    return any(leaf.status == "scored" for unit in result.units for leaf in unit.leaves)


def targets_sentences(result: ClusterResult, context: Context) -> list[str]:
    """Per unit, how many of the criteria with a target it reached and how many it exceeded (Sở … "5/5 chỉ tiêu
    vượt kế hoạch"): a target met exactly is reached, not exceeded."""
    reached: Counter[str] = Counter()
    exceeded: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    for unit in result.units:
        for node_result in unit.leaves:
            rule = node_result.node.rule
            if (
                not isinstance(rule, RatioRule)
                or node_result.status != "scored"
                or node_result.target is None
            ):
                continue
            actual = node_result.actual
            if not isinstance(actual, Decimal) or isinstance(actual, bool):
                continue
            counted[unit.code] += 1
            lower = rule.direction == "lower"
            target = node_result.target
            reached[unit.code] += int(actual <= target if lower else actual >= target)
            exceeded[unit.code] += int(actual < target if lower else actual > target)
    if not counted:
        return []
    names = {u.code: u.name for u in result.units}
    order = sorted(
        counted,
        key=lambda code: (
            -reached[code] / counted[code],
            -exceeded[code] / counted[code],
            -reached[code],
            names[code],
        ),
    )
    everything = [c for c in order if reached[c] == counted[c]]
    beyond = [c for c in order if exceeded[c] == counted[c]]
    total = len(counted)
    if len(everything) == total:
        head = f"cả {total} đơn vị đều đạt và vượt tất cả các chỉ tiêu được giao"
    else:
        head = f"có {fraction(len(everything), total)} đạt và vượt tất cả các chỉ tiêu được giao"
    if beyond and len(beyond) < len(everything):
        head += f", trong đó {fraction(len(beyond), total)} vượt tất cả các chỉ tiêu"
    elif beyond and len(beyond) == total:
        head = f"cả {total} đơn vị đều vượt tất cả các chỉ tiêu được giao"
    parts = [head]
    if any(exceeded.values()) and total > 1:
        best = sorted(
            (c for c in counted if exceeded[c]),
            key=lambda code: (-exceeded[code] / counted[code], -exceeded[code], names[code]),
        )
        if len(best) > TOP_LISTED:
            last = exceeded[best[TOP_LISTED - 1]] / counted[best[TOP_LISTED - 1]]
            best = [c for i, c in enumerate(best) if i < TOP_LISTED or exceeded[c] / counted[c] == last]
        listed = join([f"{names[c]} ({exceeded[c]}/{counted[c]} chỉ tiêu vượt kế hoạch)" for c in best])
        parts.append(f"một số đơn vị đạt cao như {listed}" if len(best) > 1 else f"cao nhất là {listed}")
    details = [f"{names[c]} (đạt {reached[c]}/{counted[c]} chỉ tiêu)" for c in order]
    parts.append(f"cụ thể: {join(details)}")
    return [f"Đối với các tiêu chí có chỉ tiêu kế hoạch, {'; '.join(parts)}."]


def criteria_rows(result: ClusterResult) -> tuple[CriterionRow, ...]:
    rows = []
    for stats in result.statistics.criteria.values():
        additive = not is_rate(stats.unit_of_measure)
        rows.append(
            CriterionRow(
                code=stats.code,
                title=stats.title,
                unit=stats.unit_of_measure,
                lower=stats.direction == "lower",
                sum_target=stats.sum_target if additive and stats.reported else None,
                sum_actual=stats.sum_actual if additive and stats.reported else None,
                ratio_percent=stats.ratio_percent if additive else None,
                reached=stats.reached,
                reported=stats.reported,
            )
        )
    return tuple(rows)


def ranking_rows(
    package: Package, result: ClusterResult, comparison: Mapping[str, ScoreComparison] | None = None
) -> tuple[RankingRow, ...]:
    codes = [s.code for s in package.framework.sections]
    return tuple(
        RankingRow(
            rank=u.rank,
            code=u.code,
            name=u.name,
            sections=tuple(u.sections.get(code, Decimal(0)) for code in codes),
            standard=u.standard,
            bonus=u.bonus,
            deductions=u.deductions,
            total=u.total,
            band=u.band,
            honour=u.honour,
            vetoed=u.vetoed,
            compared=(comparison or {}).get(u.code),
        )
        for u in result.units
    )


def ranking_sentences(package: Package, result: ClusterResult) -> list[str]:
    ranked = [u for u in result.units if u.rank is not None]
    if not ranked:
        return ["Không có đơn vị nào được xếp hạng."]
    framework = package.framework
    scale = f"{whole_or_points(framework.standard_points)} điểm chuẩn"
    if framework.bonus_cap > 0:
        scale += f", tối đa {whole_or_points(framework.bonus_cap)} điểm thưởng"
    by_rank: dict[int, list[UnitResult]] = {}
    for unit in ranked:
        by_rank.setdefault(unit.rank or 0, []).append(unit)
    phrases = []
    for rank in sorted(by_rank)[:3]:
        units = by_rank[rank]
        role = "đơn vị dẫn đầu" if rank == 1 else f"đơn vị đạt {rank_word(rank)}"
        if len(units) > 1:
            role = f"các đơn vị đồng {rank_word(rank)}" if rank > 1 else "các đơn vị đồng dẫn đầu"
        phrases.append(f"{role} là {join([u.name for u in units])} đạt {points(units[0].total)} điểm")
    lowest = ranked[-1]
    if lowest.rank is not None and lowest.rank > 3:
        phrases.append(f"đơn vị có điểm thấp nhất là {lowest.name} đạt {points(lowest.total)} điểm")
    out = [f"Qua chấm điểm, xếp hạng thi đua năm {package.year} (thang điểm {scale}): {'; '.join(phrases)}."]
    bands: dict[str, list[str]] = {}
    for unit in result.units:
        if unit.band:
            bands.setdefault(unit.band, []).append(unit.name)
    if bands:
        total = len(result.units)
        parts = [
            f"{fraction(len(names), total)} đạt loại {band} ({join(names)})" for band, names in bands.items()
        ]
        out.append(f"Về xếp loại: có {'; '.join(parts)}.")
    return out


def bonus_sentences(package: Package, result: ClusterResult) -> list[str]:
    names = {u.code: u.name for u in result.units}
    out = []
    for item in package.framework.bonus_items:
        units = [
            names[c] for c in sorted(package.inputs.bonus_awarded.get(item.code, ()), key=str) if c in names
        ]
        if units:
            out.append(f"{join(units)} được cộng {points(item.points)} điểm: {lower_first(item.title)}.")
    earned = [u for u in result.units if u.bonus > 0]
    if earned:
        ordered = sorted(earned, key=lambda u: (-u.bonus, u.code))
        listed = join([f"{u.name} ({points(u.bonus)} điểm)" for u in ordered])
        out.append(f"Có {fraction(len(earned), len(result.units))} được cộng điểm thưởng: {listed}.")
    return out


def deduction_sentences(result: ClusterResult) -> list[str]:
    out = [
        f"{unit.name} bị trừ {points(entry.points)} điểm: {lower_first(entry.reason)}."
        for unit in result.units
        for entry in unit.deduction_entries
    ]
    return out or ["Không có đơn vị nào bị trừ điểm."]


def veto_sentences(result: ClusterResult) -> list[str]:
    out = [
        f"{unit.name} (tổng điểm {points(unit.total)}) không được xếp hạng và không được đề nghị khen thưởng "
        f"do {lower_first(unit.vetoed)}."
        for unit in result.units
        if unit.vetoed
    ]
    return out or ["Không có đơn vị nào thuộc trường hợp không xét thi đua."]


def honour_sentences(package: Package, result: ClusterResult) -> list[str]:
    awards: dict[str, list[UnitResult]] = {}
    for unit in result.units:
        if unit.honour:
            awards.setdefault(unit.honour, []).append(unit)
    word = group_word(package.cluster.kind).capitalize()
    out = [
        f"{word} đề nghị tặng {award} cho {join([f'{u.name} ({rank_word(u.rank or 0)})' for u in units])}."
        for award, units in awards.items()
    ]
    for honour in package.framework.honours:
        for unit in result.units:
            if unit.rank == honour.rank and unit.honour is None and honour.min_total is not None:
                out.append(
                    f"{unit.name} ({rank_word(honour.rank)}) đạt {points(unit.total)} điểm, chưa đạt mức tối thiểu "
                    f"{whole_or_points(honour.min_total)} điểm để đề nghị tặng {honour.award}."
                )
    return out or ["Không có đơn vị nào được đề nghị khen thưởng theo kết quả xếp hạng."]


def award_counts(results: Sequence[ClusterResult]) -> tuple[tuple[str, int], ...]:
    counts: Counter[str] = Counter()
    for result in results:
        for unit in result.units:
            if unit.honour:
                counts[unit.honour] += 1
    return tuple(counts.most_common())


def conference_sentences(package: Package, facts: ConferenceFacts | None) -> list[str]:
    """The conference's ballots (suy tôn, next year's leader and deputy) and the register's awards of the year;
    nothing when the report is made from a package alone."""
    if facts is None:
        return []
    group = group_word(package.cluster.kind)
    out = []
    if facts.held_on or facts.place:
        when = f" ngày {vn_short_date(facts.held_on)}" if facts.held_on else ""
        where = f" tại {facts.place}" if facts.place else ""
        out.append(
            f"Hội nghị tổng kết phong trào thi đua năm {package.year} của {group} được tổ chức{when}{where}."
        )
    for ballot in facts.ballots:
        votes = (
            f"{ballot.votes}/{ballot.base} phiếu ({vn_percent(Decimal(ballot.votes) * 100 / ballot.base)})"
            if ballot.votes is not None and ballot.base
            else None
        )
        chair = f" (chủ tọa quyết định: {lower_first(ballot.chair_reason)})" if ballot.chair_reason else ""
        if ballot.purpose == "honour" and ballot.unit:
            head = f"Hội nghị đã bỏ phiếu suy tôn {ballot.unit} là đơn vị dẫn đầu {group} năm {package.year}"
            if ballot.passed:
                out.append(f"{head}, đạt {votes}{chair}." if votes else f"{head}{chair}.")
            else:
                why = f": {lower_first(ballot.reason)}" if ballot.reason else ""
                out.append(f"{head}, không đạt{why}{chair}.")
        elif ballot.purpose in ("leader", "deputy"):
            role = leader_word(package.cluster.kind, ballot.purpose)
            if ballot.passed and ballot.unit:
                tail = f" với {votes}" if votes else ""
                out.append(f"Hội nghị đã bầu {ballot.unit} làm {role} năm {package.year + 1}{tail}{chair}.")
            else:
                why = f": {lower_first(ballot.reason)}" if ballot.reason else ""
                out.append(f"Hội nghị chưa bầu được {role} năm {package.year + 1}{why}{chair}.")
    if facts.awards:
        total = sum(count for _, count in facts.awards)
        listed = "; ".join(f"{award}: {count}" for award, count in facts.awards)
        out.append(
            f"Theo sổ khen thưởng, thành tích năm {package.year} của các đơn vị thành viên đã được khen thưởng "
            f"{total} lượt, gồm: {listed}."
        )
    elif facts.awards is not None:
        out.append(
            f"Sổ khen thưởng chưa ghi nhận khen thưởng nào cho thành tích năm {package.year} "
            "của các đơn vị thành viên."
        )
    return out
