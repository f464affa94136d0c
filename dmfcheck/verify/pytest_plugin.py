"""pytest plugin: ``pytest --dmfcheck`` collects every claim as a test item named by its id.

A thin adapter over :func:`dmfcheck.verify.engine.check_claim`:

* PASS passes; FAIL fails and shows the counterexample;
* a printed claim the catalogue lists as a known erratum (``expected="FAIL"``) is a strict xfail:
  green while the engine confirms the erratum, red if it ever passes;
* ERROR is always a failure (never absorbed by an xfail);
* NOT_CHECKABLE and NOT_IMPLEMENTED are skips with the reason.

Items carry a marker per paper (``-m chou``) and can be selected by id with ``-k``. Options:
``--dmfcheck-profile`` (quick/full/thorough) and ``--dmfcheck-seed``.
"""
from __future__ import annotations

import pytest


class ClaimFailed(AssertionError):
    """The engine found a counterexample (FAIL)."""


class ClaimBroken(RuntimeError):
    """The check itself broke (ERROR); never an expected failure."""


def pytest_addoption(parser):
    group = parser.getgroup("dmfcheck")
    group.addoption("--dmfcheck", action="store_true", default=False, help="check every dmfcheck claim as a test item")
    group.addoption("--dmfcheck-profile", default="quick", choices=["quick", "full", "thorough"])
    group.addoption("--dmfcheck-seed", type=int, default=0)


def pytest_configure(config):
    config.addinivalue_line("markers", "dmfcheck: a claim checked by dmfcheck")
    if config.getoption("dmfcheck", default=False):
        from . import registry

        for paper in registry.paper_titles():
            config.addinivalue_line("markers", f"{paper}: claims of the paper {paper}")


def pytest_ignore_collect(collection_path, config):
    """With --dmfcheck, the run checks the claims only (the toolkit's own tests are not collected)."""
    if config.getoption("dmfcheck", default=False):
        return True
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    """Append one item per claim before -k / -m deselection runs."""
    if not config.getoption("dmfcheck", default=False):
        return
    collector = ClaimCollector.from_parent(session, name="dmfcheck")
    items.extend(collector.collect())


class ClaimCollector(pytest.Collector):
    def collect(self):
        from . import registry

        for claim in registry.all_claims():
            item = ClaimItem.from_parent(self, name=claim.id, claim_id=claim.id)
            item.add_marker("dmfcheck")
            item.add_marker(claim.paper)
            if claim.expected == "FAIL":
                item.add_marker(pytest.mark.xfail(reason=f"known erratum {claim.erratum}", strict=True,
                                                  raises=ClaimFailed))
            yield item


class ClaimItem(pytest.Item):
    def __init__(self, *, claim_id, **kwargs):
        super().__init__(**kwargs)
        self.claim_id = claim_id
        self.verdict = None

    def runtest(self):
        from . import registry
        from .claim import Outcome
        from .engine import check_claim

        claim = registry.get(self.claim_id)
        profile = self.config.getoption("dmfcheck_profile")
        seed = self.config.getoption("dmfcheck_seed")
        self.verdict = v = check_claim(claim, profile=profile, seed=seed)
        if v.outcome is Outcome.PASS:
            return
        if v.outcome in (Outcome.NOT_CHECKABLE, Outcome.NOT_IMPLEMENTED):
            pytest.skip(f"{v.outcome.value}: {v.reason}")
        if v.outcome is Outcome.FAIL:
            raise ClaimFailed(_describe(v))
        raise ClaimBroken(_describe(v))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, (ClaimFailed, ClaimBroken)):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"claim {self.claim_id}"


def _describe(v) -> str:
    lines = [f"{v.id}: {v.outcome.value}" + (f" [expected {v.expected}]" if v.expected else "")]
    if v.reason:
        lines.append(v.reason)
    if v.counterexample is not None:
        c = v.counterexample
        lines.append(f"counterexample ({c.precision}): {dict(c.params)}")
        lines.append(f"  {c.lhs_label} = {c.lhs}")
        lines.append(f"  {c.rhs_label} = {c.rhs}")
        lines.append(f"  margin = {c.margin}")
    for name, part in v.parts:
        lines.append(f"  part {name}: {part.outcome.value}")
    lines.append(f"reproduce: {v.command}")
    return "\n".join(lines)
