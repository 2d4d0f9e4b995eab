"""Writes the host files of a build: `_headers` and `_redirects` at the root,
the CloudFront and nginx files under `_host/`."""

from __future__ import annotations

import json
from pathlib import Path

from booth_cards.redirects import find_redirects
from pelican.generators import Generator

from . import cloudfront, netlify, nginx
from .policy import HOST_FOLDER, SECURITY_HEADERS
from .rules import base_path, header_rules, host_redirects


class HostConfigGenerator(Generator):
    def generate_output(self, writer):
        base = base_path(self.settings["SITEURL"])
        fingerprinted = bool(self.settings.get("PUBLISH_PIPELINE"))
        aliases = find_redirects(self.context["site_data"], self.settings["SITE_LANGUAGES"])
        redirects = host_redirects(base, aliases)
        rules = header_rules(base, fingerprinted=fingerprinted)
        policy_name = self.settings.get("CLOUDFRONT_POLICY_NAME", "jakpreneur-fest-security")
        files = {
            "_headers": netlify.headers_file(rules),
            "_redirects": netlify.redirects_file(redirects),
            f"{HOST_FOLDER}/cloudfront-function.js": cloudfront.viewer_request_function(
                base, redirects
            ),
            f"{HOST_FOLDER}/cloudfront-response-headers-policy.json": _json(
                cloudfront.response_headers_policy(policy_name)
            ),
            f"{HOST_FOLDER}/cloudfront-error-responses.json": _json(
                cloudfront.error_responses(base)
            ),
            f"{HOST_FOLDER}/nginx-http.conf": nginx.http_snippet(base, fingerprinted=fingerprinted),
            f"{HOST_FOLDER}/nginx-server.conf": nginx.server_snippet(
                base, SECURITY_HEADERS, redirects
            ),
        }
        for path, text in files.items():
            target = Path(self.output_path) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


def _json(value) -> str:
    return json.dumps(value, indent=2) + "\n"
