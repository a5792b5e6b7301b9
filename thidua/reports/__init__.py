"""Summary reports (báo cáo tổng kết): package + engine results → report model → .docx, PDF, .xlsx, Markdown.

`build_cluster_report` turns one cluster-year into a `ClusterReport` whose every sentence is derived by a general
rule from the data; `render` turns a report into a file. A province report is a list of cluster reports.
"""
