"""S3 + CloudFront: a viewer-request function that serves `x/` from
`x/index.html` and answers the alias redirects, a response-headers policy
with the security headers, and the distribution's 404 mapping.

S3's REST endpoint has no index documents, hence the function; a missing key
comes back as 403 when the distribution may not list the bucket, so both 403
and 404 map to the 404 page.
"""

from __future__ import annotations

import json
import logging

from .policy import DEPLOY_RECORDS, SECURITY_HEADERS

log = logging.getLogger(__name__)

# CloudFront Functions are limited to 10 KB of code.
FUNCTION_SIZE_LIMIT = 10 * 1024

FUNCTION = """\
// Generated from plugins/host_config: edit policy.py or the data, not this file.
// Runtime: cloudfront-js-2.0, event type viewer-request.
var REDIRECTS = %(redirects)s;
// The deploy's records and backups, when kept in the served folder.
var PRIVATE = %(private)s;

function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.startsWith(PRIVATE)) {
    return { statusCode: 404, statusDescription: "Not Found" };
  }
  var target = REDIRECTS[uri];
  if (target) {
    return redirect(target);
  }
  if (uri.endsWith("/")) {
    request.uri = uri + "index.html";
  } else if (uri.lastIndexOf(".") < uri.lastIndexOf("/")) {
    // A folder asked for without its slash: send the visitor to the real URL.
    return redirect(uri + "/");
  }
  return request;
}

function redirect(location) {
  return {
    statusCode: 301,
    statusDescription: "Moved Permanently",
    headers: { location: { value: location } },
  };
}
"""


def viewer_request_function(base: str, redirects) -> str:
    table = {r.source: r.target for r in redirects}
    private = json.dumps(f"{base}/{DEPLOY_RECORDS}")
    code = FUNCTION % {"redirects": json.dumps(table, indent=2, sort_keys=True), "private": private}
    if len(code.encode()) <= FUNCTION_SIZE_LIMIT:
        return code
    # Too many aliases for a function: the redirect pages in the bucket
    # still send visitors on (meta refresh), only without a real 301.
    log.info("CloudFront function: %s redirects exceed 10 KB; left to redirect pages", len(table))
    return FUNCTION % {"redirects": "{}", "private": private}


def response_headers_policy(name: str) -> dict:
    """ResponseHeadersPolicyConfig for `aws cloudfront create-response-headers-policy`."""
    headers = dict(SECURITY_HEADERS)
    hsts = dict(_directive(part) for part in headers.pop("Strict-Transport-Security").split(";"))
    security = {
        "ContentSecurityPolicy": {
            "ContentSecurityPolicy": headers.pop("Content-Security-Policy"),
            "Override": True,
        },
        "ContentTypeOptions": {"Override": headers.pop("X-Content-Type-Options") == "nosniff"},
        "FrameOptions": {"FrameOption": headers.pop("X-Frame-Options"), "Override": True},
        "ReferrerPolicy": {"ReferrerPolicy": headers.pop("Referrer-Policy"), "Override": True},
        "StrictTransportSecurity": {
            "AccessControlMaxAgeSec": int(hsts["max-age"]),
            "IncludeSubdomains": "includesubdomains" in hsts,
            "Preload": "preload" in hsts,
            "Override": True,
        },
    }
    custom = [{"Header": key, "Value": value, "Override": True} for key, value in headers.items()]
    return {
        "Name": name,
        "Comment": "Generated from plugins/host_config/policy.py",
        "SecurityHeadersConfig": security,
        "CustomHeadersConfig": {"Quantity": len(custom), "Items": custom},
    }


def _directive(part: str) -> tuple[str, str]:
    key, _, value = part.strip().partition("=")
    return key.lower(), value


def error_responses(base: str) -> dict:
    """CustomErrorResponses for the distribution: 403 and 404 show the 404 page."""
    items = [
        {"ErrorCode": code, "ResponsePagePath": f"{base}/404.html", "ResponseCode": "404",
         "ErrorCachingMinTTL": 60}
        for code in (403, 404)
    ]  # fmt: skip
    return {"Quantity": len(items), "Items": items}
