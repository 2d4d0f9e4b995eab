"""How hosts serve the site: headers, redirects, content types and caching,
written from one table (policy.py) as `_headers`/`_redirects` and as files for
CloudFront and nginx."""

from pelican import signals

from .generator import HostConfigGenerator


def get_generators(pelican):
    return HostConfigGenerator


def register():
    signals.get_generators.connect(get_generators)
