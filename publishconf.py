"""Production settings: pelicanconf.py plus the public origin and strictness.

The public origin comes from the environment (SITEURL=https://... make
publish), so the same repository can publish to a staging host, a sub-path
(https://example.org/fest) or the real domain.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://jakpreneur-fest.example").rstrip("/")
SITE_ABSOLUTE_URL = SITEURL
RELATIVE_URLS = False
# Fingerprint, minify and precompress; write the manifest `make deploy` reads.
PUBLISH_PIPELINE = True
# Reproducible: the build's now is SOURCE_DATE_EPOCH, or else the last commit's time.
BUILD_NOW_FROM_COMMIT = True
