"""Plot specs to inline SVG: matplotlib's SVG canvas on a bare ``Figure`` (no pyplot, no GUI
backend, no global backend switch), text kept as ``<text>``.

A plot spec is plain data (it travels in ``report.json``)::

    {"title": str, "xlabel": str, "ylabel": str,
     "xscale": "linear"|"log", "yscale": "linear"|"log"|"symlog",
     "series": [{"label": str, "x": [...], "y": [...], "style": "line"|"points"|"step"}],
     "hlines": [{"y": float, "label": str}], "vlines": [{"x": float, "label": str}]}

Series are downsampled to at most :data:`MAX_POINTS` points, keeping each bucket's extremes
so that a worst margin is never dropped. Values that are not finite numbers (``None``,
``"nan"``, ``"inf"``) become gaps.
"""
from __future__ import annotations

import io
import math
import re
from typing import Any, Mapping, Optional, Sequence

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

MAX_POINTS = 2000
_RC = {"svg.fonttype": "none", "svg.hashsalt": "dmfcheck", "font.size": 9}
_FIGSIZE = (6.8, 3.4)
_MARGINS = {"left": 0.12, "right": 0.98, "bottom": 0.15, "top": 0.90}


def to_floats(values: Sequence[Any]) -> np.ndarray:
    """Numbers, numeric strings (mpmath values, ``"inf"``) and ``None`` as a float array;
    anything that is not a number becomes NaN.

    >>> to_floats([1, "2.5", None, "x"]).tolist()
    [1.0, 2.5, nan, nan]
    """
    try:
        return np.asarray(values, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        pass
    out = np.full(len(values), np.nan)
    for i, v in enumerate(values):
        try:
            out[i] = float(v)
        except (TypeError, ValueError, OverflowError):
            pass
    return out


def downsample(x: np.ndarray, y: np.ndarray, max_points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """At most ``max_points`` points, in their original order: each of ``max_points // 2``
    consecutive buckets keeps its smallest and its largest ``y``.

    >>> x = np.arange(10.0); y = np.array([0, 5, 1, 1, -3, 1, 1, 9, 1, 1.0])
    >>> downsample(x, y, 4)[1].tolist()
    [5.0, -3.0, 1.0, 9.0]
    """
    n = len(y)
    if n <= max_points:
        return x, y
    buckets = max_points // 2
    size = -(-n // buckets)
    padded = np.full(buckets * size, np.nan)
    padded[:n] = y
    rows = padded.reshape(buckets, size)
    lo = np.argmin(np.where(np.isnan(rows), np.inf, rows), axis=1)
    hi = np.argmax(np.where(np.isnan(rows), -np.inf, rows), axis=1)
    base = np.arange(buckets) * size
    idx = np.unique(np.concatenate([base + lo, base + hi]))
    idx = idx[idx < n]
    return x[idx], y[idx]


def _symlog_axis(ax, ys: list[np.ndarray]) -> None:
    """A symlog y axis whose linear range is the smallest non-zero ``|y|`` (at most 12 decades
    below the largest), with at most five labelled decades per sign."""
    vals = np.concatenate(ys) if ys else np.array([])
    vals = vals[np.isfinite(vals)]
    mags = np.abs(vals[vals != 0])
    if not mags.size:
        ax.set_yscale("symlog")
        return
    top = mags.max()
    linthresh = float(max(mags.min(), top * 1e-12))
    ax.set_yscale("symlog", linthresh=linthresh)
    lo, hi = math.floor(math.log10(linthresh)), math.ceil(math.log10(top))
    decades = [10.0**k for k in range(hi, lo - 1, -max(1, math.ceil((hi - lo + 1) / 5)))]
    ticks = [0.0] + (decades if (vals > 0).any() else []) + ([-d for d in decades] if (vals < 0).any() else [])
    ax.yaxis.set_major_locator(FixedLocator(sorted(ticks)))
    if vals.min() >= 0:  # one-signed data: no empty half-axis
        ax.set_ylim(bottom=0)
    elif vals.max() <= 0:
        ax.set_ylim(top=0)


def _draw_points(ax, x: np.ndarray, y: np.ndarray, label: Optional[str]) -> None:
    """A point cloud as ONE SVG path of zero-length round-capped strokes.

    matplotlib writes one ``<use>`` element per marker (~120 bytes, ~0.1 ms each); the single
    path is about a third of the size and several times faster. An empty marker line carries
    the legend entry and picks the colour.
    """
    (proxy,) = ax.plot([], [], linestyle="none", marker="o", markersize=2.5, label=label)
    ok = np.isfinite(x) & np.isfinite(y)
    if ax.get_xscale() == "log":
        ok &= x > 0
    if ax.get_yscale() == "log":
        ok &= y > 0
    if not ok.any():
        return
    xy = np.repeat(np.column_stack([x[ok], y[ok]]), 2, axis=0)
    codes = np.tile([Path.MOVETO, Path.LINETO], int(ok.sum()))
    path = Path(xy, codes)
    path.should_simplify = False  # simplification would drop the zero-length strokes
    patch = PathPatch(path, fill=False, edgecolor=proxy.get_color(), linewidth=2.5, capstyle="round", transform=ax.transData)
    ax.add_artist(patch)  # not add_patch: its limit update walks every segment as a Bezier curve
    ax.update_datalim(xy)


def _draw(ax, series: Mapping[str, Any]) -> np.ndarray:
    y = to_floats(series.get("y", []))
    x = to_floats(series.get("x", [])) if series.get("x") is not None else np.arange(len(y), dtype=float)
    n = min(len(x), len(y))
    x, y = downsample(x[:n], y[:n])
    style = series.get("style", "line")
    label = series.get("label") or None
    if style == "points":
        _draw_points(ax, x, y, label)
    elif style == "step":
        ax.step(x, y, where="post", linewidth=1.2, label=label)
    else:
        ax.plot(x, y, linewidth=1.2, label=label)
    return y


def _power_label(value: float, _pos=None) -> str:
    """Tick labels of log axes as plain text ("1e-3"): mathtext labels cost ~20 ms each.

    >>> _power_label(0.001), _power_label(-100.0), _power_label(0.0), _power_label(2.0)
    ('1e-3', '-100', '0', '2')
    """
    if value == 0:
        return "0"
    mant, exp = f"{value:.0e}".split("e")
    exp = int(exp)
    return f"{value:g}" if 0 <= exp <= 3 else f"{mant}e{exp}"


def _plain_ticks(axis) -> None:
    """Plain-text decade labels and no minor ticks (each tick is several artists)."""
    axis.set_major_formatter(FuncFormatter(_power_label))
    axis.set_minor_locator(NullLocator())


def _scoped_ids(svg: str, prefix: str) -> str:
    """Prefix every id (and every reference to it) so that several SVGs can share a page."""
    ids = set(re.findall(r'\sid="([^"]+)"', svg))
    if not ids:
        return svg

    def sub(m: re.Match) -> str:
        return m.group(1) + prefix + m.group(2) + m.group(3) if m.group(2) in ids else m.group(0)

    return re.sub(r'(\sid="|href="#|url\(#)([^")]+)([")])', sub, svg)


def _svg_body(fig: Figure, prefix: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:xlink)?="[^"]*"', "", svg)  # HTML5 inline SVG needs no namespaces
    svg = re.sub(r'(<svg[^>]*?)\s+width="[^"]*"\s+height="[^"]*"', r"\1", svg, count=1)
    return _scoped_ids(svg, prefix)


def render_svg(spec: Mapping[str, Any], prefix: str = "p") -> str:
    """One plot spec as an ``<svg>`` element (no XML prolog, no namespaces, ids prefixed)."""
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=_FIGSIZE)
        fig.subplots_adjust(**_MARGINS)  # fixed margins: tight_layout would draw the figure twice
        ax = fig.add_subplot()
        xlog, yscale = spec.get("xscale", "linear") == "log", spec.get("yscale", "linear")
        if xlog:  # log scales first: the point clouds drop non-positive values themselves
            ax.set_xscale("log", nonpositive="mask")
        if yscale == "log":
            ax.set_yscale("log", nonpositive="mask")
        ys = [_draw(ax, s) for s in spec.get("series", [])]
        for h in spec.get("hlines", []):
            ax.axhline(float(h["y"]), color="0.35", linestyle="--", linewidth=0.9, label=h.get("label") or None)
        for v in spec.get("vlines", []):
            ax.axvline(float(v["x"]), color="tab:red", linestyle=":", linewidth=1.0, label=v.get("label") or None)
        if yscale == "symlog":  # needs the data for its linear range
            _symlog_axis(ax, ys)
        if xlog:
            _plain_ticks(ax.xaxis)
        if yscale in ("log", "symlog"):
            _plain_ticks(ax.yaxis)
        ax.set_title(spec.get("title", ""))
        ax.set_xlabel(spec.get("xlabel", ""))
        ax.set_ylabel(spec.get("ylabel", ""))
        ax.grid(True, linewidth=0.4, alpha=0.5)
        if ax.get_legend_handles_labels()[1]:
            ax.legend(fontsize=7, loc="best")
        return _svg_body(fig, prefix)


def margin_profile_spec(profile: Mapping[str, Any]) -> dict:
    """The generic "margin over the explored points" plot of an evidence's ``info["margin_profile"]``.

    A profile that spans more than three decades (or both signs with a wide range) is drawn on a
    symlog axis; the line ``margin = 0`` separates PASS from FAIL.
    """
    y = to_floats(profile.get("y", []))
    mags = np.abs(y[np.isfinite(y) & (y != 0)])
    wide = mags.size > 0 and mags.max() / mags.min() > 1e3
    return {
        "title": "Margin over the explored points",
        "xlabel": profile.get("xlabel", "point"),
        "ylabel": profile.get("ylabel", "margin"),
        "xscale": "linear",
        "yscale": "symlog" if wide else "linear",
        "series": [{"label": "", "x": profile.get("x"), "y": profile.get("y", []), "style": "points"}],
        "hlines": [{"y": 0.0, "label": "margin = 0"}],
        "vlines": [],
    }
