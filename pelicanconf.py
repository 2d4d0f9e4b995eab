"""Pelican settings for building the site locally (`make html`, `make serve`).

Settings only: the site's data lives in data/, its text in content/, its
presentation in theme/. publishconf.py layers production settings on top.
"""

import os

from jinja2 import StrictUndefined

SITENAME = "Jakpreneur Fest"
# Links are root-relative while developing; publishconf.py sets the real origin.
SITEURL = ""
# Absolute origin for the places that must be absolute (sitemaps, robots.txt).
SITE_ABSOLUTE_URL = os.environ.get("SITE_ABSOLUTE_URL", "http://127.0.0.1:8000")

PATH = "content"
DATA_PATH = "data"
CONTENT_IMAGES_PATH = "content/images"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
# Every page a visitor can reach exists in each of these (Indonesian first).
SITE_LANGUAGES = ["id", "en"]

# -- plugins: one concern each, under plugins/ ----------------------------------------
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    # First, so that its `finalized` handler writes every page before the
    # handlers that read them (search, publish_pipeline, atomic_output).
    "page_writer",  # pages rendered on every core; unchanged pages not rewritten
    "build_time",  # the build's single "now"
    "theme_i18n",  # gettext catalogs and Babel formatting for the templates
    "safe_markdown",  # Markdown through an HTML sanitiser
    "content_links",  # root-relative links in Markdown follow a sub-path SITEURL
    "data_layer",  # load and validate data/
    "responsive_images",  # logos and content pictures resized into WebP and PNG/JPEG variants
    "directory",  # exhibitors, partners, centres, facets, A-Z
    "agenda",  # the schedule, event pages, .ics calendars
    "news",  # news listing and Atom feed per language
    "structured_data",  # JSON-LD, Open Graph, canonical URLs, share images
    "booth_cards",  # QR codes, printable booth cards, alias redirects
    "open_data",  # JSON and CSV downloads of the directory
    "search",  # the search pages; the Pagefind index once every page is written
    "site_files",  # home, 404, robots.txt, sitemap index
    "host_config",  # _headers, _redirects, CloudFront and nginx files from one table
    "publish_pipeline",  # publish only: fingerprints, minified files, the build manifest
    # Last, so that it publishes the staging area after every other plugin's
    # `finalized` handler has written its files there.
    "atomic_output",  # build into a staging area, publish only on success
]
# Processes rendering pages: one per CPU by default; 1 renders in the build's own
# process (RENDER_WORKERS=1 in the environment, e.g. to profile the rendering).
RENDER_WORKERS = int(os.environ.get("RENDER_WORKERS", "0")) or None
DIRECTORY_PAGE_SIZE = 50
SHARE_IMAGE_CACHE_PATH = "cache/share-images"
RESIZED_IMAGE_CACHE_PATH = "cache/resized-images"
RECORD_CACHE_PATH = "cache/records"  # validated data/ records, by file content (data_layer)
PAGE_CACHE_PATH = "cache/pages"  # directory pages, by what they are made of (page_writer)
SEARCH_CACHE_PATH = "cache/search"  # search bundles, by the pages they index (search)
OPEN_DATA_CACHE_PATH = "cache/open-data"  # JSON and CSV downloads, by their records (open_data)
PUBLISH_CACHE_PATH = "cache/publish"  # minified pages, .gz, .br, by bytes (publish_pipeline)
NEWS_PAGE_SIZE = 10
HOME_NEWS_COUNT = 3
HOME_EVENTS_COUNT = 3
SITEMAP_MAX_URLS = 50000

# -- Pelican tamed: only the URLs of the design are written ------------------------------
READERS = {"rst": None, "html": None}  # Markdown only; no docutils locale warnings
DIRECT_TEMPLATES = []
PAGINATED_TEMPLATES = {}
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra/favicon.svg"]
EXTRA_PATH_METADATA = {"extra/favicon.svg": {"path": "favicon.svg"}}
ARTICLE_URL = "berita/{slug}/"
ARTICLE_SAVE_AS = "berita/{slug}/index.html"
ARTICLE_LANG_URL = "en/news/{slug}/"
ARTICLE_LANG_SAVE_AS = "en/news/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "en/{slug}/"
PAGE_LANG_SAVE_AS = "en/{slug}/index.html"
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
# Pelican reads `draft.category` even when drafts are not written, and gives no
# default category once CATEGORY_SAVE_AS is empty: every post gets this one.
DEFAULT_METADATA = {"category": "berita"}
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# Future-dated posts are held back by build_time against the build's "now",
# not by Pelican's own comparison with the wall clock.
WITH_FUTURE_DATES = True
DELETE_OUTPUT_DIRECTORY = False  # atomic_output manages its own staging area
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.tables": {"use_align_attribute": True},
    },
    "output_format": "html5",
}

# -- templates: autoescaped, strict about undefined names --------------------------------
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "undefined": StrictUndefined,
    "extensions": ["jinja2.ext.i18n"],
    "trim_blocks": True,
    "lstrip_blocks": True,
}
