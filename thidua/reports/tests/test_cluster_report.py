"""The report of the example package and of a package built from seed 000 state the facts computed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from thidua.packages import load, load_text
from thidua.reports.cluster import build_cluster_report
from thidua.reports.model import ClusterReport, ReportOptions
from thidua.reports.render import cluster_document, render
from thidua.reports.text import parse_leader_text

EXAMPLE = Path("/work/shared/examples/cum-mau-2026.yaml")

# Cụm thi đua số 1 (Kiên Giang, 2017) as seed 000 reports it: budget revenue 192,583 tỷ đồng = 141,29% of plan,
# all five districts above target, Gò Quao +50,8%, Vĩnh Thuận +44%, U Minh Thượng +39,74%; 20.802 jobs =
# 161,27% of plan; 4/5 districts disbursed at least 80%; Gò Quao and An Biên reduced accidents on all 3 counts.
SEED_000 = """
format: thidua.package/1
year: 2017
cluster: {code: KG-CUM1, name: Cụm thi đua số 1, kind: cum, scope: Tỉnh Kiên Giang}
legal_basis:
  - {number: 489/QĐ-UBND, date: 2017-03-07, title: Quy định tổ chức hoạt động và bình xét thi đua của các cụm, khối}
members:
  - {code: AM, name: Huyện An Minh, role: leader}
  - {code: AB, name: Huyện An Biên, role: deputy}
  - {code: UMT, name: Huyện U Minh Thượng, role: member}
  - {code: VT, name: Huyện Vĩnh Thuận, role: member}
  - {code: GQ, name: Huyện Gò Quao, role: member}
framework:
  standard_points: 300
  bonus_cap: 0
  sections:
    - code: "1"
      title: Thi đua thực hiện nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh
      max: 200
      children:
        - {code: "1.1", title: Tổng thu ngân sách trên địa bàn, max: 40, unit_of_measure: tỷ đồng, rule: {type: ratio}}
        - code: "1.2"
          title: Tỷ lệ giải ngân vốn xây dựng cơ bản
          max: 40
          unit_of_measure: "%"
          rule: {type: bands, bands: [{min: 80, points: 40}, {min: 50, points: 20}]}
        - {code: "1.3", title: Giải quyết việc làm, max: 40, unit_of_measure: lượt lao động, rule: {type: ratio}}
        - {code: "1.4", title: Tỷ lệ hộ nghèo, max: 40, unit_of_measure: "%", rule: {type: ratio, direction: lower}}
        - code: "1.5"
          title: Giảm tai nạn giao thông
          max: 40
          children:
            - {code: "1.5.a", title: Số vụ, max: 14, rule: {type: change}}
            - {code: "1.5.b", title: Số người chết, max: 13, rule: {type: change}}
            - {code: "1.5.c", title: Số người bị thương, max: 13, rule: {type: change}}
    - code: "2"
      title: Thi đua thực hiện công tác thi đua, khen thưởng
      max: 100
      children:
        - {code: "2.1", title: Công tác thi đua, khen thưởng, max: 100, rule: {type: assessed}}
targets:
  "1.1": {GQ: 25, VT: 25, UMT: 20, AM: 33, AB: 33.3}
  "1.3": {VT: 2000, UMT: 2000, AM: 3000, AB: 3000, GQ: 2899}
  "1.4": {AM: 5, AB: 6, UMT: 7, VT: 6, GQ: 5}
values:
  "1.1": {GQ: 37.7, VT: 36, UMT: 27.948, AM: 45, AB: 45.935}
  "1.2": {AM: 85, AB: 92, UMT: 80, VT: 79.5, GQ: 88}
  "1.3": {VT: 4148, UMT: 3978, AM: 5646, AB: 3600, GQ: 3430}
  "1.4": {AM: 4.5, AB: 5.5, UMT: 7.5, VT: 5, GQ: 4.8}
  "1.5.a": {AM: 10, AB: 8, UMT: 12, VT: 9, GQ: 6}
  "1.5.b": {AM: 5, AB: 3, UMT: 6, VT: 4, GQ: 2}
  "1.5.c": {AM: 9, AB: 7, UMT: 9, VT: 8, GQ: 5}
  "2.1": {AM: 65, AB: 70, UMT: 55, VT: 61, GQ: 58}
baselines:
  "1.5.a": {AM: 9, AB: 10, UMT: 12, VT: 10, GQ: 8}
  "1.5.b": {AM: 5, AB: 4, UMT: 5, VT: 4, GQ: 3}
  "1.5.c": {AM: 10, AB: 9, UMT: 8, VT: 9, GQ: 6}
"""


@pytest.fixture(scope="module")
def example() -> ClusterReport:
    package = load(EXAMPLE)
    return build_cluster_report(package, package.score())


@pytest.fixture(scope="module")
def seed() -> ClusterReport:
    package = load_text(SEED_000)
    return build_cluster_report(package, package.score())


def sentences(report: ClusterReport) -> list[str]:
    out = list(report.identification)
    for part in report.sections:
        out.extend(part.sentences)
    out += [*report.targets_summary, *report.ranking_sentences, *report.bonus_sentences]
    out += [*report.deduction_sentences, *report.veto_sentences, *report.honour_sentences]
    return out


def test_it_states_the_cluster_revenue_and_who_exceeded_it(example: ClusterReport) -> None:
    assert (
        "Tổng thu ngân sách nhà nước trên địa bàn của cả cụm đạt 358,87 tỷ đồng, bằng 120,55% kế hoạch, "
        "có 4/5 đơn vị đạt và vượt chỉ tiêu; một số đơn vị đạt cao như Xã An Minh vượt 50,77%, "
        "Xã Vĩnh Thuận vượt 44,00% và Xã Vĩnh Hòa vượt 11,11%; chưa đạt: Xã Thạnh Lộc (95,00% kế hoạch)."
    ) in sentences(example)


def test_it_phrases_lower_is_better_criteria_as_reductions(example: ClusterReport) -> None:
    assert (
        # Issue 11 item 18: a rate is never summed; the cluster's figure is the mean of the units' rates.
        "Tỷ lệ hộ nghèo cuối năm bình quân của cả cụm là 2,38% (chỉ tiêu bình quân 2,52%), "
        "có 4/5 đơn vị đạt chỉ tiêu giảm; một số đơn vị đạt cao như Xã Vĩnh Hòa giảm "
        "vượt chỉ tiêu 16,00%, Xã Vĩnh Thuận giảm vượt chỉ tiêu 13,79% và Phường Rạch Giá giảm vượt chỉ tiêu "
        "12,50%; chưa đạt: Xã Thạnh Lộc (106,67% chỉ tiêu)."
    ) in sentences(example)


def test_it_does_not_sum_rates_and_counts_units_without_target(example: ClusterReport) -> None:
    text = sentences(example)
    assert not any("Tỷ lệ dân số tham gia bảo hiểm y tế của cả cụm" in s for s in text)
    assert any(
        s.startswith(
            "Tỷ lệ trẻ em bỏ học bậc tiểu học và trung học cơ sở bình quân của cả cụm là 0,48% "
            "(chỉ tiêu bình quân 0,55%), có 3/4 đơn vị đạt chỉ tiêu giảm (1 đơn vị không có chỉ tiêu)"
        )
        for s in text
    )


def test_it_counts_bands_threshold_booleans_and_ratings(example: ClusterReport) -> None:
    text = sentences(example)
    assert (
        "Tỷ lệ giải ngân vốn đầu tư công: có 2/5 đơn vị đạt từ 95% trở lên, có 4/5 đơn vị đạt từ 80% trở lên, "
        "cả 5 đơn vị đều đạt từ 60% trở lên."
    ) in text
    assert "Hoàn thành 100% chỉ tiêu giao quân: có 4/5 đơn vị đạt; chưa đạt: Xã Vĩnh Thuận." in text
    assert (
        "Kết quả đánh giá, xếp loại chính quyền: có 2/5 đơn vị hoàn thành xuất sắc nhiệm vụ (Phường Rạch Giá và "
        "Xã An Minh), 3/5 đơn vị hoàn thành tốt nhiệm vụ (Xã Vĩnh Hòa, Xã Thạnh Lộc và Xã Vĩnh Thuận)."
    ) in text


def test_it_sums_changes_against_last_year(example: ClusterReport) -> None:
    text = sentences(example)
    assert (
        "Số vụ tai nạn giao thông của cả cụm là 72, giảm 3 so với năm trước (75); có 3/5 đơn vị giảm "
        "(Xã Vĩnh Hòa, Xã An Minh và Xã Vĩnh Thuận); tăng: Phường Rạch Giá (34, tăng 4)."
    ) in text


def test_it_states_the_distribution_of_section_points(example: ClusterReport) -> None:
    assert (
        "Điểm nội dung 3 (tối đa 100 điểm): có 2/5 đơn vị đạt từ 95 đến 100/100 điểm, 1/5 đơn vị đạt từ 90 đến "
        "dưới 95/100 điểm, 1/5 đơn vị đạt từ 75 đến dưới 80/100 điểm, 1/5 đơn vị đạt từ 60 đến dưới 65/100 điểm; "
        "cao nhất là Phường Rạch Giá (97,80 điểm), thấp nhất là Xã Thạnh Lộc (62,60 điểm); có 3/5 đơn vị đạt từ "
        "80/100 điểm trở lên."
    ) in sentences(example)


def test_it_states_ranking_deductions_and_honours(example: ClusterReport) -> None:
    text = sentences(example)
    assert (
        "Qua chấm điểm, xếp hạng thi đua năm 2026 (thang điểm 950 điểm chuẩn, tối đa 50 điểm thưởng): đơn vị dẫn "
        "đầu là Xã Vĩnh Hòa đạt 906,00 điểm; đơn vị đạt hạng nhì là Xã An Minh đạt 892,00 điểm; đơn vị đạt hạng ba "
        "là Phường Rạch Giá đạt 847,93 điểm; đơn vị có điểm thấp nhất là Xã Vĩnh Thuận đạt 738,15 điểm."
    ) in text
    assert (
        "Xã Thạnh Lộc bị trừ 8,00 điểm: không tổ chức ký kết giao ước thi đua với các đơn vị trực thuộc."
        in text
    )
    assert "Cụm đề nghị tặng Cờ thi đua của UBND tỉnh cho Xã Vĩnh Hòa (hạng nhất)." in text
    assert (
        "Cụm đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh cho Xã An Minh (hạng nhì) và Phường Rạch Giá (hạng ba)."
    ) in text
    assert "Không có đơn vị nào thuộc trường hợp không xét thi đua." in text


def test_it_names_members_with_leader_and_deputy_and_the_legal_basis(seed: ClusterReport) -> None:
    assert seed.identification[0] == (
        "Căn cứ Quyết định số 489/QĐ-UBND ngày 07/03/2017 về Quy định tổ chức hoạt động và bình xét thi đua "
        "của các cụm, khối."
    )
    assert seed.identification[1] == (
        "Cụm thi đua số 1 thuộc tỉnh Kiên Giang năm 2017 gồm 5 huyện: Huyện An Minh (Cụm trưởng), "
        "Huyện An Biên (Cụm phó), Huyện U Minh Thượng, Huyện Vĩnh Thuận và Huyện Gò Quao."
    )


def test_it_states_the_seed_article_facts(seed: ClusterReport) -> None:
    text = sentences(seed)
    assert (
        "Tổng thu ngân sách trên địa bàn của cả cụm đạt 192,583 tỷ đồng, bằng 141,29% kế hoạch, cả 5 đơn vị đều "
        "vượt chỉ tiêu; một số đơn vị đạt cao như Huyện Gò Quao vượt 50,80%, Huyện Vĩnh Thuận vượt 44,00% và "
        "Huyện U Minh Thượng vượt 39,74%."
    ) in text
    assert any(
        s.startswith(
            "Giải quyết việc làm của cả cụm đạt 20.802 lượt lao động, bằng 161,27% kế hoạch, cả 5 đơn vị đều vượt chỉ tiêu; một số đơn vị đạt cao như Huyện Vĩnh Thuận vượt 107,40%"
        )
        for s in text
    )
    assert any(
        s.startswith("Tỷ lệ giải ngân vốn xây dựng cơ bản: có 4/5 đơn vị đạt từ 80% trở lên") for s in text
    )
    assert any(
        s.startswith("Tỷ lệ hộ nghèo bình quân của cả cụm là") and ", có 4/5 đơn vị đạt chỉ tiêu giảm" in s
        for s in text
    )
    assert (
        "Giảm tai nạn giao thông: có 2/5 đơn vị giảm cả 3 mặt so với năm trước (số vụ, số người chết và số người "
        "bị thương) là Huyện An Biên và Huyện Gò Quao."
    ) in text


def test_it_says_plainly_that_the_leader_sections_are_missing(example: ClusterReport) -> None:
    document = cluster_document(example)
    texts = [getattr(block, "text", "") for block in document.blocks]
    assert any(t.startswith("Phần hạn chế, tồn tại chưa được cụm trưởng cung cấp") for t in texts)
    assert any(
        t.startswith("Phần phương hướng, nhiệm vụ năm 2027 chưa được cụm trưởng cung cấp") for t in texts
    )


def test_it_uses_the_leader_text_when_given() -> None:
    package = load(EXAMPLE)
    leader = parse_leader_text(
        "Việc giao lưu, trao đổi kinh nghiệm chưa thường xuyên.\n\n- Một số chỉ tiêu chưa đạt\n- Nội dung 3 chưa sâu sát\n"
    )
    report = build_cluster_report(package, package.score(), ReportOptions(shortcomings=leader))
    markdown = render(report, "md").decode("utf-8")
    assert "Việc giao lưu, trao đổi kinh nghiệm chưa thường xuyên." in markdown
    assert "- Nội dung 3 chưa sâu sát" in markdown
    assert "Phần hạn chế, tồn tại chưa được" not in markdown
