"""boto3 clients, with credentials from boto3's own chain only (environment
variables, an AWS profile, an instance or CI role), and a redactor that keeps
them out of anything printed.

The deploy never reads, stores or prints a credential itself. Error messages
from botocore can echo parts of a request, so every message shown to the
operator passes through `Redactor.clean` first.
"""

from __future__ import annotations

import os

import boto3
from botocore.config import Config

from .settings import DeploySettings

SECRET_VARIABLES = ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


def make_session(settings: DeploySettings) -> boto3.session.Session:
    profile = settings.profile or None  # None: AWS_PROFILE or the environment
    return boto3.session.Session(profile_name=profile, region_name=settings.region)


def s3_client(session, settings: DeploySettings):
    options = {
        "max_pool_connections": settings.workers + 4,
        "retries": {"mode": "standard", "max_attempts": 5},
    }
    if settings.endpoint_url:
        # Custom endpoints (R2, MinIO, a local server) rarely resolve
        # virtual-host bucket names; path-style works everywhere.
        options["s3"] = {"addressing_style": "path"}
    return session.client("s3", endpoint_url=settings.endpoint_url, config=Config(**options))


def cloudfront_client(session, settings: DeploySettings):
    return session.client("cloudfront", endpoint_url=settings.cloudfront_endpoint_url)


def credential_source(session) -> str:
    """How boto3 found credentials ("env", "shared-credentials-file", ...), never what."""
    credentials = session.get_credentials()
    return credentials.method if credentials else "none found"


class Redactor:
    """Replaces every known secret in a text by `***`."""

    def __init__(self, session=None, environ=os.environ):
        secrets = {environ.get(name, "") for name in SECRET_VARIABLES}
        secrets.add(environ.get("AWS_ACCESS_KEY_ID", ""))
        if session is not None:
            credentials = session.get_credentials()
            if credentials is not None:
                frozen = credentials.get_frozen_credentials()
                secrets |= {frozen.access_key, frozen.secret_key, frozen.token or ""}
        # Short values would blank out ordinary words.
        self.secrets = sorted((s for s in secrets if s and len(s) >= 8), key=len, reverse=True)

    def clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text
