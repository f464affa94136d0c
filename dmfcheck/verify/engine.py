"""The check engine: turns a :class:`~dmfcheck.verify.claim.Claim` into a :class:`Verdict`.

For a sampled claim (a margin over a domain, see ``shared/design.md``):

1. draw points: the deterministic grid with its edges, the claim's explicit points, seeded random
   draws, and a Hypothesis search that drives the margin down (``hypothesis.target``);
2. evaluate them in float64 (a batched Numba kernel where the claim has one);
3. re-run every failure and every near-tie (relative margin below ``near_tie``) in mpmath, raising
   the precision until the sign of the margin is stable;
4. a negative margin that survives is a FAIL: shrink it to short parameter values (digit rounding,
   then a Hypothesis ``find``), re-confirm it at >= 30 digits, and record both numbers;
5. otherwise PASS (EVIDENCE), with the number of points, the worst margin and where it was found;
6. NaN, inf or a diverged simulation is ERROR with the point, never a margin.

Symbolic claims return PROVED (exact method) or EVIDENCE through the same verdict type.
"""
from __future__ import annotations

import random
import time
import traceback
import zlib
from dataclasses import dataclass, replace
from typing import List, Optional, Sequence, Tuple

import numpy as np
from hypothesis import HealthCheck, Phase, find, given, settings, target
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import NoSuchExample, Unsatisfiable

from . import sampling
from .claim import (
    FLOAT64,
    AllOf,
    Claim,
    Counterexample,
    Diverged,
    Evidence,
    Margin,
    NotCheckable,
    OutOfDomain,
    Outcome,
    Precision,
    ProofCheck,
    SampledCheck,
    Strength,
    Verdict,
)

#: mpmath precisions tried, in order, for a float64 near-tie or failure.
ESCALATION_DPS = (30, 50, 80, 120)


@dataclass(frozen=True)
class Profile:
    """How hard the engine looks. ``quick`` is the CI profile."""

    name: str
    grid_cap: int
    n_random: int
    n_search: int
    n_shrink: int
    mp_cap: int  # most float64 points re-run in mpmath per claim


PROFILES = {
    "quick": Profile("quick", grid_cap=120, n_random=40, n_search=40, n_shrink=60, mp_cap=12),
    "full": Profile("full", grid_cap=2000, n_random=400, n_search=300, n_shrink=300, mp_cap=60),
    "thorough": Profile("thorough", grid_cap=20000, n_random=4000, n_search=2000, n_shrink=1000, mp_cap=200),
}


def claim_seed(claim_id: str, seed: int) -> int:
    """The per-claim seed: the run's seed mixed with the claim id, so each claim reruns alone."""
    return (int(seed) * 1_000_003 + zlib.crc32(claim_id.encode())) % (2**31)


def reproduce_command(claim_id: str, profile: str, seed: int) -> str:
    return f"dmfcheck check {claim_id} --profile {profile} --seed {seed}"


def check_claim(claim: Claim, *, profile: str = "quick", seed: int = 0) -> Verdict:
    """Run the claim's check and return its verdict (never raises for a broken check: ERROR)."""
    prof = PROFILES[profile]
    s = claim_seed(claim.id, seed)
    command = reproduce_command(claim.id, profile, seed)
    t0 = time.perf_counter()
    if claim.check is None:
        v = Verdict(claim.id, Outcome.NOT_IMPLEMENTED, reason="not implemented yet", seed=s)
    else:
        try:
            v = _run(claim.id, claim.check, prof, s)
        except Exception as exc:  # the check itself broke: ERROR, with where
            tb = traceback.format_exc(limit=4)
            v = Verdict(claim.id, Outcome.ERROR, reason=f"{type(exc).__name__}: {exc}\n{tb}", seed=s)
    return replace(v, seconds=time.perf_counter() - t0, expected=claim.expected, command=command, seed=s)


def _run(cid: str, check, prof: Profile, s: int) -> Verdict:
    if isinstance(check, NotCheckable):
        return Verdict(cid, Outcome.NOT_CHECKABLE, reason=check.reason)
    if isinstance(check, ProofCheck):
        return _run_proof(cid, check)
    if isinstance(check, SampledCheck):
        return _run_sampled(cid, check, prof, s)
    if isinstance(check, AllOf):
        return _run_all_of(cid, check, prof, s)
    raise TypeError(f"unknown check type {type(check).__name__}")


# --------------------------------------------------------------------------- conjunctions


def _run_all_of(cid: str, check: AllOf, prof: Profile, s: int) -> Verdict:
    parts: List[Tuple[str, Verdict]] = []
    for i, (name, sub) in enumerate(check.parts):
        t0 = time.perf_counter()
        try:
            v = _run(f"{cid}[{name}]", sub, prof, s + 7919 * (i + 1))
        except Exception as exc:
            v = Verdict(f"{cid}[{name}]", Outcome.ERROR, reason=f"{type(exc).__name__}: {exc}")
        parts.append((name, replace(v, seconds=time.perf_counter() - t0)))
    outcomes = [v.outcome for _, v in parts]
    if Outcome.ERROR in outcomes:
        outcome = Outcome.ERROR
    elif Outcome.FAIL in outcomes:
        outcome = Outcome.FAIL
    elif Outcome.NOT_CHECKABLE in outcomes:
        outcome = Outcome.NOT_CHECKABLE
    else:
        outcome = Outcome.PASS
    strength = None
    if outcome is Outcome.PASS:
        proved = all(v.strength is Strength.PROVED for _, v in parts)
        strength = Strength.PROVED if proved else Strength.EVIDENCE
    failing = [(n, v) for n, v in parts if v.outcome is outcome and outcome is not Outcome.PASS]
    cex = next((v.counterexample for _, v in failing if v.counterexample), None)
    reason = "; ".join(f"{n}: {v.outcome.value}" + (f" ({v.reason.splitlines()[0]})" if v.reason else "") for n, v in failing)
    worst = _worst_part(parts)
    evidence = Evidence(
        method="conjunction of parts: " + ", ".join(n for n, _ in parts),
        domain={"parts": [n for n, _ in parts]},
        n_points=sum(v.evidence.n_points for _, v in parts if v.evidence),
        seed=s,
        precision=_combined_precision(v.precision for _, v in parts),
        worst_margin=worst[1].evidence.worst_margin if worst else None,
        worst_relative_margin=worst[1].evidence.worst_relative_margin if worst else None,
        worst_point=({"part": worst[0], **(worst[1].evidence.worst_point or {})} if worst else None),
        worst_lhs=worst[1].evidence.worst_lhs if worst else None,
        worst_rhs=worst[1].evidence.worst_rhs if worst else None,
        worst_labels=worst[1].evidence.worst_labels if worst else ("lhs", "rhs"),
        escalated=sum(v.evidence.escalated for _, v in parts if v.evidence),
    )
    return Verdict(cid, outcome, strength=strength, evidence=evidence, counterexample=cex,
                   precision=evidence.precision, reason=reason, parts=tuple(parts))


def _worst_part(parts):
    scored = [(n, v) for n, v in parts if v.evidence and v.evidence.worst_relative_margin is not None]
    return min(scored, key=lambda nv: nv[1].evidence.worst_relative_margin) if scored else None


def _combined_precision(precisions) -> str:
    """The precisions that decided the parts of a conjunction, e.g. ``exact + mpmath dps=50``."""
    seen = []
    for p in precisions:
        for q in (p or "").split(" + "):
            if q and q not in seen:
                seen.append(q)
    return " + ".join(seen) or "float64"


def _strongest_precision(precisions) -> str:
    ps = [p for p in precisions if p]
    mp = [p for p in ps if p.startswith("mpmath")]
    if mp:
        return max(mp, key=lambda p: int(p.split("=")[1]))
    return ps[0] if ps else "float64"


# --------------------------------------------------------------------------- proofs


def _run_proof(cid: str, check: ProofCheck) -> Verdict:
    result = check.prove()
    proofs = list(result) if isinstance(result, (list, tuple)) else [result]
    holds = all(bool(p.holds) for p in proofs)
    exact = all(bool(p.exact) for p in proofs)
    steps = tuple(step for p in proofs for step in p.steps)
    precision = "exact" if exact else _strongest_precision(getattr(p, "precision", "") for p in proofs if not p.exact)
    worst = [getattr(p, "worst_residual", None) for p in proofs]
    worst = [w for w in worst if w is not None]
    evidence = Evidence(
        method="; ".join(sorted({p.method for p in proofs})),
        domain={"description": check.description},
        n_points=sum(getattr(p, "n_points", 0) for p in proofs) or len(proofs),
        seed=None,
        precision=precision,
        worst_margin=(max(worst) if worst else None),
        steps=steps,
    )
    if holds:
        return Verdict(cid, Outcome.PASS, strength=Strength.PROVED if exact else Strength.EVIDENCE,
                       evidence=evidence, precision=precision)
    bad = next(p for p in proofs if not p.holds)
    cex = None
    if bad.counterexample:
        c = bad.counterexample
        cex = Counterexample(params=c.get("params", {}), lhs=str(c.get("lhs")), rhs=str(c.get("rhs")),
                             lhs_label=c.get("lhs_label", "lhs"), rhs_label=c.get("rhs_label", "rhs"),
                             margin=str(c.get("margin", "")), precision=c.get("precision", bad.precision or "exact"),
                             note=bad.method)
    return Verdict(cid, Outcome.FAIL, evidence=evidence, counterexample=cex, precision=precision,
                   reason=f"refuted by {bad.method}")


# --------------------------------------------------------------------------- sampled claims


@dataclass
class _Eval:
    coords: dict
    params: dict
    margin: Optional[Margin]
    precision: Precision
    source: str
    error: Optional[str] = None


def _resolve(check: SampledCheck, coords: dict) -> Optional[dict]:
    try:
        return check.domain.resolve(dict(coords))
    except OutOfDomain:
        return None


def _evaluate(check: SampledCheck, params: dict, ctx: Precision) -> Margin:
    if ctx.is_float64:
        return check.margin(params, ctx)
    with ctx.workdps():
        return check.margin(params, ctx)


def _safe_eval(check, coords, params, ctx, source) -> _Eval:
    try:
        m = _evaluate(check, params, ctx)
    except (Diverged, OverflowError, ZeroDivisionError, FloatingPointError) as exc:
        return _Eval(coords, params, None, ctx, source, error=f"{type(exc).__name__}: {exc}")
    if not m.finite():
        return _Eval(coords, params, m, ctx, source, error=f"non-finite margin {m.value!r} (lhs={m.lhs!r}, rhs={m.rhs!r})")
    return _Eval(coords, params, m, ctx, source)


def _run_sampled(cid: str, check: SampledCheck, prof: Profile, s: int) -> Verdict:
    rng = np.random.default_rng(s)
    params_decl = check.domain.params
    coords = [(c, "grid") for c in sampling.grid_points(params_decl, prof.grid_cap, rng)]
    coords += [(dict(c), "explicit") for c in check.domain.extra]
    coords += [(c, "random") for c in sampling.random_points(params_decl, prof.n_random, rng)]

    resolved, skipped = [], 0
    for c, src in coords:
        p = _resolve(check, c)
        if p is None:
            skipped += 1
        else:
            resolved.append((c, p, src))

    evals: List[_Eval] = []
    if check.batch is not None and resolved:
        margins = check.batch([p for _, p, _ in resolved])
        for (c, p, src), m in zip(resolved, margins):
            err = None if m.finite() else f"non-finite margin {m.value!r}"
            evals.append(_Eval(c, p, m, FLOAT64, src, error=err))
    else:
        evals.extend(_safe_eval(check, c, p, FLOAT64, src) for c, p, src in resolved)

    evals.extend(_search(check, prof, s))

    errors = [e for e in evals if e.error]
    if errors:
        e = errors[0]
        return _error_verdict(cid, check, e, len(evals), skipped, s)

    # re-run failures and near-ties in mpmath until the sign is stable
    negative_f64 = sum(1 for e in evals if e.margin.relative < 0)
    escalated = 0
    decided_by = "float64"
    suspects = sorted((e for e in evals if e.margin.relative < check.near_tie), key=lambda e: e.margin.relative)
    if check.mp_confirm:
        for e in suspects[: prof.mp_cap]:
            confirmed = _escalate(check, e)
            escalated += 1
            if confirmed.error:
                return _error_verdict(cid, check, confirmed, len(evals), skipped, s)
            evals[evals.index(e)] = confirmed
            decided_by = _strongest_precision([decided_by, confirmed.precision.label()])
    unconfirmed = max(0, len(suspects) - prof.mp_cap) if check.mp_confirm else len(suspects)

    failures = [e for e in evals if e.margin.relative < 0 and (not check.mp_confirm or not e.precision.is_float64)]
    worst = min(evals, key=lambda e: e.margin.relative) if evals else None
    info = {"margin_profile": _margin_profile(evals), "unconfirmed_near_ties": unconfirmed,
            "sources": {src: sum(1 for e in evals if e.source == src) for src in ("grid", "explicit", "random", "search")}}
    if check.tolerance:
        info["tolerance"] = check.tolerance
    evidence = _evidence(check, evals, worst, s, decided_by, escalated, skipped, info)
    if not evals:
        return Verdict(cid, Outcome.NOT_CHECKABLE, evidence=evidence,
                       reason="no point of the declared domain satisfies the hypotheses")
    if failures:
        fail = min(failures, key=lambda e: e.margin.relative)
        cex = _shrink(check, fail, prof, s)
        return Verdict(cid, Outcome.FAIL, evidence=evidence, counterexample=cex, precision=cex.precision,
                       reason=f"{negative_f64} of {len(evals)} explored points violate the statement in float64; "
                              + (f"{len(failures)} re-run in mpmath (the worst first) confirm it" if check.mp_confirm
                                 else "this check has no mpmath route: float64 decided"))
    return Verdict(cid, Outcome.PASS, strength=Strength.EVIDENCE, evidence=evidence, precision=decided_by)


def _search(check: SampledCheck, prof: Profile, s: int) -> List[_Eval]:
    """Hypothesis search that drives the relative margin towards (and below) zero."""
    found: List[_Eval] = []
    if prof.n_search <= 0:
        return found

    @hypothesis_seed(s)
    @settings(max_examples=prof.n_search, deadline=None, database=None, phases=[Phase.generate, Phase.target],
              suppress_health_check=list(HealthCheck))
    @given(sampling.strategy(check.domain.params))
    def search(c):
        p = _resolve(check, c)
        if p is None:
            return
        e = _safe_eval(check, c, p, FLOAT64, "search")
        found.append(e)
        if e.margin is not None and not e.error:
            target(-e.margin.relative)

    try:
        search()
    except Unsatisfiable:
        pass
    return found


def _escalate(check: SampledCheck, e: _Eval) -> _Eval:
    """Re-evaluate at increasing mpmath precision until two successive signs agree."""
    last = None
    for dps in ESCALATION_DPS:
        cur = _safe_eval(check, e.coords, e.params, Precision(dps), e.source)
        if cur.error:
            return cur
        if last is not None and (cur.margin.relative < 0) == (last.margin.relative < 0):
            return cur
        last = cur
    return last


def _confirmed_failure(check: SampledCheck, coords: dict, dps: int = 30) -> Optional[_Eval]:
    p = _resolve(check, coords)
    if p is None:
        return None
    ctx = Precision(dps) if check.mp_confirm else FLOAT64
    e = _safe_eval(check, coords, p, ctx, "shrink")
    if e.error or e.margin.relative >= 0:
        return None
    return _escalate(check, e) if check.mp_confirm else e


def _shrink(check: SampledCheck, fail: _Eval, prof: Profile, s: int) -> Counterexample:
    """Shrink a confirmed failure to short parameter values and re-confirm it in mpmath."""
    best = fail
    decl = {p.name: p for p in check.domain.params}
    # 1. digit rounding, one coordinate at a time, keeping the margin negative in mpmath
    improved = True
    while improved:
        improved = False
        for name, p in decl.items():
            if name not in best.coords:
                continue
            for cand in sampling.shorter_values(p, best.coords[name]):
                trial = dict(best.coords, **{name: cand})
                e = _confirmed_failure(check, trial)
                if e is not None and e.margin.relative < 0:
                    best, improved = e, True
                    break
    # 2. a Hypothesis find over the whole domain: it may find a shorter failing point
    try:
        def fails(c):
            p = _resolve(check, c)
            if p is None:
                return False
            e = _safe_eval(check, c, p, FLOAT64, "shrink")
            return e.margin is not None and not e.error and e.margin.relative < 0

        cand = find(sampling.strategy(check.domain.params), fails,
                    settings=settings(max_examples=prof.n_shrink, deadline=None, database=None,
                                      suppress_health_check=list(HealthCheck)),
                    random=random.Random(s))
        e = _confirmed_failure(check, cand)
        if e is not None and sampling.length(e.coords) < sampling.length(best.coords):
            best = e
    except (NoSuchExample, Unsatisfiable):
        pass
    m = best.margin
    found_at = None if best is fail else {**fail.coords, **{k: v for k, v in fail.params.items()}}
    return Counterexample(
        params={**best.coords, **_printable(best.params)},
        lhs=_fmt(m.lhs), rhs=_fmt(m.rhs), lhs_label=m.lhs_label, rhs_label=m.rhs_label,
        margin=_fmt(m.value), precision=best.precision.label(), found_at=_printable(found_at) if found_at else None,
        note="; ".join(f"{k}={_fmt(v)}" for k, v in m.info.items()),
    )


def _printable(d: dict) -> dict:
    return {k: (v if isinstance(v, (int, str)) else _fmt(v)) for k, v in d.items()}


def _fmt(x) -> str:
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, float):
        return repr(x)
    try:
        import mpmath

        if isinstance(x, mpmath.mpf):
            return mpmath.nstr(x, 30)
    except ImportError:  # pragma: no cover
        pass
    return str(x)


def _evidence(check, evals, worst, s, decided_by, escalated, skipped, info) -> Evidence:
    if worst is None:
        return Evidence(method="grid + random + Hypothesis search", domain=check.domain.describe(), n_points=0, seed=s,
                        precision=decided_by, skipped=skipped, info=info)
    m = worst.margin
    return Evidence(
        method="grid + explicit points + seeded random draws + Hypothesis search (target: -margin); "
               "float64 near-ties and failures re-run in mpmath",
        domain=check.domain.describe(),
        n_points=len(evals),
        seed=s,
        precision=decided_by,
        worst_margin=float(m.value),
        worst_relative_margin=m.relative,
        worst_point={**worst.coords, **_printable(worst.params), "decided_at": worst.precision.label()},
        worst_lhs=_fmt(m.lhs),
        worst_rhs=_fmt(m.rhs),
        worst_labels=(m.lhs_label, m.rhs_label),
        escalated=escalated,
        skipped=skipped,
        info=info,
    )


def _margin_profile(evals: Sequence[_Eval], cap: int = 400) -> dict:
    step = max(1, len(evals) // cap)
    xs = list(range(0, len(evals), step))
    return {"x": xs, "y": [float(evals[i].margin.relative) for i in xs],
            "xlabel": "explored point (grid, explicit, random, search)", "ylabel": "relative margin"}


def _error_verdict(cid, check, e: _Eval, n, skipped, s) -> Verdict:
    evidence = Evidence(method="grid + random + Hypothesis search", domain=check.domain.describe(), n_points=n,
                        seed=s, precision=e.precision.label(), worst_point={**e.coords, **_printable(e.params)},
                        skipped=skipped)
    return Verdict(cid, Outcome.ERROR, evidence=evidence, precision=e.precision.label(),
                   reason=f"{e.error} at {_printable(e.params)}")
