"""Cluster-year packages: reading and writing YAML 1.2 / JSON, validation, and the results document.
No Django here: the command line uses it on files with no database."""

from thidua.packages.model import FORMAT, RESULTS_FORMAT, Cluster, LegalDocument, Package, PackageError
from thidua.packages.reader import build_package, load, load_text, read_package

__all__ = [
    "FORMAT",
    "RESULTS_FORMAT",
    "Cluster",
    "LegalDocument",
    "Package",
    "PackageError",
    "build_package",
    "load",
    "load_text",
    "read_package",
]
