"""Pages rendered in worker processes, rebuilds that reuse unchanged pages,
and pages taken from the page cache give exactly the output of a clean
build rendered in one process without any page cache."""

from __future__ import annotations

import os
import runpy
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, FixtureSite
from PIL import Image

CATEGORIES = ["kuliner", "fesyen", "kriya", "kecantikan", "herbal", "jasa"]
KECAMATAN = ["tebet", "gambir", "menteng", "koja", "cilincing", "palmerah", "cakung", "ciracas"]
NAMES = ["Anyaman", "Batik", "Cendol", "Dodol", "Emping", "Gerabah", "Kopi", "Lurik", "Nasi",
         "Rendang", "Sambal", "Tenun", "Wedang", "Zaitun", "3 Saudara"]  # fmt: skip
CHANGED, DELETED = "kopi-6", "tenun-11"
NEW_SUMMARY = "Ringkasan baru yang hanya muncul di halaman peserta ini."
NEW_LABEL = "Kuliner Nusantara"  # a category's label: on every page that names it
NEW_FOOTER = "Catatan kaki baru."  # in the footer template: on every page


def add_exhibitors(site: FixtureSite, count: int = 60) -> None:
    """Exhibitors across categories, kecamatan, kota and letters; some with a
    booth (booth cards), a logo, an English summary or a description."""
    logo = site.content / "images" / "logos" / "contoh.png"
    logo.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (300, 150), (20, 90, 60)).save(logo)
    for number in range(count):
        name = f"{NAMES[number % len(NAMES)]} {number}"
        extra = ""
        if number % 2:
            extra += f"booth: {'AB'[number % 2]}-{number}\n"
        if number % 7 == 0:
            extra += "logo: logos/contoh.png\n"
        if number % 3 == 0:
            extra += "description:\n  id: |\n    Usaha *contoh* nomor " + str(number) + ".\n"
        summary = f"Contoh usaha nomor {number}."
        if number % 4 == 0:
            summary = f"\n  id: Contoh usaha nomor {number}.\n  en: Sample business {number}."
        site.exhibitor(
            name.lower().replace(" ", "-"), name=name, summary=summary,
            category=CATEGORIES[number % len(CATEGORIES)],
            kecamatan=KECAMATAN[number % len(KECAMATAN)], extra=extra,
        )  # fmt: skip


def tree(folder) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def stamps(folder) -> dict[str, tuple[int, int]]:
    """path -> (inode, mtime) of every file: what a rewrite would change."""
    return {
        path.relative_to(folder).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def assert_same_tree(actual: dict, expected: dict) -> None:
    assert sorted(actual) == sorted(expected)
    differing = [path for path in expected if actual[path] != expected[path]]
    assert differing == []


class Builds:
    """One fixture site built into `output` (the live folder, rebuilt in
    place) and into fresh folders as clean references."""

    def __init__(self, site: FixtureSite):
        self.site = site
        self.references = 0

    def build(self, workers: int, output=None, search=False, **settings):
        """Parallel builds render in batches of 150 pages (several per build)."""
        output = output or self.site.output
        if workers > 1:
            settings.setdefault("RENDER_BATCH_PAGES", 150)
        self.site.write_settings(OUTPUT_PATH=str(output), RENDER_WORKERS=workers,
                                 SEARCH_INDEX=search, DIRECTORY_PAGE_SIZE=8, **settings)  # fmt: skip
        return self.site.build()

    def clean_serial(self, **settings) -> dict[str, bytes]:
        """A clean build in one process of the inputs as they are now, every
        page rendered (no page cache)."""
        self.references += 1
        output = self.site.root / f"reference-{self.references}"
        self.build(1, output, PAGE_CACHE_PATH=None, **settings)
        return tree(output)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    """Every build of the sequence, in order, and what each left in output/."""
    site = FixtureSite(tmp_path_factory.mktemp("parallel") / "site")
    add_exhibitors(site)
    builds, runs = Builds(site), {"site": site}
    runs["serial"] = builds.clean_serial()
    builds.build(2)
    runs["parallel"], runs["parallel_stamps"] = tree(site.output), stamps(site.output)
    builds.build(2)
    runs["no_change"], runs["no_change_stamps"] = tree(site.output), stamps(site.output)

    record = site.data / "exhibitors" / f"{CHANGED}.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("summary: Contoh usaha nomor 6.", f"summary: {NEW_SUMMARY}"),
                      encoding="utf-8")  # fmt: skip
    builds.build(2)
    runs["changed"], runs["changed_reference"] = tree(site.output), builds.clean_serial()

    (site.data / "exhibitors" / f"{DELETED}.yaml").unlink()
    builds.build(2)
    runs["deleted"], runs["deleted_reference"] = tree(site.output), builds.clean_serial()

    # Output removed, page cache kept: `make clean && make html`.
    shutil.rmtree(site.output)
    builds.build(2)
    runs["from_cache"], runs["from_cache_links"] = tree(site.output), links(site.output)

    vocabulary = site.data / "vocab" / "categories.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "id: Kuliner", f"id: {NEW_LABEL}", 1), encoding="utf-8")  # fmt: skip
    builds.build(2)
    runs["relabelled"], runs["relabelled_reference"] = tree(site.output), builds.clean_serial()

    # A template edit reaches the pages only through the theme's files.
    theme = site.root / "theme"
    shutil.copytree(ROOT / "theme", theme)
    builds.build(2, THEME=str(theme))
    footer = theme / "templates" / "partials" / "site_footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace("<p>", f"<p>{NEW_FOOTER} ", 1),
                      encoding="utf-8")  # fmt: skip
    builds.build(2, THEME=str(theme))
    runs["new_footer"] = tree(site.output)
    runs["new_footer_reference"] = builds.clean_serial(THEME=str(theme))
    runs["builds"] = builds
    return runs


def links(folder) -> dict[str, int]:
    """path -> hard links of every page: 2 or more when it came from the page cache."""
    return {
        path.relative_to(folder).as_posix(): path.stat().st_nlink for path in folder.rglob("*.html")
    }


def html(files: dict) -> dict:
    return {path: data for path, data in files.items() if path.endswith(".html")}


def test_parallel_clean_build_equals_serial_clean_build(runs):
    assert len(html(runs["serial"])) > 300
    assert_same_tree(runs["parallel"], runs["serial"])


def test_rebuild_without_change_rewrites_nothing(runs):
    assert_same_tree(runs["no_change"], runs["parallel"])
    assert runs["no_change_stamps"] == runs["parallel_stamps"]


def test_rebuild_after_one_change_equals_clean_build_and_touches_only_its_pages(runs):
    assert_same_tree(runs["changed"], runs["changed_reference"])
    before, after = html(runs["no_change"]), html(runs["changed"])
    changed = {path for path in after if after[path] != before.get(path)}
    showing = {path for path, data in after.items() if NEW_SUMMARY.encode() in data}
    # Its page and the listings that show its card, in both languages.
    assert f"peserta/{CHANGED}/index.html" in showing
    assert f"en/exhibitors/{CHANGED}/index.html" in showing
    assert len(showing) > 10
    assert changed == showing


def test_rebuild_after_a_deletion_equals_clean_build(runs):
    assert f"peserta/{DELETED}/index.html" in runs["changed"]
    assert f"peserta/{DELETED}/index.html" not in runs["deleted"]
    assert_same_tree(runs["deleted"], runs["deleted_reference"])


def test_clean_build_from_the_page_cache_equals_clean_build(runs):
    assert_same_tree(runs["from_cache"], runs["deleted_reference"])
    cached = {path for path, count in runs["from_cache_links"].items() if count > 1}
    # Every directory page and booth card came from the cache; the other pages
    # (home, agenda, news, search) are always rendered.
    assert "peserta/kopi-6/index.html" in cached
    assert "en/exhibitors/kopi-6/index.html" in cached
    assert "peserta/index.html" in cached
    assert "index.html" not in cached
    assert len(cached) > 0.8 * len(runs["from_cache_links"])


def test_a_change_outside_the_exhibitors_renders_the_pages_again(runs):
    assert_same_tree(runs["relabelled"], runs["relabelled_reference"])
    page = runs["relabelled"]["peserta/kopi-6/index.html"].decode()
    assert NEW_LABEL in page
    assert_same_tree(runs["new_footer"], runs["new_footer_reference"])
    assert NEW_FOOTER in runs["new_footer"]["peserta/kopi-6/index.html"].decode()


def test_unchanged_pages_are_reused_with_the_search_index_on(runs):
    """Pagefind reads the pages from the staging folder, where unchanged ones
    are links to the live files: the rebuilt index still holds every page
    (the indexer fails the build otherwise) and no page is rewritten."""
    builds, site = runs["builds"], runs["site"]
    builds.build(2, search=True)
    before = stamps(site.output)
    builds.build(2, search=True)
    after = stamps(site.output)
    pages = [path for path in before if path.endswith(".html")]
    assert any(path.startswith("pagefind/") for path in after)
    assert {path: after[path] for path in pages} == {path: before[path] for path in pages}


def test_template_error_in_a_worker_fails_with_the_page_and_leaves_output_alone(runs, tmp_path):
    builds, site = runs["builds"], runs["site"]
    before_files, before_stamps = tree(site.output), stamps(site.output)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    page = theme / "templates" / "exhibitor.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "<h1>{{ card.name }}</h1>",
            "<h1>{{ card.name }}{% if card.slug == 'kopi-6' %}{{ no_such_name }}{% endif %}</h1>",
        ),
        encoding="utf-8",
    )
    # Batches of 20 pages: the failing page is put by a worker while the
    # build records the next ones.
    builds.site.write_settings(OUTPUT_PATH=str(site.output), RENDER_WORKERS=2,
                               RENDER_BATCH_PAGES=20, SEARCH_INDEX=False, DIRECTORY_PAGE_SIZE=8,
                               THEME=str(theme))  # fmt: skip
    result = site.build(check=False)
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert "peserta/kopi-6/index.html" in message or "en/exhibitors/kopi-6/index.html" in message
    assert "exhibitor.html" in message
    assert "'no_such_name' is undefined" in message
    assert tree(site.output) == before_files
    assert stamps(site.output) == before_stamps


# -- the writer's rules, without a build ---------------------------------------------


class Named:
    def __init__(self, name):
        self.name = name


def test_a_second_page_for_one_path_is_refused_naming_both_templates(tmp_path):
    from page_writer.writer import PageWriter
    from pelican.writers import FileOverwriteFailedError

    settings = {"PAGINATED_TEMPLATES": {}, "OUTPUT_PATH": str(tmp_path), "RENDER_WORKERS": 1}
    writer = PageWriter(str(tmp_path), settings=settings)
    writer.write_file("peserta/index.html", Named("exhibitor_list.html"), {}, title="a")
    with pytest.raises(FileOverwriteFailedError) as error:
        writer.write_file("peserta/index.html", Named("partners.html"), {}, title="b")
    message = str(error.value)
    assert "peserta/index.html" in message
    assert "exhibitor_list.html" in message and "partners.html" in message


def page_writer(folder):
    from page_writer.writer import PageWriter

    settings = {"PAGINATED_TEMPLATES": {}, "OUTPUT_PATH": str(folder), "RENDER_WORKERS": 1}
    return PageWriter(str(folder), settings=settings)


def test_a_page_outside_the_output_folder_is_refused(tmp_path):
    writer = page_writer(tmp_path / "output")
    with pytest.raises(RuntimeError, match="break out of output directory"):
        writer.write_file("../elsewhere/index.html", Named("page.html"), {}, title="a")


@pytest.mark.parametrize("name", [
    "peserta/kopi/index.html", "index.html", "./a/index.html", "a//b/index.html", "a/./b.html",
    "a/../b.html", ".well-known/x", "a/.hidden/x", "x/", "a/b/..", "../out/index.html",
    "/etc/passwd", "a/../../b",
])  # fmt: skip
def test_a_page_goes_where_pelicans_sanitised_join_puts_it(tmp_path, name):
    from pelican.utils import sanitised_join

    writer = page_writer(tmp_path)
    try:
        expected = sanitised_join(str(tmp_path), name)
    except RuntimeError:
        with pytest.raises(RuntimeError, match="break out"):
            writer._path_of(name)
    else:
        assert writer._path_of(name) == expected


def test_content_written_receivers_hear_of_every_page_with_its_variables(tmp_path):
    from pelican import signals

    heard = []

    def receiver(path, context):
        heard.append((path, context["title"], context["SITENAME"]))

    signals.content_written.connect(receiver)
    try:
        writer = page_writer(tmp_path)
        for title in ("a", "b"):
            writer.write_file(f"{title}/index.html", Named("page.html"), {"SITENAME": "Fest"},
                              title=title)  # fmt: skip
    finally:
        signals.content_written.disconnect(receiver)
    assert heard == [(f"{tmp_path}/a/index.html", "a", "Fest"),
                     (f"{tmp_path}/b/index.html", "b", "Fest")]  # fmt: skip


def test_the_page_writer_must_handle_finalized_first():
    from page_writer.flush import PluginOrderError, check_first, write_pending_pages
    from pelican import signals

    def reads_pages(pelican):
        pass

    signals.finalized.connect(reads_pages)
    signals.finalized.connect(write_pending_pages)
    try:
        with pytest.raises(PluginOrderError, match="page_writer must come first in PLUGINS"):
            check_first(object())
    finally:
        signals.finalized.disconnect(reads_pages)
        signals.finalized.disconnect(write_pending_pages)


def test_the_page_writer_leads_the_plugins():
    settings = runpy.run_path(str(ROOT / "pelicanconf.py"))
    assert settings["PLUGINS"][0] == "page_writer"


def test_templates_another_environment_compiles_are_left_alone():
    """Workers get the templates compiled before they fork; one that needs a
    filter of another generator's environment fails only if a page uses it."""
    from jinja2 import DictLoader, Environment
    from page_writer.workers import compile_templates

    env = Environment(loader=DictLoader({"a.html": "a", "b.html": "{{ x | elsewhere }}"}))
    compile_templates([env])
    assert [name for _loader, name in env.cache] == ["a.html"]


def test_a_page_whose_declared_inputs_are_live_is_left_there_without_a_job(tmp_path):
    """`memo_inputs`: the key is made in the build's process, and a page the
    live output holds from the page cache is kept at once, never handed to
    a worker; other inputs record it as a job again."""
    import jinja2
    from page_writer.pages import KEPT
    from page_writer.writer import PageWriter

    folders = {name: tmp_path / name for name in ("content", "data", "theme", "plugins")}
    for folder in folders.values():
        folder.mkdir()
    live = tmp_path / "output"
    settings = {
        "PAGINATED_TEMPLATES": {}, "OUTPUT_PATH": str(live), "RENDER_WORKERS": 1,
        "PAGE_CACHE_PATH": str(tmp_path / "pages"), "PATH": str(folders["content"]),
        "DATA_PATH": str(folders["data"]), "THEME": str(folders["theme"]),
        "PLUGIN_PATHS": [str(folders["plugins"])],
    }  # fmt: skip
    template = jinja2.Template("<p>{{ title }}</p>")

    def build(number: int, digest: str) -> PageWriter:
        writer = PageWriter(str(tmp_path / f"staging-{number}"), settings=settings)
        writer.write_file("kopi/index.html", template, {}, title="Kopi", memo=True,
                          memo_inputs=("id", "kopi", digest))  # fmt: skip
        return writer

    first = build(1, "d1")
    assert len(first.jobs) == 1
    first.flush(last=True)
    (live / "kopi").mkdir(parents=True)
    os.rename(tmp_path / "staging-1" / "kopi" / "index.html", live / "kopi" / "index.html")

    again = build(2, "d1")
    assert again.jobs == {}
    assert again.outcomes[KEPT] == 1
    assert again.batches.left == {f"{tmp_path}/staging-2/kopi/index.html"}
    changed = build(3, "d2")
    assert list(changed.jobs) == [f"{tmp_path}/staging-3/kopi/index.html"]


def keyed_page_settings(tmp_path) -> dict:
    """One dict for all of a test's builds: the site key is taken once for it
    (the input folders, here `tmp_path`, gain the builds' files)."""
    return {
        "PAGINATED_TEMPLATES": {}, "OUTPUT_PATH": str(tmp_path / "output"), "RENDER_WORKERS": 1,
        "PAGE_CACHE_PATH": str(tmp_path / "pages"), "PATH": str(tmp_path),
        "DATA_PATH": str(tmp_path), "THEME": str(tmp_path), "PLUGIN_PATHS": [],
    }  # fmt: skip


def one_keyed_page(settings: dict, number: int):
    """A page writer that has written one page keyed by its record (slug and
    digest), staging into `staging-<number>` beside the live output."""
    import jinja2
    from page_writer.writer import PageWriter

    staging = Path(settings["OUTPUT_PATH"]).with_name(f"staging-{number}")
    writer = PageWriter(str(staging), settings=settings)
    writer.write_file("kopi/index.html", jinja2.Template("<p>{{ title }}</p>"), {}, title="Kopi",
                      memo=True, memo_inputs=("id", "kopi", "d1"))  # fmt: skip
    return writer


def test_a_page_the_last_publish_vouched_for_is_left_without_a_stat(tmp_path):
    """A page whose name and declared key the last publish recorded is kept
    even where the live file is a copy, not its page cache entry (found
    otherwise only by stating both); after another publish it is not."""
    from atomic_output.staging import mark_published
    from atomic_output.vouched import fingerprint, record
    from page_writer.pages import KEPT

    live, settings = tmp_path / "output", keyed_page_settings(tmp_path)
    first = one_keyed_page(settings, 1)
    key = first.jobs[f"{tmp_path}/staging-1/kopi/index.html"].key
    first.flush(last=True)
    (live / "kopi").mkdir(parents=True)
    shutil.copyfile(tmp_path / "staging-1" / "kopi" / "index.html", live / "kopi" / "index.html")
    assert list(one_keyed_page(settings, 2).jobs), "a copy is not the page cache's entry"
    record(live, "token-1", [fingerprint("kopi/index.html", key)])
    mark_published(live, "token-1")
    again = one_keyed_page(settings, 3)
    assert again.jobs == {}
    assert again.outcomes[KEPT] == 1
    mark_published(live, "token-2")  # another build published since
    assert list(one_keyed_page(settings, 4).jobs)


def test_a_clean_build_looks_for_no_page_in_a_live_output_it_has_not_got(tmp_path, monkeypatch):
    """With no live output yet, a keyed page is neither looked for there in
    this process nor where it is placed (two stats each): it is linked from
    the page cache; once the output exists, the same page is kept there."""
    from page_writer import pages, writer
    from page_writer.pages import CACHED, KEPT

    settings = keyed_page_settings(tmp_path)

    def build(number: int):
        page_writer = one_keyed_page(settings, number)
        page_writer.flush(last=True)
        return page_writer

    build(1)  # the page cache now holds the page
    with monkeypatch.context() as patched:
        for module in (pages, writer):
            patched.setattr(module, "same_file", lambda *paths: pytest.fail(f"stat {paths}"))
        assert build(2).outcomes[CACHED] == 1
    (tmp_path / "staging-2").rename(tmp_path / "output")
    assert build(3).outcomes[KEPT] == 1


def loaded_template(text: str):
    """A template of an environment with a loader, as the workers compile them."""
    import jinja2

    return jinja2.Environment(loader=jinja2.DictLoader({"page.html": text})).get_template(
        "page.html"
    )


def batched_page_writer(folder):
    """A page writer that hands every two pages to a forked worker."""
    from page_writer.writer import PageWriter

    settings = {"PAGINATED_TEMPLATES": {}, "OUTPUT_PATH": str(folder), "RENDER_WORKERS": 2,
                "RENDER_BATCH_PAGES": 2}  # fmt: skip
    return PageWriter(str(folder), settings=settings)


def test_settle_waits_for_the_running_workers_and_leaves_the_waiting_pages(tmp_path):
    writer, template = batched_page_writer(tmp_path), loaded_template("<p>{{ title }}</p>")
    for number in range(5):
        writer.write_file(f"p{number}/index.html", template, {}, title=str(number))
    assert len(writer.batches.running) == 2
    writer.settle()
    assert not writer.batches.running
    for number in range(4):
        assert (tmp_path / f"p{number}" / "index.html").read_text() == f"<p>{number}</p>"
    assert list(writer.jobs) == [f"{tmp_path}/p4/index.html"]
    writer.flush(last=True)
    assert (tmp_path / "p4" / "index.html").read_text() == "<p>4</p>"


def test_the_sitemap_is_written_with_no_page_worker_running(tmp_path, monkeypatch):
    """A worker keeps the memory it shares with the build as it was when
    forked: the sitemap, which goes through every page's entry, waits."""
    from site_files import generator
    from site_files.generator import SiteFilesGenerator

    writer = batched_page_writer(tmp_path)
    for number in range(4):
        writer.write_file(f"p{number}/index.html", loaded_template("x"), {}, title=str(number))
    running_then = []

    def write_sitemaps(output, *args):
        running_then.append(len(writer.batches.running))
        return ["sitemap.xml"]

    monkeypatch.setattr(generator, "write_sitemaps", write_sitemaps)
    site_files = SiteFilesGenerator.__new__(SiteFilesGenerator)  # its settings alone
    site_files.output_path = str(tmp_path)
    site_files.settings = {"SITE_ABSOLUTE_URL": "https://fest.example/", "SITEMAP_MAX_URLS": 10}
    site_files.write_sitemaps_and_robots(writer)
    assert running_then == [0]
    writer.flush(last=True)


def test_a_worker_ends_when_its_batch_is_done_not_when_its_result_is_read(tmp_path):
    """A worker waiting to hand over its result would keep its memory until
    the build reads it, a batch later; its result here (1,500 page keys) is
    more than a pipe holds."""
    from page_writer.pages import WRITTEN
    from page_writer.writer import PageWriter

    settings = {**keyed_page_settings(tmp_path), "RENDER_WORKERS": 2, "RENDER_BATCH_PAGES": 1500}
    writer = PageWriter(str(tmp_path / "staging"), settings=settings)
    template = loaded_template("<p>{{ title }}</p>")
    for number in range(1500):
        writer.write_file(f"p{number}/index.html", template, {}, title=str(number), memo=True,
                          memo_inputs=("id", f"p{number}", "d1"))  # fmt: skip
    ((worker, _result, _paths),) = writer.batches.running
    worker.join(timeout=30)
    assert worker.exitcode == 0
    writer.flush(last=True)
    assert writer.outcomes[WRITTEN] == 1500
