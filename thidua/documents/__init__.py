"""Reusable document builders: one neutral document model rendered to .docx, PDF, Markdown and .xlsx.

The summary report, the conference minutes, award decisions and certificates all describe their content as a
`Document` (or a `Workbook`) and leave the page layout of Nghị định 30/2020/NĐ-CP to these renderers.
"""
