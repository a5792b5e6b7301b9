"""Rules over the result of the subject's emulation cluster (cụm, khối thi đua) for the year under check.

The cluster's results are history for Cờ thi đua and Bằng khen proposals: the flag goes to the unit that leads its
cluster and that the cluster's ballot honours; a collective's Bằng khen "được bình xét trong phong trào thi đua"
is the cluster proposing it. The application passes these facts in (History.years[N].cluster); with none recorded
for the year, the subject had no cluster result, and the condition fails.
"""

from __future__ import annotations

from dataclasses import dataclass

from thidua.eligibility.rules.base import Context, Outcome, Params, failed, met

REQUIREMENTS = ("leading", "honoured", "proposed")


@dataclass(frozen=True)
class ClusterRule:
    """The cluster ranked the subject first (`leading`), honoured it by ballot (`honoured`), or proposed it for
    `award` (`proposed`)."""

    requires: str
    award: str

    @classmethod
    def parse(cls, params: Params) -> ClusterRule:
        requires = params.choice("requires", REQUIREMENTS)
        award = params.code("award") if requires == "proposed" else ""
        return cls(requires, award)

    def evaluate(self, ctx: Context) -> Outcome:
        record = ctx.history.record(ctx.year)
        result = record.cluster if record is not None else None
        if result is None:
            return failed(f"Năm {ctx.year} không có kết quả của cụm, khối thi đua")
        rank = f" (xếp thứ {result.rank})" if result.rank else ""
        if self.requires == "leading":
            if result.leading:
                return met(f"Năm {ctx.year} dẫn đầu cụm, khối thi đua{rank}")
            return failed(f"Năm {ctx.year} không dẫn đầu cụm, khối thi đua{rank}")
        if self.requires == "honoured":
            if result.honoured:
                return met(f"Năm {ctx.year} được các thành viên cụm, khối thi đua suy tôn")
            return failed(f"Năm {ctx.year} không được cụm, khối thi đua suy tôn")
        name = ctx.name(self.award)
        if self.award in result.proposed:
            return met(f"Năm {ctx.year} được cụm, khối thi đua bình xét, đề nghị tặng {name}")
        return failed(f"Năm {ctx.year} không được cụm, khối thi đua bình xét đề nghị tặng {name}")
