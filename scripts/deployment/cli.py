"""The two commands, `deploy` and `rollback`, and what they print.

Exit status: 0 done, 1 refused or failed (nothing changed unless said), 3
stopped on purpose (DEPLOY_STOP_AFTER), 4 deployed but the smoke check failed.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from . import cdn, report
from .build import load_build, shown
from .credentials import Redactor, cloudfront_client, credential_source, make_session, s3_client
from .errors import DeployError
from .execute import Deployment
from .plan import make_plan
from .remote import Layout, read_current, read_previous, unfinished
from .rollback import plan_rollback, run_rollback
from .settings import DeploySettings, load_settings
from .smoke import pages_to_check, smoke_check
from .storage import Bucket


def say(line: str) -> None:
    print(line, flush=True)  # flushed: a killed deploy's log still shows its last phase


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deploy", description="Deploy the publish build in output/ to object storage."
    )
    parser.add_argument("command", nargs="?", choices=("deploy", "rollback"), default="deploy")
    where = parser.add_argument_group("where (else DEPLOY_* variables, else --config)")
    for flag in (
        "bucket",
        "prefix",
        "state-prefix",
        "endpoint-url",
        "region",
        "profile",
        "output",
        "smoke-url",
        "cloudfront-distribution-id",
        "workers",
    ):
        where.add_argument(f"--{flag}", dest=flag.replace("-", "_"))
    where.add_argument("--config", help="TOML settings file (DEPLOY_CONFIG)")
    run = parser.add_argument_group("this run")
    run.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    run.add_argument(
        "--allow-mass-delete",
        action="store_true",
        help="allow deleting more than 10%% of the objects",
    )
    run.add_argument(
        "--rescan",
        action="store_true",
        help="compare with the bucket's listing, not the deploy record",
    )
    run.add_argument("--skip-smoke-check", action="store_true")
    run.add_argument("--verbose", action="store_true", help="list every path and URL")
    run.add_argument("--urls-file", help="also write the changed URLs to this file")
    run.add_argument("--now", help="the deploy's clock, ISO 8601 (DEPLOY_NOW); for tests")
    return parser


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    redactor = Redactor()
    try:
        settings = load_settings(args)
        session = make_session(settings)
        redactor = Redactor(session)
        command = rollback if args.command == "rollback" else deploy
        return command(settings, session)
    except DeployError as error:
        return fail(redactor, str(error), error.exit_code)
    except NoCredentialsError:
        return fail(
            redactor,
            "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
            "in the environment, or AWS_PROFILE / DEPLOY_PROFILE",
        )
    except ClientError as error:
        details = error.response.get("Error", {})
        return fail(
            redactor, f"{error.operation_name}: {details.get('Code')}: {details.get('Message', '')}"
        )
    except BotoCoreError as error:
        return fail(redactor, f"{type(error).__name__}: {error}")
    except KeyboardInterrupt:
        return fail(redactor, "interrupted; run the same command again to finish", 130)
    except Exception:
        return fail(redactor, traceback.format_exc())


def fail(redactor: Redactor, message: str, code: int = 1) -> int:
    print(redactor.clean(f"deploy: {message}"), file=sys.stderr, flush=True)
    return code


def deploy(settings: DeploySettings, session) -> int:
    began = time.monotonic()
    local = load_build(settings.output, settings.workers)  # before touching the bucket
    say(
        f"Build: {shown(settings.output)}, {len(local.files)} files, built {local.built_at} "
        f"for {local.site_url}"
    )
    bucket, layout = connect(settings, session)
    remote, record, pending, left = read_bucket(bucket, layout, local, settings)
    plan = make_plan(local, remote, settings.now, record=record, redo_deletions=left == "deletions")
    for line in report.plan_lines(plan, settings.verbose):
        say(line)
    plan.check_delete_guard(settings.allow_mass_delete)
    changed = cdn.changed_paths(plan.uploads, plan.deletions)
    if settings.dry_run:
        say(f"Dry run: nothing was changed ({len(changed)} URLs would be invalidated).")
        return 0
    if plan.changes_nothing and remote.source == "manifest" and not pending:
        # No new deploy record either: `make rollback` still undoes the last real change.
        say("Nothing to deploy: the bucket already serves this build.")
        check_site(settings, local.site_url, pages_to_check([], remote.files), remote.files)
        return 0
    resume = pending if left == "deploy" else None
    state = Deployment(bucket, layout, settings, say).run(plan, local, record, resume)
    after_change(settings, session, local.site_url, changed, state.deploy_id)
    check_site(settings, local.site_url, pages_to_check(plan.uploads, state.files), state.files)
    say(
        f"Deployed {state.deploy_id}: {len(plan.uploads)} uploads, {len(plan.deletions)} "
        f"deletions in {time.monotonic() - began:.1f} s"
    )
    return 0


def read_bucket(bucket: Bucket, layout: Layout, local, settings: DeploySettings):
    """What the bucket holds, the record of the last finished deploy (the
    same, unless a run died midway), pending.json, and what a dead run left."""
    wanted = {path: file.size for path, file in local.files.items()}
    remote = read_current(
        bucket, layout, rescan=settings.rescan, wanted=wanted, workers=settings.workers
    )
    record, pending = remote, bucket.get_json(layout.pending)
    left = unfinished(pending, remote)
    if left in ("deploy", "rollback") and not settings.rescan:
        # The run changed objects but never wrote its record: ask the objects.
        remote = read_current(bucket, layout, rescan=True, wanted=wanted, workers=settings.workers)
    say(report.remote_line(remote, left, pending))
    return remote, record, pending, left


def rollback(settings: DeploySettings, session) -> int:
    bucket, layout = connect(settings, session)
    current = read_current(bucket, layout, rescan=False, wanted={}, workers=settings.workers)
    if current.source != "manifest":
        raise DeployError(f"nothing to roll back: no {layout.current} in the bucket")
    pending = bucket.get_json(layout.pending)
    plan = plan_rollback(current, read_previous(bucket, layout), pending, settings.now)
    for line in report.rollback_lines(plan, settings.verbose):
        say(line)
    plan.check_delete_guard(settings.allow_mass_delete)
    if settings.dry_run:
        say("Dry run: nothing was changed.")
        return 0
    run_rollback(plan, current, bucket, layout, settings.workers, settings.now, say)
    site_url = plan.state.site_url or current.site_url
    changed = cdn.changed_paths(plan.restored, plan.removals)
    after_change(settings, session, site_url, changed, f"rollback-{plan.deploy_id}")
    check_site(
        settings, site_url, pages_to_check(plan.restored, plan.state.files), plan.state.files
    )
    say(f"Rolled back deploy {plan.deploy_id}: the bucket serves deploy {plan.state.deploy_id}")
    return 0


def connect(settings: DeploySettings, session) -> tuple[Bucket, Layout]:
    bucket = Bucket(s3_client(session, settings), settings.bucket)
    endpoint = settings.endpoint_url or "AWS S3"
    say(
        f"Target: s3://{settings.bucket}/{settings.prefix} at {endpoint} "
        f"(credentials: {credential_source(session)})"
    )
    bucket.check_access()
    return bucket, Layout(settings.prefix, settings.state_prefix)


def after_change(
    settings: DeploySettings, session, site_url: str, changed: list[str], reference: str
) -> None:
    """Print the changed URLs, and invalidate them when CloudFront is configured."""
    urls = [cdn.public_url(site_url, path) for path in changed]
    for line in report.url_lines(urls, settings.verbose):
        say(line)
    if settings.urls_file:
        settings.urls_file.write_text("".join(f"{url}\n" for url in urls), encoding="utf-8")
    if not (settings.cloudfront_distribution_id and changed):
        return
    client = cloudfront_client(session, settings)
    paths = cdn.invalidation_paths(site_url, changed)
    ids = cdn.invalidate(client, settings.cloudfront_distribution_id, paths, reference)
    say(f"CloudFront: {len(paths)} paths invalidated ({', '.join(ids)})")
    if settings.invalidation_wait and not settings.skip_smoke_check:
        done = cdn.wait_for(
            client, settings.cloudfront_distribution_id, ids, settings.invalidation_wait
        )
        say(
            "CloudFront: invalidation complete"
            if done
            else f"CloudFront: invalidation still running after {settings.invalidation_wait} s"
        )


def check_site(
    settings: DeploySettings, site_url: str, paths: list[str], served: dict[str, dict]
) -> None:
    if settings.skip_smoke_check:
        say("Smoke check: skipped (--skip-smoke-check)")
        return
    base = settings.smoke_url or site_url
    say(f"Smoke check: {base}")
    for line in smoke_check(base, paths, served):
        say(line)
