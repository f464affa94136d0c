"""The report: ``index.html`` (one offline page: MathML statements, inline SVG plots) and
``report.json`` from verdict records (``claim.listing()`` merged with ``verdict.to_json()``)."""
from .render import load_report_json, write_report

__all__ = ["write_report", "load_report_json"]
