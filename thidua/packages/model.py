"""A cluster-year package, independent of the file it came from (YAML, JSON or an Excel workbook)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from thidua.engine import (
    ClusterResult,
    Framework,
    Inputs,
    Member,
    Problem,
    check_all,
    check_warnings,
    score,
)
from thidua.engine.model import ClusterKind

FORMAT = "thidua.package/1"
FORMAT_2 = "thidua.package/2"
FORMATS = (FORMAT, FORMAT_2)
RESULTS_FORMAT = "thidua.results/1"


@dataclass(frozen=True, slots=True)
class Cluster:
    """The cluster or block (cụm, khối) whose year the package holds."""

    code: str
    name: str
    kind: ClusterKind = "cum"
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class LegalDocument:
    """A decision the regulation rests on (77/QĐ-UBND ngày 10/02/2026…)."""

    number: str
    date: date | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Package:
    """Everything needed to score one cluster for one year."""

    cluster: Cluster
    year: int
    members: tuple[Member, ...]
    framework: Framework
    inputs: Inputs
    legal_basis: tuple[LegalDocument, ...] = ()

    @property
    def format(self) -> str:
        return FORMAT_2 if self.framework.version >= 2 else FORMAT

    def problems(self) -> list[Problem]:
        """What the engine finds wrong with the framework and the inputs."""
        return check_all(self.framework, self.members, self.inputs)

    def warnings(self) -> list[Problem]:
        """What does not refuse the package but a person should check (issue 11, item 8)."""
        return check_warnings(self.framework, self.members, self.inputs)

    def score(self) -> ClusterResult:
        return score(self.framework, self.members, self.inputs)


class PackageError(Exception):
    """A package that cannot be scored, with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
