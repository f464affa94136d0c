"""The registry: every catalogue entry of every paper, implemented or not, in catalogue order.

An implemented claim (from ``dmfcheck.verify.claims.<paper>``) replaces its catalogue entry; every
other entry is listed as NOT IMPLEMENTED, never as PASS.
"""
from __future__ import annotations

import fnmatch
from functools import lru_cache
from typing import Dict, List

from .claim import Claim, PaperRef

KIND_NAMES = {
    "symbolic": "symbolic-identity",
    "symbolic/sim": "symbolic-identity + closed-form-vs-simulation",
    "symbolic/ineq": "symbolic-identity + inequality-over-domain",
    "sim": "closed-form-vs-simulation",
    "sim+ineq": "closed-form-vs-simulation + inequality-over-domain",
    "ineq": "inequality-over-domain",
    "ineq/limit": "inequality-over-domain + limit/asymptotic",
    "qual": "qualitative",
    "def": "definition",
    "def/symbolic": "definition + symbolic-identity",
    "limit": "limit/asymptotic",
    "asymptotic": "limit/asymptotic",
    "existence": "existence",
    "empirical": "empirical",
    "none": "not-numerically-checkable",
    "reporting": "reporting requirement",
}


def _papers():
    from .claims import chou

    return {"chou": chou}


@lru_cache(maxsize=None)
def _registry() -> Dict[str, Claim]:
    out: Dict[str, Claim] = {}
    for paper, module in _papers().items():
        implemented = {c.id: c for c in module.CLAIMS}
        unknown = set(implemented) - {e["id"] for e in module.CATALOGUE}
        if unknown:
            raise RuntimeError(f"claims not in the {paper} catalogue: {sorted(unknown)}")
        for entry in module.CATALOGUE:
            out[entry["id"]] = implemented.get(entry["id"]) or _placeholder(paper, entry)
    return out


_PREFIXES = (("thm", "Theorem "), ("lem", "Lemma "), ("rem", "Remark "), ("conj", "Conjecture, Section "),
             ("sec", "Section "), ("eq", "eq. "), ("def.", "definition: "), ("app", "Appendix "),
             ("obs.", "observation (not in the paper): "), ("j.", "journal only: "))


def arxiv_label(claim_id: str) -> str:
    """The arXiv (000) number encoded in a catalogue id: ``chou.lem2.4`` -> ``Lemma 2.4``."""
    body = claim_id.split(".", 1)[1]
    for suffix in (".corrected",):
        body = body[: -len(suffix)] if body.endswith(suffix) else body
    for prefix, label in _PREFIXES:
        if body.startswith(prefix):
            rest = body[len(prefix):]
            if prefix == "eq":
                pieces = rest.split("-")
                nums = [x for x in pieces if x.isdigit()]
                words = [x for x in pieces if not x.isdigit()]
                return "eq. " + ", ".join(f"({n})" for n in nums) + (f" [{' '.join(words)}]" if words else "")
            return label + rest
    return body


def _placeholder(paper: str, entry: dict) -> Claim:
    return Claim(
        id=entry["id"], paper=paper, title=entry["title"], kind=KIND_NAMES.get(entry["kind"], entry["kind"]),
        ref=PaperRef(arxiv=arxiv_label(entry["id"]), journal=entry["journal"]), rating=entry["rating"],
        priority=entry["priority"], notes=entry.get("note", ""),
    )


def all_claims(paper: str | None = None) -> List[Claim]:
    return [c for c in _registry().values() if paper is None or c.paper == paper]


def paper_titles() -> Dict[str, str]:
    return {p: m.PAPER_TITLE for p, m in _papers().items()}


def get(claim_id: str) -> Claim:
    try:
        return _registry()[claim_id]
    except KeyError:
        raise KeyError(f"unknown claim id {claim_id!r} (see `dmfcheck list`)") from None


def select(patterns: List[str]) -> List[Claim]:
    """Claims whose id equals a pattern or matches it as a shell glob (``chou.eq17*``)."""
    reg = _registry()
    out: List[Claim] = []
    for pat in patterns:
        if pat in reg:
            hits = [reg[pat]]
        else:
            hits = [c for i, c in reg.items() if fnmatch.fnmatchcase(i, pat)]
        if not hits:
            raise KeyError(f"unknown claim id {pat!r} (see `dmfcheck list`)")
        out.extend(h for h in hits if h not in out)
    return out
