"""Where to deploy and how: command-line flags, then DEPLOY_* environment
variables, then an optional TOML settings file, then defaults.

Credentials are deliberately not settings: boto3 finds them in the
environment or an AWS profile (see credentials.py), so they never sit in a
file of the repository or in a command line that CI logs.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DeployError

ROOT = Path(__file__).resolve().parents[2]

# setting: its environment variable. The settings file uses the setting names.
ENVIRONMENT = {
    "bucket": "DEPLOY_BUCKET",
    "prefix": "DEPLOY_PREFIX",
    "state_prefix": "DEPLOY_STATE_PREFIX",
    "endpoint_url": "DEPLOY_ENDPOINT_URL",
    "region": "DEPLOY_REGION",
    "profile": "DEPLOY_PROFILE",
    "output": "DEPLOY_OUTPUT",
    "smoke_url": "DEPLOY_SMOKE_URL",
    "cloudfront_distribution_id": "DEPLOY_CLOUDFRONT_DISTRIBUTION_ID",
    "cloudfront_endpoint_url": "DEPLOY_CLOUDFRONT_ENDPOINT_URL",
    "invalidation_wait": "DEPLOY_INVALIDATION_WAIT",
    "workers": "DEPLOY_WORKERS",
}
CREDENTIAL_WORDS = ("secret", "access_key", "password", "token", "credential")
PHASES = ("backup", "assets", "pages", "manifest", "delete")


@dataclass(frozen=True)
class DeploySettings:
    bucket: str
    prefix: str = ""
    state_prefix: str | None = None  # default: <prefix>_deploy/
    endpoint_url: str | None = None
    region: str | None = None
    profile: str | None = None
    output: Path = ROOT / "output"
    smoke_url: str | None = None
    cloudfront_distribution_id: str | None = None
    cloudfront_endpoint_url: str | None = None
    invalidation_wait: int = 600  # seconds to wait for CloudFront before the smoke check
    workers: int = 16
    # This run only.
    dry_run: bool = False
    allow_mass_delete: bool = False
    rescan: bool = False
    skip_smoke_check: bool = False
    verbose: bool = False
    urls_file: Path | None = None
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    stop_after: str | None = None  # test hook: stop after this phase, exit 3


def load_settings(args, environ=os.environ) -> DeploySettings:
    """`args` is argparse's namespace; its None values fall through."""
    config_path = args.config or environ.get("DEPLOY_CONFIG")
    values = read_settings_file(Path(config_path)) if config_path else {}
    for name, variable in ENVIRONMENT.items():
        if environ.get(variable):
            values[name] = environ[variable]
    for name in ENVIRONMENT:
        if getattr(args, name, None) is not None:
            values[name] = getattr(args, name)
    if not values.get("bucket"):
        raise DeployError(
            "no bucket: set DEPLOY_BUCKET (or --bucket, or `bucket` in the settings file)"
        )
    values = typed(values)
    check_state_prefix(values.get("prefix", ""), values.get("state_prefix"))
    return DeploySettings(
        **values,
        dry_run=args.dry_run,
        allow_mass_delete=args.allow_mass_delete,
        rescan=args.rescan,
        skip_smoke_check=args.skip_smoke_check,
        verbose=args.verbose,
        urls_file=Path(args.urls_file) if args.urls_file else None,
        now=parse_now(args.now or environ.get("DEPLOY_NOW")),
        stop_after=stop_phase(environ.get("DEPLOY_STOP_AFTER")),
    )


def read_settings_file(path: Path) -> dict:
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DeployError(f"{path}: cannot read the settings file: {error}") from None
    for name in values:
        if any(word in name.lower() for word in CREDENTIAL_WORDS):
            raise DeployError(
                f"{path}: {name}: credentials are never read from a settings file; "
                "use the environment (AWS_ACCESS_KEY_ID, ...) or an AWS profile"
            )
        if name not in ENVIRONMENT:
            known = ", ".join(ENVIRONMENT)
            raise DeployError(f"{path}: {name}: unknown setting (known: {known})")
    return values


def typed(values: dict) -> dict:
    """Values from the environment are strings: give each its field's type."""
    result = {}
    for name, value in values.items():
        if name in ("workers", "invalidation_wait"):
            result[name] = whole_number(name, value)
        elif name == "output":
            result[name] = Path(value)
        elif name in ("prefix", "state_prefix"):
            result[name] = normalise_prefix(str(value))
        else:
            result[name] = str(value)
    return result


def check_state_prefix(prefix: str, state_prefix: str | None) -> None:
    """The records may not sit among the site's files, nor the site among them."""
    if not state_prefix or state_prefix == prefix + "_deploy/":
        return
    if state_prefix.startswith(prefix) or prefix.startswith(state_prefix):
        raise DeployError(
            f"DEPLOY_STATE_PREFIX={state_prefix!r} overlaps DEPLOY_PREFIX={prefix!r}: "
            "choose a folder outside the site's, or leave it unset"
        )


def whole_number(name: str, value) -> int:
    try:
        number = int(value)
    except ValueError:
        raise DeployError(f"{name}: {value!r} is not a whole number") from None
    if number < 0 or (name == "workers" and number == 0):
        raise DeployError(f"{name}: {value!r} is out of range")
    return number


def normalise_prefix(prefix: str) -> str:
    """`site`, `/site/` and `site/` all mean the folder `site/`; empty is the root."""
    prefix = prefix.strip("/")
    return f"{prefix}/" if prefix else ""


def parse_now(text: str | None) -> dt.datetime:
    """The deploy's clock (when superseded assets expire); injectable for tests."""
    if not text:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise DeployError(f"DEPLOY_NOW={text!r}: expected an ISO 8601 date and time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def stop_phase(text: str | None) -> str | None:
    if text and text not in PHASES:
        raise DeployError(f"DEPLOY_STOP_AFTER={text!r}: expected one of {', '.join(PHASES)}")
    return text or None
