"""The report renderer: JSON round trip, offline page, MathML statements, plots, a headless browser.

The browser test needs Debian's chromium (``/usr/bin/chromium``); without it the test is skipped,
unless ``DMFCHECK_REQUIRE_BROWSER=1`` (CI), where a missing browser is a failure.
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser

import numpy as np
import pytest

from dmfcheck.verify.claim import (
    Claim,
    Counterexample,
    Evidence,
    Outcome,
    PaperRef,
    Strength,
    Verdict,
)
from dmfcheck.verify.records import build_record
from dmfcheck.verify.report import load_report_json, write_report
from dmfcheck.verify.report.mathml import find_math, latex_to_html, math_to_mathml
from dmfcheck.verify.report.plots import MAX_POINTS, downsample, render_svg
from dmfcheck.verify.report.progress import progress

# --------------------------------------------------------------------------- synthetic records

UPLUS = (
    r"For $\lambda>0$ and $\mu>0$: $$U_N^+(\lambda,\mu)=-\frac{\lambda^{\frac2N-2}}{N}\sum_{\ell=1}^N"
    r"{\rm Re}\Big(e^{\frac{4\pi i\ell}{N}}\ln\big(\lambda^{1/N}e^{\frac{2\pi i\ell}N}-\mu\big)\Big)"
    r"-\frac{1}{\lambda(N-2)\mu^{N-2}}\quad(N\ge3)$$ with the principal $\ln$."
)
TID = (
    r"$$T_N^{\rm Id}=\begin{cases}\dfrac{T_N^-(\varepsilon,\alpha)}{\eta|\lambda|} & \lambda<0\\[6pt]"
    r"\dfrac{\varepsilon^{2-2N}-\alpha^{2-2N}}{(2N-2)\eta} & \lambda=0\ \ \text{(reconstructed limit)}\\[6pt]"
    r"\dfrac1\eta T_N^+(\lambda,\lambda^{1/N}+\varepsilon,\alpha) & 0<\lambda<\alpha^N\end{cases}$$"
    r" and $s_N(\lambda,\alpha)=\big\lceil c_N^{1-1/N}(\lambda^{1/N}/\alpha)^{N-1}\big\rceil$."
)
#: Statements with the macros the converter must handle (copied from the Chou catalogue).
HARD_STATEMENTS = (
    UPLUS,
    TID,
    r"$\widehat W=V\Lambda V^\top$, $\mathcal L(W)=\tfrac12\|W-\widehat W\|_F^2$, $W\in\mathbb R^{n\times n}$.",
    r"$\frac{d}{dt}\sigma_2(W_{L:1})^2=\Big\langle W_{L:1},\tfrac{d}{dt}W_{L:1}\Big\rangle$, $k^*=\arg\min_k r(W(k))$.",
    r"\(\operatorname{rank}(W)\ge 1\), \(\lvert x\rvert\le\tilde d\ne 0\), \[\left(\frac{a}{b}\right)=\mathrm{Id}\]",
    r"$|E_{ii}(k)|\le\begin{cases}\varepsilon N\lambda_i^{1-1/N}&\text{if }\lambda_i>0,\\ \varepsilon^N&\text{if }\lambda_i\le0.\end{cases}$",
)


def _record(cid, title, statement, verdict, *, plots=(), check=True, **claim_kw):
    """A record as the CLI builds it (``build_record``), with our plots and command."""
    claim = Claim(
        id=cid, paper="chou", title=title, kind="closed-form-vs-simulation",
        ref=PaperRef(arxiv="eq. (17)", journal="(22)", equations=("17", "27")),
        statement=statement, check=object() if check else None, priority="P0", rating="full", **claim_kw,
    )
    rec = build_record(claim, verdict)
    rec.update(plots=list(plots), command=f"dmfcheck check {cid} --profile quick --seed 1")
    return rec


def synthetic_records() -> list[dict]:
    domain = {
        "description": r"$\lambda\in[10^{-3},20]$, $\alpha\in[0.02,1.5]$",
        "coordinates": [
            {"name": "lam", "scale": "log", "range": [1e-3, 20.0], "grid": [1e-3, 0.01, 0.05, 0.2, 1, 5, 20]},
            {"name": "N", "scale": "choice", "choices": [2, 3, 4, 5, 7]},
            {"name": "alpha", "scale": "log", "range": [0.02, 1.5], "grid": list(np.linspace(0.02, 1.5, 30))},
        ],
        "explicit_points": 4,
    }
    rng = np.random.default_rng(0)
    profile = {"x": list(range(3000)), "y": list(1e-3 * rng.random(3000) + 1e-30), "xlabel": "point", "ylabel": "tol - |a-b|"}
    evidence = Evidence(
        method="grid + random + hypothesis", domain=domain, n_points=3000, seed=1, precision="mpmath dps=40",
        worst_margin=1.2e-30, worst_relative_margin=3.4e-31, worst_point={"N": 3, "lam": 2.0, "alpha": 0.3},
        worst_lhs="1.2204334738573466", worst_rhs="1.2204334738573466", worst_labels=("closed form", "quadrature"),
        escalated=12, skipped=3, steps=(r"compared $T_N^+$ with the quadrature",),
        info={"margin_profile": profile, "max_steps": 10**5},
    )
    k = np.arange(500)
    plot = {
        "title": "flow time", "xlabel": "k", "ylabel": "d(k)", "xscale": "linear", "yscale": "log",
        "series": [{"label": "simulated", "x": k.tolist(), "y": (np.exp(-k / 50) + 1e-3).tolist(), "style": "line"},
                   {"label": "bound", "x": [0, 250, 499], "y": [1, 0.1, 0.01], "style": "step"}],
        "hlines": [{"y": 0.01, "label": "epsilon"}], "vlines": [{"x": 120.5, "label": "T_N^Id"}],
    }
    cex = Counterexample(
        params={"N": 3, "lam": 2, "alpha": 0.3, "y": 0.9}, lhs="1.00178874836", rhs="1.22043347386",
        lhs_label="printed T3+", rhs_label="quadrature", margin="-0.21864472550", precision="mpmath dps=50",
        found_at={"N": 5, "lam": 13.7, "alpha": 0.0831, "y": 1.1}, note="printed sign of (17)",
    )
    part_pass = Verdict("p1", Outcome.PASS, Strength.PROVED, evidence=evidence, precision="exact", seconds=0.5)
    part_fail = Verdict("p2", Outcome.FAIL, Strength.EVIDENCE, counterexample=cex, precision="mpmath dps=50", seconds=0.25)
    records = [
        _record("chou.eq17-Uplus.corrected", r"$U_N^+$ (corrected)", UPLUS,
                Verdict("chou.eq17-Uplus.corrected", Outcome.PASS, Strength.EVIDENCE, evidence=evidence,
                        precision="mpmath dps=40", seed=1, seconds=1.25, expected="PASS"),
                plots=[plot], expected="PASS"),
        _record("chou.eq17-Uplus", r"$U_N^+$ (printed)", UPLUS,
                Verdict("chou.eq17-Uplus", Outcome.FAIL, Strength.EVIDENCE, counterexample=cex, seed=1,
                        seconds=0.75, expected="FAIL"),
                expected="FAIL", erratum="E1: sign of (17)"),
        _record("chou.eq20", r"$T_N^{\rm Id}$", TID, Verdict("chou.eq20", Outcome.NOT_IMPLEMENTED, reason="no check written yet"),
                reconstructed="fourth case rebuilt from the proof of Thm 2.3 (E10)"),
        _record("chou.lem2.1", "decoupling", r"$V^\top W_j(k)V=D(k)$ is diagonal.",
                Verdict("chou.lem2.1", Outcome.ERROR, reason=r"simulation diverged at $\eta=0.9$ (overflow)", seconds=0.1),
                plots=[{"title": "plot failed", "error": "Traceback: ZeroDivisionError", "series": []}],
                notes=r"see also $\S$(c) S4"),
        _record("chou.sec4", "MNIST experiment", r"The effective rank $r(W(k))$ drops, then rises.",
                Verdict("chou.sec4", Outcome.NOT_CHECKABLE, reason="needs the MNIST images")),
        _record("chou.thm2.3", "two-part theorem", TID,
                Verdict("chou.thm2.3", Outcome.FAIL, Strength.EVIDENCE, seconds=0.75,
                        parts=(("upper (22)", part_pass), ("lower (23)", part_fail)))),
        _record("chou.rem2.9", "not implemented", "", Verdict("chou.rem2.9", Outcome.NOT_IMPLEMENTED), check=False),
    ]
    return records


META = {
    "title": "dmfcheck report — test", "generated": "2026-01-01T00:00:00", "profile": "quick", "seed": 1,
    "dmfcheck_version": "0.1.0", "command": "dmfcheck report --profile quick --seed 1",
    "papers": {"chou": "Gradient descent for deep matrix factorization"},
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    paths = write_report(synthetic_records(), out, meta=META)
    return paths


# --------------------------------------------------------------------------- HTML inspection


class _Text(HTMLParser):
    """Visible text outside <math>, <pre>, <code>, <style>, and every tag/attribute seen."""

    SKIP = {"math", "pre", "code", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.attrs.extend((tag, k, v or "") for k, v in attrs)
        if tag in self.SKIP:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self.attrs.extend((tag, k, v or "") for k, v in attrs)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.text.append(data)


def _parse(html_text: str) -> _Text:
    parser = _Text()
    parser.feed(html_text)
    return parser


def test_write_report_paths_and_json_round_trip(report, tmp_path):
    assert report["html"].name == "index.html" and report["json"].name == "report.json"
    meta, records = load_report_json(report["json"])
    assert meta == META
    assert [r["id"] for r in records] == [r["id"] for r in synthetic_records()]
    assert records[0]["evidence"]["worst_point"] == {"N": 3, "lam": 2.0, "alpha": 0.3}
    again = write_report(records, tmp_path, meta=meta)
    assert again["html"].read_text() == report["html"].read_text()  # deterministic, re-renderable


def test_json_is_strict_and_converts_numpy(tmp_path):
    rec = synthetic_records()[0]
    rec["plots"][0]["series"][0]["y"] = np.array([1.0, np.nan, np.inf])
    rec["evidence"]["info"]["count"] = np.int64(7)
    paths = write_report([rec], tmp_path, meta=META)
    data = json.loads(paths["json"].read_text())  # strict JSON: no NaN/Infinity tokens
    assert data["records"][0]["plots"][0]["series"][0]["y"] == [1.0, "nan", "inf"]
    assert data["records"][0]["evidence"]["info"]["count"] == 7
    assert "NaN" not in paths["json"].read_text()


def test_page_has_no_network_references(report):
    page = report["html"].read_text()
    assert "http://" not in page and "https://" not in page
    assert "@import" not in page and not re.search(r"url\(\s*['\"]?(?!#)", page)
    for tag, attr, value in _parse(page).attrs:
        if attr in ("src", "href", "xlink:href", "srcset", "poster", "data", "action"):
            assert value.startswith("#") or value.startswith("data:"), (tag, attr, value)
    assert "<script" not in page and "<link" not in page and "<iframe" not in page


def test_no_raw_latex_visible(report):
    page = report["html"].read_text()
    visible = "".join(_parse(page).text)
    for token in ("\\frac", "\\lambda", "\\begin", "$", "\\("):
        assert token not in visible, token
    assert not re.search(r"\\[A-Za-z]+", visible)
    assert 'class="latex-fallback"' not in page
    assert page.count('<math display="block">') >= 3 and page.count('<math display="inline">') > 10


def test_page_content(report):
    page = report["html"].read_text()
    for rid in ("chou.eq17-Uplus.corrected", "chou.eq17-Uplus", "chou.eq20", "chou.lem2.1", "chou.sec4", "chou.thm2.3"):
        assert f'id="{rid}"' in page and f'href="#{rid}"' in page
    assert "FAIL (expected, erratum E1)" in page
    assert "RECONSTRUCTED" in page and "fourth case rebuilt from the proof" in page
    assert "needs the MNIST images" in page and "no check written yet" in page
    assert "Traceback: ZeroDivisionError" in page and "Notes:" in page
    assert "found at (before shrinking)" in page and "-0.21864472550" in page and "printed T3+" in page
    assert "upper (22)" in page and "lower (23)" in page  # parts table
    assert "dmfcheck check chou.eq17-Uplus --profile quick --seed 1" in page
    assert "Margin over the explored points" in page and "flow time" in page
    assert page.count("<svg") == 3  # the plot spec and two margin profiles (claim and part)
    counts = re.search(r'<p class="counts">(.*?)</p>', page, re.S).group(1)
    assert "PASS 1" in counts and "FAIL 2" in counts and "NOT_IMPLEMENTED 2" in counts and "ERROR 1" in counts


def test_svg_ids_are_unique_on_the_page(report):
    page = report["html"].read_text()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for ref in re.findall(r'(?:href="#|url\(#)([^")]+)', page):
        assert ref in ids, ref


def test_broken_plot_spec_is_a_note_not_a_crash(tmp_path):
    rec = synthetic_records()[3]
    rec["plots"] = [{"title": "broken", "series": [], "hlines": [{"y": "not a number"}]}]
    page = write_report([rec], tmp_path, meta=META)["html"].read_text()
    assert "could not be drawn" in page and "broken" in page


# --------------------------------------------------------------------------- math


@pytest.mark.parametrize("statement", HARD_STATEMENTS)
def test_hard_statements_convert(statement):
    html_text = latex_to_html(statement)
    assert "latex-fallback" not in html_text
    assert "\\" not in re.sub(r"<[^>]+>", "", html_text)
    assert html_text.count("<math") == len(find_math(statement)) >= 1


def test_math_conversion_details():
    assert 'display="block"' in math_to_mathml(r"x", display=True)
    assert "⟨" in math_to_mathml(r"\Big\langle a\Big\rangle") and "⌈" in math_to_mathml(r"\big\lceil x\big\rceil")
    assert "ℝ" in math_to_mathml(r"\mathbb R") and "ℒ" in math_to_mathml(r"\mathcal L")
    assert "<mo>arg</mo>" in math_to_mathml(r"\arg\min")
    assert "6pt" not in math_to_mathml(r"\begin{cases}a\\[6pt]b\end{cases}")
    assert "&lt;b&gt;" in math_to_mathml(r"\text{<b>}")  # text inside math is escaped
    assert latex_to_html("a < b & c") == "a &lt; b &amp; c"
    assert latex_to_html(r"costs \$5") == "costs $5"
    fallback = latex_to_html(r"bad $\frac{1}{$ end")
    assert "latex-fallback" in fallback or "<math" in fallback
    assert 'class="latex-fallback"' in latex_to_html(r"$\undefinedmacro x$")


def test_all_shipped_statements_convert():
    """Every LaTeX string of every registered claim (implemented or not) becomes MathML."""
    from dmfcheck.verify.registry import all_claims

    claims = all_claims()
    texts = {(c.id, field): text for c in claims
             for field, text in (("title", c.title), ("statement", c.statement), ("reconstructed", c.reconstructed),
                                 ("notes", c.notes), ("arxiv", c.ref.arxiv), ("journal", c.ref.journal)) if text}
    assert len(claims) >= 60 and sum(1 for _, f in texts if f == "title") == len(claims)
    bad = [key for key, text in texts.items() if 'class="latex-fallback"' in latex_to_html(text)]
    assert not bad, f"LaTeX that does not convert to MathML: {bad}"
    assert sum(len(find_math(t)) for t in texts.values()) > 20


# --------------------------------------------------------------------------- plots, progress


def test_downsample_keeps_extremes_and_caps_points():
    x = np.arange(100_000.0)
    y = np.sin(x / 1000.0)
    y[54321] = -7.0
    xs, ys = downsample(x, y)
    assert len(xs) <= MAX_POINTS and ys.min() == -7.0 and np.all(np.diff(xs) > 0)


def test_plot_is_fast_and_downsampled():
    n = 200_000
    spec = {"title": "big", "xlabel": "k", "ylabel": "y", "xscale": "log", "yscale": "symlog",
            "series": [{"label": "s", "x": list(range(1, n + 1)), "y": list(np.linspace(-1e3, 1e3, n)), "style": "points"}],
            "hlines": [], "vlines": []}
    render_svg(spec)  # warm-up (font cache)
    start = time.perf_counter()
    svg = render_svg(spec)
    elapsed = time.perf_counter() - start
    assert svg.startswith("<svg") and svg.count("<use") < 100  # the cloud is one path, not a <use> per point
    cloud = max(re.findall(r'<path d="([^"]*)"', svg), key=len)
    assert cloud.count("M ") <= MAX_POINTS  # downsampled
    assert len(svg) < 150_000
    assert elapsed < 1.0  # target 0.3 s; slack for a loaded CI machine


@pytest.mark.parametrize("module", ["mathml", "plots", "render", "progress"])
def test_doctests(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"dmfcheck.verify.report.{module}"))
    assert result.attempted > 0 and result.failed == 0


def test_progress_is_silent_without_tty(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    assert list(progress(range(5), 5, "checking")) == [0, 1, 2, 3, 4]
    assert err.getvalue() == ""


def test_progress_draws_on_tty(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    assert list(progress(iter("abc"), 3, "checking")) == ["a", "b", "c"]
    assert "checking [" in err.getvalue() and "3/3" in err.getvalue() and err.getvalue().endswith("\n")


# --------------------------------------------------------------------------- browser

CHROMIUM = "/usr/bin/chromium"
BROWSER_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    '--host-resolver-rules=MAP * ~NOTFOUND',
]


def _browser():
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if path:
        return path
    if os.environ.get("DMFCHECK_REQUIRE_BROWSER") == "1":
        pytest.fail("DMFCHECK_REQUIRE_BROWSER=1 but chromium is not installed")
    pytest.skip("chromium not installed")


def test_headless_browser_renders_math_and_table(report, tmp_path):
    browser = _browser()
    url = report["html"].resolve().as_uri()
    common = [browser, *BROWSER_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("<math") >= 10 and "<mfrac>" in dom.stdout and "<mtable>" in dom.stdout
    assert '<table class="summary">' in dom.stdout and "FAIL (expected, erratum E1)" in dom.stdout
    assert dom.stdout.count("<svg") == 3
    png = tmp_path / "page.png"
    shot = subprocess.run([*common, f"--screenshot={png}", "--window-size=1200,2400", url],
                          capture_output=True, text=True, timeout=120)
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
