"""What a visitor's browser notices: console errors, failed requests, other
origins, dialogs, sideways scrolling, and controls a keyboard cannot reach
or see focused."""

from __future__ import annotations


def visit(browser, base_url, path, width, height):
    """Load a page; return (page, problems seen while loading)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on(
        "request",
        lambda r: r.url.startswith(base_url) or problems.append(f"other origin: {r.url}"),
    )
    response = page.goto(base_url + path)
    if response.status != 200:
        problems.append(f"HTTP {response.status}")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        problems.append(f"scrolls sideways: {scroll}px wide at {width}px")
    return page, problems


FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"


def keyboard_problems(page) -> list[str]:
    """Tab through the page: every control reached once, each visibly focused."""
    expected = page.evaluate(
        f"""() => [...document.querySelectorAll("{FOCUSABLE}")]
              .filter(e => e.getClientRects().length)
              .map((e, i) => (e.dataset.kbd = i, i))"""
    )
    reached, problems = [], []
    for _ in range(len(expected) + 2):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
                  return {id: e.dataset.kbd, tag: e.tagName, text: e.textContent.trim().slice(0, 30),
                    visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                             || s.boxShadow !== 'none'}; }"""
        )
        if state["id"] is None or state["id"] in reached:
            continue
        reached.append(state["id"])
        if not state["visible"]:
            problems.append(f"no visible focus on <{state['tag']}> {state['text']!r}")
    missing = sorted(set(map(str, expected)) - set(reached), key=int)
    if missing:
        problems.append(f"{len(missing)} controls never reached by Tab")
    return problems
