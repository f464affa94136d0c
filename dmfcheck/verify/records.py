"""Verdict records: what the CLI prints, the report renders and ``report.json`` stores.

A record is ``claim.listing()`` merged with ``verdict.to_json()``, plus the statement, the
reconstruction note, the plots and the command that reproduces the verdict.
"""
from __future__ import annotations

import traceback
from typing import List

from .claim import Claim, Outcome, Verdict


def build_record(claim: Claim, verdict: Verdict) -> dict:
    record = dict(claim.listing())
    record.update(verdict.to_json())
    record["statement"] = claim.statement
    record["notes"] = claim.notes
    record["plots"] = _plots(claim, verdict)
    return record


def _plots(claim: Claim, verdict: Verdict) -> List[dict]:
    """The claim's own plot at the most telling point: the counterexample, else the worst point."""
    if claim.plot is None or verdict.outcome in (Outcome.NOT_IMPLEMENTED, Outcome.NOT_CHECKABLE):
        return []
    point = None
    if verdict.counterexample is not None:
        point = dict(verdict.counterexample.params)
    elif verdict.evidence is not None and verdict.evidence.worst_point:
        point = dict(verdict.evidence.worst_point)
    try:
        spec = claim.plot(point)
    except Exception:  # a broken plot must not hide the verdict; show why instead
        return [{"title": "plot failed", "error": traceback.format_exc(limit=2), "series": []}]
    return spec if isinstance(spec, list) else [spec]
