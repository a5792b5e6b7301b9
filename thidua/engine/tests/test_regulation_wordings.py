"""Issue 11: each wording real regulations write, encoded in thidua.package/2 and scored (one test per item)."""

from __future__ import annotations

from decimal import Decimal

from thidua.engine.tests.v2 import D, line, node, package, problems, scored
from thidua.packages.results_json import results_document

A1 = """
- code: a1
  title: Chấp hành kỷ luật, kỷ cương hành chính
  max: 3
  facts: {vi_pham: {kind: count, label: Số trường hợp vi phạm, default: 0}}
  standard: {type: fixed}
  deduction:
    cap: 1.5
    terms:
      - {type: per_case, fact: vi_pham, points: 0.5, label: Mỗi trường hợp vi phạm}
"""


def test_it_scores_three_parts_with_their_own_caps_item_1() -> None:
    """ "Mỗi trường hợp … trừ 0,5 điểm … Tổng điểm trừ của mục a1 không quá 1,5 điểm" on a 3-point item:
    3 − min(1,5; 0,5 × số trường hợp)."""
    result = scored(A1, "values: {a1: {D1: {vi_pham: 2}, D2: {vi_pham: 5}, D3: {vi_pham: 0}}}")
    assert line(result, "D1", "a1") == ("3.00", "0.00", "1.00")
    assert line(result, "D2", "a1") == ("3.00", "0.00", "1.50")
    assert line(result, "D3", "a1") == ("3.00", "0.00", "0.00")
    assert node(result, "D1", "a1").explanation.endswith(
        "Điểm tiêu chí: chuẩn 3,00 − min(1,50; 0,50 × 2 trường hợp) = 2,00"
    )
    assert result.unit("D2").total == D("1.50")


def test_it_stops_a_deduction_at_the_item_or_lets_it_reach_into_the_section_item_1() -> None:
    """ "Khiển trách −1; Cảnh cáo trở lên −2" on a 1-point item: with `floor: section` the 2 points reach into
    the section; with `floor: item` the item stops at 0."""
    criteria = """
    - code: k
      title: Kỷ luật cán bộ
      max: 1
      facts: {canh_cao: {kind: yes_no, label: Cảnh cáo trở lên, default: false}}
      standard: {type: fixed}
      deduction: {floor: FLOOR, terms: [{type: flag, fact: canh_cao, points: 2, label: Cảnh cáo trở lên}]}
    - {code: x, title: Tiêu chí khác, max: 5, standard: {type: fixed}}
    """
    data = "values: {k: {D1: {canh_cao: true}}, x: {D1: 1}}"
    reaching = scored(criteria.replace("FLOOR", "section"), data, units=("D1",))
    assert line(reaching, "D1", "k") == ("1.00", "0.00", "2.00")
    assert node(reaching, "D1", "k").net == D("-1.00")
    assert reaching.unit("D1").total == D("4.00")
    stopping = scored(criteria.replace("FLOOR", "item"), data, units=("D1",))
    assert line(stopping, "D1", "k") == ("1.00", "0.00", "1.00")
    assert "chỉ trừ đến 0 của tiêu chí" in node(stopping, "D1", "k").explanation
    assert stopping.unit("D1").total == D("5.00")


def test_it_reads_several_facts_per_criterion_each_on_its_own_item_2() -> None:
    """Numbers of cases of each kind, late reports, a rate and a volume, yes/no facts — each reported and checked."""
    criteria = """
    - code: c
      title: Chế độ báo cáo
      max: 2
      facts:
        ty_le: {kind: percent, label: Tỷ lệ báo cáo đúng hạn}
        tre: {kind: count, label: Số báo cáo trễ}
        co_ke_hoach: {kind: yes_no, label: Có kế hoạch}
      standard: {type: threshold, op: ">=", value: 90, fact: ty_le}
      deduction: {terms: [{type: per_case, fact: tre, points: 0.25}, {type: flag, fact: co_ke_hoach, is: false, points: 0.5}]}
    """
    result = scored(
        criteria,
        "values: {c: {D1: {ty_le: 95, tre: 2, co_ke_hoach: false}, D2: {ty_le: 80, tre: 0, co_ke_hoach: true}}}",
    )
    assert line(result, "D1", "c") == ("2.00", "0.00", "1.00")
    assert line(result, "D2", "c") == ("0.00", "0.00", "0.00")
    assert node(result, "D3", "c").status == "missing"
    assert result.unit("D3").missing == ("c",)
    found = problems(criteria, "values: {c: {D1: {ty_le: 95, tre: 1.5, co_ke_hoach: 1, khac: 2}}}")
    assert problems(criteria, "values: {c: {D1: 95}}") == [
        "values.c.D1: tiêu chí c có các số liệu ty_le, tre, co_ke_hoach: ghi {tên số liệu: giá trị}, không ghi một "
        "giá trị đơn"
    ]
    assert found == [
        "values.c.D1.tre: số trường hợp phải là số nguyên không âm, đang là 1,5",
        "values.c.D1.co_ke_hoach: phải là true hoặc false, đang là “1”",
        "values.c.D1.khac: tiêu chí c không có số liệu “khac”; có: co_ke_hoach, tre, ty_le",
    ]


def test_it_makes_several_rates_share_one_cap_item_3() -> None:
    """ "trừ 1 điểm … trừ 0,5 điểm … Tổng điểm trừ của mục a2 không quá 2 điểm"."""
    criteria = """
    - code: a2
      title: Công tác tiếp công dân
      max: 4
      facts:
        don_qua_han: {kind: count, label: Đơn quá hạn, default: 0}
        don_trung: {kind: count, label: Đơn trùng lặp chưa xử lý, default: 0}
      standard: {type: fixed}
      deduction:
        cap: 2
        terms:
          - {type: per_case, fact: don_qua_han, points: 1}
          - {type: per_case, fact: don_trung, points: 0.5}
    """
    result = scored(
        criteria,
        "values: {a2: {D1: {don_qua_han: 1, don_trung: 1}, D2: {don_qua_han: 2, don_trung: 3}, D3: {}}}",
    )
    assert line(result, "D1", "a2") == ("4.00", "0.00", "1.50")
    assert line(result, "D2", "a2") == ("4.00", "0.00", "2.00")
    assert node(result, "D2", "a2").explanation.endswith(
        "chuẩn 4,00 − min(2,00; 1,00 × 2 trường hợp + 0,50 × 3 trường hợp) = 2,00"
    )
    assert line(result, "D3", "a2") == ("4.00", "0.00", "0.00")


def test_it_adds_per_case_bonuses_with_a_cap_item_4() -> None:
    """ "+1 điểm mỗi trường hợp", "+0,5 điểm/giếng, tối đa 1 điểm", "0,2 điểm/lần, không quá 1 điểm",
    "+0,1 điểm cho 01 báo cáo"."""
    criteria = """
    - code: b
      title: Nước sạch nông thôn
      max: 2
      facts:
        khen: {kind: count, default: 0}
        gieng: {kind: count, default: 0}
        lan: {kind: count, default: 0}
        bao_cao: {kind: count, default: 0}
      standard: {type: fixed}
      bonus:
        terms:
          - {type: per_case, fact: khen, points: 1}
          - {type: per_case, fact: gieng, points: 0.5, cap: 1}
          - {type: per_case, fact: lan, points: 0.2, cap: 1}
          - {type: per_case, fact: bao_cao, points: 0.1}
    """
    result = scored(
        criteria, "values: {b: {D1: {khen: 2, gieng: 3, lan: 4, bao_cao: 3}, D2: {gieng: 1, lan: 9}, D3: {}}}"
    )
    assert line(result, "D1", "b") == ("2.00", "4.10", "0.00")  # 2 + min(1; 1,5) + min(1; 0,8) + 0,3
    assert line(result, "D2", "b") == ("2.00", "1.50", "0.00")
    assert line(result, "D3", "b") == ("2.00", "0.00", "0.00")
    assert result.unit("D1").bonus == D("4.10")  # version 2 without bonus_cap: no cap


def test_it_counts_steps_in_percentage_points_on_any_rule_item_5() -> None:
    """ "trên 92% được + 0,1 điểm (luỹ kế cứ tăng 1% được cộng 0,1 điểm nhưng không quá 0,5 điểm)", on a
    threshold criterion; and "cứ vượt 1% kế hoạch cộng 0,5 điểm, tối đa 5" in percent of plan."""
    criteria = """
    - code: t
      title: Tỷ lệ hồ sơ đúng hạn
      max: 2
      unit_of_measure: "%"
      standard: {type: threshold, op: ">=", value: 90}
      bonus:
        terms:
          - {type: steps, measure: value, side: above, start: 92, step: 1, points: 0.1, counting: started, cap: 0.5}
    - code: r
      title: Thu ngân sách
      max: 10
      standard: {type: ratio}
      bonus: {terms: [{type: steps, measure: percent_of_plan, side: above, start: 100, step: 1, points: 0.5, cap: 5}]}
    """
    result = scored(
        criteria,
        """
        targets: {r: {D1: 100, D2: 100, D3: 40.5}}
        values: {t: {D1: 92, D2: 92.5, D3: 93}, r: {D1: 101.9, D2: 120, D3: 45}}
        """,
    )
    assert [line(result, u, "t")[1] for u in ("D1", "D2", "D3")] == ["0.00", "0.10", "0.20"]
    assert [line(result, u, "r")[1] for u in ("D1", "D2", "D3")] == ["0.50", "5.00", "5.00"]
    assert "93%, trên mốc 92 mỗi 1: min(0,50; 2 bước × 0,10) = 0,20" in node(result, "D3", "t").explanation
    high = scored(criteria, "targets: {r: {D1: 1}}\nvalues: {t: {D1: 99}, r: {D1: 1}}", units=("D1",))
    assert line(high, "D1", "t")[1] == "0.50"


TIERS = """
- code: k
  title: Thực hiện kế hoạch thu
  max: 5
  standard: {type: fixed}
  bonus:
    terms:
      - type: tiers
        measure: percent_of_plan
        tiers:
          - {below: 95, points: -2}
          - {from: 95, below: 100, points: -1}
          - {above: 100, below: 120, points: 1}
          - {from: 120, points: 2}
"""


def test_it_adds_or_takes_away_by_tiers_item_6() -> None:
    """ "Thực hiện không đạt kế hoạch dưới 95%: −2; từ 95% đến dưới 100%: −1; vượt kế hoạch dưới 20%: +1; từ 20%
    trở lên: +2"."""
    units = ("D1", "D2", "D3", "D4", "D5")
    result = scored(
        TIERS,
        """
        targets: {k: {D1: 100, D2: 100, D3: 100, D4: 100, D5: 100}}
        values: {k: {D1: 90, D2: 97, D3: 100, D4: 110, D5: 125}}
        """,
        units=units,
    )
    assert [node(result, u, "k").net for u in units] == [
        D("3.00"),
        D("4.00"),
        D("5.00"),
        D("6.00"),
        D("7.00"),
    ]
    assert "90,00% kế hoạch, mức dưới 95% → −2,00" in node(result, "D1", "k").explanation


def test_it_keeps_strict_and_inclusive_bounds_as_written_item_7() -> None:
    """ "trên 98%", "từ 97% đến dưới 98%", "dưới 95%", "từ … trở lên": on the bound itself."""
    units = ("D1", "D2", "D3", "D4")
    result = scored(
        TIERS,
        "targets: {k: {D1: 100, D2: 100, D3: 100, D4: 100}}\nvalues: {k: {D1: 95, D2: 100, D3: 120, D4: 94.99}}",
        units=units,
    )
    # 95 is "từ 95" (−1), 100 is neither "dưới 100" nor "trên 100" (0), 120 is "từ 120" (+2).
    assert [node(result, u, "k").net for u in units] == [D("4.00"), D("5.00"), D("7.00"), D("3.00")]
    assert problems(TIERS.replace("{below: 95, points: -2}", "{below: 95, to: 94, points: -2}")) == [
        "framework.sections[0].children[0] (k).bonus.terms[0].tiers[0]: chỉ ghi một cận trên: below (dưới) hoặc to (đến)"
    ]


def test_it_gives_no_target_its_meaning_per_criterion_and_warns_item_8() -> None:
    """Not applicable, a failure ("Không xây dựng hoặc không thực hiện kế hoạch hằng năm: −3"), or among units without
    a target against the best of them ("thực hiện / thực hiện cao nhất trong nhóm không giao chỉ tiêu × điểm tối
    đa"); validate warns for every member without a target."""
    criteria = """
    - {code: na, title: Không áp dụng, max: 4, standard: {type: ratio}}
    - {code: ke_hoach, title: Kế hoạch hằng năm, max: 3, standard: {type: ratio}, no_target: {points: -3}}
    - {code: nhom, title: Sản phẩm OCOP, max: 6, standard: {type: ratio}, no_target: best_of_untargeted}
    - {code: khac, title: Tiêu chí khác, max: 5, standard: {type: fixed}}
    """
    data = """
    targets: {na: {D1: 10}, ke_hoach: {D1: 10}, nhom: {D1: 10}}
    values: {na: {D1: 10, D2: 8}, ke_hoach: {D1: 10, D2: 8}, nhom: {D1: 10, D2: 8, D3: 12}, khac: {D1: 1, D2: 1, D3: 1}}
    """
    built = package(criteria, data)
    result = built.score()
    assert node(result, "D2", "na").status == "not_applicable"
    assert line(result, "D2", "ke_hoach") == ("0.00", "0.00", "3.00")
    assert line(result, "D2", "nhom") == ("4.00", "0.00", "0.00")  # 6 × 8/12
    assert line(result, "D3", "nhom") == ("6.00", "0.00", "0.00")
    assert (
        "trong nhóm không giao chỉ tiêu (12) → 6 × 8/12 = 4,00/6 điểm"
        in node(result, "D2", "nhom").explanation
    )
    warnings = [str(w) for w in built.warnings()]
    assert warnings[0] == (
        "targets.na.D2: đơn vị D2 (Đơn vị D2) chưa được giao chỉ tiêu tiêu chí na (Không áp dụng): "
        "tiêu chí sẽ không áp dụng cho đơn vị"
    )
    assert len(warnings) == 6


def test_it_warns_for_missing_targets_in_a_version_1_package_too_item_8() -> None:
    """The same warning for version 1: a target-based criterion silently became "không áp dụng"."""
    from pathlib import Path

    from thidua.packages import load

    example = load(Path(__file__).resolve().parents[3].parent / "shared" / "examples" / "cum-mau-2026.yaml")
    assert all(w.message.startswith("đơn vị ") for w in example.warnings())
    marked = example.inputs.not_applicable
    for warning in example.warnings():
        _, code, unit = warning.place.split(".", 2)[0], *warning.place.split(".")[1:3]
        assert unit not in marked.get(code, frozenset())


def test_it_scores_relative_to_the_leading_unit_item_9() -> None:
    """Below target 0,5 × điểm tối đa × A/T; at target 0,5 × điểm tối đa; the unit exceeding by the most gets the
    full points; another exceeding unit 0,5 × max + (its excess % / the leader's excess %) × 0,5 × max."""
    criteria = "- {code: v, title: Vượt thu, max: 10, standard: {type: relative_to_leader}}"
    units = ("D1", "D2", "D3", "D4")
    result = scored(
        criteria,
        "targets: {v: {D1: 100, D2: 100, D3: 100, D4: 100}}\nvalues: {v: {D1: 80, D2: 100, D3: 140, D4: 110}}",
        units=units,
    )
    assert [node(result, u, "v").points for u in units] == [D("4.00"), D("5.00"), D("10.00"), D("6.25")]
    assert "0,5 × 10 + 10,00%/40,00% × 0,5 × 10 = 6,25" in node(result, "D4", "v").explanation


def test_it_chooses_a_scale_by_a_fact_or_an_attribute_item_10() -> None:
    """ "dưới 1000 hồ sơ / từ 1000 đến dưới 2000 / từ 2000 hồ sơ trở lên", each with its own tables; members carry
    attributes (miền núi…)."""
    criteria = """
    - code: hs
      title: Giải quyết hồ sơ
      max: 3
      facts: {ho_so: {kind: count}, tre: {kind: count, default: 0}}
      standard: {type: fixed}
      scales:
        by: {fact: ho_so}
        choices:
          - {label: Dưới 1.000 hồ sơ, below: 1000, deduction: {terms: [{type: per_case, fact: tre, points: 0.5}]}}
          - {label: Từ 1.000 đến dưới 2.000 hồ sơ, from: 1000, below: 2000, deduction: {terms: [{type: per_case, fact: tre, points: 0.2}]}}
          - {label: Từ 2.000 hồ sơ trở lên, from: 2000, deduction: {terms: [{type: per_case, fact: tre, points: 0.1}]}}
    - code: mn
      title: Hỗ trợ vùng khó khăn
      max: 2
      standard: {type: fixed}
      scales:
        by: {attribute: mien_nui}
        choices:
          - {is: true, bonus: {terms: [{type: per_case, fact: value, points: 0.5}]}}
    """
    members = [
        {"code": "D1", "name": "Xã A", "attributes": {"mien_nui": True}},
        {"code": "D2", "name": "Xã B", "attributes": {"mien_nui": False}},
        {"code": "D3", "name": "Xã C"},
    ]
    result = scored(
        criteria,
        "values: {hs: {D1: {ho_so: 999, tre: 2}, D2: {ho_so: 1000, tre: 2}, D3: {ho_so: 2000, tre: 2}}, "
        "mn: {D1: 2, D2: 2, D3: 2}}",
        members=members,
    )
    assert [line(result, u, "hs")[2] for u in ("D1", "D2", "D3")] == ["1.00", "0.40", "0.20"]
    assert "Áp dụng bảng điểm “Từ 1.000 đến dưới 2.000 hồ sơ”" in node(result, "D2", "hs").explanation
    assert [line(result, u, "mn")[1] for u in ("D1", "D2", "D3")] == ["1.00", "0.00", "0.00"]


def test_it_caps_a_group_item_11() -> None:
    """ "Tổng điểm trừ của mục a4 không quá 2 điểm (không liên quan đến điểm cộng)"; "Điểm trừ, cộng tối đa đối
    với d2 không quá 7 điểm"."""
    child = """
      - code: {code}
        title: Tiêu chí {code}
        max: 2
        facts: {{n: {{kind: count, default: 0}}, m: {{kind: count, default: 0}}}}
        standard: {{type: fixed}}
        bonus: {{terms: [{{type: per_case, fact: m, points: 1}}]}}
        deduction: {{floor: section, terms: [{{type: per_case, fact: n, points: 1}}]}}"""
    criteria = f"""
    - code: a4
      title: Cải cách hành chính
      max: 4
      caps: {{deduction: 2}}
      children:{child.format(code="a4.1")}{child.format(code="a4.2")}
    - code: d2
      title: Chuyển đổi số
      max: 4
      caps: {{bonus_and_deduction: 7}}
      children:{child.format(code="d2.1")}{child.format(code="d2.2")}
    """
    result = scored(
        criteria,
        "values: {a4.1: {D1: {n: 2, m: 1}}, a4.2: {D1: {n: 1, m: 1}}, d2.1: {D1: {m: 5, n: 4}}, d2.2: {D1: {m: 4, n: 4}}}",
        units=("D1",),
    )
    unit = result.unit("D1")
    assert unit.nodes["a4"].deduction == D("2.00")
    assert unit.nodes["a4"].bonus == D("2.00")  # the deduction cap does not touch the bonus
    assert unit.nodes["d2"].bonus == D("7.00")
    assert unit.nodes["d2"].deduction == D("7.00")
    assert unit.bonus == D("9.00")
    assert unit.deductions == D("9.00")
    assert any(
        "Điểm trừ của mục a4 (Cải cách hành chính) không quá 2 điểm" in e.reason
        for e in unit.deduction_entries
    )


def test_it_applies_exclusive_conditional_and_waived_points_item_12() -> None:
    """ "cộng điểm đối với 01 trong 02 trường hợp"; "(không có hồ sơ trễ hạn)"; "không áp dụng đối với tỷ lệ trước
    hạn dưới 1%"; "nếu đơn vị chủ động phát hiện và xử lý … không trừ điểm"."""
    criteria = """
    - code: e
      title: Giải quyết thủ tục hành chính
      max: 3
      facts:
        giai_nhat: {kind: yes_no, default: false}
        giai_nhi: {kind: yes_no, default: false}
        dung_han: {kind: yes_no, default: false}
        tre: {kind: count, default: 0}
        truoc_han: {kind: percent, default: 0}
        vi_pham: {kind: count, default: 0}
        tu_xu_ly: {kind: yes_no, default: false}
      standard: {type: fixed}
      bonus:
        terms:
          - {type: flag, fact: giai_nhat, points: 1, group: giai}
          - {type: flag, fact: giai_nhi, points: 0.5, group: giai}
          - {type: flag, fact: dung_han, points: 0.5, when: {fact: tre, is: 0}}
          - {type: steps, fact: truoc_han, side: above, start: 0, inclusive: true, step: 1, points: 0.1, unless: {fact: truoc_han, below: 1}}
      deduction:
        terms:
          - {type: per_case, fact: vi_pham, points: 1, unless: {fact: tu_xu_ly, is: true}}
    """
    result = scored(
        criteria,
        """
        values:
          e:
            D1: {giai_nhat: true, giai_nhi: true, dung_han: true, tre: 0, truoc_han: 2.5, vi_pham: 1, tu_xu_ly: true}
            D2: {giai_nhi: true, dung_han: true, tre: 1, truoc_han: 0.5, vi_pham: 1}
        """,
        units=("D1", "D2"),
    )
    assert line(result, "D1", "e") == ("3.00", "1.70", "0.00")  # 1 (only one prize) + 0,5 + 2 × 0,1
    assert line(result, "D2", "e") == ("3.00", "0.50", "1.00")
    text = node(result, "D1", "e").explanation
    assert "không tính (chỉ tính một mục của nhóm “giai”)" in text
    assert "không áp dụng (vi_pham" not in text and "không áp dụng (tu_xu_ly = có, điều kiện bằng có)" in text


def test_it_scores_bonus_items_with_an_amount_per_case_and_attached_item_13() -> None:
    """Bonus items "0 đến 2 điểm", per case, attached to a criterion ("Điểm chuẩn 3,5; cộng 2; thống nhất đạt 5,5");
    no framework cap when absent; listing a unit twice for a yes/no item is an error."""
    criteria = "- {code: b3, title: Dịch vụ công, max: 3.5, standard: {type: fixed}}"
    items = [
        {"code": "sang_kien", "title": "Sáng kiến", "max": D(2)},
        {"code": "bai", "title": "Bài viết", "per_case": D("0.2"), "cap": D(1)},
        {"code": "dvc", "title": "Dịch vụ công toàn trình", "points": D(2), "node": "b3"},
    ]
    data = (
        "values: {b3: {D1: 1, D2: 1}}\nbonus_awarded: {sang_kien: {D1: 1.5}, bai: {D1: 7, D2: 2}, dvc: [D2]}"
    )
    result = scored(criteria, data, units=("D1", "D2"), bonus_items=items)
    assert result.unit("D1").bonus == D("2.50")
    assert node(result, "D2", "b3").net == D("5.50")
    assert node(result, "D2", "b3").explanation.endswith("chuẩn 3,50 + 2,00 = 5,50")
    assert result.unit("D2").bonus == D("2.40")
    assert problems(criteria, "bonus_awarded: {dvc: [D1, D1]}", units=("D1",), bonus_items=items) == [
        "bonus_awarded.dvc[1]: đơn vị D1 được liệt kê hai lần"
    ]
    assert problems(criteria, "bonus_awarded: {sang_kien: {D1: 3}}", units=("D1",), bonus_items=items) == [
        "bonus_awarded.sang_kien.D1: điểm cho 3 nằm ngoài khoảng 0…2"
    ]


def test_it_refuses_a_unit_listed_twice_in_a_version_1_package_item_13() -> None:
    from thidua.packages import PackageError, load_text

    text = (
        __import__("pathlib").Path(__file__).resolve().parents[3].parent
        / "shared"
        / "examples"
        / "cum-mau-2026.yaml"
    ).read_text(encoding="utf-8")
    awarded = text[text.index("bonus_awarded:") :].split("\n")[1]
    code, units = awarded.strip().split(":", 1)
    first = units.strip().strip("[]").split(",")[0].strip()
    doubled = text.replace(awarded, f"  {code}: [{first}, {first}]")
    try:
        load_text(doubled)
    except PackageError as exc:
        assert f"bonus_awarded.{code}[1]: đơn vị {first} được liệt kê hai lần" in [
            str(p) for p in exc.problems
        ]
    else:
        raise AssertionError("a unit listed twice was accepted")


def test_it_applies_what_each_veto_does_item_14() -> None:
    """Out of the ranking and honours; "không xếp loại" (no band); a fixed deduction."""
    criteria = "- {code: x, title: Tiêu chí, max: 100, standard: {type: fixed}}"
    data = """
    values: {x: {D1: 1, D2: 1, D3: 1}}
    vetoes:
      - {unit: D1, reason: Để xảy ra vụ việc tham nhũng}
      - {unit: D2, reason: Có cán bộ bị kỷ luật cảnh cáo, effects: [no_band]}
      - {unit: D3, reason: Chậm nộp hồ sơ thi đua, effects: [], deduct: 5}
    """
    result = scored(criteria, data, bands=[{"label": "Xuất sắc", "min": D(90)}])
    d1, d2, d3 = result.unit("D1"), result.unit("D2"), result.unit("D3")
    assert (d1.rank, d1.band, d1.vetoed) == (None, "Xuất sắc", "Để xảy ra vụ việc tham nhũng")
    assert (d2.rank, d2.band, d2.unbanded) == (1, None, "Có cán bộ bị kỷ luật cảnh cáo")
    assert (d3.rank, d3.band, d3.total) == (2, "Xuất sắc", D("95.00"))
    assert "Không xếp loại: Có cán bộ bị kỷ luật cảnh cáo." in d2.explanation


def test_it_keeps_computed_points_beside_agreed_ones_item_15() -> None:
    """ "Tổng số điểm Đoàn thẩm định thống nhất … là 118,4 điểm", where the rules give 115,7."""
    data = """
    values: {a1: {D1: {vi_pham: 3}}}
    agreed: [{unit: D1, node: a1, points: 2.5, reason: Một trường hợp đã được xử lý trước khi kiểm tra, by: Đoàn thẩm định}]
    """
    result = scored(A1, data, units=("D1",))
    found = node(result, "D1", "a1")
    assert found.net == D("2.50")
    assert found.detail is not None and found.detail.computed == D("1.50")
    assert found.explanation.endswith(
        "chuẩn 3,00 − min(1,50; 0,50 × 3 trường hợp) = 1,50. Đoàn thẩm định thống nhất 2,50 điểm (tính theo quy "
        "định 1,50): Một trường hợp đã được xử lý trước khi kiểm tra"
    )
    assert result.unit("D1").total == D("2.50")
    assert problems(
        A1,
        data.replace("by: Đoàn thẩm định", "by: Đoàn thẩm định, node: b9").replace(", node: a1", ""),
        units=("D1",),
    )


def test_it_puts_computed_and_agreed_points_in_the_results_document_item_16() -> None:
    """ "Tự chấm / Cụm chấm / Điểm duyệt": the engine's side is the computed line and the agreed one, both kept."""
    built = package(
        A1,
        "values: {a1: {D1: {vi_pham: 3}}}\nagreed: [{unit: D1, node: a1, points: 2.5, reason: Đối chiếu lại, by: Hội đồng}]",
        units=("D1",),
    )
    document = results_document(built, built.score())
    criterion = document["units"][0]["nodes"]["a1"]
    assert criterion["computed"] == "1.50"
    assert criterion["agreed"] == {"points": "2.50", "reason": "Đối chiếu lại", "by": "Hội đồng"}
    assert criterion["facts"] == {"vi_pham": "3"}
    assert (criterion["points"], criterion["bonus"], criterion["deduction"], criterion["net"]) == (
        "2.50",
        "0.00",
        "0.00",
        "2.50",
    )


def test_it_computes_a_formula_with_cluster_figures_item_17() -> None:
    """Arithmetic over the criterion's facts, its target and the cluster's figures, with min, max, if, rounding."""
    criteria = """
    - code: f
      title: Chỉ số tổng hợp
      max: 10
      facts: {a: {kind: number}, b: {kind: number}}
      standard:
        type: formula
        expression: "round(min(max, max * a / cluster_max('a') + if(b >= target, 1, 0)), 1)"
    """
    result = scored(
        criteria,
        "targets: {f: {D1: 5, D2: 5, D3: 5}}\nvalues: {f: {D1: {a: 30, b: 6}, D2: {a: 45, b: 4}, D3: {a: 10, b: 5}}}",
    )
    assert [node(result, u, "f").points for u in ("D1", "D2", "D3")] == [D("7.70"), D("10.00"), D("3.20")]
    assert (
        "Công thức round(min(max, max * a / cluster_max('a') + if(b >= target, 1, 0)), 1) với max = 10; a = 30; "
        "cluster_max(a) = 45; b = 6; target = 5 → 7,70"
    ) in node(result, "D1", "f").explanation
    assert problems(criteria.replace("cluster_max('a')", "__import__('os')")) == [
        "framework.sections[0].children[0] (f).standard.expression: công thức “round(min(max, max * a / "
        "__import__('os') + if(b >= target, 1, 0)), 1)” dùng hàm “__import__” không có; cho phép: min, max, if, "
        "round, floor, abs, cluster_max, cluster_min, cluster_mean, leader"
    ]


def test_it_never_sums_a_rate_across_units_item_18() -> None:
    """ "cụm đạt 94,44% kế hoạch" for a poverty rate: a % criterion says the average and the count reaching target."""
    from thidua.packages.table import results_table

    criteria = "- {code: ngheo, title: Tỷ lệ hộ nghèo, max: 5, unit_of_measure: '%', standard: {type: ratio, direction: lower}}"
    built = package(
        criteria, "targets: {ngheo: {D1: 2, D2: 2, D3: 2}}\nvalues: {ngheo: {D1: 1.5, D2: 2.5, D3: 1.8}}"
    )
    result = built.score()
    stats = result.statistics.criteria["ngheo"]
    assert (stats.is_rate, stats.mean_actual, stats.reached, stats.reported) == (True, D("1.93"), 2, 3)
    table = results_table(built, result)
    assert "ngheo Tỷ lệ hộ nghèo: bình quân 1,93%; 2/3 đơn vị đạt chỉ tiêu" in table
    assert "cụm đạt" not in table


def test_it_refuses_a_decimal_comma_item_19() -> None:
    """`{U1: 0,5}` in YAML gave U1 0 points with no error."""
    from thidua.packages import PackageError, load_text

    criteria = "- {code: c, title: Điểm chấm, max: 1, standard: {type: assessed}}"
    assert problems(criteria, "values: {c: {D1: 0,5}}", units=("D1",)) == [
        "values.c.D1: “0,5” có dấu phẩy thập phân; hãy viết dấu chấm (0.5)"
    ]
    assert problems(criteria, "values: {c: {D1: '0,5'}}", units=("D1",)) == [
        "values.c.D1: “0,5” có dấu phẩy thập phân; hãy viết dấu chấm (0.5)"
    ]
    v1 = """
format: thidua.package/1
year: 2026
cluster: {code: K, name: Khối}
members: [{code: U1, name: Đơn vị 1}]
framework:
  standard_points: 1
  sections: [{code: "1", title: Nội dung, max: 1, children: [{code: "1.1", title: Chấm, max: 1, rule: {type: assessed}}]}]
values: {"1.1": {U1: 0,5}}
"""
    try:
        load_text(v1)
    except PackageError as exc:
        assert [str(p) for p in exc.problems] == [
            "values.1.1.U1: “0,5” có dấu phẩy thập phân; hãy viết dấu chấm (0.5)"
        ]
    else:
        raise AssertionError("a decimal comma was read as something else")


def test_it_scores_every_amount_as_exact_decimals() -> None:
    """No float anywhere: 0.1 × 3 is 0.30, not 0.30000000000000004."""
    result = scored(
        A1.replace("points: 0.5", "points: 0.1"), "values: {a1: {D1: {vi_pham: 3}}}", units=("D1",)
    )
    assert node(result, "D1", "a1").deduction == Decimal("0.30")


def test_it_describes_rules_and_terms_from_the_registry() -> None:
    """One registry of rule and term types gives the Vietnamese words of every parameter."""
    from thidua.engine.describe import describe_part, describe_rule, editor_fields

    built = package(A1, units=("D1",))
    a1 = built.framework.sections[0].children[0]
    assert a1.deduction_part is not None
    assert describe_part(a1.deduction_part, "deduction") == (
        "Điểm trừ, tối đa 1,5, không trừ quá điểm của tiêu chí: Mỗi trường hợp vi phạm: Theo từng trường hợp "
        "(Số trường hợp: vi_pham; Điểm mỗi trường hợp: 0,5)"
    )
    from thidua.engine import RatioRule

    assert (
        describe_rule(RatioRule(direction="lower"))
        == "Tỷ lệ thực hiện/chỉ tiêu (Chiều đánh giá: Càng thấp càng tốt)"
    )
    steps = {field["name"]: field for field in editor_fields("steps", term=True)}
    assert steps["counting"]["choices"] == [
        ("completed", "Đủ bước mới tính"),
        ("started", "Vượt mốc là tính bước đầu"),
    ]
    assert steps["start"]["required"] is True


def test_it_scores_cluster_wide_rules_on_a_named_fact_with_parts() -> None:
    """`relative` and `rank` read a named fact and keep version 1's explanation, with the parts after it."""
    result = scored(
        """
        - code: r
          title: So sánh
          max: 10
          facts: {so: {kind: number}, tre: {kind: count, default: 0}}
          standard: {type: relative, fact: so}
          deduction: {terms: [{type: per_case, fact: tre, points: 1}]}
        - code: k
          title: Hạng
          max: 5
          facts: {so: {kind: number}}
          standard: {type: rank, points_by_rank: [5, 3, 1], fact: so}
        """,
        "values: {r: {D1: {so: 40, tre: 1}, D2: {so: 50}, D3: {so: 20}}, k: {D1: {so: 40}, D2: {so: 50}, D3: {so: 20}}}",
    )
    assert line(result, "D1", "r") == ("8.00", "0.00", "1.00")
    assert node(result, "D1", "r").explanation == (
        "Số liệu: so 40; tre 1. Đơn vị thực hiện 40,00; cao nhất cụm 50,00 → 10 × 40,00/50,00 = 8,00/10 điểm. "
        "Điểm trừ: 1,00 × 1 trường hợp = 1,00. Điểm tiêu chí: chuẩn 8,00 − 1,00 × 1 trường hợp = 7,00"
    )
    assert [node(result, u, "k").points for u in ("D1", "D2", "D3")] == [D("3.00"), D("5.00"), D("1.00")]
