"""Write the agenda pages and calendars, and share the events with the home page."""

from __future__ import annotations

from pathlib import Path

from directory import urls
from directory.generator import alternates
from directory.views import Link
from pelican.generators import Generator
from theme_i18n.jinja_setup import gettext_for

from .calendars import calendar_bytes
from .views import agenda_views, by_day


class AgendaGenerator(Generator):
    def generate_context(self):
        site_data, now = self.context["site_data"], self.settings["BUILD_NOW"]
        self.views = {
            lang: agenda_views(site_data, lang, now) for lang in self.settings["SITE_LANGUAGES"]
        }
        self.context["agenda_events"] = self.views  # lang -> [EventView], for the home page

    def generate_output(self, writer):
        for lang, views in self.views.items():
            _ = gettext_for(self.settings, lang)
            home = Link(_("Home"), urls.home(lang))
            agenda_crumb = Link(_("Agenda"), urls.agenda(lang))
            self.write(writer, "agenda", urls.agenda(lang), lang, _("Agenda"), [home],
                       {"days": by_day(views), "calendar_url": urls.agenda_calendar(lang)})  # fmt: skip
            for view in views:
                self.write(writer, "event", view.url, lang, view.title, [home, agenda_crumb],
                           view)  # fmt: skip
            self.write_calendars(lang, _("Jakpreneur Fest agenda"))

    def write(self, writer, template, url, lang, title, breadcrumbs, view):
        writer.write_file(
            urls.save_as(url), self.get_template(template), self.context,
            lang=lang, page_url=url, title=title, heading=title,
            alternates=alternates(url, self.settings["SITE_LANGUAGES"]),
            breadcrumbs=breadcrumbs, view=view,
        )  # fmt: skip

    def write_calendars(self, lang: str, name: str):
        events = self.context["site_data"].events
        absolute = self.settings["SITE_ABSOLUTE_URL"].rstrip("/")

        def page_url(slug):
            return f"{absolute}/{urls.event(lang, slug)}"

        options = {"lang": lang, "now": self.settings["BUILD_NOW"], "page_url": page_url}
        files = {urls.agenda_calendar(lang): calendar_bytes(events.values(), name=name, **options)}
        for record in events.values():
            title = record.data.title.get(lang)[0]
            files[urls.event_calendar(lang, record.slug)] = calendar_bytes([record], name=title,
                                                                           **options)  # fmt: skip
        for path, body in files.items():
            target = Path(self.output_path) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
