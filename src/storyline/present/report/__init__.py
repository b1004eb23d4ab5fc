"""The report: one self-contained HTML page (or Markdown / JSON) over the store."""

from storyline.present.report.build import render, report_data, write_report

__all__ = ["render", "report_data", "write_report"]
