"""Write the news listing pages and each language's Atom feed."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from directory import urls
from directory.pagination import paginate
from directory.views import Link
from feedgenerator import Atom1Feed
from pelican.generators import Generator
from theme_i18n.jinja_setup import gettext_for


def articles_in(context, lang: str) -> list:
    """Published articles written in `lang`, newest first."""
    articles = [*context.get("articles", []), *context.get("translations", [])]
    return sorted(
        (a for a in articles if a.lang == lang), key=lambda a: (a.date, a.slug), reverse=True
    )


class NewsGenerator(Generator):
    """Runs after Pelican's article generator, which reads the articles."""

    def generate_output(self, writer):
        languages = self.settings["SITE_LANGUAGES"]
        size = self.settings["NEWS_PAGE_SIZE"]
        # How many listing pages each language has: a page's twin may not exist.
        self.page_counts = {
            lang: max(1, -(-len(articles_in(self.context, lang)) // size)) for lang in languages
        }
        for lang in languages:
            articles = articles_in(self.context, lang)
            _ = gettext_for(self.settings, lang)
            self.write_listing(writer, lang, articles, _("News"), Link(_("Home"), urls.home(lang)))
            self.write_feed(writer, lang, articles, _("Jakpreneur Fest news"))

    def write_listing(self, writer, lang, articles, title, home):
        _ = gettext_for(self.settings, lang)
        size = self.settings["NEWS_PAGE_SIZE"]
        for listing in paginate(articles, size, partial(urls.news, lang)):
            number = listing.pagination.number
            page_title = title if number == 1 else _("{title}, page {number}").format(
                title=title, number=number)  # fmt: skip
            writer.write_file(
                urls.save_as(listing.url), self.get_template("news"), self.context,
                lang=lang, page_url=listing.url, title=page_title, heading=title,
                alternates={
                    other: urls.news(other, number)
                    for other, count in self.page_counts.items()
                    if number <= count
                },
                fallbacks={other: urls.news(other) for other in self.page_counts},
                breadcrumbs=[home], view={"listing": listing, "feed": urls.news_feed(lang)},
            )  # fmt: skip

    def write_feed(self, writer, lang, articles, title):
        """Atom, with links absolute under the site's public address."""
        absolute = self.settings["SITE_ABSOLUTE_URL"].rstrip("/")
        if not articles:
            self.write_empty_feed(lang, title, absolute)
            return
        context = {**self.context, "SITEURL": absolute, "FEED_DOMAIN": absolute}
        writer.write_feed(
            articles, context, urls.news_feed(lang), feed_type="atom",
            feed_title=title,
        )  # fmt: skip

    def write_empty_feed(self, lang, title, absolute):
        """A language without news yet still has its feed, dated by the
        build's now (feedgenerator would use the wall clock: not reproducible)."""
        path = urls.news_feed(lang)
        feed = Atom1Feed(
            title=f"{self.settings['SITENAME']} - {title}", link=absolute + "/",
            feed_url=f"{absolute}/{path}", description="",
        )  # fmt: skip
        feed.latest_post_date = lambda: self.settings["BUILD_NOW"]
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as handle:
            feed.write(handle, "utf-8")
