"""Each gate fails on a page that breaks it: a deliberately broken site."""

from __future__ import annotations

import textwrap

import pytest
from conftest import serve
from gates.accessibility import axe_violations
from gates.browser_checks import keyboard_problems, visit
from gates.links import check_links
from gates.markup import check_csp_ready, check_nothing_executable, check_xml_well_formed
from gates.validator import run_vnu
from gates.weight import page_weight

HEAD = '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>x</title></head>'


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    site = tmp_path_factory.mktemp("broken")
    pages = {
        "index.html": f"""{HEAD}<body><main>
            <a href="/good/">good</a> <a href="/gone/">gone</a> <a href="#nowhere">frag</a>
            <a href="/good/#missing-id">far fragment</a> <img src="/missing.png" alt="x">
            <a href="/hostile/">hostile</a> <a href="/heavy/">heavy</a>
            <a href="/inaccessible/">inaccessible</a></main></body></html>""",
        "good/index.html": f"{HEAD}<body><main><p id='here'>fine</p></main></body></html>",
        "lonely/index.html": f"{HEAD}<body><main><p>nobody links here</p></main></body></html>",
        "hostile/index.html": f"""{HEAD}<body><main>
            <script>alert(1)</script><p style="color:red" onclick="go()">x</p>
            <a href=" JaVaScRiPt:alert(1)">x</a><iframe src="/good/"></iframe>
            <style>p {{ color: red }}</style></main></body></html>""",
        "heavy/index.html": f"""{HEAD}<body><main><script src="/big.js"></script>
            <img src="/small.png" srcset="/big.png 2x" alt="heavy" width="10" height="10">
            <p>{"x" * 70_000}</p></main></body></html>""",
        "inaccessible/index.html": """<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title>
            <link rel="stylesheet" href="/bad.css"></head><body>
            <img src="/good.svg"><a href="/good/">link</a>
            <div class="wide">wide</div><img src="https://cdn.example/pixel.png" alt="">
            <script src="/missing.js"></script></body></html>""",
        "invalid/index.html": f"{HEAD}<body><p><div>block in paragraph</p></div><blink>x</blink></body></html>",
    }
    for name, text in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (site / "big.js").write_text("// x\n" * 6000, encoding="utf-8")
    (site / "small.png").write_bytes(b"\x89PNG" + b"0" * 1000)
    (site / "big.png").write_bytes(b"\x89PNG" + b"0" * 200_000)
    (site / "bad.css").write_text(
        ".wide { width: 3000px } a:focus { outline: none }", encoding="utf-8"
    )
    (site / "good.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    (site / "feed.xml").write_text("<feed><entry></feed>", encoding="utf-8")
    (site / "sitemap.xml").write_text(
        "<urlset><url><loc>&lt;script&gt;x</loc></url></urlset>", encoding="utf-8"
    )
    return site


def test_link_gate(broken):
    problems, _ = check_links(broken)
    text = "\n".join(problems)
    assert "<a href='/gone/'>: broken link" in text
    assert "<img src='/missing.png'>: broken link" in text
    assert "no element with id 'nowhere'" in text
    assert "no element with id 'missing-id'" in text
    assert "lonely/index.html: no page links to it" in text
    assert "invalid/index.html: no page links to it" in text


def test_validator_gate(broken):
    errors = run_vnu([broken / "invalid" / "index.html"])
    assert any("blink" in error for error in errors)
    assert any("p" in error and "open" in error for error in errors) or len(errors) >= 2


def test_xml_gate(broken):
    problems, _ = check_xml_well_formed(broken)
    assert [p.split(":")[0] for p in problems] == ["feed.xml"]


def test_csp_and_hostile_markup_gates(broken):
    csp = check_csp_ready(broken)
    for expected in ("inline <script>", "onclick= handler", "style= attribute", "<style> element"):
        assert any(p.startswith("hostile/index.html:") and p.endswith(expected) for p in csp)
    executable = "\n".join(check_nothing_executable(broken))
    assert "JaVaScRiPt:alert(1)" in executable
    assert "<iframe> element" in executable
    assert "sitemap.xml: '<script' in the feed's HTML" in executable


def test_weight_gate(broken):
    weight = page_weight(broken, "/heavy/")
    assert weight["js"] > 20 * 1024 and weight["html"] + weight["js"] > 60 * 1024
    assert weight["images"] > 150 * 1024  # the 2x candidate counts, not the small src


@pytest.mark.browser
def test_browser_and_axe_gates(broken, browser):
    server = serve(broken)
    try:
        page, problems = visit(browser, server.url, "/inaccessible/", 320, 640)
        text = "\n".join(problems)
        assert "failed: " in text or "404" in text
        assert "other origin: https://cdn.example/pixel.png" in text
        assert "scrolls sideways" in text
        violations = "\n".join(axe_violations(page))
        assert "image-alt" in violations and "html-has-lang" in violations
        assert any("no visible focus" in p for p in keyboard_problems(page))
        page.context.close()
        page, problems = visit(browser, server.url, "/hostile/", 390, 844)
        assert "dialog: 1" in problems
        page.context.close()
    finally:
        server.shutdown()
        server.server_close()
