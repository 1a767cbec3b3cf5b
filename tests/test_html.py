"""The HTML glossary: safe with hostile paper content, and working in a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from annotator.render.html import mathml
from conftest import ROOT, run_cli, write_tree

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_mathml_is_sanitized() -> None:
    out = mathml(r"\text{<script>alert(1)</script>} x < y")
    assert "<script" not in out and "alert(1)" in out
    assert mathml("x & y").startswith("<code>")  # not XML: shown as escaped LaTeX
    bold = mathml(r"\boldsymbol{x}")
    assert "𝒙" in bold and "mathvariant" not in bold


def test_hostile_paper_gives_a_safe_page(tmp_path: Path) -> None:
    paper = write_tree(tmp_path / "paper", {"main.tex": (
        "\\title{Attack <script>alert('t')</script>}\\begin{document}\n"
        "Where $x$ is the <img src=x onerror=alert(1)> input \u202eevil\u202c and "
        "$\\text{<script>alert(2)</script>}$ and $y$ is \"quoted\" & 'odd'.\n\\end{document}")})
    target = tmp_path / "out.html"
    result = run_cli(["glossary", str(paper), "-f", "html", "-o", str(target), "-q"])
    assert result.code == 0, result.err
    page = target.read_text()
    assert len(re.findall(r"<script\b", page)) == 1  # ours only
    assert "<img" not in page and "&lt;img src=x onerror=alert" in page
    assert "Attack &lt;script&gt;" in page
    assert "\u202e" not in page  # no bidirectional override reaches the page
    # offline: no URL but the MathML namespace
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {
        "http://www.w3.org/1998/Math/MathML"}


def test_output_file_mode_is_the_users(tmp_path: Path) -> None:
    target = tmp_path / "g.html"
    run_cli(["glossary", str(ROOT / "samples" / "attention-note"), "-f", "html", "-q",
             "-o", str(target)])
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    import os
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: chromium)")
def test_glossary_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "glossary.html"
    result = run_cli(["glossary", str(ROOT / "samples" / "attention-note"), "-f", "html",
                      "-q", "-o", str(page)])
    assert result.code == 0
    url = page.as_uri()
    # MathML renders: the page measures its first formula and says so.
    dom = _chromium(["--virtual-time-budget=3000", "--dump-dom", url], tmp_path / "p1").stdout
    assert 'data-mathml="yes"' in dom
    assert dom.count("<math") >= 40
    # The search box filters (a #q= link fills it in): only η's row is left.
    dom = _chromium(["--virtual-time-budget=3000", "--dump-dom", url + "#q=learning%20rate"],
                    tmp_path / "p2").stdout
    rows = re.findall(r"<tr\b[^>]*\bdata-search=[^>]*>", dom)
    visible = [row for row in rows if not re.search(r"\shidden\b", row)]
    assert len(rows) == 40 and len(visible) == 1 and "learning rate" in visible[0]
    # A screenshot to look at (saved next to the page; the path is printed with -s).
    shot = tmp_path / "glossary.png"
    _chromium(["--window-size=1280,1600", f"--screenshot={shot}", url], tmp_path / "p3")
    assert shot.exists() and shot.stat().st_size > 20_000
    print(f"screenshot: {shot}")
