"""The functions templates call to print structured data, bound to the
site's absolute address."""

from __future__ import annotations

from . import jsonld
from .share_images import share_image_path


def install_globals(generator) -> None:
    absolute = generator.settings["SITE_ABSOLUTE_URL"].rstrip("/")

    def share_image(slug: str | None = None) -> str:
        return f"{absolute}/{share_image_path(slug)}"

    generator.env.globals.update(
        json_ld=jsonld.script_tag,
        share_image=share_image,
        ld_exhibitor=lambda view: jsonld.local_business(
            view, absolute, share_image(view["card"].slug)
        ),
        ld_partner=lambda view: jsonld.organization(view, absolute),
        ld_programme=lambda: jsonld.organizer(absolute),
        ld_event=lambda view: jsonld.event(view, absolute),
        ld_festival=lambda view, page_url: jsonld.festival_event(view, absolute, page_url),
        ld_breadcrumbs=lambda crumbs, heading, url: jsonld.breadcrumb_list(
            crumbs, heading, url, absolute
        ),
    )
