"""Root-relative links that editors write in Markdown (`/peserta/`) follow
the site's base path, so a site published under a sub-path
(https://example.org/fest/) keeps working links in its pages and news."""

from pelican import signals

from .base_path import prefix_root_relative_links


def register():
    signals.content_object_init.connect(prefix_root_relative_links)
