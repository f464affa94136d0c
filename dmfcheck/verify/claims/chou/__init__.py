"""Claims of Chou, Gieshoff, Maly, Rauhut (arXiv v3 = seed 000; journal version = seed 001).

Ids use the arXiv numbering (``chou.lem2.4``); each claim also carries its journal number. The
implemented claims are split by subject into the modules below; every other catalogue entry is
listed by the registry as NOT IMPLEMENTED.
"""
from .catalogue import ENTRIES as CATALOGUE, PAPER, PAPER_TITLE  # first: the modules below use it
from . import (constants, eq6_9, flow_times, flows, lem21, lem22, lem26, lema1, obs_ceil, obs_instab, real_form, rem12,
               scalar_map, t_id, thm11, thm23, thm23_proof)

CLAIMS = [
    *scalar_map.CLAIMS, *flow_times.CLAIMS, *constants.CLAIMS, *t_id.CLAIMS, *real_form.CLAIMS, *flows.CLAIMS,
    *eq6_9.CLAIMS, *lem21.CLAIMS, *lem22.CLAIMS, *thm23.CLAIMS, *thm23_proof.CLAIMS, *lem26.CLAIMS, *thm11.CLAIMS,
    *rem12.CLAIMS, *obs_ceil.CLAIMS, *lema1.CLAIMS, *obs_instab.CLAIMS,
]

__all__ = ["CATALOGUE", "CLAIMS", "PAPER", "PAPER_TITLE"]
