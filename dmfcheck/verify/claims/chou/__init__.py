"""Claims of Chou, Gieshoff, Maly, Rauhut (arXiv 2011.13772 v3 = seed 000; journal = seed 001).

Ids use the arXiv numbering (``chou.lem2.4``); each claim also carries its journal number. The
implemented claims are split by section into the modules below; every other catalogue entry is
listed by the registry as NOT IMPLEMENTED.
"""
from .catalogue import ENTRIES as CATALOGUE, PAPER, PAPER_TITLE

CLAIMS: list = []
