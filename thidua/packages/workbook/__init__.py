"""The Excel workbook form of a package: the same content as the YAML, one sheet per part, Vietnamese headers.
Both forms load to the same `Package` because the workbook is read into the same raw tree and checked by the
same reader."""

from thidua.packages.workbook.reader import read_workbook, workbook_package
from thidua.packages.workbook.writer import workbook_bytes, write_workbook

__all__ = ["read_workbook", "workbook_bytes", "workbook_package", "write_workbook"]
