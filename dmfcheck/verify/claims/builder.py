"""Building a claim from its catalogue entry: the entry gives the title, the journal number, the
kind, the rating and the priority; the claim module gives the statement and the check."""
from __future__ import annotations

from typing import Optional, Sequence

from ..claim import Check, Claim, PaperRef
from ..registry import KIND_NAMES, arxiv_label


def catalogued(catalogue: Sequence[dict], paper: str, claim_id: str, *, statement: str, check: Check,
               arxiv: Optional[str] = None, equations: Sequence[str] = (), expected: Optional[str] = None,
               erratum: Optional[str] = None, reconstructed: Optional[str] = None, kind: Optional[str] = None,
               title: Optional[str] = None, notes: str = "", plot=None) -> Claim:
    entry = next((e for e in catalogue if e["id"] == claim_id), None)
    if entry is None:
        raise KeyError(f"{claim_id} is not in the {paper} catalogue")
    return Claim(
        id=claim_id,
        paper=paper,
        title=title or entry["title"],
        kind=kind or KIND_NAMES.get(entry["kind"], entry["kind"]),
        ref=PaperRef(arxiv=arxiv or arxiv_label(claim_id), journal=entry["journal"], equations=tuple(equations)),
        statement=statement,
        check=check,
        expected=expected,
        erratum=erratum,
        reconstructed=reconstructed,
        priority=entry["priority"],
        rating=entry["rating"],
        notes=notes,
        plot=plot,
    )
