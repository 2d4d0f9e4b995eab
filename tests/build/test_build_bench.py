"""The build benchmark runs end to end on a tiny directory and prints its
tables. It times nothing: benchmarks are not timed tests."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_build_bench_prints_phases_for_a_tiny_site(tmp_path):
    work = tmp_path / "work"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "build_bench.py"), "20", "--work", str(work),
         "--scenarios", "html-clean,html-no-change,html-one-change"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert "(a) clean `make html`" in out and "(d) one exhibitor's summary changed" in out
    for phase in ("load + validate", "render (Jinja", "search index", "post-build: staging"):
        assert out.count(f"| {phase}") + out.count(f"| — {phase}") == 2, phase
    assert out.count("| **total** |") == 3
    # No change: scripts/build.py skips the build, and nothing in the output changes.
    assert "| scripts/build.py: inputs and output checked, nothing changed |" in out
    assert results_changed(work, "html-no-change") == {"added": 0, "replaced": 0, "removed": 0}

    results = json.loads((work / "results.json").read_text(encoding="utf-8"))
    clean = results["scenarios"]["html-clean"]
    assert clean["output"]["html"] > 20 and clean["output"]["search"] > 0
    assert (
        clean["changed"]["added"]
        == clean["output"]["html"] + clean["output"]["search"] + (clean["output"]["other"])
    )
    assert results["scenarios"]["html-one-change"]["changed"]["replaced"] > 0  # the edited page


def results_changed(work, scenario: str) -> dict:
    results = json.loads((work / "results.json").read_text(encoding="utf-8"))
    return results["scenarios"][scenario]["changed"]
