"""Verdict records to ``report.json`` and one offline ``index.html``.

A record is ``claim.listing()`` merged with ``verdict.to_json()`` plus ``statement`` (LaTeX),
``reconstructed``, ``plots`` (plot specs, see :mod:`.plots`) and ``command``. The page has no
network reference: CSS inline, math as MathML (:mod:`.mathml`), plots as inline SVG.
:func:`load_report_json` reads a ``report.json`` back, so a report can be re-rendered.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any, Mapping, Optional

import jinja2
from markupsafe import Markup, escape

from .mathml import latex_to_html
from .plots import margin_profile_spec, render_svg, to_floats

VERDICTS = ("PASS", "FAIL", "ERROR", "NOT_CHECKABLE", "NOT_IMPLEMENTED")
_TEMPLATES = Path(__file__).parent / "templates"
_LIST_HEAD, _LIST_TAIL = 8, 3  # long lists show their first and last values


# --------------------------------------------------------------------------- JSON


def jsonable(x: Any) -> Any:
    """``x`` as plain JSON data: non-finite floats become ``"inf"``/``"nan"`` (as in
    ``Verdict.to_json``), NumPy values become lists and numbers, anything else ``str``.

    >>> jsonable({"a": (1, float("inf")), 2: None})
    {'a': [1, 'inf'], '2': None}
    """
    if isinstance(x, Mapping):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if hasattr(x, "tolist"):  # numpy arrays and scalars
        return jsonable(x.tolist())
    if isinstance(x, bool) or x is None or isinstance(x, (int, str)):
        return x
    if isinstance(x, float):
        return x if math.isfinite(x) else repr(x)
    return str(x)


def load_report_json(path) -> tuple[dict, list[dict]]:
    """``(meta, records)`` of a ``report.json`` written by :func:`write_report`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["meta"], data["records"]


# --------------------------------------------------------------------------- formatting


def num(value: Any, digits: int = 4) -> str:
    """A number for a table cell: ``digits`` significant digits; ``None`` is a dash.

    >>> num(0.000123456), num("1.23456789e-30"), num(None), num(7), num("inf"), num("n/a")
    ('0.0001235', '1.235e-30', '—', '7', 'inf', 'n/a')
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{x:.{digits}g}"


def show(value: Any) -> Markup:
    """Any JSON value as compact HTML: mappings as key/value tables, long lists abbreviated,
    strings through :func:`latex_to_html` (so ``$...$`` in a description is math)."""
    if value is None:
        return Markup("—")
    if isinstance(value, Mapping):
        if not value:
            return Markup("—")
        rows = "".join(f"<tr><th>{escape(k)}</th><td>{show(v)}</td></tr>" for k, v in value.items())
        return Markup(f'<table class="kv">{rows}</table>')
    if isinstance(value, (list, tuple)):
        if any(isinstance(v, (Mapping, list, tuple)) for v in value):
            return Markup("".join(f'<div class="item">{show(v)}</div>' for v in value))
        if len(value) > _LIST_HEAD + _LIST_TAIL:
            shown = [num(v) for v in value[:_LIST_HEAD]] + ["…"] + [num(v) for v in value[-_LIST_TAIL:]]
            return Markup(f'{escape(", ".join(shown))} <span class="muted">({len(value)} values)</span>')
        return escape(", ".join(num(v) for v in value))
    if isinstance(value, str):
        return Markup(latex_to_html(value))
    return escape(num(value, 6))


def point(params: Optional[Mapping[str, Any]]) -> Markup:
    """A parameter point inline: ``N=3  lam=2  alpha=0.3``, full precision."""
    if not params:
        return Markup("—")
    return Markup(" ".join(f'<span class="kv-pair"><b>{escape(k)}</b>={escape(v)}</span>' for k, v in params.items()))


def latex(text: Optional[str]) -> Markup:
    return Markup(latex_to_html(text or ""))


# --------------------------------------------------------------------------- view model


def verdict_of(rec: Mapping[str, Any]) -> str:
    return rec.get("verdict") or rec.get("status") or "NOT_IMPLEMENTED"


def erratum_label(erratum: Optional[str]) -> str:
    """``"E1: sign of (17)"`` -> ``"E1"``."""
    return (erratum or "").split(":")[0].strip()


def verdict_text(rec: Mapping[str, Any]) -> str:
    """The verdict as the summary shows it, with the expectation where there is one.

    >>> verdict_text({"verdict": "FAIL", "expected": "FAIL", "erratum": "E1: sign of (17)"})
    'FAIL (expected, erratum E1)'
    >>> verdict_text({"verdict": "PASS", "expected": "FAIL"})
    'PASS (expected FAIL)'
    """
    verdict, expected = verdict_of(rec), rec.get("expected")
    if not expected:
        return verdict
    if expected != verdict:
        return f"{verdict} (expected {expected})"
    if verdict == "FAIL":
        label = erratum_label(rec.get("erratum"))
        return f"FAIL (expected, erratum {label})" if label else "FAIL (expected)"
    return f"{verdict} (expected)"


def worst_margin(rec: Mapping[str, Any]) -> Optional[float]:
    """The worst margin found: the evidence's, else the counterexample's; for a conjunction
    without either, the least worst margin of its parts.

    >>> worst_margin({"counterexample": {"margin": "-0.25"}, "parts": []})
    -0.25
    """
    ev, cx = rec.get("evidence") or {}, rec.get("counterexample") or {}
    for value in (ev.get("worst_margin"), cx.get("margin")):
        if value is not None:
            return float(to_floats([value])[0])
    margins = [m for m in (worst_margin(p) for p in rec.get("parts") or []) if m is not None]
    return min(margins) if margins else None


class _Plots:
    """Renders plot specs to SVG with page-unique id prefixes; a spec that cannot be drawn
    becomes a visible note instead of breaking the page."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, spec: Mapping[str, Any]) -> Markup:
        self.count += 1
        title = escape(spec.get("title", ""))
        if spec.get("error"):  # the claim's plot function raised (see records.build_record)
            return Markup(f'<div class="plot-error">Plot “{title}” failed:<pre>{escape(spec["error"])}</pre></div>')
        try:
            svg = render_svg(spec, prefix=f"p{self.count}-")
        except (TypeError, ValueError, KeyError) as exc:
            return Markup(f'<p class="plot-error">Plot “{title}” could not be drawn: {escape(exc)}</p>')
        return Markup(f'<figure class="plot">{svg}</figure>')


def _profile(verdict: Mapping[str, Any]) -> Optional[dict]:
    info = (verdict.get("evidence") or {}).get("info") or {}
    return margin_profile_spec(info["margin_profile"]) if info.get("margin_profile") else None


def _without(mapping: Mapping[str, Any], *keys: str) -> dict:
    return {k: v for k, v in mapping.items() if k not in keys}


def _papers(records: list[dict], meta: Mapping[str, Any]) -> list[dict]:
    titles = meta.get("papers") or {}
    order: dict[str, list] = {}
    for rec in records:
        order.setdefault(rec.get("paper", ""), []).append(rec)
    return [{"id": pid, "title": titles.get(pid, pid), "records": recs, "counts": Counter(verdict_of(r) for r in recs)} for pid, recs in order.items()]


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=num, show=show, point=point, latex=latex)
    env.globals.update(
        verdict_of=verdict_of, verdict_text=verdict_text, worst_margin=worst_margin,
        profile=_profile, without=_without,
    )
    return env


def render_html(records: list[dict], meta: Mapping[str, Any]) -> str:
    """The report page as a string (records already :func:`jsonable`)."""
    env = _environment()
    counts = Counter(verdict_of(r) for r in records)
    expected = [r for r in records if r.get("expected")]
    return env.get_template("report.html").render(
        meta=meta,
        papers=_papers(records, meta),
        counts=[(v, counts.get(v, 0)) for v in VERDICTS] + [(v, n) for v, n in counts.items() if v not in VERDICTS],
        n_records=len(records),
        n_expected_fail=sum(1 for r in expected if r["expected"] == verdict_of(r) == "FAIL"),
        n_unexpected=sum(1 for r in expected if r["expected"] != verdict_of(r)),
        plot=_Plots(),
        css=Markup((_TEMPLATES / "report.css").read_text(encoding="utf-8")),
    )


def write_report(records: list[dict], out_dir, *, meta: dict) -> dict:
    """Write ``report.json`` and ``index.html`` into ``out_dir``; return their paths as
    ``{"html": Path, "json": Path}``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    meta, records = jsonable(meta), jsonable(records)
    json_path, html_path = out / "report.json", out / "index.html"
    json_path.write_text(json.dumps({"meta": meta, "records": records}, indent=1, allow_nan=False), encoding="utf-8")
    html_path.write_text(render_html(records, meta), encoding="utf-8")
    return {"html": html_path, "json": json_path}
