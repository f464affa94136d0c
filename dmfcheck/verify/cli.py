"""The ``dmfcheck`` command line: a thin front end over the registry, the engine and the report.

    dmfcheck list [--paper chou] [--json]
    dmfcheck check ID [ID...] [--profile quick|full|thorough] [--seed S] [--json]
    dmfcheck spot NAME key=value ... [--dps D] [--json]      (dmfcheck spot --list)
    dmfcheck report [--out reports/] [--profile quick|full|thorough] [--seed S] [--paper P]

Exit status of ``check``: 0 when every claim is PASS, 1 when any is FAIL, 2 on ERROR or bad
input, 3 when none failed but some are NOT_CHECKABLE or NOT_IMPLEMENTED.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from typing import List, Optional

from .. import __version__
from . import registry
from .claim import Outcome
from .engine import PROFILES, check_claim

EXIT_OK, EXIT_FAIL, EXIT_ERROR, EXIT_UNDECIDED = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # bad input: one line, exit status 2
        self.exit(EXIT_ERROR, f"dmfcheck: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="dmfcheck", description="Theorem checker for gradient descent on (deep) matrix factorization")
    p.add_argument("--version", action="version", version=f"dmfcheck {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ls = sub.add_parser("list", help="list the claims")
    ls.add_argument("--paper")
    ls.add_argument("--json", action="store_true")

    ck = sub.add_parser("check", help="check claims by id (shell globs allowed)")
    ck.add_argument("ids", nargs="+", metavar="ID")
    ck.add_argument("--profile", choices=sorted(PROFILES), default="quick")
    ck.add_argument("--seed", type=int, default=0)
    ck.add_argument("--json", action="store_true")

    sp = sub.add_parser("spot", help="evaluate a named closed form at high precision")
    sp.add_argument("name", nargs="?")
    sp.add_argument("assignments", nargs="*", metavar="key=value")
    sp.add_argument("--dps", type=int, default=30)
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--list", action="store_true", dest="list_names")

    rp = sub.add_parser("report", help="check every claim and write the HTML and JSON report")
    rp.add_argument("--out", default="reports")
    rp.add_argument("--profile", choices=sorted(PROFILES), default="quick")
    rp.add_argument("--seed", type=int, default=0)
    rp.add_argument("--paper")
    return p


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"list": _list, "check": _check, "spot": _spot, "report": _report}[args.command](args)
    except KeyError as exc:
        print(f"dmfcheck: error: {exc.args[0]}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `dmfcheck list | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return EXIT_OK


def _list(args) -> int:
    if args.paper and args.paper not in registry.paper_titles():
        raise KeyError(f"unknown paper {args.paper!r}; known: {', '.join(registry.paper_titles())}")
    claims = registry.all_claims(args.paper)
    if args.json:
        print(json.dumps([c.listing() for c in claims], indent=1))
        return EXIT_OK
    for c in claims:
        status = "implemented" if c.implemented else "NOT IMPLEMENTED"
        exp = f"  [expected {c.expected}: {c.erratum}]" if c.expected else ""
        print(f"{c.id:40s} {status:16s} {c.kind:28s} {c.title}{exp}")
    return EXIT_OK


def exit_status(outcomes) -> int:
    outcomes = list(outcomes)
    if Outcome.ERROR in outcomes:
        return EXIT_ERROR
    if Outcome.FAIL in outcomes:
        return EXIT_FAIL
    if any(o is not Outcome.PASS for o in outcomes):
        return EXIT_UNDECIDED
    return EXIT_OK


def _check(args) -> int:
    claims = registry.select(args.ids)
    verdicts = [check_claim(c, profile=args.profile, seed=args.seed) for c in claims]
    if args.json:
        print(json.dumps([v.to_json() for v in verdicts], indent=1))
    else:
        for c, v in zip(claims, verdicts):
            print(_summary_line(c, v))
    return exit_status(v.outcome for v in verdicts)


def _summary_line(claim, v) -> str:
    head = f"{v.outcome.value}" + (f" ({v.strength.value})" if v.strength else "")
    if claim.expected:
        head += f" [expected {claim.expected}: {claim.erratum}]"
    lines = [f"{claim.id}: {head}  [{v.seconds:.2f}s, seed {v.seed}, {v.precision or '-'}]"]
    ev = v.evidence
    if ev is not None and ev.worst_relative_margin is not None:
        lines.append(f"  {ev.n_points} points; worst relative margin {ev.worst_relative_margin:.3g} at {dict(ev.worst_point or {})}")
        lines.append(f"  {ev.worst_labels[0]} = {ev.worst_lhs}, {ev.worst_labels[1]} = {ev.worst_rhs}")
    if v.counterexample is not None:
        cx = v.counterexample
        lines.append(f"  counterexample ({cx.precision}): {dict(cx.params)}")
        lines.append(f"    {cx.lhs_label} = {cx.lhs}  vs  {cx.rhs_label} = {cx.rhs}  (margin {cx.margin})")
    if v.reason and v.outcome is not Outcome.PASS:
        lines.append("  " + v.reason.splitlines()[0])
    for name, part in v.parts:
        lines.append(f"  - {name}: {part.outcome.value}" + (f" ({part.strength.value})" if part.strength else ""))
    lines.append(f"  reproduce: {v.command}")
    return "\n".join(lines)


def _spot(args) -> int:
    from ..numeric import named_forms
    from ..numeric.errors import DomainError

    if args.list_names:
        for name, form in named_forms.NAMED_FORMS.items():
            print(f"{name}({', '.join(form.params)}): {form.description}")
        return EXIT_OK
    if not args.name:
        print("dmfcheck: error: spot needs a NAME (see dmfcheck spot --list)", file=sys.stderr)
        return EXIT_ERROR
    params = {}
    for a in args.assignments:
        key, sep, value = a.partition("=")
        if not sep or not key:
            print(f"dmfcheck: error: expected key=value, got {a!r}", file=sys.stderr)
            return EXIT_ERROR
        params[key] = value
    try:
        value = named_forms.evaluate(args.name, params, args.dps)
    except DomainError as exc:
        print(f"dmfcheck: error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return EXIT_ERROR
    if args.json:
        print(json.dumps({"name": args.name, "params": params, "dps": args.dps, "value": value}))
    else:
        print(value)
    return EXIT_OK


def _report(args) -> int:
    from .records import build_record
    from .report import write_report
    from .report.progress import progress

    if args.paper and args.paper not in registry.paper_titles():
        raise KeyError(f"unknown paper {args.paper!r}")
    claims = registry.all_claims(args.paper)
    records, outcomes = [], []
    for claim in progress(claims, total=len(claims), label="checking claims"):
        v = check_claim(claim, profile=args.profile, seed=args.seed)
        outcomes.append(v.outcome)
        records.append(build_record(claim, v))
    meta = {
        "title": "dmfcheck verification report",
        "generated": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "profile": args.profile,
        "seed": args.seed,
        "dmfcheck_version": __version__,
        "command": "dmfcheck " + " ".join(sys.argv[1:]) if sys.argv and sys.argv[0].endswith("dmfcheck") else
                   f"dmfcheck report --out {args.out} --profile {args.profile} --seed {args.seed}",
        "papers": registry.paper_titles(),
    }
    paths = write_report(records, args.out, meta=meta)
    counts = {o.value: outcomes.count(o) for o in Outcome if outcomes.count(o)}
    print(f"wrote {paths['html']} and {paths['json']}: " + ", ".join(f"{k} {n}" for k, n in counts.items()))
    return EXIT_ERROR if Outcome.ERROR in outcomes else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
