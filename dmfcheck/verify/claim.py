"""The claim model: claims, their domains and checks, and the verdicts the engine returns.

Everything here is data. The engine (:mod:`dmfcheck.verify.engine`) turns a :class:`Claim` into a
:class:`Verdict`; the CLI, the pytest plugin and the report only read verdicts (``to_json``).

A checkable claim is a *margin over a domain* (see ``shared/design.md``): a signed number that is
``>= 0`` exactly where the statement holds at a point. An identity ``a == b`` becomes
``tol - |a - b|``; an upper bound ``T <= B`` on an iteration count becomes ``B - T``.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any, Callable, Mapping, Optional, Sequence, Union


class Outcome(str, Enum):
    PASS = "PASS"
    FAIL = "FAIL"
    NOT_CHECKABLE = "NOT_CHECKABLE"
    ERROR = "ERROR"
    NOT_IMPLEMENTED = "NOT_IMPLEMENTED"


class Strength(str, Enum):
    PROVED = "PROVED"  # an exact SymPy method (cancel, factor, polynomial remainder) decided it
    EVIDENCE = "EVIDENCE"  # sampled points, each decided at a stated precision


# --------------------------------------------------------------------------- precision context


@dataclass(frozen=True)
class Precision:
    """Where a margin is evaluated: ``dps=None`` is float64, otherwise mpmath at ``dps`` digits.

    Margin functions never set ``mp.dps`` globally; they wrap their mpmath work in
    ``mpmath.workdps(ctx.dps)`` (see :meth:`workdps`).
    """

    dps: Optional[int] = None

    @property
    def is_float64(self) -> bool:
        return self.dps is None

    def label(self) -> str:
        return "float64" if self.dps is None else f"mpmath dps={self.dps}"

    def workdps(self):
        import mpmath

        return mpmath.workdps(self.dps if self.dps is not None else 15)


FLOAT64 = Precision(None)


# --------------------------------------------------------------------------- domains


@dataclass(frozen=True)
class Param:
    """One coordinate of a claim's domain.

    ``scale`` is ``"linear"``, ``"log"`` (lo > 0), ``"int"`` or ``"choice"``. ``grid`` holds the
    deterministic values (edges included) that every profile explores; random draws and the
    Hypothesis search range over ``[lo, hi]`` (or ``choices``).
    """

    name: str
    lo: float = 0.0
    hi: float = 1.0
    scale: str = "linear"
    grid: tuple = ()
    choices: tuple = ()

    def describe(self) -> dict:
        d = {"name": self.name, "scale": self.scale}
        if self.scale == "choice":
            d["choices"] = list(self.choices)
        else:
            d["range"] = [self.lo, self.hi]
        if self.grid:
            d["grid"] = list(self.grid)
        return d


class OutOfDomain(ValueError):
    """Raised by ``Domain.resolve`` (or a margin) for a point outside the claim's hypotheses."""


@dataclass(frozen=True)
class Domain:
    """The parameter domain of a sampled claim.

    ``resolve`` maps a point in coordinates (e.g. ``f``, the fraction of the step-size limit) to the
    claim's parameters (e.g. ``eta``); it returns ``None`` or raises :class:`OutOfDomain` for
    points outside the hypotheses. ``extra`` are explicit points (in coordinates): edges of the
    case splits and the catalogue's reference instances.
    """

    params: tuple
    resolve: Callable[[dict], Optional[dict]] = lambda p: dict(p)
    description: str = ""
    extra: tuple = ()

    def describe(self) -> dict:
        return {
            "description": self.description,
            "coordinates": [p.describe() for p in self.params],
            "explicit_points": len(self.extra),
        }


# --------------------------------------------------------------------------- margins


Number = Union[int, float, Any]  # Any: mpmath.mpf


@dataclass(frozen=True)
class Margin:
    """The signed margin at one point: ``value >= 0`` iff the statement holds there.

    ``lhs``/``rhs`` are the two numbers compared (with labels), ``scale`` normalises the value
    into a relative margin (``value / scale``), ``info`` carries anything worth showing (a
    hitting time, the trajectory length).
    """

    value: Number
    lhs: Number
    rhs: Number
    lhs_label: str = "lhs"
    rhs_label: str = "rhs"
    scale: Number = 1.0
    info: Mapping[str, Any] = field(default_factory=dict)

    @property
    def relative(self) -> float:
        s = abs(float(self.scale)) or 1.0
        return float(self.value) / s

    def finite(self) -> bool:
        try:
            return all(math.isfinite(float(x)) for x in (self.value, self.lhs, self.rhs))
        except (TypeError, ValueError, OverflowError):
            return False


class Diverged(ArithmeticError):
    """A simulation left every bounded region (overflow, NaN): never a PASS."""


@dataclass(frozen=True)
class SampledCheck:
    """A claim decided by sampling its domain: grid + seeded draws + Hypothesis search.

    ``margin(point, ctx)`` evaluates one resolved point at a :class:`Precision`.
    ``batch`` optionally evaluates many resolved points at once in float64 (a Numba kernel).
    ``near_tie`` is the relative margin below which a float64 result is re-run in mpmath.
    """

    domain: Domain
    margin: Callable[[dict, Precision], Margin]
    batch: Optional[Callable[[Sequence[dict]], Sequence[Margin]]] = None
    near_tie: float = 1e-8
    tolerance: str = ""
    mp_confirm: bool = True


@dataclass(frozen=True)
class ProofResult:
    """What a symbolic prover returns.

    ``holds``: True/False when decided. ``exact``: the method was exact (cancel/factor/remainder)
    and so yields PROVED; otherwise the result is EVIDENCE (e.g. high-precision sampling).
    ``steps``: human-readable record of what was proved. ``counterexample``: for a refuted
    identity, the parameters and the two numbers that disagree.
    """

    holds: bool
    exact: bool
    method: str
    steps: tuple = ()
    precision: str = "exact"
    counterexample: Optional[dict] = None
    worst_margin: Optional[float] = None
    worst_point: Optional[dict] = None
    n_points: int = 0


@dataclass(frozen=True)
class ProofCheck:
    """A claim decided symbolically. ``prove()`` returns a :class:`ProofResult`."""

    prove: Callable[[], ProofResult]
    description: str = ""


@dataclass(frozen=True)
class NotCheckable:
    reason: str


@dataclass(frozen=True)
class AllOf:
    """A conjunction of named parts, each with its own check and verdict."""

    parts: tuple  # tuple of (name, check)


Check = Union[SampledCheck, ProofCheck, NotCheckable, AllOf]


# --------------------------------------------------------------------------- claims


@dataclass(frozen=True)
class PaperRef:
    """Where a result stands in each version of the paper."""

    arxiv: str  # e.g. "Lemma 2.4, eq. (25)"
    journal: str  # e.g. "Lemma 2.5, (29)-(30)"
    equations: tuple = ()  # equation numbers used, arXiv numbering


@dataclass(frozen=True)
class Claim:
    id: str
    paper: str
    title: str
    kind: str
    ref: PaperRef
    statement: str = ""  # LaTeX
    check: Optional[Check] = None  # None: NOT IMPLEMENTED
    expected: Optional[str] = None  # "FAIL" for a printed erratum, as the catalogue expects
    erratum: Optional[str] = None  # e.g. "E1: sign of (17)"
    reconstructed: Optional[str] = None  # which formula is a reconstruction, and how
    priority: str = ""
    rating: str = ""
    notes: str = ""
    plot: Optional[Callable[[dict], dict]] = None  # point -> series for the report's plot

    @property
    def implemented(self) -> bool:
        return self.check is not None

    def listing(self) -> dict:
        return {
            "id": self.id,
            "paper": self.paper,
            "title": self.title,
            "kind": self.kind,
            "status": "IMPLEMENTED" if self.implemented else "NOT_IMPLEMENTED",
            "arxiv": self.ref.arxiv,
            "journal": self.ref.journal,
            "equations": list(self.ref.equations),
            "expected": self.expected,
            "erratum": self.erratum,
            "reconstructed": self.reconstructed,
            "priority": self.priority,
            "rating": self.rating,
        }


# --------------------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class Counterexample:
    """A reproducible counterexample: parameters, the two numbers that disagree, the precision."""

    params: Mapping[str, Any]
    lhs: str
    rhs: str
    lhs_label: str
    rhs_label: str
    margin: str
    precision: str
    found_at: Optional[Mapping[str, Any]] = None  # the point before shrinking
    note: str = ""


@dataclass(frozen=True)
class Evidence:
    """What was checked: the domain, how many points, the seed, the worst margin and where."""

    method: str
    domain: Mapping[str, Any]
    n_points: int
    seed: Optional[int]
    precision: str
    worst_margin: Optional[float] = None
    worst_relative_margin: Optional[float] = None
    worst_point: Optional[Mapping[str, Any]] = None
    worst_lhs: Optional[str] = None
    worst_rhs: Optional[str] = None
    worst_labels: tuple = ("lhs", "rhs")
    escalated: int = 0  # float64 points re-run in mpmath (near-ties and failures)
    skipped: int = 0  # drawn points outside the hypotheses
    steps: tuple = ()  # proof steps, notes
    info: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    id: str
    outcome: Outcome
    strength: Optional[Strength] = None
    evidence: Optional[Evidence] = None
    counterexample: Optional[Counterexample] = None
    precision: Optional[str] = None
    seed: Optional[int] = None
    seconds: float = 0.0
    reason: str = ""
    expected: Optional[str] = None
    parts: tuple = ()  # tuple of (name, Verdict) for an AllOf claim
    command: str = ""

    def to_json(self) -> dict:
        def conv(x):
            if isinstance(x, Enum):
                return x.value
            if isinstance(x, Mapping):
                return {str(k): conv(v) for k, v in x.items()}
            if isinstance(x, (list, tuple)):
                return [conv(v) for v in x]
            if isinstance(x, float) and not math.isfinite(x):
                return repr(x)
            if isinstance(x, (str, int, float, bool)) or x is None:
                return x
            return str(x)

        return {
            "id": self.id,
            "verdict": self.outcome.value,
            "strength": self.strength.value if self.strength else None,
            "evidence": conv(asdict(self.evidence)) if self.evidence else None,
            "counterexample": conv(asdict(self.counterexample)) if self.counterexample else None,
            "precision": self.precision,
            "seed": self.seed,
            "seconds": round(self.seconds, 4),
            "reason": self.reason,
            "expected": self.expected,
            "parts": [dict(name=n, **v.to_json()) for n, v in self.parts],
            "command": self.command,
        }
