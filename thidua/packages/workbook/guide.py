"""The text of the "Hướng dẫn" sheet: what each sheet and column holds, and every rule type with its parameters."""

from __future__ import annotations

from collections.abc import Mapping

from thidua.engine.registry import RULES, TERMS, TypeSpec
from thidua.packages.workbook import v2
from thidua.packages.workbook.layout import (
    BASELINES,
    CLASSIFICATION,
    CRITERIA,
    EXTRAS,
    INFO,
    MEMBERS,
    NOT_APPLICABLE,
    TARGETS,
    VALUES,
)

TITLE = "HƯỚNG DẪN ĐIỀN MẪU BIỂU CHẤM ĐIỂM THI ĐUA CỤM, KHỐI"

# (heading, lines): a heading is written bold, each line in its own row.
GUIDE: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Nguyên tắc chung",
        (
            "Mỗi trang tính là một phần của gói dữ liệu; dòng đầu tiên là tiêu đề cột, không sửa tiêu đề cột.",
            "Số viết kiểu Việt Nam: dấu phẩy trước phần thập phân (67,97), dấu chấm ngăn cách hàng nghìn (1.200); "
            "số gõ là chữ như “1.5” không rõ nghĩa nên bị từ chối, hãy viết 1,5 hoặc 1.500.",
            "Ngày ghi dạng ngày của Excel, hoặc chữ dạng dd/mm/yyyy hay yyyy-mm-dd.",
            "Ô có danh sách chọn (mũi tên) chỉ nhận một giá trị trong danh sách.",
            "Mã tiêu chí, mã đơn vị là chữ: 1.10 khác 1.1, hãy giữ định dạng chữ của cột mã.",
            "Ô để trống nghĩa là chưa có số liệu; đơn vị chưa báo cáo một tiêu chí thì tiêu chí đó được 0 điểm.",
            "Khi nhập tệp, mọi lỗi được liệt kê cùng lúc kèm tên trang tính, số dòng và cột.",
        ),
    ),
    (
        f"Trang “{INFO}”",
        (
            "Năm, mã, tên, loại (cụm hay khối), phạm vi; điểm chuẩn và điểm thưởng tối đa.",
            "Tiêu chí không áp dụng: Quy đổi theo tỷ lệ (điểm đạt × điểm chuẩn / điểm tối đa của các tiêu chí "
            "áp dụng), Tính đủ điểm, hoặc Tính 0 điểm.",
            "Phân định khi bằng điểm, theo thứ tự ghi, cách nhau bởi dấu chấm phẩy: Điểm nội dung 1 cao hơn; "
            "Điểm thưởng cao hơn; Điểm trừ thấp hơn; Điểm chuẩn cao hơn.",
            "Nộp báo cáo trễ: hạn nộp, điểm trừ mỗi ngày trễ và mức trừ tối đa; để trống cả ba nếu không áp dụng.",
            "Căn cứ pháp lý: số hiệu, ngày ban hành và trích yếu của các văn bản quy định.",
        ),
    ),
    (f"Trang “{MEMBERS}”", ("Mỗi dòng một đơn vị: mã (duy nhất), tên, vai trò trong cụm, khối.",)),
    (
        f"Trang “{CRITERIA}”",
        (
            "Mỗi dòng một nội dung hoặc tiêu chí, tiêu chí cha đứng trước tiêu chí con.",
            "Mã cấp trên để trống với nội dung lớn (cấp cao nhất); điểm tối đa của tiêu chí cha bằng tổng "
            "điểm tối đa các tiêu chí con, tổng các nội dung bằng điểm chuẩn.",
            "Tiêu chí cha không có loại quy tắc; tiêu chí lá (không có tiêu chí con) phải có loại quy tắc.",
            "Tham số quy tắc ghi mỗi dòng một tham số dạng “tên: giá trị”; tham số có giá trị mặc định có thể bỏ.",
            "Nguồn chỉ tiêu: Tỉnh giao hoặc Nghị quyết địa phương.",
            "Thưởng vượt chỉ tiêu (chỉ với quy tắc ratio): cứ vượt mỗi bậc (%) được cộng số điểm mỗi bậc, "
            "không quá mức tối đa.",
        ),
    ),
    (
        "Các loại quy tắc chấm điểm và tham số",
        (
            "ratio: điểm theo tỷ lệ thực hiện/chỉ tiêu. direction: higher (càng cao càng tốt) hoặc lower "
            "(tai nạn, hộ nghèo… càng thấp càng tốt); below: proportional (dưới chỉ tiêu tính theo tỷ lệ) "
            "hoặc zero (dưới chỉ tiêu được 0); floor_ratio: tỷ lệ dưới mức này được 0 điểm (mặc định 0).",
            "threshold: đạt ngưỡng được đủ điểm, không đạt được else_points. op: >=, >, <=, <, ==; value: "
            "ngưỡng; against: value (so thực hiện với ngưỡng), target (so với chỉ tiêu), target_percent "
            "(so % thực hiện/chỉ tiêu với ngưỡng).",
            "bands: điểm theo mức. input: actual (số thực hiện) hoặc target_percent (% chỉ tiêu); bands: các "
            "mức {min: từ, points: điểm} hoặc {min: từ, fraction: tỷ lệ của điểm tối đa}.",
            "rating: điểm theo xếp loại. levels: mỗi dòng “Tên xếp loại: {fraction: 0.8}” hoặc "
            "“Tên xếp loại: {points: 40}”; tên có dấu phẩy hay dấu hai chấm thì đặt trong ngoặc kép.",
            "assessed: điểm do cơ quan thẩm định chấm trực tiếp, từ 0 đến điểm tối đa; không có tham số.",
            "count: mỗi đơn vị đếm được each điểm, không quá điểm tối đa.",
            "boolean: Có được đủ điểm, Không được else_points (mặc định 0).",
            "change: so với năm trước. direction: lower (giảm là tốt) hoặc higher; same: tỷ lệ điểm khi "
            "bằng năm trước (mặc định 0.5); worse: tỷ lệ điểm khi kém hơn (mặc định 0).",
            "relative: đơn vị tốt nhất được đủ điểm, đơn vị khác theo tỷ lệ so với đơn vị tốt nhất. "
            "direction: higher hoặc lower; of: actual (số thực hiện) hoặc ratio (tỷ lệ thực hiện/chỉ tiêu).",
            "rank: điểm theo thứ hạng trong cụm. points_by_rank: [10, 8, 6, 4, 2]; direction; of.",
        ),
    ),
    (
        f"Trang “{CLASSIFICATION}”",
        (
            "Xếp loại theo tổng điểm: tên xếp loại và mức điểm từ.",
            "Đề nghị khen thưởng: hạng, hình thức khen thưởng, tổng điểm tối thiểu (nếu có).",
            "Mục điểm thưởng: mã, nội dung, số điểm được cộng.",
        ),
    ),
    (
        f"Trang “{TARGETS}”, “{VALUES}”, “{BASELINES}”",
        (
            "Mỗi dòng một tiêu chí, mỗi cột một đơn vị (tiêu đề cột là mã đơn vị, dòng dưới là tên).",
            f"{TARGETS}: chỉ tiêu được giao; để trống nếu không giao chỉ tiêu (tiêu chí không áp dụng).",
            f"{VALUES}: số thực hiện; với tiêu chí xếp loại chọn tên xếp loại, với tiêu chí Có/Không chọn "
            "Có hoặc Không; cột “Cách nhập” cho biết cần nhập gì.",
            f"{BASELINES}: số liệu năm trước của các tiêu chí so sánh với năm trước.",
        ),
    ),
    (
        f"Trang “{NOT_APPLICABLE}”",
        ("Chọn Có ở ô của tiêu chí không áp dụng cho đơn vị; để trống là có áp dụng.",),
    ),
    (
        f"Trang “{EXTRAS}”",
        (
            "Điểm thưởng đạt được: chọn Có ở ô của mục thưởng mà đơn vị đạt được.",
            "Điểm trừ: mã đơn vị, số điểm trừ, lý do, mã tiêu chí liên quan (nếu có).",
            "Không xét thi đua: mã đơn vị và lý do (đơn vị vẫn được chấm điểm nhưng không xếp hạng, "
            "không đề nghị khen thưởng).",
            "Ngày nộp báo cáo năm: để tính điểm trừ nộp trễ.",
        ),
    ),
)


def _types(specs: Mapping[str, TypeSpec]) -> tuple[str, ...]:
    """Each type by its Vietnamese name with its settings' names, from the engine's registry."""
    return tuple(
        f"{spec.label}: " + (", ".join(param.label for param in spec.params) or "không có tham số") + "."
        for spec in specs.values()
    )


# Written after GUIDE in a workbook of format 2 (thidua.packages.workbook.v2).
GUIDE_2: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        f"Trang “{v2.SHEET}” (định dạng 2)",
        (
            "Mỗi dòng một thiết lập của một tiêu chí: mã tiêu chí, mục (các tên nối bằng dấu ›, từ chung đến "
            "riêng) và giá trị. Ví dụ: “Điểm trừ › Cách tính › 1 › Điểm mỗi trường hợp” = 0,5.",
            "Điểm chuẩn, Điểm cộng, Điểm trừ là ba phần của tiêu chí; mỗi phần có Tối đa và các Cách tính "
            "đánh số 1, 2, 3…; Điểm trừ có thể ghi Trừ đến: Hết điểm của tiêu chí hoặc Trừ cả vào điểm của nội dung.",
            "Khoảng ghi bằng Trên (>), Từ (≥), Dưới (<), Đến (≤) hoặc Là (đúng bằng): “từ 95% đến dưới 100%” là "
            "Từ = 95 và Dưới = 100.",
            "Các số liệu của tiêu chí: mã số liệu, Kiểu (Số, Số lượng, Tỷ lệ, Có/không, Chọn trong danh sách), "
            "Diễn giải và Mặc định khi không báo cáo.",
            "Ô có mũi tên chọn giá trị trong danh sách; nhập mã gốc cũng được chấp nhận.",
        ),
    ),
    ("Các loại quy tắc của Điểm chuẩn", _types(RULES)),
    ("Các cách tính của Điểm cộng, Điểm trừ", _types(TERMS)),
    (
        f"Trang “{v2.FACT_VALUES}”, “{v2.ATTRIBUTES}”",
        (
            f"{v2.FACT_VALUES}: mỗi dòng một số liệu của một đơn vị ở tiêu chí có nhiều số liệu; chỉ ghi mã tiêu "
            "chí và mã đơn vị (bỏ trống mã số liệu và giá trị) nghĩa là đơn vị đã báo cáo, mọi số liệu lấy mặc định.",
            f"{v2.ATTRIBUTES}: thuộc tính của đơn vị dùng để chọn thang điểm (ví dụ loại đơn vị, miền núi).",
        ),
    ),
    (
        f"Trang “{EXTRAS}” (định dạng 2)",
        (
            "Mục thưởng chấm từ 0 đến một mức hoặc theo số lần: ghi số điểm hoặc số lần ở ô của đơn vị.",
            "Không xét thi đua: Tác dụng là Không xếp hạng, không đề nghị khen thưởng và/hoặc Không xếp loại "
            "(cách nhau bởi dấu ;), hoặc Chỉ trừ điểm; Điểm trừ thêm nếu quy định trừ điểm.",
            "Điểm thống nhất: đơn vị, tiêu chí, số điểm Đoàn thẩm định, cụm trưởng hoặc Hội đồng thống nhất, "
            "lý do và người, cơ quan thống nhất; điểm tính theo quy tắc vẫn được giữ bên cạnh.",
        ),
    ),
)
