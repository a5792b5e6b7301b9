"""Packages built from seeds 001–004 (real 2018 conference reports): the report states the articles' facts.

Each package's header says what comes from the article and what a province officer had to invent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from thidua.packages import load
from thidua.reports.cluster import build_cluster_report
from thidua.reports.model import BallotFact, ClusterReport, ConferenceFacts, ReportOptions
from thidua.reports.render import render

SEEDS = Path(__file__).parent / "seed_packages"


def report_of(name: str, options: ReportOptions | None = None) -> ClusterReport:
    package = load(SEEDS / name)
    return build_cluster_report(package, package.score(), options)


def sentences(report: ClusterReport) -> list[str]:
    out = list(report.identification)
    for part in report.sections:
        out.extend(part.sentences)
    out += [*report.targets_summary, *report.ranking_sentences, *report.bonus_sentences]
    out += [*report.deduction_sentences, *report.veto_sentences, *report.honour_sentences]
    return out + list(report.conference_sentences)


def starts(text: list[str], head: str) -> str:
    found = [s for s in text if s.startswith(head)]
    assert found, head
    return found[0]


GIA_LAI = "seed_001_gia_lai_cum2_2017.yaml"
TAY_NAM_BO = "seed_002_tay_nam_bo_2017.yaml"
CHAU_THANH = "seed_003_kien_giang_cum2_2018.yaml"
KHOI_4 = "seed_004_kien_giang_khoi4_2017.yaml"


def test_seed_001_gia_lai_cluster_2() -> None:
    text = sentences(report_of(GIA_LAI))
    assert text[0] == (
        "Căn cứ Quyết định số 32/QĐ-UBND ngày 17/01/2017 về việc ban hành Quy định tổ chức Cụm, Khối thi đua; "
        "tổ chức hoạt động và bình xét thi đua của Cụm, Khối thi đua tỉnh Gia Lai."
    )
    assert text[1].startswith(
        "Cụm Thi đua số 2 thuộc tỉnh Gia Lai năm 2017 gồm 5 huyện, thị xã: Huyện Kbang (Cụm trưởng)"
    )
    # "thu ngân sách tại địa phương đều đạt và vượt kế hoạch"
    assert "cả 5 đơn vị đều đạt và vượt chỉ tiêu" in starts(text, "Thu ngân sách trên địa bàn của cả cụm đạt")
    # "huyện Đak Đoa xảy ra 70 vụ, tăng 16 vụ, huyện Kbang xảy ra 57 vụ, tăng 07 vụ so với năm 2016"
    assert starts(text, "Số vụ phạm pháp hình sự").endswith(
        "tăng: Huyện Đak Đoa (70 vụ, tăng 16 vụ) và Huyện Kbang (57 vụ, tăng 7 vụ)."
    )
    # "một số chỉ tiêu đề ra không đạt như xây dựng nông thôn mới"
    assert "chưa đạt: Huyện Đak Đoa (50,00% kế hoạch) và Huyện Kbang (50,00% kế hoạch)" in starts(
        text, "Xã đạt chuẩn nông thôn mới"
    )
    # "đề nghị UBND tỉnh tặng Cờ Thi đua đối với UBND huyện Đak Pơ"
    assert "Cụm đề nghị tặng Cờ thi đua của UBND tỉnh cho Huyện Đak Pơ (hạng nhất)." in text
    assert starts(text, "Qua chấm điểm").count("đơn vị dẫn đầu là Huyện Đak Pơ") == 1


def test_seed_001_conference_results_come_from_the_app_not_the_package() -> None:
    assert report_of(GIA_LAI).conference_sentences == ()
    facts = ConferenceFacts(
        held_on=dt.date(2018, 1, 29),
        place="Hội trường 19/5 - UBND huyện Kbang",
        ballots=(
            BallotFact("leader", "Huyện Đak Pơ", True, 5, 5),
            BallotFact("deputy", "Thị xã An Khê", True, 4, 5),
        ),
    )
    text = report_of(GIA_LAI, ReportOptions(conference=facts)).conference_sentences
    assert text == (
        "Hội nghị tổng kết phong trào thi đua năm 2017 của cụm được tổ chức ngày 29/01/2018 tại Hội trường 19/5 - "
        "UBND huyện Kbang.",
        "Hội nghị đã bầu Huyện Đak Pơ làm Cụm trưởng năm 2018 với 5/5 phiếu (100,00%).",
        "Hội nghị đã bầu Thị xã An Khê làm Cụm phó năm 2018 với 4/5 phiếu (80,00%).",
    )


def test_seed_002_tay_nam_bo() -> None:
    text = sentences(report_of(TAY_NAM_BO))
    assert text[0].startswith(
        "Cụm thi đua các tỉnh Tây Nam bộ năm 2017 gồm 12 tỉnh: Tỉnh Vĩnh Long (Cụm trưởng)"
    )
    assert starts(text, "Tổng thu ngân sách nhà nước").startswith(
        "Tổng thu ngân sách nhà nước của cả cụm đạt 65.913 tỷ đồng, bằng 103,46% kế hoạch, có 10/12 đơn vị đạt và "
        "vượt chỉ tiêu; một số đơn vị đạt cao như Tỉnh An Giang vượt 9,69%, Tỉnh Đồng Tháp vượt 8,94% và Tỉnh Long "
        "An vượt 7,75%"
    )
    assert starts(text, "Tổng kim ngạch xuất khẩu").startswith(
        "Tổng kim ngạch xuất khẩu của cả cụm đạt 14.095 triệu USD, bằng 106,64% kế hoạch, có 11/12 đơn vị đạt và "
        "vượt chỉ tiêu; một số đơn vị đạt cao như Tỉnh Hậu Giang vượt 28,03%, Tỉnh Kiên Giang vượt 17,50% và Tỉnh "
        "Vĩnh Long vượt 16,86%"
    )
    assert starts(text, "Tổng vốn đầu tư toàn xã hội").startswith(
        "Tổng vốn đầu tư toàn xã hội: toàn cụm đạt 247.615,5 tỷ đồng;"
    )
    assert "Đạt chuẩn phổ cập giáo dục mầm non cho trẻ em 5 tuổi: cả 12 đơn vị đều đạt." in text
    assert (
        "có 7/12 đơn vị đạt và vượt chỉ tiêu; một số đơn vị đạt cao như Tỉnh Long An vượt 12,03%, Tỉnh Vĩnh Long "
        "vượt 8,33% và Tỉnh Kiên Giang vượt 2,03%"
    ) in starts(text, "Trường học đạt chuẩn quốc gia")
    assert (
        "có 7/12 đơn vị đạt và vượt chỉ tiêu; một số đơn vị đạt cao như Tỉnh Bến Tre vượt 50,00%, Tỉnh Long An "
        "vượt 20,18% và Tỉnh Đồng Tháp vượt 6,00%"
    ) in starts(text, "Xã, phường, thị trấn đạt chuẩn quốc gia về y tế")
    assert (
        "bằng 112,34% kế hoạch, có 11/12 đơn vị đạt và vượt chỉ tiêu; một số đơn vị đạt cao như Tỉnh Đồng Tháp "
        "vượt 24,94%, Tỉnh Bạc Liêu vượt 17,77% và Tỉnh Kiên Giang vượt 15,16%"
    ) in starts(text, "Giảm hộ nghèo")
    assert starts(text, "Giải quyết việc làm") == (
        "Giải quyết việc làm của cả cụm đạt 342.904 lao động, bằng 116,73% kế hoạch, cả 12 đơn vị đều vượt chỉ "
        "tiêu; một số đơn vị đạt cao như Tỉnh Vĩnh Long vượt 47,13%, Tỉnh Trà Vinh vượt 31,82% và Tỉnh Bạc Liêu "
        "vượt 26,76%."
    )
    assert "giảm 348 vụ so với năm trước" in starts(text, "Số vụ phạm pháp hình sự")
    assert (
        "Kiềm chế, giảm tai nạn giao thông: có 4/12 đơn vị giảm cả 3 mặt so với năm trước (số vụ, số người chết "
        "và số người bị thương) là Tỉnh An Giang, Tỉnh Bến Tre, Tỉnh Kiên Giang và Tỉnh Long An."
    ) in text
    assert "Hoàn thành chỉ tiêu tuyển chọn và gọi công dân nhập ngũ: cả 12 đơn vị đều đạt." in text
    assert starts(text, "Thứ hạng chỉ số cải cách hành chính").startswith(
        "Thứ hạng chỉ số cải cách hành chính (trong 63 tỉnh, thành phố): thấp nhất là Tỉnh Đồng Tháp (7), tiếp "
        "theo là Tỉnh Long An (30) và Tỉnh Vĩnh Long (34)"
    )
    assert (
        "có 9/12 đơn vị đạt và vượt chỉ tiêu; một số đơn vị đạt cao như Tỉnh Vĩnh Long vượt 100,00%; Tỉnh Tiền "
        "Giang vượt 33,33%; Tỉnh An Giang và Tỉnh Kiên Giang vượt 29,09%"
    ) in starts(text, "Xã đạt chuẩn nông thôn mới")
    assert starts(text, "Kết nạp đảng viên mới").startswith(
        "Kết nạp đảng viên mới của cả cụm đạt 23.902 đảng viên, bằng 110,60% kế hoạch"
    )
    assert "có 8/12 đơn vị giảm" in starts(text, "Số tổ chức cơ sở đảng yếu kém")
    assert "có 11/12 đơn vị giảm" in starts(text, "Số đảng viên bị kỷ luật")
    assert starts(text, "Số tổ chức chính trị - xã hội").endswith("có 9/12 đơn vị đạt từ 6 tổ chức trở lên.")


def test_seed_003_a_year_just_agreed() -> None:
    report = report_of(CHAU_THANH)
    text = sentences(report)
    assert text[0] == (
        "Căn cứ Quyết định số 489/QĐ-UBND ngày 07/03/2017 về Quy định tổ chức hoạt động và bình xét thi đua của các "
        "cụm, khối; Quyết định số 584/QĐ-UBND ngày 15/03/2018 về sửa đổi, bổ sung một số điều của Quyết định số "
        "489/QĐ-UBND."
    )
    assert text[1] == (
        "Cụm thi đua số 2 thuộc tỉnh Kiên Giang năm 2018 gồm 5 huyện, thành phố: Huyện Châu Thành (Cụm trưởng), "
        "Huyện Hòn Đất (Cụm phó), Thành phố Rạch Giá, Huyện Giồng Riềng và Huyện Tân Hiệp."
    )
    assert "gồm 3 nội dung" in text[2]
    assert "(660 điểm, 22 tiêu chí)" in text[2] and "(200 điểm, 5 tiêu chí)" in text[2]
    assert text[3] == (
        "Số liệu được lấy theo nguồn của Sở Kế hoạch và Đầu tư (tiêu chí 1.2); Ban An toàn giao thông tỉnh (tiêu chí "
        "1.17, 1.18); Bộ Chỉ huy quân sự tỉnh (tiêu chí 1.19, 1.20); Thường trực Hội đồng nhân dân tỉnh (tiêu chí "
        "2.2)."
    )
    assert text[4].startswith("Chỉ tiêu được xác định: 10 tiêu chí theo chỉ tiêu tỉnh giao")
    assert "theo Nghị quyết Hội đồng nhân dân địa phương" in text[4]
    # Nothing reported yet: no invented ranking, no honour.
    assert report.ranking_sentences == (
        "Chưa có số liệu thực hiện giao ước thi đua năm 2018 để chấm điểm, xếp hạng.",
    )
    assert report.ranking == () and report.honour_sentences == ()
    assert all(not part.sentences for part in report.sections)


def test_seed_004_block_4() -> None:
    text = sentences(report_of(KHOI_4))
    assert text[0] == (
        "Khối thi đua số 4 thuộc tỉnh Kiên Giang năm 2017 gồm 7 đơn vị: Sở Y tế (Khối trưởng); Sở Giáo dục và Đào "
        "tạo; Sở Văn hóa và Thể thao; Sở Lao động, Thương binh và Xã hội; Sở Khoa học và Công nghệ; Sở Du lịch; "
        "Ban Dân tộc tỉnh."
    )
    assert (
        "nội dung 1 “Thi đua thực hiện các chỉ tiêu nhiệm vụ chính trị được giao” (700 điểm, 6 tiêu chí)"
        in text[1]
    )
    assert starts(text, "Đối với các tiêu chí có chỉ tiêu kế hoạch").startswith(
        "Đối với các tiêu chí có chỉ tiêu kế hoạch, cả 7 đơn vị đều đạt và vượt tất cả các chỉ tiêu được giao, "
        "trong đó 2/7 đơn vị vượt tất cả các chỉ tiêu; một số đơn vị đạt cao như Sở Giáo dục và Đào tạo (5/5 chỉ "
        "tiêu vượt kế hoạch); Sở Lao động, Thương binh và Xã hội (5/5 chỉ tiêu vượt kế hoạch); Sở Khoa học và "
        "Công nghệ (4/5 chỉ tiêu vượt kế hoạch)"
    )
    assert starts(text, "Điểm nội dung 2").startswith(
        "Điểm nội dung 2 (tối đa 200 điểm): có 6/7 đơn vị đạt từ 180 đến dưới 190/200 điểm, 1/7 đơn vị đạt từ 150 "
        "đến dưới 160/200 điểm"
    )
    assert "thấp nhất là Sở Văn hóa và Thể thao (150,00 điểm)" in starts(text, "Điểm nội dung 2")
    assert starts(text, "Điểm nội dung 3").endswith(
        "có 4/7 đơn vị đạt từ 80/100 điểm trở lên, 3/7 đơn vị đạt dưới 50/100 điểm."
    )
    assert "cao nhất là Sở Lao động, Thương binh và Xã hội (95,00 điểm)" in starts(text, "Điểm nội dung 3")
    assert starts(text, "Qua chấm điểm") == (
        "Qua chấm điểm, xếp hạng thi đua năm 2017 (thang điểm 1.000 điểm chuẩn): đơn vị dẫn đầu là Sở Lao động, "
        "Thương binh và Xã hội đạt 961,50 điểm; đơn vị đạt hạng nhì là Sở Khoa học và Công nghệ đạt 961,00 điểm; "
        "đơn vị đạt hạng ba là Sở Giáo dục và Đào tạo đạt 940,00 điểm; đơn vị có điểm thấp nhất là Sở Văn hóa và "
        "Thể thao đạt 831,30 điểm."
    )
    # A block's sentences speak of the block, never of a "cụm" or of "huyện".
    assert not any("cụm" in s or "huyện" in s for s in text)
    facts = ConferenceFacts(
        ballots=(
            BallotFact("honour", "Sở Lao động, Thương binh và Xã hội", True, 7, 7),
            BallotFact("leader", "Sở Văn hóa và Thể thao", True),
            BallotFact("deputy", "Sở Lao động, Thương binh và Xã hội", True),
        )
    )
    conference = report_of(KHOI_4, ReportOptions(conference=facts)).conference_sentences
    assert conference == (
        "Hội nghị đã bỏ phiếu suy tôn Sở Lao động, Thương binh và Xã hội là đơn vị dẫn đầu khối năm 2017, đạt 7/7 "
        "phiếu (100,00%).",
        "Hội nghị đã bầu Sở Văn hóa và Thể thao làm Khối trưởng năm 2018.",
        "Hội nghị đã bầu Sở Lao động, Thương binh và Xã hội làm Khối phó năm 2018.",
    )


@pytest.mark.parametrize("name", [GIA_LAI, TAY_NAM_BO, CHAU_THANH, KHOI_4])
@pytest.mark.parametrize("fmt", ["md", "docx", "xlsx", "pdf"])
def test_every_seed_package_renders(name: str, fmt: str) -> None:
    assert render(report_of(name), fmt)  # type: ignore[arg-type]
