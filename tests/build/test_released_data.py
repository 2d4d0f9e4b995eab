"""Once every page is written, the build lets go of the data the pages were
made from (page_writer/release.py), so that the search step and the publish
reuse its memory; and the sitemap's table of pages once the sitemap is out."""

from __future__ import annotations

import json
import textwrap

from conftest import ROOT, FixtureSite

# A plugin that notes, at `all_generators_finalized`, weak references to the
# records and the directory's indexes, and reports at `finalized` (after the
# search index and publish_pipeline, before atomic_output) which are alive.
PROBE = """
import gc, json, os, weakref
from pelican import signals

WATCHED = {}

def watch(generators):
    context = generators[0].context
    WATCHED["site data"] = weakref.ref(context["site_data"])
    for lang, index in context["directory_indexes"].items():
        WATCHED[f"directory index {lang}"] = weakref.ref(index)

def report(pelican):
    from site_files.sitemap import RECORDER
    gc.collect()
    alive = sorted(name for name, ref in WATCHED.items() if ref() is not None)
    with open(os.environ["RELEASE_PROBE_REPORT"], "w") as out:
        json.dump({"alive": alive, "sitemap pages": len(RECORDER.pages)}, out)

def register():
    signals.all_generators_finalized.connect(watch)
    signals.finalized.connect(report)
"""


def test_the_build_lets_go_of_its_data_once_every_page_is_written(tmp_path):
    site = FixtureSite(tmp_path / "site")
    for number in range(3):
        site.exhibitor(f"usaha-contoh-{number}")
    probe = tmp_path / "probe_plugins" / "release_probe"
    probe.mkdir(parents=True)
    (probe / "__init__.py").write_text(textwrap.dedent(PROBE), encoding="utf-8")
    site.settings.write_text(
        site.settings.read_text(encoding="utf-8")
        + f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}, {str(probe.parent)!r}]\n"
        # Before atomic_output, which must stay last.
        + "PLUGINS = PLUGINS[:-1] + ['release_probe', PLUGINS[-1]]\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    site.build(env={"RELEASE_PROBE_REPORT": str(report)})

    found = json.loads(report.read_text(encoding="utf-8"))
    assert found == {"alive": [], "sitemap pages": 0}
    # The pages were made from that data all the same.
    assert "Usaha Contoh 1" in site.page("peserta/usaha-contoh-1")
    assert "/peserta/usaha-contoh-1/" in (site.output / "sitemap-1.xml").read_text()
