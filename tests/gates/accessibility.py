"""axe-core (npm, pinned) injected into a page by Playwright."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """One line per violating node of the page currently loaded."""
    # Evaluated through the DevTools protocol, not added as a <script>: the
    # site's own Content-Security-Policy (served by the tests) forbids inline
    # scripts, and the test must not weaken it.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return [
        f"{violation['id']}: {node['target']} ({violation['help']})"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]
