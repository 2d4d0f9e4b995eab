"""How hosts serve the site: headers, redirects, content types and caching,
written from one table (policy.py) as `_headers`/`_redirects` and as files for
CloudFront and nginx."""


def get_generators(pelican):
    # Imported here, not at the top: the deploy reads policy.py alone and
    # should not pay for importing Pelican and the data layer.
    from .generator import HostConfigGenerator

    return HostConfigGenerator


def register():
    from pelican import signals

    signals.get_generators.connect(get_generators)
