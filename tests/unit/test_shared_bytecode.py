"""Templates compiled once per build for all of Pelican's environments, and
never shared where the code would differ (an edited template, other options)."""

from __future__ import annotations

import jinja2
from page_writer.bytecode import shared_bytecode

OPTIONS = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
           "extensions": ["jinja2.ext.i18n"]}  # fmt: skip


class CountingEnvironment(jinja2.Environment):
    def __init__(self, folder, **options):
        super().__init__(loader=jinja2.FileSystemLoader(str(folder)), **options)
        self.bytecode_cache = shared_bytecode(self)
        self.compiled = 0

    def compile(self, *args, **kwargs):
        self.compiled += 1
        return super().compile(*args, **kwargs)


def test_a_template_is_compiled_once_across_environments(tmp_path):
    (tmp_path / "page.html").write_text("<p>{{ name | shout }}</p>\n", encoding="utf-8")
    first, second = (
        CountingEnvironment(tmp_path, **OPTIONS),
        CountingEnvironment(tmp_path, **OPTIONS),
    )
    first.filters["shout"] = str.upper
    second.filters["shout"] = str.lower  # bound at run time: each keeps its own
    assert first.get_template("page.html").render(name="Kopi") == "<p>KOPI</p>"
    assert second.get_template("page.html").render(name="Kopi") == "<p>kopi</p>"
    assert (first.compiled, second.compiled) == (1, 0)


def test_an_edited_template_is_compiled_again(tmp_path):
    template = tmp_path / "edited.html"
    template.write_text("old {{ x }}", encoding="utf-8")
    assert (
        CountingEnvironment(tmp_path, **OPTIONS).get_template("edited.html").render(x=1) == "old 1"
    )
    template.write_text("new {{ x }}", encoding="utf-8")
    later = CountingEnvironment(tmp_path, **OPTIONS)
    assert later.get_template("edited.html").render(x=1) == "new 1"
    assert later.compiled == 1


def test_environments_whose_options_change_the_code_do_not_share(tmp_path):
    (tmp_path / "blocks.html").write_text("{% if x %}\n  yes\n{% endif %}\n", encoding="utf-8")
    trimmed = CountingEnvironment(tmp_path, **OPTIONS)
    plain = CountingEnvironment(
        tmp_path, **{**OPTIONS, "trim_blocks": False, "lstrip_blocks": False}
    )
    assert trimmed.get_template("blocks.html").render(x=True) == "  yes\n"
    assert plain.get_template("blocks.html").render(x=True) == "\n  yes\n"
    assert plain.compiled == 1
