"""`make html`/`make publish` skip a build when nothing it reads changed, and
only then (scripts/build.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from conftest import FIXED_EPOCH, ROOT, FixtureSite

NOTHING_TO_DO = "nothing to do"
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def project(tmp_path):
    site = FixtureSite(tmp_path / "site")
    site.exhibitor("kopi-senja", name="Kopi Senja")
    return site


def build(site: FixtureSite, epoch: str | None = FIXED_EPOCH, force: bool = False) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build.py"), "-s", str(site.settings),
         "-o", str(site.output), "--state", str(site.root / "state"), *(["--force"] * force)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def snapshot(site: FixtureSite) -> dict:
    return {p: p.stat().st_mtime_ns for p in site.output.rglob("*") if p.is_file()}


def test_a_second_build_with_nothing_changed_does_nothing(project):
    assert NOTHING_TO_DO not in build(project)
    before = snapshot(project)
    assert NOTHING_TO_DO in build(project)
    assert snapshot(project) == before
    # The file hashes, kept aside while Pelican ran, are in the one record.
    assert [path.suffix for path in (project.root / "state").glob("*.*")
            if path.suffix != ".next-change"] == [".json"]  # fmt: skip


def test_the_build_script_does_not_import_pelican():
    """It waits beside the whole build: Pelican's modules would weigh some
    30 MiB there, and a third of a second on every skipped build."""
    check = "import sys, atomic_output.staging; sys.exit('pelican' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    assert subprocess.run([sys.executable, "-c", check], env=env).returncode == 0


def test_a_failed_build_keeps_the_last_record_and_leaves_nothing_aside(project):
    build(project)
    state = project.root / "state"
    kept = {path.name: path.read_bytes() for path in state.glob("*.json")}
    project.write("data/exhibitors/rusak.yaml", "name: [unclosed\n")
    with pytest.raises(AssertionError, match="rusak.yaml"):
        build(project)
    assert {path.name: path.read_bytes() for path in state.glob("*.json")} == kept
    assert {path.suffix for path in state.iterdir()} <= {".json", ".next-change"}


def test_a_changed_input_builds_again(project):
    build(project)
    project.exhibitor("kopi-senja", name="Kopi Senja Baru")
    assert NOTHING_TO_DO not in build(project)
    assert "Kopi Senja Baru" in project.page("peserta/kopi-senja/")
    project.write("theme-free-note.txt", "not an input")  # outside every input folder
    assert NOTHING_TO_DO in build(project)


def test_another_now_or_another_output_builds_again(project):
    build(project)
    assert NOTHING_TO_DO not in build(project, epoch=str(int(FIXED_EPOCH) + 86400))
    # `make clean`: the output folder is gone, and a new one is made.
    shutil.rmtree(project.output)
    assert NOTHING_TO_DO not in build(project, epoch=str(int(FIXED_EPOCH) + 86400))
    assert (project.output / "peserta" / "kopi-senja" / "index.html").is_file()


def test_a_build_published_by_another_route_is_noticed(project):
    """Pelican run directly (as the devserver does) publishes into the same
    output: the next `make html` cannot trust what it recorded."""
    build(project)
    marker = project.root / ".output.published"
    token = marker.read_text()
    project.build()  # plain `pelican`, not scripts/build.py
    assert marker.read_text() != token
    assert NOTHING_TO_DO not in build(project)
    assert NOTHING_TO_DO in build(project)


def test_the_output_is_not_listed_a_hand_edit_needs_force(project):
    """The check costs a stat, not a listing of the whole output, and the
    publish trusts the listing the last one recorded; a file removed by hand
    is put back by a forced build."""
    build(project)
    project.exhibitor("kopi-senja", name="Kopi Senja Baru")
    build(project)  # published into the output: its listing recorded
    assert (project.root / ".output.listing").is_file()
    page = project.output / "peserta" / "kopi-senja" / "index.html"
    page.unlink()
    assert NOTHING_TO_DO in build(project)
    assert NOTHING_TO_DO not in build(project, force=True)
    assert page.is_file()


def test_a_build_that_follows_the_clock_is_skipped_only_until_its_pages_change(project):
    """The fixture's fest is long over and has no event ahead: the next change
    is midnight in Jakarta, recorded with the build."""
    build(project, epoch=None)
    state = json.loads(next((project.root / "state").glob("*.json")).read_text())
    until = dt.datetime.fromisoformat(state["valid_until"])
    now = dt.datetime.now(dt.UTC)
    assert now < until <= now + dt.timedelta(days=1)
    assert until.astimezone(JAKARTA).time() == dt.time(0, 0)
    assert NOTHING_TO_DO in build(project, epoch=None)
    # Once that moment has passed, the build runs again.
    state["valid_until"] = (now - dt.timedelta(seconds=1)).isoformat()
    next((project.root / "state").glob("*.json")).write_text(json.dumps(state))
    assert NOTHING_TO_DO not in build(project, epoch=None)


def test_a_clock_build_is_current_until_the_next_scheduled_change(project):
    """A post dated an hour ahead is held back until then: the skip ends when it falls due."""
    now = dt.datetime.now(JAKARTA)
    due = (now + dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    project.write(
        "content/news/segera.md",
        f"""
        Title: Segera terbit
        Date: {due.strftime("%Y-%m-%d %H:%M")}
        Slug: segera-terbit
        Lang: id
        Summary: Kabar yang terbit satu jam lagi.

        Isi kabar.
        """,
    )
    output = build(project, epoch=None)
    state = json.loads(next((project.root / "state").glob("*.json")).read_text())
    # In the last hour of a Jakarta day, midnight (the dates on the pages) comes first.
    midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    assert dt.datetime.fromisoformat(state["valid_until"]) == min(due, midnight), output
