"""LaTeX statements to offline HTML: text escaped, math converted to MathML.

Claim statements (``Claim.statement``) are LaTeX strings that mix text with inline math
(``$...$``, ``\\(...\\)``) and display math (``$$...$$``, ``\\[...\\]``). Browsers render MathML
natively, so the report needs no script and no network: each math segment becomes a
``<math>`` element via latex2mathml, after a few macros that latex2mathml does not know (or
renders wrongly) are rewritten. A segment that still fails, or whose MathML would show a raw
``\\command``, is shown as ``<code class="latex-fallback">`` instead.

>>> latex_to_html(r"For $x\\le 1$: ok")
'For <math display="inline"><mrow><mi>x</mi><mo>≤</mo><mn>1</mn></mrow></math>: ok'
"""
from __future__ import annotations

import html
import re
import unicodedata
from xml.etree.ElementTree import Element, tostring

from latex2mathml.converter import convert_to_element


class MathConversionError(ValueError):
    """A LaTeX math segment that latex2mathml cannot turn into clean MathML."""


# Delimiters after \big, \Big, \bigl, ...: latex2mathml keeps ``\langle`` etc. literally there.
_SIZED_DELIMS = {
    "langle": "⟨", "rangle": "⟩", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋",
    "lvert": "|", "rvert": "|", "vert": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖",
}
_SIZED = re.compile(r"(\\[Bb]igg?[lrm]?)\s*\\([A-Za-z]+|[|{}])")

# Plain rewrites (regex -> replacement), applied in order.
_REWRITES = (
    (re.compile(r"\\\\\s*\[[^\]]*\]"), r"\\\\"),  # row spacing "\\[6pt]"
    (re.compile(r"\\(arg|sgn|sign|rank|tr|diag|span|supp)(?![A-Za-z])"), r"\\operatorname{\1}"),
    (re.compile(r"\\(label|tag\*?)\{[^{}]*\}|\\nonumber|\\notag|\\hline"), ""),
    (re.compile(r"\\eqref\{([^{}]*)\}"), r"\\text{(\1)}"),
    (re.compile(r"\\ensuremath\{"), "{"),
)


def _sized(match: re.Match) -> str:
    size, name = match.groups()
    if name in _SIZED_DELIMS:
        return size + _SIZED_DELIMS[name]
    return "\\" + name  # e.g. \Big\{ : drop the size, keep the delimiter


def preprocess(tex: str) -> str:
    r"""Rewrite the macros latex2mathml mishandles into ones it converts.

    >>> preprocess(r"\Big\langle a, b\Big\rangle + \arg\min_k")
    '\\Big⟨ a, b\\Big⟩ + \\operatorname{arg}\\min_k'
    """
    tex = _SIZED.sub(_sized, tex)
    for pattern, repl in _REWRITES:
        tex = pattern.sub(repl, tex)
    return tex


# Letters that live in the Letterlike Symbols block instead of the Mathematical Alphanumerics.
_HOLES = {
    ("DOUBLE-STRUCK", c): u for c, u in zip("CHNPQRZ", "ℂℍℕℙℚℝℤ")
} | {("SCRIPT", c): u for c, u in zip("BEFHILMRego", "ℬℰℱℋℐℒℳℛℯℊℴ")} | {
    ("FRAKTUR", c): u for c, u in zip("CHIRZ", "ℭℌℑℜℨ")
} | {("ITALIC", "h"): "ℎ"}
_ACCENTS = set("^~ˆ˜‾¯→.˙¨")


def styled(text: str, variant: str) -> str:
    """``text`` in a MathML ``mathvariant`` as Unicode math characters (browsers implementing
    MathML Core ignore ``mathvariant`` other than ``normal``).

    >>> styled("RL", "double-struck"), styled("L", "script"), styled("α", "bold")
    ('ℝ𝕃', 'ℒ', '𝛂')
    """
    style = variant.upper().replace("-ITALIC", " ITALIC").replace("BOLD-", "BOLD ")
    out = []
    for ch in text:
        name = unicodedata.name(ch, "")
        key = name.replace("LATIN ", "").replace("GREEK ", "").replace(" LETTER", "")
        try:
            out.append(unicodedata.lookup(f"MATHEMATICAL {style} {key}"))
        except KeyError:
            out.append(_HOLES.get((style, ch), ch))
    return "".join(out)


def _restyle(elem: Element) -> None:
    """Apply ``mathvariant`` as Unicode characters, and mark hats and tildes as accents."""
    for node in elem.iter():
        variant = node.attrib.get("mathvariant")
        if variant and variant != "normal" and node.text:
            node.text = styled(node.text, variant)
            del node.attrib["mathvariant"]  # math alphanumerics are never auto-italicised
        if node.tag == "mover" and len(node) == 2 and node[1].tag == "mo" and (node[1].text or "") in _ACCENTS:
            node.set("accent", "true")


def _clean(elem: Element) -> None:
    """Turn latex2mathml's entity strings into characters (so serialisation escapes them once)
    and reject any raw LaTeX command left in the tree."""
    for node in elem.iter():
        for attr in ("text", "tail"):
            value = getattr(node, attr)
            if value:
                value = html.unescape(value)
                if "\\" in value:
                    raise MathConversionError(f"unconverted LaTeX {value.strip()!r}")
                setattr(node, attr, value)


def math_to_mathml(tex: str, *, display: bool = False) -> str:
    r"""One math segment (without its ``$`` delimiters) as a ``<math>`` element.

    Raises :class:`MathConversionError` when latex2mathml fails or leaves a raw command.

    >>> math_to_mathml(r"\tfrac12", display=True)
    '<math display="block"><mrow><mstyle displaystyle="false" scriptlevel="0"><mfrac><mn>1</mn><mn>2</mn></mfrac></mstyle></mrow></math>'
    """
    try:
        elem = convert_to_element(preprocess(tex), display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many exception types for bad input
        raise MathConversionError(f"{type(exc).__name__}: {exc}") from exc
    elem.attrib.pop("xmlns", None)  # HTML5 needs no namespace, and the page names no URL
    _clean(elem)
    _restyle(elem)
    return tostring(elem, encoding="unicode")


_SEGMENT = re.compile(
    r"\$\$(?P<d1>.+?)\$\$"
    r"|\\\[(?P<d2>.+?)\\\]"
    r"|\\\((?P<i1>.+?)\\\)"
    r"|(?<!\\)\$(?P<i2>(?:\\\$|[^$])+?)(?<!\\)\$",
    re.S,
)
_TEXT_MACROS = re.compile(r"\\(emph|textit|textbf|texttt)\{([^{}]*)\}")
_TEXT_TAGS = {"emph": "em", "textit": "em", "textbf": "strong", "texttt": "code"}


def _text_to_html(text: str) -> str:
    r"""Escape a text part; ``\$`` is a dollar, ``\emph``/``\textbf``-like macros become tags,
    and a blank line is a line break."""
    out, pos = [], 0
    for m in _TEXT_MACROS.finditer(text):
        out.append(html.escape(text[pos : m.start()]))
        tag = _TEXT_TAGS[m.group(1)]
        out.append(f"<{tag}>{html.escape(m.group(2))}</{tag}>")
        pos = m.end()
    out.append(html.escape(text[pos:]))
    joined = "".join(out).replace("\\$", "$")
    return re.sub(r"\n[ \t]*\n\s*", "<br>\n", joined)


def _segment(m: re.Match) -> tuple[str, bool]:
    if m.group("d1") is not None or m.group("d2") is not None:
        return m.group("d1") or m.group("d2"), True
    return m.group("i1") or m.group("i2"), False


def find_math(text: str) -> list[tuple[str, bool]]:
    r"""The math segments of ``text`` as ``(latex, display)`` pairs, in order.

    >>> find_math(r"a $x$ and $$y$$ and \(z\)")
    [('x', False), ('y', True), ('z', False)]
    """
    return [_segment(m) for m in _SEGMENT.finditer(text)]


def latex_to_html(text: str) -> str:
    """A statement as HTML: text parts escaped, each math segment as MathML (or a fallback)."""
    out, pos = [], 0
    for m in _SEGMENT.finditer(text):
        out.append(_text_to_html(text[pos : m.start()]))
        tex, display = _segment(m)
        try:
            out.append(math_to_mathml(tex, display=display))
        except MathConversionError:
            out.append(f'<code class="latex-fallback">{html.escape(m.group(0))}</code>')
        pos = m.end()
    out.append(_text_to_html(text[pos:]))
    return "".join(out)
